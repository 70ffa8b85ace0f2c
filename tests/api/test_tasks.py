"""Tasks over HTTP: create, read, filter, page, update, cancel, subtasks, assignees, visibility."""

from __future__ import annotations

from typing import Any
from uuid import UUID


async def channel_id(session: Any, name: str) -> str:
    channels = await session.get("/api/channels?limit=200")
    return next(c["id"] for c in channels["items"] if c["name"] == name)


async def task_named(session: Any, title: str) -> dict[str, Any]:
    found = await session.get("/api/tasks", params={"q": title})
    return next(t for t in found["items"] if t["title"] == title)


async def test_create_read_update_and_cancel_a_task(as_user):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    brand = await channel_id(sarah, "Brand Refresh")
    task = await sarah.post("/api/tasks", {
        "channel_id": brand, "title": "Write launch copy", "description": "Tagline and hero text",
        "priority": "high", "due_date": "2030-05-01", "assignee_ids": [mike.id], "tags": ["copy"],
        "estimated_hours": 3.5,
    }, expect=201)
    assert task["channel_id"] == brand and task["assignee_ids"] == [mike.id]
    assert task["due_date"].startswith("2030-05-01T00:00:00") and task["estimated_hours"] == 3.5
    assert task["blocked"] is False and task["blockers"] == [] and task["subtask_count"] == 0
    assert (await mike.get(f"/api/tasks/{task['id']}"))["title"] == "Write launch copy"

    done = await mike.patch(f"/api/tasks/{task['id']}", {"status": "completed"})
    assert done["status"] == "completed" and done["completed_at"] is not None
    reopened = await mike.patch(f"/api/tasks/{task['id']}", {"status": "in_progress", "priority": "urgent"})
    assert reopened["completed_at"] is None and reopened["priority"] == "urgent"

    cancelled = await sarah.delete(f"/api/tasks/{task['id']}", expect=200)
    assert cancelled["status"] == "cancelled"
    assert (await sarah.get(f"/api/tasks/{task['id']}"))["status"] == "cancelled"


async def test_assignment_notifies_the_assignee_and_can_be_undone(as_user):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    task = await task_named(sarah, "Review logo concepts")
    out = await sarah.post(f"/api/tasks/{task['id']}/assignees", {"user_id": mike.id}, expect=201)
    assert mike.id in out["assignee_ids"]
    notes = await mike.get("/api/notifications")
    assert any(n["type"] == "assignment" and n["task_id"] == task["id"] for n in notes["items"])
    await sarah.delete(f"/api/tasks/{task['id']}/assignees/{mike.id}", expect=204)
    assert mike.id not in (await sarah.get(f"/api/tasks/{task['id']}"))["assignee_ids"]
    await sarah.delete(f"/api/tasks/{task['id']}/assignees/{mike.id}", expect=404)


async def test_assignee_must_see_the_channel(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    leadership = await channel_id(alex, "Leadership")
    err = await alex.post("/api/tasks", {"channel_id": leadership, "title": "Secret", "assignee_ids": [tom.id]},
                          expect=422)
    assert err["error"]["code"] == "assignee_cannot_see_channel"
    err = await alex.post("/api/tasks", {"title": "Ghost", "assignee_ids": ["00000000-0000-0000-0000-000000000000"]},
                          expect=422)
    assert err["error"]["code"] == "unknown_person"


async def test_subtasks_inherit_the_parent_channel(as_user):
    sarah = await as_user("sarah")
    parent = await task_named(sarah, "Draft the new colour palette")
    sub = await sarah.post("/api/tasks", {"parent_task_id": parent["id"], "title": "Pick accent colour"},
                           expect=201)
    assert sub["channel_id"] == parent["channel_id"] and sub["parent_task_id"] == parent["id"]
    assert (await sarah.get(f"/api/tasks/{parent['id']}"))["subtask_count"] == 1
    subs = await sarah.get(f"/api/tasks/{parent['id']}/subtasks")
    assert [t["id"] for t in subs["items"]] == [sub["id"]]
    other = await channel_id(sarah, "Q4 Close")
    err = await sarah.post("/api/tasks", {"parent_task_id": parent["id"], "channel_id": other, "title": "x"},
                           expect=422)
    assert err["error"]["code"] == "channel_mismatch"


async def test_filters(as_user):
    alex, david = await as_user("alex"), await as_user("david")
    q4 = await channel_id(alex, "Q4 Close")
    by_channel = await alex.get("/api/tasks", params={"channel_id": q4})
    assert {t["title"] for t in by_channel["items"]} == {"Reconcile vendor invoices", "Prepare the board summary"}
    mine = await alex.get("/api/tasks", params={"assignee_id": david.id})
    assert [t["title"] for t in mine["items"]] == ["Reconcile vendor invoices"]
    urgent = await alex.get("/api/tasks", params={"priority": "urgent"})
    assert [t["title"] for t in urgent["items"]] == ["Reconcile vendor invoices"]
    statuses = await alex.get("/api/tasks", params=[("status", "in_progress"), ("status", "todo")])
    assert len(statuses["items"]) == 6
    progress = await alex.get("/api/tasks", params={"status": "in_progress"})
    assert [t["title"] for t in progress["items"]] == ["Draft the new colour palette"]
    soon = await alex.get("/api/tasks", params={"due_before": "2000-01-01"})
    assert soon["items"] == []
    later = await alex.get("/api/tasks", params={"due_after": "2000-01-01T00:00:00Z"})
    assert len(later["items"]) == 6


async def test_pagination_has_no_gaps_and_no_duplicates(as_user):
    alex = await as_user("alex")
    infra = await channel_id(alex, "Infrastructure")
    made = {(await alex.post("/api/tasks", {"channel_id": infra, "title": f"Rack server {i}"}, expect=201))["id"]
            for i in range(7)}
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"channel_id": infra, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        got = await alex.get("/api/tasks", params=params)
        assert len(got["items"]) <= 3
        seen += [t["id"] for t in got["items"]]
        pages += 1
        cursor = got["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 8  # 7 new + the seeded one
    assert made <= set(seen)
    await alex.get("/api/tasks", params={"cursor": "garbage"}, expect=400)


async def test_staff_cannot_see_or_touch_private_channel_tasks(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    secret = await task_named(alex, "Plan the 2027 offsite")
    await tom.get(f"/api/tasks/{secret['id']}", expect=404)
    await tom.patch(f"/api/tasks/{secret['id']}", {"status": "completed"}, expect=404)
    await tom.delete(f"/api/tasks/{secret['id']}", expect=404)
    await tom.post(f"/api/tasks/{secret['id']}/assignees", {"user_id": tom.id}, expect=404)
    await tom.get(f"/api/tasks/{secret['id']}/dependencies", expect=404)
    listed = await tom.get("/api/tasks?limit=200")
    assert secret["id"] not in [t["id"] for t in listed["items"]]
    leadership = secret["channel_id"]
    await tom.get("/api/tasks", params={"channel_id": leadership})  # filtering by it shows nothing
    assert (await tom.get("/api/tasks", params={"channel_id": leadership}))["items"] == []
    await tom.post("/api/tasks", {"channel_id": leadership, "title": "Sneak in"}, expect=404)
    await tom.post("/api/tasks", {"parent_task_id": secret["id"], "title": "Sneak in"}, expect=404)


async def test_staff_cannot_write_in_an_archived_channel_or_cancel_others_tasks(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    infra = await channel_id(alex, "Infrastructure")
    seeded = await task_named(alex, "Upgrade the staging database")
    err = await tom.delete(f"/api/tasks/{seeded['id']}", expect=403)
    assert err["error"]["code"] == "forbidden"
    await alex.delete(f"/api/channels/{infra}", expect=200)
    err = await tom.post("/api/tasks", {"channel_id": infra, "title": "Too late"}, expect=409)
    assert err["error"]["code"] == "channel_archived"


async def test_bad_input_is_422_not_500(as_user):
    alex = await as_user("alex")
    for body in ({"title": ""}, {"title": "x", "due_date": "next tuesday"}, {"title": "x", "status": "done"},
                 {"title": "x", "estimated_hours": -1}, {"title": "x" * 301}, {"title": "x", "tags": [""]}):
        await alex.post("/api/tasks", body, expect=422)
    await alex.get("/api/tasks", params={"limit": 0}, expect=422)
    await alex.get("/api/tasks", params={"due_before": "soon"}, expect=422)
    await alex.get("/api/tasks/not-a-uuid", expect=404)
    await alex.post("/api/tasks", {"channel_id": "00000000-0000-0000-0000-000000000000", "title": "x"}, expect=404)
    task = await task_named(alex, "Upgrade the staging database")
    await alex.patch(f"/api/tasks/{task['id']}", {"title": None}, expect=422)
    await alex.post("/api/tasks", {"title": "nul\u0000byte"}, expect=422)


async def test_changes_are_audited_and_published_to_the_channel_audience(as_user, pool):
    alex = await as_user("alex")
    leadership = await channel_id(alex, "Leadership")
    task = await alex.post("/api/tasks", {"channel_id": leadership, "title": "Board pack"}, expect=201)
    await alex.patch(f"/api/tasks/{task['id']}", {"priority": "high"})
    events = await pool.fetch("SELECT type, channel_id FROM events WHERE entity_id = $1 ORDER BY id",
                              UUID(task["id"]))
    assert [(e["type"], str(e["channel_id"])) for e in events] == [("task.created", leadership),
                                                                   ("task.updated", leadership)]
    audit = await pool.fetch("SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id",
                             UUID(task["id"]))
    assert [a["action"] for a in audit] == ["task.created", "task.updated"]
    assert audit[1]["before"]["priority"] == "medium" and audit[1]["after"]["priority"] == "high"
