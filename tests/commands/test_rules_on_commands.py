"""Commands obey the same rules as REST (issue 8, finding 1): the same refusals, the same codes,
and a refused command writes and notifies nothing."""

from __future__ import annotations

from tests.executor.helpers import fingerprint

# A failed command leaves only its own record (and no conversation change).
_OWN_RECORD = ("voice_commands", "conversation_state")


def _without_own_record(fp):
    return {k: v for k, v in fp.items() if k not in _OWN_RECORD}


async def _channel(pool, name):
    return await pool.fetchval("SELECT id FROM channels WHERE name = $1", name)


async def test_command_cannot_assign_a_task_in_a_private_channel_to_a_non_member(as_user, pool):
    alex, tom = await as_user("alex"), await as_user("tom")
    leadership = await _channel(pool, "Leadership")
    rest = await alex.post("/api/tasks", {"channel_id": str(leadership), "title": "severance budget",
                                          "assignee_ids": [tom.id]}, expect=422)
    assert rest["error"]["code"] == "assignee_cannot_see_channel"
    before = _without_own_record(await fingerprint(pool))
    out = await alex.post("/api/commands", {
        "text": "add a task called severance budget to Leadership and assign it to Tom"}, expect=200)
    assert out["status"] == "failed", out
    assert out["error"]["code"] == "assignee_cannot_see_channel"
    assert _without_own_record(await fingerprint(pool)) == before
    assert await pool.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1", tom.id) == 0


async def test_a_staff_member_of_a_private_channel_cannot_hand_its_work_to_a_non_member(as_user, pool):
    alex, mike = await as_user("alex"), await as_user("mike")
    leadership = await _channel(pool, "Leadership")
    await alex.post(f"/api/channels/{leadership}/members", {"user_id": mike.id}, expect=201)
    before = _without_own_record(await fingerprint(pool))
    out = await mike.post("/api/commands", {
        "text": "add a task called hiring freeze to Leadership and assign it to Tom"}, expect=200)
    assert out["status"] == "failed", out
    assert out["error"]["code"] == "assignee_cannot_see_channel"
    assert _without_own_record(await fingerprint(pool)) == before


async def test_command_cannot_add_a_task_to_an_archived_channel(as_user, pool):
    alex = await as_user("alex")
    q4 = await _channel(pool, "Q4 Close")
    await alex.delete(f"/api/channels/{q4}", expect=200)
    rest = await alex.post("/api/tasks", {"channel_id": str(q4), "title": "late invoice"}, expect=409)
    assert rest["error"]["code"] == "channel_archived"
    before = _without_own_record(await fingerprint(pool))
    out = await alex.post("/api/commands", {"text": "add a task called late invoice to Q4 Close"}, expect=200)
    assert out["status"] == "failed", out
    assert out["error"]["code"] == "channel_archived"
    assert _without_own_record(await fingerprint(pool)) == before


async def test_command_cannot_post_a_message_in_an_archived_channel(as_user, pool):
    alex = await as_user("alex")
    q4 = await _channel(pool, "Q4 Close")
    await alex.delete(f"/api/channels/{q4}", expect=200)
    rest = await alex.post(f"/api/channels/{q4}/messages", {"content": "books are closed"}, expect=409)
    assert rest["error"]["code"] == "channel_archived"
    before = _without_own_record(await fingerprint(pool))
    out = await alex.post("/api/commands", {"text": "tell Q4 Close that the books are closed"}, expect=200)
    assert out["status"] == "failed", out
    assert out["error"]["code"] == "channel_archived"
    assert _without_own_record(await fingerprint(pool)) == before
