"""Changes to tasks that exist (or were made earlier in this command): assign, status, priority, deadline.

A change to a task made earlier in the same command is folded into its CREATE_TASK
("create a task … and assign it to Priya" is one action with an assignee).

Relative moves ("push the invoices back a week", "bring X forward by two days", "move the
deadline two days later") start from the task's current due date (`TaskRef.due_date`, or
the due date given earlier in the same command); a task without one gets a question back.
Priority without a level ("lower the priority of X") means low / high: the snapshot does
not carry the current priority. Obligations ("Tom needs to finish X by Monday", "Can David
pick up X?", "Sarah's going to handle X", "put Tom on X") assign, and set the deadline if one
is said, when X names an existing task.
"""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from executor.plan import (
    AssignUser,
    ChannelStatus,
    EntityRef,
    Priority,
    ResolvedDate,
    SetDeadline,
    TaskStatus,
    UnassignUser,
    UpdateChannel,
    UpdateTask,
)
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, ask
from pipeline.intent.clauses import Clause
from pipeline.intent.dates import find_dates, shift
from pipeline.intent.estimates import split_estimate
from pipeline.intent.numbers import NUMBER_WORDS, to_int
from pipeline.intent.references import is_task_reference
from pipeline.intent.slots import priority_at, priority_word, take_due, take_priority

_ASSIGN = re.compile(
    r"^(?:re)?(?:assign|give|hand(?:\s+over)?|delegate|pass|transfer|move|switch)\s+(?P<a>.+?)\s+(?:to|two|too|over\s+to)\s+"
    r"(?!(?:to|two|too)\s)(?P<b>.+?)"
    r"(?P<mod>\s*,?\s+(?:too|as\s+well|also|instead|in\s+addition))?$",
    re.I,
)
_REASON = re.compile(r"\s*[,;]\s*(?:waiting\s+(?:on|for)|because|since|as|pending|due\s+to|until|till)\s+.+$", re.I)
_IS_FOR = re.compile(r"^(?P<t>.+?)(?:\s+(?:is|are)|'s|'re)\s+(?:for|on|with)\s+(?P<who>[A-Za-z][\w'-]*(?:\s+and\s+[A-Za-z][\w'-]*)?)$",
                     re.I)
_MAKE_OWNERS = re.compile(r"^(?:make|let)\s+(?P<t>it|that|this|that\s+one|this\s+one|.+?)\s+(?P<who>[A-Za-z][\w-]*)'s$", re.I)
_HAND_OVER = re.compile(r"^(?:reassign|transfer|move|switch|hand\s+(?:over\s+)?.+?\s+over\s+to|hand\s+over|pass\s+.+?\s+over\s+to)\b", re.I)
_ON_IT = re.compile(r"\b(?:on|to|in|into|onto)\s+(?:it|this|that|this\s+one|that\s+one)\s*$", re.I)
_FROM_PERSON = re.compile(r"\s+(?:away\s+)?from\s+(?P<old>[A-Za-z][\w'-]*)(?=\s+(?:to|two|over\s+to)\s)", re.I)
_INSTEAD_OF = re.compile(r",?\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?P<old>[A-Za-z][\w'-]*)$", re.I)
_BARE_ASSIGN = re.compile(r"^(?:assign(?:\s+to)?(?!\s+(?:both|them|all|these|those|the|it|that|this|each|every)\b)|"
                          r"give\s+it\s+to|hand\s+it\s+to)\s+(?P<who>[^,;]+?)(?P<rest>(?:\s*,\s*.+)?)$", re.I)
# What someone does to a task they are given: "own", "pick up", "finish", "take care of" …
_TAKE_ON = (
    r"(?:own|take\s+over|take\s+care\s+of|take\s+on|take|handle|do|lead|run|drive|cover|look\s+after|"
    r"work\s+on|pick\s+up|deal\s+with|finish|complete|deliver|wrap\s+up|get|sort\s+out|be\s+on|"
    r"help(?:\s+out)?\s+(?:on|with)|pitch\s+in\s+on|join)"
)
_OWN = re.compile(
    r"^(?:(?:make|have|let)\s+(?P<who1>.+?)\s+(?:the\s+)?(?:owner|assignee|lead|responsible|point\s+person|dri)\s+"
    r"(?:of|on|for)\s+(?P<t1>.+)"
    rf"|(?:have|let|get)\s+(?P<who2>.+?)\s+(?:to\s+)?{_TAKE_ON}\s+(?P<t2>.+)"
    rf"|(?:can|could|will|would)\s+(?P<who4>.+?)\s+(?:please\s+)?{_TAKE_ON}\s+(?P<t4>.+)"
    r"|(?P<who3>.+?)(?:\s+(?:should|will|can|must|needs\s+to|has\s+to|is\s+to|ought\s+to)|'ll|"
    r"(?:\s+is|'s)\s+(?:going\s+to|gonna|taking|handling|owning|on))\s+(?:also\s+)?"
    rf"(?:{_TAKE_ON}\s+)?(?P<t3>.+)"
    r"|(?:put|get|stick)\s+(?P<who5>.+?)\s+on\s+(?P<t5>.+))$",
    re.I,
)
_DONE_TAIL = re.compile(r"\s+(?:done|finished|over\s+the\s+line|out\s+the\s+door)$", re.I)
_GIVE_DOUBLE = re.compile(r"^(?:give|hand)\s+(?P<who>\w+(?:\s+(?:and|&)\s+\w+)?)\s+(?P<t>.+)$", re.I)


_PAIR = re.compile(r"^(?P<a>.+?)\s+(?:to|two|too)\s+(?P<b>.+)$", re.I)


def _pairs(text: str, b: PlanBuilder) -> list[tuple[str, str]] | None:
    """ "assign the invoices to Priya, and the budget review to Mike": one (task, people) per piece."""
    m = re.match(r"^(?:re)?(?:assign|give|hand(?:\s+over)?|delegate|pass)\s+(?P<rest>.+)$", text, re.I)
    if not m:
        return None
    pieces = [p for p in re.split(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+(?=(?:the|that|this)\b)", m["rest"]) if p]
    if len(pieces) < 2:
        return None
    pairs = [_PAIR.match(p) for p in pieces]
    if not all(pm and entities.looks_like_people(pm["b"], b) for pm in pairs):
        return None
    return [(pm["a"], pm["b"]) for pm in pairs if pm]


def read_assign(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """An assignment, and the details said after it for the same task(s) ("assign it to Priya, high priority,
    about 3 hours")."""
    pieces = re.split(r"\s*[,;]\s*", text)
    cut = len(pieces)
    while cut > 1 and _only_details(pieces[cut - 1], b):
        cut -= 1
    if cut == len(pieces):
        return _read_assign(text, clause, b)
    if not _read_assign(", ".join(pieces[:cut]), clause, b):
        return False
    return read_focus_modifiers(", ".join(pieces[cut:]), clause, b) or True


def _only_details(piece: str, b: PlanBuilder) -> bool:
    """ "high priority", "should take about 6 hours", "due Friday": a detail of a task, nothing else."""
    rest, hours = split_estimate(piece)
    rest, level = take_priority(rest)
    n = len(b.dates)
    rest, when = take_due(rest, b)
    del b.dates[n:]
    rest = re.sub(r"^(?:and|also|make\s+it|it's|with)\b", "", rest.strip(" ."), flags=re.I).strip(" .")
    return (hours is not None or level is not None or when is not None) and rest.lower() in {"", "priority"}


def _read_assign(text: str, clause: Clause, b: PlanBuilder) -> bool:
    if b.last_kind == "channel" and _ON_IT.search(text):
        return False  # "create a channel … and put David and Tom on it": it is the channel (members)
    text, due = take_due(text, b)
    replacing: list[UUID] = []
    swap = _FROM_PERSON.search(text) or _INSTEAD_OF.search(text)
    if swap and re.match(r"^(?:re)?(?:assign|give|hand|move|switch|pass)\b", text, re.I):
        old = entities.person_or_none(swap["old"], b)
        if old is not None:
            # "Reassign Prepare Q4 report from Priya to Mike", "give it to David instead of Tom"
            replacing = [old]
            text = (text[: swap.start()] + text[swap.end() :]).strip()
            text = re.sub(r"^(?:move|switch)\b", "assign", text, flags=re.I)
    owner = _IS_FOR.match(text.strip(" ,.;")) or _MAKE_OWNERS.match(text.strip(" ,.;"))
    if owner and entities.looks_like_people(owner["who"], b):
        # "the other two are for Tom", "actually make it Elena's"
        instead = (clause.corrects and not _TOO.search(text)) or owner.re is _MAKE_OWNERS
        _assign(owner["t"], entities.people(owner["who"], b), due, instead, b)
        return True
    bare = _BARE_ASSIGN.match(text.strip(" ,.;"))
    if bare and b.tasks and b.last_kind == "task" and entities.looks_like_people(bare["who"], b):
        # "new task: book the venue, due December 3, assign Elena, low priority": the task just made
        rest, prio = take_priority(bare["rest"])
        if rest.strip(" ,.;"):
            return False
        _assign("it", entities.people(bare["who"], b), due, clause.corrects and not _TOO.search(text), b,
                replacing=replacing)
        for ref in b.tasks:
            made = b.new_task(ref)
            if prio is not None and made is not None:
                made.priority = prio
            elif prio is not None:
                return False
        return True
    pairs = _pairs(text, b)
    if pairs:
        for task_phrase, who_phrase in pairs:
            _assign(task_phrase, entities.people(who_phrase, b), due, clause.corrects and not _TOO.search(text), b,
                    replacing=replacing)
        return True
    m = _ASSIGN.match(text)
    if m and re.match(r"^(?:move|switch|transfer)\b", text, re.I) and not entities.looks_like_people(m["b"], b):
        m = None  # "move X to review" is a status, "move X to Friday" a deadline; only people make it a reassign
    who: list[UUID]
    if m and entities.looks_like_people(m["b"], b):
        task_phrase, who = re.sub(r"\s+over$", "", m["a"], flags=re.I), entities.people(m["b"], b)
    elif m and entities.looks_like_people(m["a"], b):
        task_phrase, who = m["b"], entities.people(m["a"], b)
    elif m:
        # neither side is clearly a person: the name after "to" is, and it is unknown
        task_phrase, who = m["a"], entities.people(m["b"], b)
    else:
        g = _GIVE_DOUBLE.match(text)
        o = _OWN.match(text)
        o_who = next((w for w in (o.group(f"who{i}") for i in range(1, 6)) if w), None) if o else None
        o_task = next((t for t in (o.group(f"t{i}") for i in range(1, 6)) if t), None) if o else None
        if g and entities.looks_like_people(g["who"], b):
            task_phrase, who = g["t"], entities.people(g["who"], b)
        elif (
            o_who
            and o_task
            and entities.looks_like_people(o_who, b)
            and not entities.names_channel(o_task, b)
            and o is not None
            and (o["t3"] is None or entities.has_task(_DONE_TAIL.sub("", o_task), b))
        ):
            task_phrase, who = _DONE_TAIL.sub("", o_task), entities.people(o_who, b)
        else:
            return False
    instead = (clause.corrects and not _TOO.search(text)) or bool(m and m["mod"] and "instead" in m["mod"].lower())
    # "Hand X over to Sarah", "reassign X to Mike", "transfer X to Lisa": the new person replaces the old
    instead = instead or bool(_HAND_OVER.match(text))
    _assign(task_phrase, who, due, instead, b, replacing=replacing)
    return True


def assign_people(task_phrase: str, who: list[UUID], b: PlanBuilder) -> None:
    """Add `who` to the assignees of the tasks `task_phrase` names (keeps the others)."""
    _assign(task_phrase, who, None, False, b)


def _unassign(ref: UUID, uid: UUID, b: PlanBuilder) -> None:
    """Take `uid` off the task once: "take Lisa off X and put Tom on it instead" unassigns Lisa one time."""
    if not any(isinstance(a, UnassignUser) and a.task == ref and a.user_id == uid for a in b.actions):
        b.add(UnassignUser(id="", task=ref, user_id=uid, summary=f"Unassign {b.person_name(uid)}"))


def _assign(task_phrase: str, who: list[UUID], due: datetime | None, instead: bool, b: PlanBuilder,
            replacing: list[UUID] | None = None) -> None:
    for ref in entities.tasks(task_phrase, b):
        new = b.new_task(ref)
        if new is not None:
            kept = [u for u in new.assignees if u not in (replacing or [])]
            new.assignees = who if instead else list(dict.fromkeys([*kept, *who]))
            if due is not None:
                new.due_date = due
            continue
        for uid in replacing or []:
            if isinstance(ref, UUID) and uid not in who:
                _unassign(ref, uid, b)
        if instead and isinstance(ref, UUID):
            old = b.ctx.task(ref)
            for uid in old.assignees if old else ():
                if uid not in who and uid not in (replacing or []):
                    _unassign(ref, uid, b)
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


_STATUS_WORDS: dict[str, TaskStatus] = {
    "done": "completed",
    "complete": "completed",
    "completed": "completed",
    "finished": "completed",
    "closed": "completed",
    "in progress": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "under way": "in_progress",
    "in flight": "in_progress",
    "being worked on": "in_progress",
    "under review": "review",
    "wrapped up": "completed",
    "finished up": "completed",
    "kicked off": "in_progress",
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
    # "move/put/change X" needs its "to"/"into": "move budget review" is not a status
    rf"^(?:(?:mark|set|flag)\s+(?P<t>.+?)\s+(?:as\s+|to\s+|in(?:to)?\s+|status\s+to\s+)?|"
    rf"(?:move|put|change)\s+(?P<t2>.+?)\s+(?:as\s+|to\s+|in(?:to)?\s+|status\s+to\s+|(?=(?:under|on|in)\s)))"
    rf"(?:being\s+)?(?P<s>{_STATUS})$",
    re.I,
)
_VERB_STATUS = re.compile(
    r"^(?P<v>close\s+out|close|complete|finish(?:\s+up)?|finalize|wrap\s+up|cancel|call\s+off|drop|reopen|delete|remove|scrap|kill|"
    r"start\s+working\s+on|start\s+on|get\s+started\s+on|begin(?:\s+work(?:ing)?\s+on)?|kick\s+off|check\s+off|"
    r"start(?=\s+(?:the|on)\b)|"
    r"tick\s+off)\s+(?!.*\s(?:up\s+|down\s+)?to\s+(?:an?\s+)?(?:urgent|high|low|medium|normal|critical|top)(?:\s+priority)?$)"
    r"(?!(?:in|into|at|from|with|for|by)\s)"  # "close in the leadership channel" (a misheard question) names nothing
    r"(?P<t>.+?)(?:\s+(?:out|off|up))?$",
    re.I,
)
_STATE = re.compile(
    rf"^(?P<t>.+?)(?:\s+(?:is|are|has\s+been|have\s+been)|'s|'re)\s+(?:now\s+|already\s+|all\s+|finally\s+|actually\s+|really\s+)?"
    rf"(?P<s>{_STATUS})(?:\s+now)?"
    r"(?:,?\s+(?:waiting|pending|until|because|since|due\s+to|on|by|as|for\s+now|behind)\b.*)?$",
    re.I,
)
# "all tasks in Q4 close", "everything in brand refresh": every open task of a channel
_ALL_IN = re.compile(
    r"^(?:(?:all|every|each)(?:\s+(?:of\s+)?(?:the|my|our))?\s+(?:open\s+|remaining\s+)?tasks?|everything)\s+"
    r"(?:in|on|for|from|of|under)\s+(?P<c>.+)$",
    re.I,
)
_DONE_WITH = re.compile(
    r"^(?:we(?:'re|\s+are)|i(?:'m|\s+am)|(?:the\s+)?team(?:'s|\s+is))\s+(?:all\s+|now\s+|finally\s+)?"
    r"(?P<s>done|finished|through)\s+with\s+(?P<t>.+)$"
    r"|^(?:we(?:'ve|\s+have)|i(?:'ve|\s+have)|(?P<who>\w+)\s+(?:has|just))\s+(?:just\s+|already\s+|now\s+)?"
    r"(?P<s2>finished|completed|wrapped\s+up|shipped|delivered|started(?:\s+on)?|kicked\s+off)\s+(?P<t2>.+)$",
    re.I,
)
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
    "get": "in_progress",
    "kick": "in_progress",
}


def read_status(text: str, clause: Clause, b: PlanBuilder) -> bool:
    status: TaskStatus | None = None
    reason = _REASON.search(text)
    if reason and re.search(r"\b(?:blocked|on\s+hold|paused|stuck|waiting)\b", text[: reason.start()], re.I):
        text = text[: reason.start()]  # "mark X as blocked, waiting on legal": why it is blocked, not a request
    m = _MARK.match(text) or _STATE.match(text)
    d = None if m else _DONE_WITH.match(text)
    if m:
        phrase = m["t"] or (m["t2"] if "t2" in m.re.groupindex else "") or ""
        status = _STATUS_WORDS[" ".join(m["s"].lower().split())]
    elif d:
        word = (d["s"] or d["s2"]).lower()
        phrase = d["t"] or d["t2"]
        status = "in_progress" if word.startswith(("start", "kick")) else "completed"
        if d["who"] and not entities.looks_like_people(d["who"], b):
            return False
        if not entities.has_task(phrase, b) and not entities.names_channel(phrase, b):
            return False
    else:
        v = _VERB_STATUS.match(text)
        if not v:
            return False
        phrase, status = v["t"], _VERB_TO_STATUS[v["v"].lower().split()[0]]
        first = re.split(r"\s+and\s+|\s*,\s*|\s+(?:in|into|on)\s+", phrase)[0]
        if entities.resource(first, b) is not None and not entities.has_task(first, b):
            return False  # "drop the brand guidelines in there" shares a file
        if v["v"].lower() == "start" and not entities.has_task(phrase, b):
            return False  # "start the Q1 channel" makes a channel; "start the logo review" begins a task
    bulk = _ALL_IN.match(phrase.strip())
    if bulk and (
        re.search(r"\b(?:except|but|other\s+than|apart\s+from|besides|minus)\b", bulk["c"], re.I)
        or (re.search(r"\s(?:and|,)\s", bulk["c"]) and not entities.names_channel(bulk["c"], b))
    ):
        bulk = None  # "everything in Brand Refresh except the press release", "… in X and Y": a selection
    if bulk:
        _bulk_status(bulk["c"], status, b)
        return True
    many = re.search(r"\b(?:tasks|items|ones)\b", phrase, re.I)
    if many and not re.match(r"\s*(?:all|every|each|both|the\s+(?:two|three|four|five))\b", phrase, re.I):
        phrase = "all " + phrase.strip()  # "mark the Q4 Close tasks done": its tasks, never the channel
    if not many and entities.names_channel(phrase, b):
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


def _bulk_status(phrase: str, status: TaskStatus, b: PlanBuilder) -> None:
    """ "mark all tasks in Q4 close as done": one update per open task of the channel (none: a question)."""
    ch = entities.channel(phrase, b)
    made = [t.ref for t in b.new_tasks if t.action.channel == ch]
    old = [t.id for t in b.ctx.tasks if t.channel_id == ch and t.status not in {"completed", "cancelled"}]
    refs: list[EntityRef] = [*made, *old]
    if not refs:
        name = b.channel_name(ch)
        raise ask(f"'{name}' has no open tasks. Which tasks do you mean?", [], channel=name)
    for ref in refs:
        _update(ref, b, status=status)
    b.focus_tasks(refs)


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
    rf"^(?P<t>.+?)(?:\s+(?:is|are)|'s|'re)\s+(?:now\s+|actually\s+|really\s+)?(?:an?\s+)?{_PRIO_LEVEL}(?:\s+priority)?$", re.I
)
_SHIFT_PRIO = re.compile(
    r"^(?P<v>lower|raise|reduce|increase|drop|bump\s+up|bump\s+down|bring\s+down|bring\s+up|turn\s+down|turn\s+up)\s+"
    r"(?:the\s+)?(?:priority|prio|urgency)\s+(?:of|on|for)\s+(?P<t>.+)$"
    r"|^(?P<v2>lower|raise|reduce|increase|drop|bump\s+up|bump\s+down)\s+(?P<t2>.+?)(?:'s|s')\s+(?:priority|prio)$",
    re.I,
)
_PRIORITISE = re.compile(r"^(?P<v>prioriti[sz]e|escalate|deprioriti[sz]e)\s+(?P<t>.+)$", re.I)


def read_priority(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _SET_PRIO.match(text) or _MAKE_PRIO.match(text) or _PRIO_STATE.match(text)
    if m:
        word = m["p"].lower()
        level: Priority | None = priority_word({"highest": "urgent", "lowest": "low"}.get(word, word))
        phrase = m["t"]
    elif sh := _SHIFT_PRIO.match(text):
        # no current priority in the snapshot: "lower" means low, "raise" means high
        verb = (sh["v"] or sh["v2"]).lower()
        level = "low" if verb.startswith(("lower", "reduce", "drop")) or verb.endswith("down") else "high"
        phrase = sh["t"] or sh["t2"]
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


_SHIFT_AMOUNT = (
    rf"(?:by\s+)?(?:an?\s+(?:extra|more|additional)\s+)?(?P<n>{NUMBER_WORDS})\s+(?:more\s+|extra\s+|additional\s+)?"
    r"(?P<unit>days?|weeks?|months?)"
)
_SHIFT = re.compile(
    r"^(?P<v>push|move|shift|slip|slide|delay|postpone|bring|pull|bump|extend|give|set|kick)\s+"
    r"(?:(?P<d1>back|out|forward|up|ahead|in)\s+)?(?P<t>.+?)\s+"
    r"(?:(?P<d2>back|out|forward|up|ahead|in|later|earlier|sooner)\s+)?"
    rf"{_SHIFT_AMOUNT}(?:\s+(?P<d3>later|earlier|sooner|back|out|forward|ahead|more|extra|further))?$",
    re.I,
)
_DEADLINE_WORDS = re.compile(
    r"^(?:the\s+)?(?:deadline|due\s+date)\s+(?:of|for|on)\s+|(?:'s|s')?\s+(?:deadline|due\s+date)$", re.I
)
_EARLIER = {"forward", "up", "ahead", "earlier", "sooner", "in"}


def read_shift(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """ "push the invoices back a week", "bring X forward by two days": moves from the current due date."""
    m = _SHIFT.match(text)
    if not m or find_dates(text, b.ctx.now):
        return False
    n = to_int(m["n"])
    if not n:
        return False
    direction = (m["d1"] or m["d2"] or m["d3"] or "").lower()
    verb = m["v"].lower()
    earlier = direction in _EARLIER or (
        verb in {"bring", "pull"} and direction not in {"back", "out", "later"}
    )
    if verb == "pull" and direction == "in":
        earlier = True
    phrase = _DEADLINE_WORDS.sub("", m["t"].strip()).strip()
    if re.fullmatch(r"(?:the|its|that|this)\s+(?:deadline|due\s+date)", m["t"].strip(), re.I):
        phrase = "it"  # "move the deadline two days later": the task in focus
    amount = -n if earlier else n
    said = " ".join(x for x in (direction or ("earlier" if earlier else "later"), m["n"], m["unit"]) if x)
    for ref in entities.tasks(phrase, b):
        new = b.new_task(ref)
        old = b.ctx.task(ref) if isinstance(ref, UUID) else None
        current = new.due_date if new is not None else old.due_date if old is not None else None
        if current is None:
            title = b.task_title(ref)
            raise ask(f"'{title}' has no due date yet. When should it be due?", [], task=title)
        moved = shift(current, amount, m["unit"])
        b.dates.append(ResolvedDate(phrase=f"{said} (from {current:%a %d %b})", resolved=moved))
        if new is not None:
            new.due_date = moved
            continue
        b.add(SetDeadline(id="", task=ref, due_date=moved, summary=f"Move due date of '{b.task_title(ref)}'"))
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
    r"^(?:(?:the\s+)?(?:deadline|due\s+date)\s+(?:of|for)\s+)?(?P<t>.+?)\s+(?:is|are|'s|should\s+be|will\s+be|"
    r"(?:needs?|has|have|ought)\s+to\s+be|must\s+be|should\s+be|can\s+be|is\s+to\s+be)(?:\s+now)?"
    r"(?:\s+(?:due|done|finished|completed|complete|ready|delivered|wrapped\s+up|shipped|submitted|sent|"
    r"[a-z]{3,}ed))?$",
    re.I,
)


_DUE_BARE = re.compile(r"^(?P<t>.+?)(?:\s+(?:deadline|due\s+date))?(?:\s+(?:is\s+)?now)?$", re.I)


def read_deadline(text: str, clause: Clause, b: PlanBuilder) -> bool:
    rest, due = take_due(text, b)
    if due is None:
        return False
    rest, prio = take_priority(rest)
    said_at = b.dates[-1].phrase.lower() if b.dates else ""
    prio_first = prio is not None and bool(said_at) and -1 < priority_at(text) < text.lower().find(said_at)
    rest = re.sub(r"\s+(?:and|,)$", "", rest.strip(" ,.")).strip(" ,.")
    state = _DUE_STATE.match(rest)
    m = (
        (state if state and entities.has_task(state["t"], b) else None)  # "Update website copy needs to be done by …"
        or _DEADLINE_OF.match(rest)
        or _DEADLINE_POSS.match(rest)
        or _DEADLINE_PLAIN.match(rest)
        or _DUE_STATE.match(rest)
    )
    if not m and re.search(r"\b(?:due|deadline)\b", text, re.I):
        # "vendor contracts due Dec 9", "offsite deadline now Dec 3": an existing task and its new date
        bare = _DUE_BARE.match(rest)
        m = bare if bare and entities.has_task(bare["t"], b) else None
    said = re.sub(r"^(?:and\s+)?|\s+(?:for|on|to|due|by)$", "", rest.strip(" ,."), flags=re.I)
    if not m and not is_task_reference(said):
        return False
    # "both by December 10", "the last two for Friday": tasks just spoken of, and their date
    phrase = m["t"] if m else said
    if re.search(r"\b(?:channel|reminder)\b", phrase, re.I):
        return False
    if m and m.re is _DUE_STATE and entities.looks_like_people(phrase, b):
        return False  # "Tom will be away on Friday" is about Tom, not a task
    for ref in entities.tasks(phrase, b):
        new = b.new_task(ref)
        if new is not None:
            new.due_date = due
            new.priority = prio or new.priority
            continue
        if prio_first:  # "make X urgent, due fri": in the order said
            _update(ref, b, priority=prio)
        b.add(SetDeadline(id="", task=ref, due_date=due, summary=f"Set due date of '{b.task_title(ref)}'"))
        if prio is not None and not prio_first:
            _update(ref, b, priority=prio)
    return True


_NEED = re.compile(
    r"^(?:(?i:i|we)\s+(?i:need|want|would\s+like|'d\s+like)\s+"
    r"(?P<who>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)\s+(?i:to)\s+|"
    # "Have Mike review the vendor list by Friday", "get Lisa to update the press kit"
    r"(?i:have|get|ask|let)\s+(?P<who2>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)\s+(?:(?i:to)\s+)?|"
    # "Lisa should update the press kit by the 10th", "Tom needs to renew the certificates"
    r"(?P<who3>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)\s+(?i:should|must|needs\s+to|has\s+to|have\s+to|"
    r"is\s+going\s+to|will|ought\s+to|is\s+to)\s+)(?P<rest>.+)$"
)
_TOO = re.compile(r"\b(?:too|as\s+well|also)\b", re.I)  # "actually, put Priya on that one too": as well, not instead
_TOO_TAIL = re.compile(r"\s+(?:too|as\s+well|also)$", re.I)
_TAKE_ON_START = re.compile(rf"^{_TAKE_ON}\s+(?P<t>.+)$", re.I)


def read_need(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """ "I need Elena to draft the holiday schedule by Friday": her task (an existing one is assigned)."""
    from pipeline.intent.task_clauses import read_create  # task_clauses imports this module

    m = _NEED.match(text)
    who = m and (m["who"] or m["who2"] or m["who3"])
    if not m or not who or not entities.looks_like_people(who, b):
        return False
    if m["who3"] and _STATE_START.match(m["rest"]):
        return False  # "Lisa is going to be out" / "Tom will be late": not a task
    n = len(b.dates)
    rest, _due = take_due(m["rest"], b)
    del b.dates[n:]
    t = _TAKE_ON_START.match(rest.strip())
    said = _DONE_TAIL.sub("", _TOO_TAIL.sub("", t["t"])) if t else ""
    if t and (entities.has_task(said, b) or is_task_reference(said)):
        # "Lisa should take over the vendor contracts", "Sarah should help with that one as well"
        return read_assign(f"have {who} {m['rest']}", clause, b)
    if m["who"] is None and not _VERB_START.match(rest.strip()):
        return False  # "have Mike on the call", "Lisa should know": no action to make a task of
    return read_create(f"create a task for {who} to {m['rest']}", clause, b)


_STATE_START = re.compile(r"^(?:be|been|have|get\s+(?:back|sick)|know|hear|see|feel|join|attend)\b", re.I)
# The first word of a task said as an order: a verb, not a noun phrase.
_VERB_START = re.compile(
    r"^(?!(?:the|a|an|this|that|my|our|on|in|at|for|with|about|out|off|back|up|there|here|it|all|some|into|onto|to|"
    r"from|inside|over|under|through|across|around|of|aboard|on\s+board|in\s+on|added|removed|assigned)\b)[a-z]+\b", re.I
)


_IT_LEAD = re.compile(r"^(?:make|set|mark|have)\s+(?P<t>it|that|this|that\s+one|this\s+one|that\s+task|this\s+task)\s+(?=\S)", re.I)


def read_focus_modifiers(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """ "Hire a designer: assign to Elena, due Dec 11, high priority": details, one per piece, for the task
    this command is about (set on it if it is new, else each as its own update)."""
    lead = None if b.last_kind == "task" and b.tasks else _IT_LEAD.match(text)
    if lead is None and (b.last_kind != "task" or not b.tasks):
        return False
    due: datetime | None = None
    prio: Priority | None = None
    hours: float | None = None
    who: list[UUID] = []
    said: list[str] = []
    for piece in [p.strip() for p in re.split(r"\s*[,;]\s*|\s+and\s+", text) if p.strip()]:
        rest, effort = split_estimate(piece)  # "…, give it to lisa, should take about 6 hours, due december 4th"
        hours = effort or hours
        rest, when = take_due(rest, b)
        rest, level = take_priority(rest)
        rest = re.sub(r"^(?:make\s+it|it's|its|set\s+it\s+to|with\s+(?:a|an)?)\s*", "", rest.strip(), flags=re.I)
        if lead is None and len(b.tasks) > 1:  # "…, all for priya, all due december 15": each detail for every task just named
            rest = re.sub(r"^(?:they're|they\s+are)\s+|\b(?:all|each|both)(?:\s+of\s+(?:them|those|these))?\b", " ", rest, flags=re.I)
            rest = " ".join(rest.split())
        person = (
            _BARE_ASSIGN.match(rest)
            or re.match(r"^(?:for|owner:?)\s+(?P<who>.+)$", rest, re.I)
            or re.match(r"^(?P<who>[A-Za-z][\w'-]*)(?:'s\s+on|\s+(?:owns|has|takes|handles|leads|will\s+own|is\s+on))\s+"
                        r"(?:it|this|that)$", rest, re.I)
        )
        if person and entities.looks_like_people(person["who"], b):
            who += entities.people(person["who"], b)
        elif rest.strip(" .") and rest.strip(" .").lower() not in {"priority", "please"}:
            return False
        due, prio = when or due, level or prio
        said += [k for k, v in (("hours", effort), ("due", when), ("prio", level), ("who", person)) if v and k not in said]
    if due is None and prio is None and hours is None and not who:
        return False
    if lead is not None:  # "make it urgent and due tomorrow" about the task of an earlier command
        b.focus_tasks([entities.task(lead["t"], b)])
    for ref in b.tasks:
        made = b.new_task(ref)
        if made is not None:
            made.due_date = due or made.due_date
            made.priority = prio or made.priority
            made.estimated_hours = hours or made.estimated_hours
            made.assignees = list(dict.fromkeys([*made.assignees, *who]))
            continue
        for kind in said:  # in the order they were said
            if kind == "hours" and hours is not None:
                b.add(UpdateTask(id="", task=ref, estimated_hours=hours, summary=f"Estimate '{b.task_title(ref)}' at {hours:g} h"))
            elif kind == "who" and who:
                _assign("it" if len(b.tasks) == 1 else "them", who, None, False, b)
            elif kind == "due" and due is not None:
                b.add(SetDeadline(id="", task=ref, due_date=due, summary=f"Set due date of '{b.task_title(ref)}'"))
            elif kind == "prio" and prio is not None:
                b.add(UpdateTask(id="", task=ref, priority=prio, summary=f"Make '{b.task_title(ref)}' {prio} priority"))
    return True


_ESTIMATE_TARGET = re.compile(r"^(?:(?:and|also|then)\s+)?(?:it|this|that|this\s+one|that\s+one|the\s+task|for\s+it|on\s+it)?$", re.I)


def read_estimate(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """ "set the estimate to 6 hours", "the vendor review should take 3 hours", "calculo unas 6 horas"."""
    rest, hours = split_estimate(text)
    if hours is None:
        return False
    rest = re.sub(r"^(?:for|of|on)\s+", "", rest.strip(" ,.;:"), flags=re.I)
    # "the migration plan is more like three days of work"
    rest = re.sub(r"\s+(?:is|'s|will\s+be|should\s+be)(?:\s+(?:more\s+like|more|about|around|roughly|closer\s+to|probably|really))?$",
                  "", rest, flags=re.I)
    if _ESTIMATE_TARGET.match(rest):
        refs = [entities.task("it", b)]
    elif entities.has_task(rest, b) or is_task_reference(rest):
        refs = entities.tasks(rest, b)  # "the vendor review should take 3 hours", "the second one should take 6"
    else:
        return False
    for ref in refs:
        new = b.new_task(ref)
        if new is not None:
            new.estimated_hours = hours  # "…, should take about 4 hours": the task this command makes
            continue
        b.add(
            UpdateTask(
                id="", task=ref, estimated_hours=hours, summary=f"Estimate '{b.task_title(ref)}' at {hours:g} h"
            )
        )
    b.focus_tasks(list(refs))
    return True

