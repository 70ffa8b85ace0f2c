"""One speaker's voice session: audio track in, transcript frames and command results out.

    session = VoiceSession(recognizer, prompt=vocabulary_prompt(...), on_final=run_command)
    await session.run(track, on_event, stop=stop_event)   # WebRTC
    await session.feed_pcm(pcm, 16000, on_event)           # tests and benchmarks

The pipeline is resample → endpoint → streaming ASR → sink. The sink forwards every frame
to `on_event`; for each complete, non-empty `FinalTranscript` it awaits
`on_final(final)` (the server's intent + executor) and forwards what it returns as a
`CommandResult`. A stream that stops mid-utterance yields an `Error("utterance_incomplete")`
and never reaches `on_final`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.asr import StreamingConfig, StreamingTranscriber
from pipeline.frames import (
    SAMPLE_RATE,
    CommandResult,
    EndOfStream,
    Error,
    FinalTranscript,
    Frame,
    InputAudio,
    Pcm16,
    UtteranceTimings,
    wall_ms,
)
from pipeline.graph import Pipeline, Stage
from pipeline.recording import AudioTap, EventTap, RecordingRecognizer, SessionLog
from pipeline.resample import ResampleStage
from pipeline.vad import Endpointer, EndpointerConfig
from pipeline.whisper import Recognizer

log = logging.getLogger(__name__)

OnEvent = Callable[[Frame], Awaitable[None]]
OnFinal = Callable[[FinalTranscript], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class VoiceConfig:
    """Everything tunable about a session."""

    endpointer: EndpointerConfig = field(default_factory=EndpointerConfig)
    streaming: StreamingConfig = field(default_factory=StreamingConfig)
    queue_size: int = 256
    """Frames between two stages (256 × 20 ms ≈ 5 s of audio) before upstream waits."""
    record_dir: Path | None = None
    """Write what the session heard and decoded here (`pipeline.recording`); None = off."""


class VoiceSession:
    """Runs the audio pipeline for one track. Not reusable: one `run`/`feed_pcm` per session."""

    def __init__(
        self,
        recognizer: Recognizer,
        *,
        config: VoiceConfig | None = None,
        prompt: str = "",
        language: str | None = None,
        on_final: OnFinal | None = None,
        name: str = "session",
    ) -> None:
        self.config = config or VoiceConfig()
        self.on_final = on_final
        self.recording: SessionLog | None = None
        taps: tuple[list[Stage], list[Stage]] = ([], [])
        if self.config.record_dir is not None:
            self.recording = SessionLog(Path(self.config.record_dir) / name)
            recognizer = RecordingRecognizer(recognizer, self.recording)
            taps = ([AudioTap(self.recording)], [EventTap(self.recording)])
        self.transcriber = StreamingTranscriber(
            recognizer, self.config.streaming, prompt=prompt, language=language
        )
        self.endpointer = Endpointer(self.config.endpointer)
        self.timings: list[UtteranceTimings] = []
        """Timings of every final transcript so far."""
        self.frames_received = 0
        self._on_event: OnEvent | None = None
        self._pipeline = Pipeline(
            [ResampleStage(), *taps[0], self.endpointer, *taps[1], self.transcriber],
            self._sink,
            queue_size=self.config.queue_size,
        )

    @property
    def prompt(self) -> str:
        """The vocabulary prompt (`whisper.vocabulary_prompt`); settable between utterances."""
        return self.transcriber.prompt

    @prompt.setter
    def prompt(self, value: str) -> None:
        self.transcriber.prompt = value

    @property
    def language(self) -> str | None:
        return self.transcriber.language

    @language.setter
    def language(self, value: str | None) -> None:
        self.transcriber.language = value

    def backlog(self) -> dict[str, int]:
        """Frames waiting in front of each stage."""
        return self._pipeline.backlog()

    async def run(self, track: Any, on_event: OnEvent, *, stop: asyncio.Event | None = None) -> None:
        """Read an aiortc audio track until it ends or `stop` is set, then drain the pipeline.

        `track.recv()` is raced against `stop`: when the remote goes away recv may never
        return, and the jitter buffer's last ~80 ms would never arrive anyway.
        """
        self._on_event = on_event
        self._pipeline.start()
        stop = stop or asyncio.Event()
        stop_wait = asyncio.create_task(stop.wait())
        reason = "stopped"
        try:
            while True:
                recv = asyncio.ensure_future(track.recv())
                done, _ = await asyncio.wait({recv, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                if recv not in done:
                    recv.cancel()
                    with contextlib.suppress(BaseException):
                        await recv
                    break
                try:
                    frame = recv.result()
                except Exception:  # aiortc raises MediaStreamError when the track ends
                    reason = "track_ended"
                    break
                self.frames_received += 1
                await self._pipeline.put(InputAudio(av_frame=frame, received_wall_ms=wall_ms()))
        finally:
            stop_wait.cancel()
            await self._finish(reason)

    async def feed_pcm(
        self,
        pcm: Pcm16,
        on_event: OnEvent,
        *,
        sample_rate: int = SAMPLE_RATE,
        channels: int = 1,
        realtime: bool = False,
        frame_ms: int = 20,
    ) -> None:
        """Push int16 PCM through the pipeline in `frame_ms` frames, then end the stream.

        `realtime` paces frames at the speed of speech (for latency measurements); speech
        still in progress at the end counts as finished.
        """
        self._on_event = on_event
        self._pipeline.start()
        step = sample_rate * frame_ms // 1000 * channels
        data = np.asarray(pcm, dtype=np.int16).reshape(-1)
        t0 = asyncio.get_running_loop().time()
        try:
            for i, begin in enumerate(range(0, len(data), step)):
                if realtime:
                    delay = t0 + i * frame_ms / 1000 - asyncio.get_running_loop().time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                await self._pipeline.put(
                    InputAudio(
                        pcm=data[begin : begin + step],
                        sample_rate=sample_rate,
                        channels=channels,
                        received_wall_ms=wall_ms(),
                    )
                )
        finally:
            await self._finish("input_done")

    async def _finish(self, reason: str) -> None:
        await self._pipeline.put(EndOfStream(reason=reason))
        await self._pipeline.wait()
        await self._pipeline.stop()
        if self.recording is not None:
            try:
                self.recording.write()
            except OSError:
                log.exception("could not write the voice recording %s", self.recording.path_stem)

    async def _emit(self, frame: Frame) -> None:
        if self._on_event is None:
            return
        try:
            await self._on_event(frame)
        except Exception:  # a closed data channel must not stop recognition
            log.exception("on_event failed for %s", type(frame).__name__)

    async def _sink(self, frame: Frame) -> None:
        await self._emit(frame)
        if not isinstance(frame, FinalTranscript):
            return
        self.timings.append(frame.timings)
        if not frame.complete:
            await self._emit(
                Error(
                    code="utterance_incomplete",
                    utterance_id=frame.utterance_id,
                    message="The audio stopped before the sentence ended; nothing was done.",
                    details={"text": frame.text},
                )
            )
            return
        if not frame.text or self.on_final is None:
            return
        try:
            result = await self.on_final(frame)
        except Exception as exc:
            log.exception("on_final failed")
            await self._emit(Error(code="command_failed", message=str(exc), utterance_id=frame.utterance_id))
            return
        await self._emit(CommandResult(utterance_id=frame.utterance_id, payload=result))
