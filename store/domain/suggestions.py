"""Answering a learned-default suggestion (store.memory): accept applies it as an ordinary, audited change
through the task rules; decline only records it. Either way the answer is stored as feedback."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from store import memory
from store.access import Actor
from store.domain import tasks as domain_tasks
from store.domain.guards import seen_task
from store.domain.refusal import Refused, absent
from store.unit import Unit


async def answer(uow: Unit, actor: Actor, command_id: UUID, n: int, *, accept: bool) -> dict[str, Any]:
    """Accept or decline suggestion `n` of the actor's command `command_id`; returns the suggestion answered.

    Refused: 404 when the command is not the actor's or has no such suggestion; 409 `suggestion_answered`
    when it was answered already; 409 `suggestion_outdated` (accept) when the task got that field since."""
    conn = uow.conn
    row = await conn.fetchrow("SELECT user_id, intent_analysis FROM voice_commands WHERE id = $1 FOR UPDATE",
                              command_id)
    if row is None or row["user_id"] != actor.id:
        raise absent("command", command_id)
    offered = (row["intent_analysis"] or {}).get("suggestions") or []
    if not 0 <= n < len(offered):
        raise absent("suggestion", n)
    suggestion = offered[n]
    if suggestion.get("status") != "offered":
        raise Refused(409, "suggestion_answered", f"That suggestion was {suggestion.get('status')} already",
                      {"status": suggestion.get("status")})
    if accept:
        await _apply(uow, actor, suggestion)
    if not await memory.record_feedback(conn, actor.id, command_id, suggestion, accept):
        raise Refused(409, "suggestion_answered", "That suggestion was answered already", {})
    status = "accepted" if accept else "declined"
    await memory.mark(conn, command_id, n, status, datetime.now(UTC))
    return {**suggestion, "status": status}


AUTO_FIELDS = ("assignee", "priority", "due_offset")  # learned defaults; new tasks and subtasks are always asked


async def apply_sure(uow: Unit, actor: Actor, suggestions: list[dict[str, Any]], threshold: float) -> int:
    """Apply, without asking, the learned defaults in `suggestions` (a command's, before its record is stored)
    at least `threshold` sure — the person's own `auto_apply_suggestions` preference. Each is applied like an
    accepted one (the task rules, audited under the command, undone with it) and marked `applied`; one the
    rules refuse stays `offered`. Not stored as feedback: only a person's own answers teach. Returns how many."""
    applied = 0
    for suggestion in suggestions:
        if suggestion.get("field") not in AUTO_FIELDS or float(suggestion.get("confidence") or 0) < threshold:
            continue
        emitted = len(uow.events)
        try:
            async with uow.conn.transaction():  # a savepoint: a refusal leaves nothing behind
                await _apply(uow, actor, suggestion)
        except Refused:
            del uow.events[emitted:]
            continue
        suggestion.update(status="applied", answered_at=datetime.now(UTC).isoformat())
        applied += 1
    return applied


async def _apply(uow: Unit, actor: Actor, suggestion: dict[str, Any]) -> None:
    if suggestion["field"] == "task":  # a recurring task for a new channel: made there now
        made = await domain_tasks.create_task(uow, actor, {"channel_id": UUID(suggestion["channel_id"]),
                                                           "title": suggestion["value"]})
        suggestion["task_id"] = str(made["id"])
        return
    if suggestion["field"] == "subtask":  # a subtask that recurred under similar tasks: made under the new one
        made = await domain_tasks.create_task(uow, actor, {"parent_task_id": UUID(suggestion["task_id"]),
                                                           "title": suggestion["value"]})
        suggestion["subtask_id"] = str(made["id"])
        return
    task_id = UUID(suggestion["task_id"])
    task = await seen_task(uow.conn, actor, task_id)
    now = await uow.conn.fetchrow("SELECT priority::text AS priority, due_date FROM tasks WHERE id = $1", task_id)
    field = suggestion["field"]
    outdated = ((field == "assignee" and task["assignee_ids"]) or (field == "priority" and now["priority"] != "medium")
                or (field == "due_offset" and now["due_date"] is not None))
    if outdated:
        raise Refused(409, "suggestion_outdated", f"“{task['title']}” has its {_FIELD_WORDS[field]} already; "
                      "nothing was changed", {"task_id": str(task_id), "field": field})
    if field == "assignee":
        await domain_tasks.assign(uow, actor, task_id, UUID(suggestion["value"]))
    elif field == "priority":
        await domain_tasks.update_task(uow, actor, task_id, {"priority": suggestion["value"]})
    else:
        await domain_tasks.set_deadline(uow, actor, task_id, datetime.fromisoformat(suggestion["due_date"]))


_FIELD_WORDS = {"assignee": "assignee", "priority": "priority", "due_offset": "due date"}
