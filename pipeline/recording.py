"""What the server heard and decoded, on disk, for finding where a word went.

With `VoiceConfig.record_dir` set, a session writes into that folder, per session:
- `<name>.wav`: every 16 kHz sample that reached the endpointer (after resampling), so a word
  missing from a transcript can be looked for in the audio the server actually received;
- `<name>.jsonl`: one line per event in stream time: VAD frames as runs (`voiced` from/to),
  speech start/pause/end, and every decode (window start/end in stream ms, text, compute ms),
  and the final transcript.
`RecordingRecognizer` wraps a recogniser to log each decode; `AudioTap` is the stage that keeps
the audio. Both only observe: frames pass through unchanged.
"""

from __future__ import annotations

import json
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.frames import (
    SAMPLE_RATE,
    AudioChunk,
    EndOfStream,
    FinalTranscript,
    Frame,
    Pcm16,
    SpeechEnded,
    SpeechPaused,
    SpeechStarted,
)
from pipeline.graph import Stage
from pipeline.whisper import Decoded, Recognizer


@dataclass
class SessionLog:
    """Events of one session in stream time, written as JSON lines at the end."""

    path_stem: Path
    events: list[dict[str, Any]] = field(default_factory=list)
    audio: list[Pcm16] = field(default_factory=list)
    decoded: list[Pcm16] = field(default_factory=list)
    """The exact audio of each decode, in order (`<stem>.decode-<n>.wav`)."""

    def add(self, kind: str, **values: Any) -> None:
        self.events.append({"event": kind, **values})

    def write(self) -> None:
        self.path_stem.parent.mkdir(parents=True, exist_ok=True)
        write_wav(self.path_stem.with_suffix(".wav"), np.concatenate(self.audio) if self.audio else None)
        for n, pcm in enumerate(self.decoded, 1):
            write_wav(self.path_stem.with_suffix(f".decode-{n}.wav"), pcm)
        with self.path_stem.with_suffix(".jsonl").open("w") as out:
            for event in self.events:
                out.write(json.dumps(event, default=str) + "\n")


def write_wav(path: Path, pcm: Pcm16 | None) -> None:
    """16 kHz mono int16 WAV."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(np.zeros(0, np.int16).tobytes() if pcm is None else pcm.astype("<i2").tobytes())


class AudioTap(Stage):
    """Keeps every `AudioChunk` (the endpointer's input) and logs utterance frames; passes all on."""

    def __init__(self, log: SessionLog) -> None:
        super().__init__()
        self.log = log
        self._samples = 0

    async def process_frame(self, frame: Frame) -> None:
        if isinstance(frame, AudioChunk):
            if not self._samples:
                self.log.add("audio_start", start_ms=frame.start_ms)
            self.log.audio.append(frame.pcm)
            self._samples += len(frame.pcm)
        elif isinstance(frame, EndOfStream):
            self.log.add("end_of_stream", reason=frame.reason, audio_ms=self._samples * 1000 / SAMPLE_RATE)
        await self.push(frame)


class EventTap(Stage):
    """After the endpointer: logs VAD decisions (as voiced/unvoiced runs) and utterance frames."""

    def __init__(self, log: SessionLog) -> None:
        super().__init__()
        self.log = log
        self._run: dict[str, Any] | None = None

    async def process_frame(self, frame: Frame) -> None:
        if isinstance(frame, AudioChunk):
            voiced = bool(frame.voiced)
            if self._run is None or self._run["voiced"] != voiced or self._run["to_ms"] != frame.start_ms:
                self._close_run()
                self._run = {"voiced": voiced, "from_ms": frame.start_ms, "to_ms": frame.end_ms}
            else:
                self._run["to_ms"] = frame.end_ms
        elif isinstance(frame, SpeechStarted):
            self._close_run()
            self.log.add("speech_started", utterance=frame.utterance_id, start_ms=frame.start_ms)
        elif isinstance(frame, SpeechPaused):
            self.log.add("speech_paused", utterance=frame.utterance_id, last_voiced_ms=frame.last_voiced_ms,
                         at_ms=frame.at_ms)
        elif isinstance(frame, SpeechEnded):
            self._close_run()
            self.log.add("speech_ended", utterance=frame.utterance_id, last_voiced_ms=frame.last_voiced_ms,
                         at_ms=frame.at_ms, complete=frame.complete)
        elif isinstance(frame, FinalTranscript):
            self.log.add("final", utterance=frame.utterance_id, text=frame.text, end_ms=frame.end_ms)
        elif isinstance(frame, EndOfStream):
            self._close_run()
        await self.push(frame)

    def _close_run(self) -> None:
        if self._run is not None:
            self.log.add("vad", **self._run)
            self._run = None


class RecordingRecognizer:
    """A `Recognizer` that logs each decode: its audio length, text and compute time."""

    def __init__(self, inner: Recognizer, log: SessionLog) -> None:
        self.inner = inner
        self.log = log

    async def decode(
        self,
        pcm: Pcm16,
        *,
        prompt: str = "",
        previous_text: str = "",
        language: str | None = None,
        words: bool = False,
        alternatives: int = 0,
    ) -> Decoded:
        evidence: dict[str, Any] = {"words": True, "alternatives": alternatives} if words else {}
        result = await self.inner.decode(pcm, prompt=prompt, previous_text=previous_text, language=language, **evidence)
        self.log.decoded.append(np.array(pcm, dtype=np.int16))
        self.log.add("decode", n=len(self.log.decoded), audio_ms=result.audio_ms, text=result.text, compute_ms=round(result.compute_ms, 1),
                     previous_text=previous_text)
        return result
