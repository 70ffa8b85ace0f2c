"""The organisation as one speaker may see it: the snapshot commands are understood against,
and the lookups the executor uses to check a plan before running it."""

from __future__ import annotations

from typing import Any, TypeAlias
from uuid import UUID

import asyncpg

from store.access import channel_id_visible, channel_visible, resource_visible

Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool


async def snapshot(conn: Conn, user_id: UUID, role: str, *, task_limit: int = 2000) -> dict[str, list[Any]]:
    """What `user_id` may see, and nothing more: people, categories, visible channels, visible open tasks
    (recent first; `blockers`: the open tasks each waits on) and visible resources, by the same `store.access` predicates REST reads use."""
    people = await conn.fetch(
        "SELECT id, email, full_name, nicknames, role::text AS role, department FROM users WHERE is_active"
    )
    categories = await conn.fetch("SELECT id, name FROM categories ORDER BY name")
    channels = await conn.fetch(
        f"""SELECT c.id, c.name, c.category_id, c.status::text AS status, c.privacy::text AS privacy,
                   coalesce((SELECT array_agg(m.user_id) FROM channel_members m WHERE m.channel_id = c.id), '{{}}')
                       AS members
            FROM channels c WHERE {channel_visible('c', '$1', '$2')} ORDER BY c.updated_at DESC""",
        user_id, role,
    )
    tasks = await conn.fetch(
        f"""SELECT t.id, t.title, t.channel_id, t.status::text AS status, t.parent_task_id, t.due_date,
                   coalesce((SELECT array_agg(a.user_id) FROM task_assignees a WHERE a.task_id = t.id), '{{}}')
                       AS assignees
            FROM tasks t
            WHERE t.status NOT IN ('cancelled') AND {channel_id_visible('t.channel_id', '$1', '$2')}
            ORDER BY (t.status = 'completed'), t.updated_at DESC LIMIT $3""",
        user_id, role, task_limit,
    )
    # what each of those tasks waits on, in one indexed read (a subquery per task cost ~20 ms at 2 000 tasks);
    # the caller keeps only blockers among the tasks above: one the speaker cannot see is never named to them
    blockers = await conn.fetch(
        """SELECT d.task_id, d.depends_on_task_id FROM task_dependencies d
           JOIN tasks o ON o.id = d.depends_on_task_id
           WHERE d.task_id = ANY($1::uuid[]) AND d.dependency_type <> 'parallel'
             AND o.status NOT IN ('completed', 'cancelled')
           ORDER BY d.created_at, d.id""",
        [r["id"] for r in tasks],
    )
    resources = await conn.fetch(
        f"""SELECT r.id, r.name, r.resource_type::text AS resource_type FROM shared_resources r
            WHERE {resource_visible('r', '$1', '$2')} ORDER BY r.updated_at DESC""",
        user_id, role,
    )
    return {"people": people, "categories": categories, "channels": channels, "tasks": tasks,
            "blockers": blockers, "resources": resources}


async def visible_task(conn: Conn, task_id: UUID, user_id: UUID, role: str) -> asyncpg.Record | None:
    """A task the user may see, with what permission checks need (creator, assignees, channel)."""
    return await conn.fetchrow(
        f"""SELECT t.id, t.title, t.channel_id, t.status::text AS status, t.created_by, t.parent_task_id,
                   coalesce((SELECT array_agg(a.user_id) FROM task_assignees a WHERE a.task_id = t.id), '{{}}')
                       AS assignee_ids
            FROM tasks t WHERE t.id = $1 AND {channel_id_visible('t.channel_id', '$2', '$3')}""",
        task_id, user_id, role,
    )



async def load_conversation(conn: Conn, user_id: UUID) -> dict[str, Any]:
    state = await conn.fetchval("SELECT state FROM conversation_state WHERE user_id = $1", user_id)
    return state or {}


async def save_conversation(conn: Conn, user_id: UUID, state: dict[str, Any]) -> None:
    await conn.execute(
        """INSERT INTO conversation_state (user_id, state, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (user_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()""",
        user_id, state,
    )
