"""/api/analytics/*: exact numbers on a small hand-built history, what each role may see, bad input.

The history (period 2026-01-05 .. 2026-01-18, ISO weeks W02 and W03) is inserted with SQL at fixed times;
what depends on "now" (overdue, at risk, silent) is placed relative to the moment the test runs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import pytest

PERIOD = "from=2026-01-05&to=2026-01-18"


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


class History:
    def __init__(self) -> None:
        self.people: dict[str, UUID] = {}
        self.channels: dict[str, UUID] = {}
        self.tasks: dict[str, UUID] = {}


async def _task(conn: asyncpg.Connection, h: History, key: str, channel: str, title: str, who: list[str], *,
                status: str = "todo", created: datetime, completed: datetime | None = None,
                due: datetime | None = None, hours: float | None = None) -> None:
    h.tasks[key] = await conn.fetchval(
        """INSERT INTO tasks (channel_id, title, status, created_at, completed_at, due_date, estimated_hours, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""",
        h.channels[channel], title, status, created, completed, due, hours, h.people["Alex"])
    for person in who:
        await conn.execute("INSERT INTO task_assignees (task_id, user_id) VALUES ($1, $2)", h.tasks[key],
                           h.people[person])


@pytest.fixture
async def history(pool: asyncpg.Pool) -> History:
    h = History()
    now = datetime.now(UTC)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("DELETE FROM tasks")
        h.people = {r["full_name"].split()[0]: r["id"] for r in await conn.fetch("SELECT id, full_name FROM users")}
        h.channels = {r["name"]: r["id"] for r in await conn.fetch("SELECT id, name FROM channels")}
        h.channels["Secret"] = await conn.fetchval(
            """INSERT INTO channels (name, privacy, created_by, category_id)
               VALUES ('Secret', 'private', $1, (SELECT id FROM categories WHERE name = 'Engineering')) RETURNING id""",
            h.people["Alex"])
        await conn.execute("INSERT INTO channel_members (channel_id, user_id, role) VALUES ($1, $2, 'owner'), "
                           "($1, $3, 'member')", h.channels["Secret"], h.people["Alex"], h.people["Tom"])
        await conn.execute("UPDATE channels SET created_at = '2026-01-01T00:00:00Z'")
        t = _task
        # Mike, in Brand Refresh: three done (24 h on time, 72 h late, 12 h without a due date), two open.
        await t(conn, h, "M1", "Brand Refresh", "Palette", ["Mike"], status="completed", created=at(5, 9),
                completed=at(6, 9), due=at(7))
        await t(conn, h, "M2", "Brand Refresh", "Fonts", ["Mike"], status="completed", created=at(5, 9),
                completed=at(8, 9), due=at(7))
        await t(conn, h, "M3", "Brand Refresh", "Banner", ["Mike"], status="completed", created=at(12, 9),
                completed=at(12, 21))
        await t(conn, h, "M4", "Brand Refresh", "Poster", ["Mike"], created=at(12, 9), due=now - timedelta(days=2),
                hours=10)
        await t(conn, h, "M5", "Brand Refresh", "Flyer", ["Mike"], status="in_progress", created=at(13, 9),
                due=now + timedelta(days=1.5), hours=6)
        await t(conn, h, "M6", "Brand Refresh", "Copy text", [], created=at(13, 9), due=now + timedelta(days=2),
                hours=4)
        # Tom: one done in 6 h, one big open task, and a secret one only the CEO (and he) may see.
        await t(conn, h, "T1", "Infrastructure", "Upgrade the database", ["Tom"], status="completed",
                created=at(6), completed=at(6, 6), due=at(10))
        await t(conn, h, "T2", "Infrastructure", "Migrate servers", ["Tom"], created=at(14), hours=40)
        await t(conn, h, "T3", "Secret", "Secret audit", ["Tom"], created=at(14), due=now + timedelta(days=1),
                hours=20)
        # Lisa: a chain of four in Infrastructure, the last due in 2.5 days (three tasks ahead of it).
        for key, title in (("C1", "Rack servers"), ("C2", "Cable network"), ("C3", "Install OS"), ("C4", "Go live")):
            await t(conn, h, key, "Infrastructure", title, ["Lisa"], created=at(14), hours=2,
                    due=now + timedelta(days=2.5) if key == "C4" else None)
        await t(conn, h, "D1", "Q4 Close", "Count the stock", ["David"], created=at(14), hours=8)
        await t(conn, h, "P1", "Q4 Close", "Budget", ["Priya"], created=at(14), hours=8)
        await t(conn, h, "E1", "Leadership", "Hiring plan", ["Elena"], created=at(13), hours=4)
        await t(conn, h, "S1", "Leadership", "Board deck", ["Sarah"], created=at(13), hours=8,
                due=now + timedelta(days=10))
        await t(conn, h, "S2", "Leadership", "Offsite venue", ["Sarah"], status="completed", created=at(13, 12),
                completed=at(14, 12), due=at(14))
        for waits, on in (("M5", "M6"), ("C2", "C1"), ("C3", "C2"), ("C4", "C3")):
            await conn.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $2)",
                               h.tasks[waits], h.tasks[on])
        # Messages: mentions answered after 30, 120, 90 and 10 (Secret) minutes; Lisa and Tom (in
        # Infrastructure) never answer. Q4 Close spoke an hour ago (not silent).
        for channel, who, when, mentioned in (
            ("Brand Refresh", "Sarah", at(5, 10), ["Mike"]), ("Brand Refresh", "Mike", at(5, 10, 30), []),
            ("Brand Refresh", "Sarah", at(6, 9), ["Mike", "Lisa"]), ("Brand Refresh", "Mike", at(6, 11), []),
            ("Brand Refresh", "Mike", at(12, 8), ["Sarah"]), ("Brand Refresh", "Sarah", at(12, 9, 30), []),
            ("Infrastructure", "Alex", at(13, 10), ["Tom"]),
            ("Secret", "Alex", at(14, 10), ["Tom"]), ("Secret", "Tom", at(14, 10, 10), []),
            ("Q4 Close", "David", now - timedelta(hours=1), []),
        ):
            await conn.execute(
                "INSERT INTO messages (channel_id, user_id, content, mentions, created_at) VALUES ($1, $2, 'hi', $3, $4)",
                h.channels[channel], h.people[who], [h.people[m] for m in mentioned], when)
        for who, when, source, status, text, actions, code, timings in (
            ("Mike", at(5, 9), "voice", "completed", "create task palette", ["CREATE_TASK"], None,
             {"parse_ms": 10, "execute_ms": 30, "total_ms": 50}),
            ("Mike", at(5, 10), "text", "completed", "assign mike", ["CREATE_TASK", "ASSIGN_USER"], None,
             {"parse_ms": 20, "execute_ms": 40, "total_ms": 70}),
            ("Mike", at(6, 9), "voice", "needs_clarification", "add it to the thing", [], "needs_clarification",
             {"parse_ms": 30, "total_ms": 40}),
            ("Mike", at(6, 9, 5), "voice", "needs_clarification", "Add it to the thing ", [], "needs_clarification",
             {"parse_ms": 50, "total_ms": 60}),
            ("Tom", at(7, 12), "text", "failed", "assign zed", ["ASSIGN_USER"], "unknown_person",
             {"parse_ms": 5, "execute_ms": 100, "total_ms": 110}),
            ("Sarah", at(8, 12), "text", "completed", "message the team", ["SEND_MESSAGE"], None,
             {"parse_ms": 15, "execute_ms": 20, "total_ms": 40}),
            ("Alex", at(9, 12), "voice", "completed", "create a channel", ["CREATE_CHANNEL", "CREATE_TASK"], None,
             {"parse_ms": 25, "execute_ms": 60, "total_ms": 90, "end_of_speech_to_commit_ms": 400}),
            ("Priya", at(9, 13), "text", "failed", "do x", [], "not_understood", {}),
            ("Mike", at(20), "text", "completed", "after the period", ["CREATE_TASK"], None, {"total_ms": 1}),
        ):
            await conn.execute(
                """INSERT INTO voice_commands (user_id, source, status, transcript, actions_planned, error_details,
                                               timings, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
                h.people[who], source, status, text, [{"type": a} for a in actions],
                {"code": code, "message": "?"} if code else None, timings, when)
    return h


def rows(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["full_name"].split()[0]: p for p in body["people"]}


async def test_team_numbers_for_the_ceo(as_user, history):
    alex = await as_user("alex")
    body = await alex.get(f"/api/analytics/team?{PERIOD}")
    assert (body["period"]["start"], body["period"]["end"]) == ("2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z")
    assert body["team_median_estimated_hours"] == 8  # [0, 4, 8, 8, 8, 8, 16, 60]
    people = rows(body)
    assert len(people) == 8
    mike = people["Mike"]
    assert {k: v for k, v in mike.items() if k not in ("person_id", "full_name", "role")} == {
        "open": 2, "completed": 3, "completion_rate": 0.6, "on_time_rate": 0.5, "overdue": 1,
        "cycle_hours_p50": 24.0, "cycle_hours_p90": 62.4, "estimated_hours_open": 16.0, "workload_ratio": 2.0,
        "blocked": 1, "overloaded": True,
        "overloaded_reason": "2 open, 16 h estimated, 2× the team median, 1 overdue",
        "available": False, "available_reason": None,
    }
    tom = people["Tom"]
    assert (tom["open"], tom["completed"], tom["completion_rate"], tom["on_time_rate"], tom["cycle_hours_p50"],
            tom["cycle_hours_p90"], tom["estimated_hours_open"]) == (2, 1, 0.3333, 1.0, 6.0, 6.0, 60.0)
    assert tom["overloaded_reason"] == "2 open, 60 h estimated, 7.5× the team median"
    lisa = people["Lisa"]
    assert (lisa["open"], lisa["blocked"], lisa["completion_rate"], lisa["on_time_rate"], lisa["workload_ratio"],
            lisa["overloaded"], lisa["available"]) == (4, 3, 0.0, None, 1.0, False, False)
    sarah = people["Sarah"]
    assert (sarah["completed"], sarah["on_time_rate"], sarah["cycle_hours_p50"]) == (1, 0.0, 24.0)
    assert people["Elena"]["available_reason"] == "1 open, 4 h estimated, 0.5× the team median"
    assert people["Alex"]["available_reason"] == "0 open, 0 h estimated, 0× the team median"
    assert [p for p, r in people.items() if r["overloaded"]] == ["Mike", "Tom"]


async def test_staff_see_only_themselves_and_managers_not_private_channels_they_are_not_in(as_user, history):
    mike, tom, sarah = await as_user("mike"), await as_user("tom"), await as_user("sarah")
    mine = await mike.get(f"/api/analytics/team?{PERIOD}")
    assert [p["full_name"] for p in mine["people"]] == ["Mike Johnson"]
    assert mine["team_median_estimated_hours"] == 8  # [0, 0, 0, 8, 8, 8, 16, 40]: no Leadership, no Secret
    assert [p["estimated_hours_open"] for p in (await tom.get(f"/api/analytics/team?{PERIOD}"))["people"]] == [60]
    managed = rows(await sarah.get(f"/api/analytics/team?{PERIOD}"))
    assert (managed["Tom"]["open"], managed["Tom"]["estimated_hours_open"]) == (1, 40)  # not the Secret task
    assert managed["Tom"]["overloaded_reason"] == "1 open, 40 h estimated, 5× the team median"
    only = await mike.get(f"/api/analytics/team?{PERIOD}&person_id={history.people['Tom']}")
    assert only["people"] == []


async def test_filters_narrow_the_team_to_a_channel_or_a_person(as_user, history):
    alex = await as_user("alex")
    infra = rows(await alex.get(f"/api/analytics/team?{PERIOD}&channel_id={history.channels['Infrastructure']}"))
    assert (infra["Tom"]["open"], infra["Tom"]["estimated_hours_open"], infra["Mike"]["open"]) == (1, 40, 0)
    one = await alex.get(f"/api/analytics/team?{PERIOD}&person_id={history.people['Lisa']}")
    assert [p["full_name"] for p in one["people"]] == ["Lisa Wong"]


async def test_projects_progress_throughput_risks_and_chains(as_user, history):
    alex = await as_user("alex")
    body = await alex.get(f"/api/analytics/projects?{PERIOD}")
    channels = {c["name"]: c for c in body["channels"]}
    assert list(channels) == ["Brand Refresh", "Infrastructure", "Leadership", "Q4 Close", "Secret"]
    brand = channels["Brand Refresh"]
    assert (brand["done"], brand["total"], brand["overdue"]) == (3, 6, 1)
    assert brand["by_status"] == {"todo": 2, "in_progress": 1, "blocked": 0, "review": 0, "completed": 3,
                                  "cancelled": 0}
    assert brand["throughput"] == [{"week": "2026-W02", "created": 2, "completed": 2},
                                   {"week": "2026-W03", "created": 4, "completed": 1}]
    assert [(r["title"], r["days_left"], r["reasons"]) for r in brand["at_risk"]] == [
        ("Flyer", 1.5, ["due in 1.5 days with an open blocker", "assignee Mike Johnson is overloaded"]),
        ("Copy text", 2.0, ["no assignee"]),
    ]
    assert [s["title"] for s in brand["longest_chain"]] == ["Copy text", "Flyer"]
    infra = channels["Infrastructure"]
    assert infra["throughput"] == [{"week": "2026-W02", "created": 1, "completed": 1},
                                   {"week": "2026-W03", "created": 5, "completed": 0}]
    assert [s["title"] for s in infra["longest_chain"]] == ["Rack servers", "Cable network", "Install OS", "Go live"]
    assert [(r["title"], r["reasons"]) for r in infra["at_risk"]] == [
        ("Go live", ["due in 2.5 days with an open blocker", "3 open tasks ahead of it in its chain, 2.5 days left"])]
    assert [(r["title"], r["reasons"]) for r in channels["Secret"]["at_risk"]] == [
        ("Secret audit", ["assignee Tom Baker is overloaded"])]
    categories = {c["name"]: c for c in body["categories"]}
    assert list(categories) == ["Engineering", "Finance", "Marketing", "Operations"]
    engineering = categories["Engineering"]  # Infrastructure and Secret
    assert (engineering["done"], engineering["total"], [r["title"] for r in engineering["at_risk"]]) == (
        1, 7, ["Secret audit", "Go live"])
    assert len(engineering["longest_chain"]) == 4
    assert categories["Marketing"]["throughput"] == brand["throughput"]
    wide = await alex.get(f"/api/analytics/projects?{PERIOD}&due_within_days=1"
                          f"&channel_id={history.channels['Brand Refresh']}")
    assert [c["name"] for c in wide["channels"]] == ["Brand Refresh"]
    assert wide["channels"][0]["at_risk"] == []  # Flyer is 1.5 days away


async def test_projects_leave_out_channels_the_caller_may_not_see(as_user, history):
    mike, sarah = await as_user("mike"), await as_user("sarah")
    seen = await sarah.get(f"/api/analytics/projects?{PERIOD}")
    assert [c["name"] for c in seen["channels"]] == ["Brand Refresh", "Infrastructure", "Leadership", "Q4 Close"]
    assert "Secret" not in json.dumps(seen)
    staff = await mike.get(f"/api/analytics/projects?{PERIOD}")
    assert [c["name"] for c in staff["channels"]] == ["Brand Refresh", "Infrastructure", "Q4 Close"]
    assert [c["name"] for c in staff["categories"]] == ["Engineering", "Finance", "Marketing"]
    err = await sarah.get(f"/api/analytics/projects?channel_id={history.channels['Secret']}", expect=404)
    assert err["error"]["code"] == "not_found"


async def test_communication_numbers_and_what_each_role_sees(as_user, history):
    alex, mike, sarah = await as_user("alex"), await as_user("mike"), await as_user("sarah")
    body = await alex.get(f"/api/analytics/communication?{PERIOD}")
    assert [(c["name"], c["messages"]) for c in body["channels"]] == [
        ("Brand Refresh", 6), ("Infrastructure", 1), ("Leadership", 0), ("Q4 Close", 0), ("Secret", 2)]
    assert body["weeks"] == [{"week": "2026-W02", "messages": 4}, {"week": "2026-W03", "messages": 5}]
    assert (body["mentions"], body["replied"], body["median_reply_minutes"]) == (6, 4, 60.0)  # 10, 30, 90, 120
    assert [(r["full_name"], r["mentions"], r["replied"], r["median_reply_minutes"])
            for r in body["reply_by_person"]] == [
        ("Lisa Wong", 1, 0, None), ("Mike Johnson", 2, 2, 75.0), ("Sarah Chen", 1, 1, 90.0),
        ("Tom Baker", 2, 1, 10.0)]
    assert [s["name"] for s in body["silent_channels"]] == ["Brand Refresh", "Infrastructure", "Leadership", "Secret"]
    assert body["open_mentions_total"] == 2
    assert [(m["from_name"], m["waiting_on_name"], m["channel_name"]) for m in body["open_mentions"]] == [
        ("Sarah Chen", "Lisa Wong", "Brand Refresh"), ("Alex Rivera", "Tom Baker", "Infrastructure")]

    staff = await mike.get(f"/api/analytics/communication?{PERIOD}")
    assert [c["name"] for c in staff["channels"]] == ["Brand Refresh", "Infrastructure", "Q4 Close"]
    assert (staff["mentions"], staff["replied"], staff["median_reply_minutes"]) == (5, 3, 90.0)
    assert [s["name"] for s in staff["silent_channels"]] == ["Brand Refresh", "Infrastructure"]
    managed = await sarah.get(f"/api/analytics/communication?{PERIOD}")
    assert "Secret" not in json.dumps(managed)
    assert [s["name"] for s in managed["silent_channels"]] == ["Brand Refresh", "Infrastructure", "Leadership"]
    tom_only = await alex.get(f"/api/analytics/communication?{PERIOD}&person_id={history.people['Tom']}")
    assert (tom_only["mentions"], tom_only["replied"], tom_only["open_mentions_total"]) == (2, 1, 1)


async def test_commands_numbers_and_whose_commands_each_role_sees(as_user, history):
    alex, sarah, mike = await as_user("alex"), await as_user("sarah"), await as_user("mike")
    body = await alex.get(f"/api/analytics/commands?{PERIOD}")
    assert (body["total"], body["success_rate"]) == (8, 0.5)
    assert body["by_source"] == {"voice": {"total": 4, "success_rate": 0.5}, "text": {"total": 4, "success_rate": 0.5}}
    assert body["per_day"] == [
        {"day": "2026-01-05", "voice": 1, "text": 1, "completed": 2, "failed": 0, "needs_clarification": 0},
        {"day": "2026-01-06", "voice": 2, "text": 0, "completed": 0, "failed": 0, "needs_clarification": 2},
        {"day": "2026-01-07", "voice": 0, "text": 1, "completed": 0, "failed": 1, "needs_clarification": 0},
        {"day": "2026-01-08", "voice": 0, "text": 1, "completed": 1, "failed": 0, "needs_clarification": 0},
        {"day": "2026-01-09", "voice": 1, "text": 1, "completed": 1, "failed": 1, "needs_clarification": 0},
    ]
    assert body["action_types"] == [{"type": "CREATE_TASK", "count": 3}, {"type": "ASSIGN_USER", "count": 2},
                                    {"type": "CREATE_CHANNEL", "count": 1}, {"type": "SEND_MESSAGE", "count": 1}]
    assert body["failure_reasons"] == [{"code": "not_understood", "count": 1}, {"code": "unknown_person", "count": 1}]
    assert body["clarification_reasons"] == [{"code": "needs_clarification", "count": 2}]
    assert body["latency"] == [
        {"stage": "end_of_speech_to_commit_ms", "count": 1, "p50_ms": 400.0, "p95_ms": 400.0},
        {"stage": "execute_ms", "count": 5, "p50_ms": 40.0, "p95_ms": 92.0},
        {"stage": "parse_ms", "count": 7, "p50_ms": 20.0, "p95_ms": 44.0},
        {"stage": "total_ms", "count": 7, "p50_ms": 60.0, "p95_ms": 104.0},
    ]
    assert body["unclear_phrasings"] == [{"transcript": "add it to the thing", "count": 2}]
    assert [s["text"] for s in body["suggestions"]] == [
        "“add it to the thing” needed clarification 2 times: teach the parser this phrasing or the names it uses",
        "execute is the slowest stage (p95 92 ms of 104 ms in total): optimise it first",
        "1 commands failed with “not_understood”, the most common failure: make it clearer before running or "
        "fix its cause",
    ]
    assert (await sarah.get(f"/api/analytics/commands?{PERIOD}"))["total"] == 6  # hers, Mike's and Tom's
    mine = await mike.get(f"/api/analytics/commands?{PERIOD}")
    assert (mine["total"], mine["success_rate"], mine["by_source"]["voice"]) == (
        4, 0.5, {"total": 3, "success_rate": 0.3333})
    assert (await mike.get(f"/api/analytics/commands?{PERIOD}&person_id={history.people['Tom']}"))["total"] == 0
    assert (await alex.get(f"/api/analytics/commands?{PERIOD}&person_id={history.people['Tom']}"))["total"] == 1


async def test_the_default_period_is_the_last_30_days(as_user, history):
    alex = await as_user("alex")
    body = await alex.get("/api/analytics/commands")
    start, end = (datetime.fromisoformat(body["period"][k]) for k in ("start", "end"))
    assert end - start == timedelta(days=30) and body["total"] == 0


@pytest.mark.parametrize("path", ["team", "projects", "communication", "commands"])
@pytest.mark.parametrize("query", [
    "from=yesterday", "to=2026-13-01", "from=2026-02-01&to=2026-01-01", "from=2024-01-01&to=2026-01-01",
    "channel_id=not-a-uuid", "person_id=42", "due_within_days=0&silent_days=0&from=x",
])
async def test_bad_input_is_a_422_with_the_field(as_user, path, query):
    alex = await as_user("alex")
    err = await alex.get(f"/api/analytics/{path}?{query}", expect=422)
    assert err["error"]["code"] == "invalid_input" and err["error"]["details"]["fields"]


async def test_out_of_range_knobs_are_422(as_user):
    alex = await as_user("alex")
    await alex.get("/api/analytics/projects?due_within_days=0", expect=422)
    await alex.get("/api/analytics/communication?silent_days=1000", expect=422)
    await alex.get(f"/api/analytics/team?person_id={UUID(int=1)}", expect=404)
