"""Voice commands end to end: aiortc client → POST /api/voice/offer → VAD → faster-whisper →
intent → executor → PostgreSQL, with events back on the data channel."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np
import pytest

from bench.voice_client import read_wav_48k, speak, synthesize
from server.app import create_app
from server.bus import InProcessBus
from server.keys import VOICE
from server.settings import Settings
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.voice


@pytest.fixture
async def voice_server(settings: Settings, pool: Any, recognizer: Any, aiohttp_server: Any) -> Any:
    """A server whose spoken commands act on what was heard however sure the recogniser was of each word
    (`voice_unsure_word` 0): these tests are about the pipeline. espeak-ng through Opus is heard unsurely
    at times even when heard right ("Spring" 0.23, "Budget" 0.28: measured); `voice_server_heeding` and
    tests/voice/test_evidence.py test the word check."""
    from dataclasses import replace

    app = create_app(replace(settings, ice_loopback=True, voice_sessions_per_user=1, voice_unsure_word=0.0),
                     pool=pool, bus=InProcessBus(), recognizer=recognizer)
    return await aiohttp_server(app)


@pytest.fixture
async def voice_server_heeding(settings: Settings, pool: Any, recognizer: Any, aiohttp_server: Any) -> Any:
    """A server with the default word check: a slot word heard unsurely makes the command ask."""
    from dataclasses import replace

    app = create_app(replace(settings, ice_loopback=True), pool=pool, bus=InProcessBus(), recognizer=recognizer)
    return await aiohttp_server(app)


async def token(server: Any, first_name: str) -> str:
    async with aiohttp.ClientSession() as http, http.post(
        f"{server.make_url('/api/auth/login')}",
        json={"email": f"{first_name}@example.com", "password": DEMO_PASSWORD},
    ) as resp:
        assert resp.status == 200
        return (await resp.json())["access_token"]


def said(text: str, tmp_path: Path, name: str = "said", voice: str = "en-us") -> Any:
    return read_wav_48k(synthesize(text, tmp_path / f"{name}.wav", voice=voice))


def url(server: Any) -> str:
    return str(server.make_url("/")).rstrip("/")


async def test_a_spoken_command_streams_partials_final_plan_progress_and_commits(voice_server, pool, tmp_path):
    alex = await token(voice_server, "alex")
    pcm = said("Create an engineering channel called Platform Migration and add Tom.", tmp_path)
    import os
    run = await speak(url(voice_server), alex, pcm, on_event=print if os.environ.get("VD_DEBUG") else None, timeout_s=20)
    types = [e["type"] for e in run.events]
    assert not run.timed_out, types
    assert "partial" in types and "final" in types and "plan" in types and "result" in types
    assert types.index("final") < types.index("plan") < types.index("result")
    final = run.first("final")
    assert "platform migration" in final["text"].lower()
    assert final["hypotheses"][0]["text"] == final["text"] and final["words"], final
    done = [e for e in run.events if e["type"] == "progress" and e["state"] == "done"]
    assert {e["action_type"] for e in done} >= {"CREATE_CHANNEL"}
    result = run.first("result")
    assert result["status"] == "completed", result
    assert result["timings_ms"]["end_of_speech_to_commit_ms"] > 0
    cid = await pool.fetchval("SELECT id FROM channels WHERE lower(name) = 'platform migration'")
    assert cid is not None
    tom = await pool.fetchval("SELECT id FROM users WHERE email = 'tom@example.com'")
    assert await pool.fetchval("SELECT count(*) FROM channel_members WHERE channel_id=$1 AND user_id=$2",
                               cid, tom) == 1, (final["text"], result["plan"]["actions"])
    assert result["plan"]["heard"]["used"] == 0  # the readings reached the command stage with the final
    assert result["plan"]["heard"]["readings"][0]["text"] == final["text"]
    row = await pool.fetchrow("SELECT source, status::text AS status, timings FROM voice_commands "
                              "WHERE id = $1::uuid", result["command_id"])
    assert row["source"] == "voice" and row["status"] == "completed"
    assert {"endpoint_delay_ms", "asr_final_delay_ms", "parse_ms", "execute_ms",
            "end_of_speech_to_commit_ms"} <= set(row["timings"])


async def test_the_seed_example_spoken_creates_everything(voice_server, pool, tmp_path):
    alex = await token(voice_server, "alex")
    pcm = said("Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: budget review "
               "due Friday, campaign brief due next Monday, and vendor shortlist due next Wednesday. Budget review "
               "blocks the other two. Share the brand guidelines with the channel.", tmp_path)
    run = await speak(url(voice_server), alex, pcm, on_event=None, timeout_s=30)
    result = run.first("result")
    assert result is not None and result["status"] == "completed", (run.first("final")["text"], result)
    heard = (run.first("final")["text"], [a["type"] for a in result["plan"]["actions"]])
    cid = await pool.fetchval("SELECT id FROM channels WHERE name ILIKE '%q1 launch%'")
    assert cid is not None, heard
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE channel_id = $1", cid) == 3, heard
    assert await pool.fetchval("SELECT count(*) FROM task_dependencies d JOIN tasks t ON t.id = d.task_id "
                               "WHERE t.channel_id = $1 AND d.dependency_type = 'blocks'", cid) == 2, heard
    assert await pool.fetchval("SELECT count(*) FROM channel_members WHERE channel_id = $1", cid) == 3
    assert await pool.fetchval("SELECT count(*) FROM resource_links l JOIN shared_resources r ON r.id = "
                               "l.resource_id WHERE l.channel_id = $1 AND r.name = 'Brand Guidelines'", cid) == 1


async def test_two_voice_sessions_at_once_both_complete(voice_server, pool, tmp_path):
    alex, sarah = await token(voice_server, "alex"), await token(voice_server, "sarah")
    a = said("Create an operations channel called Warehouse Move.", tmp_path, "a")
    b = said("Create a marketing channel called Spring Campaign.", tmp_path, "b")
    runs = await asyncio.gather(speak(url(voice_server), alex, a, on_event=None, timeout_s=25),
                                speak(url(voice_server), sarah, b, on_event=None, timeout_s=25))
    assert all(r.first("result") and r.first("result")["status"] == "completed" for r in runs), \
        [r.first("result") for r in runs]
    names = {r["name"].lower() for r in await pool.fetch("SELECT name FROM channels")}
    assert {"warehouse move", "spring campaign"} <= names


async def test_offers_without_token_from_staff_or_with_bad_sdp_are_refused(voice_server):
    tom = await token(voice_server, "tom")
    alex = await token(voice_server, "alex")
    offer_url = voice_server.make_url("/api/voice/offer")
    cases = [
        ({}, {"sdp": "v=0\r\n" * 3, "type": "offer"}, 401, "unauthorized"),
        ({"Authorization": f"Bearer {tom}"}, {"sdp": "v=0\r\n" * 3, "type": "offer"}, 403, "forbidden"),
        ({"Authorization": f"Bearer {alex}"}, {"sdp": "this is not sdp at all", "type": "offer"}, 400,
         "invalid_sdp"),
        ({"Authorization": f"Bearer {alex}"}, {"sdp": "v=0\r\n" * 3, "type": "answer"}, 422, "invalid_input"),
    ]
    async with aiohttp.ClientSession() as http:
        for headers, body, status, code in cases:
            async with http.post(offer_url, json=body, headers=headers) as resp:
                payload = await resp.json()
                assert resp.status == status, payload
                assert payload["error"]["code"] == code
    assert voice_server.app[VOICE].sessions == {}


async def test_a_peer_that_disappears_mid_utterance_writes_nothing(voice_server, pool, tmp_path):
    alex = await token(voice_server, "alex")
    pcm = said("Create a finance channel called Vanishing Budget and add Priya and David.", tmp_path)
    before = await pool.fetchval("SELECT count(*) FROM events")
    # Stop the client half-way through the sentence: it closes its peer connection.
    half = pcm[: len(pcm) // 2]
    run = await speak(url(voice_server), alex, half, on_event=None, timeout_s=1.5, lead_silence_ms=300,
                      done_types=("never",), trailing_silence=False)
    assert run.timed_out
    for _ in range(50):  # the server notices the peer is gone and cleans up
        if not voice_server.app[VOICE].sessions:
            break
        await asyncio.sleep(0.2)
    assert voice_server.app[VOICE].sessions == {}
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE name ILIKE '%vanishing%'") == 0
    assert await pool.fetchval("SELECT count(*) FROM events") == before


async def test_a_session_beyond_the_per_user_limit_is_refused_while_the_others_are_busy(voice_server, tmp_path):
    alex = await token(voice_server, "alex")
    # only names the organisation has (a new name heard unsurely asks: "Create a marketing channel called Launch."
    # came out "Create a market in Channel called launch" in one CI run); this test is about sessions
    pcm = said("Make the staging database task high priority.", tmp_path)
    first = asyncio.create_task(speak(url(voice_server), alex, pcm, on_event=None, timeout_s=30))
    deadline = asyncio.get_running_loop().time() + 15  # ICE and the first audio take longer on a loaded machine
    while not any(s.busy for s in voice_server.app[VOICE].sessions.values()):  # hearing speech: not replaceable
        assert asyncio.get_running_loop().time() < deadline, "the first session never started hearing speech"
        await asyncio.sleep(0.02)
    with pytest.raises(RuntimeError, match="too_many_voice_sessions"):
        await speak(url(voice_server), alex, pcm, on_event=None, timeout_s=5)
    result = (await first).first("result")
    assert result is not None and result["status"] == "completed", result


async def test_a_new_session_replaces_the_speakers_oldest_idle_one(voice_server, tmp_path):
    """A reload leaves the old peer open until ICE gives up; the new page must not be locked out."""
    alex = await token(voice_server, "alex")
    hub = voice_server.app[VOICE]
    idle = asyncio.create_task(speak(url(voice_server), alex, np.zeros(48000 * 8, np.int16), on_event=None,
                                     timeout_s=8, done_types=("never",)))
    for _ in range(200):
        if hub.sessions:
            break
        await asyncio.sleep(0.02)
    (old_id,) = hub.sessions
    pcm = said("Create a finance channel called Payroll.", tmp_path)
    result = (await speak(url(voice_server), alex, pcm, on_event=None, timeout_s=20)).first("result")
    assert result is not None and result["status"] == "completed", result
    assert old_id not in hub.sessions
    idle.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await idle


async def test_metrics_expose_voice_stage_latencies_after_a_command(voice_server, tmp_path):
    alex = await token(voice_server, "alex")
    pcm = said("Create a marketing channel called Wellbeing.", tmp_path)  # espeak's "HR" can be heard as junk
    run = await speak(url(voice_server), alex, pcm, on_event=None, timeout_s=20)
    assert run.first("result")["status"] == "completed"
    tom = await token(voice_server, "tom")
    async with aiohttp.ClientSession() as http:
        async with http.get(voice_server.make_url("/metrics"), headers={"Authorization": f"Bearer {tom}"}) as r:
            assert r.status == 403
        async with http.get(voice_server.make_url("/metrics"), headers={"Authorization": f"Bearer {alex}"}) as r:
            assert r.status == 200
            text = await r.text()
    assert 'voicedesk_voice_stage_ms_count{stage="end_of_speech_to_commit_ms"} 1.0' in text
    assert 'voicedesk_voice_stage_ms_count{stage="endpoint_delay_ms"} 1.0' in text


async def test_signing_out_closes_the_speakers_voice_sessions(voice_server, tmp_path):
    async with aiohttp.ClientSession() as http, http.post(
        voice_server.make_url("/api/auth/login"), json={"email": "alex@example.com", "password": DEMO_PASSWORD}
    ) as resp:
        tokens = await resp.json()
    pcm = said("Create a finance channel called Audit.", tmp_path)
    talking = asyncio.create_task(speak(url(voice_server), tokens["access_token"], pcm, on_event=None,
                                        timeout_s=20, done_types=("never",)))
    hub = voice_server.app[VOICE]
    for _ in range(100):
        if hub.sessions:
            break
        await asyncio.sleep(0.05)
    assert len(hub.sessions) == 1
    async with aiohttp.ClientSession() as http, http.post(
        voice_server.make_url("/api/auth/logout"), json={"refresh_token": tokens["refresh_token"]},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ) as resp:
        assert resp.status == 200
    assert hub.sessions == {}
    talking.cancel()


async def test_a_new_channel_is_never_made_under_a_name_heard_wrong_and_unsurely(voice_server_heeding, pool, tmp_path):
    """espeak's "Perks" through Opus came out "Bergs" (0.16) in every run measured: before the word check
    that channel was created; now the command asks. Heard right, the channel is made as said."""
    alex = await token(voice_server_heeding, "alex")
    before = await pool.fetchval("SELECT count(*) FROM channels")
    run = await speak(url(voice_server_heeding), alex, said("Create an HR channel called Perks.", tmp_path),
                      on_event=None, timeout_s=20)
    result = run.first("result")
    assert result is not None, [e["type"] for e in run.events]
    names = [r["name"] for r in await pool.fetch("SELECT name FROM channels")]
    if result["status"] == "completed":
        assert "perks" in [n.lower() for n in names], (run.first("final")["text"], names)
    else:
        assert result["error"]["code"] == "low_confidence" and result["plan"]["heard"]["unsure_words"], result
        assert len(names) == before
