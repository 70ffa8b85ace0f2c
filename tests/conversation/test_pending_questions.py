"""Our own questions can be answered (issue 10): the next thing said is first read as the answer, the original
command then runs with it as one plan and one transaction; "never mind" drops the question; a new command
replaces it; an answer after five minutes is not taken. Typed through POST /api/commands against PostgreSQL."""

from __future__ import annotations

from tests.commands.dates import coming, due


async def say(session, text, status=None):
    body = await session.post("/api/commands", {"text": text}, expect=200)
    if status is not None:
        assert body["status"] == status, body
    return body


async def titles(pool, channel):
    rows = await pool.fetch("SELECT t.title, t.due_date FROM tasks t JOIN channels c ON c.id = t.channel_id "
                            "WHERE c.name = $1 ORDER BY t.title", channel)
    return {r["title"]: r["due_date"] for r in rows}


async def test_the_names_of_the_tasks_we_asked_for_complete_the_command(as_user, pool):
    alex = await as_user("alex")
    before = await titles(pool, "Q4 Close")
    asked = await say(alex, "Create three tasks in Q4 Close due Friday", "needs_clarification")
    assert "called" in asked["error"]["message"]
    assert await titles(pool, "Q4 Close") == before  # a question changes nothing
    done = await say(alex, "Call them budget review, press kit and venue.", "completed")
    after = await titles(pool, "Q4 Close")
    assert set(after) - set(before) == {"budget review", "press kit", "venue"}
    assert {after[t] for t in ("budget review", "press kit", "venue")} == {due(coming("friday"))}
    answered = done["plan"]["answers"]
    assert answered["command_id"] == asked["command_id"] and "budget review" in answered["read_as"]
    # answered once: the same words again are not an answer any more
    assert (await say(alex, "Call them budget review, press kit and venue."))["status"] != "completed"
    assert len(await titles(pool, "Q4 Close")) == len(after)


async def test_spanish_names_answer_the_question(as_user, pool):
    elena = await as_user("elena")
    await say(elena, "Crea dos tareas en Leadership", "needs_clarification")
    await say(elena, "llámalas reservar el hotel y contratar el catering", "completed")
    assert {"reservar el hotel", "contratar el catering"} <= set(await titles(pool, "Leadership"))


async def test_a_choice_between_channels_is_answered_by_name_or_position(as_user, pool):
    alex = await as_user("alex")
    asked = await say(alex, "add Lisa to this channel", "needs_clarification")
    options = asked["error"]["details"]["options"]
    assert len(options) >= 2
    await say(alex, "the second one", "completed")
    lisa = await pool.fetchval("SELECT id FROM users WHERE full_name LIKE 'Lisa%'")
    chosen = await pool.fetchval("SELECT id FROM channels WHERE name = $1", options[1])
    assert await pool.fetchval("SELECT count(*) FROM channel_members WHERE channel_id = $1 AND user_id = $2",
                               chosen, lisa) == 1


async def test_never_mind_drops_the_question_and_changes_nothing(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "Create two tasks in Infrastructure", "needs_clarification")
    before = await pool.fetchval("SELECT count(*) FROM tasks")
    dropped = await say(alex, "never mind", "completed")
    assert dropped["results"] == [] and dropped["plan"]["actions"] == []
    assert (await say(alex, "call them rotate the keys and patch the kernel"))["status"] != "completed"
    assert await pool.fetchval("SELECT count(*) FROM tasks") == before
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title IN ('rotate the keys', 'patch the kernel')") == 0
    # with nothing pending, "never mind" is just not a command
    assert (await say(alex, "never mind"))["status"] == "failed"


async def test_a_new_command_replaces_the_question(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "Create two tasks in Infrastructure", "needs_clarification")
    await say(alex, "Create a task in Infrastructure to renew the certificates", "completed")
    assert "renew the certificates" in await titles(pool, "Infrastructure")
    before = await pool.fetchval("SELECT count(*) FROM tasks")
    await say(alex, "call them rotate the keys and patch the kernel")
    assert await pool.fetchval("SELECT count(*) FROM tasks") == before


async def test_an_answer_after_five_minutes_is_not_taken(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "Create two tasks in Infrastructure", "needs_clarification")
    await pool.execute("""UPDATE conversation_state SET state = jsonb_set(state, '{pending,asked_at}',
                          to_jsonb((now() - interval '6 minutes')::text))
                          WHERE user_id = (SELECT id FROM users WHERE email = 'alex@example.com')""")
    before = await pool.fetchval("SELECT count(*) FROM tasks")
    assert (await say(alex, "call them rotate the keys and patch the kernel"))["status"] != "completed"
    assert await pool.fetchval("SELECT count(*) FROM tasks") == before


async def test_one_persons_question_is_not_answered_by_another(as_user, pool):
    alex, priya = await as_user("alex"), await as_user("priya")
    await say(alex, "Create two tasks in Q4 Close", "needs_clarification")
    before = await pool.fetchval("SELECT count(*) FROM tasks")
    assert (await say(priya, "call them count the cash and file the taxes"))["status"] != "completed"
    assert await pool.fetchval("SELECT count(*) FROM tasks") == before
    await say(alex, "call them count the cash and file the taxes", "completed")
    assert await pool.fetchval("SELECT count(*) FROM tasks") == before + 2


async def test_words_not_understood_or_heard_unsurely_leave_the_question_open(as_user, pool):
    """A stray "Thank you." or a half-understood sentence is not a new command: it does not replace our question,
    which the next words can still answer (a spoken answer often comes after a cough or a murmur)."""
    alex = await as_user("alex")
    before = set(await titles(pool, "Infrastructure"))
    asked = await say(alex, "Create two tasks in the Infrastructure channel.", "needs_clarification")
    assert (await say(alex, "Thank you."))["error"]["code"] == "not_understood"
    unsure = await say(alex, "Create a task in Infrastructure to flurb the zorg quickly and blah blah Leadership maybe")
    assert unsure["error"]["code"] == "low_confidence", unsure
    done = await say(alex, "Call them, order laptops and renew the domain.", "completed")
    assert done["plan"]["answers"]["command_id"] == asked["command_id"]
    assert set(await titles(pool, "Infrastructure")) - before == {"order laptops", "renew the domain"}


async def test_names_after_a_comma_or_colon_answer_the_question(as_user, pool):
    alex = await as_user("alex")
    await say(alex, "Create two tasks in Infrastructure", "needs_clarification")
    await say(alex, "Call them: rotate the keys, and patch the kernel.", "completed")
    assert {"rotate the keys", "patch the kernel"} <= set(await titles(pool, "Infrastructure"))
    await say(alex, "Create two tasks in Infrastructure", "needs_clarification")
    await say(alex, "Okay, call them, renew the certificates and order laptops.", "completed")
    assert {"renew the certificates", "order laptops"} <= set(await titles(pool, "Infrastructure"))
