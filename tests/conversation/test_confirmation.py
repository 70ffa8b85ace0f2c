"""Confirmation before risky commands run (issue 10): archiving a channel, cancelling a task, or changing more
than five existing things is said back first ("This will archive … Say confirm."); "confirm" runs exactly that,
"no"/"never mind" drops it, anything else replaces it. Through POST /api/commands against PostgreSQL."""

from __future__ import annotations


async def say(session, text, status=None):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    if status is not None:
        assert body["status"] == status, body
    return body


async def test_archiving_asks_first_and_confirm_runs_it(as_user, pool):
    alex = await as_user("alex")
    asked = await say(alex, "Archive the Infrastructure channel", "needs_clarification")
    assert asked["error"]["code"] == "needs_confirmation" and "confirm" in asked["reply"].lower()
    assert await pool.fetchval("SELECT status::text FROM channels WHERE name = 'Infrastructure'") == "active"
    done = await say(alex, "confirm", "completed")
    assert done["plan"]["answers"]["confirmed"] is True
    assert await pool.fetchval("SELECT status::text FROM channels WHERE name = 'Infrastructure'") == "archived"


async def test_no_drops_it_and_a_new_command_replaces_it(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "cancel the Plan the 2027 offsite task", "needs_clarification")
    await say(alex, "no", "completed")
    await say(alex, "yes")  # nothing is pending any more: not a confirmation of anything
    assert await pool.fetchval("SELECT status::text FROM tasks WHERE title = 'Plan the 2027 offsite'") == "todo"
    await say(alex, "cancel the Plan the 2027 offsite task", "needs_clarification")
    await say(alex, "make Review logo concepts high priority", "completed")
    await say(alex, "confirm")
    assert await pool.fetchval("SELECT status::text FROM tasks WHERE title = 'Plan the 2027 offsite'") == "todo"


async def test_more_than_five_changes_are_confirmed_and_spanish_says_it_in_spanish(as_user, pool):
    alex = await as_user("alex")
    channel = await pool.fetchval("SELECT id FROM channels WHERE name = 'Infrastructure'")
    for n in range(6):
        await pool.execute("INSERT INTO tasks (channel_id, title, created_by) VALUES ($1, $2, "
                           "(SELECT id FROM users WHERE email = 'alex@example.com'))", channel, f"rack server {n}")
    asked = await say(alex, "mark all the Infrastructure tasks as done", "needs_clarification")
    assert asked["error"]["code"] == "needs_confirmation" and "7 items" in asked["error"]["message"]
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1 AND status = 'completed'", channel) == 0
    await say(alex, "yes, confirm", "completed")
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1 AND status = 'completed'", channel) == 7
    elena = await as_user("elena")
    asked = await say(elena, "archiva el canal Leadership", "needs_clarification")
    assert "confirmo" in asked["reply"]
    await say(elena, "confirmo", "completed")
    assert await pool.fetchval("SELECT status::text FROM channels WHERE name = 'Leadership'") == "archived"


async def test_a_confirmation_stands_only_for_what_was_asked(as_user, pool):
    alex = await as_user("alex")
    channel = await pool.fetchval("SELECT id FROM channels WHERE name = 'Infrastructure'")
    for n in range(6):
        await pool.execute("INSERT INTO tasks (channel_id, title, created_by) VALUES ($1, $2, "
                           "(SELECT id FROM users WHERE email = 'alex@example.com'))", channel, f"cable run {n}")
    await say(alex, "mark all the Infrastructure tasks as done", "needs_clarification")
    await pool.execute("INSERT INTO tasks (channel_id, title, created_by) VALUES ($1, 'late addition', "
                       "(SELECT id FROM users WHERE email = 'alex@example.com'))", channel)
    again = await say(alex, "confirm", "needs_clarification")  # it would now change 8: asked again
    assert "8 items" in again["error"]["message"]
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1 AND status = 'completed'", channel) == 0
    await say(alex, "confirm", "completed")
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1 AND status = 'completed'", channel) == 8
