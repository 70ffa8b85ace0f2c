"""Learned defaults (issue 11): a task made without an assignee, a priority or a due date is offered what the
visible history usually did, with the count that says why; accepting applies it (audited), declining records
it, and both change the next suggestion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID


async def ids(pool):
    people = {r["first"]: r["id"] for r in await pool.fetch(
        "SELECT split_part(full_name, ' ', 1) AS first, id FROM users")}
    channels = {r["name"]: r["id"] for r in await pool.fetch("SELECT name, id FROM channels")}
    return people, channels


async def history(pool, channel_id, creator_id, rows, *, title="Poster batch"):
    """Tasks made before now, oldest first, one a day: (assignee id or None, priority, days until due or None)."""
    now = datetime.now(UTC)
    for i, (assignee, priority, due_days) in enumerate(rows):
        created = now - timedelta(days=len(rows) - i, hours=1)
        due = created + timedelta(days=due_days) if due_days is not None else None
        tid = await pool.fetchval(
            """INSERT INTO tasks (channel_id, title, priority, status, due_date, created_by, created_at, completed_at)
               VALUES ($1, $2, $3, 'completed', $4, $5, $6::timestamptz, $6::timestamptz + interval '1 day') RETURNING id""",
            channel_id, f"{title} {i + 1}", priority, due, creator_id, created)
        if assignee is not None:
            await pool.execute("INSERT INTO task_assignees (task_id, user_id) VALUES ($1, $2)", tid, assignee)


async def say(session, text):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    assert body["status"] == "completed", body
    return body


def offered(body):
    return {s["field"]: s for s in body["plan"].get("suggestions", [])}


async def marketing_history(pool):
    """Alex's last nine marketing tasks: Sarah 7, Mike 2; high 6, medium 3; due in 3 days 5 times."""
    people, channels = await ids(pool)
    s, m = people["Sarah"], people["Mike"]
    await history(pool, channels["Brand Refresh"], people["Alex"], [
        (s, "high", 3), (m, "medium", 3), (s, "high", 7), (s, "high", 3), (s, "medium", None),
        (m, "high", 3), (s, "high", 10), (s, "medium", 3), (s, "high", 1)])
    return people, channels


async def test_a_new_marketing_task_is_offered_the_usual_assignee_priority_and_due_date_with_counts(as_user, pool):
    people, _ = await marketing_history(pool)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to order the launch banners")
    got = offered(body)
    assert got["assignee"]["reason"] == "You usually assign marketing tasks to Sarah (7 of the last 9)"
    assert got["assignee"]["value"] == str(people["Sarah"]) and got["assignee"]["confidence"] == 0.78
    assert got["priority"]["reason"] == "You usually make marketing tasks high priority (6 of the last 9)"
    assert got["priority"]["value"] == "high"
    assert got["due_offset"]["reason"] == ("You usually make marketing tasks due 3 days after they are created "
                                           "(5 of the last 8)")
    assert got["due_offset"]["value"] == 3
    task_id = body["results"][0]["entity_id"]
    assert {s["task_id"] for s in got.values()} == {task_id}
    assert [s["n"] for s in body["plan"]["suggestions"]] == [0, 1, 2]
    assert all(s["status"] == "offered" and s["task_ref"] == body["results"][0]["action_id"] for s in got.values())
    # offered, not applied
    row = await pool.fetchrow("SELECT priority::text AS p, due_date FROM tasks WHERE id = $1", UUID(task_id))
    assert (row["p"], row["due_date"]) == ("medium", None)
    assert not await pool.fetchval("SELECT count(*) FROM task_assignees WHERE task_id = $1", UUID(task_id))


async def test_someone_elses_history_is_told_as_the_organisations_habit(as_user, pool):
    await marketing_history(pool)
    mike = await as_user("mike")  # Mike made none of those tasks: the organisation's habit, not his
    got = offered(await say(mike, "Create a task in Brand Refresh to order the launch banners"))
    # the last ten: Sarah's two demo tasks (Mike's palette, her logo review) and the newest eight of Alex's
    assert got["assignee"]["reason"] == "Marketing tasks are usually assigned to Sarah (7 of the last 10)"
    assert got["assignee"]["basis"] == {"scope": "category", "mine": False, "count": 7, "of": 10,
                                        "category_id": got["assignee"]["basis"]["category_id"], "words": [],
                                        "accepted_before": 0}


async def test_nothing_is_suggested_for_fields_the_task_has(as_user, pool):
    await marketing_history(pool)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to order the launch banners for Mike, urgent, due Friday")
    assert "suggestions" not in body["plan"]
    partly = offered(await say(alex, "Create a task in Brand Refresh to print the launch flyers for Mike"))
    assert set(partly) == {"priority", "due_offset"}


async def test_a_thin_or_split_history_suggests_nothing(as_user, pool):
    people, channels = await ids(pool)
    s, m, d = people["Sarah"], people["Mike"], people["David"]
    # two of two is too few; three of six is not more than half
    await history(pool, channels["Q4 Close"], people["Alex"], [(s, "high", 2), (s, "high", 2)])
    alex = await as_user("alex")
    # Alex's own two are too few; with Priya's two demo tasks (David, Priya) Sarah is two of four: no assignee.
    # Three of those four are high priority: that is said, as the organisation's habit.
    got = offered(await say(alex, "Create a task in Q4 Close to count the petty cash"))
    assert set(got) == {"priority"}
    assert got["priority"]["reason"] == "Finance tasks are usually high priority (3 of the last 4)"
    await history(pool, channels["Infrastructure"], people["Alex"],
                  [(s, "low", 4), (m, "low", 4), (s, "low", 5), (d, "high", 5), (s, "high", 6), (d, "high", 6)],
                  title="Rack")
    body = await say(alex, "Create a task in Infrastructure to order new cables")
    assert "suggestions" not in body["plan"], body["plan"].get("suggestions")


async def test_private_history_never_leaks_into_a_suggestion(as_user, pool):
    people, channels = await ids(pool)
    ops = await pool.fetchval(
        """INSERT INTO channels (name, category_id, privacy, created_by)
           VALUES ('Ops Desk', (SELECT category_id FROM channels WHERE name = 'Leadership'), 'public', $1)
           RETURNING id""", people["Alex"])
    await pool.execute("INSERT INTO channel_members (channel_id, user_id, role) VALUES ($1, $2, 'owner')",
                       ops, people["Alex"])
    # Leadership is private (Alex, Sarah, Priya, Elena): its operations tasks all went to Elena
    await history(pool, channels["Leadership"], people["Alex"], [(people["Elena"], "urgent", 2)] * 5,
                  title="Board pack")
    mike = await as_user("mike")
    for text in ("Create a task in Ops Desk to book the cleaners", "Create a task in Ops Desk for the board pack"):
        body = await say(mike, text)
        assert "suggestions" not in body["plan"], body["plan"]["suggestions"]
    sarah = await as_user("sarah")  # a member sees it (and the demo's offsite task there, Elena's too), and is told
    got = offered(await say(sarah, "Create a task in Ops Desk to book the caterers"))
    assert got["assignee"]["reason"] == "Operations tasks are usually assigned to Elena (6 of the last 6)"
    # priorities: five urgent, the offsite and Mike's two new Ops Desk tasks medium
    assert got["priority"]["reason"] == "Operations tasks are usually urgent priority (5 of the last 8)"


async def test_title_words_are_more_specific_than_the_category(as_user, pool):
    people, channels = await ids(pool)
    await marketing_history(pool)
    await history(pool, channels["Q4 Close"], people["Alex"], [(people["David"], "urgent", 2)] * 4,
                  title="Pay the printing invoices")
    alex = await as_user("alex")
    got = offered(await say(alex, "Create a task in Brand Refresh to check the printing invoices"))
    assert got["assignee"]["reason"] == "You usually assign tasks mentioning “invoices” or “printing” to David (4 of the last 4)"
    assert got["assignee"]["basis"]["words"] == ["invoices", "printing"]


async def test_accept_applies_the_change_audited_under_the_command(as_user, pool):
    people, _ = await marketing_history(pool)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to order the launch banners")
    cid, task_id = body["command_id"], UUID(body["results"][0]["entity_id"])
    got = await alex.post(f"/api/commands/{cid}/suggestions/0/accept", expect=200)
    assert got["suggestion"]["status"] == "accepted" and got["suggestion"]["field"] == "assignee"
    assert got["command"]["plan"]["suggestions"][0]["status"] == "accepted"
    assert await pool.fetchval("SELECT user_id FROM task_assignees WHERE task_id = $1", task_id) == people["Sarah"]
    audit = await pool.fetchrow("SELECT actor_id, command_id FROM audit_log WHERE action = 'task.assigned' "
                                "AND after->>'task_id' = $1", str(task_id))
    assert audit is not None and (audit["actor_id"], str(audit["command_id"])) == (people["Alex"], cid)
    await alex.post(f"/api/commands/{cid}/suggestions/1/accept", expect=200)
    await alex.post(f"/api/commands/{cid}/suggestions/2/accept", expect=200)
    row = await pool.fetchrow("SELECT priority::text AS p, due_date, created_at FROM tasks WHERE id = $1", task_id)
    assert row["p"] == "high" and row["due_date"] == row["created_at"] + timedelta(days=3)
    again = await alex.post(f"/api/commands/{cid}/suggestions/0/accept", expect=409)
    assert again["error"]["code"] == "suggestion_answered"
    await alex.post(f"/api/commands/{cid}/suggestions/7/accept", expect=404)
    await alex.post(f"/api/commands/{cid}/suggestions/x/accept", expect=404)
    mike = await as_user("mike")  # not his command
    await mike.post(f"/api/commands/{cid}/suggestions/0/decline", expect=404)


async def test_accepting_a_suggestion_the_task_no_longer_lacks_changes_nothing(as_user, pool):
    await marketing_history(pool)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to order the launch banners")
    await say(alex, "Assign it to Mike")
    refused = await alex.post(f"/api/commands/{body['command_id']}/suggestions/0/accept", expect=409)
    assert refused["error"]["code"] == "suggestion_outdated"
    assert await pool.fetchval("SELECT count(*) FROM suggestion_feedback") == 0


async def test_decline_is_recorded_and_keeps_the_pair_from_being_suggested_for_30_days(as_user, pool):
    people, _ = await marketing_history(pool)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to order the launch banners")
    got = await alex.post(f"/api/commands/{body['command_id']}/suggestions/0/decline", expect=200)
    assert got["suggestion"]["status"] == "declined"
    fb = await pool.fetchrow("SELECT * FROM suggestion_feedback")
    assert (fb["user_id"], fb["field"], fb["value"], fb["accepted"]) == (people["Alex"], "assignee",
                                                                         str(people["Sarah"]), False)
    assert not await pool.fetchval("SELECT count(*) FROM task_assignees WHERE task_id = $1",
                                   UUID(body["results"][0]["entity_id"]))
    nxt = offered(await say(alex, "Create a task in Brand Refresh to print the launch flyers"))
    assert "assignee" not in nxt and "priority" in nxt
    # someone else's decline is theirs: Sarah is still suggested to Priya
    priya = await as_user("priya")
    assert "Sarah" in offered(await say(priya, "Create a task in Brand Refresh to fold the launch flyers"))[
        "assignee"]["reason"]
    await pool.execute("UPDATE suggestion_feedback SET created_at = now() - interval '31 days'")
    later = offered(await say(alex, "Create a task in Brand Refresh to hang the launch posters"))
    assert later["assignee"]["value"] == str(people["Sarah"])


async def test_accepting_makes_the_next_suggestion_more_confident_and_says_so(as_user, pool):
    await marketing_history(pool)
    alex = await as_user("alex")
    first = await say(alex, "Create a task in Brand Refresh to order the launch banners")
    await alex.post(f"/api/commands/{first['command_id']}/suggestions/0/accept", expect=200)
    nxt = offered(await say(alex, "Create a task in Brand Refresh to print the launch flyers"))["assignee"]
    # the accepted task is history now too (8 of the last 10), and the acceptance adds 0.05
    assert nxt["reason"] == "You usually assign marketing tasks to Sarah (8 of the last 10); you accepted this 1 time"
    assert nxt["confidence"] == 0.85 and nxt["basis"]["accepted_before"] == 1


async def test_a_person_may_let_the_surest_defaults_apply_without_asking(as_user, pool):
    """The per-person preference `auto_apply_suggestions`: defaults at least that sure are applied (and said),
    the rest still asked; applying is not feedback; undoing the command undoes them too."""
    people, _ = await marketing_history(pool)
    alex = await as_user("alex")
    assert (await alex.patch("/api/auth/me/preferences", {"auto_apply_suggestions": 0.7}))[
        "auto_apply_suggestions"] == 0.7
    body = await say(alex, "Create a task in Brand Refresh to order the launch banners")
    assert [(s["field"], s["status"]) for s in body["plan"]["suggestions"]] == [
        ("assignee", "applied"), ("priority", "offered"), ("due_offset", "offered")]  # 0.78 ≥ 0.7 > 0.67, 0.62
    task_id = UUID(body["results"][0]["entity_id"])
    assert await pool.fetchval("SELECT user_id FROM task_assignees WHERE task_id = $1", task_id) == people["Sarah"]
    assert await pool.fetchval("SELECT priority::text FROM tasks WHERE id = $1", task_id) == "medium"
    assert body["reply"].endswith(". As usual: assigned to Sarah. Make it high priority, as usual?"), body["reply"]
    audit = await pool.fetchval("SELECT command_id FROM audit_log WHERE action = 'task.assigned' "
                                "AND after->>'task_id' = $1", str(task_id))
    assert str(audit) == body["command_id"]
    assert await pool.fetchval("SELECT count(*) FROM suggestion_feedback") == 0  # only a person's answers teach

    answered = await alex.post("/api/commands", {"text": "yes"}, expect=200)  # the question was the priority
    assert answered["status"] == "completed", answered
    assert await pool.fetchval("SELECT priority::text FROM tasks WHERE id = $1", task_id) == "high"

    await alex.post(f"/api/commands/{body['command_id']}/undo", expect=200)
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE id = $1", task_id) == 0

    await alex.patch("/api/auth/me/preferences", {"auto_apply_suggestions": None})
    again = await say(alex, "Create a task in Brand Refresh to order the launch posters")
    assert {s["status"] for s in again["plan"]["suggestions"]} == {"offered"}
    assert "As usual" not in again["reply"]
