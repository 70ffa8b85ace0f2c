"""When recognition is slower than speech, decodes are skipped, audio is not."""

from __future__ import annotations

import asyncio

import numpy as np

from pipeline.asr import StreamingConfig
from pipeline.frames import FinalTranscript, Frame, Metrics, Pcm16
from pipeline.session import VoiceConfig, VoiceSession
from pipeline.vad import EndpointerConfig
from pipeline.whisper import Decoded

from .conftest import silence, tone


class SlowRecognizer:
    """A deliberately slow fake (600 ms per decode) that reports how much audio it got."""

    def __init__(self, seconds: float = 0.6) -> None:
        self.seconds = seconds
        self.decoded_samples: list[int] = []

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
        await asyncio.sleep(self.seconds)
        self.decoded_samples.append(len(pcm))
        return Decoded(text=f"<{len(pcm)} samples>", audio_ms=len(pcm) / 16, compute_ms=self.seconds * 1000)


async def test_slow_recognition_skips_redecodes_reports_lag_and_keeps_all_audio() -> None:
    fake = SlowRecognizer()
    config = VoiceConfig(
        endpointer=EndpointerConfig(pre_roll_ms=300, end_silence_ms=400),
        streaming=StreamingConfig(interval_ms=200, min_cut_ms=60_000),
    )
    session = VoiceSession(fake, config=config)
    events: list[Frame] = []

    async def on_event(frame: Frame) -> None:
        events.append(frame)

    pcm = np.concatenate([silence(500), tone(3000), silence(700)])
    await session.feed_pcm(pcm, on_event, realtime=True)

    (final,) = [e for e in events if isinstance(e, FinalTranscript)]
    assert final.timings.skipped_decodes > 0
    lags = [e.values["asr_lag_ms"] for e in events if isinstance(e, Metrics) and "asr_lag_ms" in e.values]
    assert lags and max(lags) >= 200
    assert final.timings.max_lag_ms >= 200
    # the final decode saw the whole utterance: pre-roll + 3 s of tone (+ a little tail); after it,
    # only its first 2 s and last 1.25 s were decoded again (the head and tail checks, which found
    # nothing to add here)
    whole, head, tail = fake.decoded_samples[-3:]
    assert whole >= 16 * (3000 + 280)
    assert head == 16 * config.streaming.head_check_ms
    assert tail == 16 * config.streaming.tail_check_ms
    assert final.text == f"<{whole} samples>"
