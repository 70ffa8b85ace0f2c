"""Users: the organisation's people, with roles and password hashes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

COLUMNS = """id, email, full_name, nicknames, role::text AS role, department, language, timezone,
             avatar_color, is_active, preferences, last_seen_at, created_at, updated_at"""


async def get(conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM users WHERE id = $1", user_id)


async def get_auth(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, family_id: UUID | None = None
) -> asyncpg.Record | None:
    """The few columns every authenticated request needs, and whether the sign-in (refresh-token
    family) the access token belongs to has been revoked — one round trip."""
    return await conn.fetchrow(
        """SELECT id, role::text AS role, is_active, full_name, email, language, timezone,
                  ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM refresh_tokens rt
                                                    WHERE rt.family_id = $2 AND rt.revoked_at IS NOT NULL))
                      AS signed_out
           FROM users WHERE id = $1""",
        user_id, family_id,
    )


async def by_email(conn: asyncpg.Connection | asyncpg.Pool, email: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)", email
    )


async def password_hash(conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID) -> str | None:
    value: str | None = await conn.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id)
    return value


async def create(conn: asyncpg.Connection, fields: dict[str, Any]) -> asyncpg.Record:
    row = await conn.fetchrow(
        f"""INSERT INTO users (email, full_name, nicknames, role, department, language, timezone,
                               avatar_color, password_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}""",
        fields["email"], fields["full_name"], fields.get("nicknames") or [], fields.get("role", "staff"),
        fields.get("department"), fields.get("language", "en"), fields.get("timezone", "UTC"),
        fields.get("avatar_color"), fields["password_hash"],
    )
    assert row is not None
    return row


_UPDATABLE = ("full_name", "nicknames", "role", "department", "language", "timezone", "avatar_color",
              "is_active", "preferences", "password_hash")


async def update(conn: asyncpg.Connection, user_id: UUID, fields: dict[str, Any]) -> asyncpg.Record | None:
    sets = [k for k in fields if k in _UPDATABLE]
    if not sets:
        return await get(conn, user_id)
    assignments = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(sets))
    return await conn.fetchrow(
        f"UPDATE users SET {assignments}, updated_at = now() WHERE id = $1 RETURNING {COLUMNS}",
        user_id, *[fields[k] for k in sets],
    )


async def list_page(
    conn: asyncpg.Connection | asyncpg.Pool, *, after: tuple[str, UUID] | None, limit: int,
    role: str | None = None, q: str | None = None, include_inactive: bool = False,
) -> list[asyncpg.Record]:
    """Users ordered by name then id; `after` is the (full_name, id) cursor of the previous page."""
    return await conn.fetch(
        f"""SELECT {COLUMNS} FROM users
            WHERE ($1::text IS NULL OR (full_name, id) > ($1, $2::uuid))
              AND ($3::text IS NULL OR role::text = $3)
              AND ($4::text IS NULL OR full_name ILIKE '%' || $4 || '%' OR email ILIKE '%' || $4 || '%')
              AND ($5 OR is_active)
            ORDER BY full_name, id LIMIT $6""",
        after[0] if after else None, after[1] if after else None, role, q, include_inactive, limit,
    )


async def directory(conn: asyncpg.Connection | asyncpg.Pool) -> list[asyncpg.Record]:
    """Every active person, for name resolution in commands."""
    return await conn.fetch(
        "SELECT id, email, full_name, nicknames, role::text AS role, department, language FROM users "
        "WHERE is_active ORDER BY full_name"
    )


async def missing(conn: asyncpg.Connection | asyncpg.Pool, ids: list[UUID]) -> list[UUID]:
    """Those of `ids` that are not active users."""
    if not ids:
        return []
    found = {r["id"] for r in await conn.fetch("SELECT id FROM users WHERE id = ANY($1) AND is_active", ids)}
    return [i for i in ids if i not in found]


async def first_names(conn: asyncpg.Connection | asyncpg.Pool, ids: list[UUID]) -> list[str]:
    """First names of `ids`, in the given order (for summaries a person reads)."""
    if not ids:
        return []
    rows = await conn.fetch("SELECT id, split_part(full_name, ' ', 1) AS first FROM users WHERE id = ANY($1)", ids)
    names = {r["id"]: r["first"] for r in rows}
    return [names[i] for i in ids if i in names]


async def set_preferences(conn: asyncpg.Connection, user_id: UUID, values: dict[str, Any]) -> dict[str, Any]:
    """Merge `values` into a person's preferences (a None value removes that key); returns them all."""
    kept = {k: v for k, v in values.items() if v is not None}
    dropped = [k for k, v in values.items() if v is None]
    row = await conn.fetchval(
        """UPDATE users SET preferences = (preferences || $2::jsonb) - $3::text[], updated_at = now()
           WHERE id = $1 RETURNING preferences""",
        user_id, kept, dropped)
    return dict(row or {})
