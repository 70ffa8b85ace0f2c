"""Clauses that create tasks: one, a counted list ("three tasks: a due X, b due Y and c"), a subtask.

Shared modifiers before the colon ("two tasks for Tom due Friday: …") apply to every item;
each item may carry its own due date, priority and assignee.
"""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from executor.plan import (
    CreateTask,
    EntityRef,
    Priority,
)
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, ask, fail
from pipeline.intent.clauses import Clause
from pipeline.intent.dates import find_dates, remove_spans
from pipeline.intent.estimates import QUANTITY, split_estimate
from pipeline.intent.numbers import NUMBER_WORDS, to_int
from pipeline.intent.references import is_task_pronoun
from pipeline.intent.slots import (
    clean_title,
    priority_word,
    take_assignees,
    take_due,
    take_location,
    take_priority,
)

_CREATE = re.compile(
    r"^(?:(?:create|make|add|set\s+up|setup|open|start|new|put\s+in|put|spin\s+up|log|write\s+up)\s+)?"
    rf"(?:(?P<n>{NUMBER_WORDS})\s+|(?:these|the\s+following|some|a\s+few|a\s+couple\s+of)\s+(?=tasks))?"
    r"(?:new\s+|more\s+|separate\s+|quick\s+)?"
    r"(?:(?P<pre>urgent|high[\s-]priority|low[\s-]priority|important)\s+)?"
    r"(?P<kind>tasks?|subtasks?|sub-tasks?)\b(?:\s+in\b(?=\s*(?:for|to|called|named|:|,|$))|"
    r"\s+on\s+the\s+(?:board|list)\b)?(?P<rest>.*)$",
    re.I,
)
# "a task to collect receipts and another (one) to file the report": a second task in the same breath
_ANOTHER = re.compile(
    r"\s*,?\s*(?:and\s+|then\s+|plus\s+)*(?:another(?:\s+(?:one|task))?|one\s+more(?:\s+task)?|a\s+second(?:\s+one|\s+task)?|"
    r"(?<=and\s)one)"
    r"\s+(?=to\b|called\b|named\b|for\b|:)",
    re.I,
)
_UNDER = re.compile(r"^(?:under|beneath|below|inside|within|for)\s+(?P<t>.+)$", re.I)
_UNDER_INLINE = re.compile(
    r"(?:,\s*)?\b(?:under|beneath|below)\s+(?P<t>[^,;:]+?)(?=\s*(?:[,;:]|\bto\b|$))", re.I
)
_SUBTASK_OF = re.compile(
    r"^\s*(?:of|for|on|to)\s+(?P<t>[^,:]+?)\s*(?::|,|\bcalled\b|\bnamed\b)\s*(?P<rest>.+)$", re.I
)


def read_under(text: str, b: PlanBuilder) -> bool:
    """ "Under the migration plan, …": the parent for the subtask that follows."""
    m = _UNDER.match(text)
    if not m or entities.CATEGORY_RE.fullmatch(m["t"].strip()):
        return False
    if text.lower().startswith("for") and entities.looks_like_people(m["t"], b):
        return False  # "for David." after a new task names its assignee, not a parent
    b.pending_parent = entities.task(m["t"], b)
    return True


# "add a 16 hour task there for Tom to …", "create a two-day subtask called …": the size is the estimate
_SIZED = re.compile(
    rf"^(?P<lead>(?:create|make|add|set\s+up|open|put\s+in|log)\s+)?an?\s+(?P<q>{QUANTITY})[\s-]+(?P<kind>(?:sub-?)?task)\b"
    r"(?P<rest>.*)$",
    re.I,
)


# "…, 16 hours" set off by a comma in a new task: its size (never words of the title)
_BARE_SIZE = re.compile(rf",\s*(?P<q>{QUANTITY})\s*(?=,|$)", re.I)


def read_create(text: str, clause: Clause, b: PlanBuilder) -> bool:
    sized = _SIZED.match(text)
    if sized:
        text = f"{sized['lead'] or ''}a {sized['kind']}{sized['rest']}, estimated at {sized['q']}"
    m = _CREATE.match(text)
    if not m:
        return False
    if m["n"] and m["n"].lower() == "both":
        return False  # "make both tasks due Friday" is about tasks that exist
    kind = m["kind"].lower().replace("-", "")
    rest = m["rest"]
    count = to_int(m["n"]) if m["n"] else None
    subtask = kind.startswith("sub")
    parent: EntityRef | None = b.pending_parent
    b.pending_parent = None
    shared_priority = _pre_priority(m["pre"])
    if subtask and parent is None:
        sm = _SUBTASK_OF.match(rest)
        if sm and entities.find_task(sm["t"], b) is not None:
            parent, rest = entities.task(sm["t"], b), sm["rest"]
    um = _UNDER_INLINE.search(rest)
    if um:
        said, extra = um["t"], ""
        whose = re.match(r"^(?P<h>.+?)\s+for\s+(?P<who>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)$", said, re.I)
        if whose and entities.looks_like_people(whose["who"], b) and (
            entities.find_task(whose["h"], b) is not None or is_task_pronoun(whose["h"])
        ):
            said, extra = whose["h"], f" for {whose['who']}"  # "a subtask under X for Lisa to …": Lisa's, not part of X
        parent = entities.task(said, b)
        rest = (rest[: um.start()] + extra + " " + rest[um.end() :]).strip()
        subtask = True
    if subtask and parent is None:
        parent = entities.task("it", b)
    plural = kind.endswith("s") or (count or 1) > 1
    if plural:
        return _create_many(_colon_after_place(rest, b), count, parent, shared_priority, b)
    pieces = _ANOTHER.split(_colon_after_place(rest, b))  # "new task in website redesign write the audit for lisa"
    made: list[EntityRef] = []
    location: EntityRef | None = None
    for piece in pieces:
        piece, here = take_location(piece, b)
        location = here or location
        made.append(_create_one(piece, parent, location, shared_priority, b))
    b.focus_tasks(made)
    return True


def _colon_after_place(rest: str, b: PlanBuilder) -> str:
    """ "two tasks in Website Redesign shoot the photos and edit the video" (spoken, no colon): the list starts
    after the channel's whole name."""
    m = re.match(r"^\s*(?:in|for|to|into)\s+(?:the\s+)?(?P<after>.+)$", rest, re.I)
    if m is None or ":" in rest or b.language != "en":
        return rest  # (Spanish is said again in English by spanish.py, with its own marks)
    names = [c.name for c in b.ctx.channels] + [n.action.name for n in b.new_channels]
    after = m["after"]
    for name in sorted(names, key=len, reverse=True):
        said = re.match(rf"^{re.escape(name)}(?:\s+channel)?\s+(?P<list>\w.*)$", after, re.I)
        if said and not re.match(r"^(?:due|by|for|called|named|and|with|on|at|to|channel|one|a|an)\b", said["list"], re.I):
            return f" in {name}: {said['list']}"
    return rest


def _pre_priority(word: str | None) -> Priority | None:
    if not word:
        return None
    w = word.lower()
    return "high" if w == "important" else priority_word(w.split()[0])


def _create_one(
    text: str,
    parent: EntityRef | None,
    location: EntityRef | None,
    priority: Priority | None,
    b: PlanBuilder,
    *,
    due_default: datetime | None = None,
    assignees: list[UUID] | None = None,
) -> EntityRef:
    text, hours = split_estimate(text)  # "…, should take about two days": hours of work, not the title
    bare = _BARE_SIZE.search(text)
    if hours is None and bare:
        text, hours = split_estimate(f"{text[: bare.start()]}, estimated at {bare['q']}{text[bare.end():]}")
    lead = re.match(r"^\s*for\s+(?P<who>[A-Za-z][\w'-]*)\s+(?!to\b|and\b|due\b|by\b)(?=[a-z]+\s+\w)", text)
    if lead and entities.person_or_none(lead["who"], b) is not None:
        text = f"for {lead['who']} to {text[lead.end() :]}"  # "task for david fix the login bug": his task
    needs = _SOMEONE_NEEDS_TO.match(text)
    if needs and entities.person_or_none(needs["who"], b) is not None:
        text = f"for {needs['who']} to {text[needs.end() :]}"  # "a task: Sarah needs to draft the plan": her task
    whose = re.match(r"^\s*for\s+[A-Za-z][\w'-]*\s+to\s+", text)
    if whose:  # "Sarah should own the creative brief": hers, called "creative brief"
        text = text[: whose.end()] + _OWNING.sub("", text[whose.end() :])
    named = bool(_NAMED.match(text))
    pronoun = _FOR_PRONOUN_TO.match(text)
    if pronoun and not named:  # "add Elena, create a task for her to draft the agreement": Elena's task
        if not b.people:
            raise ask(f"Who do you mean by '{pronoun['p']}'?", [], said=pronoun["p"])
        assignees = [*(assignees or []), *b.people]
        text = text[pronoun.end() :]
    owner = _FOR_SOMEONE_TO.match(text)
    if owner and not named and entities.person_or_none(owner["who"], b) is None and owner["who"][0].isupper():
        # "a task for Kevin to fix the printer": Kevin is meant as a person, and nobody is called that
        raise fail("unknown_person", f"No one called '{owner['who']}' in the organisation", name=owner["who"])
    if not named:
        text = _loose_modifiers(text, b)
    spans = find_dates(text, b.ctx.now)
    if named and spans and _MOVE_TO.search(text[: spans[-1].start]):
        due = None  # "a task called move the demo to Friday": the date is part of the title
    else:
        if spans and _DUE_WORD.search(text[: spans[-1].start]) and len(text[spans[-1].end :].split()) >= 3:
            # "print brochures due next Thursday make booking the flights block …": a clause ran on
            b.penalize(COUNT_PENALTY, f"not understood: {text[spans[-1].end :].strip()}")
        text, due = take_due(text, b)
        if due is not None and not named and _LOOSE_TO.search(text):
            text = _LOOSE_TO.sub("", text)  # "budget review to Friday": the recogniser's "to" for "due"
            b.penalize(0.05, "'to' before the due date")
    text, prio = take_priority(text)
    text, who = take_assignees(text, b)
    title = clean_title(text)
    if not title or _ONLY_OWNING.match(title):  # "a task for Tom to handle": whose, but not what
        raise ask("What should the task be called?", [], said=text)
    if named:
        b.named.add(title)  # "a task called send the deck to Sarah": the speaker said where the title is
    channel = location or _parent_channel(parent, b) or _implicit(b)
    if channel is None and b.ctx.conversation.last_failed and b.ctx.channels:
        # the command before (which was to make its channel, perhaps) did nothing: ask where it goes
        raise ask(f"Which channel should '{clean_title(text) or 'the task'}' go in?", [c.name for c in b.ctx.channels[:5]],
                  reason="after_failed_command")
    action = b.add(
        CreateTask(
            id="",
            title=title,
            channel=channel,
            parent_task=parent,
            priority=prio or priority or "medium",
            due_date=due or due_default,
            assignees=list(dict.fromkeys([*(assignees or []), *who])),
            estimated_hours=hours,
            summary="",
        )
    )
    ref = b.new_tasks[-1].ref
    action.summary = f"Create task '{title}'" + (f" in {b.channel_name(channel)}" if channel else "")
    return ref


_FOR_LEAD = re.compile(r"^\s*for\s+(?P<who>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)\s*[,:]?\s+(?=\S)", re.I)
_HERE_LEAD = re.compile(r"^\s*(?:in\s+)?(?:here|there)\s*[,:]\s*", re.I)
_PLACE_LEAD = re.compile(r"^\s*(?:in|to|into|for|on)\s+(?:the\s+)?[^,:;]+?\s+channel\b\s*,?\s*", re.I)
_SOMEONE_NEEDS_TO = re.compile(
    r"^\s*(?:[:,-]\s*)?(?P<who>[A-Z][\w'-]*)\s+(?:needs|has|will\s+need|is\s+going|should|must|will|is\s+to)\s+(?:to\s+)?(?=[a-z])"
)
# what only says whose a task is ("Sarah should own the creative brief"): not words of its title
_OWNING_VERBS = (r"own|handle|take\s+care\s+of|take\s+charge\s+of|take\s+on|take\s+over|look\s+after|"
                 r"be\s+(?:responsible\s+for|in\s+charge\s+of|the\s+owner\s+of)")
_OWNING = re.compile(rf"^(?:{_OWNING_VERBS})\s+(?:the\s+)?(?=\w)", re.I)
_ONLY_OWNING = re.compile(rf"^(?:{_OWNING_VERBS})$", re.I)
_FOR_PRONOUN_TO = re.compile(r"^\s*for\s+(?P<p>her|him|them)\s+to\s+(?=\w)", re.I)
_FOR_SOMEONE_TO = re.compile(r"^\s*for\s+(?P<who>[A-Za-z][\w'-]*)\s+to\s+\w", re.I)
_NAMED = re.compile(r"^\s*(?:called|named|titled)\b|^\s*[\"']", re.I)
_MOVE_TO = re.compile(r"\b(?:to|until|till|from)\s*$", re.I)
_DUE_WORD = re.compile(r"\b(?:due|by)\s*$", re.I)
_LOOSE_TO = re.compile(r"\s+to\s*$", re.I)


_ASSIGN_LEAD = re.compile(r"^(?:and\s+)?(?:assign(?:ed)?(?:\s+(?:it|this))?(?:\s+to)?|give\s+it\s+to|owner:?|for)\s+", re.I)
_OWNS_IT = re.compile(r"\s+(?:owns|has|takes|handles|leads|runs|will\s+(?:own|take|handle|do)|is\s+on)\s+(?:it|this|that)$",
                     re.I)
_BARE_PRIORITY = re.compile(r"^(?:and\s+)?(?:high|low|medium|normal|top)$", re.I)


def _loose_modifiers(text: str, b: PlanBuilder) -> str:
    """ "chase the invoices, Priya, by Friday, urgent" / "confirm the hotel block, Lisa, Friday, high":
    trailing comma pieces that are only a person, a date or a priority are said as such."""
    bracket = re.search(r"\s*\((?P<who>[^()]+)\)", text)
    if bracket and entities.looks_like_people(bracket["who"], b):  # "write alt text (Lisa)", "pack IT gear (David) due …"
        text = f"{text[: bracket.start()]} assigned to {bracket['who']}{text[bracket.end() :]}"
    pieces = re.split(r"\s*,\s*", text)
    extra: list[str] = []
    while len(pieces) > 1:
        piece = re.sub(r"^and\s+", "", pieces[-1].strip(), flags=re.I)
        who = _OWNS_IT.sub("", _ASSIGN_LEAD.sub("", piece))
        if not piece:
            pass
        elif _BARE_PRIORITY.match(piece):
            extra.append(piece.split()[-1] + " priority")
        elif who and entities.looks_like_people(who, b):
            extra.append("assigned to " + who)
        elif _only_modifiers(piece, b):
            extra.append(piece)
        else:
            break
        pieces.pop()
    if not extra:
        return text
    return ", ".join(pieces) + " " + " ".join(reversed(extra))


def _implicit(b: PlanBuilder) -> EntityRef | None:
    from pipeline.intent.references import implicit_channel

    return implicit_channel(b)


def _parent_channel(parent: EntityRef | None, b: PlanBuilder) -> EntityRef | None:
    if parent is None:
        return None
    new = b.new_task(parent)
    if new is not None:
        return new.channel
    found = b.ctx.task(parent) if isinstance(parent, UUID) else None
    return found.channel_id if found else None


def _create_many(
    rest: str, count: int | None, parent: EntityRef | None, priority: Priority | None, b: PlanBuilder
) -> bool:
    head, sep, items_text = rest.partition(":")
    if not sep:
        # "two tasks, book flights due Monday and print brochures …" or "three tasks due Friday"
        head, items_text = "", rest
        lead = re.match(r"^\s*(?:,|called|named|—|-)\s*", items_text)
        items_text = items_text[lead.end() :] if lead else items_text
        place = _PLACE_LEAD.match(items_text) or _HERE_LEAD.match(items_text)
        if place:  # "three tasks in the website redesign channel write the faq …", "these tasks here, a, b"
            head, items_text = place[0], items_text[place.end() :]
        lead = _FOR_LEAD.match(items_text)
        if lead and entities.looks_like_people(lead["who"], b):  # "three tasks for david order the servers, …"
            head, items_text = f"{head} for {lead['who']}", items_text[lead.end() :]
    head, location = take_location(head, b)
    head, shared_due = take_due(head, b)
    head, head_prio = take_priority(head)
    head, shared_who = take_assignees(head, b)
    left = clean_title(re.sub(r"\b(?:new|more|separate|each|all|both|please|also|and|too)\b", " ", head, flags=re.I))
    if left.strip(" ,.;:-"):
        # "three tasks to Q4 close all: …": words before the list that are no place, date or person
        b.penalize(COUNT_PENALTY, f"not understood: {left}")
    tail = re.search(
        r"(?:,\s*|\s+)(?:and\s+)?(?:all|each|both|all\s+of\s+them)\s+(?P<mod>.+)$", items_text, re.I
    )
    if tail and _only_modifiers(tail["mod"], b):
        items_text = items_text[: tail.start()]
        mod, due = take_due(tail["mod"], b)
        mod, prio = take_priority(mod)
        _, tail_who = take_assignees(mod, b)  # "…, all for Sarah"
        shared_due, head_prio = due or shared_due, prio or head_prio
        shared_who = list(dict.fromkeys([*shared_who, *tail_who]))
    items = _items(items_text, count, b)
    if not sep and items and (_only_modifiers(items_text, b) or (len(items) == 1 and count and count > 1)):
        items = []  # "three tasks due Friday": the titles were not said
    shared = [i for i in items if _only_modifiers(i, b)]
    if shared and len(shared) < len(items):
        # "a, b and c, all due Friday": the modifier-only piece applies to every task
        items = [i for i in items if i not in shared]
        for piece in shared:
            piece, due = take_due(piece, b)
            piece, prio = take_priority(piece)
            shared_due, head_prio = due or shared_due, prio or head_prio
    if not items:
        n = count or 2
        said = " " + clean_title(items_text) if clean_title(items_text) else ""
        raise ask(
            f"What should the {n} tasks{said} be called?",
            [],
            count=n,
            heard=items_text.strip() or None,
        )
    if count and len(items) != count:
        b.penalize(COUNT_PENALTY, f"said {count} tasks, heard {len(items)}")
    elif count is None and len(items) == 1 and not sep and _one_title_for_many(rest):
        b.penalize(COUNT_PENALTY, "asked for tasks, heard one")
    made = [
        _create_one(
            item,
            parent,
            location,
            head_prio or priority,
            b,
            due_default=shared_due,
            assignees=shared_who,
        )
        for item in items
    ]
    b.focus_tasks(made)
    return True


COUNT_PENALTY = 0.45  # "three tasks" and two titles: a title swallowed another, or one was missed


def _one_title_for_many(rest: str) -> bool:
    """ "create tasks write copy pick photos": plural, no count, no list marks - one title is a guess."""
    return not re.search(r"[,;]|\band\b|\by\b", rest)


def _only_modifiers(text: str, b: PlanBuilder) -> bool:
    """True when `text` holds no title, only a date, a priority or "for Tom"."""
    probe = remove_spans(text, find_dates(text, b.ctx.now))
    probe, _ = take_priority(probe)
    probe = re.sub(r"^\s*(?:all|each|both|every\s+one|all\s+of\s+them)\b", "", probe, flags=re.I)
    probe = re.sub(
        r"\b(?:for|to)\s+(\w+(?:\s+(?:and|&)\s+\w+)?)$",
        lambda m: "" if entities.looks_like_people(m[1], b) else m[0],
        probe.strip(),
    )
    return not clean_title(probe)


def _items(text: str, count: int | None, b: PlanBuilder) -> list[str]:
    """List items: split at commas, and at "and" too unless the commas already give the count.

    When neither gives the count, each item may end with its own date ("budget review due Friday
    campaign brief due next Monday and …", said without marks, or with a comma inside a title).
    """
    text = text.strip(" ,.")
    if not text:
        return []
    simple = _marked_items(text, count)
    if count is None or len(simple) == count:
        return simple
    dated = _dated_items(text, b)
    if len(dated) == count:
        return dated
    verbs = _verb_items(text)
    return verbs if len(verbs) == count else simple


def _verb_items(text: str) -> list[str]:
    """ "draft the contract review the contract and sign the contract": each item starts with its verb."""
    marked = _TASK_VERB.sub(lambda m: ". " + m[1], text)
    items = [p for p in re.split(r"\.\s+|\s*[,;]\s*|\s+and\s+", marked) if p.strip()]
    # every item a verb and its object ("write the faq"); "budget | review campaign | brief" is no list
    return items if all(len(i.split()) >= 2 for i in items) else []


# Verbs a to-do item usually starts with; a list said without marks is cut before them (only when
# that gives exactly the number of tasks said).
_TASK_VERB = re.compile(
    r"(?<=[a-z0-9])\s+(?<!\bto\s)(?<!\band\s)(?<!\bthe\s)(?<!\ba\s)"
    r"(write|draft|review|sign|send|book|order|call|email|prepare|prep|plan|schedule|update|fix|check|buy|hire|print|"
    r"ship|rent|pick|compress|test|deploy|build|design|clean|organi[sz]e|finali[sz]e|approve|file|collect|confirm|"
    r"reserve|publish|post|submit|renew|audit|analy[sz]e|research|interview|train|migrate|upgrade|install|translate|"
    r"record|edit|proofread|reconcile|pay|invoice|chase|follow|set|share|create|make|find|get|run|host|invite|"
    r"arrange|draw|refresh|rotate|scan|back|move|cancel|close|open|launch|announce|brief|assemble|pack|deliver)\b",
    re.I,
)


def _dated_items(text: str, b: PlanBuilder) -> list[str]:
    """Items that each end with a due date: cut after every date phrase that has words after it."""
    items, start = [], 0
    for span in find_dates(text, b.ctx.now):
        items.append(text[start : span.end])
        start = span.end
    items.append(text[start:])
    cleaned = [re.sub(r"^[\s,;.]*(?:and\s+|y\s+)?|[\s,;.]+$", "", i) for i in items]
    # what is left of a mark inside an item was a pause inside a title: "Budget, Review due Friday"
    cleaned = [re.sub(r"\s*[,;]\s*", " ", i) for i in cleaned]
    return [i for i in cleaned if i]


def _marked_items(text: str, count: int | None) -> list[str]:
    by_comma = [p for p in re.split(r"\s*[,;]\s*(?:and\s+)?", text) if p.strip()]
    if count is not None and len(by_comma) == count:
        return by_comma
    by_and = [x for p in by_comma for x in re.split(r"\s+(?:and|y)\s+(?:then\s+)?", p) if x.strip()]
    if count is None or len(by_and) == count:
        return by_and
    return by_and if abs(len(by_and) - count) < abs(len(by_comma) - count) else by_comma
