"""Changes to tasks that exist (or were made earlier in this command): assign, status, priority, deadline.

A change to a task made earlier in the same command is folded into its CREATE_TASK
("create a task … and assign it to Priya" is one action with an assignee).
"""

from __future__ import annotations

import re
from uuid import UUID

from executor.plan import (
    AssignUser,
    ChannelStatus,
    EntityRef,
    Priority,
    SetDeadline,
    TaskStatus,
    UnassignUser,
    UpdateChannel,
    UpdateTask,
)
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder
from pipeline.intent.clauses import Clause
from pipeline.intent.references import is_channel_pronoun
from pipeline.intent.slots import priority_word, take_due, take_priority

_ASSIGN = re.compile(
    r"^(?:re)?(?:assign|give|hand(?:\s+over)?|delegate|pass)\s+(?P<a>.+?)\s+(?:to|two|too)\s+(?P<b>.+?)"
    r"(?P<mod>\s*,?\s+(?:too|as\s+well|also|instead|in\s+addition))?$",
    re.I,
)
_OWN = re.compile(
    r"^(?:(?:make|have|let)\s+(?P<who1>.+?)\s+(?:the\s+)?(?:owner|assignee|lead|responsible)\s+(?:of|on|for)\s+(?P<t1>.+)"
    r"|(?:have|let)\s+(?P<who2>.+?)\s+(?:own|take|handle|do|lead|work\s+on|take\s+over)\s+(?P<t2>.+)"
    r"|(?P<who3>.+?)\s+(?:should|will|can|must|is\s+going\s+to|needs\s+to)\s+(?:also\s+)?"
    r"(?:own|take|handle|do|lead|work\s+on|take\s+over)\s+(?P<t3>.+))$",
    re.I,
)
_GIVE_DOUBLE = re.compile(r"^(?:give|hand)\s+(?P<who>\w+(?:\s+(?:and|&)\s+\w+)?)\s+(?P<t>.+)$", re.I)


def read_assign(text: str, clause: Clause, b: PlanBuilder) -> bool:
    text, due = take_due(text, b)
    m = _ASSIGN.match(text)
    who: list[UUID]
    if m and entities.looks_like_people(m["b"], b):
        task_phrase, who = m["a"], entities.people(m["b"], b)
    elif m and entities.looks_like_people(m["a"], b):
        task_phrase, who = m["b"], entities.people(m["a"], b)
    elif m:
        # neither side is clearly a person: the name after "to" is, and it is unknown
        task_phrase, who = m["a"], entities.people(m["b"], b)
    else:
        g = _GIVE_DOUBLE.match(text)
        o = _OWN.match(text)
        if g and entities.looks_like_people(g["who"], b):
            task_phrase, who = g["t"], entities.people(g["who"], b)
        elif o and entities.looks_like_people(o["who1"] or o["who2"] or o["who3"], b):
            task_phrase = o["t1"] or o["t2"] or o["t3"]
            who = entities.people(o["who1"] or o["who2"] or o["who3"], b)
        else:
            return False
    instead = clause.corrects or bool(m and m["mod"] and "instead" in m["mod"].lower())
    for ref in entities.tasks(task_phrase, b):
        new = b.new_task(ref)
        if new is not None:
            new.assignees = who if instead else list(dict.fromkeys([*new.assignees, *who]))
            if due is not None:
                new.due_date = due
            continue
        if instead and isinstance(ref, UUID):
            old = b.ctx.task(ref)
            for uid in old.assignees if old else ():
                if uid not in who:
                    b.add(
                        UnassignUser(id="", task=ref, user_id=uid, summary=f"Unassign {b.person_name(uid)}")
                    )
        for uid in who:
            b.add(
                AssignUser(
                    id="",
                    task=ref,
                    user_id=uid,
                    summary=f"Assign {b.person_name(uid)} to '{b.task_title(ref)}'",
                )
            )
        if due is not None:
            b.add(
                SetDeadline(id="", task=ref, due_date=due, summary=f"Set due date of '{b.task_title(ref)}'")
            )
    return True


_STATUS_WORDS: dict[str, TaskStatus] = {
    "done": "completed",
    "complete": "completed",
    "completed": "completed",
    "finished": "completed",
    "closed": "completed",
    "in progress": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "blocked": "blocked",
    "stuck": "blocked",
    "on hold": "blocked",
    "review": "review",
    "in review": "review",
    "ready for review": "review",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "todo": "todo",
    "to do": "todo",
    "open": "todo",
    "not started": "todo",
}
_STATUS = "|".join(
    sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _STATUS_WORDS), key=len, reverse=True)
)
_MARK = re.compile(
    rf"^(?:mark|set|move|put|flag|change)\s+(?P<t>.+?)\s+(?:as\s+|to\s+|in(?:to)?\s+|status\s+to\s+)?(?:being\s+)?(?P<s>{_STATUS})$",
    re.I,
)
_VERB_STATUS = re.compile(
    r"^(?P<v>close\s+out|close|complete|finish(?:\s+up)?|finalize|wrap\s+up|cancel|call\s+off|drop|reopen|delete|remove|scrap|kill|"
    r"start\s+working\s+on|begin|kick\s+off|check\s+off|tick\s+off)\s+(?P<t>.+?)(?:\s+(?:out|off|up))?$",
    re.I,
)
_STATE = re.compile(rf"^(?P<t>.+?)\s+(?:is|are|'s)\s+(?:now\s+|already\s+)?(?P<s>{_STATUS})$", re.I)
_VERB_TO_STATUS: dict[str, TaskStatus] = {
    "close": "completed",
    "complete": "completed",
    "finish": "completed",
    "finalize": "completed",
    "wrap": "completed",
    "check": "completed",
    "tick": "completed",
    "cancel": "cancelled",
    "call": "cancelled",
    "drop": "cancelled",
    "reopen": "todo",
    "delete": "cancelled",
    "remove": "cancelled",
    "scrap": "cancelled",
    "kill": "cancelled",
    "start": "in_progress",
    "begin": "in_progress",
    "kick": "in_progress",
}


def read_status(text: str, clause: Clause, b: PlanBuilder) -> bool:
    status: TaskStatus | None = None
    m = _MARK.match(text) or _STATE.match(text)
    if m:
        phrase, status = m["t"], _STATUS_WORDS[" ".join(m["s"].lower().split())]
    else:
        v = _VERB_STATUS.match(text)
        if not v:
            return False
        phrase, status = v["t"], _VERB_TO_STATUS[v["v"].lower().split()[0]]
    if re.search(r"\bchannel\b", phrase, re.I) or (is_channel_pronoun(phrase) and b.last_kind == "channel"):
        ch = entities.channel(phrase, b)
        ch_status: dict[str, ChannelStatus] = {
            "completed": "completed",
            "cancelled": "archived",
            "todo": "active",
            "in_progress": "active",
        }
        new_status = ch_status.get(status, "paused")
        b.add(
            UpdateChannel(
                id="", channel=ch, status=new_status, summary=f"Set {b.channel_name(ch)} to {new_status}"
            )
        )
        return True
    for ref in entities.tasks(phrase, b):
        _update(ref, b, status=status)
    return True


def _update(
    ref: EntityRef, b: PlanBuilder, *, status: TaskStatus | None = None, priority: Priority | None = None
) -> None:
    new = b.new_task(ref)
    if new is not None and status is None and priority is not None:
        new.priority = priority
        return
    what = f"status {status}" if status else f"priority {priority}"
    b.add(
        UpdateTask(
            id="", task=ref, status=status, priority=priority, summary=f"Set '{b.task_title(ref)}' {what}"
        )
    )


_PRIO_LEVEL = r"(?P<p>urgent|high|low|medium|normal|critical|top|highest|lowest)"
_MAKE_PRIO = re.compile(
    rf"^(?:make|set|mark|bump|raise|lower|change|put|move|flag|drop|downgrade|upgrade)\s+(?P<t>.+?)(?:'s\s+priority|\s+priority)?"
    rf"\s+(?:(?:up\s+|down\s+)?to\s+|as\s+|at\s+|in\s+)?(?:an?\s+)?(?:the\s+)?{_PRIO_LEVEL}(?:\s+priority|\s+prio)?$",
    re.I,
)
_SET_PRIO = re.compile(
    rf"^(?:set|change|make|raise|lower|bump|put)\s+(?:the\s+)?priority\s+(?:of|on|for)\s+(?P<t>.+?)\s+(?:to|at|as)\s+{_PRIO_LEVEL}$",
    re.I,
)
_PRIO_STATE = re.compile(
    rf"^(?P<t>.+?)\s+(?:is|are|'s)\s+(?:now\s+)?(?:an?\s+)?{_PRIO_LEVEL}(?:\s+priority)?$", re.I
)
_PRIORITISE = re.compile(r"^(?P<v>prioriti[sz]e|escalate|deprioriti[sz]e)\s+(?P<t>.+)$", re.I)


def read_priority(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _SET_PRIO.match(text) or _MAKE_PRIO.match(text) or _PRIO_STATE.match(text)
    if m:
        word = m["p"].lower()
        level: Priority | None = priority_word({"highest": "urgent", "lowest": "low"}.get(word, word))
        phrase = m["t"]
    else:
        p = _PRIORITISE.match(text)
        if not p:
            return False
        level = (
            "low" if p["v"].lower().startswith("de") else "urgent" if p["v"].lower() == "escalate" else "high"
        )
        phrase = p["t"]
    if level is None:
        return False
    for ref in entities.tasks(phrase, b):
        _update(ref, b, priority=level)
    return True


_DEADLINE_VERBS = (
    r"push(?:\s+back)?|move(?:\s+back|\s+up)?|change|set|extend|delay|postpone|shift|bring\s+forward|pull\s+in|"
    r"reschedule|make|update|slip|bump"
)
_DEADLINE_OF = re.compile(
    rf"^(?:{_DEADLINE_VERBS})\s+(?:the\s+)?(?:deadline|due\s+date|due)\s+(?:of|for|on)\s+(?P<t>.+?)"
    r"(?:\s+(?:to|until|till|back\s+to|out\s+to|for|by))?$",
    re.I,
)
_DEADLINE_POSS = re.compile(
    rf"^(?:{_DEADLINE_VERBS})\s+(?P<t>.+?)(?:'s|s')?\s+(?:deadline|due\s+date)(?:\s+(?:to|until|till|back|out|by|for))*$",
    re.I,
)
_DEADLINE_PLAIN = re.compile(
    rf"^(?:{_DEADLINE_VERBS})\s+(?P<t>.+?)(?:\s+(?:back|out|forward))?(?:\s+(?:to|until|till|due|by|for))*$",
    re.I,
)
_DUE_STATE = re.compile(
    r"^(?:(?:the\s+)?(?:deadline|due\s+date)\s+(?:of|for)\s+)?(?P<t>.+?)\s+(?:is|are|should\s+be|will\s+be)(?:\s+now)?(?:\s+due)?$",
    re.I,
)


def read_deadline(text: str, clause: Clause, b: PlanBuilder) -> bool:
    rest, due = take_due(text, b)
    if due is None:
        return False
    rest, prio = take_priority(rest)
    rest = re.sub(r"\s+(?:and|,)$", "", rest.strip(" ,.")).strip(" ,.")
    m = (
        _DEADLINE_OF.match(rest)
        or _DEADLINE_POSS.match(rest)
        or _DEADLINE_PLAIN.match(rest)
        or _DUE_STATE.match(rest)
    )
    if not m:
        return False
    phrase = m["t"]
    if re.search(r"\b(?:channel|reminder)\b", phrase, re.I):
        return False
    for ref in entities.tasks(phrase, b):
        new = b.new_task(ref)
        if new is not None:
            new.due_date = due
            new.priority = prio or new.priority
            continue
        b.add(SetDeadline(id="", task=ref, due_date=due, summary=f"Set due date of '{b.task_title(ref)}'"))
        if prio is not None:
            _update(ref, b, priority=prio)
    return True
