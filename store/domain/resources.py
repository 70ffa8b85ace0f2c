"""Shared resources as people change them: add, rename, delete, share where people work, unshare;
each with its rule from `store.access` (README: "Shared resources")."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from store import access, categories, resources
from store.access import Actor
from store.domain.guards import require_writable, seen_channel, seen_task
from store.domain.refusal import Refused, absent, forbidden
from store.unit import Unit


async def seen_resource(conn: asyncpg.Connection | asyncpg.Pool, actor: Actor, resource_id: UUID) -> asyncpg.Record:
    row = await resources.get_visible(conn, resource_id, actor.id, actor.role)
    if row is None:
        raise absent("resource", resource_id)
    return row


async def create_resource(uow: Unit, actor: Actor, fields: dict[str, Any]) -> asyncpg.Record:
    """Anyone signed in adds a file (already in the file store) or a link; it is shared nowhere yet."""
    return await resources.create(uow, fields)


_NOT_NULL = ("name", "resource_type", "tags", "metadata")


async def editable_resource(conn: asyncpg.Connection | asyncpg.Pool, actor: Actor, resource_id: UUID
                            ) -> asyncpg.Record:
    """A resource the actor sees (404 otherwise) and may rename or delete: its uploader or a manager (403)."""
    resource = await seen_resource(conn, actor, resource_id)
    if not access.may_edit_resource(actor, resource):
        raise forbidden("Only the uploader and managers may change this resource",
                        {"resource_id": str(resource_id)})
    return resource


async def update_resource(uow: Unit, actor: Actor, resource_id: UUID, fields: dict[str, Any]) -> asyncpg.Record:
    """Rename, describe or retype a resource (`fields` as in PATCH); name, type, tags and metadata stay set."""
    await editable_resource(uow.conn, actor, resource_id)
    nulls = [k for k in _NOT_NULL if k in fields and fields[k] is None]
    if nulls:
        raise Refused(422, "invalid_input", f"{', '.join(nulls)} cannot be null", {"fields": nulls})
    row = await resources.update(uow, resource_id, fields)
    if row is None:
        raise absent("resource", resource_id)
    return row


async def delete_resource(uow: Unit, actor: Actor, resource_id: UUID) -> None:
    """Delete a resource and everywhere it is shared (the stored bytes stay for other resources)."""
    await editable_resource(uow.conn, actor, resource_id)
    if not await resources.delete(uow, resource_id):
        raise absent("resource", resource_id)


async def share(uow: Unit, actor: Actor, resource_id: UUID, *, channel_id: UUID | None = None,
                task_id: UUID | None = None, category_id: UUID | None = None) -> asyncpg.Record:
    """Link a resource the actor can see to one channel, task or category.

    In a channel (or a task's channel) the actor must be allowed to write and it must not be
    archived; a whole category is for the uploader and managers."""
    conn = uow.conn
    resource = await seen_resource(conn, actor, resource_id)
    if sum(v is not None for v in (channel_id, task_id, category_id)) != 1:
        raise Refused(422, "missing_target", "Say where to share the file: one channel, task or category")
    channel = None
    if channel_id is not None:
        channel = await seen_channel(conn, actor, channel_id)
    elif task_id is not None:
        task = await seen_task(conn, actor, task_id)
        if task["channel_id"] is not None:
            channel = await seen_channel(conn, actor, task["channel_id"])
    else:
        assert category_id is not None
        if await categories.get(conn, category_id) is None:
            raise absent("category", category_id)
        if not access.may_edit_resource(actor, resource):
            raise forbidden("Sharing with a whole category is for the uploader and managers")
    if channel is not None:
        require_writable(actor, channel, "resources")
    return await resources.link(uow, resource_id, channel_id=channel_id, task_id=task_id, category_id=category_id)


async def unshare(uow: Unit, actor: Actor, resource_id: UUID, link_id: UUID) -> None:
    """Stop sharing: whoever shared it, the uploader or a manager, at a place the actor can see."""
    conn = uow.conn
    resource = await seen_resource(conn, actor, resource_id)
    visible = {r["id"]: r for r in await resources.links(conn, resource_id, actor.id, actor.role)}
    link = visible.get(link_id)
    if link is None:
        raise absent("link", link_id)
    if not access.may_unlink_resource(actor, resource, link):
        raise forbidden("Only whoever shared it, the uploader and managers may unshare it")
    if not await resources.unlink(uow, resource_id, link_id):
        raise absent("link", link_id)
