"""Shared resources (files and links), where they are shared, and the content-addressed file store.

Files live at `uploads_dir / sha256[:2] / sha256`: the same bytes uploaded twice are stored once.
No permission checks here: writes go through `store.domain.resources`, which applies `store.access`.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg

from store.access import channel_id_visible, resource_visible
from store.unit import Unit

COLUMNS = """r.id, r.name, r.resource_type::text AS resource_type, r.description, r.url, r.content_hash,
             r.mime_type, r.size_bytes, r.tags, r.metadata, r.uploaded_by, r.created_at, r.updated_at,
             r.file_path"""
LINK_COLUMNS = "l.id, l.resource_id, l.channel_id, l.task_id, l.category_id, l.linked_by, l.created_at"


# --- the file store ------------------------------------------------------------------------


class TooLarge(Exception):
    """The upload went past the size limit; nothing was kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"uploads are limited to {limit} bytes")
        self.limit = limit


@dataclass(frozen=True)
class StoredFile:
    content_hash: str  # sha256, hex
    size_bytes: int
    relative_path: str  # under the uploads folder
    existed: bool  # the same bytes were already stored


def blob_path(uploads_dir: Path, content_hash: str) -> Path:
    return uploads_dir / content_hash[:2] / content_hash


async def save_stream(uploads_dir: Path, chunks: AsyncIterator[bytes], max_bytes: int) -> StoredFile:
    """Write a stream to the file store, hashing as it goes; raise `TooLarge` past `max_bytes`.

    The bytes land in a temporary file first and are renamed into place, so a reader never sees a
    half-written file and an interrupted upload leaves nothing behind.
    """
    tmp_dir = uploads_dir / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{secrets.token_hex(16)}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with tmp.open("wb") as fh:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(max_bytes)
                digest.update(chunk)
                fh.write(chunk)
        content_hash = digest.hexdigest()
        final = blob_path(uploads_dir, content_hash)
        existed = final.exists()
        if not existed:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
        return StoredFile(content_hash, size, f"{content_hash[:2]}/{content_hash}", existed)
    finally:
        tmp.unlink(missing_ok=True)


# --- reads ---------------------------------------------------------------------------------


async def get(conn: asyncpg.Connection | asyncpg.Pool, resource_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM shared_resources r WHERE r.id = $1", resource_id)


async def get_visible(
    conn: asyncpg.Connection | asyncpg.Pool, resource_id: UUID, user_id: UUID, role: str
) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"""SELECT {COLUMNS} FROM shared_resources r
            WHERE r.id = $1 AND {resource_visible('r', '$2', '$3')}""",
        resource_id, user_id, role,
    )


async def list_visible(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, role: str, *, after: tuple[datetime, UUID] | None,
    limit: int, q: str | None = None, resource_type: str | None = None, channel_id: UUID | None = None,
) -> list[asyncpg.Record]:
    """Visible resources, newest first; `channel_id` keeps those shared in that channel."""
    return await conn.fetch(
        f"""SELECT {COLUMNS} FROM shared_resources r
            WHERE {resource_visible('r', '$1', '$2')}
              AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3, $4::uuid))
              AND ($5::text IS NULL OR r.name ILIKE '%' || $5 || '%' OR r.description ILIKE '%' || $5 || '%')
              AND ($6::text IS NULL OR r.resource_type::text = $6)
              AND ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM resource_links cl
                                                WHERE cl.resource_id = r.id AND cl.channel_id = $7))
            ORDER BY r.created_at DESC, r.id DESC LIMIT $8""",
        user_id, role, after[0] if after else None, after[1] if after else None, q, resource_type, channel_id,
        limit,
    )


async def links(
    conn: asyncpg.Connection | asyncpg.Pool, resource_id: UUID, user_id: UUID, role: str
) -> list[asyncpg.Record]:
    """Where the resource is shared, leaving out channels and tasks the user cannot see."""
    return await conn.fetch(
        f"""SELECT {LINK_COLUMNS} FROM resource_links l LEFT JOIN tasks lt ON lt.id = l.task_id
            WHERE l.resource_id = $1
              AND (l.category_id IS NOT NULL
                   OR (l.channel_id IS NOT NULL AND {channel_id_visible('l.channel_id', '$2', '$3')})
                   OR (l.task_id IS NOT NULL AND {channel_id_visible('lt.channel_id', '$2', '$3')}))
            ORDER BY l.created_at, l.id""",
        resource_id, user_id, role,
    )


async def get_link(conn: asyncpg.Connection | asyncpg.Pool, resource_id: UUID, link_id: UUID
                   ) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {LINK_COLUMNS} FROM resource_links l WHERE l.id = $1 AND l.resource_id = $2", link_id, resource_id
    )


# --- writes --------------------------------------------------------------------------------


async def create(uow: Unit, fields: dict[str, Any]) -> asyncpg.Record:
    """Record an uploaded file (`content_hash`, `file_path`, `size_bytes`, `mime_type`) or a link (`url`)."""
    row = await uow.conn.fetchrow(
        """INSERT INTO shared_resources (name, resource_type, description, url, file_path, content_hash,
                                         mime_type, size_bytes, tags, metadata, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""",
        fields["name"].strip(), fields.get("resource_type") or "document", fields.get("description"),
        fields.get("url"), fields.get("file_path"), fields.get("content_hash"), fields.get("mime_type"),
        fields.get("size_bytes"), fields.get("tags") or [], fields.get("metadata") or {}, uow.actor_id,
    )
    assert row is not None
    created = await get(uow.conn, row["id"])
    assert created is not None
    await uow.change("resource.created", "resource", row["id"], None, _public(created),
                     user_ids=await readers(uow.conn, row["id"]))
    return created


_UPDATABLE = ("name", "description", "resource_type", "url", "tags", "metadata")


async def update(uow: Unit, resource_id: UUID, fields: dict[str, Any]) -> asyncpg.Record | None:
    before = await uow.conn.fetchrow(
        f"SELECT {COLUMNS} FROM shared_resources r WHERE r.id = $1 FOR UPDATE", resource_id
    )
    if before is None:
        return None
    fields = {k: v for k, v in fields.items() if k in _UPDATABLE}
    if not fields:
        return before
    assignments = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(fields))
    await uow.conn.execute(
        f"UPDATE shared_resources SET {assignments}, updated_at = now() WHERE id = $1", resource_id,
        *fields.values(),
    )
    after = await get(uow.conn, resource_id)
    await uow.change("resource.updated", "resource", resource_id, _public(before), _public(after),
                     user_ids=await readers(uow.conn, resource_id))
    return after


async def delete(uow: Unit, resource_id: UUID) -> bool:
    """Delete a resource and its links. The stored bytes stay: another resource may share them."""
    audience = await readers(uow.conn, resource_id)  # while its links still say who that is
    before = await uow.conn.fetchrow(
        f"DELETE FROM shared_resources r WHERE r.id = $1 RETURNING {COLUMNS}", resource_id
    )
    if before is None:
        return False
    await uow.change("resource.deleted", "resource", resource_id, _public(before), None, user_ids=audience)
    return True


async def link(uow: Unit, resource_id: UUID, *, channel_id: UUID | None = None, task_id: UUID | None = None,
               category_id: UUID | None = None) -> asyncpg.Record:
    """Share a resource with exactly one channel, task or category; sharing it there again is a no-op."""
    conn = uow.conn
    row = await conn.fetchrow(
        """INSERT INTO resource_links (resource_id, channel_id, task_id, category_id, linked_by)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (resource_id, coalesce(channel_id, task_id, category_id)) DO NOTHING RETURNING id""",
        resource_id, channel_id, task_id, category_id, uow.actor_id,
    )
    if row is None:
        existing = await conn.fetchrow(
            f"""SELECT {LINK_COLUMNS} FROM resource_links l
                WHERE l.resource_id = $1 AND coalesce(l.channel_id, l.task_id, l.category_id) = $2""",
            resource_id, channel_id or task_id or category_id,
        )
        assert existing is not None
        return existing
    out = await get_link(conn, resource_id, row["id"])
    assert out is not None
    await uow.change("resource.shared", "resource_link", row["id"], None, await _link_event(conn, out),
                     channel_id=await _audience(conn, out))
    return out


async def unlink(uow: Unit, resource_id: UUID, link_id: UUID) -> bool:
    conn = uow.conn
    row = await conn.fetchrow(
        f"DELETE FROM resource_links l WHERE l.id = $1 AND l.resource_id = $2 RETURNING {LINK_COLUMNS}",
        link_id, resource_id,
    )
    if row is None:
        return False
    await uow.change("resource.unshared", "resource_link", link_id, await _link_event(conn, row), None,
                     channel_id=await _audience(conn, row))
    return True


async def readers(conn: asyncpg.Connection, resource_id: UUID) -> list[UUID] | None:
    """Who hears of a change to the resource: the active people `resource_visible` lets see it now,
    or None (everyone, new people too) while it is shared nowhere or with a category."""
    everyone = await conn.fetchval(
        """SELECT NOT EXISTS (SELECT 1 FROM resource_links WHERE resource_id = $1)
                  OR EXISTS (SELECT 1 FROM resource_links WHERE resource_id = $1 AND category_id IS NOT NULL)""",
        resource_id,
    )
    if everyone:
        return None
    rows = await conn.fetch(
        f"""SELECT u.id FROM users u, shared_resources r
            WHERE r.id = $1 AND u.is_active AND {resource_visible('r', 'u.id', 'u.role')} ORDER BY u.id""",
        resource_id,
    )
    return [r["id"] for r in rows]


def _public(row: Any) -> dict[str, Any] | None:
    """A resource as events and the audit log carry it: without the server's file path."""
    if row is None:
        return None
    return {k: v for k, v in dict(row).items() if k != "file_path"}


async def _link_event(conn: asyncpg.Connection, link_row: Any) -> dict[str, Any]:
    resource = await get(conn, link_row["resource_id"])
    return {**dict(link_row), "resource": _public(resource)}


async def _audience(conn: asyncpg.Connection, link_row: Any) -> UUID | None:
    """Events of a link are seen by the linked channel's (or linked task's channel's) audience."""
    if link_row["channel_id"] is not None:
        return link_row["channel_id"]  # type: ignore[no-any-return]
    if link_row["task_id"] is not None:
        return await conn.fetchval("SELECT channel_id FROM tasks WHERE id = $1", link_row["task_id"])  # type: ignore[no-any-return]
    return None
