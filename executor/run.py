"""Run a `Plan` all-or-nothing: check it, order it, execute it in one PostgreSQL transaction.

Any failing action rolls back every change of the command; the result names the action and
why. Progress events (planned, started, done, failed, rolled_back) go to a callback that the
voice and live layers forward.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg

from executor import actions
from executor.plan import Plan
from executor.schedule import PlanInvalid, waves
from store.unit import Unit, unit_of_work

Progress = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Speaker:
    id: UUID
    role: str
    full_name: str = ""


@dataclass
class ActionResult:
    action_id: str
    type: str
    status: str  # done | failed | rolled_back | skipped
    summary: str
    entity_type: str | None = None
    entity_id: UUID | None = None
    data: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "action_id": self.action_id, "type": self.type, "status": self.status, "summary": self.summary,
            "entity_type": self.entity_type, "entity_id": str(self.entity_id) if self.entity_id else None,
            "data": self.data, "error": self.error, "elapsed_ms": round(self.elapsed_ms, 2),
        }


@dataclass
class Execution:
    ok: bool
    results: list[ActionResult]
    events: list[dict[str, Any]]
    error: dict[str, Any] | None = None
    waves: list[list[str]] = field(default_factory=list)
    elapsed_ms: float = 0.0


class ActionFailed(Exception):
    """An action could not be carried out; the whole command rolls back."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


async def _noop(_: dict[str, Any]) -> None:
    return None


def error_of(exc: BaseException) -> dict[str, Any]:
    """Any failure as {code, message, details}: ours, the store's, or PostgreSQL's."""
    # A domain refusal carries the command's word for it (unknown_channel rather than REST's not_found).
    code = getattr(exc, "command_code", None) or getattr(exc, "code", None)
    message = getattr(exc, "message", None)
    if isinstance(code, str) and isinstance(message, str):
        return {"code": code, "message": message, "details": getattr(exc, "details", {}) or {}}
    if isinstance(exc, asyncpg.UniqueViolationError):
        return {"code": "already_exists", "message": "That already exists", "details": {}}
    if isinstance(exc, asyncpg.ForeignKeyViolationError):
        return {"code": "unknown_reference", "message": "Something referred to no longer exists", "details": {}}
    if isinstance(exc, asyncpg.CheckViolationError):
        return {"code": "constraint_violation", "message": "The change breaks a rule of the data model",
                "details": {"constraint": getattr(exc, "constraint_name", None)}}
    return {"code": "action_failed", "message": str(exc) or type(exc).__name__, "details": {}}


class _Rollback(Exception):
    pass


async def execute(
    pool: asyncpg.Pool,
    plan: Plan,
    speaker: Speaker,
    *,
    command_id: UUID | None = None,
    progress: Progress | None = None,
    before_commit: Callable[[Unit, list[ActionResult]], Awaitable[None]] | None = None,
) -> Execution:
    """Validate and run `plan` for `speaker` in one transaction. Never raises for a bad plan.

    `before_commit(uow, results)` runs inside the transaction after the last action, so the
    caller's own records (the command row, conversation state) commit with the changes.
    """
    emit = progress or _noop
    started = time.perf_counter()
    try:
        ordered = waves(list(plan.actions))
    except PlanInvalid as exc:
        err = {"code": exc.code, "message": exc.message, "details": exc.details}
        return Execution(False, [], [], err, elapsed_ms=(time.perf_counter() - started) * 1000)
    wave_ids = [[a.id for a in wave] for wave in ordered]
    for wave in ordered:
        for action in wave:
            await emit({"type": "progress", "state": "planned", "action_id": action.id,
                        "action_type": action.type, "summary": action.summary})
    results: list[ActionResult] = []
    failure: dict[str, Any] | None = None
    unit: Unit | None = None
    try:
        async with unit_of_work(pool, speaker.id, command_id) as uow:
            unit = uow
            run = actions.Run(uow, speaker)
            await run.check_all(plan.actions)
            for wave in ordered:
                for action in wave:
                    await emit({"type": "progress", "state": "started", "action_id": action.id,
                                "action_type": action.type, "summary": action.summary})
                    t0 = time.perf_counter()
                    try:
                        outcome = await run.apply(action)
                    except Exception as exc:  # any failure of one action fails the command
                        failure = {**error_of(exc), "action_id": action.id, "action_type": action.type}
                        results.append(ActionResult(action.id, action.type, "failed", action.summary,
                                                    error=failure, elapsed_ms=(time.perf_counter() - t0) * 1000))
                        await emit({"type": "progress", "state": "failed", "action_id": action.id,
                                    "action_type": action.type, "summary": action.summary, "error": failure})
                        raise _Rollback() from exc
                    result = ActionResult(action.id, action.type, "done", outcome.summary or action.summary,
                                          outcome.entity_type, outcome.entity_id, outcome.data,
                                          elapsed_ms=(time.perf_counter() - t0) * 1000)
                    results.append(result)
                    await emit({**result.to_json(), "type": "progress", "state": "done",
                                "action_type": action.type})
            if before_commit is not None:
                await before_commit(uow, results)
    except _Rollback:
        pass
    except actions.CheckFailed as exc:
        failure = {"code": exc.code, "message": exc.message, "details": exc.details, "action_id": exc.action_id,
                   "action_type": exc.action_type}
    elapsed = (time.perf_counter() - started) * 1000
    if failure is not None:
        for r in results:
            if r.status == "done":
                r.status = "rolled_back"
                await emit({"type": "progress", "state": "rolled_back", "action_id": r.action_id,
                            "action_type": r.type, "summary": r.summary})
        return Execution(False, results, [], failure, wave_ids, elapsed)
    assert unit is not None
    return Execution(True, results, unit.events, None, wave_ids, elapsed)
