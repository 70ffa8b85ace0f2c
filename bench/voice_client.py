"""A Python WebRTC client that speaks a command to voicedesk, like the CEO's browser does.

    python -m bench.voice_client --url http://127.0.0.1:8080 --token "$TOKEN" --say "Create a marketing channel"
    python -m bench.voice_client --url ... --token ... --wav command.wav

It POSTs an SDP offer to `{url}/api/voice/offer` (bearer token), streams the audio in real
time as 20 ms frames followed by silence (a live mic never stops; aiortc's jitter buffer
keeps the last ~80 ms until more arrives), prints every JSON event from the "events" data
channel with its time in ms since the end of the audio, and returns the events once a
`result` or `error` arrives, or on timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fractions
import json
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import av
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription

RATE = 48_000
FRAME_SAMPLES = RATE // 50  # 20 ms


def synthesize(text: str, out_wav: Path, *, voice: str = "en-us", speed: int = 160) -> Path:
    """espeak-ng speech resampled by sox to 48 kHz mono s16; raises a readable error if missing."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "espeak.wav"
        try:
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                ["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out_wav)],
                check=True,
                capture_output=True,
            )
        except FileNotFoundError as exc:
            raise RuntimeError(f"{exc.filename} is not installed: apt-get install -y espeak-ng sox") from exc
    return out_wav


def read_wav_48k(path: Path) -> np.ndarray[Any, np.dtype[np.int16]]:
    """A WAV file as 48 kHz mono int16 (converted with sox when it is not already)."""
    with wave.open(str(path)) as w:
        if w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2:
            return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).copy()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "48k.wav"
        subprocess.run(
            ["sox", str(path), "-r", str(RATE), "-c", "1", "-b", "16", str(out)],
            check=True,
            capture_output=True,
        )
        return read_wav_48k(out)


class SpeechTrack(MediaStreamTrack):
    """Plays PCM in real time as 20 ms frames, then silence for as long as it is asked."""

    kind = "audio"

    def __init__(self, pcm: np.ndarray[Any, np.dtype[np.int16]], *, lead_silence_ms: int = 300) -> None:
        super().__init__()
        lead = np.zeros(RATE * lead_silence_ms // 1000, dtype=np.int16)
        self._pcm = np.concatenate([lead, pcm])
        self._pts = 0
        self._start: float | None = None
        self.audio_end_wall: float | None = None
        """`time.perf_counter()` when the last frame holding audio was handed to the sender."""
        self.audio_done = asyncio.Event()

    async def recv(self) -> av.AudioFrame:
        if self._start is None:
            self._start = time.perf_counter()
        due = self._start + self._pts / RATE
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        chunk = self._pcm[self._pts : self._pts + FRAME_SAMPLES]
        if len(chunk) < FRAME_SAMPLES:
            chunk = np.concatenate([chunk, np.zeros(FRAME_SAMPLES - len(chunk), dtype=np.int16)])
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        self._pts += FRAME_SAMPLES
        if self.audio_end_wall is None and self._pts >= len(self._pcm):
            self.audio_end_wall = time.perf_counter()
            self.audio_done.set()
        return frame


@dataclass
class VoiceRun:
    """What one spoken command produced: events (each with `t_ms` since audio end) and ids."""

    session_id: str | None
    events: list[dict[str, Any]] = field(default_factory=list)
    audio_end_wall: float | None = None
    timed_out: bool = False

    def first(self, type_: str) -> dict[str, Any] | None:
        return next((e for e in self.events if e.get("type") == type_), None)


def _print_event(event: dict[str, Any]) -> None:
    print(
        f"{event['t_ms']:>8.0f} ms  {json.dumps({k: v for k, v in event.items() if k != 't_ms'})}", flush=True
    )


async def speak(
    url: str,
    token: str,
    pcm48k: np.ndarray[Any, np.dtype[np.int16]],
    *,
    timeout_s: float = 30.0,
    lead_silence_ms: int = 300,
    on_event: Callable[[dict[str, Any]], None] | None = _print_event,
    done_types: tuple[str, ...] = ("result", "error"),
    trailing_silence: bool = True,
) -> VoiceRun:
    """Stream 48 kHz mono PCM to `{url}/api/voice/offer` and collect data-channel events.

    Returns when an event whose type is in `done_types` arrives, or after `timeout_s`
    (seconds, counted from the end of the audio). `trailing_silence=False` closes the peer
    connection the moment the audio ends, like a browser tab that disappears.
    """
    pc = RTCPeerConnection()
    channel = pc.createDataChannel("events")
    track = SpeechTrack(pcm48k, lead_silence_ms=lead_silence_ms)
    pc.addTrack(track)
    run = VoiceRun(session_id=None)
    finished = asyncio.Event()

    @channel.on("message")
    def on_message(message: str | bytes) -> None:
        now = time.perf_counter()
        try:
            event = json.loads(message)
        except ValueError:
            event = {"type": "unparsable", "raw": str(message)}
        end = track.audio_end_wall
        event["t_ms"] = round((now - end) * 1000, 1) if end is not None else -1.0
        run.events.append(event)
        if on_event is not None:
            on_event(event)
        if event.get("type") in done_types:
            finished.set()

    try:
        await pc.setLocalDescription(await pc.createOffer())  # aiortc returns once ICE gathering is complete
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"{url.rstrip('/')}/api/voice/offer",
                json={"sdp": pc.localDescription.sdp, "type": pc.localDescription.type},
                headers={"Authorization": f"Bearer {token}"},
            ) as resp,
        ):
            body = await resp.json(content_type=None)
            if resp.status != 200:
                raise RuntimeError(f"offer refused ({resp.status}): {body}")
        run.session_id = body.get("session_id")
        await pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type=body["type"]))
        deadline_task = asyncio.create_task(track.audio_done.wait())
        try:
            await asyncio.wait_for(deadline_task, timeout=len(pcm48k) / RATE + 30)
            if not trailing_silence:  # vanish mid-sentence: no goodbye, no more audio
                run.timed_out = True
                return run
            await asyncio.wait_for(finished.wait(), timeout=timeout_s)
        except TimeoutError:
            run.timed_out = True
    finally:
        run.audio_end_wall = track.audio_end_wall
        await asyncio.sleep(0.05)  # let the last message be read before closing
        with contextlib.suppress(Exception):
            await pc.close()
    return run


async def sign_in(url: str, email: str, password: str) -> str:
    """POST /api/auth/login and return the access token (raises with the server's reason)."""
    async with aiohttp.ClientSession() as http, http.post(
        f"{url.rstrip('/')}/api/auth/login", json={"email": email, "password": password}
    ) as resp:
        body = await resp.json(content_type=None)
        if resp.status != 200:
            raise SystemExit(f"sign-in failed ({resp.status}): {body.get('error', {}).get('message', body)}")
        return str(body["access_token"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8080")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--token", help="bearer token of a CEO or manager")
    who.add_argument("--email", help="sign in as this person (password from --password, "
                                     "$VOICEDESK_PASSWORD, or a prompt)")
    parser.add_argument("--password", help="password for --email")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--wav", type=Path, help="WAV file to speak (any rate; converted with sox)")
    source.add_argument("--say", help="text to synthesise with espeak-ng")
    parser.add_argument("--voice", default="en-us", help="espeak-ng voice for --say (es for Spanish)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait after the audio")
    parser.add_argument("--loopback", action="store_true", help="offer 127.0.0.1 as an ICE candidate")
    args = parser.parse_args(argv)
    if args.loopback:
        from pipeline.ice import allow_loopback_candidates

        allow_loopback_candidates()
    if args.say:
        with tempfile.TemporaryDirectory() as tmp:
            pcm = read_wav_48k(synthesize(args.say, Path(tmp) / "say.wav", voice=args.voice))
    else:
        pcm = read_wav_48k(args.wav)
    token = args.token
    if token is None:
        import getpass
        import os

        password = args.password or os.environ.get("VOICEDESK_PASSWORD") or getpass.getpass("Password: ")
        token = asyncio.run(sign_in(args.url, args.email, password))
    run = asyncio.run(speak(args.url, token, pcm, timeout_s=args.timeout))
    if run.timed_out:
        print(f"timed out after {args.timeout} s without a result", file=sys.stderr)
        return 1
    return 0 if run.first("error") is None else 2


if __name__ == "__main__":
    raise SystemExit(main())
