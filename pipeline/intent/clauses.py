"""Split a command into clauses, one request each.

Sentences split at . ! ? ; and inside a sentence at commas, "and", "also", "then" - but a
piece only starts a new clause when it opens with a command verb ("add", "share", …), a
count of tasks ("three tasks due Friday") or states a relation ("budget review blocks the
others"). Everything else (more names, list items) stays with the clause before it. A
message ("post … that …") keeps the rest of its sentence; "create three tasks: …" keeps its
three items even if one starts with a verb.

A sentence that only asks for N tasks ("Create three tasks." / "create 3 tasks in the
roadshow channel.") is joined to the next sentence when that one is a plain list of exactly
N items and not a request of its own - dictation often puts a full stop where a colon was
meant. "once A is done, start B" stays one clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from pipeline.intent.dates import find_dates, remove_spans
from pipeline.intent.normalize import strip_leading
from pipeline.intent.numbers import NUMBER_WORDS, to_int

MAX_CLAUSES = 40

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_SEPARATOR = re.compile(
    r"(\s*,\s*(?:and\s+then|and\s+also|and|then|also|plus|so)?\s+|\s+(?:and\s+then|and\s+also|and|then|also|plus|so|y|luego)\s+)",
    re.I,
)
VERB = (
    r"create|make|start|open|set\s+up|setup|spin\s+up|build|new|add|put|invite|include|bring|assign|reassign|"
    r"give|hand|post|send|tell|message|announce|notify|let|mark|close|complete|finish|finalize|wrap\s+up|"
    r"push|move|change|extend|delay|postpone|bump|pull|set|update|remind|schedule|pause|archive|resume|"
    r"reactivate|unpause|unarchive|restore|reopen|link|connect|rename|share|attach|upload|remove|drop|take|"
    r"unassign|kick|cancel|lower|raise|prioriti[sz]e|deprioriti[sz]e|under|escalate|flag|change|keep|ping|file|estimate"
)
_VERB_START = re.compile(rf"^(?:only\s+|just\s+)?(?:{VERB})\b", re.I)
_COUNT_START = re.compile(rf"^(?:{NUMBER_WORDS})\s+(?:new\s+|more\s+)?(?:tasks?|subtasks?)\b", re.I)
RELATION = re.compile(
    r"\b(?:blocks?|blocked\s+by|is\s+blocking|depends?\s+on|dependent\s+on|follows?|comes?\s+after|"
    r"requires?|needs?\s+to\s+wait\s+for|needs?(?=\s+.+?\s+(?:(?:to\s+be\s+)?(?:done|finished|completed)\s+)?first\b)|waits?\s+(?:on|for)|must\s+(?:be\s+done|happen|finish|come)\s+before|"
    r"has\s+to\s+(?:be\s+done|happen|finish)\s+before|before|after|in\s+parallel|alongside|concurrently|"
    r"at\s+the\s+same\s+time(?:\s+as)?|side\s+by\s+side|until|till|once|as\s+soon\s+as|in\s+parallel)\b",
    re.I,
)
_STATE = re.compile(
    r"\b(?:is|are|'s)\s+(?:now\s+|already\s+)?(?:done|complete|completed|finished|urgent|blocked|"
    r"in\s+progress|in\s+review|ready\s+for\s+review|cancel(?:l)?ed|high\s+priority|low\s+priority|"
    r"due\b|overdue|on\s+hold|paused|archived|(?:for|on)\s+[\w'-]+$)",
    re.I,
)
_MESSAGE = re.compile(
    r"^(?:post|send|tell|message|announce|notify|let|write)\b.*?(?:\bthat\b|\bsaying\b|\bsay\b|:|\"|\bknow\b)",
    re.I,
)
# What ends a message even inside its sentence: "… saying the shoot moved and remind Lisa on Monday to …"
_MESSAGE_BREAK = re.compile(
    r"^(?:(?i:remind)\s+(?:(?i:me)|[A-Z][\w'-]*)\s+(?i:on|to|in|at|tomorrow|next|about|this)\b|"
    r"(?i:set\s+a\s+reminder|create\s+(?:a|an|two|three|\d+)\s+(?:new\s+)?tasks?|add\s+a\s+task|"
    r"share\s+the|assign\s+(?:it|the)|give\s+[\w'-]+\s+(?:a|an|the|another)\s+(?:new\s+)?(?:sub)?task|"
    r"(?:create|make|add)\s+(?:a|an)\s+(?:new\s+)?(?:sub)?task\s+(?:for|to|in|called|named))\b)"
)
# the verbs that make tasks (as `task_clauses` reads them): "put three tasks in there: a, b and file the report"
_LIST_VERBS = r"create|make|add|set\s+up|setup|open|start|new|put\s+in|put|spin\s+up|log|write\s+up"
_TASK_LIST = re.compile(
    rf"^(?:(?:{_LIST_VERBS})\s+)?(?:(?P<n>{NUMBER_WORDS})\s+)?(?:new\s+|more\s+)?"
    r"(?:tasks|subtasks)\b(?P<rest>.*)$",
    re.I,
)


# "In Q4 Planning add two tasks: …": the place said before the request
_PLACE_FIRST = re.compile(rf"^(?:in|over\s+in|inside|within)\s+[^,:;]+?,?\s+(?=(?:{_LIST_VERBS})\s)", re.I)

_SUBORDINATE = re.compile(r"^(?:once(?!\s+(?:more|again)\b)|as\s+soon\s+as|when|after|before|until)\b", re.I)


_PARALLEL_PAIR = re.compile(
    r"^[^,;]+?\s+and\s+[^,;]+?\s+(?:(?:can|could|should|will|may)\s+)?(?:be\s+done\s+|run\s+|happen\s+|go\s+|proceed\s+)?"
    r"(?:in\s+parallel|at\s+the\s+same\s+time|concurrently|side\s+by\s+side)$",
    re.I,
)
# "remove the dependency between draft the memo and send the memo": one request, whatever verbs its names hold
_BETWEEN_PAIR = re.compile(
    r"^(?:remove|delete|drop|clear|cancel|get\s+rid\s+of|take\s+(?:away|out)|break)\s+(?:the\s+|la\s+)?"
    r"(?:dependency|dependence|dependencia|link|blocker)\s+(?:between|entre)\s+[^,;]+?\s+(?:and|y|e)\s+[^,;]+$",
    re.I,
)


@dataclass
class Clause:
    text: str
    corrects: bool = False  # opened with "actually"/"instead"
    end: str = "."  # how the sentence ended: "!" and "?" are kept in messages


# "…, share the pitch deck there", "link it to Leadership": a request about what was just made, not a list item
_REFERRING_REQUEST = re.compile(
    r"^(?:share|link|connect|post|send|tell|remind|add|invite|assign|archive|pause|rename|mark|move|push)\b.*"
    r"\b(?:it|there|here|this\s+channel|the\s+channel|them)\b",
    re.I,
)
_ASIDE_START = re.compile(r"^(?:we're|we\s+are|we've|he's|she's|they're|i'm|because|since|cause|as\s+we)\b", re.I)


_DETAIL_START = re.compile(r"^(?:description\s*(?:is|:)|(?:make|keep)\s+it\s+(?:private|public|restricted))", re.I)


# An item of a "subtasks: …" list that starts with a request verb but says nothing a request would need
# ("…, compare prices, and flag the auto-renewals"; "flag X as urgent", "move X to Friday" stay requests)
_TITLE_VERB_ITEM = re.compile(
    r"^(?:flag|update|schedule|build|file|set\s+up|finalize|finish|close|open|start|move|change|upload|attach|keep|pull)\s+"
    r"(?!(?:it|them|that|this|those|these|him|her)\b)(?!.*\b(?:as|to|at|in|into|under|with|that|from|off|out|on|back|by|until|"
    r"for|urgent|priority|done|complete|completed|blocked|private|public)\b)[\w'-]+(?:\s+[\w'-]+){0,5}[.!?;:,]?$",
    re.I,
)


def starts_clause(segment: str) -> bool:
    if _DETAIL_START.match(segment.strip()):
        return True  # "…, Description is the self-serve portal": a detail of its own
    if _ASIDE_START.match(segment.strip()):
        return True  # "scrap Hire a designer, we're not hiring this year": an aside of its own
    s, _ = strip_leading(segment)
    rel = RELATION.search(s)
    related = rel is not None and rel.start() > 0 and bool(s[rel.end() :].strip())
    return bool(_VERB_START.match(s) or _COUNT_START.match(s) or related or _STATE.search(s))


def _list_room(text: str) -> tuple[int, bool, bool] | None:
    """How many more items a "create N tasks: …" clause expects; whether N was said; whether a colon was."""
    s, _ = strip_leading(text)
    m = _TASK_LIST.match(_PLACE_FIRST.sub("", s))
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


_ANY_NOW = datetime(2026, 1, 7, 12, 0)  # only the spans of date phrases matter here
_OPEN_MODS = re.compile(
    r"\b(?:(?:in|to|for|on|into|inside|under)\s+(?:the\s+)?[^,]*?\s+channel|in\s+here|here|there|in\s+it|"
    r"(?:in|into|to|for)\s+(?:the\s+)?\S+(?:\s+\S+){0,3}$|"
    r"(?:urgent|high|low|medium)(?:\s+priority)?|for\s+[A-Z]\w+(?:\s+(?:and|&)\s+[A-Z]\w+)?|"
    r"each|all|both|please|new|called|named|as\s+follows|like\s+this)\b",
    re.I,
)


def _open_count(clause: str) -> int | None:
    """N when the clause asks for N tasks but names none ("Create three tasks in the roadshow channel")."""
    s, _ = strip_leading(clause.strip(" ,.;:!?"))
    m = _TASK_LIST.match(_PLACE_FIRST.sub("", s))
    if not m or not m["n"] or ":" in m["rest"]:
        return None
    n = to_int(m["n"])
    if n is None or n < 2:
        return None
    rest = m["rest"]
    probe = _OPEN_MODS.sub(" ", remove_spans(rest, find_dates(rest, _ANY_NOW)))
    return None if probe.strip(" ,.;-") else n


def _dated(text: str) -> bool:
    return bool(re.search(r"\b(?:due|by)\s+\S", text, re.I)) and bool(find_dates(text, _ANY_NOW))


def _lists_exactly(sentence: str, n: int) -> bool:
    """True when the sentence is a plain list of `n` items (titles), not a request of its own."""
    body = sentence.strip().rstrip(".!?;").strip()
    first = _SEPARATOR.split(body)[0]
    if not body or starts_clause(first) or _MESSAGE.match(strip_leading(first)[0]):
        return False
    by_comma: list[str] = []
    for piece in (p for p in re.split(r"\s*[,;]\s*(?:and\s+)?", body) if p.strip()):
        if by_comma and _ITEM_MODIFIER.match(piece):
            by_comma[-1] += ", " + piece  # "Campaign Brief, due next Monday": one item and its due date
        else:
            by_comma.append(piece)
    by_and = [x for p in by_comma for x in re.split(r"\s+(?:and|y)\s+", p) if x.strip()]
    return n in {len(by_comma), len(by_and)}


_ITEM_MODIFIER = re.compile(
    r"^(?:due|by|before|urgent|high|low|medium|(?:high|low|medium)\s+priority|for\s+[A-Z][\w-]*|assigned\s+to|"
    r"para\s+(?:el|la|mañana|hoy)|urgente|prioridad)\b",
    re.I,
)


_QUOTED_SPAN = re.compile(r"\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")


def _split_outside_quotes(text: str) -> list[str]:
    """Sentences; a full stop inside a quoted message ("'great job. everyone!'") does not end one."""
    spans = [(m.start(), m.end()) for m in _QUOTED_SPAN.finditer(text)]
    out, last = [], 0
    for m in _SENTENCE.finditer(text):
        if any(a < m.start() < z for a, z in spans):
            continue
        out.append(text[last : m.start()])
        last = m.end()
    out.append(text[last:])
    return out


_OPEN_LIST = re.compile(r"\btasks\s*:\s*[^:]+$", re.I)
_TITLELESS = re.compile(
    r"\b(?:add|create|make|new|put|open)\s+(?:a|an|one|another)\s+(?:new\s+)?(?:sub-?)?task"
    r"(?:\s+(?:under|in|to|for|into)\s+[^.,;:]{1,40}|\s+(?:here|there))?$",
    re.I,
)
_COUNTED = re.compile(rf"\b(?P<n>{NUMBER_WORDS})\s+(?:new\s+|more\s+)?tasks\b(?P<rest>[^.;!?]*)$", re.I)


_ITEM_SHAPE = re.compile(
    r"^(?!.*\b(?:to|into|in|from|with|that|about|off|out|as|it|them|him|her|this|channel)\b)[\w'-]+(?:\s+[\w'-]+){1,5}$", re.I
)


def _short_item(sentence: str) -> bool:
    """A few words that could be a title even if they start with a verb ("send the investor update"); only
    taken as an item where a counted list still waits for exactly that many sentences."""
    return bool(_ITEM_SHAPE.match(sentence.strip())) and not RELATION.search(sentence) and not _MESSAGE.match(sentence)


def _room_left(text: str) -> int:
    """How many items a "… three tasks, a due Monday" sentence still expects (0: none or not a list)."""
    m = _COUNTED.search(text.rstrip(" .!?;"))
    n = to_int(m["n"]) if m else None
    if not m or not n or n < 2:
        return 0
    rest = m["rest"].lstrip(" :,")
    items = len([p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", rest) if p.strip()]) if rest.strip() else 0
    return n - items if 0 < items < n else 0


def _sentences(text: str) -> list[str]:
    """Sentences, with "Create three tasks." joined to a next sentence that lists exactly three items."""
    out: list[str] = []
    sentences = [x for x in _split_outside_quotes(text) if x and x.strip(" .!?;,")]
    i = 0
    while i < len(sentences):
        sentence = sentences[i]
        if out:
            last = _SEPARATOR.split(out[-1].rstrip(" .!?;"))
            n = _open_count(last[-1]) if last else None
            if n is not None and _lists_exactly(sentence, n):
                out[-1] = out[-1].rstrip(" .!?;") + ": " + sentence
                i += 1
                continue
            room = _room_left(out[-1])
            if room and (_lists_exactly(sentence, room) or (room == 1 and _short_item(sentence.strip().rstrip(" .!?;")))):
                # "… create three tasks, write the brief due Monday. Design the ads …, and book the media …"
                out[-1] = out[-1].rstrip(" .!?;") + ", " + sentence
                i += 1
                continue
            if room > 1 and i + room <= len(sentences):
                items = [re.sub(r"^\s*(?:and|then|also)\s+", "", x.strip(), flags=re.I).rstrip(" .!?;") for x in sentences[i : i + room]]
                if all(_lists_exactly(x, 1) or _short_item(x) for x in items):
                    # "… three tasks, a due Monday. b due Wednesday. and c." / "three tasks: close the books. send the update."
                    out[-1] = out[-1].rstrip(" .!?;") + ", " + ", ".join(items) + "."
                    i += room
                    continue
            if _OPEN_LIST.search(out[-1]) and _lists_exactly(sentence.rstrip(" .!?;"), 1):
                # "tasks: pack IT gear due Dec 2. hire movers due Dec 4." - a list that ran over a full stop
                out[-1] = out[-1].rstrip(" .!?;") + ", " + sentence
                i += 1
                continue
            if _TITLELESS.search(out[-1].rstrip(" .!?;")) and not starts_clause(strip_leading(sentence)[0]) and (
                not _MESSAGE.match(strip_leading(sentence)[0])
            ):
                # "Then add a task. Pick a vendor. For David." / "And a subtask under it. Get three quotes."
                out[-1] = out[-1].rstrip(" .!?;") + ": " + sentence
                i += 1
                continue
            # "Create three tasks. Write the brief due Monday. Design the ads due Wednesday. And book the media."
            if n is not None and n > 1 and i + n <= len(sentences):
                items = [re.sub(r"^\s*(?:and|then|also)\s+", "", x.strip(), flags=re.I).rstrip(" .!?;") for x in sentences[i : i + n]]
                if all(_lists_exactly(x, 1) for x in items):
                    out[-1] = out[-1].rstrip(" .!?;") + ": " + ", ".join(items) + "."
                    i += n
                    continue
        out.append(sentence)
        i += 1
    return out


def split(text: str) -> list[Clause]:
    """The clauses of a normalized command, in order."""
    clauses: list[Clause] = []
    for sentence in _sentences(text):
        if _PARALLEL_PAIR.match(sentence.strip(" .!?;")) or _BETWEEN_PAIR.match(sentence.strip(" .!?;")):
            clauses.append(_make(sentence))  # "hire a designer and update the copy can happen at the same time"
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
            bare, corrects = strip_leading(seg)
            if corrects and not bare.strip(" ,.;!?") and (
                not message or (i + 2 < len(parts) and starts_clause(strip_leading(parts[i + 2])[0]))
            ):
                # (in a message too when a request follows: "remind Tom about X, no wait, remind Mike")
                # "…public, actually no, make it restricted": the bare "actually no" marks the next clause
                clauses.append(_make(current))
                clauses.append(_make(seg))
                current = None
                continue
            if _SUBORDINATE.match(strip_leading(current)[0]) and "," not in current and "," in sep:
                current = current + sep + seg  # "once the invoices are done, start the budget review"
                continue
            room = _list_room(current)
            plain_comma = not re.search(r"\b(?:and|then|also|plus|y|luego)\b", sep, re.I)
            breaks = (
                message
                and bool(re.search(r"\b(?:and|then|also)\b", sep, re.I))
                and bool(_MESSAGE_BREAK.match(strip_leading(seg)[0]))
            )
            refers = bool(_REFERRING_REQUEST.match(strip_leading(seg)[0]))
            keep = (message and not breaks) or (not refers and
                room is not None
                and room[0] > 0
                and (
                    (room[2] and (room[1] or plain_comma))
                    or not starts_clause(seg)
                    or (room[2] and bool(_TITLE_VERB_ITEM.match(strip_leading(seg)[0])))
                    # "two tasks … reconcile payroll due friday and close the books due end of month"
                    or (room[1] and _dated(seg) and _dated(current) and not RELATION.search(seg))
                )
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
    out: list[Clause] = []
    carry = False  # "Actually no, make it restricted": the bare "actually no" marks the next clause
    for c in clauses:
        if not c.text:
            carry = carry or c.corrects
            continue
        out.append(Clause(text=c.text, corrects=True, end=c.end) if carry and not c.corrects else c)
        carry = False
    return out[:MAX_CLAUSES]


_TRAILING_CORRECTION = re.compile(r",?\s+(?:instead|rather|then|now|please|after\s+all|actually)$", re.I)


def _make(text: str) -> Clause:
    stripped = text.rstrip(" ,.;")
    end = stripped[-1] if stripped.endswith(("!", "?")) else "."
    s, corrects = strip_leading(text.strip(" ,.;!?"))
    s = s.strip(" ,.;!?")
    trimmed = s if _MESSAGE.match(s) else _TRAILING_CORRECTION.sub("", s)  # a message keeps its last word ("… busy now")
    if trimmed != s:
        corrects = corrects or "instead" in s[len(trimmed) :].lower()
    return Clause(text=trimmed, corrects=corrects, end=end)
