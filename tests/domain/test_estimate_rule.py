"""A task's estimate (hours of work) on every path that writes it: a plan run by the executor and
REST. Stored, audited and published like the other task fields; 0, negative or over 10000 hours is
refused before anything is written."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from executor import plan as p
from executor.plan import Plan
from executor.run import execute
from store.domain import tasks as domain_tasks
from tests.executor.helpers import fingerprint, person

BAD = (0, -1, 20_000)


async def _stored(pool: Any, task_id: UUID) -> float | None:
    value = await pool.fetchval("SELECT estimated_hours::float8 FROM tasks WHERE id = $1", task_id)
    return None if value is None else float(value)


async def _audit(pool: Any, task_id: UUID) -> list[tuple[str, Any, Any]]:
    rows = await pool.fetch("SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id", task_id)
    return [(r["action"], r["before"], r["after"]) for r in rows]


def test_the_plan_and_the_domain_share_one_bound():
    assert p.MAX_ESTIMATE_HOURS == domain_tasks.MAX_ESTIMATE_HOURS == 10_000


async def test_a_created_task_keeps_its_estimate_and_says_so(pool):
    alex = await person(pool, "Alex")
    result = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_TASK", "title": "audit the firewall rules", "estimated_hours": 16}]}), alex)
    assert result.ok, result.error
    made = result.results[0]
    assert made.entity_id is not None
    assert await _stored(pool, made.entity_id) == 16.0
    assert made.summary == "Created task 'audit the firewall rules' (est. 16 h)"
    assert made.data["estimated_hours"] == 16.0
    created = next(e for e in result.events if e["type"] == "task.created")
    assert created["payload"]["estimated_hours"] == 16.0
    assert [(a, after["estimated_hours"]) for a, _, after in await _audit(pool, made.entity_id)] == [
        ("task.created", 16.0)]


async def test_an_update_of_only_the_estimate_changes_it_with_audit_and_event(pool):
    alex = await person(pool, "Alex")
    made = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_TASK", "title": "write the newsletter", "estimated_hours": 3}]}), alex)
    task_id = made.results[0].entity_id
    assert task_id is not None
    result = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "UPDATE_TASK", "task": str(task_id), "estimated_hours": 1.5}]}), alex)
    assert result.ok, result.error
    assert await _stored(pool, task_id) == 1.5
    assert result.results[0].summary == "Updated task 'write the newsletter': estimate → 1.5 h"
    assert result.results[0].data == {"estimated_hours": 1.5}
    assert [e["type"] for e in result.events] == ["task.updated"]
    assert result.events[0]["payload"]["estimated_hours"] == 1.5
    action, before, after = (await _audit(pool, task_id))[-1]
    assert (action, before["estimated_hours"], after["estimated_hours"]) == ("task.updated", 3.0, 1.5)


async def test_an_update_without_an_estimate_leaves_it_alone(pool):
    alex = await person(pool, "Alex")
    made = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_TASK", "title": "map the schemas", "estimated_hours": 8}]}), alex)
    task_id = made.results[0].entity_id
    assert task_id is not None
    result = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "UPDATE_TASK", "task": str(task_id), "status": "in_progress"}]}), alex)
    assert result.ok, result.error
    assert await _stored(pool, task_id) == 8.0


@pytest.mark.parametrize("hours", BAD)
@pytest.mark.parametrize("action", [
    {"id": "a1", "type": "CREATE_TASK", "title": "x"},
    {"id": "a1", "type": "UPDATE_TASK", "task": "00000000-0000-0000-0000-000000000000"},
])
def test_a_plan_with_an_impossible_estimate_does_not_validate(action, hours):
    with pytest.raises(ValidationError, match="an estimate must be more than 0 and at most 10000 hours"):
        Plan.model_validate({"actions": [{**action, "estimated_hours": hours}]})


async def test_the_domain_refuses_an_impossible_estimate_that_skipped_validation(pool):
    """A plan built without validation (model_construct) still meets the rule, and writes nothing."""
    alex = await person(pool, "Alex")
    made = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_TASK", "title": "print brochures", "estimated_hours": 2}]}), alex)
    task_id = made.results[0].entity_id
    assert task_id is not None
    before = await fingerprint(pool)
    for hours in BAD:
        for action in (p.CreateTask.model_construct(id="a1", title="brochure proofs", estimated_hours=hours),
                       p.UpdateTask.model_construct(id="a1", task=task_id, estimated_hours=hours)):
            result = await execute(pool, Plan.model_construct(actions=[action]), alex)
            assert not result.ok
            assert result.error is not None and result.error["code"] == "invalid_estimate", result.error
            assert "more than 0 and at most 10000 hours" in result.error["message"]
    assert await fingerprint(pool) == before
    assert await _stored(pool, task_id) == 2.0


async def test_rest_takes_the_same_estimates_and_refuses_the_same_ones(as_user, pool):
    alex = await as_user("alex")
    task = await alex.post("/api/tasks", {"title": "clean up the CRM", "estimated_hours": 4}, expect=201)
    assert task["estimated_hours"] == 4.0
    before = await fingerprint(pool)
    for hours in BAD:
        err = await alex.post("/api/tasks", {"title": "clean up the CRM", "estimated_hours": hours}, expect=422)
        assert err["error"]["code"] == "invalid_input"
        await alex.patch(f"/api/tasks/{task['id']}", {"estimated_hours": hours}, expect=422)
    assert await fingerprint(pool) == before
    changed = await alex.patch(f"/api/tasks/{task['id']}", {"estimated_hours": 10_000})
    assert changed["estimated_hours"] == 10_000.0
    assert (await alex.get(f"/api/tasks/{task['id']}"))["estimated_hours"] == 10_000.0
    cleared = await alex.patch(f"/api/tasks/{task['id']}", {"estimated_hours": None})
    assert cleared["estimated_hours"] is None
