"""Refresh tokens: stored as hashes, rotated on use, revoked by family on reuse."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg


async def insert(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, family_id: UUID, token_hash: str, expires_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
        user_id, family_id, token_hash, expires_at,
    )


async def lock_by_hash(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens "
        "WHERE token_hash = $1 FOR UPDATE",
        token_hash,
    )


async def mark_used(conn: asyncpg.Connection, token_id: UUID) -> None:
    await conn.execute("UPDATE refresh_tokens SET used_at = now() WHERE id = $1", token_id)


async def revoke_family(conn: asyncpg.Connection | asyncpg.Pool, family_id: UUID) -> None:
    await conn.execute(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL", family_id
    )


async def revoke_user(conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID) -> None:
    await conn.execute(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", user_id
    )


async def owner_and_family(conn: asyncpg.Connection | asyncpg.Pool, token_hash: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = $1", token_hash)


async def revoked_families(conn: asyncpg.Connection | asyncpg.Pool, family_ids: list[UUID]) -> set[UUID]:
    """Those of `family_ids` (sign-ins) that were revoked: signed out, or a spent token reused."""
    rows = await conn.fetch(
        "SELECT DISTINCT family_id FROM refresh_tokens WHERE family_id = ANY($1) AND revoked_at IS NOT NULL",
        family_ids,
    )
    return {r["family_id"] for r in rows}
