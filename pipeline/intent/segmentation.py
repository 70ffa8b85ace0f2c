"""Other ways to punctuate a command, for when the marks as given do not read.

A recogniser puts commas and periods where the speaker paused, not where clauses end:
"Create three tasks. Budget review due Friday, …", "… by Wednesday. Urgent.", or no marks at
all: "called Enterprise Deals add Lisa Mike and Sarah". The parser reads the text as given
first; only when that plan is unsure (words not understood, a name that swallowed a person or a
date, a question the rest of the sentence answers) does it try these re-punctuations, in order,
and keep the first that reads completely (`parser.parse`).

Each alternative changes marks only, never words, except `due_for_to` (the recogniser's "to
Friday" for "due Friday" after a task's title).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime

from pipeline.intent.clauses import VERB
from pipeline.intent.dates import find_dates

# A mark between two words (not inside a number such as 4.30 or 10,000).
_MID_STOP = re.compile(r"(?<=[\w'\")])\s*[.;!?]+\s+(?=\S)")
_MID_COMMA = re.compile(r"(?<=[\w'\")]),\s+(?=\S)")
_QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")
# Words after which a command verb is its object or part of a phrase, not the start of a clause.
_NOT_BEFORE_VERB = {
    "to", "and", "or", "then", "also", "a", "an", "the", "will", "can", "could", "should", "would", "must",
    "please", "not", "don't", "to,", "i", "we", "you", "let's", "lets", "let", "just", "only", "and,", "that",
    "who", "which", "it", "we'll", "i'll", "you'll", "also,", "so", "will,", "need", "needs", "called", "named",
}
_VERB_WORD = re.compile(rf"^(?:{VERB})$", re.I)
_ANY_NOW = datetime(2026, 1, 7, 12, 0)  # only the spans of date phrases matter here
_TO_DATE = re.compile(
    r"(?<=\w)\s+to\s+(?=(?:(?:next|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tomorrow|today|tonight|end\s+of)\b)",
    re.I,
)
_MOVE_VERB = re.compile(
    r"\b(?:move|moved|push|pushed|shift|change|changed|postpone|delay|bump|reschedule|extend|bring|pull|set|"
    r"from|moves|go|goes|slip|slips)\b",
    re.I,
)


def _outside_quotes(text: str, edit: Callable[[str], str]) -> str:
    """Apply `edit` to the text between quoted messages, never inside them."""
    out, last = [], 0
    for m in _QUOTED.finditer(text):
        out += [edit(text[last : m.start()]), m.group(0)]
        last = m.end()
    out.append(edit(text[last:]))
    return "".join(out)


def stops_as_commas(text: str) -> str:
    """ "Create three tasks. Budget review due Friday." -> "Create three tasks, budget review due Friday." """
    return _outside_quotes(text, lambda t: _MID_STOP.sub(", ", t))


def commas_as_stops(text: str) -> str:
    """ "…, add Lisa" -> "…. add Lisa": every comma a clause end (list items are read apart again)."""
    return _outside_quotes(text, lambda t: _MID_COMMA.sub(". ", t))


def verb_breaks(text: str) -> str:
    """A full stop before every command verb that follows a word without a mark: "Deals add Lisa"."""

    def edit(t: str) -> str:
        words = t.split(" ")
        out: list[str] = []
        for i, word in enumerate(words):
            prev = out[-1] if out else ""
            if (
                i > 0
                and _VERB_WORD.match(word)
                and prev
                and prev[-1].isalnum()
                and prev.lower() not in _NOT_BEFORE_VERB
                and not _VERB_WORD.match(prev)  # "mark update website copy as done": a title that starts with a verb
                and i + 1 < len(words)
            ):
                out[-1] = prev + "."
            out.append(word)
        return " ".join(out)

    return _outside_quotes(text, edit)


def date_breaks(text: str) -> str:
    """A comma after a date phrase that runs into the next words: "due Friday campaign brief due …"."""

    def edit(t: str) -> str:
        cuts = [span.end for span in find_dates(t, _ANY_NOW)]
        for end in reversed(cuts):
            after = t[end:]
            if re.match(r"\s+(?!(?:and|at|or|to|in|for|with|by|from|until|till)\b)[A-Za-z]", after):
                t = t[:end] + "," + after
        return t

    return _outside_quotes(text, edit)


def due_for_to(text: str) -> str:
    """ "Budget review to Friday" (a list item) -> "Budget review due Friday"; not "move X to Friday"."""

    def edit(t: str) -> str:
        out, last = [], 0
        for m in _TO_DATE.finditer(t):
            clause_start = max(t.rfind(",", 0, m.start()), t.rfind(".", 0, m.start()), t.rfind(":", 0, m.start()))
            if _MOVE_VERB.search(t[clause_start + 1 : m.start()]):
                continue
            out += [t[last : m.start()], " due "]
            last = m.end()
        out.append(t[last:])
        return "".join(out)

    return _outside_quotes(text, edit)


def strip_marks(text: str) -> str:
    return _outside_quotes(text, lambda t: re.sub(r"(?<=[\w'\")])\s*[,.;:!?]+(?=\s+\S)", "", t))


_CONTINUES = re.compile(
    r"(?<=[\w'\")])\s*[,.;!?]+\s+(?=(?:depends?|blocks?|is\s+blocked|are\s+blocked|waits?|needs?\s+to\s+wait|comes?\s+after|"
    r"comes?\s+before|can't\s+start|cannot\s+start|is\s+due|are\s+due|goes\s+to|should\s+go\s+to)\b)",
    re.I,
)


def continuations(text: str) -> str:
    """ "the website copy. depends on the designer hire" -> one clause: a mark before the verb that needs a subject."""
    return _outside_quotes(text, lambda t: _CONTINUES.sub(" ", t))


_PIPELINES: tuple[tuple[Callable[[str], str], ...], ...] = (
    (stops_as_commas,),
    (commas_as_stops,),
    (due_for_to,),
    (due_for_to, stops_as_commas),
    (verb_breaks,),
    (date_breaks,),
    (verb_breaks, date_breaks),
    (stops_as_commas, verb_breaks, date_breaks),
    (strip_marks, verb_breaks, date_breaks),
    (due_for_to, stops_as_commas, date_breaks),
    (continuations,),
    (continuations, verb_breaks, date_breaks),
)


_ANY_MARK = re.compile(r"(?<=[\w'\")])\s*[,.;!?]\s+(?=\S)")
_COLON_TRIES = 3


def colons(text: str) -> Iterator[str]:
    """ "Create three tasks. Order badges. Book caterer." -> "Create three tasks: Order badges, Book caterer."

    One of the first marks becomes the colon a list or a message needed, the full stops after it commas.
    """
    if ":" in text:
        return
    for m in list(_ANY_MARK.finditer(text))[:_COLON_TRIES]:
        head, tail = text[: m.start()], text[m.end() :]
        yield head + ": " + tail  # only this mark was meant as a colon
        yield stops_as_commas(head) + ": " + stops_as_commas(tail)


def alternatives(text: str) -> Iterator[str]:
    """Re-punctuations of `text`, most faithful first, each different from the text and the others."""
    seen = {text}
    for steps in _PIPELINES:
        alt = text
        for step in steps:
            alt = step(alt)
        if alt not in seen:
            seen.add(alt)
            yield alt
    for alt in colons(text):
        if alt not in seen:
            seen.add(alt)
            yield alt
