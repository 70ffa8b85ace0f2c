"""Modifiers that can hang off many clauses: a due date, a priority, an assignee, "here"/"in X channel".

Each `take_*` finds its modifier, returns it and the text without it, so what remains of a
task clause is its title.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from uuid import UUID

from executor.plan import EntityRef, Priority
from pipeline.intent import entities
from pipeline.intent.builder import DUE_TIME, PlanBuilder, Unresolved, ask
from pipeline.intent.dates import DateSpan, find_dates, remove_spans

_PRIORITY = re.compile(
    r"(?:,\s*)?\b(?:(?:with|at|as|and\s+make\s+it|make\s+it)\s+)?(?:an?\s+)?(?:"
    r"(?P<a>urgent|high|low|medium|normal|critical|top)[\s-]+priority|"
    r"priority\s*(?:is\s+|of\s+|to\s+|:\s*)?(?P<b>urgent|high|low|medium|normal|critical)|"
    r"(?P<c>urgent|urgently|asap|critical|as soon as possible))\b",
    re.I,
)
_PRIORITY_WORD: dict[str, Priority] = {
    "urgent": "urgent",
    "urgently": "urgent",
    "asap": "urgent",
    "as soon as possible": "urgent",
    "critical": "urgent",
    "top": "urgent",
    "high": "high",
    "medium": "medium",
    "normal": "medium",
    "low": "low",
}
_HERE = re.compile(
    r"(?:,\s*)?\b(?:in\s+here|right\s+here|here|in\s+(?:this|that|the\s+same|the\s+new)\s+channel|"
    r"(?:in|to|into)\s+(?:it|there)|there)\b",
    re.I,
)
_IN_CHANNEL = re.compile(
    r"(?:,\s*)?\b(?:in|to|on|into|under|for|inside)\s+(?:the\s+)?(?P<ch>[^,;:]+?)\s+(?:channel|chanel)\b",
    re.I,
)
_IN_NAME = re.compile(
    r"(?:,\s*)?(?:^|(?<=\s))(?:in|into|inside|to)\s+(?:the\s+)?(?P<ch>[^,;:]+?)"
    r"(?=\s+(?:to|called|named|for|due|by|and)\b|\s*[,;:]|$)",
    re.I,
)
_MISHEARD_IN = re.compile(r"^\s*(?P<w>and|an|on|at|end)\s+(?:the\s+)?(?P<ch>[^,;:]+?)(?=\s+(?:to|called|named|for)\b)", re.I)
_STRONG_ASSIGNEE = re.compile(
    r"(?:,\s*)?\b(?:and\s+)?(?:assign(?:ed)?\s+(?:it\s+|this\s+)?(?:to|two)|owned\s+by|owner\s*:?|give\s+it\s+to)\s+"
    r"(?P<who>[^,;:]+?)(?=\s*(?:[,;:]|\bdue\b|\bby\b|\bon\b|\bin\b|\bto\b|\bunder\b|\burgent\b|\bwith\b|$))",
    re.I,
)
_FOR_WHO = re.compile(
    r"(?:,\s*)?\b(?:for|para)\s+(?P<who>[^,;:]+?)(?=\s*(?:[,;:]|\bdue\b|\bby\b|\bon\b|\bin\b|\bto\b|\bunder\b|"
    r"\burgent\b|\bwith\b|\bhigh\b|\blow\b|$))",
    re.I,
)


def take_dates(text: str, b: PlanBuilder) -> tuple[str, list[DateSpan]]:
    spans = find_dates(text, b.ctx.now)
    return (remove_spans(text, spans), spans) if spans else (text, [])


EXTRA_DATE_PENALTY = 0.45  # "… due next Monday and mender shortly due next Wednesday": which one?


def take_due(text: str, b: PlanBuilder, default_time: time = DUE_TIME) -> tuple[str, datetime | None]:
    """The due date said in `text` (the last one wins when several are said)."""
    rest, spans = take_dates(text, b)
    if not spans:
        return text, None
    for extra in spans[:-1]:
        b.penalize(EXTRA_DATE_PENALTY, f"two dates for one thing: '{extra.phrase}'")
    return rest, b.when(spans[-1], default_time)


def take_priority(text: str) -> tuple[str, Priority | None]:
    m = _PRIORITY.search(text)
    if not m:
        return text, None
    word = (m["a"] or m["b"] or m["c"] or "").lower()
    return _cut(text, m), _PRIORITY_WORD.get(word)


def priority_at(text: str) -> int:
    """Where a priority is said in `text` (-1 if none): details are done in the order they were said."""
    m = _PRIORITY.search(text)
    return m.start() if m else -1


def priority_word(word: str) -> Priority | None:
    return _PRIORITY_WORD.get(word.lower().strip())


def take_location(text: str, b: PlanBuilder) -> tuple[str, EntityRef | None]:
    """ "here", "in it", "in the roadshow channel" -> the channel meant.

    "to test the rollback in the platform migration channel": the channel phrase starts at the
    preposition nearest to "channel" (the title may hold "to"/"in"/"for" too); a longer phrase
    is tried only when the shorter one names no channel.
    """
    matches = _channel_phrases(text)
    if matches:
        first_error: Unresolved | None = None
        for m in matches:
            try:
                return _cut(text, m), entities.channel(m["ch"], b)
            except Unresolved as err:
                first_error = first_error or err
        assert first_error is not None
        raise first_error
    here = _HERE.search(text)
    if here:
        return _cut(text, here), entities.channel("here", b)
    misheard = _MISHEARD_IN.match(text)
    if misheard and entities.clearly_channel(misheard["ch"], b):
        # "create a task and Brand Refresh to update …": the recogniser's "and" for "in" before a channel's name
        b.penalize(0.1, f"read '{misheard['w']}' before '{misheard['ch']}' as 'in'")
        return _cut(text, misheard), entities.channel(misheard["ch"], b)
    named_list = list(_IN_NAME.finditer(text))
    for named in named_list:
        # "a task in Q4 close to file the 1099s": a channel's name without the word "channel"
        if entities.clearly_channel(named["ch"], b):
            return _cut(text, named), entities.channel(named["ch"], b)
    if named_list and _looks_like_a_channel_name(named_list[-1]["ch"], b):
        # "a task called peek to Leadership" by someone who cannot see Leadership: asking beats a task
        # titled "peek to Leadership"; the same question whether such a channel exists or not.
        name = named_list[-1]["ch"].strip()
        raise ask(f"There is no channel called '{name}' that you can see. Is 'to {name}' part of the title?",
                  [], said=name)
    return text, None


def _looks_like_a_channel_name(phrase: str, b: PlanBuilder) -> bool:
    """A trailing "to Leadership" / "in Narnia Board": every word capitalised, and not a person or a date."""
    words = phrase.split()
    if not words or len(words) > 4 or not all(w[0].isupper() for w in words):
        return False
    if find_dates(phrase, b.ctx.now) or entities.looks_like_people(phrase, b):
        return False
    return entities.person_or_none(phrase, b) is None


def _channel_phrases(text: str) -> list[re.Match[str]]:
    """Each "<preposition> [the] X channel" in `text`, shortest X first for each "channel"."""
    out: list[re.Match[str]] = []
    pos = 0
    while True:
        m = _IN_CHANNEL.search(text, pos)
        if m is None:
            return out
        group: list[re.Match[str]] = [m]
        inner = m.start() + 1
        while (n := _IN_CHANNEL.search(text, inner)) is not None and n.end() == m.end():
            group.append(n)
            inner = n.start() + 1
        out.extend(reversed(group))
        pos = m.end()


def take_assignees(text: str, b: PlanBuilder) -> tuple[str, list[UUID]]:
    """ "assigned to Sarah" (must resolve) or "for Tom" (only when it clearly names people)."""
    ids: list[UUID] = []
    m = _STRONG_ASSIGNEE.search(text)
    if m:
        ids.extend(entities.people(m["who"], b))
        text = _cut(text, m)
    # every "for", the last first: "quotes for the new laptops for mike" names Mike in its second
    starts = [f.start() for f in re.finditer(r"(?:,\s*)?\b(?:for|para)\b", text, re.I)]
    for m in reversed([m for m in (_FOR_WHO.match(text, i) for i in starts) if m]):
        who = m["who"]
        if entities.looks_like_people(who, b) and all(
            entities.person_or_none(n, b) for n in re.split(r"\s*(?:,|\band\b|&)\s*", who) if n
        ):
            ids = entities.people(who, b) + ids
            text = _cut(text, m)
            break
    return text, list(dict.fromkeys(ids))


def _cut(text: str, m: re.Match[str]) -> str:
    return " ".join((text[: m.start()] + " " + text[m.end() :]).split())


_TITLE_LEAD = re.compile(
    r"^(?:(?:called|named|titled|to|that\s+is|that|about|which\s+is|for|of)\b\s*|(?:there|here)\s+(?=\w+\s+\w)|[:\-—]\s*)+", re.I
)
_TITLE_TAIL = re.compile(r"(?:\s+(?:and|also|then|too|as\s+well|please|task))+$", re.I)


def clean_title(text: str) -> str:
    """ "to write the migration plan ," -> "write the migration plan" (case kept)."""
    t = text.strip(" ,.;:!?-")
    t = _TITLE_LEAD.sub("", t).strip(" ,.;:!?-")
    t = _TITLE_TAIL.sub("", t).strip(" ,.;:!?-")
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        t = t[1:-1].strip()
    return t[:300]
