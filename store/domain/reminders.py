"""Reminders people set for themselves or others, about things both may see."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from store import access, notifications
from store.access import Actor
from store.domain.guards import require_people, seen_channel, seen_task
from store.domain.refusal import Refused
from store.unit import Unit


async def set_reminder(uow: Unit, actor: Actor, user_id: UUID, message: str, scheduled_for: datetime, *,
                       task_id: UUID | None = None, channel_id: UUID | None = None) -> asyncpg.Record:
    """Remind `user_id` at `scheduled_for`; the task or channel it is about must be visible to the actor
    and to the person reminded (nobody is pointed at what they cannot open)."""
    conn = uow.conn
    await require_people(conn, [user_id])
    about: set[UUID] = set()
    if task_id is not None:
        task = await seen_task(conn, actor, task_id)
        if task["channel_id"] is not None:
            about.add(task["channel_id"])
    if channel_id is not None:
        await seen_channel(conn, actor, channel_id)
        about.add(channel_id)
    for cid in about:
        if await access.users_who_cannot_see_channel(conn, cid, [user_id]):
            raise Refused(422, "recipient_cannot_see_channel", "The person reminded cannot see that channel",
                          {"ids": [str(user_id)], "channel_id": str(cid)})
    return await notifications.create(uow, user_id, "reminder", message, task_id=task_id, channel_id=channel_id,
                                      scheduled_for=scheduled_for)
