"""Split a command into clauses, one request each.

Sentences split at . ! ? ; and inside a sentence at commas, "and", "also", "then" - but a
piece only starts a new clause when it opens with a command verb ("add", "share", …), a
count of tasks ("three tasks due Friday") or states a relation ("budget review blocks the
others"). Everything else (more names, list items) stays with the clause before it. A
message ("post … that …") keeps the rest of its sentence; "create three tasks: …" keeps its
three items even if one starts with a verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.intent.normalize import strip_leading
from pipeline.intent.numbers import NUMBER_WORDS, to_int

MAX_CLAUSES = 40

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_SEPARATOR = re.compile(
    r"(\s*,\s*(?:and\s+then|and\s+also|and|then|also|plus)?\s+|\s+(?:and\s+then|and\s+also|and|then|also|plus|y|luego)\s+)",
    re.I,
)
VERB = (
    r"create|make|start|open|set\s+up|setup|spin\s+up|build|new|add|put|invite|include|bring|assign|reassign|"
    r"give|hand|post|send|tell|message|announce|notify|let|mark|close|complete|finish|finalize|wrap\s+up|"
    r"push|move|change|extend|delay|postpone|bump|pull|set|update|remind|schedule|pause|archive|resume|"
    r"reactivate|unpause|unarchive|restore|reopen|link|connect|rename|share|attach|upload|remove|drop|take|"
    r"unassign|kick|cancel|lower|raise|prioriti[sz]e|deprioriti[sz]e|under|escalate|flag|change"
)
_VERB_START = re.compile(rf"^(?:only\s+|just\s+)?(?:{VERB})\b", re.I)
_COUNT_START = re.compile(rf"^(?:{NUMBER_WORDS})\s+(?:new\s+|more\s+)?(?:tasks?|subtasks?)\b", re.I)
RELATION = re.compile(
    r"\b(?:blocks?|blocked\s+by|is\s+blocking|depends?\s+on|dependent\s+on|follows?|comes?\s+after|"
    r"requires?|needs?\s+to\s+wait\s+for|waits?\s+(?:on|for)|must\s+(?:be\s+done|happen|finish|come)\s+before|"
    r"has\s+to\s+(?:be\s+done|happen|finish)\s+before|before|after|in\s+parallel|alongside|concurrently|"
    r"at\s+the\s+same\s+time\s+as)\b",
    re.I,
)
_STATE = re.compile(
    r"\b(?:is|are|'s)\s+(?:now\s+|already\s+)?(?:done|complete|completed|finished|urgent|blocked|"
    r"in\s+progress|in\s+review|ready\s+for\s+review|cancel(?:l)?ed|high\s+priority|low\s+priority|"
    r"due\b|overdue|on\s+hold|paused|archived)",
    re.I,
)
_MESSAGE = re.compile(
    r"^(?:post|send|tell|message|announce|notify|let|write)\b.*?(?:\bthat\b|\bsaying\b|\bsay\b|:|\"|\bknow\b)",
    re.I,
)
_TASK_LIST = re.compile(
    rf"^(?:(?:create|make|add|set\s+up|open|start|new)\s+)?(?:(?P<n>{NUMBER_WORDS})\s+)?(?:new\s+|more\s+)?"
    r"(?:tasks|subtasks)\b(?P<rest>.*)$",
    re.I,
)


@dataclass
class Clause:
    text: str
    corrects: bool = False  # opened with "actually"/"instead"
    end: str = "."  # how the sentence ended: "!" and "?" are kept in messages


def starts_clause(segment: str) -> bool:
    s, _ = strip_leading(segment)
    rel = RELATION.search(s)
    related = rel is not None and rel.start() > 0 and bool(s[rel.end() :].strip())
    return bool(_VERB_START.match(s) or _COUNT_START.match(s) or related or _STATE.search(s))


def _list_room(text: str) -> tuple[int, bool, bool] | None:
    """How many more items a "create N tasks: …" clause expects; whether N was said; whether a colon was."""
    s, _ = strip_leading(text)
    m = _TASK_LIST.match(s)
    if not m:
        return None
    rest = m["rest"].lstrip(" :,")
    n = to_int(m["n"]) if m["n"] else None
    if ":" not in m["rest"] and not n:
        return None
    items = len([p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", rest) if p.strip()]) if rest else 0
    colon = ":" in m["rest"]
    if n is None:
        return 1, False, colon  # "tasks: a, b and c" keeps going until a clear verb
    return max(0, n - items), True, colon


def split(text: str) -> list[Clause]:
    """The clauses of a normalized command, in order."""
    clauses: list[Clause] = []
    for sentence in _SENTENCE.split(text):
        if not sentence or not sentence.strip():
            continue
        parts = _SEPARATOR.split(sentence)
        current: str | None = None
        message = False
        for i in range(0, len(parts), 2):
            seg = parts[i]
            sep = parts[i - 1] if i > 0 else ""
            if current is None:
                current = seg
                message = bool(_MESSAGE.match(strip_leading(seg)[0]))
                continue
            room = _list_room(current)
            plain_comma = not re.search(r"\b(?:and|then|also|plus|y|luego)\b", sep, re.I)
            keep = message or (
                room is not None
                and room[0] > 0
                and ((room[2] and (room[1] or plain_comma)) or not starts_clause(seg))
            )
            if not keep and starts_clause(seg):
                clauses.append(_make(current))
                current = seg
                message = bool(_MESSAGE.match(strip_leading(seg)[0]))
            else:
                current = current + sep + seg
        if current is not None and current.strip():
            clauses.append(_make(current))
        if len(clauses) >= MAX_CLAUSES:
            break
    return [c for c in clauses if c.text][:MAX_CLAUSES]


_TRAILING_CORRECTION = re.compile(r",?\s+(?:instead|rather|then|now|please|after\s+all)$", re.I)


def _make(text: str) -> Clause:
    stripped = text.rstrip(" ,.;")
    end = stripped[-1] if stripped.endswith(("!", "?")) else "."
    s, corrects = strip_leading(text.strip(" ,.;!?"))
    s = s.strip(" ,.;!?")
    trimmed = _TRAILING_CORRECTION.sub("", s)
    if trimmed != s:
        corrects = corrects or "instead" in s[len(trimmed) :].lower()
    return Clause(text=trimmed, corrects=corrects, end=end)
