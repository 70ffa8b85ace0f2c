"""Clean a spoken or typed command before parsing: fillers, punctuation, common ASR slips.

Case is preserved (titles and names are kept as said); every rule is case-insensitive.
Each rewrite that guesses at a mis-heard word is counted so confidence can drop a little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 2000

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": ", ", "…": "."})

# Fillers anywhere in the sentence (never meaningful in a command).
_FILLERS_ANYWHERE = re.compile(
    r"(?:^|(?<=[\s,.;]))(?:um+|uh+|erm*|hmm+|ah+|you know|i mean),?(?=[\s,.;]|$)", re.I
)
_PLEASE = re.compile(r",?\s*\bplease\b,?", re.I)

# ASR slips: (pattern, replacement). Applied in order; each hit lowers confidence slightly.
_ASR_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Creator marketing channel" -> "create a marketing channel"
    (re.compile(r"\bcreator\b(?=(?:\s+[\w'-]+){0,3}\s+(?:channel|task|subtask)s?\b)", re.I), "create a"),
    (
        re.compile(r"\bcreate\s+(?:an?\s+)?free\s+(?=(?:\w+\s+){0,2}(?:tasks|channels|subtasks)\b)", re.I),
        "create three ",
    ),
    (
        re.compile(
            r"\b(create|make|add|set up|open)\s+(?:to|too)\s+(?=(?:new\s+)?(?:tasks|channels|subtasks)\b)",
            re.I,
        ),
        r"\1 two ",
    ),
    (re.compile(r"\bfree\s+(?=(?:new\s+)?(?:tasks|subtasks)\b)", re.I), "three "),
    # "Ad Sera" -> "add Sera" at the start of a clause
    (re.compile(r"(^|[,.;:]\s*|\band\s+|\balso\s+|\bthen\s+)ad\b(?!-)", re.I), r"\1add"),
    (re.compile(r"\ba sign\b", re.I), "assign"),
    (re.compile(r"\bsign\s+(?=(?:it|them|that|this)\s+to\b)", re.I), "assign "),
    # "do Friday", "do next Friday" -> "due ..."
    (
        re.compile(
            r"\bdo(?=\s+(?:(?:by|on|next|this|the|end|in)\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday|today|tomorrow|tonight|next|end|\d{1,2}(?:st|nd|rd|th)\b|in\s+\w+\s+(?:days?|weeks?)))",
            re.I,
        ),
        "due",
    ),
    (re.compile(r"\bdo\s+date\b", re.I), "due date"),
    # "assign it two Sarah" / "push it two the 15th"
    (re.compile(r"\btwo\s+(?=(?:the|this|that|my|our|him|her|them|it)\b)", re.I), "to "),
    (re.compile(r"\bto\s+(?=(?:new\s+)?(?:tasks|channels|subtasks)\s*:)", re.I), "two "),
)

_PLAIN_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "I'd like a new task for Elena …" / "we need a sales channel …" -> "create a …"
    (
        re.compile(
            r"(^|[.;!?]\s+)(?:(?:so|okay|ok|um|uh)[,\s]+)*(?:i'd like|i would like|i want|i need|we need|let's have|"
            r"let's get|give me|get me|there should be|can we have|can we get|can i have|can i get)\s+"
            r"(?=(?:a|an|another|one|two|three|four|five|\d+)\s+(?:[\w'-]+\s+){0,4}?(?:channel|tasks?|subtasks?)\b)",
            re.I,
        ),
        r"\1create ",
    ),
    (re.compile(r"\b([ap])\.m\.", re.I), r"\1m"),
    (re.compile(r"\bhigh-priority\b", re.I), "high priority"),
    (re.compile(r"\blow-priority\b", re.I), "low priority"),
    (re.compile(r"\bset-up\b", re.I), "set up"),
    (re.compile(r"\bto-dos?\b", re.I), "tasks"),
    # a remark after the request adds nothing: "archive it, we're done with it" / ", thanks"
    (
        re.compile(
            r",\s*(?:(?:we're|we\s+are|i'm|i\s+am)\s+(?:all\s+)?(?:done|finished|through)\s+with\s+(?:it|that|this|them)|"
            r"(?:thanks|thank\s+you|cheers)(?:\s+(?:so\s+much|a\s+lot))?|that's\s+(?:all|it))\s*(?=[.!?]|$)",
            re.I,
        ),
        "",
    ),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?=\S)"), r"\1 "),
)


@dataclass(frozen=True)
class Normalized:
    text: str
    asr_fixes: int


def normalize(raw: str) -> Normalized:
    """Return the command with fillers dropped, quotes unified and known ASR slips fixed."""
    text = raw.translate(_QUOTES)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _WS.sub(" ", text).strip()
    for pattern, repl in _PLAIN_FIXES:
        text = pattern.sub(repl, text)
    text = _FILLERS_ANYWHERE.sub(" ", text)
    text = _PLEASE.sub(" ", text)
    fixes = 0
    for pattern, repl in _ASR_FIXES:
        text, n = pattern.subn(repl, text)
        fixes += n
    text = _WS.sub(" ", text).strip(" ,")
    return Normalized(text=text, asr_fixes=fixes)


# Words that may open a clause without adding meaning ("okay so", "can you", "let's").
_LEADING = re.compile(
    r"^(?:(?:first|firstly|second|next|finally|lastly),\s*|"
    r"(?:and|also|then|so|okay|ok|alright|all right|right|well|now|hey|oh|just|after that|plus|"
    r"and then|and also|can you|could you|would you|will you|can we|could we|shall we|why don't we|why don't you|"
    r"we should|we'll|we will|you can|"
    r"i want you to|i'd like you to|i would like you to|i need you to|i want to|i'd like to|"
    r"i would like to|i need to|we need to|let's|lets|let us|go ahead and|make sure to|please|kindly|"
    r"voicedesk|computer)\b[,\s]*)+",
    re.I,
)
_ACTUALLY = re.compile(r"^(?:actually|instead|no wait|wait|sorry|oops)\b[,\s]*", re.I)


def strip_leading(clause: str) -> tuple[str, bool]:
    """Drop opening fillers; report whether the clause corrects the previous one ("actually")."""
    corrected = False
    while True:
        before = clause
        clause = _LEADING.sub("", clause)
        m = _ACTUALLY.match(clause)
        if m:
            corrected = True
            clause = clause[m.end() :]
        if clause == before:
            return clause.strip(" ,"), corrected
