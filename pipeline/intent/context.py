"""What the intent stage knows about the organisation when it reads a command.

The server builds a `CommandContext` snapshot from the database (the pipeline never touches
it) and the parser returns a `Plan` whose ids come from this snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class Person:
    id: UUID
    full_name: str
    email: str
    role: str  # ceo | manager | staff
    nicknames: tuple[str, ...] = ()
    department: str | None = None

    @property
    def first_name(self) -> str:
        return self.full_name.split()[0]


@dataclass(frozen=True)
class CategoryRef:
    id: UUID
    name: str


@dataclass(frozen=True)
class ChannelRef:
    id: UUID
    name: str
    category_id: UUID | None = None
    status: str = "active"
    privacy: str = "public"
    # Who is in it ("everyone in Q4 Close", "the Q4 Close team"); None when not known.
    members: tuple[UUID, ...] | None = None


@dataclass(frozen=True)
class TaskRef:
    id: UUID
    title: str
    channel_id: UUID | None = None
    status: str = "todo"
    assignees: tuple[UUID, ...] = ()
    parent_task_id: UUID | None = None
    due_date: datetime | None = None
    # The open tasks it waits on (blocking dependencies the speaker can see): "unblock it" means these.
    blocked_by: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class ResourceRef:
    id: UUID
    name: str
    resource_type: str = "document"


@dataclass
class Conversation:
    """What the speaker's previous commands made or mentioned, most recent first."""

    channel_ids: list[UUID] = field(default_factory=list)
    task_ids: list[UUID] = field(default_factory=list)
    # Tasks the last command created, in the order they were made ("the other two", "them").
    last_created_task_ids: list[UUID] = field(default_factory=list)
    # The channel the speaker is "in" (console's current channel); "here" means this.
    current_channel_id: UUID | None = None
    # What the last command was about: "task" or "channel" ("rename it" next means that kind).
    last_kind: str | None = None
    # The speaker's last command did nothing (failed or asked): "it"/"them" from before it are a guess.
    # Not stored: the server reads it from the command history each time.
    last_failed: bool = False
    # The question the server asked last and the command it came from (`pipeline.intent.answers.Pending`).
    pending: dict[str, object] | None = None
    # Not stored: the pending question this command answers ({question, command_id, read_as}).
    answering: dict[str, object] | None = None

    def touch_channel(self, channel_id: UUID) -> None:
        if channel_id in self.channel_ids:
            self.channel_ids.remove(channel_id)
        self.channel_ids.insert(0, channel_id)
        del self.channel_ids[20:]

    def touch_task(self, task_id: UUID) -> None:
        if task_id in self.task_ids:
            self.task_ids.remove(task_id)
        self.task_ids.insert(0, task_id)
        del self.task_ids[50:]

    def to_json(self) -> dict[str, object]:
        return {
            "channel_ids": [str(c) for c in self.channel_ids],
            "task_ids": [str(t) for t in self.task_ids],
            "last_created_task_ids": [str(t) for t in self.last_created_task_ids],
            "current_channel_id": str(self.current_channel_id) if self.current_channel_id else None,
            "last_kind": self.last_kind,
            "pending": self.pending,
        }

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> Conversation:
        data = data or {}

        def ids(key: str) -> list[UUID]:
            raw = data.get(key) or []
            return [UUID(str(x)) for x in raw] if isinstance(raw, list) else []

        current = data.get("current_channel_id")
        return cls(
            channel_ids=ids("channel_ids"),
            task_ids=ids("task_ids"),
            last_created_task_ids=ids("last_created_task_ids"),
            current_channel_id=UUID(str(current)) if current else None,
            last_kind=kind if (kind := data.get("last_kind")) in ("task", "channel") else None,
            pending=pending if isinstance(pending := data.get("pending"), dict) else None,
        )


@dataclass
class CommandContext:
    """A snapshot of the organisation as the speaker may see it, plus the conversation so far."""

    speaker: Person
    now: datetime  # timezone-aware, in the speaker's/organisation's timezone
    people: list[Person]
    categories: list[CategoryRef]
    channels: list[ChannelRef]
    tasks: list[TaskRef]
    resources: list[ResourceRef]
    conversation: Conversation = field(default_factory=Conversation)
    language: str = "en"

    def person(self, person_id: UUID) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def channel(self, channel_id: UUID) -> ChannelRef | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def task(self, task_id: UUID) -> TaskRef | None:
        return next((t for t in self.tasks if t.id == task_id), None)
