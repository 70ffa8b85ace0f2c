"""The demo organisation as a `CommandContext`, and a stand-in for what the server does after a plan.

Fixed ids so expectations can name them. `apply` plays the server: it invents ids for
what a plan created, updates the snapshot, and moves the conversation the way the
server is expected to (focus channel becomes the current one; focus tasks are touched;
created tasks become `last_created_task_ids`).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from executor.plan import ActionRef, Plan
from pipeline.intent.context import (
    CategoryRef,
    ChannelRef,
    CommandContext,
    Conversation,
    Person,
    ResourceRef,
    TaskRef,
)

TZ = ZoneInfo("America/New_York")
# Wednesday 25 November 2026, 10:00 in New York.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=TZ)


def _id(kind: int, n: int) -> UUID:
    return UUID(int=(kind << 64) | n)


PEOPLE = [
    Person(_id(1, 1), "Alex Rivera", "alex@demo.co", "ceo"),
    Person(_id(1, 2), "Sarah Chen", "sarah@demo.co", "manager"),
    Person(_id(1, 3), "Mike Johnson", "mike@demo.co", "staff"),
    Person(_id(1, 4), "Priya Patel", "priya@demo.co", "manager"),
    Person(_id(1, 5), "David Kim", "david@demo.co", "staff"),
    Person(_id(1, 6), "Elena Garcia", "elena@demo.co", "manager"),
    Person(_id(1, 7), "Tom Baker", "tom@demo.co", "staff"),
    Person(_id(1, 8), "Lisa Wong", "lisa@demo.co", "staff"),
]
PERSON = {p.first_name: p for p in PEOPLE}

CATEGORIES = [
    CategoryRef(_id(2, i + 1), name)
    for i, name in enumerate(["Marketing", "Operations", "Finance", "HR", "Sales", "Engineering"])
]
CATEGORY = {c.name: c for c in CATEGORIES}

CHANNELS = [
    ChannelRef(_id(3, 1), "General"),
    ChannelRef(_id(3, 2), "Q4 Planning", CATEGORY["Finance"].id),
    ChannelRef(_id(3, 3), "Website Redesign", CATEGORY["Marketing"].id),
    ChannelRef(_id(3, 4), "Leadership", None, privacy="private"),
]
CHANNEL = {c.name: c for c in CHANNELS}

TASKS = [
    TaskRef(_id(4, 1), "Prepare Q4 report", CHANNEL["Q4 Planning"].id, assignees=(PERSON["Priya"].id,)),
    TaskRef(_id(4, 2), "Update website copy", CHANNEL["Website Redesign"].id, assignees=(PERSON["Lisa"].id,)),
    TaskRef(_id(4, 3), "Hire a designer", None),
    TaskRef(_id(4, 4), "Review vendor contracts", CHANNEL["Q4 Planning"].id, status="in_progress"),
]
TASK = {t.title: t for t in TASKS}

RESOURCES = [
    ResourceRef(_id(5, 1), "Brand Guidelines"),
    ResourceRef(_id(5, 2), "Pitch Deck", "presentation"),
    ResourceRef(_id(5, 3), "Q4 Report"),
]
RESOURCE = {r.name: r for r in RESOURCES}


def demo_context(now: datetime = NOW, language: str = "en") -> CommandContext:
    """A fresh snapshot of the demo organisation, spoken by Alex Rivera (CEO)."""
    return CommandContext(
        speaker=PEOPLE[0],
        now=now,
        people=list(PEOPLE),
        categories=list(CATEGORIES),
        channels=list(CHANNELS),
        tasks=list(TASKS),
        resources=list(RESOURCES),
        conversation=Conversation(),
        language=language,
    )


def after(ctx: CommandContext, plan: Plan, min_confidence: float = 0.6) -> CommandContext:
    """The context after the server handled `plan`: applied if it ran, else marked as a command that did nothing."""
    if plan.error is None and plan.clarification is None and plan.actions and plan.confidence >= min_confidence:
        return apply(ctx, plan)
    conv = Conversation.from_json(ctx.conversation.to_json())
    conv.last_failed = True
    return dataclasses.replace(ctx, conversation=conv)


def apply(ctx: CommandContext, plan: Plan) -> CommandContext:
    """What the server will do after running `plan`: new ids, updated snapshot, moved conversation."""
    assert plan.error is None and plan.clarification is None, plan
    ids: dict[str, UUID] = {}

    def real(ref: object) -> UUID | None:
        if isinstance(ref, ActionRef):
            return ids[ref.ref]
        return ref if isinstance(ref, UUID) else None

    channels = list(ctx.channels)
    tasks = list(ctx.tasks)
    created_tasks: list[UUID] = []
    for action in plan.actions:
        new_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{len(channels)}-{len(tasks)}-{action.id}-{action.summary}")
        if action.type == "CREATE_CHANNEL":
            ids[action.id] = new_id
            channels.append(ChannelRef(new_id, action.name, action.category_id, privacy=action.privacy))
        elif action.type == "CREATE_TASK":
            ids[action.id] = new_id
            created_tasks.append(new_id)
            tasks.append(
                TaskRef(
                    new_id,
                    action.title,
                    real(action.channel),
                    assignees=tuple(action.assignees),
                    parent_task_id=real(action.parent_task),
                    due_date=action.due_date,
                )
            )
        elif action.type == "SET_DEADLINE":
            tid = real(action.task)
            tasks = [dataclasses.replace(t, due_date=action.due_date) if t.id == tid else t for t in tasks]
        elif action.type == "ASSIGN_USER":
            tid = real(action.task)
            tasks = [
                dataclasses.replace(t, assignees=(*t.assignees, action.user_id)) if t.id == tid else t
                for t in tasks
            ]
        elif action.type == "UPDATE_TASK":
            tid = real(action.task)
            tasks = [
                dataclasses.replace(t, status=action.status or t.status, title=action.title or t.title)
                if t.id == tid
                else t
                for t in tasks
            ]
        elif action.type == "CREATE_DEPENDENCY" and action.dependency_type != "parallel":
            tid, blocker = real(action.task), real(action.depends_on_task)
            tasks = [dataclasses.replace(t, blocked_by=(*t.blocked_by, blocker))
                     if t.id == tid and blocker is not None and blocker not in t.blocked_by else t for t in tasks]
        elif action.type == "REMOVE_DEPENDENCY":
            pair = {real(action.task), real(action.depends_on_task)}
            tasks = [dataclasses.replace(t, blocked_by=tuple(b for b in t.blocked_by if b not in pair))
                     if t.id in pair else t for t in tasks]
        elif action.type == "UPDATE_CHANNEL":
            cid = real(action.channel)
            channels = [
                dataclasses.replace(
                    c,
                    name=action.name or c.name,
                    status=action.status or c.status,
                    privacy=action.privacy or c.privacy,
                )
                if c.id == cid
                else c
                for c in channels
            ]
    conv = Conversation.from_json(ctx.conversation.to_json())
    conv.last_failed = False
    for ref in reversed(plan.focus_tasks):
        tid = real(ref)
        if tid is not None:
            conv.touch_task(tid)
    if created_tasks:
        conv.last_created_task_ids = created_tasks
    focus = real(plan.focus_channel)
    if focus is not None:
        conv.touch_channel(focus)
        conv.current_channel_id = focus
    conv.last_kind = plan.focus_kind or conv.last_kind
    return dataclasses.replace(ctx, channels=channels, tasks=tasks, conversation=conv)
