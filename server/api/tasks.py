"""Tasks: create, read, update, cancel; subtasks; assignees; dependencies with cycle rejection."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field

from server.errors import ApiError, not_found
from server.http import Api, Call, changes
from server.keys import POOL
from server.pagination import Page, PageQuery, decode_cursor, page
from store import tasks
from store.domain import tasks as domain

api = Api()

Status = Literal["todo", "in_progress", "blocked", "review", "completed", "cancelled"]
Priority = Literal["low", "medium", "high", "urgent"]
DependencyType = Literal["blocks", "requires", "follows", "parallel"]
Tag = Annotated[str, Field(min_length=1, max_length=50)]
Title = Field(min_length=1, max_length=300, pattern=r"\S")
# The domain's rule (store.domain.tasks.require_estimate), stated here too so the OpenAPI document shows it.
Estimate = Field(default=None, gt=0, le=domain.MAX_ESTIMATE_HOURS,
                 description="hours of work (a day is 8, a week 40); null clears it on PATCH")


def _utc(value: datetime | None) -> datetime | None:
    """A due date without a zone is read as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


When = Annotated[datetime, AfterValidator(_utc)]


class BlockerOut(BaseModel):
    task_id: UUID
    title: str
    status: Status
    dependency_type: DependencyType


class TaskOut(BaseModel):
    id: UUID
    channel_id: UUID | None
    parent_task_id: UUID | None
    title: str
    description: str | None
    status: Status
    priority: Priority
    due_date: datetime | None
    estimated_hours: float | None
    tags: list[str]
    metadata: dict[str, Any]
    created_by: UUID
    assignee_ids: list[UUID]
    subtask_count: int
    blocked: bool = Field(description="an open blocks/requires/follows dependency holds it back")
    blockers: list[BlockerOut] = Field(description="the open blockers the caller may see")
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class TaskIn(BaseModel):
    channel_id: UUID | None = None
    parent_task_id: UUID | None = Field(default=None, description="a subtask takes its parent's channel")
    title: str = Title
    description: str | None = Field(default=None, max_length=10_000)
    status: Status = "todo"
    priority: Priority = "medium"
    due_date: When | None = None
    assignee_ids: list[UUID] = Field(default_factory=list, max_length=50)
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    estimated_hours: float | None = Estimate
    metadata: dict[str, Any] = Field(default_factory=dict)


class TaskPatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=300, pattern=r"\S")
    description: str | None = Field(default=None, max_length=10_000)
    status: Status | None = None
    priority: Priority | None = None
    due_date: When | None = None
    tags: list[Tag] | None = Field(default=None, max_length=50)
    estimated_hours: float | None = Estimate
    metadata: dict[str, Any] | None = None


class TaskQuery(PageQuery):
    channel_id: UUID | None = None
    status: list[Status] | None = Field(default=None, max_length=6, description="repeatable")
    assignee_id: UUID | None = None
    due_before: When | None = None
    due_after: When | None = None
    priority: Priority | None = None
    parent_task_id: UUID | None = None
    q: str | None = Field(default=None, max_length=200)


class AssigneeIn(BaseModel):
    user_id: UUID


class DependencyIn(BaseModel):
    depends_on_task_id: UUID = Field(description="the task this one waits on")
    dependency_type: DependencyType = "blocks"


class DependencyOut(BaseModel):
    id: UUID
    task_id: UUID = Field(description="the task that waits")
    depends_on_task_id: UUID = Field(description="the task it waits on")
    dependency_type: DependencyType
    direction: Literal["depends_on", "dependent"] | None = Field(
        default=None, description="from the asked task's side: it depends on the other, or the other on it")
    other_task: BlockerOut | None = None
    created_by: UUID | None
    created_at: datetime


def task_out(row: Any) -> TaskOut:
    return TaskOut.model_validate(dict(row))


async def visible_task_or_404(call: Call[Any, Any], task_id: UUID) -> Any:
    row = await tasks.get_visible(call.app[POOL], task_id, call.user.id, call.user.role)
    if row is None:
        raise not_found("Task", task_id)
    return row


async def _visible(call: Call[Any, Any], task_id: UUID) -> TaskOut:
    return task_out(await visible_task_or_404(call, task_id))


def _page(call: Call[Any, TaskQuery], rows: list[Any]) -> dict[str, Any]:
    return page(rows, call.query.limit, task_out, lambda r: (r["created_at"].isoformat(), r["id"]))


async def _list(call: Call[Any, TaskQuery], parent_task_id: UUID | None) -> dict[str, Any]:
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    rows = await tasks.list_visible(
        call.app[POOL], call.user.id, call.user.role, after=after, limit=q.limit + 1,  # type: ignore[arg-type]
        channel_id=q.channel_id, statuses=list(q.status or []), assignee_id=q.assignee_id,
        due_before=q.due_before, due_after=q.due_after, priority=q.priority,
        parent_task_id=parent_task_id or q.parent_task_id, q=q.q,
    )
    return _page(call, rows)


@api.route("GET", "/api/tasks", summary="Tasks the caller may see (filterable)", tags=["tasks"],
           query=TaskQuery, response=Page[TaskOut])
async def list_tasks(call: Call[BaseModel, TaskQuery]) -> dict[str, Any]:
    return await _list(call, None)


@api.route("POST", "/api/tasks", summary="Create a task or subtask", tags=["tasks"], body=TaskIn,
           response=TaskOut, status=201, errors=[403, 404, 409])
async def create_task(call: Call[TaskIn, BaseModel]) -> TaskOut:
    body = call.body
    async with changes(call) as uow:
        row = await domain.create_task(uow, call.user, body.model_dump(exclude={"assignee_ids"}), body.assignee_ids)
    return task_out(row)


@api.route("GET", "/api/tasks/{task_id}", summary="One task, with its blockers", tags=["tasks"],
           response=TaskOut, errors=[404])
async def get_task(call: Call[BaseModel, BaseModel]) -> TaskOut:
    return await _visible(call, call.ids["task_id"])


@api.route("PATCH", "/api/tasks/{task_id}", summary="Change a task (status, priority, deadline, …)",
           tags=["tasks"], body=TaskPatch, response=TaskOut, errors=[403, 404])
async def update_task(call: Call[TaskPatch, BaseModel]) -> TaskOut:
    task_id = call.ids["task_id"]
    fields = call.body.model_dump(exclude_unset=True)
    nulls = [k for k in ("title", "status", "priority", "tags", "metadata") if k in fields and fields[k] is None]
    if nulls:
        raise ApiError(422, "invalid_input", f"{', '.join(nulls)} cannot be null", {"fields": nulls})
    async with changes(call) as uow:
        await domain.update_task(uow, call.user, task_id, fields)
    return await _visible(call, task_id)


@api.route("DELETE", "/api/tasks/{task_id}", summary="Cancel a task (its history is kept)", tags=["tasks"],
           response=TaskOut, errors=[403, 404])
async def cancel_task(call: Call[BaseModel, BaseModel]) -> TaskOut:
    task_id = call.ids["task_id"]
    async with changes(call) as uow:
        await domain.cancel_task(uow, call.user, task_id)
    return await _visible(call, task_id)


@api.route("GET", "/api/tasks/{task_id}/subtasks", summary="Subtasks of a task", tags=["tasks"],
           query=TaskQuery, response=Page[TaskOut], errors=[404])
async def list_subtasks(call: Call[BaseModel, TaskQuery]) -> dict[str, Any]:
    task_id = call.ids["task_id"]
    await visible_task_or_404(call, task_id)
    return await _list(call, task_id)


@api.route("POST", "/api/tasks/{task_id}/assignees", summary="Assign a person (they are notified)",
           tags=["tasks"], body=AssigneeIn, response=TaskOut, status=201, errors=[403, 404])
async def assign(call: Call[AssigneeIn, BaseModel]) -> TaskOut:
    task_id = call.ids["task_id"]
    async with changes(call) as uow:
        await domain.assign(uow, call.user, task_id, call.body.user_id)
    return await _visible(call, task_id)


@api.route("DELETE", "/api/tasks/{task_id}/assignees/{user_id}", summary="Unassign a person",
           tags=["tasks"], errors=[403, 404])
async def unassign(call: Call[BaseModel, BaseModel]) -> None:
    task_id, user_id = call.ids["task_id"], call.ids["user_id"]
    async with changes(call) as uow:
        removed = await domain.unassign(uow, call.user, task_id, user_id)
    if not removed:
        raise not_found("Assignee", user_id)


def _dependency_out(row: Any) -> DependencyOut:
    data = dict(row)
    if "other_task_id" in data:
        data["other_task"] = {"task_id": data["other_task_id"], "title": data["other_title"],
                              "status": data["other_status"], "dependency_type": data["dependency_type"]}
    return DependencyOut.model_validate(data)


@api.route("GET", "/api/tasks/{task_id}/dependencies", summary="Dependencies in both directions",
           tags=["tasks"], response=list[DependencyOut], errors=[404])
async def list_dependencies(call: Call[BaseModel, BaseModel]) -> list[DependencyOut]:
    task_id = call.ids["task_id"]
    await visible_task_or_404(call, task_id)
    rows = await tasks.dependencies(call.app[POOL], task_id, call.user.id, call.user.role)
    return [_dependency_out(r) for r in rows]


@api.route("POST", "/api/tasks/{task_id}/dependencies",
           summary="Make this task wait on another (a cycle of blocking types is rejected)", tags=["tasks"],
           body=DependencyIn, response=DependencyOut, status=201, errors=[403, 404, 409])
async def add_dependency(call: Call[DependencyIn, BaseModel]) -> DependencyOut:
    task_id = call.ids["task_id"]
    body = call.body
    async with changes(call) as uow:
        row = await domain.add_dependency(uow, call.user, task_id, body.depends_on_task_id, body.dependency_type)
    return _dependency_out(row)


@api.route("DELETE", "/api/tasks/{task_id}/dependencies/{dependency_id}", summary="Remove a dependency",
           tags=["tasks"], errors=[403, 404])
async def remove_dependency(call: Call[BaseModel, BaseModel]) -> None:
    async with changes(call) as uow:
        await domain.remove_dependency(uow, call.user, call.ids["task_id"], call.ids["dependency_id"])
