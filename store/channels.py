"""Channels, their members and their relationships. Writes audit and emit in the caller's unit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from store.access import channel_visible
from store.unit import Unit

COLUMNS = """c.id, c.name, c.description, c.category_id, c.privacy::text AS privacy, c.status::text AS status,
             c.tags, c.metadata, c.created_by, c.archived_at, c.created_at, c.updated_at,
             (SELECT count(*) FROM channel_members cm WHERE cm.channel_id = c.id)::int AS member_count"""


async def get(conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM channels c WHERE c.id = $1", channel_id)


async def get_visible(
    conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID, user_id: UUID, role: str
) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"""SELECT {COLUMNS},
                   (SELECT m.role::text FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = $2)
                       AS my_role
            FROM channels c WHERE c.id = $1 AND {channel_visible('c', '$2', '$3')}""",
        channel_id, user_id, role,
    )


# The unique index of migration 0003: one active channel per normalised name.
NAME_INDEX = "channels_active_name_key"


async def active_named(
    conn: asyncpg.Connection | asyncpg.Pool, name: str, *, other_than: UUID | None = None
) -> asyncpg.Record | None:
    """The active (not archived) channel whose name equals `name` ignoring case and spacing."""
    return await conn.fetchrow(
        """SELECT c.id, c.name FROM channels c
           WHERE c.status <> 'archived' AND channel_name_key(c.name) = channel_name_key($1)
             AND c.id IS DISTINCT FROM $2""",
        name, other_than,
    )


async def list_visible(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, role: str, *, after: tuple[datetime, UUID] | None,
    limit: int, category_id: UUID | None = None, status: str | None = None, q: str | None = None,
    member: bool = False,
) -> list[asyncpg.Record]:
    """Visible channels, newest first; `after` is the (created_at, id) of the previous page's last."""
    return await conn.fetch(
        f"""SELECT {COLUMNS},
                   (SELECT m.role::text FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = $1)
                       AS my_role
            FROM channels c
            WHERE {channel_visible('c', '$1', '$2')}
              AND ($3::timestamptz IS NULL OR (c.created_at, c.id) < ($3, $4::uuid))
              AND ($5::uuid IS NULL OR c.category_id = $5)
              AND ($6::text IS NULL OR c.status::text = $6)
              AND ($7::text IS NULL OR c.name ILIKE '%' || $7 || '%')
              AND (NOT $8 OR EXISTS (SELECT 1 FROM channel_members mm WHERE mm.channel_id = c.id
                                                                      AND mm.user_id = $1))
            ORDER BY c.created_at DESC, c.id DESC LIMIT $9""",
        user_id, role, after[0] if after else None, after[1] if after else None, category_id, status, q,
        member, limit,
    )


async def create(uow: Unit, fields: dict[str, Any], members: list[tuple[UUID, str]]) -> asyncpg.Record:
    """Create a channel; the creator becomes its owner; `members` are (user_id, role)."""
    conn = uow.conn
    row = await conn.fetchrow(
        """INSERT INTO channels (name, description, category_id, privacy, status, tags, metadata, created_by)
           VALUES ($1, $2, $3, $4, 'active', $5, $6, $7) RETURNING id""",
        fields["name"].strip(), fields.get("description"), fields.get("category_id"),
        fields.get("privacy", "public"), fields.get("tags") or [], fields.get("metadata") or {}, uow.actor_id,
    )
    assert row is not None
    channel_id = row["id"]
    await conn.execute(
        "INSERT INTO channel_members (channel_id, user_id, role, added_by) VALUES ($1, $2, 'owner', $2)",
        channel_id, uow.actor_id,
    )
    created = await get(conn, channel_id)
    await uow.change("channel.created", "channel", channel_id, None, created, channel_id=channel_id)
    for user_id, role in members:
        if user_id != uow.actor_id:
            await add_member(uow, channel_id, user_id, role)
    out = await get(conn, channel_id)
    assert out is not None
    return out


_UPDATABLE = ("name", "description", "category_id", "privacy", "status", "tags", "metadata", "archived_at")


async def update(uow: Unit, channel_id: UUID, fields: dict[str, Any]) -> asyncpg.Record | None:
    before = await uow.conn.fetchrow(f"SELECT {COLUMNS} FROM channels c WHERE c.id = $1 FOR UPDATE", channel_id)
    if before is None:
        return None
    fields = {k: v for k, v in fields.items() if k in _UPDATABLE}
    if "status" in fields:
        fields["archived_at"] = (before["archived_at"] or datetime.now(UTC)) if fields["status"] == "archived" else None
    if not fields:
        return before
    assignments = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(fields))
    await uow.conn.execute(
        f"UPDATE channels SET {assignments}, updated_at = now() WHERE id = $1", channel_id, *fields.values()
    )
    after = await get(uow.conn, channel_id)
    await uow.change("channel.updated", "channel", channel_id, before, after, channel_id=channel_id)
    return after


async def members(conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT m.user_id, u.full_name, u.email, u.role::text AS user_role, m.role::text AS role,
                  m.added_by, m.joined_at
           FROM channel_members m JOIN users u ON u.id = m.user_id
           WHERE m.channel_id = $1 ORDER BY u.full_name""",
        channel_id,
    )


async def add_member(uow: Unit, channel_id: UUID, user_id: UUID, role: str = "member") -> bool:
    """Add (or re-role) a member and notify them; False if they were already in with that role."""
    row = await uow.conn.fetchrow(
        """INSERT INTO channel_members (channel_id, user_id, role, added_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (channel_id, user_id) DO UPDATE SET role = EXCLUDED.role
               WHERE channel_members.role <> EXCLUDED.role
           RETURNING (xmax = 0) AS inserted""",
        channel_id, user_id, role, uow.actor_id,
    )
    if row is None:
        return False
    after = {"channel_id": channel_id, "user_id": user_id, "role": role}
    await uow.change("channel.member_added", "channel", channel_id, None, after, channel_id=channel_id)
    if row["inserted"] and user_id != uow.actor_id:
        from store import notifications

        name = await uow.conn.fetchval("SELECT name FROM channels WHERE id = $1", channel_id)
        await notifications.create(uow, user_id, "channel_invite", f"You were added to #{name}",
                                   channel_id=channel_id)
    return True


async def remove_member(uow: Unit, channel_id: UUID, user_id: UUID) -> bool:
    row = await uow.conn.fetchrow(
        "DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2 RETURNING role::text AS role",
        channel_id, user_id,
    )
    if row is None:
        return False
    before = {"channel_id": channel_id, "user_id": user_id, "role": row["role"]}
    await uow.audit("channel.member_removed", "channel", channel_id, before, None)
    # The removed person must hear of it too, though they can no longer see a private channel.
    await uow.emit("channel.member_removed", "channel", channel_id, before, channel_id=channel_id)
    await uow.emit("channel.member_removed", "channel", channel_id, before, user_ids=[user_id])
    return True


async def relationships(conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT r.id, r.source_channel_id, r.target_channel_id, r.relationship_type::text AS relationship_type,
                  r.created_by, r.created_at
           FROM channel_relationships r
           WHERE r.source_channel_id = $1 OR r.target_channel_id = $1 ORDER BY r.created_at""",
        channel_id,
    )


async def link(uow: Unit, source: UUID, target: UUID, relationship_type: str) -> asyncpg.Record:
    row = await uow.conn.fetchrow(
        """INSERT INTO channel_relationships (source_channel_id, target_channel_id, relationship_type, created_by)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (source_channel_id, target_channel_id, relationship_type)
               DO UPDATE SET relationship_type = EXCLUDED.relationship_type
           RETURNING id, source_channel_id, target_channel_id, relationship_type::text AS relationship_type,
                     created_by, created_at""",
        source, target, relationship_type, uow.actor_id,
    )
    assert row is not None
    await uow.change("channel.linked", "channel_relationship", row["id"], None, row, channel_id=source)
    return row


async def unlink(uow: Unit, channel_id: UUID, relationship_id: UUID) -> bool:
    row = await uow.conn.fetchrow(
        """DELETE FROM channel_relationships WHERE id = $1 AND (source_channel_id = $2 OR target_channel_id = $2)
           RETURNING id, source_channel_id, target_channel_id, relationship_type::text AS relationship_type""",
        relationship_id, channel_id,
    )
    if row is None:
        return False
    await uow.change("channel.unlinked", "channel_relationship", relationship_id, row, None,
                     channel_id=row["source_channel_id"])
    return True
