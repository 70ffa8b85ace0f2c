"""How alike two names are, forgiving articles, word forms ("booking the flights" ~ "book flights") and typos."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "to",
        "for",
        "and",
        "our",
        "my",
        "your",
        "this",
        "that",
        "task",
        "tasks",
        "channel",
        "channels",
        "on",
        "in",
        "with",
        "de",
        "la",
        "el",
        "los",
        "las",
        "tarea",
        "canal",
    }
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def stem(word: str) -> str:
    """A crude English stem: flights->flight, booking->book, planning->plan, brochures->brochur."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "aeiouls":
                w = w[:-1]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def key(text: str) -> str:
    """Content words of a name, stemmed, in order: "Booking the flights" -> "book flight"."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return " ".join(stem(w) for w in words)


def similarity(query: str, name: str) -> float:
    """0-100: how well `query` names `name`.

    Words of the query that the name lacks cost much more than words of the name left
    unsaid ("roadshow" names "spring roadshow"; "general frobnicate" does not name "General").
    """
    q, n = key(query).split(), key(name).split()
    if not q or not n:
        return 0.0
    if q == n:
        return 100.0
    q_hit = sum(1.0 if w in n else _near(w, n) for w in q) / len(q)
    n_hit = sum(1.0 if w in q else _near(w, q) for w in n) / len(n)
    score = 100.0 * (0.7 * q_hit + 0.3 * n_hit)
    # a one-word typo of the whole name ("webside redesign")
    return max(score, float(fuzz.ratio(" ".join(q), " ".join(n))) - 8.0)


def _near(word: str, others: list[str]) -> float:
    best = max((fuzz.ratio(word, o) for o in others), default=0.0)
    return 0.9 if best >= 85 else 0.0
