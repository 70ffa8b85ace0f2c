"""A learned default is asked as part of the conversation (issues 10 and 11): the reply of a command that made a
task ends with "Assign it to Mike, as usual?"; "yes" accepts it (applied, audited under the command, undone with
it), "no" declines it (remembered), and any other command leaves it offered."""

from __future__ import annotations

from tests.memory.test_learned_defaults import history, ids


async def say(session, text, status="completed"):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    assert body["status"] == status, body
    return body


async def assignees(pool, title):
    return {r["first"] for r in await pool.fetch(
        "SELECT split_part(u.full_name, ' ', 1) AS first FROM task_assignees a JOIN users u ON u.id = a.user_id "
        "JOIN tasks t ON t.id = a.task_id WHERE t.title = $1", title)}


async def test_yes_accepts_the_usual_assignee_and_undo_takes_it_back(as_user, pool):
    people, channels = await ids(pool)
    await history(pool, channels["Brand Refresh"], people["Sarah"], [(people["Mike"], "medium", None)] * 4)
    sarah = await as_user("sarah")
    made = await say(sarah, "create a task in Brand Refresh to print the posters")
    assert "Assign it to Mike, as usual?" in made["reply"], made["reply"]
    accepted = await say(sarah, "yes")
    assert accepted["results"][0]["type"] == "ACCEPT_SUGGESTION"
    assert await assignees(pool, "print the posters") == {"Mike"}
    await say(sarah, "yes", status="failed")  # nothing is asked any more
    await say(sarah, "undo that")  # the last command that changed something: the one the answer completed
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title = 'print the posters'") == 0


async def test_no_declines_it_and_a_new_command_leaves_it_offered(as_user, pool):
    people, channels = await ids(pool)
    await history(pool, channels["Brand Refresh"], people["Sarah"], [(people["Mike"], "medium", None)] * 4)
    sarah = await as_user("sarah")
    await say(sarah, "create a task in Brand Refresh to book the photographer")
    declined = await say(sarah, "no")
    assert declined["results"][0]["type"] == "DECLINE_SUGGESTION"
    assert await assignees(pool, "book the photographer") == set()
    assert await pool.fetchval("SELECT count(*) FROM suggestion_feedback WHERE NOT accepted") == 1
    made = await say(sarah, "create a task in Brand Refresh to order the banners")
    assert "as usual" not in made["reply"]  # declined: not suggested again for a while
    await say(sarah, "Mike", status="failed")  # not a command, not an answer: nothing is made of it
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title LIKE 'order the banners%'") == 1
