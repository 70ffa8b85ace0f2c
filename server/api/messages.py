"""Channel messages: newest first, threads, @mentions (notified), edit by the author, soft delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from server.errors import not_found
from server.http import Api, Call, changes
from server.keys import POOL
from server.pagination import Page, PageQuery, decode_cursor, page
from store import access, messages
from store.domain import messages as domain

api = Api()
Content = Field(min_length=1, max_length=10_000, pattern=r"\S")


class MessageOut(BaseModel):
    id: UUID
    channel_id: UUID
    user_id: UUID
    author_name: str
    parent_message_id: UUID | None
    content: str | None = Field(description="null once deleted")
    message_type: Literal["text", "system", "voice"]
    mentions: list[UUID]
    metadata: dict[str, Any]
    reply_count: int
    edited_at: datetime | None
    deleted: bool
    deleted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MessageIn(BaseModel):
    content: str = Content
    parent_message_id: UUID | None = Field(default=None, description="reply in this message's thread")
    mentions: list[UUID] = Field(default_factory=list, max_length=50,
                                 description="people to mention besides any @Name in the text")


class MessagePatch(BaseModel):
    content: str = Content


class MessageQuery(PageQuery):
    parent_message_id: UUID | None = Field(default=None, description="only the replies to this message")
    top_level: bool = Field(default=False, description="only messages that start a thread")


def message_out(row: Any) -> MessageOut:
    data = dict(row)
    data["deleted"] = data["deleted_at"] is not None
    if data["deleted"]:
        data["content"] = None
        data["mentions"] = []
        data["metadata"] = {}
    return MessageOut.model_validate(data)


async def _channel_or_404(call: Call[Any, Any], channel_id: UUID) -> Any:
    channel = await access.visible_channel(call.app[POOL], channel_id, call.user.id, call.user.role)
    if channel is None:
        raise not_found("Channel", channel_id)
    return channel


@api.route("GET", "/api/channels/{channel_id}/messages", summary="A channel's messages, newest first",
           tags=["messages"], query=MessageQuery, response=Page[MessageOut], errors=[404])
async def list_messages(call: Call[BaseModel, MessageQuery]) -> dict[str, Any]:
    channel_id = call.ids["channel_id"]
    await _channel_or_404(call, channel_id)
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    rows = await messages.list_page(call.app[POOL], channel_id, after=after, limit=q.limit + 1,  # type: ignore[arg-type]
                                    parent_message_id=q.parent_message_id, top_level=q.top_level)
    return page(rows, q.limit, message_out, lambda r: (r["created_at"].isoformat(), r["id"]))


@api.route("POST", "/api/channels/{channel_id}/messages", summary="Post (or reply); @Name mentions notify",
           tags=["messages"], body=MessageIn, response=MessageOut, status=201, errors=[403, 404, 409])
async def post_message(call: Call[MessageIn, BaseModel]) -> MessageOut:
    body = call.body
    async with changes(call) as uow:
        row = await domain.post_message(uow, call.user, call.ids["channel_id"], body.content,
                                        parent_message_id=body.parent_message_id, mentions=body.mentions)
    return message_out(row)


@api.route("PATCH", "/api/messages/{message_id}", summary="Edit your own message", tags=["messages"],
           body=MessagePatch, response=MessageOut, errors=[403, 404])
async def edit_message(call: Call[MessagePatch, BaseModel]) -> MessageOut:
    async with changes(call) as uow:
        edited = await domain.edit_message(uow, call.user, call.ids["message_id"], call.body.content)
    return message_out(edited)


@api.route("DELETE", "/api/messages/{message_id}", summary="Delete a message (its place in the thread stays)",
           tags=["messages"], response=MessageOut, errors=[403, 404])
async def delete_message(call: Call[BaseModel, BaseModel]) -> MessageOut:
    async with changes(call) as uow:
        deleted = await domain.delete_message(uow, call.user, call.ids["message_id"])
    return message_out(deleted)
