"""Tasks: subtasks, assignees, deadlines and dependencies. Writes audit and emit in the caller's unit.

No permission checks here: callers (REST handlers, the executor) check `store.access` first.

A dependency row (task_id, depends_on_task_id, type) means `task_id` waits on `depends_on_task_id`.
`blocks`, `requires` and `follows` hold a task back while the task it depends on is open (not
completed or cancelled); `parallel` is informational and never blocks nor forms a cycle.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from store import notifications
from store.access import channel_id_visible, users_who_cannot_see_channel
from store.unit import Unit

BLOCKING_TYPES = ("blocks", "requires", "follows")
DONE_STATUSES = ("completed", "cancelled")
# Every dependency insert serialises on this lock, so two concurrent inserts cannot close a cycle.
_DEPENDENCY_LOCK = 7_201_339

_OPEN_BLOCKER = """d.dependency_type <> 'parallel' AND b.status NOT IN ('completed', 'cancelled')"""


def _columns(viewer: tuple[str, str] | None = None) -> str:
    """Task columns; with `viewer` (user, role SQL params) blockers the viewer cannot see are left out.

    `blocked` always counts every open blocker, visible or not.
    """
    blocker_visible = f"AND {channel_id_visible('b.channel_id', *viewer)}" if viewer else ""
    return f"""t.id, t.channel_id, t.parent_task_id, t.title, t.description, t.status::text AS status,
        t.priority::text AS priority, t.due_date, t.estimated_hours::float8 AS estimated_hours, t.tags,
        t.metadata, t.created_by, t.completed_at, t.created_at, t.updated_at,
        ARRAY(SELECT a.user_id FROM task_assignees a WHERE a.task_id = t.id
              ORDER BY a.assigned_at, a.user_id) AS assignee_ids,
        (SELECT count(*) FROM tasks s WHERE s.parent_task_id = t.id)::int AS subtask_count,
        EXISTS (SELECT 1 FROM task_dependencies d JOIN tasks b ON b.id = d.depends_on_task_id
                WHERE d.task_id = t.id AND {_OPEN_BLOCKER}) AS blocked,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('task_id', b.id, 'title', b.title, 'status', b.status,
                                                      'dependency_type', d.dependency_type,
                                                      'channel_id', b.channel_id)
                                   ORDER BY d.created_at, b.id)
                  FROM task_dependencies d JOIN tasks b ON b.id = d.depends_on_task_id
                  WHERE d.task_id = t.id AND {_OPEN_BLOCKER} {blocker_visible}), '[]'::jsonb) AS blockers"""


class DependencyRejected(Exception):
    """A dependency that may not exist: `code` is self_dependency, duplicate_dependency or dependency_cycle."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


# --- reads -------------------------------------------------------------------------------


async def get(conn: asyncpg.Connection | asyncpg.Pool, task_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_columns()} FROM tasks t WHERE t.id = $1", task_id)


async def get_visible(
    conn: asyncpg.Connection | asyncpg.Pool, task_id: UUID, user_id: UUID, role: str
) -> asyncpg.Record | None:
    """The task if it exists and its channel is visible to the user, else None."""
    return await conn.fetchrow(
        f"""SELECT {_columns(('$2', '$3'))} FROM tasks t
            WHERE t.id = $1 AND {channel_id_visible('t.channel_id', '$2', '$3')}""",
        task_id, user_id, role,
    )


async def list_visible(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, role: str, *, after: tuple[datetime, UUID] | None,
    limit: int, channel_id: UUID | None = None, statuses: list[str] | None = None,
    assignee_id: UUID | None = None, due_before: datetime | None = None, due_after: datetime | None = None,
    priority: str | None = None, parent_task_id: UUID | None = None, q: str | None = None,
) -> list[asyncpg.Record]:
    """Visible tasks, newest first; `after` is the (created_at, id) of the previous page's last."""
    return await conn.fetch(
        f"""SELECT {_columns(('$1', '$2'))} FROM tasks t
            WHERE {channel_id_visible('t.channel_id', '$1', '$2')}
              AND ($3::timestamptz IS NULL OR (t.created_at, t.id) < ($3, $4::uuid))
              AND ($5::uuid IS NULL OR t.channel_id = $5)
              AND ($6::text[] IS NULL OR t.status::text = ANY($6))
              AND ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignees fa
                                                WHERE fa.task_id = t.id AND fa.user_id = $7))
              AND ($8::timestamptz IS NULL OR t.due_date < $8)
              AND ($9::timestamptz IS NULL OR t.due_date >= $9)
              AND ($10::text IS NULL OR t.priority::text = $10)
              AND ($11::uuid IS NULL OR t.parent_task_id = $11)
              AND ($12::text IS NULL OR t.title ILIKE '%' || $12 || '%' OR t.description ILIKE '%' || $12 || '%')
            ORDER BY t.created_at DESC, t.id DESC LIMIT $13""",
        user_id, role, after[0] if after else None, after[1] if after else None, channel_id,
        statuses or None, assignee_id, due_before, due_after, priority, parent_task_id, q, limit,
    )


async def dependencies(
    conn: asyncpg.Connection | asyncpg.Pool, task_id: UUID, user_id: UUID, role: str
) -> list[asyncpg.Record]:
    """Both directions: what this task waits on (`depends_on`) and what waits on it (`dependent`).

    Rows whose other task the user cannot see are left out.
    """
    return await conn.fetch(
        f"""SELECT d.id, d.task_id, d.depends_on_task_id, d.dependency_type::text AS dependency_type,
                   d.created_by, d.created_at,
                   CASE WHEN d.task_id = $1 THEN 'depends_on' ELSE 'dependent' END AS direction,
                   o.id AS other_task_id, o.title AS other_title, o.status::text AS other_status
            FROM task_dependencies d
            JOIN tasks o ON o.id = CASE WHEN d.task_id = $1 THEN d.depends_on_task_id ELSE d.task_id END
            WHERE (d.task_id = $1 OR d.depends_on_task_id = $1)
              AND {channel_id_visible('o.channel_id', '$2', '$3')}
            ORDER BY d.created_at, d.id""",
        task_id, user_id, role,
    )


async def find_cycle(conn: asyncpg.Connection | asyncpg.Pool, task_id: UUID, depends_on_task_id: UUID
                     ) -> list[asyncpg.Record] | None:
    """The cycle that `task_id` waiting on `depends_on_task_id` would close, as (id, title) rows in order
    starting at `task_id`; None when the new edge is safe. Only blocking types are followed.

    The recursive query collects the edges reachable from `depends_on_task_id` (UNION keeps it
    bounded by the number of edges, whatever the shape of the graph); the shortest way back to
    `task_id` is then found breadth-first.
    """
    edges = await conn.fetch(
        """WITH RECURSIVE reach(via, node) AS (
               SELECT NULL::uuid, $2::uuid
               UNION
               SELECT d.task_id, d.depends_on_task_id
               FROM reach r JOIN task_dependencies d ON d.task_id = r.node
               WHERE d.dependency_type <> 'parallel' AND r.node <> $1
           )
           SELECT via, node FROM reach WHERE via IS NOT NULL""",
        task_id, depends_on_task_id,
    )
    nexts: dict[UUID, list[UUID]] = {}
    for e in edges:
        nexts.setdefault(e["via"], []).append(e["node"])
    came_from: dict[UUID, UUID | None] = {depends_on_task_id: None}
    frontier = [depends_on_task_id]
    while frontier and task_id not in came_from:
        following = []
        for node in frontier:
            for nxt in nexts.get(node, []):
                if nxt not in came_from:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    if task_id not in came_from:
        return None
    path: list[UUID] = []
    at: UUID | None = came_from[task_id]
    while at is not None:
        path.append(at)
        at = came_from[at]
    ids = [task_id, *reversed(path)]
    titles = {r["id"]: r for r in await conn.fetch("SELECT id, title FROM tasks WHERE id = ANY($1)", ids)}
    return [titles[i] for i in ids if i in titles]


# --- writes ------------------------------------------------------------------------------


async def create(uow: Unit, fields: dict[str, Any], assignee_ids: list[UUID] | tuple[UUID, ...] = ()
                 ) -> asyncpg.Record:
    """Create a task (a subtask takes its parent's channel) and assign people, notifying each."""
    conn = uow.conn
    channel_id = fields.get("channel_id")
    if fields.get("parent_task_id") is not None:
        parent = await conn.fetchrow("SELECT channel_id FROM tasks WHERE id = $1", fields["parent_task_id"])
        if parent is not None:
            channel_id = parent["channel_id"]
    status = fields.get("status") or "todo"
    task_id = await conn.fetchval(
        """INSERT INTO tasks (channel_id, parent_task_id, title, description, status, priority, due_date,
                              estimated_hours, tags, metadata, created_by, completed_at)
           VALUES ($1, $2, $3, $4, $5::task_status, $6, $7, $8, $9, $10, $11,
                   CASE WHEN $5::task_status = 'completed' THEN now() END)
           RETURNING id""",
        channel_id, fields.get("parent_task_id"), fields["title"].strip(), fields.get("description"), status,
        fields.get("priority") or "medium", fields.get("due_date"), fields.get("estimated_hours"),
        fields.get("tags") or [], fields.get("metadata") or {}, uow.actor_id,
    )
    created = await get(conn, task_id)
    await uow.change("task.created", "task", task_id, None, created, channel_id=channel_id)
    for user_id in dict.fromkeys(assignee_ids):
        await assign(uow, task_id, user_id)
    out = await get(conn, task_id)
    assert out is not None
    return out


_UPDATABLE = ("title", "description", "status", "priority", "due_date", "estimated_hours", "tags", "metadata")


async def update(uow: Unit, task_id: UUID, fields: dict[str, Any], *, event_type: str = "task.updated"
                 ) -> asyncpg.Record | None:
    """Change a task. Completing it stamps `completed_at`; completing or cancelling it tells the
    assignees of every task it was the last open blocker of (`task_unblocked`)."""
    before = await uow.conn.fetchrow(f"SELECT {_columns()} FROM tasks t WHERE t.id = $1 FOR UPDATE", task_id)
    if before is None:
        return None
    fields = {k: v for k, v in fields.items() if k in _UPDATABLE}
    if "title" in fields and fields["title"] is not None:
        fields["title"] = fields["title"].strip()
    if "status" in fields and fields["status"] != before["status"]:
        fields["completed_at"] = datetime.now(UTC) if fields["status"] == "completed" else None
    if not fields:
        return before
    assignments = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(fields))
    await uow.conn.execute(
        f"UPDATE tasks SET {assignments}, updated_at = now() WHERE id = $1", task_id, *fields.values()
    )
    after = await get(uow.conn, task_id)
    assert after is not None
    await uow.change(event_type, "task", task_id, before, after, channel_id=after["channel_id"])
    if after["status"] in DONE_STATUSES and before["status"] not in DONE_STATUSES:
        await _announce_unblocked(uow, after)
    return after


async def set_deadline(uow: Unit, task_id: UUID, due_date: datetime | None) -> asyncpg.Record | None:
    return await update(uow, task_id, {"due_date": due_date})


async def cancel(uow: Unit, task_id: UUID) -> asyncpg.Record | None:
    """Deleting a task cancels it: the row and its history stay."""
    return await update(uow, task_id, {"status": "cancelled"}, event_type="task.deleted")


async def _announce_unblocked(uow: Unit, done: asyncpg.Record) -> None:
    """Tasks that waited on `done` and now have no open blocker: event + one notification per assignee."""
    # Lock the waiting tasks first, then look at their blockers in a fresh statement: when two of
    # a task's blockers complete at once, the second to take the lock sees the first committed.
    waiting = await uow.conn.fetch(
        """SELECT t.id FROM tasks t
           WHERE t.id IN (SELECT dd.task_id FROM task_dependencies dd
                          WHERE dd.depends_on_task_id = $1 AND dd.dependency_type <> 'parallel')
             AND t.status NOT IN ('completed', 'cancelled')
           ORDER BY t.id FOR UPDATE""",
        done["id"],
    )
    if not waiting:
        return
    freed = await uow.conn.fetch(
        f"""SELECT t.id FROM tasks t
            WHERE t.id = ANY($1::uuid[])
              AND NOT EXISTS (SELECT 1 FROM task_dependencies d JOIN tasks b ON b.id = d.depends_on_task_id
                              WHERE d.task_id = t.id AND {_OPEN_BLOCKER})
            ORDER BY t.id""",
        [r["id"] for r in waiting],
    )
    for row in freed:
        task = await get(uow.conn, row["id"])
        assert task is not None
        await uow.emit("task.updated", "task", task["id"], task, channel_id=task["channel_id"])
        # Someone who may not see the task that was done is told their task is free, not what freed it.
        blind = set(await users_who_cannot_see_channel(uow.conn, done["channel_id"], task["assignee_ids"]))
        for user_id in task["assignee_ids"]:
            seen = user_id not in blind
            await notifications.create(
                uow, user_id, "task_unblocked", f"“{task['title']}” is no longer blocked",
                body=f"“{done['title']}” is {done['status']}." if seen else "What it waited on is done.",
                channel_id=task["channel_id"], task_id=task["id"],
                data={"unblocked_by": str(done["id"])} if seen else {},
            )


async def assign(uow: Unit, task_id: UUID, user_id: UUID) -> bool:
    """Assign a person and notify them (unless they assigned themselves); False if already assigned."""
    inserted = await uow.conn.fetchval(
        """INSERT INTO task_assignees (task_id, user_id, assigned_by) VALUES ($1, $2, $3)
           ON CONFLICT (task_id, user_id) DO NOTHING RETURNING true""",
        task_id, user_id, uow.actor_id,
    )
    if not inserted:
        return False
    task = await uow.conn.fetchrow("SELECT title, channel_id FROM tasks WHERE id = $1", task_id)
    assert task is not None
    after = {"task_id": task_id, "user_id": user_id, "channel_id": task["channel_id"]}
    await uow.change("task.assigned", "task", task_id, None, after, channel_id=task["channel_id"])
    if user_id != uow.actor_id:
        await notifications.create(uow, user_id, "assignment", f"You were assigned “{task['title']}”",
                                   channel_id=task["channel_id"], task_id=task_id)
    return True


async def unassign(uow: Unit, task_id: UUID, user_id: UUID) -> bool:
    """Remove an assignee; False if they were not assigned."""
    row = await uow.conn.fetchrow(
        """DELETE FROM task_assignees a USING tasks t
           WHERE a.task_id = $1 AND a.user_id = $2 AND t.id = a.task_id RETURNING t.channel_id""",
        task_id, user_id,
    )
    if row is None:
        return False
    before = {"task_id": task_id, "user_id": user_id, "channel_id": row["channel_id"]}
    await uow.change("task.unassigned", "task", task_id, before, None, channel_id=row["channel_id"])
    return True


_DEPENDENCY_COLUMNS = """id, task_id, depends_on_task_id, dependency_type::text AS dependency_type, created_by,
                         created_at"""


async def add_dependency(uow: Unit, task_id: UUID, depends_on_task_id: UUID, dependency_type: str = "blocks"
                         ) -> asyncpg.Record:
    """Make `task_id` wait on `depends_on_task_id`. Raises `DependencyRejected` for a self-dependency,
    a duplicate pair, or a cycle of blocking dependencies (the cycle is in `details`)."""
    conn = uow.conn
    if task_id == depends_on_task_id:
        raise DependencyRejected("self_dependency", "A task cannot depend on itself", {"task_id": str(task_id)})
    await conn.execute("SELECT pg_advisory_xact_lock($1)", _DEPENDENCY_LOCK)
    existing = await conn.fetchrow(
        f"""SELECT {_DEPENDENCY_COLUMNS} FROM task_dependencies
            WHERE task_id = $1 AND depends_on_task_id = $2""",
        task_id, depends_on_task_id,
    )
    if existing is not None:
        raise DependencyRejected("duplicate_dependency", "These tasks are already linked by a dependency",
                                 {"dependency_id": str(existing["id"]),
                                  "dependency_type": existing["dependency_type"]})
    if dependency_type in BLOCKING_TYPES:
        cycle = await find_cycle(conn, task_id, depends_on_task_id)
        if cycle:
            names = " → ".join(r["title"] for r in [*cycle, cycle[0]])
            raise DependencyRejected(
                "dependency_cycle", f"That dependency would make a cycle: {names}",
                {"cycle": [{"task_id": str(r["id"]), "title": r["title"]} for r in cycle]},
            )
    row = await conn.fetchrow(
        f"""INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type, created_by)
            VALUES ($1, $2, $3, $4) RETURNING {_DEPENDENCY_COLUMNS}""",
        task_id, depends_on_task_id, dependency_type, uow.actor_id,
    )
    assert row is not None
    channel_id, event = await _dependency_event(conn, row)
    await uow.change("dependency.added", "task_dependency", row["id"], None, event, channel_id=channel_id)
    return row


async def remove_dependency(uow: Unit, task_id: UUID, dependency_id: UUID) -> bool:
    """Remove a dependency that `task_id` takes part in (either side); False if there is none."""
    row = await uow.conn.fetchrow(
        f"""DELETE FROM task_dependencies WHERE id = $1 AND (task_id = $2 OR depends_on_task_id = $2)
            RETURNING {_DEPENDENCY_COLUMNS}""",
        dependency_id, task_id,
    )
    if row is None:
        return False
    channel_id, event = await _dependency_event(uow.conn, row)
    await uow.change("dependency.removed", "task_dependency", dependency_id, event, None, channel_id=channel_id)
    return True


async def dependency_between(conn: asyncpg.Connection, task_id: UUID, depends_on_task_id: UUID, *,
                             either_way: bool = False) -> asyncpg.Record | None:
    """The dependency by which `task_id` waits on `depends_on_task_id` (or, `either_way`, the other way
    round when there is none); None if the two are not linked."""
    return await conn.fetchrow(
        f"""SELECT {_DEPENDENCY_COLUMNS} FROM task_dependencies
            WHERE (task_id = $1 AND depends_on_task_id = $2) OR ($3 AND task_id = $2 AND depends_on_task_id = $1)
            ORDER BY (task_id = $1) DESC LIMIT 1""",
        task_id, depends_on_task_id, either_way,
    )


async def _dependency_event(conn: asyncpg.Connection, row: Any) -> tuple[UUID | None, dict[str, Any]]:
    """(the waiting task's channel: the event's audience, the payload naming the other task's channel).

    Only whoever may see both tasks receives the event (`store.event_types.DependencyAdded`).
    """
    channels = await conn.fetchrow(
        "SELECT (SELECT channel_id FROM tasks WHERE id = $1) AS own, (SELECT channel_id FROM tasks WHERE id = $2) AS other",
        row["task_id"], row["depends_on_task_id"],
    )
    assert channels is not None
    return channels["own"], {**dict(row), "depends_on_channel_id": channels["other"]}
