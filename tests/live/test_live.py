"""/api/live: across nodes, filtered like REST, resumable without gaps or duplicates."""

from __future__ import annotations

import asyncio

import pytest

from server.keys import LIVE
from server.live import publish_ephemeral
from tests.live.helpers import channel_ids, create_task, task_titles


async def test_a_change_on_node_a_reaches_a_websocket_on_node_b(make_node):
    node_a, node_b = await make_node(), await make_node()
    tom = await node_b.live("tom")
    ceo = await node_a.session("alex")
    channels = await channel_ids(ceo)
    task = await create_task(ceo, channels["Infrastructure"], "Rotate the TLS certificates")
    event = await tom.event(lambda e: e["type"] == "task.created")
    assert event["entity_id"] == task["id"] and event["payload"]["title"] == "Rotate the TLS certificates"
    assert isinstance(event["id"], int) and event["channel_id"] == channels["Infrastructure"]


async def test_staff_outside_a_private_channel_never_receive_its_events(make_node):
    node = await make_node()
    ceo = await node.session("alex")
    channels = await channel_ids(ceo)
    tom, sarah, alex = await node.live("tom"), await node.live("sarah"), await node.live("alex")
    await create_task(ceo, channels["Leadership"], "Board seats for 2027")
    await create_task(ceo, channels["Infrastructure"], "Patch the VPN")
    assert task_titles(await tom.drain(1.0)) == ["Patch the VPN"]
    assert task_titles(await sarah.drain(0.3)) == ["Board seats for 2027", "Patch the VPN"]
    assert task_titles(await alex.drain(0.3)) == ["Board seats for 2027", "Patch the VPN"]

    # Membership changes take effect on the open socket, both ways.
    tom_id = (await node.session("tom")).id
    await ceo.post(f"/api/channels/{channels['Leadership']}/members", {"user_id": tom_id}, expect=201)
    await create_task(ceo, channels["Leadership"], "Hiring plan")
    assert "Hiring plan" in task_titles(await tom.drain(1.0))
    await ceo.delete(f"/api/channels/{channels['Leadership']}/members/{tom_id}", expect=204)
    await create_task(ceo, channels["Leadership"], "Secret merger")
    got = await tom.drain(1.0)
    assert "Secret merger" not in task_titles(got)
    assert all(e["channel_id"] != channels["Leadership"] or e["type"] != "task.created" for e in got)


async def test_reconnect_with_the_last_event_id_has_no_gap_and_no_duplicate(make_node):
    node = await make_node()
    ceo = await node.session("alex")
    infra = (await channel_ids(ceo))["Infrastructure"]
    tom = await node.live("tom")
    titles = [f"task {i}" for i in range(40)]
    writing = asyncio.create_task(_create_slowly(ceo, infra, titles))
    seen = []
    while len(seen) < 8:
        seen.append(await tom.event())
    await tom.close()  # the network blinks while the CEO keeps talking
    await asyncio.sleep(0.3)
    tom = await node.live("tom", last_event_id=seen[-1]["id"])
    await writing
    seen += await tom.drain(1.5)
    ids = [e["id"] for e in seen]
    assert ids == sorted(set(ids)), "in order, each once"
    assert task_titles(seen) == titles


async def _create_slowly(session, channel_id, titles):
    for title in titles:
        await create_task(session, channel_id, title)
        await asyncio.sleep(0.01)


async def test_concurrent_writers_on_two_nodes_are_delivered_in_id_order(make_node):
    node_a, node_b = await make_node(), await make_node()
    ceo_a, ceo_b = await node_a.session("alex"), await node_b.session("alex")
    infra = (await channel_ids(ceo_a))["Infrastructure"]
    watchers = [await node_a.live("tom"), await node_b.live("mike")]
    await asyncio.gather(*(create_task(ceo, infra, f"{name} {i}")
                           for i in range(15) for name, ceo in (("a", ceo_a), ("b", ceo_b))))
    for watcher in watchers:
        got = [e for e in await watcher.drain(1.5) if e["type"] == "task.created"]
        ids = [e["id"] for e in got]
        assert len(got) == 30 and ids == sorted(set(ids))


async def test_a_too_old_cursor_answers_resync_required(make_node, pool):
    node = await make_node(redis_url=None)
    ceo = await node.session("alex")
    infra = (await channel_ids(ceo))["Infrastructure"]
    for i in range(3):
        await create_task(ceo, infra, f"old {i}")
    newest = await pool.fetchval("SELECT max(id) FROM events")
    await pool.execute("DELETE FROM events WHERE id < $1", newest)  # retention pruned the rest
    tom = await node.live("tom", last_event_id=1, ready=False)
    assert (await tom.next())["type"] == "resync_required"
    assert await tom.closed() == 4009
    # A cursor at the retention edge still resumes.
    tom = await node.live("tom", last_event_id=newest - 1)
    assert tom.messages[-1]["type"] == "ready"


async def test_auth_by_first_message_and_refusal_of_bad_tokens(make_node):
    node = await make_node(redis_url=None, options={"auth_timeout_s": 0.3})
    tom = await node.session("tom")
    ws = await node.client.ws_connect("/api/live")
    await ws.send_json({"type": "auth", "token": tom.tokens["access_token"]})
    assert (await ws.receive_json())["type"] == "ready"
    await ws.close()
    ws = await node.client.ws_connect("/api/live")
    await ws.send_json({"type": "auth", "token": "not-a-token"})
    await ws.receive()
    assert ws.close_code == 4001
    ws = await node.client.ws_connect("/api/live")  # says nothing: closed after the auth timeout
    await ws.receive()
    assert ws.close_code == 4001


@pytest.mark.parametrize("bus", ["redis", "in-process"])
async def test_ephemeral_events_reach_only_their_audience_without_ids(make_node, bus):
    node_a = await make_node(redis_url=None) if bus == "in-process" else await make_node()
    node_b = node_a if bus == "in-process" else await make_node()
    tom, mike = await node_b.live("tom"), await node_b.live("mike")
    sarah = await node_b.live("sarah")
    leadership = (await channel_ids(await node_a.session("alex")))["Leadership"]
    await node_a.app[LIVE].publish_ephemeral({"type": "transcript.partial", "text": "create a task"},
                                               user_ids=[(await node_b.session("tom")).id])
    await publish_ephemeral(node_a.app, {"type": "command.progress", "state": "done"}, channel_id=leadership)
    got = await tom.next("ephemeral")
    assert got["event"] == {"type": "transcript.partial", "text": "create a task", "ephemeral": True}
    assert (await sarah.next("ephemeral"))["event"]["type"] == "command.progress"
    with pytest.raises(TimeoutError):
        await mike.next("ephemeral", timeout=0.5)
    with pytest.raises(TimeoutError):
        await tom.next("ephemeral", timeout=0.3)


async def test_an_unblocked_task_tells_its_assignee_once_across_nodes(make_node):
    node_a, node_b = await make_node(), await make_node()
    ceo = await node_a.session("alex")
    tom_id = (await node_b.session("tom")).id
    infra = (await channel_ids(ceo))["Infrastructure"]
    first = await create_task(ceo, infra, "Provision the new cluster")
    second = await create_task(ceo, infra, "Migrate the services", assignee_ids=[tom_id])
    await ceo.post(f"/api/tasks/{second['id']}/dependencies", {"depends_on_task_id": first["id"]}, expect=201)
    tom = await node_b.live("tom")
    await ceo.patch(f"/api/tasks/{first['id']}", {"status": "completed"})
    await ceo.patch(f"/api/tasks/{first['id']}", {"priority": "low"})  # still done: no second notice
    got = await tom.drain(2.0)  # longer than a relay pass: nothing comes twice
    unblocked = [e for e in got if e["type"] == "notification.created" and e["payload"]["type"] == "task_unblocked"]
    assert len(unblocked) == 1, got
    assert unblocked[0]["payload"]["task_id"] == second["id"] and unblocked[0]["user_ids"] == [tom_id]
