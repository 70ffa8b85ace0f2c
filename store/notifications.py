"""Notifications: what a person is told (assignment, mention, invite, reminder, unblock)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from store.access import notification_visible
from store.unit import Unit

COLUMNS = """id, user_id, type::text AS type, title, body, channel_id, task_id, message_id, data, is_read,
             read_at, scheduled_for, delivered_at, created_by, created_at"""
# Its recipient may still see what it is about (their role read from `users`: the predicate's parameters).
_SEEN = notification_visible("n", "n.user_id", "(SELECT u.role FROM users u WHERE u.id = n.user_id)")


async def create(
    uow: Unit, user_id: UUID, type: str, title: str, *, body: str | None = None,
    channel_id: UUID | None = None, task_id: UUID | None = None, message_id: UUID | None = None,
    data: dict[str, Any] | None = None, scheduled_for: datetime | None = None,
) -> asyncpg.Record:
    """Create a notification; one scheduled in the future is delivered later by the scheduler."""
    due_now = scheduled_for is None or scheduled_for <= datetime.now(UTC)
    row = await uow.conn.fetchrow(
        f"""INSERT INTO notifications (user_id, type, title, body, channel_id, task_id, message_id, data,
                                       scheduled_for, delivered_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END, $11)
            RETURNING {COLUMNS}""",
        user_id, type, title, body, channel_id, task_id, message_id, data or {}, scheduled_for, due_now,
        uow.actor_id,
    )
    assert row is not None
    await uow.audit("notification.created", "notification", row["id"], None, row)
    if due_now:
        await uow.emit("notification.created", "notification", row["id"], row, user_ids=[user_id])
    return row


async def list_page(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, *, after: tuple[datetime, UUID] | None,
    limit: int, unread_only: bool = False,
) -> list[asyncpg.Record]:
    """Delivered notifications, newest first; those about what the user can no longer see are left out."""
    return await conn.fetch(
        f"""SELECT {COLUMNS} FROM notifications n
            WHERE user_id = $1 AND delivered_at IS NOT NULL AND voided_at IS NULL AND (NOT $2 OR NOT is_read)
              AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
              AND {_SEEN}
            ORDER BY created_at DESC, id DESC LIMIT $5""",
        user_id, unread_only, after[0] if after else None, after[1] if after else None, limit,
    )


async def unread_count(conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID) -> int:
    return int(await conn.fetchval(
        f"""SELECT count(*) FROM notifications n
            WHERE user_id = $1 AND NOT is_read AND delivered_at IS NOT NULL AND voided_at IS NULL AND {_SEEN}""",
        user_id,
    ))


async def mark_read(uow: Unit, user_id: UUID, ids: list[UUID] | None) -> int:
    """Mark the given notifications (or all, when `ids` is None) read; returns how many changed."""
    rows = await uow.conn.fetch(
        """UPDATE notifications SET is_read = true, read_at = now()
           WHERE user_id = $1 AND NOT is_read AND ($2::uuid[] IS NULL OR id = ANY($2)) RETURNING id""",
        user_id, ids,
    )
    if rows:
        changed = [r["id"] for r in rows]
        await uow.emit("notification.read", "notification", None, {"ids": changed}, user_ids=[user_id])
    return len(rows)


async def claim_due(conn: asyncpg.Connection, limit: int = 100) -> list[asyncpg.Record]:
    """Lock scheduled notifications whose time has come (SKIP LOCKED: safe with several nodes);
    `seen` says whether the recipient may still see what it is about (if not, it is not announced)."""
    return await conn.fetch(
        f"""SELECT {COLUMNS}, {_SEEN} AS seen FROM notifications n
            WHERE delivered_at IS NULL AND voided_at IS NULL AND scheduled_for <= now()
            ORDER BY scheduled_for LIMIT $1 FOR UPDATE SKIP LOCKED""",
        limit,
    )


async def mark_delivered(conn: asyncpg.Connection, notification_id: UUID) -> None:
    await conn.execute("UPDATE notifications SET delivered_at = now() WHERE id = $1", notification_id)


async def get_own(conn: asyncpg.Connection | asyncpg.Pool, notification_id: UUID, user_id: UUID
                  ) -> asyncpg.Record | None:
    """One delivered notification of `user_id`, or None (someone else's is as good as missing)."""
    return await conn.fetchrow(
        f"""SELECT {COLUMNS} FROM notifications n
            WHERE id = $1 AND user_id = $2 AND delivered_at IS NOT NULL AND voided_at IS NULL AND {_SEEN}""",
        notification_id, user_id,
    )
