"""Task dependencies: both directions, blockers, cycle rejection (also under concurrency), unblocking."""

from __future__ import annotations

import asyncio
from typing import Any


async def make_tasks(session: Any, *titles: str, assignee: str | None = None) -> list[dict[str, Any]]:
    channels = await session.get("/api/channels?limit=200")
    infra = next(c["id"] for c in channels["items"] if c["name"] == "Infrastructure")
    body: dict[str, Any] = {"channel_id": infra}
    if assignee:
        body["assignee_ids"] = [assignee]
    return [await session.post("/api/tasks", {**body, "title": t}, expect=201) for t in titles]


async def depend(session: Any, task: dict[str, Any], on: dict[str, Any], kind: str = "blocks",
                 expect: int = 201) -> Any:
    return await session.post(f"/api/tasks/{task['id']}/dependencies",
                              {"depends_on_task_id": on["id"], "dependency_type": kind}, expect=expect)


async def test_a_blocked_task_reports_its_open_blockers(as_user):
    alex = await as_user("alex")
    design, build, docs = await make_tasks(alex, "Design schema", "Build API", "Write docs")
    dep = await depend(alex, build, design, "requires")
    await depend(alex, build, docs, "parallel")
    got = await alex.get(f"/api/tasks/{build['id']}")
    assert got["blocked"] is True
    assert got["blockers"] == [{"task_id": design["id"], "title": "Design schema", "status": "todo",
                                "dependency_type": "requires"}]
    both = await alex.get(f"/api/tasks/{design['id']}/dependencies")
    assert [(d["direction"], d["other_task"]["title"]) for d in both] == [("dependent", "Build API")]
    mine = await alex.get(f"/api/tasks/{build['id']}/dependencies")
    assert {d["other_task"]["title"] for d in mine} == {"Design schema", "Write docs"}
    assert all(d["direction"] == "depends_on" for d in mine)

    await alex.patch(f"/api/tasks/{design['id']}", {"status": "completed"})
    assert (await alex.get(f"/api/tasks/{build['id']}"))["blocked"] is False

    await alex.patch(f"/api/tasks/{design['id']}", {"status": "todo"})
    assert (await alex.get(f"/api/tasks/{build['id']}"))["blocked"] is True
    await alex.delete(f"/api/tasks/{build['id']}/dependencies/{dep['id']}", expect=204)
    assert (await alex.get(f"/api/tasks/{build['id']}"))["blocked"] is False
    await alex.delete(f"/api/tasks/{build['id']}/dependencies/{dep['id']}", expect=404)


async def test_a_cycle_is_rejected_with_the_cycle_in_the_error(as_user):
    alex = await as_user("alex")
    a, b, c = await make_tasks(alex, "Task A", "Task B", "Task C")
    await depend(alex, a, b)
    await depend(alex, b, c, "follows")
    err = await depend(alex, c, a, "requires", expect=409)
    assert err["error"]["code"] == "dependency_cycle"
    assert err["error"]["details"]["cycle"] == [
        {"task_id": c["id"], "title": "Task C"}, {"task_id": a["id"], "title": "Task A"},
        {"task_id": b["id"], "title": "Task B"},
    ]
    assert "Task C → Task A → Task B → Task C" in err["error"]["message"]
    await depend(alex, c, a, "parallel")  # parallel never blocks, so it closes no cycle


async def test_self_and_duplicate_dependencies_are_refused(as_user):
    alex = await as_user("alex")
    a, b = await make_tasks(alex, "Alpha", "Beta")
    err = await depend(alex, a, a, expect=422)
    assert err["error"]["code"] == "self_dependency"
    await depend(alex, a, b)
    err = await depend(alex, a, b, "requires", expect=409)
    assert err["error"]["code"] == "duplicate_dependency"
    err = await alex.post(f"/api/tasks/{a['id']}/dependencies",
                          {"depends_on_task_id": b["id"], "dependency_type": "maybe"}, expect=422)
    await alex.post(f"/api/tasks/{a['id']}/dependencies",
                    {"depends_on_task_id": "00000000-0000-0000-0000-000000000000"}, expect=404)


async def test_two_concurrent_inserts_cannot_close_a_cycle(as_user):
    alex = await as_user("alex")
    a, b = await make_tasks(alex, "Ping", "Pong")
    results = await asyncio.gather(depend(alex, a, b, expect=None), depend(alex, b, a, expect=None))
    codes = sorted("error" in r for r in results)
    assert codes == [False, True]
    failed = next(r for r in results if "error" in r)
    assert failed["error"]["code"] == "dependency_cycle"


async def test_completing_the_last_blocker_notifies_the_assignees_once(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    first, second = await make_tasks(alex, "Provision VM", "Install agent")
    (waiting,) = await make_tasks(alex, "Run smoke tests", assignee=tom.id)
    await depend(alex, waiting, first)
    await depend(alex, waiting, second, "requires")

    async def unblocked() -> list[dict[str, Any]]:
        notes = await tom.get("/api/notifications")
        return [n for n in notes["items"] if n["type"] == "task_unblocked"]

    await alex.patch(f"/api/tasks/{first['id']}", {"status": "completed"})
    assert await unblocked() == []  # still waits on the second
    await alex.patch(f"/api/tasks/{second['id']}", {"status": "completed"})
    got = await unblocked()
    assert len(got) == 1 and got[0]["task_id"] == waiting["id"]
    await alex.patch(f"/api/tasks/{second['id']}", {"priority": "high"})  # a later edit says nothing
    await alex.patch(f"/api/tasks/{second['id']}", {"status": "completed"})
    assert len(await unblocked()) == 1


async def test_staff_cannot_link_to_a_private_task(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    (mine,) = await make_tasks(tom, "Tom's task")
    found = await alex.get("/api/tasks", params={"q": "Plan the 2027 offsite"})
    secret = found["items"][0]
    await depend(tom, mine, secret, expect=404)
    await depend(alex, mine, secret)  # the CEO may; Tom still sees he is blocked, not by what
    got = await tom.get(f"/api/tasks/{mine['id']}")
    assert got["blocked"] is True and got["blockers"] == []
    assert await tom.get(f"/api/tasks/{mine['id']}/dependencies") == []


async def test_blockers_completed_at_the_same_time_still_notify_exactly_once(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    first, second = await make_tasks(alex, "Order parts", "Book technician")
    (waiting,) = await make_tasks(alex, "Repair the rack", assignee=tom.id)
    await depend(alex, waiting, first)
    await depend(alex, waiting, second)
    await asyncio.gather(alex.patch(f"/api/tasks/{first['id']}", {"status": "completed"}),
                         alex.patch(f"/api/tasks/{second['id']}", {"status": "cancelled"}))
    notes = await tom.get("/api/notifications")
    assert [n["task_id"] for n in notes["items"] if n["type"] == "task_unblocked"] == [waiting["id"]]
