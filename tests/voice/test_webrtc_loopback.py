"""A real WebRTC call on 127.0.0.1: the bench client speaks, a minimal aiortc peer listens.

The "server" here is ~30 lines of aiohttp + aiortc (not voicedesk's server): it proves the
track-reading path of `VoiceSession.run` (recv race, 48 kHz stereo → 16 kHz) end to end.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import numpy as np
import pytest
from aiohttp import web
from aiortc import RTCPeerConnection, RTCSessionDescription

from bench.bench_asr import word_error_rate
from bench.voice_client import speak as client_speak
from pipeline.events import frame_to_event
from pipeline.frames import FinalTranscript, Frame
from pipeline.ice import allow_loopback_candidates, loopback_candidates_allowed
from pipeline.session import VoiceSession
from pipeline.whisper import WhisperRecognizer

from .conftest import ORG_PROMPT

pytestmark = pytest.mark.voice

TEXT = "Assign the budget review to Mike, due Friday."


@pytest.fixture
async def mini_server(recognizer: WhisperRecognizer) -> AsyncIterator[tuple[str, list[asyncio.Task[Any]]]]:
    sessions: list[asyncio.Task[Any]] = []
    peers: list[RTCPeerConnection] = []

    async def offer(request: web.Request) -> web.Response:
        assert request.headers["Authorization"] == "Bearer test-token"
        body = await request.json()
        pc = RTCPeerConnection()
        peers.append(pc)
        stop = asyncio.Event()
        channel_ready: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        @pc.on("datachannel")
        def on_datachannel(channel: Any) -> None:
            if not channel_ready.done():
                channel_ready.set_result(channel)

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            if pc.connectionState in ("failed", "closed"):
                stop.set()

        async def on_final(final: FinalTranscript) -> dict[str, Any]:
            return {"ok": True, "heard": final.text}

        @pc.on("track")
        def on_track(track: Any) -> None:
            session = VoiceSession(recognizer, prompt=ORG_PROMPT, on_final=on_final)

            async def on_event(frame: Frame) -> None:
                event = frame_to_event(frame)
                if event is not None:
                    channel = await channel_ready
                    channel.send(json.dumps(event))

            sessions.append(asyncio.create_task(session.run(track, on_event, stop=stop)))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type=body["type"]))
        await pc.setLocalDescription(await pc.createAnswer())
        return web.json_response(
            {"sdp": pc.localDescription.sdp, "type": pc.localDescription.type, "session_id": "test-1"}
        )

    app = web.Application()
    app.router.add_post("/api/voice/offer", offer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    allow_loopback_candidates()
    try:
        yield f"http://127.0.0.1:{port}", sessions
    finally:
        allow_loopback_candidates(False)
        for pc in peers:
            await pc.close()
        for task in sessions:
            await asyncio.wait_for(task, timeout=10)  # run() returns once the peer is gone
        await runner.cleanup()


def test_loopback_candidates_can_be_switched_on_and_off() -> None:
    import aioice.ice

    allow_loopback_candidates()
    allow_loopback_candidates()  # idempotent
    assert loopback_candidates_allowed()
    assert "127.0.0.1" in aioice.ice.get_host_addresses(True, False)
    allow_loopback_candidates(False)
    assert not loopback_candidates_allowed()
    assert "127.0.0.1" not in aioice.ice.get_host_addresses(True, False)


async def test_spoken_command_over_webrtc_comes_back_as_final_and_result(
    mini_server: tuple[str, list[asyncio.Task[Any]]], speak: Callable
) -> None:
    url, _ = mini_server
    pcm16 = speak(TEXT)
    pcm48 = np.repeat(pcm16, 3)  # crude 16 → 48 kHz is fine for a transport test
    run = await client_speak(url, "test-token", pcm48, timeout_s=15, on_event=None)
    assert not run.timed_out, run.events
    final = run.first("final")
    result = run.first("result")
    assert final is not None and result is not None
    assert word_error_rate(TEXT, final["text"]) <= 0.25, final["text"]
    assert result["heard"] == final["text"]
    assert run.session_id == "test-1"
    assert final["t_ms"] < 3000  # ms after the client's audio ended
