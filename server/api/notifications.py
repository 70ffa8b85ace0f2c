"""Notifications: the caller's own, newest first; unread count; mark read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from server.errors import not_found
from server.http import Api, Call, changes
from server.keys import POOL
from server.pagination import Page, PageQuery, decode_cursor, page
from store import notifications

api = Api()


class NotificationOut(BaseModel):
    id: UUID
    type: str
    title: str
    body: str | None
    channel_id: UUID | None
    task_id: UUID | None
    message_id: UUID | None
    data: dict[str, Any]
    is_read: bool
    read_at: datetime | None
    created_by: UUID | None
    created_at: datetime


class NotificationQuery(PageQuery):
    unread_only: bool = False


class UnreadCount(BaseModel):
    unread: int


class ReadIn(BaseModel):
    ids: list[UUID] | None = Field(default=None, max_length=500, description="none: mark all read")


class ReadOut(BaseModel):
    updated: int
    unread: int


def _out(row: Any) -> NotificationOut:
    return NotificationOut.model_validate(dict(row))


@api.route("GET", "/api/notifications", summary="My notifications, newest first", tags=["notifications"],
           query=NotificationQuery, response=Page[NotificationOut])
async def list_notifications(call: Call[BaseModel, NotificationQuery]) -> dict[str, Any]:
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    rows = await notifications.list_page(call.app[POOL], call.user.id, after=after,  # type: ignore[arg-type]
                                         limit=q.limit + 1, unread_only=q.unread_only)
    return page(rows, q.limit, _out, lambda r: (r["created_at"].isoformat(), r["id"]))


@api.route("GET", "/api/notifications/unread-count", summary="How many of mine are unread",
           tags=["notifications"], response=UnreadCount)
async def unread_count(call: Call[BaseModel, BaseModel]) -> UnreadCount:
    return UnreadCount(unread=await notifications.unread_count(call.app[POOL], call.user.id))


@api.route("POST", "/api/notifications/read", summary="Mark some (or, without ids, all) of mine read",
           tags=["notifications"], body=ReadIn, response=ReadOut)
async def mark_read(call: Call[ReadIn, BaseModel]) -> ReadOut:
    async with changes(call) as uow:
        updated = await notifications.mark_read(uow, call.user.id, call.body.ids)
    return ReadOut(updated=updated, unread=await notifications.unread_count(call.app[POOL], call.user.id))


@api.route("POST", "/api/notifications/{notification_id}/read", summary="Mark one of mine read",
           tags=["notifications"], response=NotificationOut, errors=[404])
async def mark_one_read(call: Call[BaseModel, BaseModel]) -> NotificationOut:
    notification_id = call.ids["notification_id"]
    pool = call.app[POOL]
    if await notifications.get_own(pool, notification_id, call.user.id) is None:
        raise not_found("Notification", notification_id)
    async with changes(call) as uow:
        await notifications.mark_read(uow, call.user.id, [notification_id])
    row = await notifications.get_own(pool, notification_id, call.user.id)
    return _out(row)
