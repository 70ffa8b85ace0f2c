"""Typed frames that flow between pipeline stages.

Frames are plain dataclasses. Times named `*_ms` are milliseconds of *stream time*: audio
position from the start of the stream at 16 kHz, so they are exact and reproducible.
Times named `*_wall_ms` are `time.perf_counter()` readings in ms, used only for latency.

`SystemFrame`s (errors, metrics, cancellation) bypass the bounded data queues between
stages; every other frame keeps its order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000
"""Sample rate of every `AudioChunk` (Hz)."""

Pcm16 = npt.NDArray[np.int16]


def wall_ms() -> float:
    """Monotonic wall clock in ms (`time.perf_counter`), the base of every `*_wall_ms`."""
    return time.perf_counter() * 1000.0


@dataclass(kw_only=True)
class Frame:
    """Base of every frame."""


@dataclass(kw_only=True)
class SystemFrame(Frame):
    """A frame that jumps the data queue (errors, metrics, cancellation)."""


@dataclass(kw_only=True)
class InputAudio(Frame):
    """Audio as it arrives: an `av.AudioFrame` (any rate/layout) or interleaved int16 PCM."""

    av_frame: Any = None
    pcm: Pcm16 | None = None
    sample_rate: int = SAMPLE_RATE
    channels: int = 1
    received_wall_ms: float = field(default_factory=wall_ms)


@dataclass(kw_only=True)
class AudioChunk(Frame):
    """16 kHz mono int16 audio; `start_ms`/`end_ms` are stream time."""

    pcm: Pcm16
    start_ms: float
    received_wall_ms: float = field(default_factory=wall_ms)
    voiced: bool | None = None

    @property
    def duration_ms(self) -> float:
        return len(self.pcm) * 1000.0 / SAMPLE_RATE

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.duration_ms


@dataclass(kw_only=True)
class SpeechStarted(Frame):
    """Start of an utterance, backdated by the pre-roll (`start_ms` is stream time)."""

    utterance_id: int
    start_ms: float
    wall_ms: float = field(default_factory=wall_ms)


@dataclass(kw_only=True)
class SpeechPaused(Frame):
    """A short pause inside an utterance: decode speculatively now.

    `last_voiced_ms` is the end of the last voiced frame (stream time); `at_ms` is where the
    endpointer stood when it noticed the pause.
    """

    utterance_id: int
    last_voiced_ms: float
    at_ms: float
    wall_ms: float = field(default_factory=wall_ms)


@dataclass(kw_only=True)
class SpeechEnded(Frame):
    """End of an utterance.

    `last_voiced_ms` is the backdated end of speech (stream time) and `last_voiced_wall_ms`
    when that audio arrived; `complete` is False when the stream stopped mid-utterance.
    """

    utterance_id: int
    start_ms: float
    last_voiced_ms: float
    at_ms: float
    last_voiced_wall_ms: float
    wall_ms: float = field(default_factory=wall_ms)
    complete: bool = True

    @property
    def endpoint_delay_ms(self) -> float:
        """Wall time from the last voiced audio's arrival to this decision (ms)."""
        return self.wall_ms - self.last_voiced_wall_ms


@dataclass(kw_only=True)
class PartialTranscript(Frame):
    """Words so far: `confirmed` will not change, `tentative` may."""

    utterance_id: int
    confirmed: str
    tentative: str
    audio_ms: float
    lag_ms: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(t for t in (self.confirmed, self.tentative) if t)


@dataclass(kw_only=True)
class UtteranceTimings:
    """Per-utterance timings in ms, measured from the backdated end of speech."""

    speech_ms: float
    endpoint_delay_ms: float
    asr_final_delay_ms: float
    final_decode_ms: float
    decoded_tail_ms: float
    decodes: int
    skipped_decodes: int
    max_lag_ms: float
    evidence_ms: float = 0.0
    """Of the final decode's time, what word probabilities and alternative readings took."""

    @property
    def end_of_speech_to_final_ms(self) -> float:
        return self.endpoint_delay_ms + self.asr_final_delay_ms

    def as_dict(self) -> dict[str, float]:
        return {
            "speech_ms": round(self.speech_ms, 1),
            "endpoint_delay_ms": round(self.endpoint_delay_ms, 1),
            "asr_final_delay_ms": round(self.asr_final_delay_ms, 1),
            "end_of_speech_to_final_ms": round(self.end_of_speech_to_final_ms, 1),
            "final_decode_ms": round(self.final_decode_ms, 1),
            "decoded_tail_ms": round(self.decoded_tail_ms, 1),
            "decodes": self.decodes,
            "skipped_decodes": self.skipped_decodes,
            "max_lag_ms": round(self.max_lag_ms, 1),
            "evidence_ms": round(self.evidence_ms, 1),
        }


@dataclass(frozen=True)
class Word:
    """A word of a transcript as written (punctuation attached) and how sure the recogniser was of it:
    the probability of its tokens under the decode that wrote it (product over the tokens that hold a
    letter or digit), None when not measured."""

    text: str
    probability: float | None = None


@dataclass(frozen=True)
class Hypothesis:
    """One reading of an utterance. `score`: mean log-probability per token of the final decode's
    segment (CTranslate2's length-normalised score; higher is likelier). `words`: the text's words
    with their probabilities (empty when the recogniser gave none)."""

    text: str
    score: float = 0.0
    words: tuple[Word, ...] = ()


@dataclass(kw_only=True)
class FinalTranscript(Frame):
    """The utterance's text once speech ended; `complete` False if the stream stopped.

    `hypotheses`: the recogniser's readings, best first; the first is `text` with its word
    probabilities, the others differ from it in words (not only marks) in the final decode's segment
    (n-best of its beam search). Empty when the recogniser gives no such evidence."""

    utterance_id: int
    text: str
    start_ms: float
    end_ms: float
    language: str | None
    timings: UtteranceTimings
    complete: bool = True
    hypotheses: tuple[Hypothesis, ...] = ()
    wall_ms: float = field(default_factory=wall_ms)

    @property
    def words(self) -> tuple[Word, ...]:
        """The words of `text` with their probabilities (empty when not measured)."""
        return self.hypotheses[0].words if self.hypotheses else ()


@dataclass(kw_only=True)
class CommandResult(Frame):
    """What running a final transcript's command returned (from `VoiceSession.on_final`)."""

    utterance_id: int
    payload: dict[str, Any]


@dataclass(kw_only=True)
class Metrics(SystemFrame):
    """Free-form numeric metrics, e.g. `{"asr_lag_ms": 420.0}`."""

    values: dict[str, float]
    utterance_id: int | None = None


@dataclass(kw_only=True)
class Error(SystemFrame):
    """A readable error: `code` for machines, `message` for people."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    utterance_id: int | None = None


@dataclass(kw_only=True)
class EndOfStream(Frame):
    """No more audio. `reason`: "input_done" (caller finished) or "stopped"/"track_ended"."""

    reason: str = "input_done"

    @property
    def completes_utterance(self) -> bool:
        """Whether speech in progress counts as finished (only when input ended by design)."""
        return self.reason == "input_done"
