"""POST /api/commands: idempotency, dry runs, permissions, history, context across restarts."""

from __future__ import annotations

import secrets

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.app import create_app
from server.bus import InProcessBus
from tests.executor.helpers import fingerprint


async def test_the_same_idempotency_key_twice_executes_once(as_user, pool):
    alex = await as_user("alex")
    body = {"text": "Create an operations channel called Warehouse Move", "idempotency_key": "k-1"}
    first = await alex.post("/api/commands", body, expect=200)
    second = await alex.post("/api/commands", body, expect=200)
    assert first["status"] == "completed"
    assert second["command_id"] == first["command_id"] and second["replayed"] is True
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE name = 'Warehouse Move'") == 1


async def test_dry_run_returns_the_plan_and_changes_nothing(as_user, pool):
    alex = await as_user("alex")
    before = await fingerprint(pool)
    out = await alex.post("/api/commands", {"text": "Create a finance channel called Budget 2027 and add Priya",
                                            "dry_run": True}, expect=200)
    assert out["status"] == "dry_run"
    assert out["plan"]["actions"][0]["type"] == "CREATE_CHANNEL"
    assert await fingerprint(pool) == before


async def test_staff_cannot_create_a_channel_by_command_and_nothing_changes(as_user, pool):
    mike = await as_user("mike")
    out = await mike.post("/api/commands", {"text": "Create a marketing channel called Mine"}, expect=200)
    assert out["status"] == "failed" and out["error"]["code"] == "forbidden"
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE name = 'Mine'") == 0


async def test_every_command_is_stored_and_readable_in_history(as_user):
    alex = await as_user("alex")
    done = await alex.post("/api/commands", {"text": "Create an HR channel called Onboarding"}, expect=200)
    failed = await alex.post("/api/commands", {"text": "Add Zed to the onboarding channel"}, expect=200)
    assert failed["status"] == "failed"
    one = await alex.get(f"/api/commands/{done['command_id']}")
    assert one["transcript"] == "Create an HR channel called Onboarding"
    assert one["plan"]["actions"][0]["type"] == "CREATE_CHANNEL"
    assert one["results"][0]["status"] == "done"
    assert {"parse_ms", "execute_ms", "total_ms"} <= set(one["timings_ms"])
    history = await alex.get("/api/commands?limit=1")
    assert len(history["items"]) == 1 and history["next_cursor"]
    rest = await alex.get(f"/api/commands?limit=5&cursor={history['next_cursor']}")
    seen = [history["items"][0]["command_id"]] + [c["command_id"] for c in rest["items"]]
    assert set(seen) == {done["command_id"], failed["command_id"]}
    lisa = await as_user("lisa")
    await lisa.get(f"/api/commands/{done['command_id']}", expect=404)


async def test_conversation_context_survives_a_server_restart(as_user, aiohttp_client, settings, pool):
    alex = await as_user("alex")
    await alex.post("/api/commands", {"text": "Start an engineering channel called Platform Migration."}, expect=200)
    fresh = await aiohttp_client(create_app(settings, pool=pool, bus=InProcessBus()))
    from tests.conftest import sign_in

    alex2 = await sign_in(fresh, "alex")
    out = await alex2.post("/api/commands", {"text": "Put Tom in it."}, expect=200)
    assert out["status"] == "completed", out
    tom = await pool.fetchval("SELECT id FROM users WHERE email = 'tom@example.com'")
    cid = await pool.fetchval("SELECT id FROM channels WHERE name = 'Platform Migration'")
    assert await pool.fetchval("SELECT count(*) FROM channel_members WHERE channel_id=$1 AND user_id=$2", cid,
                               tom) == 1


async def test_bad_command_bodies_get_readable_errors(as_user):
    alex = await as_user("alex")
    for body in ({}, {"text": ""}, {"text": "   "}, {"text": 5}, {"text": "x" * 6000}, {"text": "ok", "dry_run": [1]}, {"text": "ok", "language": "fr"}):
        out = await alex.post("/api/commands", body, expect=422)
        assert out["error"]["code"] == "invalid_input"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(
    st.text(min_size=1, max_size=300),
    st.lists(st.sampled_from(["create", "add", "channel", "task", "Sarah", "Nobody", "due", "Friday", "blocks",
                              "it", "and", ",", "share", "the", "brand", "guidelines", "three", "called", "X"]),
             min_size=1, max_size=25).map(" ".join),
))
async def test_random_text_never_raises_and_never_half_executes(app_service, text):
    service, pool, user = app_service
    if not text.strip():
        return
    before = await pool.fetchval("SELECT count(*) FROM events")
    out = await service.run(user, text, idempotency_key=secrets.token_hex(8))
    assert out["status"] in ("completed", "failed", "needs_clarification")
    after = await pool.fetchval("SELECT count(*) FROM events")
    if out["status"] != "completed":
        assert after == before  # a failed command leaves no trace but its own record
        assert all(r["status"] != "done" for r in out["results"])


async def test_a_partly_understood_spoken_command_is_not_run(app_service):
    service, pool, user = app_service
    before = await pool.fetchval("SELECT count(*) FROM channels")
    # What the recogniser made of "…and add Tom." when it lost the last word.
    heard = "Create an engineering channel called platform migration and add"
    out = await service.run(user, heard, source="voice", min_confidence=0.6)
    assert out["status"] == "needs_clarification" and out["error"]["code"] == "low_confidence"
    assert await pool.fetchval("SELECT count(*) FROM channels") == before
    clear = await service.run(user, "Create an engineering channel called Platform Migration and add Tom.",
                              source="voice", min_confidence=0.6)
    assert clear["status"] == "completed"


async def test_a_partly_understood_typed_command_asks_and_says_what_was_unclear(app_service):
    """Typed commands are held to the same bar: words the plan cannot place are a question, not a guess."""
    service, pool, user = app_service
    tables = ("channels", "tasks", "channel_members", "events")
    before = [await pool.fetchval(f"SELECT count(*) FROM {t}") for t in tables]
    out = await service.run(user, "Add Lisa to the Brand Refresh channel. Frobnicate the wombats.")
    assert out["status"] == "needs_clarification" and out["error"]["code"] == "low_confidence", out
    assert "Frobnicate the wombats" in out["error"]["message"]
    assert out["error"]["details"]["doubts"] == ["not understood: Frobnicate the wombats"]
    # "three tasks" with two titles: one title swallowed another
    out = await service.run(user, "create three tasks alpha beta and gamma")
    assert out["status"] == "needs_clarification", out
    assert any("said 3 tasks, heard 2" in d for d in out["error"]["details"]["doubts"])
    assert [await pool.fetchval(f"SELECT count(*) FROM {t}") for t in tables] == before


async def test_it_after_a_command_that_did_nothing_is_asked_about(app_service):
    """ "Add Lisa to it" right after a failed command must not land on what an older command made."""
    service, pool, user = app_service
    made = await service.run(user, "Create a marketing channel called Holiday Promo")
    assert made["status"] == "completed", made
    members = "SELECT count(*) FROM channel_members m JOIN channels c ON c.id = m.channel_id WHERE c.name = $1"
    before = await pool.fetchval(members, "Holiday Promo")
    failed = await service.run(user, "Create a sales channel called Partners and add Nobody")
    assert failed["status"] == "failed" and failed["error"]["code"] == "unknown_person", failed
    out = await service.run(user, "add Lisa to it")
    assert out["status"] == "needs_clarification", out
    assert "last command did nothing" in out["error"]["message"]
    assert await pool.fetchval(members, "Holiday Promo") == before
    # a command that worked makes "it" clear again
    assert (await service.run(user, "Create a sales channel called Partners Two"))["status"] == "completed"
    assert (await service.run(user, "add Lisa to it"))["status"] == "completed"
    assert await pool.fetchval(members, "Partners Two") == 2
