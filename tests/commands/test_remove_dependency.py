"""A dependency removed by command (REMOVE_DEPENDENCY) through POST /api/commands: the row goes, through the
same rules as DELETE /api/tasks/{id}/dependencies/{id}, audited, announced, and undo brings it back."""

from __future__ import annotations

from tests.executor.helpers import fingerprint


async def run(session, text, expect_status="completed"):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    assert body["status"] == expect_status, body
    return body


async def _task(pool, title):
    return await pool.fetchval("SELECT id FROM tasks WHERE title = $1 ORDER BY created_at DESC LIMIT 1", title)


async def _deps(pool, a, b):
    return await pool.fetch("SELECT id, task_id, depends_on_task_id, dependency_type::text AS t FROM task_dependencies "
                            "WHERE (task_id = $1 AND depends_on_task_id = $2) OR (task_id = $2 AND depends_on_task_id = $1)",
                            a, b)


async def _lab(alex, pool):
    """A public channel of Alex's with "draft the memo" blocking "send the memo" (Tom is not in it)."""
    await run(alex, "Create a public operations channel called Memo Lab. Create two tasks in Memo Lab: "
                    "draft the memo and send the memo.")
    await run(alex, "Draft the memo blocks send the memo.")
    draft, send = await _task(pool, "draft the memo"), await _task(pool, "send the memo")
    assert [(r["task_id"], r["depends_on_task_id"]) for r in await _deps(pool, draft, send)] == [(send, draft)]
    return draft, send


async def test_no_longer_depends_on_removes_the_row_audited_and_live(as_user, pool):
    alex = await as_user("alex")
    draft, send = await _lab(alex, pool)
    [dep] = await _deps(pool, draft, send)
    out = await run(alex, "Send the memo no longer depends on draft the memo.")
    assert [r["type"] for r in out["plan"]["actions"]] == ["REMOVE_DEPENDENCY"]
    assert out["results"][0]["status"] == "done" and out["results"][0]["entity_id"] == str(dep["id"])
    assert await _deps(pool, draft, send) == []
    audit = await pool.fetchrow("SELECT action, before, after FROM audit_log WHERE entity_id = $1 "
                                "ORDER BY id DESC LIMIT 1", dep["id"])
    assert audit["action"] == "dependency.removed" and audit["after"] is None
    assert await pool.fetchval("SELECT count(*) FROM events WHERE type = 'dependency.removed' "
                               "AND entity_id = $1", dep["id"]) == 1


async def test_the_dependency_between_two_tasks_goes_whichever_way_it_ran(as_user, pool):
    alex = await as_user("alex")
    draft, send = await _lab(alex, pool)
    await run(alex, "Remove the dependency between draft the memo and send the memo.")
    assert await _deps(pool, draft, send) == []


async def test_a_pair_that_is_not_linked_fails_and_changes_nothing(as_user, pool):
    alex = await as_user("alex")
    draft, send = await _lab(alex, pool)
    before = await fingerprint(pool)
    out = await run(alex, "Draft the memo no longer depends on send the memo.", expect_status="failed")
    assert out["error"]["code"] == "no_dependency", out["error"]
    assert "draft the memo" in out["error"]["message"] and "send the memo" in out["error"]["message"]
    after = await fingerprint(pool)
    assert {t for t in before if before[t] != after[t]} == {"voice_commands"}
    assert len(await _deps(pool, draft, send)) == 1


async def test_staff_who_may_not_change_the_task_is_refused_and_nothing_changes(as_user, pool):
    alex, tom = await as_user("alex"), await as_user("tom")
    draft, send = await _lab(alex, pool)
    before = await fingerprint(pool)
    out = await run(tom, "Send the memo no longer depends on draft the memo.", expect_status="failed")
    assert out["error"]["code"] == "forbidden", out["error"]
    after = await fingerprint(pool)
    assert {t for t in before if before[t] != after[t]} == {"voice_commands"}
    assert len(await _deps(pool, draft, send)) == 1


async def test_unblock_removes_the_one_open_blocker(as_user, pool):
    alex = await as_user("alex")
    draft, send = await _lab(alex, pool)
    await run(alex, "Unblock send the memo.")
    assert await _deps(pool, draft, send) == []


async def test_undo_brings_the_removed_dependency_back_as_it_was(as_user, pool):
    alex = await as_user("alex")
    draft, send = await _lab(alex, pool)
    [dep] = await _deps(pool, draft, send)
    await run(alex, "Draft the memo doesn't block send the memo anymore.")
    assert await _deps(pool, draft, send) == []
    undone = await run(alex, "Undo that.")
    assert undone["plan"]["kind"] == "undo"
    [back] = await _deps(pool, draft, send)
    assert dict(back) == dict(dep)


async def test_a_blocker_the_speaker_cannot_see_is_neither_named_nor_removed(as_user, pool):
    """Tom may change his staging database task, but what holds it back is in Leadership, private, where he is not:
    'unblock' finds no blocker of his to remove and says nothing of the hidden one."""
    alex, tom = await as_user("alex"), await as_user("tom")
    await run(alex, "Create a task in Leadership called approve the hardware budget.")
    await run(alex, "Upgrade the staging database depends on approve the hardware budget.")
    staging, budget = await _task(pool, "Upgrade the staging database"), await _task(pool, "approve the hardware budget")
    assert len(await _deps(pool, staging, budget)) == 1
    before = await fingerprint(pool)
    out = await tom.post("/api/commands", {"text": "Unblock the staging database task."}, expect=200)
    assert out["status"] in ("failed", "needs_clarification"), out
    assert out["error"]["code"] == "no_blockers", out
    assert "hardware budget" not in str(out).lower()
    after = await fingerprint(pool)
    assert {t for t in before if before[t] != after[t]} <= {"voice_commands", "conversation_state"}
    assert len(await _deps(pool, staging, budget)) == 1
