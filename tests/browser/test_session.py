"""Short-lived access tokens: the pages refresh them (rotating the refresh token) and stay live."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
from playwright.async_api import expect

from server.settings import Settings
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
TOKEN_TTL_S = 8


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, access_token_ttl_s=TOKEN_TTL_S)


async def test_the_board_refreshes_its_token_and_stays_live_past_the_access_token_lifetime(
    new_page: Any, api_as: Any,
) -> None:
    alex = await api_as("alex")
    page = await new_page("lisa")
    await sign_in(page, "lisa", "/board")
    await page.get_by_test_id("channel-link").filter(has_text="Q4 Close").click()
    await expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-state", "live")
    stored = "JSON.parse(sessionStorage.getItem('voicedesk.session'))"
    first_refresh = await page.evaluate(f"{stored}.refresh_token")

    await asyncio.sleep(TOKEN_TTL_S * 1.5)

    alex = await api_as("alex")  # the test's own token has expired too
    q4 = next(c["id"] for c in (await alex.call("GET", "/api/channels", expect=200))["items"] if c["name"] == "Q4 Close")
    task = await alex.call("POST", "/api/tasks", {"channel_id": q4, "title": "File the VAT return"}, expect=201)
    await expect(page.locator(f'[data-task-id="{task["id"]}"]')).to_be_visible(timeout=5000)
    await expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-state", "live")
    assert await page.evaluate(f"{stored}.refresh_token") != first_refresh, "the refresh token was not rotated"
    assert page.url.endswith("/board") or "/board#" in page.url
