"""The daily digest goes out once per person and day with two nodes whose schedulers run at the same moment."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import time
from uuid import UUID

from server.settings import Settings


async def test_two_nodes_deliver_each_digest_once(make_node, pool, settings: Settings):
    node_settings = replace(settings, digest_at=time(0, 0))  # due whenever the test runs
    options = {"digest_every_s": 0.2}
    node_a = await make_node(options=options, node_settings=node_settings)
    node_b = await make_node(options=options, node_settings=node_settings)
    alex = await node_b.live("alex")
    event = await alex.event(lambda e: e["type"] == "notification.created" and e["payload"]["type"] == "digest",
                             timeout=5)
    assert event["payload"]["title"].startswith("Daily digest")
    await asyncio.sleep(1.0)  # both schedulers made several more passes
    later = await alex.drain(0.5)
    assert not [e for e in later if e["type"] == "notification.created"]
    alex_id = UUID((await node_a.session("alex")).id)
    assert await pool.fetchval("SELECT count(*) FROM notifications WHERE type = 'digest' AND user_id = $1",
                               alex_id) == 1
    per_person = await pool.fetch("SELECT user_id, count(*) FROM notifications WHERE type = 'digest' GROUP BY 1")
    assert per_person and all(r["count"] == 1 for r in per_person)
    assert await pool.fetchval("SELECT count(*) FROM digests") == await pool.fetchval(
        "SELECT count(*) FROM users WHERE role IN ('ceo', 'manager') AND is_active")
