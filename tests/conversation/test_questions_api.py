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


async def test_which_tasks_are_blocked_names_no_blocker_the_asker_cannot_see(as_user, pool):
    ids = {r["title"]: r["id"] for r in await pool.fetch("SELECT id, title FROM tasks")}
    await pool.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $2), ($3, $4)",
                       ids["Prepare the board summary"], ids["Reconcile vendor invoices"],
                       ids["Upgrade the staging database"], ids["Plan the 2027 offsite"])
    before = await fingerprint(pool)
    tom = await as_user("tom")
    out = await ask(tom, "Which tasks are blocked?")
    # the staging upgrade waits only on Leadership's offsite, which Tom cannot see: not blocked to him
    assert [r["title"] for r in out["plan"]["answer"]["rows"]] == ["Prepare the board summary"]
    assert out["reply"] == "1 task is blocked: “Prepare the board summary” waits on “Reconcile vendor invoices”."
    assert (await ask(tom, "what am I waiting on?"))["reply"] == "None of your tasks are blocked."
    alex = await as_user("alex")
    out = await ask(alex, "What's blocked in Infrastructure?")
    assert out["reply"] == "1 task is blocked in Infrastructure: “Upgrade the staging database” waits on “Plan the 2027 offsite”."
    assert await fingerprint(pool) == before
