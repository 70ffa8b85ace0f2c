"""Every live event has an audience computed by the REST visibility rule, and a payload that holds
only what its recipient may see: a private channel and everything in it does not exist for
non-members, over a socket or a replay (`last_event_id`), as over REST."""

from __future__ import annotations

import json
from typing import Any

from tests.live.helpers import channel_ids, create_task


def _mentions(events: list[dict[str, Any]], *needles: str) -> list[dict[str, Any]]:
    """The events whose JSON contains any of `needles` (ids, names, titles)."""
    return [e for e in events if any(n in json.dumps(e) for n in needles)]


async def _replay(node: Any, first_name: str, after: int) -> list[dict[str, Any]]:
    live = await node.live(first_name, last_event_id=after, ready=False)
    got: list[dict[str, Any]] = []
    while True:
        body = await live.next()
        if body["type"] == "ready":
            break
        if body["type"] == "event":
            got.append(body["event"])
    await live.close()
    return got


async def _newest_event_id(pool: Any) -> int:
    return int(await pool.fetchval("SELECT coalesce(max(id), 0) FROM events"))


async def test_renaming_or_deleting_a_resource_shared_only_in_a_private_channel_reaches_only_its_audience(
        make_node, pool):
    node = await make_node(redis_url=None)
    ceo = await node.session("alex")
    leadership = (await channel_ids(ceo))["Leadership"]
    resource = await ceo.post("/api/resources", {"name": "Severance plan", "url": "https://example.com/plan"},
                              expect=201)
    await ceo.post(f"/api/resources/{resource['id']}/links", {"channel_id": leadership}, expect=201)
    shared_at = await _newest_event_id(pool)
    tom, mike, sarah = await node.live("tom"), await node.live("mike"), await node.live("sarah")

    await ceo.patch(f"/api/resources/{resource['id']}", {"name": "Severance plan v2",
                                                         "description": "who leaves in March"})
    await ceo.delete(f"/api/resources/{resource['id']}", expect=204)

    got = await sarah.drain(1.0)
    assert [e["type"] for e in got] == ["resource.updated", "resource.deleted"]
    assert got[0]["payload"]["name"] == "Severance plan v2"
    for outsider in (tom, mike):
        assert await outsider.drain(0.3) == []
    assert _mentions(await _replay(node, "tom", 0), "Severance plan v2", "who leaves in March") == []
    assert await _replay(node, "tom", shared_at) == []
    assert [e["type"] for e in await _replay(node, "sarah", shared_at)] == ["resource.updated", "resource.deleted"]


async def test_a_public_task_waiting_on_a_private_task_shows_non_members_neither_its_title_nor_its_id(
        make_node, pool):
    node = await make_node(redis_url=None)
    ceo = await node.session("alex")
    tom_session, sarah_session = await node.session("tom"), await node.session("sarah")
    channels = await channel_ids(ceo)
    secret = await create_task(ceo, channels["Leadership"], "Close the secret acquisition")
    public = await create_task(ceo, channels["Infrastructure"], "Announce the new structure",
                               assignee_ids=[tom_session.id, sarah_session.id])
    start = await _newest_event_id(pool)
    tom, sarah = await node.live("tom"), await node.live("sarah")

    await ceo.post(f"/api/tasks/{public['id']}/dependencies", {"depends_on_task_id": secret["id"]}, expect=201)
    await ceo.patch(f"/api/tasks/{public['id']}", {"priority": "high"})
    assert (await tom_session.get(f"/api/tasks/{public['id']}"))["blockers"] == []
    await ceo.patch(f"/api/tasks/{secret['id']}", {"status": "completed"})

    secrets = (secret["id"], "secret acquisition")
    tom_got = await tom.drain(1.0)
    assert _mentions(tom_got, *secrets) == []
    assert _mentions(await _replay(node, "tom", start), *secrets) == []
    updates = [e for e in tom_got if e["type"] == "task.updated" and e["entity_id"] == public["id"]]
    assert updates and all(e["payload"]["blockers"] == [] for e in updates)
    assert updates[0]["payload"]["blocked"] is True, "that it waits on something is not a secret"
    unblocked = [e for e in tom_got if e["type"] == "notification.created"
                 and e["payload"]["type"] == "task_unblocked"]
    assert len(unblocked) == 1 and unblocked[0]["payload"]["task_id"] == public["id"]
    stored = await tom_session.get("/api/notifications")
    assert _mentions(stored["items"], *secrets) == [], "the notice itself does not name the private task"

    # A member of both channels sees all of it.
    sarah_got = await sarah.drain(0.5)
    added = [e for e in sarah_got if e["type"] == "dependency.added"]
    assert len(added) == 1 and added[0]["payload"]["depends_on_task_id"] == secret["id"]
    blocked = next(e for e in sarah_got if e["type"] == "task.updated" and e["payload"]["priority"] == "high")
    assert [b["title"] for b in blocked["payload"]["blockers"]] == ["Close the secret acquisition"]
    notice = next(e for e in sarah_got if e["type"] == "notification.created"
                  and e["payload"]["type"] == "task_unblocked")
    assert "Close the secret acquisition" in notice["payload"]["body"]


async def test_every_event_type_inside_a_private_channel_reaches_its_members_and_no_one_else(make_node, pool):
    from store.event_types import EVENT_MODELS, ORGANISATION_WIDE

    node = await make_node(redis_url=None)
    ceo = await node.session("alex")
    sarah_session = await node.session("sarah")
    david_id = (await node.session("david")).id
    channels = await channel_ids(ceo)
    leadership, infra = channels["Leadership"], channels["Infrastructure"]
    resource = await ceo.post("/api/resources", {"name": "Org chart 2027", "url": "https://example.com/org"},
                              expect=201)
    start = await _newest_event_id(pool)
    tom, mike, sarah = await node.live("tom"), await node.live("mike"), await node.live("sarah")

    # channels: created, updated, members, relationships (one of them to a public channel)
    war_room = await ceo.post("/api/channels", {"name": "War room", "privacy": "private",
                                                "members": [{"user_id": sarah_session.id}]}, expect=201)
    await ceo.patch(f"/api/channels/{leadership}", {"description": "Board matters"})
    await ceo.post(f"/api/channels/{leadership}/members", {"user_id": david_id}, expect=201)
    await ceo.delete(f"/api/channels/{leadership}/members/{david_id}", expect=204)
    private_link = await ceo.post(f"/api/channels/{leadership}/relationships",
                                  {"target_channel_id": war_room["id"]}, expect=201)
    await ceo.post(f"/api/channels/{infra}/relationships", {"target_channel_id": leadership}, expect=201)
    await ceo.delete(f"/api/channels/{leadership}/relationships/{private_link['id']}", expect=204)
    # tasks, subtasks, assignees, dependencies, unblocking, cancelling
    first = await create_task(ceo, leadership, "Pick the new CFO", assignee_ids=[sarah_session.id])
    second = await create_task(ceo, leadership, "Announce the new CFO", assignee_ids=[sarah_session.id])
    await create_task(ceo, None, "Shortlist candidates", parent_task_id=first["id"])
    dependency = await ceo.post(f"/api/tasks/{second['id']}/dependencies", {"depends_on_task_id": first["id"]},
                                expect=201)
    await ceo.delete(f"/api/tasks/{second['id']}/dependencies/{dependency['id']}", expect=204)
    await ceo.post(f"/api/tasks/{second['id']}/dependencies", {"depends_on_task_id": first["id"]}, expect=201)
    await ceo.patch(f"/api/tasks/{first['id']}", {"status": "completed"})
    await ceo.delete(f"/api/tasks/{second['id']}/assignees/{sarah_session.id}", expect=204)
    await ceo.delete(f"/api/tasks/{second['id']}", expect=200)
    # messages with a mention, edits, deletes; notifications read
    message = await ceo.post(f"/api/channels/{leadership}/messages", {"content": "@Sarah the CFO shortlist"},
                             expect=201)
    await ceo.patch(f"/api/messages/{message['id']}", {"content": "@Sarah the CFO shortlist, v2"})
    await ceo.delete(f"/api/messages/{message['id']}", expect=200)
    await sarah_session.post("/api/notifications/read", {}, expect=200)
    # resources shared in the channel and on one of its tasks, renamed, unshared, deleted
    link = await ceo.post(f"/api/resources/{resource['id']}/links", {"channel_id": leadership}, expect=201)
    await ceo.post(f"/api/resources/{resource['id']}/links", {"task_id": first["id"]}, expect=201)
    await ceo.patch(f"/api/resources/{resource['id']}", {"name": "Org chart 2027 (draft)"})
    await ceo.delete(f"/api/resources/{resource['id']}/links/{link['id']}", expect=204)
    await ceo.delete(f"/api/resources/{resource['id']}", expect=204)
    emitted = {r["type"] for r in await pool.fetch("SELECT DISTINCT type FROM events WHERE id > $1", start)}
    # (the two an undo adds, channel.deleted and notification.voided, are checked below: a deleted channel's
    # earlier events are no longer replayed, so they cannot be compared with the live ones here)
    undo_types = {"channel.deleted", "notification.voided"}
    assert emitted | ORGANISATION_WIDE | undo_types == set(EVENT_MODELS), "every event type a private channel can hold"
    for outsider in (tom, mike):
        assert await outsider.drain(0.5) == []
    assert await _replay(node, "tom", start) == []
    assert await _replay(node, "mike", start) == []

    sarah_live = await sarah.drain(0.5)
    assert {e["type"] for e in sarah_live} == emitted, "a member receives every one of them"
    replayed = await _replay(node, "sarah", start)
    assert replayed == sarah_live, "a replayed event is the live one, built in one place"
    for event in sarah_live:
        EVENT_MODELS[event["type"]].model_validate(event)

    # a command undone: the private channel it made is deleted, Sarah's invitation withdrawn — she hears both
    made = await ceo.post("/api/commands", {"text": "create a private channel called Shadow Board and add Sarah"},
                          expect=200)
    assert made["status"] == "completed", made
    assert (await ceo.post("/api/commands", {"text": "undo that"}, expect=200))["status"] == "completed"
    heard = {e["type"] for e in await sarah.drain(0.5)}
    assert undo_types <= heard, heard
    for outsider in (tom, mike):
        assert await outsider.drain(0.5) == []
