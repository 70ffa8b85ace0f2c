"""A few commands of the spoken corpus (bench/spoken_corpus.jsonl) end to end: synthesised speech over
WebRTC into the real server stack (VAD, faster-whisper, intent, executor, PostgreSQL), then the corpus'
expectations checked against the database rows (bench.bench_understanding.Checker).

The full corpus, with rates and latencies, is `python -m bench.bench_understanding`. Piper speaks here
without its noise (the same samples every run); no timings are asserted.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bench.bench_understanding import Checker, Command, Outcome, Voice, load_corpus, run_session
from server.app import create_app
from server.bus import InProcessBus
from server.settings import Settings
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.voice

CORPUS = {c.id: c for c in load_corpus()}
SEED = CORPUS["s01-seed.1"]


@pytest.fixture
async def voice_server(settings: Settings, pool: Any, recognizer: Any, aiohttp_server: Any) -> Any:
    app = create_app(replace(settings, ice_loopback=True), pool=pool, bus=InProcessBus(), recognizer=recognizer)
    return await aiohttp_server(app)


_voices: dict[str, Voice] = {}


def voice(name: str) -> Voice:
    if name not in _voices:
        _voices[name] = Voice(name, piper_noise=False)
    return _voices[name]


async def spoken(server: Any, pool: Any, voice_name: str, commands: list[Command]) -> list[Outcome]:
    """Say `commands` in one voice session as alex; each outcome's expectations checked right after it."""
    url = str(server.make_url("/")).rstrip("/")
    async with aiohttp.ClientSession() as http, http.post(
            f"{url}/api/auth/login", json={"email": "alex@example.com", "password": DEMO_PASSWORD}) as resp:
        assert resp.status == 200
        token = (await resp.json())["access_token"]
    checker = Checker(pool, ZoneInfo(await pool.fetchval("SELECT timezone FROM users WHERE email = 'alex@example.com'")))
    await checker.load()
    audio = {c.id: voice(voice_name).pcm(c.text) for c in commands}
    return await run_session(url, token, checker, commands, audio)


def explain(o: Outcome) -> str:
    return f"{o.verdict}: heard {o.heard!r}; {o.problems or o.error}; did {o.did}"


@pytest.mark.xfail(strict=False, reason=(
    "not yet (measured 2026-12-02, docs/voice.md 'The spoken corpus'): tiny.en hears 'vendor shortlist' as "
    "'mender shortly' (espeak-ng) or 'And be sure to' (piper); the command then asks, or commits a task "
    "with the misheard title"))
@pytest.mark.parametrize("voice_name", ["piper", "espeak", "espeak-fast"])
async def test_the_seed_example_spoken_completes_exactly(voice_server, pool, voice_name):
    """Channel, category, members, three tasks with their dates, two dependencies, the shared guidelines:
    every expectation of the corpus' first line holds after it is spoken once."""
    (outcome,) = await spoken(voice_server, pool, voice_name, [SEED])
    assert outcome.verdict == "right", explain(outcome)


async def test_a_short_session_with_a_reference_and_a_refusal(voice_server, pool):
    """Status and deadline of seeded tasks, "make it urgent" for the task just named, and an unknown
    person that must change nothing."""
    commands = [CORPUS["s06-q4-close.1"], CORPUS["s06-q4-close.2"], CORPUS["s06-q4-close.3"],
                CORPUS["s05-questions.2"]]
    outcomes = await spoken(voice_server, pool, "piper", commands)
    assert [o.verdict for o in outcomes] == ["right"] * len(commands), "\n".join(explain(o) for o in outcomes)
