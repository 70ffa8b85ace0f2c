"""Channel messages: threads (replies), mentions, edits and soft deletes.

No permission checks here: callers check `store.access` first. Whoever is mentioned and can see
the channel is notified (`mention`); the author is never notified of their own message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from store import notifications
from store.access import users_who_cannot_see_channel
from store.unit import Unit

COLUMNS = """m.id, m.channel_id, m.user_id, u.full_name AS author_name, m.parent_message_id,
             m.content, m.message_type::text AS message_type, m.mentions, m.metadata, m.voice_command_id,
             m.edited_at, m.deleted_at, m.created_at, m.updated_at,
             (SELECT count(*) FROM messages r WHERE r.parent_message_id = m.id AND r.deleted_at IS NULL)::int
                 AS reply_count"""
FROM = "messages m JOIN users u ON u.id = m.user_id"

_UUID_MENTION = re.compile(r"@([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")


def parse_mentions(content: str, people: Iterable[Any]) -> list[UUID]:
    """People named after an `@` in `content`, in order of appearance, each once.

    `@<user id>`, `@Full Name`, `@Firstname` and `@Nickname` all work, case-insensitively; the
    longest name that fits wins (so "@Sarah Chen" is Sarah, not an unknown "Sarah" and a stray
    "Chen"). A first name two people share mentions nobody rather than the wrong person.
    """
    known: dict[str, set[UUID]] = {}
    ids: set[UUID] = set()
    for person in people:
        ids.add(person["id"])
        names = [person["full_name"], person["full_name"].split()[0], *(person["nicknames"] or [])]
        for name in names:
            known.setdefault(name.strip().lower(), set()).add(person["id"])
    by_length = sorted(known, key=len, reverse=True)
    found: list[UUID] = []
    lowered = content.lower()
    for at in (i for i, ch in enumerate(content) if ch == "@"):
        if at > 0 and (content[at - 1].isalnum() or content[at - 1] == "_"):
            continue  # an e-mail address, not a mention
        by_id = _UUID_MENTION.match(content, at)
        if by_id:
            person_id = UUID(by_id.group(1))
            if person_id in ids and person_id not in found:
                found.append(person_id)
            continue
        for name in by_length:
            end = at + 1 + len(name)
            if lowered.startswith(name, at + 1) and (end == len(content) or not (content[end].isalnum()
                                                                                  or content[end] == "_")):
                matches = known[name]
                if len(matches) == 1:
                    (person_id,) = matches
                    if person_id not in found:
                        found.append(person_id)
                break
    return found


async def _directory(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT id, full_name, nicknames FROM users WHERE is_active")


# --- reads ---------------------------------------------------------------------------------


async def get(conn: asyncpg.Connection | asyncpg.Pool, message_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM {FROM} WHERE m.id = $1", message_id)


async def list_page(
    conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID, *, after: tuple[datetime, UUID] | None, limit: int,
    parent_message_id: UUID | None = None, top_level: bool = False,
) -> list[asyncpg.Record]:
    """A channel's messages, newest first; `parent_message_id` gives one thread's replies."""
    return await conn.fetch(
        f"""SELECT {COLUMNS} FROM {FROM}
            WHERE m.channel_id = $1
              AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2, $3::uuid))
              AND ($4::uuid IS NULL OR m.parent_message_id = $4)
              AND (NOT $5 OR m.parent_message_id IS NULL)
            ORDER BY m.created_at DESC, m.id DESC LIMIT $6""",
        channel_id, after[0] if after else None, after[1] if after else None, parent_message_id, top_level, limit,
    )


# --- writes --------------------------------------------------------------------------------


async def post(
    uow: Unit, channel_id: UUID, content: str, *, parent_message_id: UUID | None = None,
    mentions: Iterable[UUID] = (), message_type: str = "text", metadata: dict[str, Any] | None = None,
    voice_command_id: UUID | None = None,
) -> asyncpg.Record:
    """Post as the unit's actor. Mentions are the given ids plus any `@name` in the text; those who can
    see the channel are notified."""
    conn = uow.conn
    people = await _directory(conn)
    active = {p["id"] for p in people}
    mentioned = list(dict.fromkeys([*(m for m in mentions if m in active), *parse_mentions(content, people)]))
    row = await conn.fetchrow(
        """INSERT INTO messages (channel_id, user_id, parent_message_id, content, message_type, mentions,
                                 metadata, voice_command_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""",
        channel_id, uow.actor_id, parent_message_id, content, message_type, mentioned, metadata or {},
        voice_command_id,
    )
    assert row is not None
    message = await get(conn, row["id"])
    assert message is not None
    await uow.change("message.posted", "message", message["id"], None, message, channel_id=channel_id)
    await _notify_mentioned(uow, message, mentioned)
    return message


async def edit(uow: Unit, message_id: UUID, content: str) -> asyncpg.Record | None:
    """Replace the text (stamps `edited_at`); people newly mentioned are notified. None if gone."""
    conn = uow.conn
    before = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM {FROM} WHERE m.id = $1 AND m.deleted_at IS NULL FOR UPDATE OF m", message_id
    )
    if before is None:
        return None
    mentioned = parse_mentions(content, await _directory(conn))
    await conn.execute(
        """UPDATE messages SET content = $2, mentions = $3, edited_at = now(), updated_at = now()
           WHERE id = $1""",
        message_id, content, list(dict.fromkeys([*before["mentions"], *mentioned])),
    )
    after = await get(conn, message_id)
    assert after is not None
    await uow.change("message.updated", "message", message_id, before, after, channel_id=after["channel_id"])
    await _notify_mentioned(uow, after, [m for m in mentioned if m not in before["mentions"]])
    return after


async def delete(uow: Unit, message_id: UUID) -> asyncpg.Record | None:
    """Soft delete: the row stays (threads keep their shape), its text is no longer shown."""
    conn = uow.conn
    before = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM {FROM} WHERE m.id = $1 AND m.deleted_at IS NULL FOR UPDATE OF m", message_id
    )
    if before is None:
        return None
    await conn.execute("UPDATE messages SET deleted_at = now(), updated_at = now() WHERE id = $1", message_id)
    after = await get(conn, message_id)
    assert after is not None
    await uow.audit("message.deleted", "message", message_id, before, after)
    await uow.emit("message.deleted", "message", message_id,
                   {"id": message_id, "channel_id": after["channel_id"], "deleted_at": after["deleted_at"]},
                   channel_id=after["channel_id"])
    return after


async def _notify_mentioned(uow: Unit, message: Any, mentioned: list[UUID]) -> None:
    targets = [m for m in mentioned if m != uow.actor_id]
    if not targets:
        return
    blind = set(await users_who_cannot_see_channel(uow.conn, message["channel_id"], targets))
    channel_name = await uow.conn.fetchval("SELECT name FROM channels WHERE id = $1", message["channel_id"])
    preview = message["content"] if len(message["content"]) <= 200 else message["content"][:199] + "…"
    for user_id in targets:
        if user_id in blind:
            continue
        await notifications.create(
            uow, user_id, "mention", f"{message['author_name']} mentioned you in #{channel_name}", body=preview,
            channel_id=message["channel_id"], message_id=message["id"],
        )
