"""Voice and typed command history (the VoiceCommands table)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any, TypeAlias
from uuid import UUID

import asyncpg

Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool
COLUMNS = """id, user_id, session_id, source, transcript, language, intent_analysis, actions_planned,
             actions_executed, status::text AS status, processing_time_ms, timings, error_details,
             idempotency_key, created_at, updated_at,
             (SELECT u.full_name FROM users u WHERE u.id = voice_commands.user_id) AS speaker_name"""


async def insert(conn: Conn, fields: dict[str, Any]) -> asyncpg.Record:
    """Store a command's record; a row already claimed under its id (see `claim`) is completed instead."""
    row = await conn.fetchrow(
        f"""INSERT INTO voice_commands (id, user_id, session_id, source, transcript, language, intent_analysis,
                                        actions_planned, actions_executed, status, processing_time_ms, timings,
                                        error_details, idempotency_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (id) DO UPDATE SET
                session_id = EXCLUDED.session_id, source = EXCLUDED.source, transcript = EXCLUDED.transcript,
                language = EXCLUDED.language, intent_analysis = EXCLUDED.intent_analysis,
                actions_planned = EXCLUDED.actions_planned, actions_executed = EXCLUDED.actions_executed,
                status = EXCLUDED.status, processing_time_ms = EXCLUDED.processing_time_ms,
                timings = EXCLUDED.timings, error_details = EXCLUDED.error_details, updated_at = now()
            RETURNING {COLUMNS}""",
        fields["id"], fields["user_id"], fields.get("session_id"), fields.get("source", "text"),
        fields["transcript"], fields.get("language", "en"), fields.get("intent_analysis") or {},
        fields.get("actions_planned") or [], fields.get("actions_executed") or [], fields["status"],
        fields.get("processing_time_ms"), fields.get("timings") or {}, fields.get("error_details"),
        fields.get("idempotency_key"),
    )
    assert row is not None
    return row


async def claim(conn: Conn, command_id: UUID, user_id: UUID, key: str, transcript: str, source: str,
                session_id: str | None) -> bool:
    """Take an idempotency key for a command about to run (status 'processing'); False if it is taken."""
    claimed = await conn.fetchval(
        """INSERT INTO voice_commands (id, user_id, session_id, source, transcript, status, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, 'processing', $6)
           ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
           RETURNING true""",
        command_id, user_id, session_id, source, transcript, key,
    )
    return bool(claimed)


async def abandon(conn: Conn, command_id: UUID) -> None:
    """A claimed command that could not finish fails, so whoever waits on its key gets an answer."""
    await conn.execute(
        """UPDATE voice_commands SET status = 'failed', updated_at = now(),
                  error_details = '{"code": "internal_error", "message": "The command could not be run",
                                    "details": {}}'::jsonb
           WHERE id = $1 AND status = 'processing'""",
        command_id,
    )


async def settled(conn: Conn, user_id: UUID, key: str, *, timeout_s: float = 120.0) -> asyncpg.Record | None:
    """The command stored under `key` once it has an outcome (waiting while another request runs it)."""
    deadline = time.monotonic() + timeout_s
    pause = 0.01
    while True:
        row = await by_idempotency_key(conn, user_id, key)
        if row is None or row["status"] not in ("pending", "processing") or time.monotonic() >= deadline:
            return row
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.2)


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


async def last_status(conn: Conn, user_id: UUID) -> str | None:
    """How the user's latest finished command ended ("completed", "failed", "needs_clarification")."""
    status: str | None = await conn.fetchval(
        """SELECT status::text FROM voice_commands WHERE user_id = $1 AND status NOT IN ('pending', 'processing')
           ORDER BY created_at DESC LIMIT 1""",
        user_id,
    )
    return status


async def last_undoable(conn: Conn, user_id: UUID) -> asyncpg.Record | None:
    """The user's latest command that changed something ("undo that"; an undo counts: undoing it redoes)."""
    return await conn.fetchrow(
        f"""SELECT {COLUMNS} FROM voice_commands
            WHERE user_id = $1 AND status = 'completed'
              AND EXISTS (SELECT 1 FROM audit_log a WHERE a.command_id = voice_commands.id)
            ORDER BY created_at DESC, id DESC LIMIT 1""",
        user_id,
    )
