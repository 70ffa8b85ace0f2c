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
from pipeline.intent.spanish import looks_spanish, to_english

Reader = Callable[[str, Clause, PlanBuilder], bool]

UNEXPLAINED_PENALTY = 0.45  # one clause not understood is enough to ask the LLM (< 0.6)
ASR_FIX_PENALTY = 0.03

_READERS: tuple[tuple[str, Reader], ...] = (
    ("message", comms_clauses.read_message),
    ("reminder", comms_clauses.read_reminder),
    ("create_channel", channel_clauses.read_create),
    ("create_task", task_clauses.read_create),
    ("dependency", lambda t, c, b: bool(RELATION.search(t)) and dependency_clauses.read_dependency(t, c, b)),
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
        for clause in split(spoken):
            if not _read(clause, b):
                unexplained.append(clause.text)
                b.penalize(UNEXPLAINED_PENALTY, f"not understood: {clause.text}")
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
