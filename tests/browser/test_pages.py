"""Signing in, where each person lands, and the dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in, snap

pytestmark = pytest.mark.browser


async def test_a_wrong_password_is_explained_on_the_login_page(new_page: Any) -> None:
    page = await new_page()
    await page.goto("/")
    await page.wait_for_url("**/login*")
    await page.get_by_label("Email").fill("alex@example.com")
    await page.get_by_label("Password").fill("not-the-password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_test_id("login-error")).to_contain_text("Email or password is wrong")
    await snap(page, "login-error")


async def test_staff_land_on_the_board_and_cannot_open_the_console(new_page: Any) -> None:
    page = await new_page("lisa")
    await sign_in(page, "lisa", "/board")
    await page.goto("/console")
    await page.wait_for_url("**/board*")
    await page.goto("/")
    await page.wait_for_url("**/board*")
    await expect(page.get_by_test_id("signed-in-as")).to_contain_text("Lisa Wong")


async def test_the_dashboard_shows_commands_with_timings_and_voice_sessions(new_page: Any, api_as: Any) -> None:
    alex = await api_as("alex")
    await alex.call("POST", "/api/commands", {"text": "Create a channel called Dashboard Check"}, expect=200)
    page = await new_page("alex")
    await sign_in(page, "alex", "/console")
    await page.goto("/dashboard")
    await expect(page.get_by_test_id("command-row").first).to_contain_text("Dashboard Check")
    await expect(page.get_by_test_id("stat-total-p50")).not_to_contain_text("—")
    await expect(page.get_by_test_id("voice-sessions")).to_contain_text("No open sessions")
    await snap(page, "dashboard-1280")


async def test_signing_out_returns_to_the_login_page(new_page: Any) -> None:
    page = await new_page("alex")
    await sign_in(page, "alex", "/console")
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url("**/login")
    await page.goto("/console")
    await page.wait_for_url("**/login?next=*")
