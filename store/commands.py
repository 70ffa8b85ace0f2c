"""Voice and typed command history (the VoiceCommands table)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool
COLUMNS = """id, user_id, session_id, source, transcript, language, intent_analysis, actions_planned,
             actions_executed, status::text AS status, processing_time_ms, timings, error_details,
             idempotency_key, created_at, updated_at,
             (SELECT u.full_name FROM users u WHERE u.id = voice_commands.user_id) AS speaker_name"""


async def insert(conn: Conn, fields: dict[str, Any]) -> asyncpg.Record:
    row = await conn.fetchrow(
        f"""INSERT INTO voice_commands (id, user_id, session_id, source, transcript, language, intent_analysis,
                                        actions_planned, actions_executed, status, processing_time_ms, timings,
                                        error_details, idempotency_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING {COLUMNS}""",
        fields["id"], fields["user_id"], fields.get("session_id"), fields.get("source", "text"),
        fields["transcript"], fields.get("language", "en"), fields.get("intent_analysis") or {},
        fields.get("actions_planned") or [], fields.get("actions_executed") or [], fields["status"],
        fields.get("processing_time_ms"), fields.get("timings") or {}, fields.get("error_details"),
        fields.get("idempotency_key"),
    )
    assert row is not None
    return row


async def by_idempotency_key(conn: Conn, user_id: UUID, key: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {COLUMNS} FROM voice_commands WHERE user_id = $1 AND idempotency_key = $2", user_id, key
    )


async def get(conn: Conn, command_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM voice_commands WHERE id = $1", command_id)


async def update_timings(conn: Conn, command_id: UUID, timings: dict[str, Any]) -> None:
    """Merge late timings (e.g. the voice layer's end-of-speech figures) into a stored command."""
    await conn.execute(
        "UPDATE voice_commands SET timings = timings || $2::jsonb, updated_at = now() WHERE id = $1",
        command_id, timings,
    )


async def list_page(
    conn: Conn, *, user_id: UUID | None, after: tuple[datetime, UUID] | None, limit: int,
    status: str | None = None, source: str | None = None,
) -> list[asyncpg.Record]:
    """Newest first; `user_id` None lists everyone's (for the CEO)."""
    return await conn.fetch(
        f"""SELECT {COLUMNS} FROM voice_commands
            WHERE ($1::uuid IS NULL OR user_id = $1)
              AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
              AND ($4::text IS NULL OR status::text = $4)
              AND ($5::text IS NULL OR source = $5)
            ORDER BY created_at DESC, id DESC LIMIT $6""",
        user_id, after[0] if after else None, after[1] if after else None, status, source, limit,
    )
