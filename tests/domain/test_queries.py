"""Questions answered from PostgreSQL (`store.queries.answer`) with exactly the asker's visibility: the right rows,
nothing of a private channel the asker is not in (not even inside a blocker chain), times in the asker's timezone,
a sentence in their language, and not one row written."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from executor.plan import Query
from executor.run import Speaker
from store.queries import answer
from tests.executor.helpers import fingerprint

NY = ZoneInfo("America/New_York")
# Wednesday 25 November 2026, 10:00 in New York: the week runs Monday 23 to Sunday 29.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)


def at(days: int, hour: int = 17, minute: int = 0) -> datetime:
    """A New York wall-clock time `days` after NOW's date."""
    return datetime.combine(NOW.date() + timedelta(days=days), datetime.min.time(), tzinfo=NY).replace(hour=hour, minute=minute)


class Org:
    """The demo organisation, its own tasks removed, plus a launch with a blocker chain and a private deal."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.people: dict[str, Speaker] = {}
        self.channels: dict[str, UUID] = {}
        self.tasks: dict[str, UUID] = {}

    async def build(self) -> Org:
        for r in await self.pool.fetch("SELECT id, role::text AS role, full_name FROM users"):
            self.people[r["full_name"].split()[0].lower()] = Speaker(r["id"], r["role"], r["full_name"])
        await self.pool.execute("DELETE FROM tasks")
        for r in await self.pool.fetch("SELECT id, name FROM channels"):
            self.channels[r["name"]] = r["id"]
        await self.channel("Launch", "public", "sarah", ["lisa", "tom"])
        await self.channel("Secret Deal", "private", "alex", ["priya"])
        await self.channel("Empty Room", "public", "tom", [])
        # title, channel, status, due, assignees, completed
        for title, channel, status, due, assignees, completed in [
            ("Press kit", "Launch", "todo", at(-1), ["lisa"], None),
            ("Venue booking", "Launch", "in_progress", at(0, 15), ["tom"], None),
            ("Budget review", "Launch", "todo", at(1), ["sarah", "lisa"], None),
            ("Print brochures", "Launch", "todo", at(2), ["lisa"], None),
            ("Catering", "Launch", "completed", at(-3), ["lisa"], NOW - timedelta(days=2)),
            ("Caterer quote", "Launch", "todo", None, [], None),
            ("Old plan", "Launch", "cancelled", at(-7), ["lisa"], None),
            ("Speaker list", "Launch", "todo", at(6), ["tom"], None),
            ("Photo shoot", "Launch", "review", None, ["lisa"], None),
            ("Floor plan", "Launch", "todo", None, ["tom"], None),
            ("Flyer draft", "Launch", "completed", None, ["lisa"], NOW - timedelta(days=5)),
            ("Old flyer", "Launch", "completed", None, ["lisa"], NOW - timedelta(days=30)),
            ("Secret audit", "Secret Deal", "todo", at(-2), ["priya"], None),
            ("Term sheet", "Secret Deal", "completed", None, ["priya"], NOW - timedelta(days=1)),
            ("Launch memo", "Launch", "completed", None, ["priya"], NOW - timedelta(hours=3)),
            # organisation-wide, due 23:30 tonight in New York: 04:30 tomorrow in UTC, still "today" here
            ("Update handbook", None, "todo", at(0, 23, 30), ["mike"], None),
        ]:
            self.tasks[title] = await self.pool.fetchval(
                """INSERT INTO tasks (channel_id, title, status, due_date, completed_at, created_by)
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""",
                self.channels.get(channel or ""), title, status, due, completed, self.people["alex"].id,
            )
            for person in assignees:
                await self.pool.execute("INSERT INTO task_assignees (task_id, user_id) VALUES ($1, $2)",
                                        self.tasks[title], self.people[person].id)
        # waits on: Budget review <- Venue booking <- Press kit <- Catering (done) <- Caterer quote;
        # Budget review <- Secret audit (private) <- Floor plan; Budget review ~ Photo shoot (parallel: informational)
        for task, on, kind in [
            ("Budget review", "Venue booking", "blocks"),
            ("Venue booking", "Press kit", "requires"),
            ("Press kit", "Catering", "blocks"),
            ("Catering", "Caterer quote", "blocks"),
            ("Budget review", "Secret audit", "blocks"),
            ("Secret audit", "Floor plan", "follows"),
            ("Budget review", "Photo shoot", "parallel"),
        ]:
            await self.pool.execute(
                "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type) VALUES ($1, $2, $3)",
                self.tasks[task], self.tasks[on], kind,
            )
        return self

    async def channel(self, name: str, privacy: str, owner: str, members: list[str]) -> None:
        cid = await self.pool.fetchval(
            "INSERT INTO channels (name, privacy, created_by) VALUES ($1, $2, $3) RETURNING id",
            name, privacy, self.people[owner].id,
        )
        await self.pool.execute("INSERT INTO channel_members (channel_id, user_id, role) VALUES ($1, $2, 'owner')",
                                cid, self.people[owner].id)
        for m in members:
            await self.pool.execute("INSERT INTO channel_members (channel_id, user_id) VALUES ($1, $2)",
                                    cid, self.people[m].id)
        self.channels[name] = cid

    async def ask(self, who: str, language: str = "en", **fields: Any) -> dict[str, Any]:
        for key in ("person", "channel", "task"):
            if key in fields:
                value = fields.pop(key)
                fields[f"{key}_id"] = (self.people[value].id if key == "person" else
                                       self.channels[value] if key == "channel" else self.tasks[value])
        return await answer(self.pool, self.people[who], Query(**fields), NOW, language)


@pytest.fixture(scope="module")
async def org(admin_dsn: str, template_db: str) -> Any:
    """One database for the module: every question here only reads."""
    from store import db
    from tests.conftest import clone_database, drop_database

    name = await clone_database(admin_dsn, template_db)
    pool = await db.create_pool(db.with_database(admin_dsn, name), min_size=1, max_size=4)
    yield await Org(pool).build()
    await pool.close()
    await drop_database(admin_dsn, name)


def titles(out: dict[str, Any]) -> list[str]:
    return [r["title"] for r in out["rows"]]


async def test_overdue_everywhere_is_open_past_due_tasks_the_asker_may_see(org: Org) -> None:
    staff = await org.ask("lisa", type="due", window="overdue")
    assert titles(staff) == ["Press kit"]  # not the completed Catering, the cancelled Old plan, the private audit
    assert staff["count"] == 1 and staff["rows"][0]["overdue"] is True
    assert staff["sentence"] == "1 task is overdue: Press kit."
    ceo = await org.ask("alex", type="due", window="overdue")
    assert titles(ceo) == ["Secret audit", "Press kit"]  # the CEO sees every channel; oldest due first
    member = await org.ask("priya", type="due", window="overdue")
    assert titles(member) == ["Secret audit", "Press kit"]  # Priya is in the private channel


async def test_due_today_is_the_askers_day_not_utcs(org: Org) -> None:
    out = await org.ask("mike", type="due", window="today")
    assert titles(out) == ["Venue booking", "Update handbook"]  # 23:30 in New York is tomorrow in UTC
    assert out["rows"][1]["due_date"] == "2026-11-25T23:30:00-05:00"
    assert out["from"] == "2026-11-25T00:00:00-05:00" and out["until"] == "2026-11-26T00:00:00-05:00"
    assert titles(await org.ask("mike", type="due", window="tomorrow")) == ["Budget review"]


async def test_due_this_week_and_next_week_follow_monday_weeks(org: Org) -> None:
    week = await org.ask("lisa", type="due", window="this_week")
    # Monday 23 to Sunday 29: the overdue press kit is due this week too; Speaker list (Tuesday 1 Dec) is next week's
    assert titles(week) == ["Press kit", "Venue booking", "Update handbook", "Budget review", "Print brochures"]
    assert titles(await org.ask("lisa", type="due", window="next_week")) == ["Speaker list"]


async def test_due_in_a_channel_for_a_person(org: Org) -> None:
    out = await org.ask("alex", type="due", window="this_week", channel="Launch", person="lisa")
    assert titles(out) == ["Press kit", "Budget review", "Print brochures"]
    assert out["sentence"] == "3 tasks are due this week in Launch for Lisa Wong: Press kit, Budget review and Print brochures."
    none = await org.ask("alex", type="due", window="overdue", channel="Empty Room")
    assert none["rows"] == [] and none["count"] == 0
    assert none["sentence"] == "Nothing is overdue in Empty Room."


async def test_a_private_channel_the_asker_is_not_in_is_not_found(org: Org) -> None:
    hidden = await org.ask("lisa", type="due", window="overdue", channel="Secret Deal")
    assert hidden["rows"] == [] and hidden["found"] is False
    assert (await org.ask("lisa", type="members", channel="Secret Deal"))["found"] is False
    assert (await org.ask("lisa", type="status", channel="Secret Deal"))["found"] is False
    assert (await org.ask("lisa", type="status", task="Secret audit"))["sentence"] == "I can't find that task."
    assert (await org.ask("alex", type="status", task="Secret audit"))["count"] == 1


async def test_working_on_lists_a_persons_open_tasks_soonest_first(org: Org) -> None:
    out = await org.ask("alex", type="working_on", person="lisa")
    assert titles(out) == ["Press kit", "Budget review", "Print brochures", "Photo shoot"]
    assert out["sentence"] == "Lisa Wong has 4 open tasks: Press kit, Budget review, Print brochures and 1 more."
    assert out["rows"][1]["assignees"] == [{"id": str(org.people["sarah"].id), "full_name": "Sarah Chen"},
                                           {"id": str(org.people["lisa"].id), "full_name": "Lisa Wong"}]
    mine = await org.ask("tom", type="working_on", person="tom")
    assert titles(mine) == ["Venue booking", "Speaker list", "Floor plan"]
    assert mine["sentence"].startswith("You have 3 open tasks")


async def test_a_staff_member_never_sees_another_persons_private_work(org: Org) -> None:
    assert titles(await org.ask("lisa", type="working_on", person="priya")) == []
    assert (await org.ask("lisa", type="working_on", person="priya"))["sentence"] == "Priya Patel has no open tasks."
    assert titles(await org.ask("alex", type="working_on", person="priya")) == ["Secret audit"]


async def test_the_blocker_chain_is_transitive_open_and_visible_only(org: Org) -> None:
    staff = await org.ask("lisa", type="blocking", task="Budget review")
    # Venue booking, then what it waits on; Catering is done (so Caterer quote no longer holds anything up);
    # the parallel photo shoot never blocks; the private audit and what it waits on are not there at all
    assert [(r["title"], r["depth"]) for r in staff["rows"]] == [("Venue booking", 1), ("Press kit", 2)]
    assert staff["rows"][1]["blocks"] == str(org.tasks["Venue booking"])
    assert staff["count"] == 2
    assert staff["sentence"] == "Budget review is waiting on 2 open tasks: Venue booking and Press kit."
    ceo = await org.ask("alex", type="blocking", task="Budget review")
    assert {(r["title"], r["depth"]) for r in ceo["rows"]} == {
        ("Venue booking", 1), ("Secret audit", 1), ("Press kit", 2), ("Floor plan", 2)}


async def test_what_a_task_blocks_downstream(org: Org) -> None:
    out = await org.ask("lisa", type="blocked_by", task="Press kit")
    assert [(r["title"], r["depth"]) for r in out["rows"]] == [("Venue booking", 1), ("Budget review", 2)]
    assert out["sentence"] == "Press kit blocks 2 open tasks: Venue booking and Budget review."
    # the floor plan holds up the private audit: a staff member outside the deal sees it blocking nothing
    assert (await org.ask("lisa", type="blocked_by", task="Floor plan"))["rows"] == []
    assert titles(await org.ask("alex", type="blocked_by", task="Floor plan")) == ["Secret audit", "Budget review"]
    done = await org.ask("lisa", type="blocked_by", task="Catering")
    assert done["rows"] == [] and done["sentence"] == "Catering is completed, so it blocks nothing."


async def test_a_dependency_cycle_written_around_the_rules_still_ends(org: Org) -> None:
    a = await org.pool.fetchval("INSERT INTO tasks (title, created_by) VALUES ('Loop A', $1) RETURNING id", org.people["alex"].id)
    b = await org.pool.fetchval("INSERT INTO tasks (title, created_by) VALUES ('Loop B', $1) RETURNING id", org.people["alex"].id)
    await org.pool.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $2), ($2, $1)", a, b)
    try:
        out = await answer(org.pool, org.people["alex"], Query(type="blocking", task_id=a), NOW, "en")
        assert titles(out) == ["Loop B"]
    finally:
        await org.pool.execute("DELETE FROM tasks WHERE id = ANY($1::uuid[])", [a, b])


async def test_blocked_lists_open_tasks_waiting_on_an_open_blocker_the_asker_can_see(org: Org) -> None:
    ceo = await org.ask("alex", type="blocked")
    # soonest due first; the press kit waits only on the completed catering, the photo shoot is parallel
    assert [(r["title"], [w["title"] for w in r["waits_on"]]) for r in ceo["rows"]] == [
        ("Secret audit", ["Floor plan"]), ("Venue booking", ["Press kit"]),
        ("Budget review", ["Secret audit", "Venue booking"])]
    assert ceo["count"] == 3 and all(r["marked_blocked"] is False for r in ceo["rows"])
    assert ceo["rows"][1]["waits_on"] == [{"id": str(org.tasks["Press kit"]), "title": "Press kit"}]
    assert ceo["sentence"] == ("3 tasks are blocked: “Secret audit” waits on “Floor plan”; “Venue booking” waits on "
                               "“Press kit”; “Budget review” waits on “Secret audit” and “Venue booking”.")
    staff = await org.ask("lisa", type="blocked")
    # the private audit is neither listed nor named as what the budget review waits on
    assert [(r["title"], [w["title"] for w in r["waits_on"]]) for r in staff["rows"]] == [
        ("Venue booking", ["Press kit"]), ("Budget review", ["Venue booking"])]
    assert staff["sentence"] == ("2 tasks are blocked: “Venue booking” waits on “Press kit”; "
                                 "“Budget review” waits on “Venue booking”.")
    assert (await org.ask("lisa", "es", type="blocked"))["sentence"] == (
        "Hay 2 tareas bloqueadas: “Venue booking” espera a “Press kit”; “Budget review” espera a “Venue booking”.")


async def test_blocked_in_a_channel_or_for_a_person(org: Org) -> None:
    lisa = await org.ask("alex", type="blocked", channel="Launch", person="lisa")
    assert titles(lisa) == ["Budget review"]
    assert lisa["sentence"] == "1 of Lisa Wong's tasks is blocked in Launch: “Budget review” waits on “Secret audit” and “Venue booking”."
    mine = await org.ask("tom", type="blocked", person="tom")
    assert mine["sentence"] == "1 of your tasks is blocked: “Venue booking” waits on “Press kit”."
    assert (await org.ask("tom", "es", type="blocked", person="tom"))["sentence"] == \
        "Tienes 1 tarea bloqueada: “Venue booking” espera a “Press kit”."
    assert (await org.ask("alex", type="blocked", person="mike"))["sentence"] == "None of Mike Johnson's tasks are blocked."
    empty = await org.ask("tom", type="blocked", channel="Empty Room")
    assert empty["rows"] == [] and empty["count"] == 0 and empty["sentence"] == "Nothing is blocked in Empty Room."
    assert (await org.ask("tom", "es", type="blocked", channel="Empty Room"))["sentence"] == \
        "No hay nada bloqueado en Empty Room."
    hidden = await org.ask("lisa", type="blocked", channel="Secret Deal")
    assert hidden["rows"] == [] and hidden["found"] is False
    assert titles(await org.ask("priya", type="blocked", channel="Secret Deal")) == ["Secret audit"]


async def test_blocked_includes_tasks_marked_blocked_and_never_a_hidden_blocker(org: Org) -> None:
    alex, launch, deal = org.people["alex"].id, org.channels["Launch"], org.channels["Secret Deal"]
    signage = await org.pool.fetchval(
        "INSERT INTO tasks (channel_id, title, status, created_by) VALUES ($1, 'Signage', 'blocked', $2) RETURNING id",
        launch, alex)
    waiting = await org.pool.fetchval(
        "INSERT INTO tasks (channel_id, title, created_by) VALUES ($1, 'Hidden wait', $2) RETURNING id", launch, alex)
    sealed = await org.pool.fetchval(
        "INSERT INTO tasks (channel_id, title, status, created_by) VALUES ($1, 'Sealed bid', 'blocked', $2) RETURNING id",
        deal, alex)
    await org.pool.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $2)",
                           waiting, org.tasks["Secret audit"])
    try:
        staff = await org.ask("lisa", type="blocked", channel="Launch")
        # the hidden wait waits only on the private audit: to Lisa it waits on nothing, so it is not blocked
        assert titles(staff) == ["Venue booking", "Budget review", "Signage"]
        assert staff["rows"][2]["marked_blocked"] is True and staff["rows"][2]["waits_on"] == []
        assert staff["sentence"] == ("3 tasks are blocked in Launch: “Venue booking” waits on “Press kit”; "
                                     "“Budget review” waits on “Venue booking”; “Signage” is marked blocked.")
        assert "Sealed bid" not in titles(await org.ask("lisa", type="blocked"))
        ceo = await org.ask("alex", type="blocked")
        assert titles(ceo) == ["Secret audit", "Venue booking", "Budget review", "Hidden wait", "Sealed bid", "Signage"]
        assert ceo["sentence"].endswith("; and 3 more.")
        es = await org.ask("lisa", "es", type="blocked", channel="Launch")
        assert es["sentence"].endswith("; “Signage” está marcada como bloqueada.")
        marketing = await org.pool.fetchval("SELECT id FROM categories WHERE name = 'Marketing'")
        await org.pool.execute("UPDATE channels SET category_id = $1 WHERE id = $2", marketing, launch)
        by_category = await answer(org.pool, org.people["lisa"], Query(type="blocked", category_id=marketing), NOW, "en")
        assert titles(by_category) == ["Venue booking", "Budget review", "Signage"]
        assert by_category["sentence"].startswith("3 tasks are blocked in the Marketing category: ")
    finally:
        await org.pool.execute("UPDATE channels SET category_id = NULL WHERE id = $1", launch)
        await org.pool.execute("DELETE FROM tasks WHERE id = ANY($1::uuid[])", [signage, waiting, sealed])


async def test_members_and_owner_of_a_channel(org: Org) -> None:
    out = await org.ask("mike", type="members", channel="Launch")
    assert [(r["full_name"], r["role"]) for r in out["rows"]] == [
        ("Sarah Chen", "owner"), ("Lisa Wong", "member"), ("Tom Baker", "member")]
    assert out["sentence"] == "Launch has 3 members: Sarah Chen (owner), Lisa Wong and Tom Baker."
    owner = await org.ask("mike", type="owner", channel="Launch")
    assert [r["full_name"] for r in owner["rows"]] == ["Sarah Chen"] and owner["sentence"] == "Sarah Chen owns Launch."
    yes = await org.ask("mike", type="members", channel="Launch", person="tom")
    assert yes["answer"] is True and yes["sentence"] == "Yes, Tom Baker is in Launch."
    no = await org.ask("mike", type="members", channel="Launch", person="mike", language="es")
    assert no["answer"] is False and no["sentence"] == "No, Mike Johnson no está en Launch."
    alone = await org.ask("mike", type="members", channel="Empty Room")
    assert alone["count"] == 1


async def test_status_of_a_task_and_progress_of_a_channel(org: Org) -> None:
    task = await org.ask("lisa", type="status", task="Venue booking")
    assert task["rows"][0]["status"] == "in_progress" and task["rows"][0]["open_blockers"] == 1
    assert task["sentence"] == "Venue booking is in progress, due today, assigned to Tom Baker, waiting on 1 task."
    es = await org.ask("lisa", "es", type="status", task="Press kit")
    assert es["sentence"] == "La tarea Press kit está por hacer, vencida desde ayer, asignada a Lisa Wong."
    channel = await org.ask("lisa", type="status", channel="Launch")
    # 13 tasks, the cancelled one not counted: 12; 4 completed (Catering, Flyer draft, Old flyer, Launch memo)
    assert channel["progress"]["done"] == 4 and channel["progress"]["total"] == 12
    assert channel["progress"]["open"] == 8 and channel["progress"]["overdue"] == 1
    assert channel["progress"]["by_status"] == {"cancelled": 1, "completed": 4, "in_progress": 1, "review": 1, "todo": 6}
    assert channel["count"] == 8 and channel["rows"][0]["title"] == "Press kit"
    assert channel["sentence"] == "Launch: 4 of 12 tasks done, 8 open, 1 overdue."
    assert (await org.ask("lisa", "es", type="status", channel="Launch"))["sentence"] == \
        "Launch: 4 de 12 tareas hechas, 8 abiertas, 1 vencida."
    assert (await org.ask("lisa", type="status", channel="Empty Room"))["sentence"] == "Empty Room has no tasks yet."


async def test_finished_counts_by_period_in_the_askers_week_and_month(org: Org) -> None:
    week = await org.ask("alex", type="finished_count", person="lisa", period="this_week")
    assert week["count"] == 1 and titles(week) == ["Catering"]
    assert week["sentence"] == "Lisa Wong finished 1 task this week."
    assert (await org.ask("alex", type="finished_count", person="lisa", period="last_week"))["count"] == 1
    assert (await org.ask("alex", type="finished_count", person="lisa", period="this_month"))["count"] == 2
    assert (await org.ask("alex", type="finished_count", person="lisa", period="last_month"))["count"] == 1
    assert (await org.ask("alex", type="finished_count", person="lisa", period="all_time"))["count"] == 3
    assert (await org.ask("alex", type="finished_count", person="lisa", period="today"))["count"] == 0
    es = await org.ask("alex", "es", type="finished_count", person="tom", period="this_month")
    assert es["sentence"] == "Tom Baker no terminó ninguna tarea este mes."


async def test_finished_counts_hide_private_work_from_staff(org: Org) -> None:
    assert (await org.ask("alex", type="finished_count", person="priya", period="this_week"))["count"] == 2
    staff = await org.ask("mike", type="finished_count", person="priya", period="this_week")
    assert titles(staff) == ["Launch memo"]
    everyone = await org.ask("mike", type="finished_count", period="today")
    assert titles(everyone) == ["Launch memo"] and everyone["sentence"] == "1 task was finished today."


async def test_empty_answers_have_a_sentence_in_both_languages(org: Org) -> None:
    assert (await org.ask("david", "es", type="due", window="overdue", person="david"))["sentence"] == \
        "No hay nada vencido de David Kim."
    assert (await org.ask("david", "es", type="due", window="today", channel="Empty Room"))["sentence"] == \
        "No vence nada hoy en Empty Room."
    assert (await org.ask("david", type="due", window="next_week", person="david"))["sentence"] == \
        "Nothing is due next week for David Kim."
    assert (await org.ask("david", "es", type="working_on", person="david"))["sentence"] == "No tienes tareas pendientes."
    assert (await org.ask("david", "es", type="blocking", task="Caterer quote"))["sentence"] == \
        "Nada abierto bloquea Caterer quote."
    assert (await org.ask("david", "es", type="assignees", task="Caterer quote"))["sentence"] == \
        "Nadie tiene asignada Caterer quote."
    assert (await org.ask("david", type="assignees", task="Caterer quote"))["sentence"] == \
        "No one is assigned to Caterer quote."


async def test_spanish_sentences(org: Org) -> None:
    assert (await org.ask("lisa", "es", type="due", window="overdue"))["sentence"] == "Hay 1 tarea vencida: Press kit."
    assert (await org.ask("lisa", "es", type="due", window="this_week"))["sentence"] == \
        "Vencen 5 tareas esta semana: Press kit, Venue booking, Update handbook y 2 más."
    assert (await org.ask("alex", "es", type="working_on", person="elena"))["sentence"] == \
        "Elena Garcia no tiene tareas pendientes."
    assert (await org.ask("lisa", "es", type="blocking", task="Budget review"))["sentence"] == \
        "Budget review espera 2 tareas abiertas: Venue booking y Press kit."
    assert (await org.ask("lisa", "es", type="members", channel="Launch"))["sentence"] == \
        "Launch tiene 3 miembros: Sarah Chen, Lisa Wong y Tom Baker."
    assert (await org.ask("lisa", "es", type="owner", channel="Launch"))["sentence"] == \
        "Sarah Chen es responsable de Launch."
    assert (await org.ask("lisa", "es", type="assignees", task="Budget review"))["sentence"] == \
        "Sarah Chen y Lisa Wong llevan Budget review."
    assert (await org.ask("lisa", "es", type="finished_count", person="lisa", period="this_week"))["sentence"] == \
        "Terminaste 1 tarea esta semana."


async def test_a_question_writes_nothing(org: Org) -> None:
    """Every kind of question, asked by a staff member and the CEO: no table changes by a single row."""
    before = await fingerprint(org.pool)
    counts = {t: await org.pool.fetchval(f"SELECT count(*) FROM {t}") for t in ("tasks", "channels", "audit_log", "events")}
    questions: list[dict[str, Any]] = [
        {"type": "due", "window": w} for w in ("overdue", "today", "tomorrow", "this_week", "next_week")
    ] + [
        {"type": "working_on", "person": "lisa"}, {"type": "blocking", "task": "Budget review"},
        {"type": "blocked_by", "task": "Press kit"}, {"type": "members", "channel": "Launch"},
        {"type": "owner", "channel": "Launch"}, {"type": "status", "task": "Press kit"},
        {"type": "status", "channel": "Launch"}, {"type": "assignees", "task": "Budget review"},
        {"type": "finished_count", "person": "lisa", "period": "this_week"},
        {"type": "blocked"}, {"type": "blocked", "channel": "Launch", "person": "lisa"},
    ]
    for who in ("lisa", "alex"):
        for q in questions:
            for language in ("en", "es"):
                await org.ask(who, language, **dict(q))
    assert {t: await org.pool.fetchval(f"SELECT count(*) FROM {t}") for t in counts} == counts
    assert await fingerprint(org.pool) == before


async def test_an_answer_inside_the_callers_transaction_is_read_only_too(org: Org) -> None:
    async with org.pool.acquire() as conn, conn.transaction():
        out = await answer(conn, org.people["lisa"], Query(type="due", window="overdue"), NOW, "en")
        assert titles(out) == ["Press kit"]
    async with org.pool.acquire() as conn:
        out = await answer(conn, org.people["lisa"], Query(type="due", window="overdue"), NOW, "en")
        assert not conn.is_in_transaction() and out["count"] == 1


async def test_rows_are_limited_but_counted(org: Org) -> None:
    out = await answer(org.pool, org.people["alex"], Query(type="working_on", person_id=org.people["lisa"].id), NOW,
                       "en", limit=2)
    assert len(out["rows"]) == 2 and out["count"] == 4 and out["truncated"] is True


async def test_a_naive_now_is_refused(org: Org) -> None:
    with pytest.raises(ValueError):
        await answer(org.pool, org.people["alex"], Query(type="due", window="overdue"), NOW.replace(tzinfo=None), "en")


@pytest.mark.parametrize(("who", "text", "sentence"), [
    ("lisa", "What is overdue?", "1 task is overdue: Press kit."),
    ("alex", "um what's overdue", "2 tasks are overdue: Secret audit and Press kit."),
    ("lisa", "What is blocking the budget review?", "Budget review is waiting on 2 open tasks: Venue booking and Press kit."),
    ("mike", "who's in Launch", "Launch has 3 members: Sarah Chen (owner), Lisa Wong and Tom Baker."),
    ("tom", "what's on my plate", "You have 3 open tasks: Venue booking, Speaker list and Floor plan."),
    ("lisa", "¿qué tiene pendiente Tom?", "Tom Baker tiene 3 tareas pendientes: Venue booking, Speaker list y Floor plan."),
    ("alex", "How many tasks did Priya finish this week?", "Priya Patel finished 2 tasks this week."),
    ("lisa", "Which tasks are blocked?", "2 tasks are blocked: “Venue booking” waits on “Press kit”; "
                                         "“Budget review” waits on “Venue booking”."),
    ("tom", "What am I waiting on?", "1 of your tasks is blocked: “Venue booking” waits on “Press kit”."),
    ("mike", "¿qué está bloqueado en Empty Room?", "No hay nada bloqueado en Empty Room."),
])
async def test_a_question_typed_is_read_against_the_askers_snapshot_and_answered(org: Org, who: str, text: str,
                                                                               sentence: str, tmp_path: Path) -> None:
    """The whole read path: the speaker's snapshot from PostgreSQL (as the server builds it), the parser, the answer."""
    from pipeline.intent import parse
    from server.auth import AuthUser
    from server.commands import build_context
    from server.settings import Settings

    speaker = org.people[who]
    user = AuthUser(speaker.id, speaker.role, speaker.full_name, f"{who}@example.com", timezone="America/New_York")
    async with org.pool.acquire() as conn:
        ctx = await build_context(conn, user, Settings(data_dir=tmp_path), None)
    plan = parse(text, ctx)
    assert plan.kind == "query" and plan.query is not None and plan.actions == [], plan
    out = await answer(org.pool, speaker, plan.query, NOW, plan.language)
    assert out["sentence"] == sentence


async def test_a_private_task_is_unknown_to_a_staff_member_asking_about_it(org: Org, tmp_path: Path) -> None:
    """Names resolve against what the asker may see: a task of a private channel is no task at all to them."""
    from pipeline.intent import parse
    from server.auth import AuthUser
    from server.commands import build_context
    from server.settings import Settings

    lisa = org.people["lisa"]
    async with org.pool.acquire() as conn:
        ctx = await build_context(conn, AuthUser(lisa.id, lisa.role, lisa.full_name, "lisa@example.com"), Settings(data_dir=tmp_path), None)
    plan = parse("what is blocking the secret audit?", ctx)
    assert plan.error is not None and plan.error.code == "unknown_task" and plan.query is None
