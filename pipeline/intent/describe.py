"""A plan in people's words: ids replaced by names, for logs, tests and the parse benchmark."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from executor.plan import ActionRef, Plan, Query
from pipeline.intent.context import CommandContext

_SKIP = {"id", "depends_on", "summary", "condition", "type", "exec_priority"}
_ENTITY = {"channel", "task", "parent_task", "depends_on_task", "source", "target"}
_PEOPLE = {"user_id", "members", "assignees", "mentions"}


def describe(plan: Plan, ctx: CommandContext) -> list[dict[str, object]]:
    """One dict per action: {"type": ..., "name": "Q1 launch", "members": ["Sarah", "Mike"], ...}.

    Existing entities become their names; entities made earlier in the plan become
    "new:<name>"; people become first names; datetimes "YYYY-MM-DD HH:MM" local time.
    """
    made: dict[str, str] = {}
    out: list[dict[str, object]] = []
    for action in plan.actions:
        row: dict[str, object] = {"type": action.type}
        for field, value in action:
            if field in _SKIP or value is None or value == []:
                continue
            row[field] = _value(field, value, ctx, made)
        label = getattr(action, "name", None) or getattr(action, "title", None)
        if action.type in {"CREATE_CHANNEL", "CREATE_TASK"} and isinstance(label, str):
            made[action.id] = label
        out.append(row)
    return out


def _value(field: str, value: object, ctx: CommandContext, made: dict[str, str]) -> object:
    if isinstance(value, list):
        return [_value(field, v, ctx, made) for v in value]
    if isinstance(value, ActionRef):
        return "new:" + made.get(value.ref, value.ref)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, UUID):
        return _name(field, value, ctx)
    return value


def _name(field: str, value: UUID, ctx: CommandContext) -> str:
    if field in _PEOPLE:
        p = ctx.person(value)
        return p.first_name if p else str(value)
    if field in _ENTITY:
        c = ctx.channel(value)
        if c is not None and field not in {"task", "parent_task", "depends_on_task"}:
            return c.name
        t = ctx.task(value)
        if t is not None:
            return t.title
        return c.name if c else str(value)
    if field == "category_id":
        return next((c.name for c in ctx.categories if c.id == value), str(value))
    if field == "resource_id":
        return next((r.name for r in ctx.resources if r.id == value), str(value))
    return str(value)


def describe_query(query: Query, ctx: CommandContext) -> dict[str, object]:
    """A question in people's words: {"type": "due", "window": "overdue", "channel": "Q4 Planning", "person": "Tom"}."""
    row: dict[str, object] = {"type": query.type}
    for field in ("window", "period"):
        if getattr(query, field) is not None:
            row[field] = getattr(query, field)
    if query.person_id is not None:
        row["person"] = _name("user_id", query.person_id, ctx)
    if query.channel_id is not None:
        row["channel"] = _name("channel", query.channel_id, ctx)
    if query.category_id is not None:
        row["category"] = _name("category_id", query.category_id, ctx)
    if query.task_id is not None:
        row["task"] = _name("task", query.task_id, ctx)
    return row
