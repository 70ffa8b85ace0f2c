"""Dependencies taken away: "B no longer depends on A", "A doesn't block B anymore", "unblock B".

`REMOVE_DEPENDENCY(task=B, depends_on_task=A)` means B stops waiting on A, as `CREATE_DEPENDENCY`
reads. "the dependency between A and B" says no direction: `either_way`, the executor removes
whichever of the two exists. "unblock B" alone takes away B's one open blocker (from the snapshot's
`TaskRef.blocked_by`); with several it asks which, with none it says so. Both sides must name tasks
that exist: a side that names nothing is never a new task here, and two channels ("unlink A from B")
are left to the channel readers.
"""

from __future__ import annotations

import re
from uuid import UUID

from executor.plan import EntityRef, RemoveDependency
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, ask, fail
from pipeline.intent.clauses import Clause

_NOT = r"(?:no\s+longer|ya\s+no|(?:does|do|did|should|will|must)(?:\s+not|n'?t)|isn'?t|aren'?t|is\s+not|are\s+not|won'?t|shouldn'?t|doesn'?t|don'?t)"
_ANYMORE = r"(?:\s+(?:any\s*more|any\s+longer|now))?"
# (pattern, waiting side): "first" means x waits on y, "either" says no direction; "first?" is read only
# when both sides name tasks (the words mean other things too), the others when either side does.
_RAW: tuple[tuple[str, str], ...] = (
    # "alpha no longer depends on beta", "alpha doesn't depend on beta anymore", "alpha is no longer blocked by beta"
    (rf"^(?P<x>.+?)\s+{_NOT}\s+(?:(?:needs?|have|has)\s+to\s+)?(?:depends?\s+on|(?:be\s+)?dependent\s+on|"
     rf"(?:be\s+)?blocked\s+by|waits?\s+(?:on|for)|wait(?:ing)?\s+(?:on|for))\s+(?P<y>.+?){_ANYMORE}$", "first"),
    # "alpha doesn't need beta anymore": "need" is said of people and dates too, so only between two tasks
    (rf"^(?P<x>.+?)\s+{_NOT}\s+(?:requires?|needs?)\s+(?P<y>.+?){_ANYMORE}$", "first?"),
    (rf"^(?P<x>.+?)\s+(?:is|are)\s+(?:no\s+longer|not)\s+(?:blocked\s+by|dependent\s+on|waiting\s+(?:on|for))\s+(?P<y>.+?)"
     rf"{_ANYMORE}$", "first"),
    # "beta no longer blocks alpha", "beta doesn't block alpha anymore", "beta isn't blocking alpha anymore"
    (rf"^(?P<y>.+?)\s+{_NOT}\s+(?:blocks?|blocking|holds?\s+up|holding\s+up)\s+(?P<x>.+?){_ANYMORE}$", "first"),
    # "alpha can start without beta", "alpha can go ahead without waiting for beta"
    (r"^(?P<x>.+?)\s+(?:can|could|may)\s+(?:now\s+)?(?:start|begin|go\s+ahead|proceed|happen)\s+without\s+"
     r"(?:waiting\s+(?:on|for)\s+)?(?P<y>.+?)$", "first?"),
    # "remove the dependency of alpha on beta", "drop alpha's dependency on beta"
    (r"^(?:remove|delete|drop|clear|cancel|get\s+rid\s+of|take\s+(?:away|out))\s+(?:the\s+)?(?:dependency|dependence|link)\s+"
     r"(?:of|for|from)\s+(?P<x>.+?)\s+on\s+(?P<y>.+)$", "first"),
    (r"^(?:remove|delete|drop|clear|cancel|get\s+rid\s+of|take\s+(?:away|out))\s+(?P<x>.+?)'s\s+(?:dependency|dependence)\s+"
     r"on\s+(?P<y>.+)$", "first"),
    # "remove the dependency on beta from alpha"
    (r"^(?:remove|delete|drop|clear|take\s+(?:away|out))\s+(?:the\s+)?(?:dependency|dependence)\s+on\s+(?P<y>.+?)\s+"
     r"from\s+(?P<x>.+)$", "first"),
    # "remove beta as a blocker of alpha", "unblock alpha from beta"
    (r"^(?:remove|drop|take\s+(?:away|out))\s+(?P<y>.+?)\s+as\s+(?:a\s+)?(?:blocker|dependency|prerequisite)\s+"
     r"(?:of|for|from|on)\s+(?P<x>.+)$", "first"),
    (r"^unblock\s+(?P<x>.+?)\s+from\s+(?P<y>.+)$", "first"),
    # "remove the dependency between alpha and beta", "unlink alpha from beta" (tasks only)
    (r"^(?:remove|delete|drop|clear|cancel|get\s+rid\s+of|take\s+(?:away|out)|break)\s+(?:the\s+)?"
     r"(?:dependency|dependence|link|blocker)\s+between\s+(?P<both>.+)$", "either"),
    (r"^unlink\s+(?P<x>.+?)\s+(?:from|and)\s+(?P<y>.+)$", "either"),
    # Spanish: "alpha ya no depende de beta", "beta ya no bloquea alpha", "quita la dependencia entre alpha y beta"
    (r"^(?P<x>.+?)\s+ya\s+no\s+(?:depende|dependen)\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?P<y>.+)$", "first"),
    (r"^(?P<y>.+?)\s+ya\s+no\s+(?:bloquea|bloquean)\s+(?:a\s+)?(?P<x>.+)$", "first"),
    (r"^(?:quita|quitar|elimina|eliminar|borra|borrar|remove)\s+(?:la\s+)?dependencia\s+entre\s+(?P<both>.+)$", "either"),
    (r"^(?:quita|quitar|elimina|eliminar|borra|borrar|remove)\s+(?:la\s+)?dependencia\s+de\s+(?P<x>.+?)\s+"
     r"(?:de|con|sobre)\s+(?P<y>.+)$", "first"),
)
_PATTERNS = tuple((re.compile(p, re.I), side) for p, side in _RAW)
_UNBLOCK = re.compile(r"^(?:unblock|desbloquea|desbloquear)\s+(?P<x>.+)$", re.I)
_AND = re.compile(r"\s+(?:and|y|e|&)\s+", re.I)
# "unblock the task", "unblock everything": a word that is no task's name
_NO_TASK = re.compile(r"^(?:me|us|everyone|everything|all|it\s+all|them\s+all|him|her)$", re.I)


def read_remove_dependency(text: str, clause: Clause, b: PlanBuilder) -> bool:
    body = text.strip(" ,.!")
    for pattern, side in _PATTERNS:
        m = pattern.match(body)
        if not m:
            continue
        if "both" in m.groupdict() and m["both"] is not None:
            pair = _pair(m["both"], b)
            if pair is None:
                return False
            x, y = pair
        else:
            x, y = m["x"], m["y"]
        if entities.names_channel(x, b) and entities.names_channel(y, b) and not _both_tasks(x, y, b):
            return False  # "unlink the roadshow channel from marketing": channels, not tasks
        if not (entities.has_task(x, b) or entities.has_task(y, b)) or (side == "first?" and not _both_tasks(x, y, b)):
            return False  # not two tasks: some other request
        waiting, blocker = entities.task(x, b), entities.task(y, b)
        _remove(waiting, blocker, side == "either", b)
        return True
    m = _UNBLOCK.match(body)
    if m and not _NO_TASK.match(m["x"].strip()) and entities.has_task(m["x"], b):
        _unblock(entities.task(m["x"], b), b)
        return True
    return False


def _pair(both: str, b: PlanBuilder) -> tuple[str, str] | None:
    """ "alpha and beta" split where both halves name tasks (a title may itself hold "and")."""
    for m in _AND.finditer(both):
        x, y = both[: m.start()], both[m.end():]
        if _both_tasks(x, y, b):
            return x, y
    return None


def _both_tasks(x: str, y: str, b: PlanBuilder) -> bool:
    return entities.has_task(x, b) and entities.has_task(y, b)


def _remove(waiting: EntityRef, blocker: EntityRef, either_way: bool, b: PlanBuilder) -> None:
    if waiting == blocker:
        raise fail("self_dependency", "A task never depends on itself", task=b.task_title(waiting))
    w, d = b.task_title(waiting), b.task_title(blocker)
    summary = f"'{w}' and '{d}' no longer depend on each other" if either_way else f"'{w}' no longer waits on '{d}'"
    b.add(RemoveDependency(id="", task=waiting, depends_on_task=blocker, either_way=either_way, summary=summary))
    b.focus_tasks([blocker, waiting])


def _unblock(waiting: EntityRef, b: PlanBuilder) -> None:
    task = b.ctx.task(waiting) if isinstance(waiting, UUID) else None
    blockers = [t for t in (b.ctx.task(i) for i in (task.blocked_by if task else ())) if t is not None]
    title = b.task_title(waiting)
    if not blockers:
        raise fail("no_blockers", f"'{title}' is not waiting on any open task", task=title)
    if len(blockers) > 1:
        raise ask(f"'{title}' waits on {len(blockers)} tasks. Which one should it stop waiting on?",
                  [t.title for t in blockers], task=title, reason="several_blockers",
                  reading=f"unblock {title} from {{}}")
    _remove(waiting, blockers[0].id, False, b)
