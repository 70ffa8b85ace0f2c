"""Every live event type: one pydantic model each, who receives it, and what each viewer may see of it.

Like Zulip's `event_types.py`: the models are the contract of `/api/live`, rendered into docs/live.md
(`python -m store.event_types` regenerates the table) and served as `GET /api/events.schema.json`.
`Unit.emit` validates every payload here before it is written (a type without a model cannot be
written; a field its model does not declare never leaves the server), and `envelope` builds the
event dict for both a fresh event and a replayed row, so the two are indistinguishable.

Audience. The outbox row carries the coarse audience (`channel_id`: whoever may see the channel;
`user_ids`: only those people; both: both must hold; neither: everyone), which replay filters in
SQL (`store.events.event_visible`) and the live hub in memory. `for_viewer` then removes what one
viewer may not see inside an event that is otherwise theirs: blockers in channels hidden from them,
a dependency on or a link to something hidden from them.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, WithJsonSchema

# Ids and times travel as text exactly as the database gives them (json.dumps(default=str)).
Id = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]
Time = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
Sees = Callable[[str], bool]  # may this viewer see the channel with this id?


class Payload(BaseModel):
    """Only declared fields are kept: whatever else a row holds stays on the server."""

    model_config = ConfigDict(extra="ignore")


# --- payloads ------------------------------------------------------------------------------------


class Blocker(Payload):
    task_id: Id
    title: str
    status: str
    dependency_type: str
    channel_id: Id | None = Field(description="the blocker's channel; blockers in channels you may not see "
                                              "are left out")


class TaskPayload(Payload):
    id: Id
    channel_id: Id | None
    parent_task_id: Id | None
    title: str
    description: str | None
    status: str
    priority: str
    due_date: Time | None
    estimated_hours: float | None
    tags: list[str]
    metadata: dict[str, Any]
    created_by: Id | None
    completed_at: Time | None
    created_at: Time
    updated_at: Time
    assignee_ids: list[Id]
    subtask_count: int
    blocked: bool = Field(description="true while any open blocker exists, visible to you or not")
    blockers: list[Blocker]


class AssignmentPayload(Payload):
    task_id: Id
    user_id: Id
    channel_id: Id | None


class DependencyPayload(Payload):
    id: Id
    task_id: Id
    depends_on_task_id: Id
    dependency_type: str
    created_by: Id | None
    created_at: Time
    depends_on_channel_id: Id | None = Field(description="channel of the task waited on")


class MessagePayload(Payload):
    id: Id
    channel_id: Id
    user_id: Id
    author_name: str
    parent_message_id: Id | None
    content: str
    message_type: str
    mentions: list[Id]
    metadata: dict[str, Any]
    voice_command_id: Id | None
    edited_at: Time | None
    deleted_at: Time | None
    created_at: Time
    updated_at: Time
    reply_count: int


class MessageDeletedPayload(Payload):
    id: Id
    channel_id: Id
    deleted_at: Time


class ChannelPayload(Payload):
    id: Id
    name: str
    description: str | None
    category_id: Id | None
    privacy: str
    status: str
    tags: list[str]
    metadata: dict[str, Any]
    created_by: Id | None
    archived_at: Time | None
    created_at: Time
    updated_at: Time
    member_count: int


class MemberPayload(Payload):
    channel_id: Id
    user_id: Id
    role: str


class RelationshipPayload(Payload):
    id: Id
    source_channel_id: Id
    target_channel_id: Id
    relationship_type: str
    created_by: Id | None = None
    created_at: Time | None = None


class ResourcePayload(Payload):
    id: Id
    name: str
    resource_type: str
    description: str | None
    url: str | None
    content_hash: str | None
    mime_type: str | None
    size_bytes: int | None
    tags: list[str]
    metadata: dict[str, Any]
    uploaded_by: Id | None
    created_at: Time
    updated_at: Time


class ResourceLinkPayload(Payload):
    id: Id
    resource_id: Id
    channel_id: Id | None
    task_id: Id | None
    category_id: Id | None
    linked_by: Id | None
    created_at: Time
    resource: ResourcePayload | None


class CategoryPayload(Payload):
    id: Id
    name: str
    color: str | None
    icon: str | None
    description: str | None
    created_at: Time
    updated_at: Time


class UserPayload(Payload):
    id: Id
    email: str
    full_name: str
    nicknames: list[str]
    role: str
    department: str | None
    language: str
    timezone: str | None
    avatar_color: str | None
    is_active: bool  # not `preferences`: a person's own, never broadcast
    last_seen_at: Time | None
    created_at: Time
    updated_at: Time


class NotificationPayload(Payload):
    id: Id
    user_id: Id
    type: str
    title: str
    body: str | None
    channel_id: Id | None
    task_id: Id | None
    message_id: Id | None
    data: dict[str, Any]
    is_read: bool
    read_at: Time | None
    scheduled_for: Time | None
    delivered_at: Time | None
    created_by: Id | None
    created_at: Time


class NotificationsReadPayload(Payload):
    ids: list[Id]


# --- the envelope and one model per type -----------------------------------------------------------


class Event(BaseModel):
    """`{"type": "event", "event": <this>}` on `/api/live`; `payload` depends on `type`."""

    model_config = ConfigDict(extra="forbid")
    audience: ClassVar[str] = "everyone"

    id: int = Field(description="outbox id: resume with the highest one you saw")
    type: str
    entity_type: str | None
    entity_id: Id | None
    channel_id: Id | None
    user_ids: list[Id] | None
    actor_id: Id | None
    payload: Payload
    created_at: Time

    @classmethod
    def for_viewer(cls, event: dict[str, Any], sees: Sees) -> dict[str, Any] | None:
        """This event as one viewer (already in its audience) may have it; None: not at all."""
        return event


class _ChannelEvent(Event):
    audience: ClassVar[str] = "whoever may see the channel"


class _TaskEvent(_ChannelEvent):
    audience: ClassVar[str] = "whoever may see the task's channel (everyone for a task without one); " \
                              "`blockers` only those the viewer may see"
    payload: TaskPayload

    @classmethod
    def for_viewer(cls, event: dict[str, Any], sees: Sees) -> dict[str, Any] | None:
        blockers = event["payload"].get("blockers") or []
        kept = [b for b in blockers
                if "channel_id" in b and _sees(b["channel_id"], event["channel_id"], sees)]
        if len(kept) == len(blockers):
            return event
        return {**event, "payload": {**event["payload"], "blockers": kept}}


def _sees(channel_id: str | None, own_channel: str | None, sees: Sees) -> bool:
    """Something in `channel_id`, inside an event of `own_channel` the viewer already receives."""
    return channel_id is None or channel_id == own_channel or sees(channel_id)


class TaskCreated(_TaskEvent):
    type: Literal["task.created"]
    entity_type: Literal["task"]


class TaskUpdated(_TaskEvent):
    type: Literal["task.updated"]
    entity_type: Literal["task"]


class TaskDeleted(_TaskEvent):
    """A cancelled task (the row stays)."""

    type: Literal["task.deleted"]
    entity_type: Literal["task"]


class TaskAssigned(_ChannelEvent):
    type: Literal["task.assigned"]
    entity_type: Literal["task"]
    payload: AssignmentPayload


class TaskUnassigned(_ChannelEvent):
    type: Literal["task.unassigned"]
    entity_type: Literal["task"]
    payload: AssignmentPayload


class _DependencyEvent(_ChannelEvent):
    audience: ClassVar[str] = "whoever may see both tasks' channels"
    payload: DependencyPayload

    @classmethod
    def for_viewer(cls, event: dict[str, Any], sees: Sees) -> dict[str, Any] | None:
        payload = event["payload"]
        if "depends_on_channel_id" not in payload:
            return None
        return event if _sees(payload["depends_on_channel_id"], event["channel_id"], sees) else None


class DependencyAdded(_DependencyEvent):
    type: Literal["dependency.added"]
    entity_type: Literal["task_dependency"]


class DependencyRemoved(_DependencyEvent):
    type: Literal["dependency.removed"]
    entity_type: Literal["task_dependency"]


class MessagePosted(_ChannelEvent):
    type: Literal["message.posted"]
    entity_type: Literal["message"]
    payload: MessagePayload


class MessageUpdated(_ChannelEvent):
    type: Literal["message.updated"]
    entity_type: Literal["message"]
    payload: MessagePayload


class MessageDeleted(_ChannelEvent):
    type: Literal["message.deleted"]
    entity_type: Literal["message"]
    payload: MessageDeletedPayload


class ChannelCreated(_ChannelEvent):
    type: Literal["channel.created"]
    entity_type: Literal["channel"]
    payload: ChannelPayload


class ChannelUpdated(_ChannelEvent):
    type: Literal["channel.updated"]
    entity_type: Literal["channel"]
    payload: ChannelPayload


class ChannelDeleted(_ChannelEvent):
    """A channel an undone command had made: it is gone."""

    type: Literal["channel.deleted"]
    entity_type: Literal["channel"]
    payload: ChannelPayload


class ChannelMemberAdded(_ChannelEvent):
    type: Literal["channel.member_added"]
    entity_type: Literal["channel"]
    payload: MemberPayload


class ChannelMemberRemoved(_ChannelEvent):
    audience: ClassVar[str] = "whoever may see the channel; the removed person gets their own copy"
    type: Literal["channel.member_removed"]
    entity_type: Literal["channel"]
    payload: MemberPayload


class _RelationshipEvent(_ChannelEvent):
    audience: ClassVar[str] = "whoever may see both channels"
    payload: RelationshipPayload

    @classmethod
    def for_viewer(cls, event: dict[str, Any], sees: Sees) -> dict[str, Any] | None:
        payload = event["payload"]
        both = (payload["source_channel_id"], payload["target_channel_id"])
        return event if all(_sees(c, event["channel_id"], sees) for c in both) else None


class ChannelLinked(_RelationshipEvent):
    type: Literal["channel.linked"]
    entity_type: Literal["channel_relationship"]


class ChannelUnlinked(_RelationshipEvent):
    type: Literal["channel.unlinked"]
    entity_type: Literal["channel_relationship"]


class _ResourceEvent(Event):
    audience: ClassVar[str] = "whoever may see the resource when it happens (`user_ids`, from the REST rule)"
    payload: ResourcePayload


class ResourceCreated(_ResourceEvent):
    audience: ClassVar[str] = "everyone (a new resource is shared nowhere yet, so it is organisation-wide)"
    type: Literal["resource.created"]
    entity_type: Literal["resource"]


class ResourceUpdated(_ResourceEvent):
    type: Literal["resource.updated"]
    entity_type: Literal["resource"]


class ResourceDeleted(_ResourceEvent):
    type: Literal["resource.deleted"]
    entity_type: Literal["resource"]


class _ResourceLinkEvent(_ChannelEvent):
    audience: ClassVar[str] = "whoever may see the channel (or the task's channel) it is shared in; " \
                              "everyone for a category"
    payload: ResourceLinkPayload


class ResourceShared(_ResourceLinkEvent):
    type: Literal["resource.shared"]
    entity_type: Literal["resource_link"]


class ResourceUnshared(_ResourceLinkEvent):
    type: Literal["resource.unshared"]
    entity_type: Literal["resource_link"]


class CategoryCreated(Event):
    type: Literal["category.created"]
    entity_type: Literal["category"]
    payload: CategoryPayload


class CategoryUpdated(Event):
    type: Literal["category.updated"]
    entity_type: Literal["category"]
    payload: CategoryPayload


class CategoryDeleted(Event):
    type: Literal["category.deleted"]
    entity_type: Literal["category"]
    payload: CategoryPayload


class UserCreated(Event):
    type: Literal["user.created"]
    entity_type: Literal["user"]
    payload: UserPayload


class UserUpdated(Event):
    audience: ClassVar[str] = "everyone; the person's own sockets take the new role (or close when disabled)"
    type: Literal["user.updated"]
    entity_type: Literal["user"]
    payload: UserPayload


class UserDeactivated(Event):
    audience: ClassVar[str] = "everyone; the person's sockets close (4001)"
    type: Literal["user.deactivated"]
    entity_type: Literal["user"]
    payload: UserPayload


class NotificationCreated(Event):
    audience: ClassVar[str] = "the person notified (`user_ids`)"
    type: Literal["notification.created"]
    entity_type: Literal["notification"]
    payload: NotificationPayload


class NotificationRead(Event):
    audience: ClassVar[str] = "the person whose notifications they are (`user_ids`)"
    type: Literal["notification.read"]
    entity_type: Literal["notification"]
    payload: NotificationsReadPayload


class NotificationVoided(Event):
    audience: ClassVar[str] = "the person notified (`user_ids`)"
    type: Literal["notification.voided"]
    entity_type: Literal["notification"]
    payload: NotificationsReadPayload


MODELS: tuple[type[Event], ...] = (
    TaskCreated, TaskUpdated, TaskDeleted, TaskAssigned, TaskUnassigned, DependencyAdded, DependencyRemoved,
    MessagePosted, MessageUpdated, MessageDeleted,
    ChannelCreated, ChannelUpdated, ChannelDeleted, ChannelMemberAdded, ChannelMemberRemoved, ChannelLinked, ChannelUnlinked,
    ResourceCreated, ResourceUpdated, ResourceDeleted, ResourceShared, ResourceUnshared,
    CategoryCreated, CategoryUpdated, CategoryDeleted, UserCreated, UserUpdated, UserDeactivated,
    NotificationCreated, NotificationRead, NotificationVoided,
)


def _type_of(model: type[Event]) -> str:
    return str(model.model_fields["type"].annotation.__args__[0])  # type: ignore[union-attr]


EVENT_MODELS: dict[str, type[Event]] = {_type_of(m): m for m in MODELS}
# Types that belong to the whole organisation: nothing a private channel holds is in them.
ORGANISATION_WIDE = frozenset({"category.created", "category.updated", "category.deleted", "user.created",
                               "user.updated", "user.deactivated", "resource.created"})
LiveEvent = Annotated[Union[MODELS], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007


# --- building -----------------------------------------------------------------------------------------


def payload_of(event_type: str, payload: Any) -> dict[str, Any]:
    """Validate a JSON-ready payload against its event type's model; only declared fields are kept."""
    model = EVENT_MODELS.get(event_type)
    if model is None:
        raise ValueError(f"event type {event_type!r} has no model in store/event_types.py")
    payload_model: type[Payload] = model.model_fields["payload"].annotation  # type: ignore[assignment]
    return payload_model.model_validate(payload).model_dump(mode="json")


def envelope(*, id: int, type: str, entity_type: str | None, entity_id: Any, channel_id: Any,
             user_ids: list[Any] | None, actor_id: Any, payload: Any, created_at: Any) -> dict[str, Any]:
    """The event dict every client receives, live or replayed (ids as text, created_at ISO 8601)."""
    return {
        "id": id,
        "type": type,
        "entity_type": entity_type,
        "entity_id": str(entity_id) if entity_id else None,
        "channel_id": str(channel_id) if channel_id else None,
        "user_ids": [str(u) for u in user_ids] if user_ids is not None else None,
        "actor_id": str(actor_id) if actor_id else None,
        "payload": payload,
        "created_at": created_at.isoformat() if hasattr(created_at, "isoformat") else str(created_at),
    }


def for_viewer(event: dict[str, Any], sees: Sees) -> dict[str, Any] | None:
    """What one viewer in the event's audience may have of it (the event itself when all of it)."""
    model = EVENT_MODELS.get(event["type"])
    return model.for_viewer(event, sees) if model is not None else event


@functools.cache
def json_schema() -> dict[str, Any]:
    """JSON Schema of a live event (a union discriminated by `type`): `GET /api/events.schema.json`."""
    schema = TypeAdapter(LiveEvent).json_schema(ref_template="#/$defs/{model}")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "voicedesk live event", **schema}


# --- documentation -------------------------------------------------------------------------------------

DOC_BEGIN = "<!-- events:begin (generated from store/event_types.py: python -m store.event_types) -->"
DOC_END = "<!-- events:end -->"


def markdown() -> str:
    """The table of event types for docs/live.md, between its markers."""
    lines = [DOC_BEGIN, "", "| type | entity_type | who receives it | payload |", "|---|---|---|---|"]
    for type_, model in EVENT_MODELS.items():
        entity = model.model_fields["entity_type"].annotation.__args__[0]  # type: ignore[union-attr]
        payload: type[Payload] = model.model_fields["payload"].annotation  # type: ignore[assignment]
        doc = (model.__doc__ or "").strip()
        who = model.audience + (f". {doc}" if doc and model.__doc__ != Event.__doc__ else "")
        lines.append(f"| `{type_}` | `{entity}` | {who} | `{payload.__name__}`: {', '.join(payload.model_fields)} |")
    lines.append("")
    for part in (Blocker, ResourcePayload):
        lines.append(f"`{part.__name__}`: {', '.join(part.model_fields)}.")
    lines += ["", DOC_END]
    return "\n".join(lines)


def write_docs(path: Path) -> bool:
    """Replace the generated table in `path`; True when it changed."""
    text = path.read_text()
    begin, end = text.index(DOC_BEGIN), text.index(DOC_END) + len(DOC_END)
    updated = text[:begin] + markdown() + text[end:]
    if updated != text:
        path.write_text(updated)
    return updated != text


if __name__ == "__main__":
    if sys.argv[1:] == ["--schema"]:
        print(json.dumps(json_schema(), indent=2))
    else:
        docs = Path(__file__).resolve().parents[1] / "docs" / "live.md"
        print(f"{docs}: {'updated' if write_docs(docs) else 'up to date'}")
