"""Presence across nodes, and reminders delivered at their time exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from store import notifications
from store.unit import unit_of_work
from tests.live.helpers import channel_ids


@pytest.mark.parametrize("bus", ["redis", "in-process"])
async def test_presence_shows_who_is_online_and_what_they_view(make_node, bus):
    if bus == "redis":
        node_a, node_b = await make_node(), await make_node()
    else:
        node_a = node_b = await make_node(redis_url=None)
    channels = await channel_ids(await node_a.session("alex"))
    tom_id, sarah_id = (await node_a.session("tom")).id, (await node_a.session("sarah")).id
    mike = await node_b.live("mike")
    tom = await node_a.live("tom")
    online = await _presence_of(mike, tom_id)
    assert online["status"] == "online"

    await tom.send({"type": "view", "channel_id": channels["Infrastructure"]})
    viewing = await _presence_of(mike, tom_id)
    assert viewing["channel_id"] == channels["Infrastructure"]

    sarah = await node_a.live("sarah")
    await sarah.send({"type": "view", "channel_id": channels["Leadership"]})
    # She came online, then opened a channel Mike may not know of: he hears neither channel.
    about_sarah = [await _presence_of(mike, sarah_id), await _presence_of(mike, sarah_id)]
    assert [p["channel_id"] for p in about_sarah] == [None, None]

    listing = await (await node_b.session("mike")).get("/api/presence")
    by_user = {p["user_id"]: p for p in listing["users"]}
    assert by_user[tom_id]["channel_ids"] == [channels["Infrastructure"]]
    assert by_user[sarah_id]["channel_ids"] == []  # Leadership is private and Mike is not in it
    ceo_listing = await (await node_b.session("alex")).get("/api/presence")
    assert {p["user_id"]: p for p in ceo_listing["users"]}[sarah_id]["channel_ids"] == [channels["Leadership"]]

    await tom.close()
    assert (await _presence_of(mike, tom_id))["status"] == "offline"
    listing = await (await node_b.session("mike")).get("/api/presence")
    assert tom_id not in {p["user_id"] for p in listing["users"]}


async def _presence_of(client, user_id):
    while (presence := await client.next("presence"))["user_id"] != user_id:
        pass
    return presence


async def test_presence_needs_a_signed_in_caller(make_node):
    node = await make_node(redis_url=None)
    assert (await node.client.get("/api/presence")).status == 401


async def test_a_reminder_arrives_at_its_time_exactly_once_with_two_schedulers(make_node, pool):
    _, node_b = await make_node(), await make_node()  # each runs a scheduler every 0.2 s
    tom_id = UUID((await node_b.session("tom")).id)
    tom = await node_b.live("tom")
    due = datetime.now(UTC) + timedelta(seconds=1.5)
    async with unit_of_work(pool, None) as uow:
        row = await notifications.create(uow, tom_id, "deadline_reminder", "The board summary is due",
                                         scheduled_for=due)
    assert not uow.events, "a future reminder is not announced when it is created"
    early = await tom.drain(1.0)
    assert not [e for e in early if e["type"] == "notification.created"]
    event = await tom.event(lambda e: e["type"] == "notification.created", timeout=3)
    assert datetime.now(UTC) >= due
    assert event["payload"]["id"] == str(row["id"]) and event["payload"]["type"] == "deadline_reminder"
    later = await tom.drain(1.0)
    assert not [e for e in later if e["type"] == "notification.created"]
    assert await pool.fetchval("SELECT count(*) FROM events WHERE entity_id = $1", row["id"]) == 1
    assert await pool.fetchval("SELECT delivered_at IS NOT NULL FROM notifications WHERE id = $1", row["id"])
