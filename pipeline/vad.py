"""Voice activity and endpointing with webrtcvad.

`Endpointer` cuts 16 kHz audio into VAD frames (10/20/30 ms), and turns the voiced/unvoiced
flags into utterances: `SpeechStarted` (backdated by the pre-roll), the utterance's audio,
`SpeechPaused` after a short silence (a hint to decode speculatively), and `SpeechEnded`
after a longer one, with `last_voiced_ms` = the end of the last voiced frame. Audio outside
utterances is not passed on. Defaults were chosen by measurement: see docs/voice.md.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import webrtcvad

from pipeline.frames import (
    SAMPLE_RATE,
    AudioChunk,
    EndOfStream,
    Frame,
    Pcm16,
    SpeechEnded,
    SpeechPaused,
    SpeechStarted,
    wall_ms,
)
from pipeline.graph import Stage


@dataclass(frozen=True)
class EndpointerConfig:
    """Endpointing knobs; all durations in ms."""

    aggressiveness: int = 3
    """webrtcvad mode 0 (lenient) … 3 (strict about what is speech)."""
    frame_ms: int = 20
    """VAD frame: 10, 20 or 30 ms."""
    pre_roll_ms: int = 300
    """Audio kept before the first voiced frame so first words are not clipped."""
    start_window_ms: int = 100
    start_voiced_ms: int = 60
    """Speech starts when this much of the last `start_window_ms` is voiced."""
    pause_ms: int = 140
    """Silence after which `SpeechPaused` is sent (speculative decode)."""
    end_silence_ms: int = 400
    """Silence (as webrtcvad sees it) after which the utterance ends."""
    refine_end_db: float = 26.0
    """webrtcvad keeps saying "voiced" ~100 ms after speech stops; `last_voiced_ms` is moved
    back to the last frame within this many dB of the utterance's loudest frame (0 = off)."""

    def __post_init__(self) -> None:
        if self.frame_ms not in (10, 20, 30):
            raise ValueError("frame_ms must be 10, 20 or 30")
        if not 0 <= self.aggressiveness <= 3:
            raise ValueError("aggressiveness must be 0..3")
        if not self.pause_ms < self.end_silence_ms:
            raise ValueError("pause_ms must be shorter than end_silence_ms")


class Endpointer(Stage):
    """`AudioChunk`s in; utterance frames and the utterances' audio (in VAD frames) out."""

    def __init__(self, config: EndpointerConfig | None = None) -> None:
        super().__init__()
        self.config = cfg = config or EndpointerConfig()
        self._vad = webrtcvad.Vad(cfg.aggressiveness)
        self._frame_samples = SAMPLE_RATE * cfg.frame_ms // 1000
        self._pending = np.zeros(0, dtype=np.int16)
        self._pending_start_ms = 0.0
        self._pending_wall_ms = 0.0
        self._window: deque[bool] = deque(maxlen=max(1, cfg.start_window_ms // cfg.frame_ms))
        self._pre_roll: deque[AudioChunk] = deque(
            maxlen=max(1, (cfg.pre_roll_ms + cfg.start_window_ms) // cfg.frame_ms)
        )
        self._utterance_id = 0
        self._in_speech = False
        self._start_ms = 0.0
        self._last_voiced_ms = 0.0
        self._last_voiced_wall_ms = 0.0
        self._silence_ms = 0
        self._paused_sent = False
        self._peak_rms = 0.0
        self._recent_voiced: deque[tuple[AudioChunk, float]] = deque(maxlen=max(1, 300 // cfg.frame_ms))

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    async def process_frame(self, frame: Frame) -> None:
        if isinstance(frame, AudioChunk):
            await self._accept(frame)
        elif isinstance(frame, EndOfStream):
            if self._in_speech:
                if len(self._pending):
                    await self.push(
                        AudioChunk(pcm=self._pending, start_ms=self._pending_start_ms, voiced=False)
                    )
                await self._end(
                    self._pending_start_ms + len(self._pending) * 1000 / SAMPLE_RATE,
                    complete=frame.completes_utterance,
                )
            self._pending = np.zeros(0, dtype=np.int16)
            await self.push(frame)
        else:
            await self.push(frame)

    async def _accept(self, chunk: AudioChunk) -> None:
        if len(self._pending) == 0:
            self._pending_start_ms = chunk.start_ms
        self._pending = np.concatenate([self._pending, chunk.pcm])
        self._pending_wall_ms = chunk.received_wall_ms
        n = self._frame_samples
        while len(self._pending) >= n:
            pcm, self._pending = self._pending[:n], self._pending[n:]
            start = self._pending_start_ms
            self._pending_start_ms += self.config.frame_ms
            await self._on_vad_frame(pcm, start, self._pending_wall_ms)

    def is_voiced(self, pcm: Pcm16) -> bool:
        """webrtcvad's verdict on one frame of `frame_ms` at 16 kHz."""
        return bool(self._vad.is_speech(pcm.tobytes(), SAMPLE_RATE))

    async def _on_vad_frame(self, pcm: Pcm16, start_ms: float, received_wall_ms: float) -> None:
        cfg = self.config
        voiced = self.is_voiced(pcm)
        chunk = AudioChunk(pcm=pcm, start_ms=start_ms, received_wall_ms=received_wall_ms, voiced=voiced)
        if not self._in_speech:
            self._pre_roll.append(chunk)
            self._window.append(voiced)
            if sum(self._window) * cfg.frame_ms >= cfg.start_voiced_ms:
                await self._start(chunk)
            return
        await self.push(chunk)
        if voiced:
            rms = float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2)))
            self._peak_rms = max(self._peak_rms, rms)
            self._recent_voiced.append((chunk, rms))
            self._last_voiced_ms = chunk.end_ms
            self._last_voiced_wall_ms = received_wall_ms
            self._silence_ms = 0
            self._paused_sent = False
            return
        self._silence_ms += cfg.frame_ms
        if self._silence_ms >= cfg.end_silence_ms:
            await self._end(chunk.end_ms, complete=True)
        elif self._silence_ms >= cfg.pause_ms and not self._paused_sent:
            self._paused_sent = True
            await self.push(
                SpeechPaused(
                    utterance_id=self._utterance_id, last_voiced_ms=self._refined_end()[0], at_ms=chunk.end_ms
                )
            )

    def _refined_end(self) -> tuple[float, float]:
        """(stream ms, wall ms) of the last voiced frame loud enough to be speech, not VAD hangover."""
        if self.config.refine_end_db > 0 and self._recent_voiced:
            floor = self._peak_rms * 10 ** (-self.config.refine_end_db / 20)
            for chunk, rms in reversed(self._recent_voiced):
                if rms >= floor:
                    return chunk.end_ms, chunk.received_wall_ms
        return self._last_voiced_ms, self._last_voiced_wall_ms

    async def _start(self, trigger: AudioChunk) -> None:
        # keep pre_roll_ms before the first voiced frame of the trigger window
        frames = list(self._pre_roll)
        first_voiced = next(i for i, f in enumerate(frames) if f.voiced)
        keep_from = max(0, first_voiced - self.config.pre_roll_ms // self.config.frame_ms)
        frames = frames[keep_from:]
        self._utterance_id += 1
        self._in_speech = True
        self._start_ms = frames[0].start_ms
        self._silence_ms = 0
        self._paused_sent = False
        self._last_voiced_ms = trigger.end_ms
        self._last_voiced_wall_ms = trigger.received_wall_ms
        self._peak_rms = 0.0
        self._recent_voiced.clear()
        for f in frames:
            if f.voiced:
                rms = float(np.sqrt(np.mean(f.pcm.astype(np.float64) ** 2)))
                self._peak_rms = max(self._peak_rms, rms)
                self._recent_voiced.append((f, rms))
        await self.push(SpeechStarted(utterance_id=self._utterance_id, start_ms=self._start_ms))
        for f in frames:
            await self.push(f)
        self._pre_roll.clear()
        self._window.clear()

    async def _end(self, at_ms: float, *, complete: bool) -> None:
        self._in_speech = False
        self._window.clear()
        self._pre_roll.clear()
        last_voiced_ms, last_voiced_wall_ms = self._refined_end()
        await self.push(
            SpeechEnded(
                utterance_id=self._utterance_id,
                start_ms=self._start_ms,
                last_voiced_ms=last_voiced_ms,
                at_ms=at_ms,
                last_voiced_wall_ms=last_voiced_wall_ms or wall_ms(),
                complete=complete,
            )
        )
