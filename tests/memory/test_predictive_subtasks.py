"""Predictive subtasks (issue 11): a new task whose title is like earlier tasks the speaker may see is offered
the subtasks that recurred under them, with those tasks as the reason; accepting one creates it under the new
task (audited, undoable), declining keeps it from being offered for similar tasks for 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

# The last three launch-event preparations, oldest first: (title, days ago, [(subtask, status)]).
LAUNCHES = [
    ("Prepare the spring launch event", 60, [("Book the venue", "completed"), ("Write the press release", "completed"),
                                             ("Order the banners", "completed")]),
    ("Launch event prep", 40, [("Book a venue", "completed"), ("Write the press release", "completed"),
                               ("Hire a photographer", "completed")]),
    ("Prepare the partner launch event", 20, [("Book the venue", "completed"), ("Send the invitations", "todo"),
                                              ("Order the banners", "cancelled")]),
]
# Not like a launch event (one word of four in common): its subtasks never count.
NEWSLETTER = ("Prepare the launch newsletter", 10, [("Book the venue", "completed"), ("Order the banners", "completed")])

VENUE = ("“Book the venue” was a subtask of 3 of the last 3 similar tasks (Prepare the partner launch event, "
         "Launch event prep, Prepare the spring launch event)")
PRESS = ("“Write the press release” was a subtask of 2 of the last 3 similar tasks (Launch event prep, "
         "Prepare the spring launch event)")


async def preparations(pool, channel, specs, creator="Alex"):
    """Past tasks with their subtasks in `channel`, made by `creator`, backdated."""
    channel_id = await pool.fetchval("SELECT id FROM channels WHERE name = $1", channel)
    creator_id = await pool.fetchval("SELECT id FROM users WHERE full_name LIKE $1", f"{creator} %")
    now = datetime.now(UTC)
    for title, days_ago, subtasks in specs:
        made = now - timedelta(days=days_ago)
        parent = await pool.fetchval(
            """INSERT INTO tasks (channel_id, title, status, created_by, created_at, completed_at)
               VALUES ($1, $2, 'completed', $3, $4, $4) RETURNING id""", channel_id, title, creator_id, made)
        for i, (sub, status) in enumerate(subtasks):
            await pool.execute(
                """INSERT INTO tasks (channel_id, parent_task_id, title, status, created_by, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6)""",
                channel_id, parent, sub, status, creator_id, made + timedelta(minutes=i + 1))


async def say(session, text):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    assert body["status"] == "completed", body
    return body


def subtasks(body):
    return [s for s in body["plan"].get("suggestions", []) if s["field"] == "subtask"]


async def test_a_task_like_earlier_ones_is_offered_their_recurring_subtasks_with_the_reason(as_user, pool):
    await preparations(pool, "Brand Refresh", [*LAUNCHES, NEWSLETTER])
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to prepare the product launch event")
    got = subtasks(body)
    # the venue under all three (one spelt "Book a venue"), the press release under two; the banners under one
    # (the other was cancelled), the photographer and the invitations under one each
    assert [(s["value"], s["reason"]) for s in got] == [("Book the venue", VENUE), ("Write the press release", PRESS)]
    task_id = body["results"][0]["entity_id"]
    assert {(s["task_id"], s["task_title"]) for s in got} == {(task_id, "prepare the product launch event")}
    assert all(s["status"] == "offered" and s["task_ref"] == body["results"][0]["action_id"] for s in got)
    assert [s["confidence"] for s in got] == [1.0, 0.67]
    assert got[0]["basis"]["count"] == 3 and got[0]["basis"]["of"] == 3
    assert got[0]["basis"]["words"] == ["event", "launch", "product"]
    assert [s["n"] for s in body["plan"]["suggestions"]] == list(range(len(body["plan"]["suggestions"])))
    if body["plan"]["suggestions"][0]["field"] == "subtask":
        assert body["reply"].endswith("Add the subtask “Book the venue”, as for similar tasks?")
    # offered, not applied
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE parent_task_id = $1", UUID(task_id)) == 0


async def test_one_earlier_task_is_no_pattern(as_user, pool):
    await preparations(pool, "Brand Refresh", [LAUNCHES[0], NEWSLETTER])
    alex = await as_user("alex")
    assert subtasks(await say(alex, "Create a task in Brand Refresh to prepare the product launch event")) == []


async def test_accepting_creates_the_subtask_under_the_new_task_audited_and_undoable(as_user, pool):
    await preparations(pool, "Brand Refresh", LAUNCHES)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to prepare the product launch event")
    cid, task_id = body["command_id"], UUID(body["results"][0]["entity_id"])
    venue = subtasks(body)[0]
    got = await alex.post(f"/api/commands/{cid}/suggestions/{venue['n']}/accept", expect=200)
    assert got["suggestion"]["status"] == "accepted" and got["suggestion"]["field"] == "subtask"
    made = await pool.fetchrow("SELECT t.id, t.title, t.channel_id, c.name FROM tasks t JOIN channels c "
                               "ON c.id = t.channel_id WHERE t.parent_task_id = $1", task_id)
    assert (made["title"], made["name"]) == ("Book the venue", "Brand Refresh")
    assert got["suggestion"]["subtask_id"] == str(made["id"])
    audit = await pool.fetchval("SELECT command_id FROM audit_log WHERE action = 'task.created' "
                                "AND entity_id = $1", made["id"])
    assert str(audit) == cid
    fb = await pool.fetchrow("SELECT field, value, accepted FROM suggestion_feedback")
    assert tuple(fb) == ("subtask", "Book the venue", True)
    again = await alex.post(f"/api/commands/{cid}/suggestions/{venue['n']}/accept", expect=409)
    assert again["error"]["code"] == "suggestion_answered"
    await alex.post(f"/api/commands/{cid}/undo", expect=200)
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE parent_task_id = $1 AND status <> 'cancelled'",
                               task_id) == 0


async def test_yes_to_the_spoken_question_adds_the_subtask(as_user, pool):
    await preparations(pool, "Leadership", [
        ("Prepare the Q1 board meeting", 80, [("Draft the board deck", "completed"), ("Collect the updates", "completed")]),
        ("Prepare the Q2 board meeting", 50, [("Draft the board deck", "completed")]),
        ("Board meeting prep", 20, [("Draft the board deck", "completed"), ("Collect the updates", "completed")])])
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Leadership to prepare for the board meeting")
    assert [s["value"] for s in subtasks(body)] == ["Draft the board deck", "Collect the updates"]
    assert subtasks(body)[0]["reason"] == ("“Draft the board deck” was a subtask of 3 of the last 3 similar tasks "
                                           "(Board meeting prep, Prepare the Q2 board meeting, "
                                           "Prepare the Q1 board meeting)")
    assert body["plan"]["suggestions"][0]["field"] == "subtask", body["plan"]["suggestions"]
    assert body["reply"].endswith("Add the subtask “Draft the board deck”, as for similar tasks?")
    await say(alex, "yes")
    task_id = UUID(body["results"][0]["entity_id"])
    assert await pool.fetchval("SELECT title FROM tasks WHERE parent_task_id = $1", task_id) == "Draft the board deck"


async def test_a_declined_subtask_is_not_offered_for_similar_tasks_for_30_days(as_user, pool):
    await preparations(pool, "Brand Refresh", LAUNCHES)
    alex = await as_user("alex")
    body = await say(alex, "Create a task in Brand Refresh to prepare the product launch event")
    venue = subtasks(body)[0]
    got = await alex.post(f"/api/commands/{body['command_id']}/suggestions/{venue['n']}/decline", expect=200)
    assert got["suggestion"]["status"] == "declined"
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE parent_task_id = $1",
                               UUID(body["results"][0]["entity_id"])) == 0
    fb = await pool.fetchrow("SELECT field, value, accepted FROM suggestion_feedback")
    assert tuple(fb) == ("subtask", "Book the venue", False)
    nxt = await say(alex, "Create a task in Brand Refresh to prepare the summer launch event")
    assert [s["value"] for s in subtasks(nxt)] == ["Write the press release"]
    # someone else's decline is theirs
    sarah = await as_user("sarah")
    theirs = await say(sarah, "Create a task in Brand Refresh to prepare the winter launch event")
    assert "Book the venue" in [s["value"] for s in subtasks(theirs)]
    await pool.execute("UPDATE suggestion_feedback SET created_at = now() - interval '31 days'")
    later = await say(alex, "Create a task in Brand Refresh to prepare the autumn launch event")
    assert "Book the venue" in [s["value"] for s in subtasks(later)]


async def test_a_hidden_channels_tasks_are_never_mined(as_user, pool):
    await preparations(pool, "Leadership", LAUNCHES)  # private: Mike is not in it
    mike = await as_user("mike")
    body = await say(mike, "Create a task in Brand Refresh to prepare the product launch event")
    assert subtasks(body) == []
    # visible history counts alone: two open preparations and the hidden one's subtasks left out
    await preparations(pool, "Brand Refresh", [
        ("Prepare the partner launch event", 30, [("Order the banners", "completed"), ("Book the venue", "todo")]),
        ("Prepare the spring launch event", 15, [("Order the banners", "completed")])], creator="Sarah")
    got = subtasks(await say(mike, "Create a task in Brand Refresh to prepare the customer launch event"))
    assert [s["reason"] for s in got] == ["“Order the banners” was a subtask of 2 of the last 2 similar tasks "
                                          "(Prepare the spring launch event, Prepare the partner launch event)"]
    assert not any("Launch event prep" in s["reason"] for s in got)
