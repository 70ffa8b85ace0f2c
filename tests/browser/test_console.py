"""The CEO's console in a real browser: typed commands render their plan, progress and result."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in, snap

pytestmark = pytest.mark.browser


async def run_typed(page: Any, text: str) -> Any:
    await page.get_by_label("Type a command").fill(text)
    await page.get_by_test_id("command-submit").click()
    result = page.get_by_test_id("result")
    await expect(result).to_be_visible()
    return result


async def test_typed_command_shows_plan_and_done_rows_and_creates_the_channel(
    new_page: Any, pool: asyncpg.Pool,
) -> None:
    page = await new_page("alex")
    await sign_in(page, "alex", "/console")

    result = await run_typed(page, "Create a sales channel called Spring Roadshow and add Lisa")

    await expect(result).to_have_attribute("data-status", "completed")
    rows = page.get_by_test_id("plan-row")
    assert await rows.count() >= 1
    for i in range(await rows.count()):
        await expect(rows.nth(i)).to_have_attribute("data-state", "done")
    await expect(page.get_by_test_id("plan")).to_contain_text("Spring Roadshow")
    await expect(page.get_by_test_id("timings")).to_contain_text("Command total")
    await expect(page.get_by_test_id("history-item").first).to_contain_text("Spring Roadshow")
    await snap(page, "console-1280")

    channel = await pool.fetchrow("SELECT id FROM channels WHERE lower(name) = 'spring roadshow'")
    assert channel is not None, "the channel was not created"
    lisa_is_member = await pool.fetchval(
        """SELECT EXISTS (SELECT 1 FROM channel_members m JOIN users u ON u.id = m.user_id
                          WHERE m.channel_id = $1 AND lower(u.email) = 'lisa@example.com')""", channel["id"])
    assert lisa_is_member


async def test_a_command_naming_an_unknown_person_shows_the_reason_and_changes_nothing(
    new_page: Any, pool: asyncpg.Pool,
) -> None:
    page = await new_page("alex")
    await sign_in(page, "alex", "/console")
    tasks_before = await pool.fetchval("SELECT count(*) FROM tasks")

    result = await run_typed(page, "Create a task called Draft the budget in Brand Refresh and assign it to Zed")

    await expect(result).to_have_attribute("data-status", "failed")
    reason = page.get_by_test_id("result-error")
    await expect(reason).to_be_visible()
    await expect(reason).to_contain_text("Zed")
    await snap(page, "console-error")
    rows = page.get_by_test_id("plan-row")
    for i in range(await rows.count()):
        assert await rows.nth(i).get_attribute("data-state") != "done"
    assert await pool.fetchval("SELECT count(*) FROM tasks") == tasks_before


async def test_the_console_works_at_phone_width_and_says_why_an_empty_command_cannot_run(new_page: Any) -> None:
    page = await new_page("sarah", width=390, height=844)
    await sign_in(page, "sarah", "/console")

    await expect(page.get_by_test_id("mic-button")).to_be_visible()
    await expect(page.get_by_test_id("partial-transcript")).to_have_attribute("aria-live", "polite")
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at phone width"

    await page.get_by_test_id("command-submit").click()
    await expect(page.get_by_test_id("typed-error")).to_contain_text("Type a command first")
    await snap(page, "console-phone")
