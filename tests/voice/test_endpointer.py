from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pipeline.frames import AudioChunk, EndOfStream, Frame, SpeechEnded, SpeechPaused, SpeechStarted
from pipeline.graph import drive
from pipeline.vad import Endpointer, EndpointerConfig

from .conftest import silence, tone


def chunks(pcm: np.ndarray, ms: int = 20) -> list[Frame]:
    step = 16 * ms
    return [AudioChunk(pcm=pcm[i : i + step], start_ms=i / 16) for i in range(0, len(pcm), step)]


def of(kind: type, frames: list[Frame]) -> list:
    return [f for f in frames if isinstance(f, kind)]


async def test_tone_between_silences_is_one_utterance_with_backdated_times() -> None:
    cfg = EndpointerConfig(pre_roll_ms=300, end_silence_ms=400, pause_ms=140)
    out = await drive(Endpointer(cfg), chunks(np.concatenate([silence(1000), tone(1000), silence(1000)])))
    (started,) = of(SpeechStarted, out)
    (ended,) = of(SpeechEnded, out)
    assert 1000 - 300 - 20 <= started.start_ms <= 1000 - 280  # pre-roll kept before the first voiced frame
    assert abs(ended.last_voiced_ms - 2000) <= 40  # backdated to the end of the tone
    assert ended.at_ms - ended.last_voiced_ms >= 400  # decided only after end_silence_ms
    assert ended.complete
    (paused,) = of(SpeechPaused, out)
    assert paused.last_voiced_ms == ended.last_voiced_ms
    assert out.index(paused) < out.index(ended)
    audio = of(AudioChunk, out)
    assert audio[0].start_ms == started.start_ms  # the pre-roll is forwarded first
    assert audio[-1].end_ms == ended.at_ms


async def test_a_short_gap_is_a_pause_not_an_end() -> None:
    pcm = np.concatenate([silence(500), tone(600), silence(350), tone(600), silence(800)])
    out = await drive(Endpointer(EndpointerConfig(end_silence_ms=400, pause_ms=140)), chunks(pcm))
    assert len(of(SpeechStarted, out)) == 1
    assert len(of(SpeechEnded, out)) == 1
    assert len(of(SpeechPaused, out)) == 2


async def test_silence_alone_produces_nothing() -> None:
    out = await drive(Endpointer(), [*chunks(silence(2000)), EndOfStream()])
    assert [type(f) for f in out] == [EndOfStream]


async def test_end_of_stream_mid_utterance_is_marked_incomplete_unless_input_done() -> None:
    pcm = np.concatenate([silence(400), tone(800)])
    stopped = await drive(Endpointer(), [*chunks(pcm), EndOfStream(reason="stopped")])
    assert of(SpeechEnded, stopped)[0].complete is False
    done = await drive(Endpointer(), [*chunks(pcm), EndOfStream(reason="input_done")])
    assert of(SpeechEnded, done)[0].complete is True


async def test_odd_sized_input_chunks_are_reframed_to_vad_frames() -> None:
    pcm = np.concatenate([silence(500), tone(700), silence(700)])
    out = await drive(Endpointer(EndpointerConfig(frame_ms=30)), chunks(pcm, ms=7))
    assert {len(c.pcm) for c in of(AudioChunk, out)} == {480}
    assert len(of(SpeechEnded, out)) == 1


async def test_espeak_command_is_one_utterance_ending_near_the_last_word(speak: Callable) -> None:
    speech = speak("Create a marketing channel for Q1 launch, add Sarah and Mike.")
    pcm = np.concatenate([silence(500), speech, silence(1000)])
    out = await drive(Endpointer(), chunks(pcm))
    (started,) = of(SpeechStarted, out)
    (ended,) = of(SpeechEnded, out)
    voiced = np.nonzero(np.abs(speech.astype(int)) > 300)[0]
    true_start, true_end = 500 + voiced[0] / 16, 500 + voiced[-1] / 16
    assert started.start_ms <= true_start - 250
    # webrtcvad hangs on ~100 ms after the last audible sample
    assert true_end - 40 <= ended.last_voiced_ms <= true_end + 200
