"""Real faster-whisper (bundled tiny.en) on espeak-ng speech."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bench.bench_asr import word_error_rate
from pipeline.frames import FinalTranscript, Frame, PartialTranscript
from pipeline.session import VoiceSession
from pipeline.whisper import ModelNotFoundError, WhisperRecognizer, load_model

from .conftest import ORG_PROMPT, silence

pytestmark = pytest.mark.voice

SHORT = "Create a marketing channel and add Sarah."
SEED = (
    "Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: budget review "
    "due Friday, campaign brief due next Monday, and vendor shortlist due next Wednesday. Budget review "
    "blocks the other two. Share the brand guidelines with the channel."
)


def test_a_missing_model_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        load_model(str(tmp_path / "nowhere"))
    (tmp_path / "split").mkdir()
    (tmp_path / "split" / "model.bin.part1").write_bytes(b"")
    with pytest.raises(ModelNotFoundError, match=r"cat .*model\.bin\.part\*"):
        load_model(str(tmp_path / "split"))


def test_fast_decode_matches_transcribe_on_espeak_speech(
    recognizer: WhisperRecognizer, speak: Callable
) -> None:
    pcm = speak(SHORT)
    fast = recognizer.decode_sync(pcm, ORG_PROMPT)
    segments, _ = recognizer.model.transcribe(
        pcm.astype(np.float32) / 32768,
        language="en",
        beam_size=1,
        initial_prompt=ORG_PROMPT,
        without_timestamps=True,
    )
    naive = " ".join(s.text.strip() for s in segments)
    assert word_error_rate(naive, fast.text) <= 0.15
    assert word_error_rate(SHORT, fast.text) <= 0.15


async def test_espeak_command_through_the_pipeline_gives_the_final_transcript(
    recognizer: WhisperRecognizer, speak: Callable
) -> None:
    finals: list[dict] = []

    async def on_final(final: FinalTranscript) -> dict:
        finals.append({"text": final.text})
        return {"ok": True}

    events: list[Frame] = []

    async def on_event(frame: Frame) -> None:
        events.append(frame)

    session = VoiceSession(recognizer, prompt=ORG_PROMPT, on_final=on_final)
    pcm = np.concatenate([silence(500), speak(SEED), silence(800)])
    await session.feed_pcm(pcm, on_event)
    (final,) = [e for e in events if isinstance(e, FinalTranscript)]
    assert word_error_rate(SEED, final.text) <= 0.2, final.text
    assert finals == [{"text": final.text}]
    assert any(isinstance(e, PartialTranscript) for e in events)
    assert final.timings.decodes >= 1


async def test_realtime_short_command_final_arrives_soon_after_the_endpoint(
    recognizer: WhisperRecognizer, speak: Callable
) -> None:
    events: list[Frame] = []

    async def on_event(frame: Frame) -> None:
        events.append(frame)

    session = VoiceSession(recognizer, prompt=ORG_PROMPT)
    await session.feed_pcm(
        np.concatenate([silence(400), speak(SHORT), silence(700)]), on_event, realtime=True
    )
    (final,) = [e for e in events if isinstance(e, FinalTranscript)]
    assert word_error_rate(SHORT, final.text) <= 0.15, final.text
    # generous bound (shared CI machines); bench/bench_asr.py measures the real figure
    assert final.timings.asr_final_delay_ms < 1000
