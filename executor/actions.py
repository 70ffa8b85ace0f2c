"""Each action type: what it checks before anything runs, and what it does to the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from executor import plan as p
from store import users
from store.access import Actor
from store.domain import channels, guards, messages, reminders, tasks
from store.domain import resources as domain_resources
from store.domain.refusal import Refused
from store.unit import Unit


class CheckFailed(Exception):
    """The speaker may not do an action, or something it names does not exist."""

    def __init__(self, action: Any, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.action_id = action.id
        self.action_type = action.type
        self.code = code
        self.message = message
        self.details = details or {}


@dataclass
class Outcome:
    entity_type: str | None
    entity_id: UUID | None
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Created:
    entity_type: str
    entity_id: UUID
    channel_id: UUID | None = None


class Run:
    """One command's execution: the unit of work, the speaker, and what earlier actions made."""

    def __init__(self, uow: Unit, speaker: Actor) -> None:
        self.uow = uow
        self.conn = uow.conn
        self.speaker = speaker
        self.created: dict[str, _Created] = {}

    # --- checks before anything runs ----------------------------------------------------

    async def check_all(self, actions: list[Any]) -> None:
        """Before anything runs: every person, channel, task and resource named by id resolves for the
        speaker. The rules themselves are the domain layer's, applied as each action runs."""
        people: set[UUID] = set()
        for action in actions:
            try:
                await self._resolve(action)
            except Refused as exc:
                raise CheckFailed(action, exc.command_code, exc.message, exc.details) from None
            for name in ("user_id", "members", "assignees", "mentions"):
                value = getattr(action, name, None)
                if isinstance(value, UUID):
                    people.add(value)
                elif isinstance(value, list):
                    people.update(v for v in value if isinstance(v, UUID))
        absent = await users.missing(self.conn, sorted(people))
        if absent:
            bad = next(a for a in actions if _mentions(a, absent[0]))
            raise CheckFailed(bad, "unknown_person", "Someone named in the command is not in the organisation",
                              {"ids": [str(i) for i in absent]})

    async def _resolve(self, action: Any) -> None:
        s = self.speaker
        for name in ("channel", "source", "target"):
            ref = getattr(action, name, None)
            if isinstance(ref, UUID):
                await guards.seen_channel(self.conn, s, ref)
        for name in ("task", "parent_task", "depends_on_task"):
            ref = getattr(action, name, None)
            if isinstance(ref, UUID):
                await guards.seen_task(self.conn, s, ref)
        if isinstance(action, p.ShareResource | p.UploadFile):
            await domain_resources.seen_resource(self.conn, s, action.resource_id)
            if action.channel is None and action.task is None and action.category_id is None:
                raise CheckFailed(action, "missing_target", "Say where to share the file: a channel or a task")

    # --- execution ----------------------------------------------------------------------

    def _id(self, ref: p.EntityRef | None, kind: str) -> UUID | None:
        if ref is None or isinstance(ref, UUID):
            return ref
        made = self.created.get(ref.ref)
        if made is None:
            raise ValueError(f"action {ref.ref!r} has not produced anything")
        if made.entity_type != kind:
            raise ValueError(f"action {ref.ref!r} made a {made.entity_type}, not a {kind}")
        return made.entity_id

    def _need(self, ref: p.EntityRef | None, kind: str) -> UUID:
        value = self._id(ref, kind)
        if value is None:
            raise ValueError(f"a {kind} is required")
        return value

    async def apply(self, action: Any) -> Outcome:
        handler = getattr(self, "_" + action.type.lower())
        outcome: Outcome = await handler(action)
        if outcome.entity_id is not None and outcome.entity_type is not None:
            self.created[action.id] = _Created(outcome.entity_type, outcome.entity_id,
                                               outcome.data.get("channel_id"))
        return outcome

    async def _create_channel(self, a: p.CreateChannel) -> Outcome:
        row = await channels.create_channel(
            self.uow, self.speaker, {"name": a.name, "description": a.description, "category_id": a.category_id,
                       "privacy": a.privacy}, [(m, "member") for m in a.members])
        who = await users.first_names(self.conn, a.members)
        return Outcome("channel", row["id"],
                       f"Created channel '{row['name']}'" + (f" with {', '.join(who)}" if who else ""),
                       {"name": row["name"], "privacy": row["privacy"], "category_id": _s(row["category_id"]),
                        "members": [str(m) for m in a.members]})

    async def _update_channel(self, a: p.UpdateChannel) -> Outcome:
        channel_id = self._need(a.channel, "channel")
        fields = a.model_dump(include={"name", "description", "status", "privacy", "category_id"},
                              exclude_none=True)
        row = await channels.update_channel(self.uow, self.speaker, channel_id, fields)
        changed = ", ".join(f"{k} → {v}" for k, v in fields.items())
        return Outcome("channel", channel_id, f"Updated channel '{row['name']}': {changed}",
                       {k: _s(v) for k, v in fields.items()})

    async def _add_member(self, a: p.AddMember) -> Outcome:
        channel_id = self._need(a.channel, "channel")
        await channels.add_member(self.uow, self.speaker, channel_id, a.user_id, a.role)
        who = await users.first_names(self.conn, [a.user_id])
        return Outcome("channel", channel_id, a.summary or f"Added {', '.join(who)}",
                       {"user_id": str(a.user_id), "role": a.role})

    async def _remove_member(self, a: p.RemoveMember) -> Outcome:
        channel_id = self._need(a.channel, "channel")
        await channels.remove_member(self.uow, self.speaker, channel_id, a.user_id)
        return Outcome("channel", channel_id, a.summary or "Removed a member", {"user_id": str(a.user_id)})

    async def _link_channels(self, a: p.LinkChannels) -> Outcome:
        source, target = self._need(a.source, "channel"), self._need(a.target, "channel")
        row = await channels.link_channels(self.uow, self.speaker, source, target, a.relationship_type)
        return Outcome("channel_relationship", row["id"], a.summary or f"Linked channels ({a.relationship_type})",
                       {"source": str(source), "target": str(target), "relationship_type": a.relationship_type})

    async def _create_task(self, a: p.CreateTask) -> Outcome:
        parent = self._id(a.parent_task, "task")
        row = await tasks.create_task(self.uow, self.speaker, {
            "channel_id": self._id(a.channel, "channel"), "parent_task_id": parent, "title": a.title,
            "description": a.description, "priority": a.priority, "due_date": a.due_date, "tags": a.tags,
            "estimated_hours": a.estimated_hours,
        }, a.assignees)
        channel_id = row["channel_id"]
        estimate = f" (est. {_hours(a.estimated_hours)})" if a.estimated_hours is not None else ""
        return Outcome("task", row["id"], f"Created task '{row['title']}'{estimate}",
                       {"title": row["title"], "channel_id": _s(channel_id), "parent_task_id": _s(parent),
                        "priority": a.priority, "due_date": _s(a.due_date),
                        "assignees": [str(u) for u in a.assignees], "estimated_hours": a.estimated_hours})

    async def _update_task(self, a: p.UpdateTask) -> Outcome:
        task_id = self._need(a.task, "task")
        fields = a.model_dump(include={"status", "priority", "title", "description", "estimated_hours"},
                              exclude_none=True)
        row = await tasks.update_task(self.uow, self.speaker, task_id, fields)
        changed = ", ".join("estimate → " + _hours(v) if k == "estimated_hours" else f"{k} → {v}"
                            for k, v in fields.items())
        return Outcome("task", task_id, f"Updated task '{row['title']}': {changed}", {k: _s(v) for k, v in fields.items()})

    async def _assign_user(self, a: p.AssignUser) -> Outcome:
        task_id = self._need(a.task, "task")
        await tasks.assign(self.uow, self.speaker, task_id, a.user_id)
        return Outcome("task", task_id, a.summary or "Assigned", {"user_id": str(a.user_id)})

    async def _unassign_user(self, a: p.UnassignUser) -> Outcome:
        task_id = self._need(a.task, "task")
        await tasks.unassign(self.uow, self.speaker, task_id, a.user_id)
        return Outcome("task", task_id, a.summary or "Unassigned", {"user_id": str(a.user_id)})

    async def _set_deadline(self, a: p.SetDeadline) -> Outcome:
        task_id = self._need(a.task, "task")
        row = await tasks.set_deadline(self.uow, self.speaker, task_id, a.due_date)
        return Outcome("task", task_id, f"Moved '{row['title']}' to {a.due_date.isoformat()}",
                       {"due_date": a.due_date.isoformat()})

    async def _create_dependency(self, a: p.CreateDependency) -> Outcome:
        task_id = self._need(a.task, "task")
        depends_on = self._need(a.depends_on_task, "task")
        try:  # refusals are raised before any write, so the transaction stays usable
            row = await tasks.add_dependency(self.uow, self.speaker, task_id, depends_on, a.dependency_type)
        except Refused as exc:
            if exc.code != "duplicate_dependency" or exc.details.get("dependency_type") != a.dependency_type:
                raise
            # Saying again what is already true is not an error: nothing to do.
            return Outcome("dependency", UUID(str(exc.details["dependency_id"])),
                           f"Already {a.dependency_type}: nothing to change",
                           {"task_id": str(task_id), "depends_on_task_id": str(depends_on),
                            "dependency_type": a.dependency_type, "unchanged": True})
        return Outcome("dependency", row["id"], a.summary or f"Dependency ({a.dependency_type})",
                       {"task_id": str(task_id), "depends_on_task_id": str(depends_on),
                        "dependency_type": a.dependency_type})

    async def _remove_dependency(self, a: p.RemoveDependency) -> Outcome:
        task_id = self._need(a.task, "task")
        depends_on = self._need(a.depends_on_task, "task")
        row = await tasks.remove_dependency_between(self.uow, self.speaker, task_id, depends_on,
                                                    either_way=a.either_way)
        return Outcome("dependency", row["id"], a.summary or f"Removed a dependency ({row['dependency_type']})",
                       {"task_id": str(row["task_id"]), "depends_on_task_id": str(row["depends_on_task_id"]),
                        "dependency_type": row["dependency_type"], "removed": True})

    async def _share_resource(self, a: p.ShareResource | p.UploadFile) -> Outcome:
        channel_id = self._id(a.channel, "channel")
        task_id = self._id(a.task, "task") if channel_id is None else None
        category_id = a.category_id if channel_id is None and task_id is None else None
        row = await domain_resources.share(self.uow, self.speaker, a.resource_id, channel_id=channel_id,
                                           task_id=task_id, category_id=category_id)
        return Outcome("resource_link", row["id"], a.summary or "Shared a resource",
                       {"resource_id": str(a.resource_id), "channel_id": _s(channel_id), "task_id": _s(task_id)})

    _upload_file = _share_resource

    async def _send_message(self, a: p.SendMessage) -> Outcome:
        channel_id = self._need(a.channel, "channel")
        row = await messages.post_message(self.uow, self.speaker, channel_id, a.content, mentions=a.mentions,
                                          message_type="voice" if self.uow.command_id else "text",
                                          voice_command_id=self.uow.command_id)
        return Outcome("message", row["id"], a.summary or "Posted a message",
                       {"channel_id": str(channel_id), "content": a.content})

    async def _set_reminder(self, a: p.SetReminder) -> Outcome:
        task_id = self._id(a.task, "task")
        channel_id = self._id(a.channel, "channel")
        row = await reminders.set_reminder(self.uow, self.speaker, a.user_id, a.message, a.scheduled_for,
                                           task_id=task_id, channel_id=channel_id)
        return Outcome("notification", row["id"], a.summary or "Set a reminder",
                       {"user_id": str(a.user_id), "scheduled_for": a.scheduled_for.isoformat()})


def _hours(hours: float) -> str:
    """6.0 → "6 h", 1.5 → "1.5 h": an estimate as people read it."""
    return f"{hours:g} h"


def _s(value: Any) -> Any:
    return None if value is None else str(value) if not isinstance(value, str | int | float | bool) else value


def _mentions(action: Any, person: UUID) -> bool:
    for name in ("user_id", "members", "assignees", "mentions"):
        value = getattr(action, name, None)
        if value == person or (isinstance(value, list) and person in value):
            return True
    return False
