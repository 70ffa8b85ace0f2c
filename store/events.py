"""The event outbox, read side: replay for resuming clients, relay of unpublished rows, retention.

Rows are written by `store.unit.Unit.emit`; `as_event` gives a row the same dict that `emit`
returns (both through `store.event_types.envelope`), so a replayed event and a live one are
indistinguishable. What one viewer may see inside an event is `store.event_types.for_viewer`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from store.access import channel_id_visible
from store.event_types import envelope

_COLUMNS = "id, type, entity_type, entity_id, channel_id, user_ids, actor_id, payload, created_at"


def as_event(row: Any) -> dict[str, Any]:
    """An `events` row as the dict `Unit.emit` publishes: both are built by `event_types.envelope`."""
    return envelope(id=row["id"], type=row["type"], entity_type=row["entity_type"], entity_id=row["entity_id"],
                    channel_id=row["channel_id"], user_ids=row["user_ids"], actor_id=row["actor_id"],
                    payload=row["payload"], created_at=row["created_at"])


def event_visible(user_param: str, role_param: str) -> str:
    """SQL boolean over `events e`: addressed users only see their own; channel events follow the channel."""
    return (
        f"((e.user_ids IS NULL OR {user_param} = ANY(e.user_ids)) "
        f"AND {channel_id_visible('e.channel_id', user_param, role_param)})"
    )


async def visible_after(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, role: str, after_id: int, upto_id: int,
    *, channel_ids: list[UUID] | None = None, limit: int = 500,
) -> list[dict[str, Any]]:
    """Events with `after_id < id <= upto_id` the user may see, oldest first (one page of `limit`).

    With `channel_ids`, channel events are limited to those channels; events without a channel
    (notifications, organisation-wide changes) are always included.
    """
    rows = await conn.fetch(
        f"""SELECT {_COLUMNS} FROM events e
            WHERE e.id > $3 AND e.id <= $4 AND {event_visible('$1', '$2')}
              AND ($5::uuid[] IS NULL OR e.channel_id IS NULL OR e.channel_id = ANY($5))
            ORDER BY e.id LIMIT $6""",
        user_id, role, after_id, upto_id, channel_ids, limit,
    )
    return [as_event(r) for r in rows]


async def between(conn: asyncpg.Connection | asyncpg.Pool, after_id: int, before_id: int) -> list[dict[str, Any]]:
    """Committed events with `after_id < id < before_id`, oldest first (ids missing there are in
    flight or were rolled back)."""
    rows = await conn.fetch(f"SELECT {_COLUMNS} FROM events WHERE id > $1 AND id < $2 ORDER BY id",
                            after_id, before_id)
    return [as_event(r) for r in rows]


async def channel_audiences(
    conn: asyncpg.Connection | asyncpg.Pool, channel_ids: list[UUID] | None = None
) -> list[asyncpg.Record]:
    """Each channel's privacy and member ids (all channels, or those in `channel_ids`): who hears its events."""
    return await conn.fetch(
        """SELECT c.id, c.privacy::text AS privacy,
                  coalesce(array_agg(m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS member_ids
           FROM channels c LEFT JOIN channel_members m ON m.channel_id = c.id
           WHERE $1::uuid[] IS NULL OR c.id = ANY($1)
           GROUP BY c.id""",
        channel_ids,
    )


async def bounds(conn: asyncpg.Connection | asyncpg.Pool) -> tuple[int | None, int]:
    """(oldest retained id or None when the table is empty, newest committed id or 0)."""
    row = await conn.fetchrow("SELECT min(id) AS lo, max(id) AS hi FROM events")
    assert row is not None
    return row["lo"], row["hi"] or 0


async def writers_in_flight(conn: asyncpg.Connection | asyncpg.Pool) -> set[str]:
    """Virtual transaction ids that hold a write lock on `events` right now (other than ours).

    A transaction that allocated an event id keeps that lock until it commits or rolls back,
    so once every writer seen here has finished, every id allocated before is settled.
    """
    rows = await conn.fetch(
        """SELECT l.virtualtransaction FROM pg_locks l
           WHERE l.locktype = 'relation' AND l.relation = 'events'::regclass
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND l.mode = 'RowExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()"""
    )
    return {r["virtualtransaction"] for r in rows}


async def mark_published(conn: asyncpg.Connection | asyncpg.Pool, ids: list[int]) -> None:
    await conn.execute(
        "UPDATE events SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL", ids
    )


async def claim_unpublished(
    conn: asyncpg.Connection, *, older_than_s: float, window_s: float, limit: int = 500
) -> list[dict[str, Any]]:
    """Lock unpublished events older than `older_than_s` (and newer than `window_s`), oldest first.

    SKIP LOCKED: with several nodes relaying at once each row goes to one of them. Call inside a
    transaction and `mark_published` in the same one.
    """
    rows = await conn.fetch(
        f"""SELECT {_COLUMNS} FROM events
            WHERE published_at IS NULL
              AND created_at < now() - make_interval(secs => $1)
              AND created_at > now() - make_interval(secs => $2)
            ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED""",
        older_than_s, window_s, limit,
    )
    return [as_event(r) for r in rows]


async def prune_before(conn: asyncpg.Connection | asyncpg.Pool, cutoff: datetime) -> int:
    """Delete events created before `cutoff` (the relay looks back minutes, not days, so an unpublished
    one that old is never going out); clients with older cursors must resync."""
    result = await conn.execute("DELETE FROM events WHERE created_at < $1", cutoff)
    return int(result.split()[-1])
