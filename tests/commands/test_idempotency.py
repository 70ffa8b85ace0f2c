"""One idempotency key, one outcome: failures are replayed too, even to concurrent requests (issue 8, finding 10)."""

from __future__ import annotations

import asyncio


async def test_concurrent_identical_failing_commands_all_get_the_stored_failure(as_user, pool):
    alex = await as_user("alex")
    body = {"text": "Add Zed to the Leadership channel", "idempotency_key": "fail-once"}
    resps = await asyncio.gather(*(alex.client.post("/api/commands", json=body, headers=alex.headers)
                                   for _ in range(20)))
    assert [r.status for r in resps] == [200] * 20
    outs = [await r.json() for r in resps]
    assert {o["status"] for o in outs} == {"failed"}
    assert len({o["command_id"] for o in outs}) == 1
    assert sorted(o["replayed"] for o in outs) == [False] + [True] * 19
    assert {o["error"]["code"] for o in outs} == {outs[0]["error"]["code"]}
    assert await pool.fetchval("SELECT count(*) FROM voice_commands WHERE idempotency_key = 'fail-once'") == 1


async def test_a_stored_failure_is_replayed_to_a_later_request_with_the_same_key(as_user):
    alex = await as_user("alex")
    body = {"text": "Add Zed to the Leadership channel", "idempotency_key": "fail-later"}
    first = await alex.post("/api/commands", body, expect=200)
    again = await alex.post("/api/commands", body, expect=200)
    assert first["status"] == "failed" and again["replayed"] is True
    assert again["command_id"] == first["command_id"] and again["error"] == first["error"]


async def test_concurrent_identical_succeeding_commands_execute_once(as_user, pool):
    alex = await as_user("alex")
    body = {"text": "Create an operations channel called Once Only", "idempotency_key": "ok-once"}
    resps = await asyncio.gather(*(alex.client.post("/api/commands", json=body, headers=alex.headers)
                                   for _ in range(20)))
    assert [r.status for r in resps] == [200] * 20
    outs = [await r.json() for r in resps]
    assert {o["status"] for o in outs} == {"completed"} and len({o["command_id"] for o in outs}) == 1
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE name = 'Once Only'") == 1
