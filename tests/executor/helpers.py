"""Demo-organisation lookups and a whole-database fingerprint for rollback checks."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from executor.run import Speaker

TABLES = ("users", "categories", "channels", "channel_members", "channel_relationships", "tasks", "task_assignees",
          "task_dependencies", "shared_resources", "resource_links", "messages", "notifications", "audit_log",
          "events", "voice_commands", "conversation_state")


async def person(pool: asyncpg.Pool, first_name: str) -> Speaker:
    row = await pool.fetchrow("SELECT id, role::text AS role, full_name FROM users WHERE full_name LIKE $1 || ' %'",
                              first_name)
    assert row is not None, first_name
    return Speaker(row["id"], row["role"], row["full_name"])


async def channel_id(pool: asyncpg.Pool, name: str) -> UUID:
    value = await pool.fetchval("SELECT id FROM channels WHERE name = $1", name)
    assert value is not None, name
    return value


async def fingerprint(pool: asyncpg.Pool) -> dict[str, Any]:
    """Every table's row count and an md5 of its full contents: equal means byte-for-byte equal."""
    out: dict[str, Any] = {}
    for table in TABLES:
        out[table] = await pool.fetchrow(
            f"SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM {table} t"
        )
        out[table] = tuple(out[table])
    return out
