"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright's async API, against
the app served on a real TCP port with a fresh seeded database per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession

from tests.conftest import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 15_000

# Flags from NOTES-webrtc.md: running as root, no GPU, no background traffic; WebRTC may use
# loopback and real (not mDNS) host candidates so aiortc can reach it on a loopback-only host.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]


def chromium_args(fake_audio: Path | None = None) -> list[str]:
    """Launch flags; with `fake_audio`, the microphone plays that WAV once (pad it with >= 1 s of silence)."""
    if fake_audio is None:
        return list(CHROMIUM_ARGS)
    return [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={fake_audio.resolve()}%noloop"]


@pytest.fixture(scope="session")
async def playwright() -> AsyncIterator[Any]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail("Chromium is not installed: apt-get install -y chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
async def browser(playwright: Any) -> AsyncIterator[Any]:
    """One browser for the session; every person gets their own context (own sessionStorage)."""
    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(), headless=True)
    yield browser
    await browser.close()


@pytest.fixture
async def base_url(app: Any, aiohttp_server: Any) -> str:
    """The app on 127.0.0.1 and a free port (127.0.0.1 is a secure context: media and crypto APIs work)."""
    server = await aiohttp_server(app, host="127.0.0.1")
    return f"http://127.0.0.1:{server.port}"


class BrowserLog:
    """Console errors and uncaught exceptions of every page, shown when a test fails."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def attach(self, page: Any, who: str) -> None:
        page.on("console", lambda m: self.lines.append(f"[{who}] console.{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.lines.append(f"[{who}] pageerror: {e}"))
        page.on("response", lambda r: self.lines.append(f"[{who}] HTTP {r.status} {r.request.method} {r.url}")
                if r.status >= 400 else None)

    def errors(self) -> list[str]:
        return [line for line in self.lines if "pageerror" in line]


@pytest.fixture
async def new_page(browser: Any, base_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """`await new_page("lisa")` → a page in its own browser context (phone width with `width=390`)."""
    contexts: list[Any] = []
    log = BrowserLog()

    async def make(who: str = "anon", width: int = 1280, height: int = 900) -> Any:
        context = await browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = await context.new_page()
        log.attach(page, who)
        return page

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed and log.lines:
        print("\n--- browser log ---\n" + "\n".join(log.lines[-80:]))
    for context in contexts:
        await context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


async def snap(page: Any, name: str) -> None:
    """A full-page screenshot into $VOICEDESK_SCREENSHOTS (when set), to look at what a person sees."""
    folder = os.environ.get("VOICEDESK_SCREENSHOTS")
    if folder:
        await page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


async def sign_in(page: Any, first_name: str, expect_path: str) -> None:
    """Sign in through the login page as a demo person and wait for their start page."""
    await page.goto("/login")
    await page.get_by_label("Email").fill(f"{first_name.lower()}@example.com")
    await page.get_by_label("Password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(f"**{expect_path}*")


class ApiClient:
    """A demo person calling the REST API of the served app over real HTTP."""

    def __init__(self, http: ClientSession, base_url: str, token: str) -> None:
        self.http, self.base_url, self.token = http, base_url, token

    async def call(self, method: str, path: str, json: Any = None, expect: int | None = None) -> Any:
        async with self.http.request(method, self.base_url + path, json=json,
                                     headers={"Authorization": f"Bearer {self.token}"}) as resp:
            body = await resp.json()
            if expect is not None:
                assert resp.status == expect, f"{method} {path} -> {resp.status}: {body}"
            return body


@pytest.fixture
async def api_as(base_url: str) -> AsyncIterator[Callable[[str], Awaitable[ApiClient]]]:
    """`await api_as("alex")` → an ApiClient signed in as that demo person."""
    async with ClientSession() as http:
        async def make(first_name: str) -> ApiClient:
            async with http.post(f"{base_url}/api/auth/login",
                                 json={"email": f"{first_name}@example.com", "password": DEMO_PASSWORD}) as resp:
                assert resp.status == 200, await resp.text()
                token = (await resp.json())["access_token"]
            return ApiClient(http, base_url, token)

        yield make


@pytest.fixture(scope="session")
def recognizer() -> Iterator[Any]:
    """The bundled tiny.en, loaded once for the browser voice tests."""
    from pipeline.whisper import WhisperRecognizer

    rec = WhisperRecognizer.load()
    yield rec
    rec.close()


def voice_app(settings: Any, pool: Any, recognizer: Any, **overrides: Any) -> Any:
    """The app with voice over loopback ICE (a loopback-only host) and `overrides` of the settings."""
    from dataclasses import replace

    from server.app import create_app
    from server.bus import InProcessBus

    return create_app(replace(settings, ice_loopback=True, **overrides), pool=pool, bus=InProcessBus(),
                      recognizer=recognizer)
