"""The daily digest (issue 11, proactive alerts): what the CEO and each manager are told, with its reasons, on
the analytics' hand-built history; when it comes (the organisation's time, a person's own time and zone, off);
once per person and day (with two nodes: tests/live/test_digest_once.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from server.bus import InProcessBus
from server.scheduler import ReminderScheduler
from server.settings import Settings, SettingsError
from store import digest
from tests.api.test_analytics import history  # noqa: F401  (the fixture)


async def _digests(pool):
    rows = await pool.fetch(
        """SELECT u.full_name, n.title, n.body, n.data, n.delivered_at FROM notifications n
           JOIN users u ON u.id = n.user_id WHERE n.type = 'digest' ORDER BY u.full_name""")
    return {r["full_name"].split()[0]: r for r in rows}


async def test_the_ceo_and_each_manager_are_told_what_needs_them_with_reasons(pool, history):  # noqa: F811
    await pool.execute("UPDATE tasks SET updated_at = now() - interval '6 days 1 hour' WHERE id = $1",
                       history.tasks["C1"])  # "Rack servers" heads the Infrastructure chain: stalled
    bus, published = InProcessBus(), []

    async def heard(events):
        published.extend(events)

    bus.subscribe(heard)
    scheduler = ReminderScheduler(pool, bus, digest_at=time(0, 0))
    sent = await scheduler.digest_once()
    got = await _digests(pool)
    assert sorted(got) == ["Alex", "Priya", "Sarah"]  # Elena owns no channel; staff get none
    assert len(sent) == 3 and sorted(str(e["entity_id"]) for e in published) == sorted(map(str, sent))
    assert {e["type"] for e in published} == {"notification.created"}
    assert await pool.fetchval("SELECT count(*) FROM events WHERE type = 'notification.created' "
                               "AND entity_id = ANY($1::uuid[])", sent) == 3  # in the outbox too

    alex = got["Alex"]
    assert alex["title"] == ("Daily digest: 4 deadlines at risk, 2 people overloaded, 1 stalled chain, "
                             "4 silent channels")
    data = alex["data"]
    assert data["scope"] == "organisation" and data["overdue"] == 1
    assert [(r["title"], r["channel"], r["reasons"]) for r in data["at_risk"]] == [
        ("Secret audit", "Secret", ["assignee Tom Baker is overloaded"]),
        ("Flyer", "Brand Refresh", ["due in 1.5 days with an open blocker", "assignee Mike Johnson is overloaded"]),
        ("Copy text", "Brand Refresh", ["no assignee"]),
        ("Go live", "Infrastructure", ["due in 2.5 days with an open blocker",
                                       "3 open tasks ahead of it in its chain, 2.5 days left"]),
    ]
    assert [p["text"] for p in data["overloaded"]] == [
        "Mike Johnson: 2 open, 16 h estimated, 2× the team median, 1 overdue",
        "Tom Baker: 2 open, 60 h estimated, 7.5× the team median"]
    assert [s["text"] for s in data["stalled"]] == [
        "Infrastructure: “Go live” waits on 3 open tasks; the first, “Rack servers”, has not changed for 6 days"]
    assert [s["name"] for s in data["silent"]] == ["Brand Refresh", "Infrastructure", "Leadership", "Secret"]
    body = alex["body"].splitlines()
    assert body[0] == "Good morning, Alex. 1 task overdue."
    assert "- Mike Johnson: 2 open, 16 h estimated, 2× the team median, 1 overdue" in body
    assert any(line.startswith("- “Flyer” (Brand Refresh, due ") and line.endswith(
        "): due in 1.5 days with an open blocker; assignee Mike Johnson is overloaded") for line in body)

    sarah = got["Sarah"]  # a manager: Brand Refresh (she owns it), never the Secret channel
    assert sarah["title"] == "Daily digest: 2 deadlines at risk, 1 person overloaded, 1 silent channel"
    assert sarah["data"]["scope"] == "your channels" and sarah["data"]["overdue"] == 1
    assert [r["title"] for r in sarah["data"]["at_risk"]] == ["Flyer", "Copy text"]
    assert [p["full_name"] for p in sarah["data"]["overloaded"]] == ["Mike Johnson"]
    assert "Secret" not in str(dict(sarah)) and "Tom" not in str(dict(sarah))
    assert sarah["body"].splitlines()[0] == "Good morning, Sarah. 1 task overdue in your channels."

    priya = got["Priya"]  # Q4 Close: nothing at risk, David and she at the median, it spoke an hour ago
    assert priya["title"] == "Daily digest: all clear"
    assert priya["body"].splitlines()[-1] == "Nothing at risk, nobody overloaded, no stalled chain, no silent channel."

    assert await scheduler.digest_once() == []  # once a day
    assert await pool.fetchval("SELECT count(*) FROM notifications WHERE type = 'digest'") == 3


async def test_it_comes_at_the_time_set_in_each_persons_zone_or_not_at_all(pool):
    people = {r["full_name"].split()[0]: r["id"] for r in await pool.fetch("SELECT id, full_name FROM users")}
    await pool.execute("UPDATE users SET timezone = 'America/New_York', preferences = '{\"digest_at\": \"07:30\"}' "
                       "WHERE id = $1", people["Sarah"])
    await pool.execute("""UPDATE users SET preferences = '{"digest_at": "off"}' WHERE id = $1""", people["Priya"])
    await pool.execute("UPDATE users SET timezone = 'Europe/Madrid' WHERE id = $1", people["Elena"])
    await pool.execute("INSERT INTO channel_members (channel_id, user_id, role) SELECT id, $1, 'owner' FROM channels "
                       "WHERE name = 'Q4 Close'", people["Elena"])

    async def at(hour: int, minute: int = 0) -> list[str]:
        sent, _ = await digest.deliver_due(pool, datetime(2026, 3, 2, hour, minute, tzinfo=UTC), default_at=time(8, 0))
        names = {r["id"]: r["full_name"].split()[0] for r in await pool.fetch("SELECT id, full_name FROM users")}
        return sorted(names[r["user_id"]] for r in await pool.fetch(
            "SELECT user_id FROM notifications WHERE id = ANY($1::uuid[])", sent))

    assert await at(6, 59) == []  # 07:59 in Madrid
    assert await at(7, 0) == ["Elena"]  # 08:00 in Madrid
    assert await at(7, 59) == []  # Alex (UTC) not yet
    assert await at(8, 0) == ["Alex"]
    assert await at(12, 29) == []  # 07:29 in New York
    assert await at(12, 30) == ["Sarah"]
    assert await at(23, 59) == []  # Priya turned hers off; nobody twice
    assert await pool.fetchval("SELECT count(*) FROM digests WHERE day = '2026-03-02'") == 3
    assert await at(8, 0) == [] and await pool.fetchval("SELECT count(*) FROM notifications WHERE type = 'digest'") == 3


async def test_a_person_sets_their_own_digest_time_and_nobody_else_sees_it(as_user, pool):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    assert await sarah.get("/api/auth/me/preferences") == {"digest_at": None, "auto_apply_suggestions": None}
    changed = await sarah.patch("/api/auth/me/preferences", {"digest_at": "07:15"})
    assert changed["digest_at"] == "07:15"
    assert (await sarah.get("/api/auth/me/preferences"))["digest_at"] == "07:15"
    for bad in ({"digest_at": "7:15"}, {"digest_at": "25:00"}, {"digest_at": "never"}, {"colour": "red"},
                {"auto_apply_suggestions": 0.2}):
        err = await sarah.patch("/api/auth/me/preferences", bad, expect=422)
        assert err["error"]["message"]
    assert (await sarah.patch("/api/auth/me/preferences", {"digest_at": None}))["digest_at"] is None
    assert await mike.get("/api/auth/me/preferences") == {"digest_at": None, "auto_apply_suggestions": None}
    await sarah.patch("/api/auth/me/preferences", {"digest_at": "off"})
    listed = await mike.get("/api/users")
    assert "preferences" not in str(listed) and "off" not in [str(v) for u in listed["items"] for v in u.values()]


def test_the_organisations_digest_time_is_set_or_turned_off_from_the_environment(tmp_path):
    assert Settings.from_env({"VOICEDESK_DATA_DIR": str(tmp_path)}).digest_at == time(8, 0)
    assert Settings.from_env({"VOICEDESK_DATA_DIR": str(tmp_path), "VOICEDESK_DIGEST_AT": "06:45"}).digest_at == \
        time(6, 45)
    assert Settings.from_env({"VOICEDESK_DATA_DIR": str(tmp_path), "VOICEDESK_DIGEST_AT": "off"}).digest_at is None
    with pytest.raises(SettingsError, match="VOICEDESK_DIGEST_AT must be HH:MM"):
        Settings.from_env({"VOICEDESK_DATA_DIR": str(tmp_path), "VOICEDESK_DIGEST_AT": "8am"})



async def test_the_digest_reads_the_same_on_demand_and_only_for_the_ceo_and_managers(as_user, pool, history):  # noqa: F811
    alex, sarah, mike, elena = [await as_user(n) for n in ("alex", "sarah", "mike", "elena")]
    now = await alex.get("/api/analytics/digest")
    assert now["title"] == "Daily digest: 4 deadlines at risk, 2 people overloaded, 4 silent channels"
    assert [r["title"] for r in now["data"]["at_risk"]] == ["Secret audit", "Flyer", "Copy text", "Go live"]
    managed = await sarah.get("/api/analytics/digest")
    assert managed["data"]["scope"] == "your channels" and "Secret" not in str(managed)
    assert (await mike.get("/api/analytics/digest", expect=403))["error"]["code"] == "forbidden"
    assert (await elena.get("/api/analytics/digest", expect=404))["error"]["code"] == "no_digest"
    assert await pool.fetchval("SELECT count(*) FROM notifications WHERE type = 'digest'") == 0  # only read
