"""Channels as people change them: create, rename, archive, members, links; with who may."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from store import access, channels
from store.access import Actor
from store.domain.guards import managed_channel, require_people, seen_channel
from store.domain.refusal import Refused, absent, forbidden
from store.unit import Unit


def _name_taken(name: str, existing: Any = None) -> Refused:
    details: dict[str, Any] = {"name": name}
    if existing is not None:
        details.update(channel_id=str(existing["id"]), existing_name=existing["name"])
    return Refused(409, "channel_name_taken", f"There is already an active channel called '{name.strip()}'",
                   details)


async def _require_free_name(conn: asyncpg.Connection, name: str, other_than: UUID | None = None) -> None:
    existing = await channels.active_named(conn, name, other_than=other_than)
    if existing is not None:
        raise _name_taken(name, existing)


def _is_name_clash(exc: asyncpg.UniqueViolationError) -> bool:
    return getattr(exc, "constraint_name", None) == channels.NAME_INDEX


async def create_channel(uow: Unit, actor: Actor, fields: dict[str, Any], members: list[tuple[UUID, str]]
                         ) -> asyncpg.Record:
    """A channel (the actor becomes its owner): CEO and managers only; its name is free among active ones."""
    if not access.is_manager(actor):
        raise forbidden("Only the CEO and managers may create channels", {"your_role": actor.role})
    await require_people(uow.conn, [m for m, _ in members])
    await _require_free_name(uow.conn, fields["name"])
    try:
        return await channels.create(uow, fields, members)
    except asyncpg.UniqueViolationError as exc:  # a concurrent create of the same name won
        if _is_name_clash(exc):
            raise _name_taken(fields["name"]) from None
        raise


async def update_channel(uow: Unit, actor: Actor, channel_id: UUID, fields: dict[str, Any]) -> asyncpg.Record:
    """Rename, pause, archive, reopen, re-privacy: whoever manages the channel."""
    current = await managed_channel(uow.conn, actor, channel_id)
    if "name" in fields and fields["name"] is None:
        raise Refused(422, "invalid_input", "A channel's name cannot be empty")
    still_active = fields.get("status", current["status"]) != "archived"
    if still_active and ("name" in fields or current["status"] == "archived"):
        await _require_free_name(uow.conn, fields.get("name") or current["name"], other_than=channel_id)
    try:
        row = await channels.update(uow, channel_id, fields)
    except asyncpg.UniqueViolationError as exc:
        if _is_name_clash(exc):
            raise _name_taken(fields.get("name") or current["name"]) from None
        raise
    if row is None:
        raise absent("channel", channel_id)
    return row


async def archive_channel(uow: Unit, actor: Actor, channel_id: UUID) -> asyncpg.Record:
    return await update_channel(uow, actor, channel_id, {"status": "archived"})


async def add_member(uow: Unit, actor: Actor, channel_id: UUID, user_id: UUID, role: str = "member") -> bool:
    await managed_channel(uow.conn, actor, channel_id)
    await require_people(uow.conn, [user_id])
    return await channels.add_member(uow, channel_id, user_id, role)


async def remove_member(uow: Unit, actor: Actor, channel_id: UUID, user_id: UUID) -> None:
    """Anyone may leave a channel they see; removing someone else needs management rights."""
    if user_id == actor.id:
        await seen_channel(uow.conn, actor, channel_id)
    else:
        await managed_channel(uow.conn, actor, channel_id)
    if not await channels.remove_member(uow, channel_id, user_id):
        raise absent("member", user_id)


async def link_channels(uow: Unit, actor: Actor, source: UUID, target: UUID, relationship_type: str
                        ) -> asyncpg.Record:
    """Relate a channel the actor manages to another they can see."""
    await managed_channel(uow.conn, actor, source)
    if source == target:
        raise Refused(422, "self_relationship", "A channel cannot be linked to itself")
    await seen_channel(uow.conn, actor, target)
    return await channels.link(uow, source, target, relationship_type)


async def unlink_channels(uow: Unit, actor: Actor, channel_id: UUID, relationship_id: UUID) -> None:
    await managed_channel(uow.conn, actor, channel_id)
    if not await channels.unlink(uow, channel_id, relationship_id):
        raise absent("relationship", relationship_id)
