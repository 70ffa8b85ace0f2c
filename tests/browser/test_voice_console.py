"""The CEO speaks into the console in real headless Chromium (a fake microphone playing espeak-ng
speech): partial transcripts, the final transcript, the plan rows and the created rows appear."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from playwright.async_api import expect

from server.settings import Settings
from tests.browser.conftest import CHROMIUM, chromium_args, sign_in, snap, voice_app

pytestmark = [pytest.mark.browser, pytest.mark.voice]

# a name espeak-ng is heard saying surely through Opus (p ≈ 0.9): "Platform" came out at about the 0.45 bar a new
# name must clear, so the command asked one run in a few; what this test checks is the console, not that bar
SAID = "Create an engineering channel called Mobile App and add Tom."


@pytest.fixture
async def app(settings: Settings, pool: asyncpg.Pool, recognizer: Any) -> Any:
    return voice_app(settings, pool, recognizer)


@pytest.fixture
def speech_wav(tmp_path: Path) -> Path:
    """espeak-ng speech at 48 kHz with 3 s of silence before and 2 s after. The fake microphone starts
    playing at getUserMedia, before the peer connection is up; on a loaded 2-core machine that took
    over 1.5 s and the first words were never sent (measured with bench.bench_browser_voice)."""
    raw, out = tmp_path / "raw.wav", tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), SAID], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(out), "pad", "3", "2"],
                   check=True)
    return out


@pytest.fixture
async def mic_browser(playwright: Any, speech_wav: Path) -> AsyncIterator[Any]:
    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(speech_wav),
                                               headless=True)
    yield browser
    await browser.close()


async def test_speaking_in_the_console_shows_partials_final_plan_and_creates_rows(
    mic_browser: Any, base_url: str, pool: asyncpg.Pool,
) -> None:
    context = await mic_browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = await context.new_page()
    await sign_in(page, "alex", "/console")
    await page.get_by_test_id("mic-button").click()

    partial = page.get_by_test_id("partial-transcript")
    await expect(partial).to_contain_text("engineering", timeout=20_000)
    final = page.get_by_test_id("final-transcript")
    await expect(final).to_contain_text("obile app", timeout=20_000)
    result = page.get_by_test_id("result")
    await expect(result).to_have_attribute("data-status", "completed", timeout=20_000)
    rows = page.get_by_test_id("plan-row")
    assert await rows.count() >= 1
    for i in range(await rows.count()):
        await expect(rows.nth(i)).to_have_attribute("data-state", "done")
    await snap(page, "voice-console")

    channel = await pool.fetchrow("SELECT id, name FROM channels WHERE name ILIKE 'mobile app'")
    assert channel is not None
    tom = await pool.fetchval("SELECT id FROM users WHERE email = 'tom@example.com'")
    assert await pool.fetchval("SELECT count(*) FROM channel_members WHERE channel_id = $1 AND user_id = $2",
                               channel["id"], tom) == 1
    source = await pool.fetchval("SELECT source FROM voice_commands ORDER BY created_at DESC LIMIT 1")
    assert source == "voice"
    await context.close()
