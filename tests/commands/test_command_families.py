"""Every command family of shared/examples/commands.md, typed through POST /api/commands,
checked against what PostgreSQL holds afterwards."""

from __future__ import annotations

from tests.commands.dates import coming, day_of_month, due, next_week
from tests.executor.helpers import fingerprint


async def run(session, text, expect_status="completed", **extra):
    body = await session.post("/api/commands", {"text": text, **extra}, expect=200)
    assert body["status"] == expect_status, body
    return body


async def ids(pool, first_names):
    rows = await pool.fetch("SELECT id, full_name FROM users")
    by_first = {r["full_name"].split()[0]: r["id"] for r in rows}
    return {by_first[n] for n in first_names}


async def channel(pool, name):
    row = await pool.fetchrow(
        "SELECT c.*, c.privacy::text AS privacy_t, c.status::text AS status_t, cat.name AS category "
        "FROM channels c LEFT JOIN categories cat ON cat.id = c.category_id WHERE lower(c.name) = lower($1)", name)
    assert row is not None, f"no channel {name!r}"
    return row


async def members(pool, channel_id):
    return {r["user_id"] for r in await pool.fetch("SELECT user_id FROM channel_members WHERE channel_id=$1",
                                                   channel_id)}


async def task(pool, title_like):
    row = await pool.fetchrow(
        "SELECT t.*, t.status::text AS status_t, t.priority::text AS priority_t, "
        "coalesce((SELECT array_agg(user_id) FROM task_assignees a WHERE a.task_id = t.id), '{}') AS assignees "
        "FROM tasks t WHERE t.title ILIKE '%' || $1 || '%' ORDER BY t.created_at DESC LIMIT 1", title_like)
    assert row is not None, f"no task like {title_like!r}"
    return row


async def test_seed_example_channel_members_tasks_dependencies_and_brand_guidelines(as_user, pool):
    alex = await as_user("alex")
    out = await run(alex, "Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: "
                          "budget review due Friday, campaign brief due next Monday, and vendor shortlist due "
                          "next Wednesday. Budget review blocks the other two. Share the brand guidelines with "
                          "the channel.")
    ch = await channel(pool, "Q1 launch")
    assert ch["category"] == "Marketing"
    assert await members(pool, ch["id"]) >= await ids(pool, ["Alex", "Sarah", "Mike"])
    rows = await pool.fetch("SELECT id, title, due_date FROM tasks WHERE channel_id = $1", ch["id"])
    by_title = {r["title"].lower(): r for r in rows}
    assert set(by_title) == {"budget review", "campaign brief", "vendor shortlist"}
    assert by_title["budget review"]["due_date"] == due(coming("friday"))
    assert by_title["campaign brief"]["due_date"] == due(next_week("monday"))
    assert by_title["vendor shortlist"]["due_date"] == due(next_week("wednesday"))
    deps = await pool.fetch("SELECT task_id, depends_on_task_id, dependency_type::text AS t FROM task_dependencies "
                            "WHERE depends_on_task_id = $1", by_title["budget review"]["id"])
    assert {d["task_id"] for d in deps} == {by_title["campaign brief"]["id"], by_title["vendor shortlist"]["id"]}
    assert {d["t"] for d in deps} == {"blocks"}
    linked = await pool.fetchval("SELECT count(*) FROM resource_links l JOIN shared_resources r ON r.id = "
                                 "l.resource_id WHERE r.name = 'Brand Guidelines' AND l.channel_id = $1", ch["id"])
    assert linked == 1
    assert all(r["status"] == "done" for r in out["results"])
    assert out["timings_ms"]["total_ms"] > 0


async def test_family_1_sales_channel_for_roadshow(as_user, pool):
    alex = await as_user("alex")
    await run(alex, "Create a sales channel for the spring roadshow, add Lisa and David, create two tasks: book "
                    "flights due Monday and print brochures due next Thursday. Make booking the flights block "
                    "printing the brochures. Also share the pitch deck with this channel.")
    ch = await channel(pool, "spring roadshow")
    assert ch["category"] == "Sales"
    assert await members(pool, ch["id"]) >= await ids(pool, ["Lisa", "David"])
    flights, brochures = await task(pool, "flights"), await task(pool, "brochures")
    assert flights["channel_id"] == ch["id"] == brochures["channel_id"]
    assert flights["due_date"] == due(coming("monday"))
    assert brochures["due_date"] == due(next_week("thursday"))
    dep = await pool.fetchrow("SELECT dependency_type::text AS t FROM task_dependencies WHERE task_id = $1 AND "
                              "depends_on_task_id = $2", brochures["id"], flights["id"])
    assert dep is not None and dep["t"] == "blocks"
    assert await pool.fetchval("SELECT count(*) FROM resource_links l JOIN shared_resources r ON r.id = "
                               "l.resource_id WHERE r.name = 'Pitch Deck' AND l.channel_id = $1", ch["id"]) == 1


async def test_families_2_to_12_as_one_conversation(as_user, pool):
    alex = await as_user("alex")
    await run(alex, "Create a sales channel for the spring roadshow, add Lisa, create a task to print brochures "
                    "due Friday.")
    # 2: a channel, then "it"
    await run(alex, "Start an engineering channel called Platform Migration.")
    await run(alex, "Put Tom in it.")
    pm = await channel(pool, "Platform Migration")
    assert pm["category"] == "Engineering"
    tom, = await ids(pool, ["Tom"])
    assert tom in await members(pool, pm["id"])
    # 3: "here" is the channel in focus
    await run(alex, "Add a task here to write the migration plan for Tom by Wednesday, urgent.")
    plan = await task(pool, "migration plan")
    assert plan["channel_id"] == pm["id"]
    assert set(plan["assignees"]) == {tom}
    assert plan["due_date"] == due(coming("wednesday"))
    assert plan["priority_t"] == "urgent"
    # 4: "it" is the task just made
    await run(alex, "Make it high priority instead.")
    assert (await task(pool, "migration plan"))["priority_t"] == "high"
    # 5: subtask
    await run(alex, "Under the migration plan, add a subtask to inventory the databases for David.")
    sub = await task(pool, "inventory the databases")
    david, = await ids(pool, ["David"])
    assert sub["parent_task_id"] == plan["id"] and set(sub["assignees"]) == {david}
    # 6: follows
    await run(alex, "Add a task to test the rollback in the platform migration channel.")
    await run(alex, "Testing the rollback follows the migration plan.")
    rollback = await task(pool, "rollback")
    dep = await pool.fetchrow("SELECT dependency_type::text AS t FROM task_dependencies WHERE task_id=$1 AND "
                              "depends_on_task_id=$2", rollback["id"], plan["id"])
    assert dep is not None and dep["t"] == "follows"
    # 7: message
    await run(alex, "Post in the platform migration channel that the freeze starts Friday.")
    msg = await pool.fetchrow("SELECT content FROM messages WHERE channel_id = $1", pm["id"])
    assert msg is not None and "freeze starts friday" in msg["content"].lower()
    # 8: give … too keeps Tom
    await run(alex, "Give the migration plan to Sarah too.")
    assert set((await task(pool, "migration plan"))["assignees"]) == await ids(pool, ["Tom", "Sarah"])
    # 9: the 15th
    await run(alex, "Push the migration plan deadline to the 15th.")
    assert (await task(pool, "migration plan"))["due_date"].date() == day_of_month(15)
    # 10: link channels
    await run(alex, "Link the platform migration channel to the roadshow channel as sequential.")
    roadshow = await channel(pool, "spring roadshow")
    rel = await pool.fetchrow("SELECT relationship_type::text AS t FROM channel_relationships WHERE "
                              "source_channel_id=$1 AND target_channel_id=$2", pm["id"], roadshow["id"])
    assert rel is not None and rel["t"] == "sequential"
    # 11: reminder Thursday at 10
    await run(alex, "Remind Tom about the migration plan on Thursday at 10.")
    n = await pool.fetchrow("SELECT scheduled_for, task_id FROM notifications WHERE user_id=$1 AND type='reminder'",
                            tom)
    assert n is not None and n["task_id"] == plan["id"]
    assert n["scheduled_for"] == due(coming("thursday"), hour=10)
    # 12: close out
    await run(alex, "Close out the print brochures task.")
    assert (await task(pool, "print brochures"))["status_t"] == "completed"


async def test_family_13_restricted_channel_only_elena(as_user, pool):
    alex = await as_user("alex")
    await run(alex, "Make a restricted channel called Salary Review and only add Elena.")
    ch = await channel(pool, "Salary Review")
    assert ch["privacy_t"] == "restricted"
    assert await members(pool, ch["id"]) == await ids(pool, ["Alex", "Elena"])
    mike = await as_user("mike")
    await mike.get(f"/api/channels/{ch['id']}", expect=404)


async def test_family_14_spanish_task_for_priya(as_user, pool):
    alex = await as_user("alex")
    await run(alex, "Crea una tarea para revisar los contratos el viernes y asígnala a Priya.")
    t = await task(pool, "revisar los contratos")
    assert set(t["assignees"]) == await ids(pool, ["Priya"])
    assert t["due_date"].date() == coming("friday")


async def test_family_15_unknown_person_fails_and_changes_nothing(as_user, pool):
    alex = await as_user("alex")
    before = await fingerprint(pool)
    out = await run(alex, "Create a channel called Offsite and add Sarah and Nobody.", expect_status="failed")
    assert "Nobody" in out["error"]["message"]
    after = await fingerprint(pool)
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"voice_commands"}  # only the failed command's own record
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE name ILIKE 'offsite'") == 0


async def test_family_16_pause_the_roadshow_channel(as_user, pool):
    alex = await as_user("alex")
    await run(alex, "Create a sales channel for the spring roadshow.")
    await run(alex, "Pause the spring roadshow channel.")
    assert (await channel(pool, "spring roadshow"))["status_t"] == "paused"
