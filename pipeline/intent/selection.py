"""Tasks chosen by what they are, not by name: "all of Tom's open tasks", "everything due this week".

A bulk phrase is a quantifier ("all", "every", "each", "everything") followed only by filters
this module understands: whose ("Tom's", "assigned to Tom", "for Tom"), which state ("open",
"unfinished", "done", "overdue", "unassigned", "blocked", "in progress"), where ("in Brand Refresh",
"in this channel") and when ("due this week", "due today", "due before Friday", "due next week").
Any other word means the phrase is not a bulk phrase (None): the caller reads it as a name, so a
filter we do not understand never silently widens the selection. An empty result asks.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from uuid import UUID

from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, ask, fail
from pipeline.intent.context import TaskRef
from pipeline.intent.dates import find_dates

_QUANTIFIER = re.compile(
    r"^(?:all\s+(?:of\s+)?(?:the\s+)?|every\s+(?:one\s+of\s+)?(?:the\s+)?|each\s+(?:of\s+(?:the\s+)?)?|"
    r"everything\b\s*|anything\b\s*|(?P<n>both|the\s+(?:two|three|four|five))\s+(?:of\s+(?:the\s+)?)?)",
    re.I,
)
_MINE = re.compile(r"\b(?:my|mine|of\s+mine|assigned\s+to\s+me)\b", re.I)
_OWNER = re.compile(r"\b(?!(?:that|it|what|there|here|who|everything|everyone|one|let)'s)(?P<who>[A-Za-z][\w-]*)'s\b", re.I)
_ASSIGNED = re.compile(r"\b(?:assigned\s+to|owned\s+by|that\s+belong\s+to|for)\s+(?P<who>[A-Za-z][\w-]*)\b", re.I)
_HAS = re.compile(r"\b(?:that|which)\s+(?P<who>[A-Za-z][\w-]*)\s+(?:has|owns|is\s+on)\b", re.I)
_STATE: dict[str, str] = {
    "open": "open", "unfinished": "open", "remaining": "open", "pending": "open", "incomplete": "open",
    "outstanding": "open", "active": "open", "not done": "open",
    "done": "done", "completed": "done", "finished": "done", "closed": "done",
    "overdue": "overdue", "late": "overdue",
    "unassigned": "unassigned",
    "blocked": "blocked", "in progress": "in_progress", "in review": "in_review", "to do": "todo", "todo": "todo",
}
_STATE_RE = re.compile(r"\b(?:" + "|".join(sorted(_STATE, key=len, reverse=True)) + r")\b", re.I)
_WHERE = re.compile(r"\b(?:in|from|on|inside)\s+(?:the\s+)?(?P<ch>(?:this|that)\s+channel|here|[^,;]+?\s+channel|[^,;]+?)$",
                    re.I)
_DUE = re.compile(r"\b(?:(?:that\s+(?:are|is)\s+)?due|that\s+(?:are|is)\s+due)\s+(?P<when>.+?)(?=\s+(?:in|from|on)\s+|$)", re.I)
_FILLER = re.compile(r"\b(?:tasks?|items?|things?|ones?|stuff|that\s+are|that\s+is|that's|thats|which\s+are|which\s+is|"
                     r"currently|still|"
                     r"the|of|and)\b", re.I)
_EXCEPT = re.compile(r"\s*,?\s+(?:except(?:\s+for)?|but\s+not|but|other\s+than|apart\s+from|besides|minus|save\s+for)\s+"
                     r"(?P<x>.+)$", re.I)
_CLOSED = {"done", "cancelled"}
_COUNT = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}


def select(phrase: str, b: PlanBuilder) -> list[UUID] | None:
    """The tasks a bulk phrase means; None when `phrase` is not (only) a bulk phrase."""
    text = " ".join(phrase.strip(" ,.;:!?").split())
    q = _QUANTIFIER.match(text)
    if not q:
        return None
    rest = text[q.end() :]
    # "both roadshow tasks", "the three Q4 Close tasks": a count the selection must match, or we ask
    count = _COUNT.get(q["n"].lower().removeprefix("the").strip()) if q["n"] else None
    if count is not None and not re.search(r"\b(?:tasks|items|ones)\b", rest, re.I):
        return None  # "both Sarah and Mike": people, not a selection
    tasks = [t for t in b.ctx.tasks]
    filters = 0
    # "everything in Brand Refresh except the press release": the tasks named after "except" stay out
    but = _EXCEPT.search(rest)
    spared: list[UUID] = []
    if but:
        from pipeline.intent.entities import tasks as named_tasks

        spared = [r for r in named_tasks(but["x"], b) if isinstance(r, UUID)]
        if not spared:
            raise ask(f"Which tasks should '{but['x']}' leave out?", [], said=text, reason="except")
        head = (text[: q.end()] + rest[: but.start()]).strip()
        rest = rest[: but.start()]
    mine = _MINE.search(rest)
    if mine:  # "all my tasks": the speaker's
        tasks = [t for t in tasks if b.ctx.speaker.id in t.assignees]
        rest = rest[: mine.start()] + " " + rest[mine.end() :]
        filters += 1
    who = _OWNER.search(rest) or _ASSIGNED.search(rest) or _HAS.search(rest)
    if who:
        filters += 1
        person = entities.person_or_none(who["who"], b)
        if person is None:
            raise fail("unknown_person", f"No one called '{who['who']}' in the organisation", name=who["who"])
        tasks = [t for t in tasks if person in t.assignees]
        rest = rest[: who.start()] + " " + rest[who.end() :]
    due = _DUE.search(rest)
    if due:
        window = _window(due["when"], b)
        if window is None:
            return None
        start, end = window
        tasks = [t for t in tasks if t.due_date is not None and start <= t.due_date < end and t.status not in _CLOSED]
        rest = rest[: due.start()] + " " + rest[due.end() :]
        filters += 1
    where = _WHERE.search(rest.strip())
    if where and not _STATE_RE.fullmatch(where["ch"].strip()) and not _STATE_RE.search(where[0]):
        places = [where["ch"]]
        both = re.split(r"\s*(?:,\s*and|,|\band)\s+(?:in\s+)?(?:the\s+)?", where["ch"])
        if len(both) > 1 and not entities.names_channel(where["ch"], b) and all(entities.names_channel(c, b) for c in both):
            places = both  # "everything in Website Redesign and Q4 Planning"
        order: dict[object, int] = {ref: i for i, ref in enumerate(entities.channel(c, b) for c in places)}
        tasks = sorted((t for t in tasks if t.channel_id in order), key=lambda t: order[t.channel_id])
        rest = rest.strip()[: where.start()]
        filters += 1
    for state in _STATE_RE.findall(rest):
        tasks = [t for t in tasks if _has_state(t, _STATE[state.lower()], b.ctx.now)]
        filters += 1
    rest = _STATE_RE.sub(" ", rest)
    left = _FILLER.sub(" ", rest).strip(" ,")
    if left and (entities.clearly_channel(left, b) or (count is not None and entities.names_channel(left, b))):
        channel = entities.channel(left, b)  # "all the Brand Refresh tasks"
        tasks = [t for t in tasks if t.channel_id == channel]
        filters, left = filters + 1, ""
    if left:
        return None  # words we do not understand: not ours to widen
    if not filters and count is not None:
        return None  # "both tasks", "the three tasks": the ones just spoken of, a reference
    if not filters:
        # "everything", "all tasks": every task in the organisation is never what a sentence means
        raise ask(f"'{text}' would be every task you can see. Whose, which channel or due when?", [], said=text,
                  reason="too_broad")
    if not tasks:
        raise ask(f"No task you can see matches '{text}'. Which tasks do you mean?", [], said=text, reason="empty")
    if count is not None and len(tasks) != count:
        tasks = [t for t in tasks if t.status not in _CLOSED]  # "both roadshow tasks": the open ones, if that fits
    if count is not None and len(tasks) != count:
        raise ask(f"'{text}' matches {len(tasks)} tasks, not {count}. Which do you mean?",
                  [t.title for t in tasks[:6]], said=text, reason="count")
    if spared:
        outside = [r for r in spared if r not in {t.id for t in tasks}]
        if outside:
            raise ask(f"'{but['x'] if but else ''}' is not among '{head}'. Which tasks do you mean?", [t.title for t in tasks[:6]], said=text, reason="except")
        tasks = [t for t in tasks if t.id not in spared]
        if not tasks:
            raise ask(f"Nothing is left of '{text}'. Which tasks do you mean?", [], said=text, reason="empty")
    refs = [t.id for t in tasks]
    b.focus_tasks(list(refs))
    return refs


def _has_state(t: TaskRef, state: str, now: datetime) -> bool:
    if state == "open":
        return t.status not in _CLOSED
    if state == "done":
        return t.status == "done"
    if state == "overdue":
        return t.due_date is not None and t.due_date < now and t.status not in _CLOSED
    if state == "unassigned":
        return not t.assignees and t.status not in _CLOSED
    return t.status == state


def _window(when: str, b: PlanBuilder) -> tuple[datetime, datetime] | None:
    """ "this week" (to Sunday), "next week", "today", "before Friday", "by Friday", a day."""
    now = b.ctx.now
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    w = when.lower().strip()
    if w in {"this week", "by the end of the week", "by end of week", "before the weekend"}:
        return now - timedelta(days=3650), day + timedelta(days=7 - day.weekday())
    if w == "next week":
        monday = day + timedelta(days=7 - day.weekday())
        return monday, monday + timedelta(days=7)
    if w in {"today", "by today"}:
        return now - timedelta(days=3650), day + timedelta(days=1)
    m = re.match(r"^(?P<before>before|by|until)?\s*(?P<d>.+)$", w)
    spans = find_dates(m["d"], now) if m else []
    if not m or len(spans) != 1 or spans[0].end - spans[0].start < len(m["d"]) - 1:
        return None
    target = spans[0].resolve(now, b.ctx.now.timetz()).replace(hour=0, minute=0, second=0, microsecond=0)
    if m["before"]:
        return now - timedelta(days=3650), target + timedelta(days=1)
    return target, target + timedelta(days=1)
