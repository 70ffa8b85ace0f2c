"""Channels: create, read, update, archive; members; relationships to other channels."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from server.errors import not_found
from server.http import Api, Call, changes
from server.keys import POOL
from server.pagination import Page, PageQuery, decode_cursor, page
from store import access, channels
from store.domain import channels as domain

api = Api()

Privacy = Literal["public", "private", "restricted"]
Status = Literal["active", "paused", "archived", "completed"]
MemberRole = Literal["owner", "manager", "member"]
RelationshipType = Literal["sequential", "parallel", "parent_child", "related"]
Name = Field(min_length=1, max_length=200, pattern=r"\S")


class ChannelOut(BaseModel):
    id: UUID
    name: str
    description: str | None
    category_id: UUID | None
    privacy: Privacy
    status: Status
    tags: list[str]
    metadata: dict[str, Any]
    created_by: UUID
    member_count: int
    my_role: MemberRole | None = None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MemberIn(BaseModel):
    user_id: UUID
    role: MemberRole = "member"


class ChannelIn(BaseModel):
    name: str = Name
    description: str | None = Field(default=None, max_length=5000)
    category_id: UUID | None = None
    privacy: Privacy = "public"
    tags: list[str] = Field(default_factory=list, max_length=50)
    metadata: dict[str, Any] = Field(default_factory=dict)
    members: list[MemberIn] = Field(default_factory=list, max_length=500)


class ChannelPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    description: str | None = Field(default=None, max_length=5000)
    category_id: UUID | None = None
    privacy: Privacy | None = None
    status: Status | None = None
    tags: list[str] | None = Field(default=None, max_length=50)
    metadata: dict[str, Any] | None = None


class ChannelQuery(PageQuery):
    category_id: UUID | None = None
    status: Status | None = None
    q: str | None = Field(default=None, max_length=200)
    member: bool = Field(default=False, description="only channels the caller is a member of")


class MemberOut(BaseModel):
    user_id: UUID
    full_name: str
    email: str
    user_role: str
    role: MemberRole
    added_by: UUID | None
    joined_at: datetime


class RelationshipIn(BaseModel):
    target_channel_id: UUID
    relationship_type: RelationshipType = "related"


class RelationshipOut(BaseModel):
    id: UUID
    source_channel_id: UUID
    target_channel_id: UUID
    relationship_type: RelationshipType
    created_by: UUID | None
    created_at: datetime


def _out(row: Any, my_role: str | None = None) -> ChannelOut:
    data = dict(row)
    data.setdefault("my_role", my_role)
    return ChannelOut.model_validate(data)


async def visible_or_404(call: Call[Any, Any], channel_id: UUID) -> Any:
    row = await channels.get_visible(call.app[POOL], channel_id, call.user.id, call.user.role)
    if row is None:
        raise not_found("Channel", channel_id)
    return row


async def _as_seen(call: Call[Any, Any], row: Any) -> ChannelOut:
    """A changed channel as the caller now sees it (with their membership role)."""
    seen = await channels.get_visible(call.app[POOL], row["id"], call.user.id, call.user.role)
    return _out(seen if seen is not None else row)


@api.route("GET", "/api/channels", summary="Channels the caller may see", tags=["channels"],
           query=ChannelQuery, response=Page[ChannelOut])
async def list_channels(call: Call[BaseModel, ChannelQuery]) -> dict[str, Any]:
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    rows = await channels.list_visible(call.app[POOL], call.user.id, call.user.role, after=after,  # type: ignore[arg-type]
                                       limit=q.limit + 1, category_id=q.category_id, status=q.status, q=q.q,
                                       member=q.member)
    return page(rows, q.limit, _out, lambda r: (r["created_at"].isoformat(), r["id"]))


@api.route("POST", "/api/channels", summary="Create a channel (CEO and managers)", tags=["channels"],
           body=ChannelIn, response=ChannelOut, status=201, errors=[403])
async def create_channel(call: Call[ChannelIn, BaseModel]) -> ChannelOut:
    body = call.body
    async with changes(call) as uow:
        row = await domain.create_channel(uow, call.user, body.model_dump(exclude={"members"}),
                                          [(m.user_id, m.role) for m in body.members])
    return _out(row, "owner")


@api.route("GET", "/api/channels/{channel_id}", summary="One channel", tags=["channels"],
           response=ChannelOut, errors=[404])
async def get_channel(call: Call[BaseModel, BaseModel]) -> ChannelOut:
    return _out(await visible_or_404(call, call.ids["channel_id"]))


@api.route("PATCH", "/api/channels/{channel_id}", summary="Rename, pause, archive, change privacy",
           tags=["channels"], body=ChannelPatch, response=ChannelOut, errors=[403, 404])
async def update_channel(call: Call[ChannelPatch, BaseModel]) -> ChannelOut:
    channel_id = call.ids["channel_id"]
    async with changes(call) as uow:
        row = await domain.update_channel(uow, call.user, channel_id, call.body.model_dump(exclude_unset=True))
    return await _as_seen(call, row)


@api.route("DELETE", "/api/channels/{channel_id}", summary="Archive a channel (history is kept)",
           tags=["channels"], response=ChannelOut, errors=[403, 404])
async def archive_channel(call: Call[BaseModel, BaseModel]) -> ChannelOut:
    channel_id = call.ids["channel_id"]
    async with changes(call) as uow:
        row = await domain.archive_channel(uow, call.user, channel_id)
    return await _as_seen(call, row)


@api.route("GET", "/api/channels/{channel_id}/members", summary="Members of a channel", tags=["channels"],
           response=list[MemberOut], errors=[404])
async def list_members(call: Call[BaseModel, BaseModel]) -> list[MemberOut]:
    channel_id = call.ids["channel_id"]
    await visible_or_404(call, channel_id)
    return [MemberOut.model_validate(dict(r)) for r in await channels.members(call.app[POOL], channel_id)]


@api.route("POST", "/api/channels/{channel_id}/members", summary="Add a member (or change their role)",
           tags=["channels"], body=MemberIn, response=list[MemberOut], status=201, errors=[403, 404])
async def add_member(call: Call[MemberIn, BaseModel]) -> list[MemberOut]:
    channel_id = call.ids["channel_id"]
    async with changes(call) as uow:
        await domain.add_member(uow, call.user, channel_id, call.body.user_id, call.body.role)
    return [MemberOut.model_validate(dict(r)) for r in await channels.members(call.app[POOL], channel_id)]


@api.route("DELETE", "/api/channels/{channel_id}/members/{user_id}", summary="Remove a member",
           tags=["channels"], errors=[403, 404])
async def remove_member(call: Call[BaseModel, BaseModel]) -> None:
    async with changes(call) as uow:
        await domain.remove_member(uow, call.user, call.ids["channel_id"], call.ids["user_id"])


@api.route("GET", "/api/channels/{channel_id}/relationships", summary="Links to other channels",
           tags=["channels"], response=list[RelationshipOut], errors=[404])
async def list_relationships(call: Call[BaseModel, BaseModel]) -> list[RelationshipOut]:
    channel_id = call.ids["channel_id"]
    await visible_or_404(call, channel_id)
    visible = await access.visible_channel_ids(call.app[POOL], call.user.id, call.user.role)
    rows = await channels.relationships(call.app[POOL], channel_id)
    return [RelationshipOut.model_validate(dict(r)) for r in rows
            if r["source_channel_id"] in visible and r["target_channel_id"] in visible]


@api.route("POST", "/api/channels/{channel_id}/relationships", summary="Link this channel to another",
           tags=["channels"], body=RelationshipIn, response=RelationshipOut, status=201, errors=[403, 404])
async def link_channels(call: Call[RelationshipIn, BaseModel]) -> RelationshipOut:
    async with changes(call) as uow:
        row = await domain.link_channels(uow, call.user, call.ids["channel_id"], call.body.target_channel_id,
                                         call.body.relationship_type)
    return RelationshipOut.model_validate(dict(row))


@api.route("DELETE", "/api/channels/{channel_id}/relationships/{relationship_id}",
           summary="Remove a link between channels", tags=["channels"], errors=[403, 404])
async def unlink_channels(call: Call[BaseModel, BaseModel]) -> None:
    async with changes(call) as uow:
        await domain.unlink_channels(uow, call.user, call.ids["channel_id"], call.ids["relationship_id"])
