"""The dashboard's hand-drawn SVG charts on a small history inserted with SQL (relative to now, so it
falls in the default 30-day period): throughput per week, workload per person with the team median,
the at-risk list with its reasons, command success and latency per stage; a person's bar opens their
tasks on the board; staff see only their own bar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in, snap

pytestmark = pytest.mark.browser


@pytest.fixture
async def history(pool: asyncpg.Pool) -> dict[str, UUID]:
    """People by first name; tasks created and completed in different weeks of the last 30 days, one
    overdue, one due tomorrow waiting on an open blocker (at risk), Tom overloaded; four commands."""
    now = datetime.now(UTC)
    ago = lambda days: now - timedelta(days=days)  # noqa: E731
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("DELETE FROM tasks")
        await conn.execute("DELETE FROM voice_commands")
        people = {r["full_name"].split()[0]: r["id"] for r in await conn.fetch("SELECT id, full_name FROM users")}
        channels = {r["name"]: r["id"] for r in await conn.fetch("SELECT id, name FROM channels")}
        ids: dict[str, UUID] = {}
        for key, channel, title, who, status, created, completed, due, hours in (
            ("A", "Brand Refresh", "Pick the palette", "Mike", "completed", ago(20), ago(18), None, None),
            ("B", "Brand Refresh", "Choose the fonts", "Mike", "completed", ago(13), ago(6), None, None),
            ("C", "Infrastructure", "Patch the servers", "Tom", "completed", ago(5), ago(1), None, None),
            ("X", "Infrastructure", "Order the racks", "Tom", "todo", ago(3), None, None, 32),
            ("R", "Infrastructure", "Install the racks", "Lisa", "todo", ago(3), None, now + timedelta(days=1), 4),
            ("O", "Brand Refresh", "Print the posters", "Mike", "in_progress", ago(4), None, ago(2), 4),
            ("T", "Q4 Close", "Count the stock", "David", "todo", ago(2), None, None, 4),
            ("S", "Brand Refresh", "Review logo concepts", "Sarah", "todo", ago(2), None, None, 4),
        ):
            ids[key] = await conn.fetchval(
                """INSERT INTO tasks (channel_id, title, status, created_at, completed_at, due_date, estimated_hours,
                                      created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""",
                channels[channel], title, status, created, completed, due, hours, people["Alex"])
            await conn.execute("INSERT INTO task_assignees (task_id, user_id) VALUES ($1, $2)", ids[key], people[who])
        await conn.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $2)",
                           ids["R"], ids["X"])
        for who, source, status, timings, days in (
            ("Alex", "voice", "completed", {"parse_ms": 20, "execute_ms": 60, "total_ms": 90}, 3),
            ("Alex", "voice", "completed", {"parse_ms": 30, "execute_ms": 80, "total_ms": 120}, 2),
            ("Sarah", "text", "completed", {"parse_ms": 10, "execute_ms": 40, "total_ms": 60}, 2),
            ("Lisa", "text", "failed", {"parse_ms": 5, "total_ms": 15}, 1),
        ):
            await conn.execute(
                """INSERT INTO voice_commands (user_id, source, status, transcript, actions_planned, error_details,
                                              timings, created_at) VALUES ($1, $2, $3, 'x', $4, $5, $6, $7)""",
                people[who], source, status, [{"type": "CREATE_TASK"}],
                {"code": "not_understood", "message": "?"} if status == "failed" else None, timings, ago(days))
        await conn.execute(  # Alex asked Tom something 30 hours ago: no reply yet
            "INSERT INTO messages (channel_id, user_id, content, mentions, created_at) VALUES ($1, $2, $3, $4, $5)",
            channels["Infrastructure"], people["Alex"], "@Tom when do the racks arrive?", [people["Tom"]], ago(1.25))
        people["active"] = await conn.fetchval("SELECT count(*) FROM users WHERE is_active")
    return people


def iso_weeks(days: int) -> int:
    """How many ISO weeks the last `days` days touch (the API lists zero weeks too)."""
    now = datetime.now(UTC)
    return len({(now - timedelta(days=d)).isocalendar()[:2] for d in range(days + 1)})


async def test_the_ceo_sees_charts_and_a_person_opens_their_tasks(new_page: Any, history: dict[str, Any]) -> None:
    page = await new_page("alex", height=1400)
    await sign_in(page, "alex", "/console")
    await page.goto("/dashboard")

    # throughput: a created and a completed point per week of the period, summed over channels
    weeks = iso_weeks(30)
    points = page.get_by_test_id("throughput-point")
    await expect(points).to_have_count(2 * weeks)
    created = [int(v) for v in await page.locator('[data-testid=throughput-point][data-series=created]')
               .evaluate_all("ns => ns.map(n => n.dataset.value)")]
    completed = [int(v) for v in await page.locator('[data-testid=throughput-point][data-series=completed]')
                 .evaluate_all("ns => ns.map(n => n.dataset.value)")]
    assert len(created) == len(completed) == weeks
    assert sum(created) == 8 and sum(completed) == 3, (created, completed)
    assert sum(1 for v in completed if v) >= 2  # completions fell in different weeks

    # workload: a bar per active person, the team median line, Tom highlighted with his reason
    bars = page.get_by_test_id("workload-bar")
    await expect(bars).to_have_count(history["active"])
    await expect(page.get_by_test_id("workload-median")).to_have_attribute("data-value", "4")
    tom = page.locator(f'[data-testid=workload-bar][data-id="{history["Tom"]}"]')
    await expect(tom).to_have_attribute("data-highlight", "true")
    await expect(tom.locator("title")).to_contain_text("overloaded: 1 open, 32 h estimated")
    await expect(page.locator("[data-testid=workload-bar][data-highlight]")).to_have_count(1)

    # at risk: the task due tomorrow that waits on an open blocker, with its reasons
    risk = page.get_by_test_id("risk-row")
    await expect(risk).to_have_count(1)
    await expect(risk).to_contain_text("Install the racks")
    await expect(risk.get_by_test_id("risk-reasons")).to_contain_text("with an open blocker")
    await expect(risk.get_by_test_id("risk-channel")).to_have_text("Infrastructure")

    # commands: 3 of 4 succeeded; p50 and p95 for each of the three timed stages
    await expect(page.get_by_test_id("success-rate")).to_contain_text("75%")
    await expect(page.get_by_test_id("success-voice")).to_contain_text("100%")
    await expect(page.get_by_test_id("latency-row")).to_have_count(3)
    await expect(page.get_by_test_id("latency-bar")).to_have_count(6)
    await expect(page.get_by_test_id("open-mention")).to_have_count(1)
    await expect(page.get_by_test_id("open-mention")).to_contain_text("Tom Baker owes Alex Rivera a reply in Infrastructure")
    # today's digest: what needs the CEO, each line with its reason and a link
    await expect(page.get_by_test_id("digest-title")).to_contain_text(
        "Daily digest: 1 deadline at risk, 1 person overloaded")
    await expect(page.get_by_test_id("digest-at-risk")).to_contain_text(
        "“Install the racks” (Infrastructure, due ")
    await expect(page.get_by_test_id("digest-overloaded")).to_have_text(
        "Tom Baker: 1 open, 32 h estimated, 8× the team median")
    await expect(page.get_by_test_id("analytics-error")).to_have_count(0)
    await snap(page, "dashboard")  # docs/screenshots/ with VOICEDESK_SCREENSHOTS=docs/screenshots

    # a shorter period refetches: the 20-day-old completion drops out
    await page.get_by_test_id("period").select_option("7")
    await expect(points).to_have_count(2 * iso_weeks(7))

    # clicking Tom opens the board on his tasks
    await page.locator(f'[data-testid=workload-bar][data-id="{history["Tom"]}"]').click()
    await page.wait_for_url(f"**/board#assignee={history['Tom']}")
    await expect(page.get_by_test_id("channel-name")).to_have_text("Tasks of Tom Baker")
    await expect(page.get_by_test_id("task-card")).to_have_count(2)  # Order the racks + Patch the servers
    await expect(page.get_by_test_id("task-columns")).to_contain_text("Order the racks")


async def test_staff_see_only_their_own_bar(new_page: Any, history: dict[str, Any]) -> None:
    page = await new_page("lisa")
    await sign_in(page, "lisa", "/board")
    await page.goto("/dashboard")
    bars = page.get_by_test_id("workload-bar")
    await expect(bars).to_have_count(1)
    await expect(bars).to_have_attribute("data-id", str(history["Lisa"]))
    await expect(page.get_by_test_id("workload-median")).to_be_visible()
    await expect(page.get_by_test_id("success-rate")).to_contain_text("0%")  # her one command failed
    await expect(page.get_by_test_id("analytics-error")).to_have_count(0)
    await expect(page.locator("#digest-panel")).to_be_hidden()  # the digest is for the CEO and managers


async def test_an_api_error_is_shown_readably(new_page: Any, history: dict[str, Any]) -> None:
    page = await new_page("alex")
    await sign_in(page, "alex", "/console")
    await page.route("**/api/analytics/team*", lambda route: route.fulfill(
        status=500, content_type="application/json",
        body='{"error": {"code": "internal", "message": "The analytics are down."}}'))
    await page.goto("/dashboard")
    await expect(page.get_by_test_id("workload-chart").get_by_test_id("analytics-error")).to_contain_text("analytics are down")
    await expect(page.get_by_test_id("throughput-point").first).to_be_visible()
