"""The plan being built for one command, and what it has made or mentioned so far.

Clause readers add actions here; later clauses ask it what "it", "the channel" or "the
others" mean inside the same command (the channel just created, the tasks just listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, TypeVar
from uuid import UUID

from executor.plan import (
    ActionRef,
    Clarification,
    CreateChannel,
    CreateTask,
    EntityRef,
    Plan,
    PlanError,
    Privacy,
    ResolvedDate,
    UpdateChannel,
    _Action,
)
from pipeline.intent.context import CommandContext
from pipeline.intent.dates import DateSpan

DUE_TIME = time(17, 0)  # a due date without a time means the end of that working day
REMIND_TIME = time(9, 0)  # a reminder without a time goes out at the start of that day

_A = TypeVar("_A", bound=_Action)
_REF_FIELDS = ("channel", "task", "parent_task", "depends_on_task", "source", "target")


class Unresolved(Exception):
    """The command cannot become a plan: an error for the speaker, or a question back."""

    def __init__(self, error: PlanError | None = None, clarification: Clarification | None = None) -> None:
        super().__init__(error.message if error else clarification.question if clarification else "")
        self.error = error
        self.clarification = clarification


def fail(code: str, message: str, **details: object) -> Unresolved:
    return Unresolved(error=PlanError(code=code, message=message, details=dict(details)))


def ask(question: str, options: list[str], **details: object) -> Unresolved:
    return Unresolved(clarification=Clarification(question=question, options=options, details=dict(details)))


@dataclass
class NewChannel:
    ref: ActionRef
    action: CreateChannel


@dataclass
class NewTask:
    ref: ActionRef
    action: CreateTask


@dataclass
class PlanBuilder:
    ctx: CommandContext
    language: str = "en"
    actions: list[Any] = field(default_factory=list)
    dates: list[ResolvedDate] = field(default_factory=list)
    new_channels: list[NewChannel] = field(default_factory=list)
    new_tasks: list[NewTask] = field(default_factory=list)
    # Focus inside this command: what "it"/"this channel"/"that task" mean right now.
    channel: EntityRef | None = None
    tasks: list[EntityRef] = field(default_factory=list)
    last_kind: str | None = None  # "channel" | "task"
    pending_parent: EntityRef | None = None
    people: list[UUID] = field(
        default_factory=list
    )  # who "him"/"her"/"them" means now  # "Under the migration plan, …" waits for its subtask
    penalties: list[tuple[float, str]] = field(default_factory=list)
    named: set[str] = field(default_factory=set)  # titles given after "called"/"named" or in quotes

    def add(self, action: _A) -> _A:
        action.id = f"a{len(self.actions) + 1}"
        self.actions.append(action)
        if isinstance(action, CreateChannel):
            ref = ActionRef(ref=action.id)
            self.new_channels.append(NewChannel(ref, action))
            self.focus_channel(ref)
        elif isinstance(action, CreateTask):
            self.new_tasks.append(NewTask(ActionRef(ref=action.id), action))
        return action

    def remove(self, action: Any) -> None:
        """Drop an action (a superseded update) and renumber the rest, keeping references right."""
        self.actions.remove(action)
        renamed: dict[str, str] = {}
        for i, a in enumerate(self.actions, 1):
            if a.id != f"a{i}":
                renamed[a.id] = f"a{i}"
                a.id = f"a{i}"
        if not renamed:
            return
        for a in self.actions:
            for name in _REF_FIELDS:
                ref = getattr(a, name, None)
                if isinstance(ref, ActionRef) and ref.ref in renamed:
                    setattr(a, name, ActionRef(ref=renamed[ref.ref]))
        for made in self.new_channels:
            if made.ref.ref in renamed:
                made.ref = ActionRef(ref=renamed[made.ref.ref])
        for task in self.new_tasks:
            if task.ref.ref in renamed:
                task.ref = ActionRef(ref=renamed[task.ref.ref])

    def next_id(self) -> str:
        return f"a{len(self.actions) + 1}"

    def focus_channel(self, ref: EntityRef) -> None:
        self.channel = ref
        self.last_kind = "channel"

    def focus_tasks(self, refs: list[EntityRef]) -> None:
        if refs:
            self.tasks = list(refs)
            self.last_kind = "task"

    def new_channel(self, ref: EntityRef) -> CreateChannel | None:
        if isinstance(ref, ActionRef):
            return next((c.action for c in self.new_channels if c.ref.ref == ref.ref), None)
        return None

    def change_channel(self, ref: EntityRef, summary: str, *, name: str | None = None,
                       privacy: Privacy | None = None) -> None:
        """Rename or re-privacy a channel: folded into its creation when this command makes it."""
        created = self.new_channel(ref)
        if created is not None:
            created.name = name or created.name
            created.privacy = privacy or created.privacy
            return
        self.add(UpdateChannel(id="", channel=ref, name=name, privacy=privacy, summary=summary))

    def new_task(self, ref: EntityRef) -> CreateTask | None:
        if isinstance(ref, ActionRef):
            return next((t.action for t in self.new_tasks if t.ref.ref == ref.ref), None)
        return None

    def when(self, span: DateSpan, default_time: time = DUE_TIME) -> datetime:
        """Resolve a date phrase and record it for the speaker to see."""
        resolved = span.resolve(self.ctx.now, default_time)
        self.dates.append(ResolvedDate(phrase=span.phrase, resolved=resolved))
        return resolved

    def penalize(self, amount: float, why: str) -> None:
        self.penalties.append((amount, why))

    def channel_name(self, ref: EntityRef | None) -> str:
        if ref is None:
            return "no channel"
        new = self.new_channel(ref)
        if new is not None:
            return new.name
        found = self.ctx.channel(ref) if isinstance(ref, UUID) else None
        return found.name if found else str(ref)

    def task_title(self, ref: EntityRef) -> str:
        new = self.new_task(ref)
        if new is not None:
            return new.title
        found = self.ctx.task(ref) if isinstance(ref, UUID) else None
        return found.title if found else str(ref)

    def person_name(self, user_id: UUID) -> str:
        p = self.ctx.person(user_id)
        return p.full_name if p else str(user_id)

    def build(self) -> Plan:
        for action in self.actions:
            refs = {
                v.ref
                for name in _REF_FIELDS
                if isinstance(v := getattr(action, name, None), ActionRef) and v.ref != action.id
            }
            action.depends_on = sorted(set(action.depends_on) | refs, key=lambda r: int(r[1:]))
        confidence = 1.0
        for amount, _ in self.penalties:
            confidence -= amount
        return Plan(
            actions=self.actions,
            language=self.language,
            confidence=round(min(1.0, max(0.0, confidence)), 3),
            dates=self.dates,
            doubts=[why for _, why in self.penalties],
            focus_channel=self.channel,
            focus_kind="task" if self.last_kind == "task" else "channel" if self.last_kind == "channel" else None,
            focus_tasks=self.tasks,
        )
