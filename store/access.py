"""Who may see and do what: every role rule of the product, in one place (see the README).

Visibility is SQL predicates every read reuses; anything invisible answers 404, never 403.

A channel is visible to a user when it is public, the user is the CEO, or the user is a member.
Tasks, messages, resource links and events of a channel share its visibility; tasks without a
channel are organisation-wide. The predicates take the user id and role as query parameters.
"""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

import asyncpg

ROLES = ("ceo", "manager", "staff")


class Actor(Protocol):
    """Whoever acts: a signed-in user (server) or a command's speaker (executor)."""

    @property
    def id(self) -> UUID: ...

    @property
    def role(self) -> str: ...


def channel_visible(alias: str, user_param: str, role_param: str) -> str:
    """SQL boolean: channel `alias` is visible to the user in `user_param` with role `role_param`."""
    return (
        f"({alias}.privacy = 'public' OR {role_param}::text = 'ceo' OR EXISTS ("
        f"SELECT 1 FROM channel_members vm WHERE vm.channel_id = {alias}.id AND vm.user_id = {user_param}))"
    )


def channel_id_visible(column: str, user_param: str, role_param: str) -> str:
    """SQL boolean: the channel whose id is in `column` (NULL = organisation-wide) is visible."""
    return (
        f"({column} IS NULL OR EXISTS (SELECT 1 FROM channels vc WHERE vc.id = {column} AND "
        f"{channel_visible('vc', user_param, role_param)}))"
    )


async def visible_channel(
    conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID, user_id: UUID, role: str
) -> asyncpg.Record | None:
    """The channel row with the caller's membership role, or None if it is missing or invisible."""
    return await conn.fetchrow(
        f"""SELECT c.id, c.name, c.privacy::text AS privacy, c.status::text AS status, c.created_by,
                   (SELECT m.role::text FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = $2)
                       AS my_role
            FROM channels c WHERE c.id = $1 AND {channel_visible('c', '$2', '$3')}""",
        channel_id, user_id, role,
    )


async def visible_channel_ids(conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID, role: str) -> set[UUID]:
    rows = await conn.fetch(
        f"SELECT c.id FROM channels c WHERE {channel_visible('c', '$1', '$2')}", user_id, role
    )
    return {r["id"] for r in rows}


# --- what each role may do -------------------------------------------------------------



def is_manager(user: Actor) -> bool:
    """Creating channels and categories, managing people: CEO and managers only."""
    return user.role in ("ceo", "manager")


def may_assign_role(user: Actor, role: str) -> bool:
    """Managers may create and edit staff; only the CEO may hand out manager or CEO roles."""
    return user.role == "ceo" or (user.role == "manager" and role == "staff")


def may_manage_channel(user: Actor, channel: Any) -> bool:
    """Rename, pause, archive, change privacy, add/remove members, link channels.

    The CEO always; a manager who can see the channel; the channel's owner or managers
    (membership role) whatever their org role. For a restricted channel only the CEO, its
    creator and its owners.
    """
    if user.role == "ceo":
        return True
    my_role = channel["my_role"]
    if channel["privacy"] == "restricted":
        return channel["created_by"] == user.id or my_role == "owner"
    return user.role == "manager" or my_role in ("owner", "manager")


def may_write_in_channel(user: Actor, channel: Any) -> bool:
    """Create tasks, post messages, link resources: managers who can see it, or any member."""
    if is_manager(user):
        return True
    return channel["my_role"] is not None or channel["privacy"] == "public"


def may_edit_task(user: Actor, task: Any, channel: Any | None) -> bool:
    """Update a task: managers; its creator; its assignees; members of its channel."""
    if is_manager(user) or task["created_by"] == user.id or user.id in (task["assignee_ids"] or []):
        return True
    return channel is not None and channel["my_role"] is not None


def may_delete_task(user: Actor, task: Any) -> bool:
    return is_manager(user) or task["created_by"] == user.id


def may_edit_message(user: Actor, message: Any) -> bool:
    return message["user_id"] == user.id


def may_delete_message(user: Actor, message: Any) -> bool:
    return message["user_id"] == user.id or is_manager(user)


# --- tasks, resources and messages ----------------------------------------------------------


def may_create_task(user: Actor, channel: Any | None) -> bool:
    """A task in a channel: whoever may write in it. Organisation-wide (no channel): anyone."""
    return channel is None or may_write_in_channel(user, channel)


def channel_accepts_writes(channel: Any | None) -> bool:
    """An archived channel is history: no new tasks, messages or resource links in it."""
    return channel is None or channel["status"] != "archived"


async def users_who_cannot_see_channel(
    conn: asyncpg.Connection | asyncpg.Pool, channel_id: UUID | None, user_ids: list[UUID]
) -> list[UUID]:
    """Those of `user_ids` (active people) who could not see channel `channel_id` (None: everyone sees)."""
    if channel_id is None or not user_ids:
        return []
    rows = await conn.fetch(
        f"""SELECT u.id FROM users u, channels c
            WHERE c.id = $1 AND u.id = ANY($2) AND u.is_active AND {channel_visible('c', 'u.id', 'u.role')}""",
        channel_id, user_ids,
    )
    seeing = {r["id"] for r in rows}
    return [i for i in user_ids if i not in seeing]


def resource_visible(alias: str, user_param: str, role_param: str) -> str:
    """SQL boolean: shared resource `alias` is visible to the user.

    Visible to its uploader and the CEO; to everyone when it is linked to nothing (an
    organisation-wide upload) or to a category; otherwise to whoever can see one of the
    channels or tasks it is linked to. Managers get no more than that: a resource shared only in
    a private channel stays as private as the channel (404 for non-members), like its tasks.
    """
    return (
        f"({alias}.uploaded_by = {user_param} OR {role_param}::text = 'ceo' "
        f"OR NOT EXISTS (SELECT 1 FROM resource_links rl WHERE rl.resource_id = {alias}.id) "
        f"OR EXISTS (SELECT 1 FROM resource_links rl LEFT JOIN tasks rt ON rt.id = rl.task_id "
        f"WHERE rl.resource_id = {alias}.id AND (rl.category_id IS NOT NULL "
        f"OR (rl.channel_id IS NOT NULL AND {channel_id_visible('rl.channel_id', user_param, role_param)}) "
        f"OR (rl.task_id IS NOT NULL AND {channel_id_visible('rt.channel_id', user_param, role_param)}))))"
    )


def notification_visible(alias: str, user_param: str, role_param: str) -> str:
    """SQL boolean: notification `alias` names nothing the user cannot see now: its channel and its
    task's channel are visible (a channel that turned private without them hides what it told them)."""
    return (
        f"({channel_id_visible(f'{alias}.channel_id', user_param, role_param)} "
        f"AND NOT EXISTS (SELECT 1 FROM tasks nt WHERE nt.id = {alias}.task_id "
        f"AND NOT {channel_id_visible('nt.channel_id', user_param, role_param)}))"
    )


def may_edit_resource(user: Actor, resource: Any) -> bool:
    """Rename, describe, delete, or share a resource with a whole category: its uploader or a manager."""
    return resource["uploaded_by"] == user.id or is_manager(user)


def may_unlink_resource(user: Actor, resource: Any, link: Any) -> bool:
    """Unshare: whoever shared it, the resource's uploader, or a manager."""
    return link["linked_by"] == user.id or may_edit_resource(user, resource)
