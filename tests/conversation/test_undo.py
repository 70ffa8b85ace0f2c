"""Undo (issue 10): "undo that", "deshaz eso" and POST /api/commands/{id}/undo revert exactly what a command
wrote, from the audit log, in one transaction; refuse (changing nothing) when later changes touched the same
rows, when it is not the speaker's, when it is too old or already undone; an undo can itself be undone."""

from __future__ import annotations


async def say(session, text, status=None):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    if status is not None:
        assert body["status"] == status, body
    return body


async def state(pool):
    """Everything a command can write, as comparable rows (notifications: only those not withdrawn)."""
    out = {}
    for table, cols in (("channels", "id, name, privacy::text, status::text, category_id"),
                        ("channel_members", "channel_id, user_id, role::text"),
                        ("tasks", "id, title, status::text, priority::text, due_date, channel_id, parent_task_id"),
                        ("task_assignees", "task_id, user_id"),
                        ("task_dependencies", "task_id, depends_on_task_id, dependency_type::text"),
                        ("resource_links", "resource_id, channel_id, task_id"),
                        ("messages", "id, content, deleted_at IS NULL"),
                        ("notifications", "id, user_id, title")):
        where = " WHERE voided_at IS NULL" if table == "notifications" else ""
        out[table] = sorted(tuple(r) for r in await pool.fetch(f"SELECT {cols} FROM {table}{where}"))
    return out


async def test_undo_that_reverts_the_seed_example_exactly_and_live(as_user, pool, app):
    alex = await as_user("alex")
    before = await state(pool)
    await say(alex, "Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: budget review "
                    "due Friday, campaign brief due next Monday, and vendor shortlist due next Wednesday. Budget "
                    "review blocks the other two. Share the brand guidelines with the channel.", "completed")
    assert await state(pool) != before
    undone = await say(alex, "Undo that.", "completed")
    assert await state(pool) == before
    assert undone["plan"]["kind"] == "undo" and undone["results"][0]["type"] == "UNDO"
    assert "budget review" in undone["results"][0]["summary"]
    # the undo's own writes are audited under its id and were published for live clients
    actions = {r["action"] for r in await pool.fetch("SELECT action FROM audit_log WHERE command_id = $1",
                                                     __import__("uuid").UUID(undone["command_id"]))}
    assert {"channel.deleted", "task.deleted", "channel.member_removed", "dependency.removed", "resource.unshared",
            "notification.voided"} <= actions
    events = {r["type"] for r in await pool.fetch("SELECT type FROM events WHERE id > (SELECT max(id) - 40 FROM events)")}
    assert {"channel.deleted", "task.deleted", "dependency.removed"} <= events


async def test_an_update_gets_its_old_values_back_and_undoing_the_undo_redoes_it(as_user, pool):
    sarah = await as_user("sarah")
    task = await pool.fetchrow("SELECT id, priority::text AS p, due_date FROM tasks WHERE title = 'Review logo concepts'")
    await say(sarah, "make Review logo concepts urgent and due next Friday", "completed")
    changed = await pool.fetchrow("SELECT priority::text AS p, due_date FROM tasks WHERE id = $1", task["id"])
    assert changed["p"] == "urgent" and changed["due_date"] != task["due_date"]
    await say(sarah, "take that back", "completed")
    back = await pool.fetchrow("SELECT priority::text AS p, due_date FROM tasks WHERE id = $1", task["id"])
    assert (back["p"], back["due_date"]) == (task["p"], task["due_date"])
    await say(sarah, "undo that", "completed")  # the undo was the last command: undoing it redoes
    again = await pool.fetchrow("SELECT priority::text AS p, due_date FROM tasks WHERE id = $1", task["id"])
    assert (again["p"], again["due_date"]) == (changed["p"], changed["due_date"])


async def test_a_created_task_comes_back_with_its_id_when_the_undo_is_undone(as_user, pool):
    tom = await as_user("tom")
    await say(tom, "create a task in Infrastructure to rotate the api keys and assign it to me", "completed")
    made = await pool.fetchrow("SELECT id FROM tasks WHERE title = 'rotate the api keys'")
    await say(tom, "deshaz eso", "completed")
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE id = $1", made["id"]) == 0
    await say(tom, "undo", "completed")
    assert await pool.fetchval("SELECT count(*) FROM task_assignees WHERE task_id = $1", made["id"]) == 1


async def test_later_changes_to_the_same_rows_refuse_the_undo_and_say_which(as_user, pool):
    alex, priya = await as_user("alex"), await as_user("priya")
    made = await say(alex, "create a task in Q4 Close to count the petty cash", "completed")
    task_id = await pool.fetchval("SELECT id FROM tasks WHERE title = 'count the petty cash'")
    await priya.patch(f"/api/tasks/{task_id}", {"priority": "high"})
    before = await state(pool)
    out = await alex.post(f"/api/commands/{made['command_id']}/undo", expect=200)
    assert out["status"] == "failed" and out["error"]["code"] == "undo_conflict", out
    assert "count the petty cash" in out["error"]["message"] and "Priya" in out["error"]["message"]
    assert await state(pool) == before


async def test_only_the_speaker_or_a_manager_of_staff_may_undo_and_only_once(as_user, pool):
    alex, tom, lisa, sarah = [await as_user(n) for n in ("alex", "tom", "lisa", "sarah")]
    mine = await say(alex, "create a task in Infrastructure to order new racks", "completed")
    await lisa.post(f"/api/commands/{mine['command_id']}/undo", expect=404)  # staff: not theirs, not visible
    refused = await sarah.post(f"/api/commands/{mine['command_id']}/undo", expect=200)
    assert refused["error"]["code"] == "undo_forbidden"  # a manager may not undo the CEO's
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title = 'order new racks'") == 1
    staff = await say(tom, "create a task in Infrastructure to label the cables", "completed")
    by_manager = await sarah.post(f"/api/commands/{staff['command_id']}/undo", expect=200)
    assert by_manager["status"] == "completed", by_manager
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title = 'label the cables'") == 0
    twice = await tom.post(f"/api/commands/{staff['command_id']}/undo", expect=200)
    assert twice["error"]["code"] == "already_undone"


async def test_too_old_and_nothing_to_undo(as_user, pool):
    david = await as_user("david")
    assert (await say(david, "undo that"))["error"]["code"] == "nothing_to_undo"
    made = await say(david, "create a task in Q4 Close to shred old files", "completed")
    await pool.execute("UPDATE voice_commands SET created_at = now() - interval '2 days' WHERE id = $1::uuid",
                       made["command_id"])
    out = await say(david, "undo that")
    assert out["status"] == "failed" and out["error"]["code"] == "undo_too_old"
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title = 'shred old files'") == 1


async def test_an_undone_reminder_is_withdrawn_and_never_delivered(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "remind Tom tomorrow at 9am to check the backups", "completed")
    note = await pool.fetchrow("SELECT id FROM notifications WHERE title ILIKE '%backups%' OR body ILIKE '%backups%'")
    assert note is not None
    await say(alex, "undo that", "completed")
    assert await pool.fetchval("SELECT voided_at IS NOT NULL FROM notifications WHERE id = $1", note["id"])
    await pool.execute("UPDATE notifications SET scheduled_for = now() - interval '1 minute' WHERE id = $1", note["id"])
    from store import notifications

    async with pool.acquire() as conn, conn.transaction():
        assert note["id"] not in {r["id"] for r in await notifications.claim_due(conn)}


async def test_an_undone_message_is_deleted_for_readers(as_user, pool):
    alex, david = await as_user("alex"), await as_user("david")
    await say(alex, "post in Q4 Close: the auditors arrive on Monday", "completed")
    channel = await pool.fetchval("SELECT id FROM channels WHERE name = 'Q4 Close'")
    page = await david.get(f"/api/channels/{channel}/messages")
    assert any("auditors" in (m.get("content") or "") for m in page["items"])
    await say(alex, "undo that", "completed")
    page = await david.get(f"/api/channels/{channel}/messages")
    assert not any("auditors" in (m.get("content") or "") for m in page["items"])


async def test_a_manager_may_not_undo_a_staff_command_in_a_channel_they_cannot_see(as_user, pool):
    tom, sarah, alex = await as_user("tom"), await as_user("sarah"), await as_user("alex")
    private = await alex.post("/api/channels", {"name": "Ops Vault", "privacy": "private",
                                                "members": [{"user_id": tom.id}]}, expect=201)
    made = await say(tom, "In Ops Vault, create a task to replace the fans.", "completed")
    refused = await sarah.post(f"/api/commands/{made['command_id']}/undo", expect=200)
    assert refused["error"]["code"] == "undo_forbidden", refused
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1::uuid", private["id"]) == 1
    done = await alex.post(f"/api/commands/{made['command_id']}/undo", expect=200)
    assert done["status"] == "completed", done
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1::uuid", private["id"]) == 0
