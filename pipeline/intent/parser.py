"""The deterministic parser: a command's text and the organisation snapshot -> a `Plan`.

normalize -> (Spanish -> English command words) -> clauses -> each clause read by the first
reader that recognises it -> one plan. Any unknown name stops the whole command with an
error or a question; nothing is half-planned. `parse` never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from executor.plan import Plan, PlanError
from pipeline.intent import (
    channel_clauses,
    comms_clauses,
    dependency_clauses,
    entities,
    task_clauses,
    task_updates,
)
from pipeline.intent.builder import PlanBuilder, Unresolved
from pipeline.intent.clauses import RELATION, Clause, split
from pipeline.intent.context import CommandContext
from pipeline.intent.normalize import MAX_CHARS, normalize
from pipeline.intent.slots import take_due
from pipeline.intent.spanish import looks_spanish, to_english

Reader = Callable[[str, Clause, PlanBuilder], bool]

UNEXPLAINED_PENALTY = 0.45  # one clause not understood is enough to ask the LLM (< 0.6)
ASR_FIX_PENALTY = 0.03

_READERS: tuple[tuple[str, Reader], ...] = (
    ("message", comms_clauses.read_message),
    ("reminder", comms_clauses.read_reminder),
    ("create_channel", channel_clauses.read_create),
    ("create_task", task_clauses.read_create),
    ("need", task_updates.read_need),
    ("dependency", lambda t, c, b: _relation(t, b) and dependency_clauses.read_dependency(t, c, b)),
    ("shift", task_updates.read_shift),
    ("assign", task_updates.read_assign),
    ("remove", channel_clauses.read_remove),
    ("deadline", task_updates.read_deadline),
    ("status", task_updates.read_status),
    ("priority", task_updates.read_priority),
    ("privacy", channel_clauses.read_privacy),
    ("channel_status", channel_clauses.read_channel_status),
    ("rename", channel_clauses.read_rename),
    ("link", channel_clauses.read_link),
    ("share", comms_clauses.read_share),
    ("add_member", channel_clauses.read_add_member),
    ("under", lambda t, c, b: task_clauses.read_under(t, b)),
)
_UNDER_THEN = re.compile(
    r"^(?:under|beneath|below)\s+(?P<t>.+?),?\s+(?P<rest>(?:add|create|make|put|set\s+up|new)\b.*)$", re.I
)


def _relation(text: str, b: PlanBuilder) -> bool:
    """ "A before B" relates two tasks; "done before the end of the month" is a deadline."""
    if not RELATION.search(text):
        return False
    n = len(b.dates)
    rest, due = take_due(text, b)
    del b.dates[n:]
    return due is None or bool(RELATION.search(rest))


def parse(text: str, ctx: CommandContext) -> Plan:
    """Read a typed or transcribed command into a plan of actions against `ctx` (a few ms)."""
    try:
        return _parse(text, ctx)
    except Unresolved as u:  # pragma: no cover - _parse handles these
        return Plan(error=u.error, clarification=u.clarification, confidence=0.5)
    except Exception as exc:  # a parser bug must never take the command path down
        return Plan(
            error=PlanError(
                code="not_understood",
                message="Sorry, I could not understand that command",
                details={"reason": type(exc).__name__},
            ),
            confidence=0.0,
        )


def _parse(text: str, ctx: CommandContext) -> Plan:
    if not text or not text.strip():
        return Plan(error=PlanError(code="empty", message="The command was empty"), confidence=0.0)
    if len(text) > MAX_CHARS:
        return Plan(
            error=PlanError(
                code="too_long",
                message=f"That command is too long ({len(text)} characters; the limit is {MAX_CHARS})",
                details={"length": len(text), "limit": MAX_CHARS},
            ),
            confidence=0.0,
        )
    norm = normalize(text)
    spoken = norm.text
    language = "en"
    if ctx.language.startswith("es") or looks_spanish(spoken):
        if looks_spanish(spoken):
            language = "es"
            spoken = to_english(spoken)
    b = PlanBuilder(ctx=ctx, language=language)
    if norm.asr_fixes:
        b.penalize(ASR_FIX_PENALTY * norm.asr_fixes, "ASR corrections")
    unexplained: list[str] = []
    try:
        previous: list[object] = []
        for clause in split(spoken):
            before = len(b.actions)
            if not _read(clause, b):
                unexplained.append(clause.text)
                b.penalize(UNEXPLAINED_PENALTY, f"not understood: {clause.text}")
                continue
            if clause.corrects:
                _retract(previous, before, b)
            previous = b.actions[before:]
    except Unresolved as u:
        return Plan(
            error=u.error,
            clarification=u.clarification,
            language=language,
            confidence=0.9 if u.error else 0.5,
            dates=b.dates,
        )
    if not b.actions:
        said = unexplained[0] if unexplained else text.strip()
        return Plan(
            error=PlanError(
                code="not_understood",
                message=f"Sorry, I did not understand '{said[:120]}'",
                details={"unexplained": unexplained[:5]},
            ),
            language=language,
            confidence=0.0,
        )
    return b.build()


_UPDATES = {"UPDATE_CHANNEL", "UPDATE_TASK", "SET_DEADLINE"}
_TARGET_FIELDS = ("channel", "task", "status", "privacy", "priority", "name", "due_date")


def _retract(previous: list[object], start: int, b: PlanBuilder) -> None:
    """ "Make Leadership public. Actually no, make it restricted.": the correction replaces the change.

    Only a single update right before the correction, replaced by updates of the same kind to the
    same thing (nothing refers to an update, so the later actions can simply move up one id).
    """
    new = b.actions[start:]
    if len(previous) != 1 or start == 0 or b.actions[start - 1] is not previous[0] or not new:
        return
    old = previous[0]
    kind = getattr(old, "type", "")
    if kind not in _UPDATES or any(getattr(a, "type", "") != kind for a in new):
        return
    target = "channel" if kind == "UPDATE_CHANNEL" else "task"
    if any(getattr(a, target) != getattr(old, target) for a in new):
        return
    changed = {f for f in _TARGET_FIELDS[2:] if getattr(old, f, None) is not None}
    if not any(getattr(a, f, None) is not None for a in new for f in changed):
        return
    del b.actions[start - 1]
    for i, action in enumerate(b.actions[start - 1 :], start):
        action.id = f"a{i}"


def _read(clause: Clause, b: PlanBuilder) -> bool:
    text = clause.text
    m = _UNDER_THEN.match(text)
    if m:
        b.pending_parent = entities.task(m["t"], b)
        text = m["rest"]
    for _name, reader in _READERS:
        dates, penalties = len(b.dates), len(b.penalties)
        if reader(text, clause, b):
            return True
        del b.dates[dates:], b.penalties[penalties:]  # a reader that passed leaves no trace
    return False
