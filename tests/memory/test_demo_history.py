"""`voicedesk seed-demo --history 90` (issue 11): a deterministic, backdated past for the demo organisation,
added once, that the learned defaults can learn from."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from store import db, demo, demo_history
from tests.conftest import clone_database, drop_database
from tests.test_cli import cli_env, voicedesk

TODAY = date(2026, 11, 30)


async def snapshot(pool):
    """The history by names and times (ids of people and channels differ between databases)."""
    return {
        "tasks": [tuple(r) for r in await pool.fetch(
            """SELECT t.id, c.name, t.title, t.status::text, t.priority::text, t.due_date, t.created_at,
                      t.completed_at, u.full_name, (SELECT array_agg(p.full_name) FROM task_assignees a
                                                    JOIN users p ON p.id = a.user_id WHERE a.task_id = t.id)
               FROM tasks t JOIN channels c ON c.id = t.channel_id JOIN users u ON u.id = t.created_by
               WHERE t.metadata ? 'demo_history' ORDER BY t.created_at, t.id""")],
        "dependencies": [tuple(r) for r in await pool.fetch(
            "SELECT task_id, depends_on_task_id FROM task_dependencies ORDER BY 1, 2")],
        "messages": [tuple(r) for r in await pool.fetch(
            """SELECT m.id, m.content, m.created_at, u.full_name, m.parent_message_id, cardinality(m.mentions)
               FROM messages m JOIN users u ON u.id = m.user_id ORDER BY m.created_at, m.id""")],
        "commands": [tuple(r) for r in await pool.fetch(
            """SELECT v.id, v.transcript, v.status::text, v.source, v.processing_time_ms, v.created_at, u.full_name
               FROM voice_commands v JOIN users u ON u.id = v.user_id ORDER BY v.created_at, v.id""")],
    }


async def seeded(admin_dsn, template_db, **kw):
    name = await clone_database(admin_dsn, template_db)
    pool = await db.create_pool(db.with_database(admin_dsn, name), min_size=1, max_size=2)
    added = await demo_history.seed_history(pool, days=90, today=TODAY, **kw)
    return name, pool, added


async def test_the_history_is_deterministic_plausible_and_added_once(admin_dsn, template_db):
    a_name, a, added = await seeded(admin_dsn, template_db)
    b_name, b, _ = await seeded(admin_dsn, template_db)
    c_name, c, _ = await seeded(admin_dsn, template_db, seed=8)
    try:
        first = await snapshot(a)
        assert first == await snapshot(b)
        assert first != await snapshot(c)
        assert added == {"tasks": len(first["tasks"]), "dependencies": len(first["dependencies"]),
                         "messages": len(first["messages"]), "commands": len(first["commands"])}
        assert await demo_history.seed_history(a, days=90, today=TODAY) == {}  # a second run adds nothing
        assert await snapshot(a) == first
        # plausible: ninety days back, mostly done, some late, some still open and overdue, some blocked
        facts = await a.fetchrow(
            """SELECT min(created_at) AS first, max(created_at) AS last, count(*) AS n,
                      count(*) FILTER (WHERE status = 'completed') AS done,
                      count(*) FILTER (WHERE completed_at > due_date) AS late,
                      count(*) FILTER (WHERE status NOT IN ('completed', 'cancelled') AND due_date < $1) AS overdue
               FROM tasks WHERE metadata ? 'demo_history'""", TODAY)
        assert facts["first"].date() >= TODAY - timedelta(days=90) and facts["last"].date() < TODAY
        assert 80 <= facts["n"] <= 200 and facts["done"] > facts["n"] * 0.7
        assert 0 < facts["late"] < facts["done"] * 0.35 and facts["overdue"] >= 1
        assert len(first["dependencies"]) > 5
        outcomes = {r["status"] for r in await a.fetch("SELECT DISTINCT status::text FROM voice_commands")}
        assert outcomes == {"completed", "failed", "needs_clarification"}
        replies = await a.fetchval("SELECT count(*) FROM messages WHERE parent_message_id IS NOT NULL")
        mentions = await a.fetchval("SELECT count(*) FROM messages WHERE cardinality(mentions) > 0")
        assert 0 < replies <= mentions
        # nobody sees a private channel's history through it: Leadership's messages are by its members
        outsiders = await a.fetchval(
            """SELECT count(*) FROM messages m JOIN channels c ON c.id = m.channel_id
               WHERE c.name = 'Leadership' AND NOT EXISTS (SELECT 1 FROM channel_members cm
                                                          WHERE cm.channel_id = c.id AND cm.user_id = m.user_id)""")
        assert outsiders == 0
    finally:
        for name, pool in ((a_name, a), (b_name, b), (c_name, c)):
            await pool.close()
            await drop_database(admin_dsn, name)


async def test_the_demo_history_teaches_the_demo_defaults(as_user, pool):
    await demo_history.seed_history(pool, days=90, today=min(TODAY, date.today()))
    sarah = await as_user("sarah")
    body = await sarah.post("/api/commands", {"text": "Create a task in Brand Refresh to organise the autumn press day"},
                            expect=200)
    got = {s["field"]: s for s in body["plan"]["suggestions"]}
    assert got["assignee"]["label"] == "Mike" and "marketing tasks to Mike" in got["assignee"]["reason"]


async def test_seed_demo_with_history_from_the_command_line_once(empty_db_dsn, tmp_path):
    env = cli_env(empty_db_dsn, tmp_path, VOICEDESK_DEMO_PASSWORD="seeded-password")
    first = await voicedesk("seed-demo", "--history", "30", env=env)
    assert first.code == 0, first.err
    assert "demo organisation created" in first.out and "30-day history added:" in first.out
    second = await voicedesk("seed-demo", "--history", "30", env=env)
    assert second.code == 0, second.err
    assert "demo history already present" in second.out
    conn = await asyncpg.connect(empty_db_dsn)
    try:
        n = await conn.fetchval("SELECT count(*) FROM tasks WHERE metadata ? 'demo_history'")
        assert 20 <= n <= 80
    finally:
        await conn.close()


async def test_the_history_needs_the_demo_organisation(empty_db_dsn):
    pool = await db.create_pool(empty_db_dsn, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await db.migrate(conn)
        try:
            await demo_history.seed_history(pool)
        except LookupError as exc:
            assert "seed-demo" in str(exc)
        else:
            raise AssertionError("seeded history without the organisation")
        await demo.seed(pool, "x")
        assert (await demo_history.seed_history(pool, days=5))["tasks"] >= 1
    finally:
        await pool.close()


async def test_the_demo_history_teaches_the_board_meeting_subtasks(as_user, pool):
    await demo_history.seed_history(pool, days=90, today=TODAY)
    alex = await as_user("alex")
    body = await alex.post("/api/commands", {"text": "Create a task in Leadership to prepare for the board meeting"},
                           expect=200)
    got = [s for s in body["plan"]["suggestions"] if s["field"] == "subtask"]
    months = "(Prepare the November board meeting, Prepare the October board meeting, Prepare the September board meeting)"
    assert [s["reason"] for s in got] == [
        f"“Collect the department updates” was a subtask of 3 of the last 3 similar tasks {months}",
        f"“Draft the board deck” was a subtask of 3 of the last 3 similar tasks {months}",
        "“Prepare the financial summary” was a subtask of 2 of the last 3 similar tasks "
        "(Prepare the October board meeting, Prepare the September board meeting)",
        "“Send the agenda to the board” was a subtask of 2 of the last 3 similar tasks "
        "(Prepare the November board meeting, Prepare the October board meeting)",
    ], body["plan"]["suggestions"]
    # nobody outside Leadership is offered what was done in it
    mike = await as_user("mike")
    theirs = await mike.post("/api/commands", {"text": "Create a task in Brand Refresh to prepare for the board meeting"},
                             expect=200)
    assert not [s for s in theirs["plan"].get("suggestions", []) if s["field"] == "subtask"]
