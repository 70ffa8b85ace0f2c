"""The staff board in a real browser: live updates from /api/live, and only what the person may see."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in, snap

pytestmark = pytest.mark.browser


async def channel_id(api: Any, name: str) -> str:
    page = await api.call("GET", "/api/channels?limit=200", expect=200)
    return next(c["id"] for c in page["items"] if c["name"] == name)


async def test_a_task_the_ceo_creates_appears_on_the_staff_board_live_and_a_private_one_never_does(
    new_page: Any, api_as: Any,
) -> None:
    alex = await api_as("alex")
    brand, leadership = await channel_id(alex, "Brand Refresh"), await channel_id(alex, "Leadership")

    page = await new_page("lisa")
    await sign_in(page, "lisa", "/board")
    await expect(page.get_by_test_id("channel-link").filter(has_text="Brand Refresh")).to_be_visible()
    await expect(page.get_by_test_id("channel-link").filter(has_text="Leadership")).to_have_count(0)
    await page.get_by_test_id("channel-link").filter(has_text="Brand Refresh").click()
    await expect(page.get_by_test_id("channel-name")).to_have_text("Brand Refresh")
    await expect(page.get_by_test_id("task-card").first).to_be_visible()
    await expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-state", "live")
    await page.evaluate("window.__same_page = true")

    secret = await alex.call("POST", "/api/tasks", {"channel_id": leadership, "title": "Secret reorganisation plan"},
                             expect=201)
    public = await alex.call("POST", "/api/tasks", {"channel_id": brand, "title": "Print the spring posters",
                                                    "priority": "high"}, expect=201)

    card = page.locator(f'[data-testid="task-card"][data-task-id="{public["id"]}"]')
    await expect(card).to_be_visible(timeout=5000)  # the poll fallback takes 15 s: this came live
    await expect(card).to_contain_text("Print the spring posters")
    await expect(page.get_by_test_id("column-todo")).to_contain_text("Print the spring posters")

    await alex.call("PATCH", f"/api/tasks/{public['id']}", {"status": "in_progress"}, expect=200)
    await expect(page.get_by_test_id("column-in_progress").locator(f'[data-task-id="{public["id"]}"]')).to_be_visible(
        timeout=5000)
    await expect(page.get_by_test_id("column-todo")).not_to_contain_text("Print the spring posters")

    await expect(page.locator("body")).not_to_contain_text("Secret reorganisation plan")
    await snap(page, "board-1280")
    received = await page.evaluate("window.voicedesk.live.log.map(e => [e.entity_id, e.channel_id])")
    assert received, "the board received no live events at all"
    assert all(secret["id"] != entity and leadership != channel for entity, channel in received), \
        "an event of the private Leadership channel reached a staff member outside it"
    assert await page.evaluate("window.__same_page === true"), "the page reloaded"


async def test_the_board_resumes_from_the_last_event_after_a_disconnect_without_duplicates(
    new_page: Any, api_as: Any,
) -> None:
    alex = await api_as("alex")
    infra = await channel_id(alex, "Infrastructure")
    page = await new_page("tom")
    await sign_in(page, "tom", "/board")
    await page.get_by_test_id("channel-link").filter(has_text="Infrastructure").click()
    await expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-state", "live")

    first = await alex.call("POST", "/api/tasks", {"channel_id": infra, "title": "Rotate the TLS certificates"},
                            expect=201)
    await expect(page.locator(f'[data-task-id="{first["id"]}"]')).to_be_visible(timeout=5000)

    await page.evaluate("window.voicedesk.live.stop()")
    await expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-state", "offline")
    missed = await alex.call("POST", "/api/tasks", {"channel_id": infra, "title": "Patch the load balancer"},
                             expect=201)
    await page.evaluate("window.voicedesk.live.start()")

    await expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-state", "live")
    await expect(page.locator(f'[data-task-id="{missed["id"]}"]')).to_be_visible(timeout=5000)  # replayed
    await expect(page.locator(f'[data-task-id="{first["id"]}"]')).to_have_count(1)
    ids = await page.evaluate("window.voicedesk.live.log.map(e => String(e.id))")
    assert len(ids) == len(set(ids)), f"an event was applied twice: {ids}"
