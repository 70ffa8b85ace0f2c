"""Lists and errors that mention *other* things (links, dependencies, shares, search hits, members,
notifications) leave out what the caller cannot see: a private channel and its tasks do not exist for
a non-member anywhere, not even as an id inside something they may see (README, "Who may do what")."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from server.bus import InProcessBus
from server.scheduler import ReminderScheduler
from store.domain.reminders import set_reminder
from store.unit import unit_of_work


async def channel_ids(session: Any) -> dict[str, str]:
    listed = await session.get("/api/channels?limit=200")
    return {c["name"]: c["id"] for c in listed["items"]}


def mentions(body: Any, *needles: str) -> bool:
    text = json.dumps(body)
    return any(n in text for n in needles)


async def test_a_link_from_a_public_channel_to_a_private_one_is_invisible_to_non_members(as_user):
    alex, tom, sarah = await as_user("alex"), await as_user("tom"), await as_user("sarah")
    ids = await channel_ids(alex)
    infra, leadership, brand = ids["Infrastructure"], ids["Leadership"], ids["Brand Refresh"]
    out = await alex.post(f"/api/channels/{infra}/relationships", {"target_channel_id": leadership}, expect=201)
    back = await alex.post(f"/api/channels/{leadership}/relationships",
                           {"target_channel_id": infra, "relationship_type": "sequential"}, expect=201)
    public = await alex.post(f"/api/channels/{infra}/relationships", {"target_channel_id": brand}, expect=201)

    seen = await tom.get(f"/api/channels/{infra}/relationships")
    assert [r["id"] for r in seen] == [public["id"]]
    assert not mentions(seen, leadership, "Leadership", out["id"], back["id"])
    assert {r["id"] for r in await sarah.get(f"/api/channels/{infra}/relationships")} == {
        out["id"], back["id"], public["id"]}
    await tom.get(f"/api/channels/{leadership}/relationships", expect=404)


async def test_members_of_an_invisible_channel_are_a_404(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    leadership = (await channel_ids(alex))["Leadership"]
    body = await tom.get(f"/api/channels/{leadership}/members", expect=404)
    assert body["error"]["code"] == "not_found" and not mentions(body, "Sarah", "Priya", "Elena")


async def test_dependencies_list_only_tasks_the_caller_can_see(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    ids = await channel_ids(alex)
    secret = await alex.post("/api/tasks", {"channel_id": ids["Leadership"], "title": "Quiet layoffs"}, expect=201)
    public = await alex.post("/api/tasks", {"channel_id": ids["Infrastructure"], "title": "Rack move"}, expect=201)
    after = await alex.post("/api/tasks", {"channel_id": ids["Infrastructure"], "title": "Cable audit"},
                            expect=201)
    await alex.post(f"/api/tasks/{public['id']}/dependencies", {"depends_on_task_id": secret["id"]}, expect=201)
    await alex.post(f"/api/tasks/{secret['id']}/dependencies", {"depends_on_task_id": after["id"]}, expect=201)

    for task in (public, after):
        assert await tom.get(f"/api/tasks/{task['id']}/dependencies") == []
        assert not mentions(await tom.get(f"/api/tasks/{task['id']}"), secret["id"], "Quiet layoffs")
    assert len(await alex.get(f"/api/tasks/{public['id']}/dependencies")) == 1


async def test_a_dependency_cycle_through_an_invisible_task_does_not_name_it(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    ids = await channel_ids(alex)
    a = await alex.post("/api/tasks", {"channel_id": ids["Infrastructure"], "title": "Order servers"}, expect=201)
    b = await alex.post("/api/tasks", {"channel_id": ids["Infrastructure"], "title": "Install servers"},
                        expect=201)
    secret = await alex.post("/api/tasks", {"channel_id": ids["Leadership"], "title": "Approve secret budget"},
                             expect=201)
    await alex.post(f"/api/tasks/{a['id']}/dependencies", {"depends_on_task_id": secret["id"]}, expect=201)
    await alex.post(f"/api/tasks/{secret['id']}/dependencies", {"depends_on_task_id": b["id"]}, expect=201)

    body = await tom.post(f"/api/tasks/{b['id']}/dependencies", {"depends_on_task_id": a["id"]}, expect=409)
    assert body["error"]["code"] == "dependency_cycle"
    assert not mentions(body, secret["id"], "Approve secret budget"), body
    cycle = body["error"]["details"]["cycle"]
    assert [step["task_id"] for step in cycle] == [b["id"], a["id"], None]
    # The CEO, who sees every step, still gets the whole cycle by name.
    full = await alex.post(f"/api/tasks/{b['id']}/dependencies", {"depends_on_task_id": a["id"]}, expect=409)
    assert "Approve secret budget" in full["error"]["message"]


async def test_where_a_resource_is_shared_lists_only_visible_places(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    ids = await channel_ids(alex)
    doc = await alex.post("/api/resources", {"name": "Rack plan", "url": "https://example.com/rack"}, expect=201)
    secret_task = await alex.post("/api/tasks", {"channel_id": ids["Leadership"], "title": "Board pack"},
                                  expect=201)
    shown = await alex.post(f"/api/resources/{doc['id']}/links", {"channel_id": ids["Infrastructure"]}, expect=201)
    await alex.post(f"/api/resources/{doc['id']}/links", {"channel_id": ids["Leadership"]}, expect=201)
    await alex.post(f"/api/resources/{doc['id']}/links", {"task_id": secret_task["id"]}, expect=201)

    links = await tom.get(f"/api/resources/{doc['id']}/links")
    assert [link["id"] for link in links] == [shown["id"]]
    assert not mentions(links, ids["Leadership"], secret_task["id"])
    assert len(await alex.get(f"/api/resources/{doc['id']}/links")) == 3


async def test_search_finds_nothing_of_a_private_channel_for_non_members(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    ids = await channel_ids(alex)
    await alex.post("/api/tasks", {"channel_id": ids["Leadership"], "title": "Zephyr merger",
                                   "description": "zephyr terms"}, expect=201)
    await alex.post(f"/api/channels/{ids['Leadership']}/messages", {"content": "zephyr call at 9"}, expect=201)
    got = await tom.get("/api/search", params={"q": "zephyr"})
    assert got["items"] == []
    assert {h["type"] for h in (await alex.get("/api/search", params={"q": "zephyr"}))["items"]} == {
        "task", "message"}


async def test_notifications_about_a_channel_that_became_invisible_are_withheld(as_user, app, pool):
    """Tom is told of a task in a public channel and has a reminder about it due later; the channel
    then turns private without him. His list, unread count and the scheduler's delivery keep quiet."""
    alex, tom = await as_user("alex"), await as_user("tom")
    ops = await alex.post("/api/channels", {"name": "Ops night"}, expect=201)
    task = await alex.post("/api/tasks", {"channel_id": ops["id"], "title": "Midnight failover",
                                          "assignee_ids": [tom.id]}, expect=201)
    before = (await tom.get("/api/notifications"))["items"]
    assert any(n["task_id"] == task["id"] for n in before)
    unread_before = (await tom.get("/api/notifications/unread-count"))["unread"]

    class Ceo:
        id = UUID(alex.id)
        role = "ceo"

    async with unit_of_work(pool, Ceo.id) as uow:
        await set_reminder(uow, Ceo(), UUID(tom.id), "Check the failover", datetime.now(UTC) + timedelta(hours=1),
                           task_id=UUID(task["id"]))
    await alex.patch(f"/api/channels/{ops['id']}", {"privacy": "private"})
    await tom.get(f"/api/tasks/{task['id']}", expect=404)
    await pool.execute("UPDATE notifications SET scheduled_for = now() - interval '1 minute' "
                       "WHERE type = 'reminder' AND task_id = $1", UUID(task["id"]))
    events_before = await pool.fetchval("SELECT coalesce(max(id), 0) FROM events")
    await ReminderScheduler(pool, InProcessBus()).run_once()

    listed = await tom.get("/api/notifications")
    assert not mentions(listed, task["id"], ops["id"], "Midnight failover", "Check the failover"), listed
    assert (await tom.get("/api/notifications/unread-count"))["unread"] < unread_before
    told = await pool.fetch("SELECT payload FROM events WHERE id > $1 AND type = 'notification.created'",
                            events_before)
    assert told == []
