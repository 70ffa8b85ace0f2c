"""Messages as people post, edit and delete them, with the channel's rules."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import asyncpg

from store import access, messages
from store.access import Actor
from store.domain.guards import seen_channel, writable_channel
from store.domain.refusal import Refused, absent, forbidden
from store.unit import Unit


async def post_message(uow: Unit, actor: Actor, channel_id: UUID, content: str, *,
                       parent_message_id: UUID | None = None, mentions: Iterable[UUID] = (),
                       message_type: str = "text", voice_command_id: UUID | None = None) -> asyncpg.Record:
    """Post in a channel the actor may write in (not archived); a reply stays in its parent's channel."""
    await writable_channel(uow.conn, actor, channel_id, "messages")
    if parent_message_id is not None:
        parent = await messages.get(uow.conn, parent_message_id)
        if parent is None or parent["channel_id"] != channel_id:
            raise Refused(422, "unknown_reference", "The message replied to is not in this channel",
                          {"parent_message_id": str(parent_message_id)})
    return await messages.post(uow, channel_id, content, parent_message_id=parent_message_id, mentions=mentions,
                               message_type=message_type, voice_command_id=voice_command_id)


async def seen_message(conn: asyncpg.Connection | asyncpg.Pool, actor: Actor, message_id: UUID) -> asyncpg.Record:
    """A message (not deleted) in a channel the actor can see; else 404."""
    row = await messages.get(conn, message_id)
    if row is None or row["deleted_at"] is not None:
        raise absent("message", message_id)
    try:
        await seen_channel(conn, actor, row["channel_id"])
    except Refused:
        raise absent("message", message_id) from None
    return row


async def edit_message(uow: Unit, actor: Actor, message_id: UUID, content: str) -> asyncpg.Record:
    row = await seen_message(uow.conn, actor, message_id)
    if not access.may_edit_message(actor, row):
        raise forbidden("Only the author may edit a message")
    edited = await messages.edit(uow, message_id, content)
    if edited is None:
        raise absent("message", message_id)
    return edited


async def delete_message(uow: Unit, actor: Actor, message_id: UUID) -> asyncpg.Record:
    row = await seen_message(uow.conn, actor, message_id)
    if not access.may_delete_message(actor, row):
        raise forbidden("Only the author and managers may delete a message")
    deleted = await messages.delete(uow, message_id)
    if deleted is None:
        raise absent("message", message_id)
    return deleted
