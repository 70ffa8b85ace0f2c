"""Questions typed through POST /api/commands (issue 10): answered from PostgreSQL with the asker's visibility,
as rows plus one sentence (`reply`), in English and Spanish; a question writes nothing but its history row."""

from __future__ import annotations

WRITES = ("channels", "channel_members", "tasks", "task_assignees", "task_dependencies", "messages",
          "notifications", "resource_links", "audit_log", "events")


async def fingerprint(pool):
    return {t: await pool.fetchval(f"SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM {t} x")
            for t in WRITES}


async def ask(session, text):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    assert body["status"] == "completed", body
    assert body["plan"]["kind"] == "query" and body["results"] == []
    return body


async def test_what_is_overdue_is_answered_with_rows_and_a_sentence_and_writes_nothing(as_user, pool):
    alex = await as_user("alex")
    await pool.execute("UPDATE tasks SET due_date = now() - interval '2 days' WHERE title IN "
                       "('Reconcile vendor invoices', 'Plan the 2027 offsite')")
    before = await fingerprint(pool)
    out = await ask(alex, "What is overdue?")
    titles = {r["title"] for r in out["plan"]["answer"]["rows"]}
    assert titles == {"Reconcile vendor invoices", "Plan the 2027 offsite"}
    assert out["reply"] and out["reply"] == out["plan"]["answer"]["sentence"]
    assert await fingerprint(pool) == before


async def test_staff_never_hear_of_a_private_channels_tasks(as_user, pool):
    await pool.execute("UPDATE tasks SET due_date = now() - interval '2 days' WHERE title IN "
                       "('Reconcile vendor invoices', 'Plan the 2027 offsite')")
    tom = await as_user("tom")
    out = await ask(tom, "what's overdue")
    assert {r["title"] for r in out["plan"]["answer"]["rows"]} == {"Reconcile vendor invoices"}  # not Leadership's


async def test_spanish_question_about_a_person(as_user, pool):
    elena = await as_user("elena")
    out = await ask(elena, "¿qué tiene pendiente David?")
    assert {r["title"] for r in out["plan"]["answer"]["rows"]} == {"Reconcile vendor invoices"}
    assert out["language"] == "es" and out["reply"]


async def test_who_is_in_a_channel_then_it_means_that_channel(as_user, pool):
    alex = await as_user("alex")
    out = await ask(alex, "Who is in the Q4 Close channel?")
    names = {r.get("full_name") for r in out["plan"]["answer"]["rows"]}
    assert {"Priya Patel", "David Kim"} <= names
