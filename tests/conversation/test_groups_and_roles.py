"""Groups and roles said in commands (issue 10): "everyone in <channel>", "the <channel> team", "the marketing
team" (a department) for assignments and reminders; "make Sarah the owner of X", "haz a Tom administrador de X"."""

from __future__ import annotations


async def say(session, text, status="completed"):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    assert body["status"] == status, body
    return body


async def first_names(pool, ids):
    rows = await pool.fetch("SELECT full_name FROM users WHERE id = ANY($1::uuid[])", list(ids))
    return {r["full_name"].split()[0] for r in rows}


async def test_everyone_in_a_channel_gets_the_reminder_but_not_the_speaker(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "remind everyone in Q4 Close tomorrow at 9am to submit their receipts")
    rows = await pool.fetch("SELECT user_id FROM notifications WHERE type = 'reminder' AND "
                            "(title ILIKE '%receipts%' OR body ILIKE '%receipts%')")
    assert await first_names(pool, [r["user_id"] for r in rows]) == {"Priya", "David"}


async def test_a_channel_team_and_a_department_team_are_assigned(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "assign Reconcile vendor invoices to the Q4 Close team")
    task = await pool.fetchval("SELECT id FROM tasks WHERE title = 'Reconcile vendor invoices'")
    got = await pool.fetch("SELECT user_id FROM task_assignees WHERE task_id = $1", task)
    assert await first_names(pool, [r["user_id"] for r in got]) == {"Priya", "David"}
    await say(alex, "remind the marketing team on Friday at 10am to send the drafts")
    rows = await pool.fetch("SELECT user_id FROM notifications WHERE type = 'reminder' AND "
                            "(title ILIKE '%drafts%' OR body ILIKE '%drafts%')")
    assert await first_names(pool, [r["user_id"] for r in rows]) == {"Sarah", "Mike"}


async def test_a_group_in_a_channel_that_does_not_exist_fails_and_changes_nothing(as_user, pool):
    alex = await as_user("alex")
    before = await pool.fetchval("SELECT count(*) FROM notifications")
    out = await say(alex, "remind everyone in Moon Base tomorrow at 9am to pack", status="failed")
    assert out["error"]["code"] == "unknown_channel"
    assert await pool.fetchval("SELECT count(*) FROM notifications") == before


async def test_channel_roles_in_english_and_spanish(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "Make Sarah the owner of Q4 Close")
    await say(alex, "haz a Tom administrador de Infrastructure")
    roles = {(r["name"], r["first"]): r["role"] for r in await pool.fetch(
        "SELECT c.name, split_part(u.full_name, ' ', 1) AS first, m.role::text AS role FROM channel_members m "
        "JOIN channels c ON c.id = m.channel_id JOIN users u ON u.id = m.user_id")}
    assert roles[("Q4 Close", "Sarah")] == "owner"
    assert roles[("Infrastructure", "Tom")] == "manager"
