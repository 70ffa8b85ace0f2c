"""Tasks as people change them: create, edit, cancel, assign, depend; each with its rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from store import access, tasks
from store.access import Actor
from store.domain.guards import editable_task, require_assignable, require_writable, seen_channel, seen_task
from store.domain.refusal import Refused, absent, forbidden
from store.unit import Unit

_REJECTED_STATUS = {"self_dependency": 422, "duplicate_dependency": 409, "dependency_cycle": 409}
# A task's estimate, in hours of work: more than nothing, at most this (executor.plan mirrors it).
MAX_ESTIMATE_HOURS = 10_000


def require_estimate(hours: float | None) -> None:
    """An estimate is absent (None) or more than 0 and at most `MAX_ESTIMATE_HOURS` hours (422)."""
    if hours is not None and not 0 < round(hours, 2) <= MAX_ESTIMATE_HOURS:  # stored to 0.01 h
        raise Refused(422, "invalid_estimate",
                      f"An estimate must be more than 0 and at most {MAX_ESTIMATE_HOURS} hours",
                      {"estimated_hours": hours})


async def create_task(uow: Unit, actor: Actor, fields: dict[str, Any], assignee_ids: list[UUID] | tuple[UUID, ...] = ()
                      ) -> asyncpg.Record:
    """A task (or subtask, which takes its parent's channel) where the actor may write, assigned to
    people who can see it."""
    conn = uow.conn
    require_estimate(fields.get("estimated_hours"))
    channel_id = fields.get("channel_id")
    if fields.get("parent_task_id") is not None:
        parent = await seen_task(conn, actor, fields["parent_task_id"])
        if channel_id is not None and channel_id != parent["channel_id"]:
            raise Refused(422, "channel_mismatch", "A subtask belongs to its parent's channel",
                          {"parent_channel_id": str(parent["channel_id"]) if parent["channel_id"] else None})
        channel_id = parent["channel_id"]
    if channel_id is not None:
        require_writable(actor, await seen_channel(conn, actor, channel_id), "tasks")
    assignees = list(dict.fromkeys(assignee_ids))
    await require_assignable(conn, channel_id, assignees)
    return await tasks.create(uow, {**fields, "channel_id": channel_id}, assignees)


async def update_task(uow: Unit, actor: Actor, task_id: UUID, fields: dict[str, Any]) -> asyncpg.Record:
    require_estimate(fields.get("estimated_hours"))
    await editable_task(uow.conn, actor, task_id)
    row = await tasks.update(uow, task_id, fields)
    if row is None:
        raise absent("task", task_id)
    return row


async def set_deadline(uow: Unit, actor: Actor, task_id: UUID, due_date: datetime | None) -> asyncpg.Record:
    return await update_task(uow, actor, task_id, {"due_date": due_date})


async def cancel_task(uow: Unit, actor: Actor, task_id: UUID) -> asyncpg.Record:
    task = await seen_task(uow.conn, actor, task_id)
    if not access.may_delete_task(actor, task):
        raise forbidden("Only managers and the task's creator may cancel it", {"task_id": str(task_id)})
    row = await tasks.cancel(uow, task_id)
    if row is None:
        raise absent("task", task_id)
    return row


async def assign(uow: Unit, actor: Actor, task_id: UUID, user_id: UUID) -> bool:
    """Assign (and notify) someone who can see the task's channel; False if they already were."""
    task, _ = await editable_task(uow.conn, actor, task_id)
    await require_assignable(uow.conn, task["channel_id"], [user_id])
    return await tasks.assign(uow, task_id, user_id)


async def unassign(uow: Unit, actor: Actor, task_id: UUID, user_id: UUID) -> bool:
    await editable_task(uow.conn, actor, task_id)
    return await tasks.unassign(uow, task_id, user_id)


async def add_dependency(uow: Unit, actor: Actor, task_id: UUID, depends_on_task_id: UUID,
                         dependency_type: str) -> asyncpg.Record:
    """`task_id` waits on `depends_on_task_id`: the actor may change the first and see the second."""
    await editable_task(uow.conn, actor, task_id)
    if depends_on_task_id == task_id:
        raise Refused(422, "self_dependency", "A task cannot depend on itself", {"task_id": str(task_id)})
    await seen_task(uow.conn, actor, depends_on_task_id)
    try:
        return await tasks.add_dependency(uow, task_id, depends_on_task_id, dependency_type)
    except tasks.DependencyRejected as exc:
        if exc.code == "dependency_cycle":
            raise await _cycle_as_seen(uow.conn, actor, exc.details["cycle"]) from None
        raise Refused(_REJECTED_STATUS.get(exc.code, 409), exc.code, exc.message, exc.details) from None


_HIDDEN_STEP = "a task you cannot see"


async def _cycle_as_seen(conn: asyncpg.Connection, actor: Actor, cycle: list[dict[str, Any]]) -> Refused:
    """The cycle refusal as the actor may read it: a step in a channel they cannot see keeps neither
    its id nor its title (the refusal itself must stand, so that such a step exists shows)."""
    steps: list[dict[str, Any]] = []
    for step in cycle:
        if await tasks.get_visible(conn, UUID(step["task_id"]), actor.id, actor.role) is None:
            steps.append({"task_id": None, "title": _HIDDEN_STEP})
        else:
            steps.append(step)
    names = " → ".join(str(s["title"]) if s["task_id"] else f"({_HIDDEN_STEP})" for s in [*steps, steps[0]])
    return Refused(409, "dependency_cycle", f"That dependency would make a cycle: {names}", {"cycle": steps})


async def remove_dependency(uow: Unit, actor: Actor, task_id: UUID, dependency_id: UUID) -> None:
    await editable_task(uow.conn, actor, task_id)
    if not await tasks.remove_dependency(uow, task_id, dependency_id):
        raise absent("dependency", dependency_id)


async def remove_dependency_between(uow: Unit, actor: Actor, task_id: UUID, depends_on_task_id: UUID, *,
                                    either_way: bool = False) -> asyncpg.Record:
    """`task_id` no longer waits on `depends_on_task_id` (`either_way`: whichever waits on the other): the
    removed row. The actor may change the waiting task, as over REST; 404 `no_dependency` if none links them."""
    task = await seen_task(uow.conn, actor, task_id)
    other = await seen_task(uow.conn, actor, depends_on_task_id)
    row = await tasks.dependency_between(uow.conn, task_id, depends_on_task_id, either_way=either_way)
    if row is None:
        message = (f"'{task['title']}' and '{other['title']}' do not depend on each other" if either_way
                   else f"'{task['title']}' does not wait on '{other['title']}'")
        raise Refused(404, "no_dependency", message,
                      {"task_id": str(task_id), "task": task["title"], "depends_on_task_id": str(depends_on_task_id),
                       "depends_on_task": other["title"]})
    await remove_dependency(uow, actor, row["task_id"], row["id"])
    return row
