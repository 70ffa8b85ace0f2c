"""Load what a change is about and apply the rules of `store.access` to it: the checks every write shares."""

from __future__ import annotations

from typing import Any, TypeAlias
from uuid import UUID

import asyncpg

from store import access, directory, users
from store.access import Actor
from store.domain.refusal import Refused, absent, forbidden

Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool


async def seen_channel(conn: Conn, actor: Actor, channel_id: UUID) -> Any:
    """The channel (with the actor's membership role) if the actor may see it; else 404."""
    row = await access.visible_channel(conn, channel_id, actor.id, actor.role)
    if row is None:
        raise absent("channel", channel_id)
    return row


async def writable_channel(conn: Conn, actor: Actor, channel_id: UUID, what: str) -> Any:
    """A channel the actor may add `what` (tasks, messages, resources) to: visible, allowed, not archived."""
    channel = await seen_channel(conn, actor, channel_id)
    require_writable(actor, channel, what)
    return channel


def require_writable(actor: Actor, channel: Any, what: str) -> None:
    if not access.may_write_in_channel(actor, channel):
        raise forbidden(f"You may not add {what} in the channel '{channel['name']}'",
                        {"channel_id": str(channel["id"])})
    if not access.channel_accepts_writes(channel):
        raise Refused(409, "channel_archived",
                      f"The channel '{channel['name']}' is archived; reopen it to add {what}",
                      {"channel_id": str(channel["id"])})


async def managed_channel(conn: Conn, actor: Actor, channel_id: UUID) -> Any:
    """A channel the actor may rename, archive, re-privacy, add or remove members of, link."""
    channel = await seen_channel(conn, actor, channel_id)
    if not access.may_manage_channel(actor, channel):
        raise forbidden(f"You may not manage the channel '{channel['name']}'", {"channel_id": str(channel_id)})
    return channel


async def seen_task(conn: Conn, actor: Actor, task_id: UUID) -> Any:
    row = await directory.visible_task(conn, task_id, actor.id, actor.role)
    if row is None:
        raise absent("task", task_id)
    return row


async def editable_task(conn: Conn, actor: Actor, task_id: UUID) -> tuple[Any, Any]:
    """The task and its channel (None: organisation-wide), if the actor may see and change it."""
    task = await seen_task(conn, actor, task_id)
    channel = None
    if task["channel_id"] is not None:
        channel = await access.visible_channel(conn, task["channel_id"], actor.id, actor.role)
    if not access.may_edit_task(actor, task, channel):
        raise forbidden(f"You may not change the task '{task['title']}'", {"task_id": str(task_id)})
    return task, channel


async def require_people(conn: Conn, ids: list[UUID]) -> None:
    """Everyone named is an active person of the organisation (422 otherwise)."""
    if not ids:
        return
    absent_ids = await users.missing(conn, list(dict.fromkeys(ids)))
    if absent_ids:
        raise Refused(422, "unknown_person", "Some people do not exist in the organisation",
                      {"ids": [str(i) for i in absent_ids]})


async def require_assignable(conn: Conn, channel_id: UUID | None, user_ids: list[UUID]) -> None:
    """Nobody is handed work they cannot open: assignees must see the task's channel (422)."""
    await require_people(conn, user_ids)
    blind = await access.users_who_cannot_see_channel(conn, channel_id, user_ids)
    if blind:
        raise Refused(422, "assignee_cannot_see_channel", "Some assignees cannot see the task's channel",
                      {"ids": [str(i) for i in blind], "channel_id": str(channel_id)})
