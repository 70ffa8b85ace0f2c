"""The `Plan`: what a command means, as typed actions the executor can check and run.

A plan is produced by the intent stage (deterministic parser or LLM) and is the only thing
that reaches the database. Entity parameters are either concrete ids (resolved against the
organisation directory) or `ActionRef`s naming an earlier action whose result is meant
("the channel just created").
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


class ActionRef(BaseModel):
    """The primary entity produced by an earlier action of the same plan."""

    model_config = ConfigDict(extra="forbid")
    ref: str = Field(description="id of an earlier action in the same plan")


EntityRef = UUID | ActionRef


class ActionType(StrEnum):
    CREATE_CHANNEL = "CREATE_CHANNEL"
    UPDATE_CHANNEL = "UPDATE_CHANNEL"
    ADD_MEMBER = "ADD_MEMBER"
    REMOVE_MEMBER = "REMOVE_MEMBER"
    LINK_CHANNELS = "LINK_CHANNELS"
    CREATE_TASK = "CREATE_TASK"
    UPDATE_TASK = "UPDATE_TASK"
    ASSIGN_USER = "ASSIGN_USER"
    UNASSIGN_USER = "UNASSIGN_USER"
    SET_DEADLINE = "SET_DEADLINE"
    CREATE_DEPENDENCY = "CREATE_DEPENDENCY"
    REMOVE_DEPENDENCY = "REMOVE_DEPENDENCY"
    SHARE_RESOURCE = "SHARE_RESOURCE"
    UPLOAD_FILE = "UPLOAD_FILE"
    SEND_MESSAGE = "SEND_MESSAGE"
    SET_REMINDER = "SET_REMINDER"


Privacy = Literal["public", "private", "restricted"]
ChannelStatus = Literal["active", "paused", "archived", "completed"]
TaskStatus = Literal["todo", "in_progress", "blocked", "review", "completed", "cancelled"]
Priority = Literal["low", "medium", "high", "urgent"]
DependencyType = Literal["blocks", "requires", "follows", "parallel"]
RelationshipType = Literal["sequential", "parallel", "parent_child", "related"]
MemberRole = Literal["owner", "manager", "member"]

# The bound of a task's estimate, in hours of work (the domain's rule: store.domain.tasks.require_estimate).
MAX_ESTIMATE_HOURS = 10_000


def _estimate(hours: float | None) -> float | None:
    if hours is not None and not 0 < round(hours, 2) <= MAX_ESTIMATE_HOURS:  # stored to 0.01 h
        raise ValueError(f"an estimate must be more than 0 and at most {MAX_ESTIMATE_HOURS} hours, not {hours:g}")
    return hours


EstimatedHours = Annotated[
    float | None,
    AfterValidator(_estimate),
    Field(description="hours of work the task should take (a day is 8, a week 40); more than 0, at most 10000"),
]


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="unique within the plan, e.g. 'a1'")
    depends_on: list[str] = Field(default_factory=list, description="ids of actions that must run first")
    # Scheduling priority (task priority is CreateTask/UpdateTask.priority): higher runs first in its wave.
    exec_priority: int = Field(default=0, description="tie-breaker inside a wave; higher runs first")
    condition: str | None = Field(default=None, description="human-readable precondition, informational")
    summary: str = Field(default="", description="one line a person can read: what this action does")


class CreateChannel(_Action):
    type: Literal["CREATE_CHANNEL"] = "CREATE_CHANNEL"
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    category_id: UUID | None = None
    privacy: Privacy = "public"
    members: list[UUID] = Field(default_factory=list)


class UpdateChannel(_Action):
    type: Literal["UPDATE_CHANNEL"] = "UPDATE_CHANNEL"
    channel: EntityRef
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    status: ChannelStatus | None = None
    privacy: Privacy | None = None
    category_id: UUID | None = None


class AddMember(_Action):
    type: Literal["ADD_MEMBER"] = "ADD_MEMBER"
    channel: EntityRef
    user_id: UUID
    role: MemberRole = "member"


class RemoveMember(_Action):
    type: Literal["REMOVE_MEMBER"] = "REMOVE_MEMBER"
    channel: EntityRef
    user_id: UUID


class LinkChannels(_Action):
    type: Literal["LINK_CHANNELS"] = "LINK_CHANNELS"
    source: EntityRef
    target: EntityRef
    relationship_type: RelationshipType = "related"


class CreateTask(_Action):
    type: Literal["CREATE_TASK"] = "CREATE_TASK"
    channel: EntityRef | None = None
    parent_task: EntityRef | None = None
    title: str = Field(min_length=1, max_length=300)
    description: str | None = None
    priority: Priority = "medium"
    due_date: datetime | None = None
    assignees: list[UUID] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    estimated_hours: EstimatedHours = None


class UpdateTask(_Action):
    type: Literal["UPDATE_TASK"] = "UPDATE_TASK"
    task: EntityRef
    status: TaskStatus | None = None
    priority: Priority | None = None
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = None
    estimated_hours: EstimatedHours = None


class AssignUser(_Action):
    type: Literal["ASSIGN_USER"] = "ASSIGN_USER"
    task: EntityRef
    user_id: UUID


class UnassignUser(_Action):
    type: Literal["UNASSIGN_USER"] = "UNASSIGN_USER"
    task: EntityRef
    user_id: UUID


class SetDeadline(_Action):
    type: Literal["SET_DEADLINE"] = "SET_DEADLINE"
    task: EntityRef
    due_date: datetime


class CreateDependency(_Action):
    """`task` waits on `depends_on_task`: "A blocks B" is task=B, depends_on_task=A, type=blocks."""

    type: Literal["CREATE_DEPENDENCY"] = "CREATE_DEPENDENCY"
    task: EntityRef
    depends_on_task: EntityRef
    dependency_type: DependencyType = "blocks"


class RemoveDependency(_Action):
    """`task` no longer waits on `depends_on_task` ("A no longer blocks B" is task=B, depends_on_task=A);
    `either_way`: whichever of the two waits on the other ("the dependency between A and B")."""

    type: Literal["REMOVE_DEPENDENCY"] = "REMOVE_DEPENDENCY"
    task: EntityRef
    depends_on_task: EntityRef
    either_way: bool = False


class ShareResource(_Action):
    """Link an existing shared resource to a channel, task or category."""

    type: Literal["SHARE_RESOURCE"] = "SHARE_RESOURCE"
    resource_id: UUID
    channel: EntityRef | None = None
    task: EntityRef | None = None
    category_id: UUID | None = None


class UploadFile(_Action):
    """Spoken "upload X": the file must already exist as a shared resource; it is linked."""

    type: Literal["UPLOAD_FILE"] = "UPLOAD_FILE"
    resource_id: UUID
    channel: EntityRef | None = None
    task: EntityRef | None = None
    category_id: UUID | None = None


class SendMessage(_Action):
    type: Literal["SEND_MESSAGE"] = "SEND_MESSAGE"
    channel: EntityRef
    content: str = Field(min_length=1, max_length=10_000)
    mentions: list[UUID] = Field(default_factory=list)


class SetReminder(_Action):
    type: Literal["SET_REMINDER"] = "SET_REMINDER"
    user_id: UUID
    message: str = Field(min_length=1, max_length=2000)
    scheduled_for: datetime
    task: EntityRef | None = None
    channel: EntityRef | None = None


Action = Annotated[
    CreateChannel
    | UpdateChannel
    | AddMember
    | RemoveMember
    | LinkChannels
    | CreateTask
    | UpdateTask
    | AssignUser
    | UnassignUser
    | SetDeadline
    | CreateDependency
    | RemoveDependency
    | ShareResource
    | UploadFile
    | SendMessage
    | SetReminder,
    Field(discriminator="type"),
]


class PlanError(BaseModel):
    """Why a command cannot become a plan, in words for the speaker."""

    code: str
    message: str
    details: dict[str, object] = Field(default_factory=dict)


class Clarification(BaseModel):
    """A question for the speaker when a name matches several things about equally well."""

    question: str
    options: list[str] = Field(default_factory=list)
    details: dict[str, object] = Field(default_factory=dict)


class ResolvedDate(BaseModel):
    """A date phrase as heard and the absolute time it became, so ambiguity is visible."""

    phrase: str
    resolved: datetime


QueryType = Literal[
    "due", "working_on", "blocking", "blocked_by", "blocked", "members", "owner", "status", "finished_count", "assignees"
]
DueWindow = Literal["overdue", "today", "tomorrow", "this_week", "next_week"]
FinishedPeriod = Literal["today", "this_week", "last_week", "this_month", "last_month", "all_time"]

# What each kind of question must name: a window or a period, and whose/which thing it is about.
_QUERY_NEEDS: dict[str, tuple[str, ...]] = {
    "due": ("window",),
    "working_on": ("person_id",),
    "blocking": ("task_id",),
    "blocked_by": ("task_id",),
    "assignees": ("task_id",),
    "members": ("channel_id",),
    "owner": ("channel_id",),
    "finished_count": ("period",),
}


class Query(BaseModel):
    """A read-only question, resolved: what is asked and about whom/what (ids from the speaker's snapshot).

    - due: open tasks by due `window` (overdue / today / tomorrow / this week / next week), anywhere or
      in `channel_id` / `category_id`, or assigned to `person_id`;
    - working_on: the open tasks of `person_id` ("my plate": the speaker), optionally in `channel_id`;
    - blocking: the whole open chain of tasks `task_id` waits on, transitively;
    - blocked_by: the open tasks that wait on `task_id`, transitively;
    - blocked: the open tasks waiting on an open blocker (or marked blocked), anywhere or in `channel_id` /
      `category_id`, or assigned to `person_id` ("which tasks are blocked", "what am I waiting on");
    - assignees: who is assigned to `task_id` ("who is working on the press kit");
    - members / owner: who is in / owns `channel_id` (`person_id`: is that person in it);
    - status: of `task_id` (status, assignees, due) or of `channel_id` (progress done/total by status);
    - finished_count: tasks `person_id` (None: anyone) completed in `period`.
    """

    model_config = ConfigDict(extra="forbid")
    type: QueryType
    window: DueWindow | None = None
    period: FinishedPeriod | None = None
    person_id: UUID | None = None
    channel_id: UUID | None = None
    category_id: UUID | None = None
    task_id: UUID | None = None
    summary: str = Field(default="", description="one line a person can read: what is asked")

    @model_validator(mode="after")
    def _names_what_it_asks_about(self) -> Query:
        missing = [f for f in _QUERY_NEEDS.get(self.type, ()) if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a '{self.type}' question needs {', '.join(missing)}")
        if self.type == "status" and (self.task_id is None) == (self.channel_id is None):
            raise ValueError("a 'status' question is about one task or one channel")
        return self


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # "command": `actions` to run; "query": a read-only question in `query`, answered, never run.
    kind: Literal["command", "query"] = "command"
    query: Query | None = None
    actions: list[Action] = Field(default_factory=list)
    language: str = "en"
    source: Literal["parser", "llm"] = "parser"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    error: PlanError | None = None
    clarification: Clarification | None = None
    dates: list[ResolvedDate] = Field(default_factory=list)
    # What lowered `confidence`, in people's words ("not understood: …", "channel name '…' holds a priority").
    doubts: list[str] = Field(default_factory=list)
    # What the command mentioned or made, for the next command's pronouns.
    focus_channel: EntityRef | None = None
    focus_tasks: list[EntityRef] = Field(default_factory=list)
    # What the command was about last ("it" in the next command): a channel or a task.
    focus_kind: Literal["channel", "task"] | None = None

    @model_validator(mode="after")
    def _a_query_has_no_actions(self) -> Plan:
        if self.kind == "query" and self.actions:
            raise ValueError("a question never carries actions")
        if self.kind == "command" and self.query is not None:
            raise ValueError("a command plan carries no query")
        return self
