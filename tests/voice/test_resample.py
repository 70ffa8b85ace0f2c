from __future__ import annotations

import fractions
import itertools

import av
import numpy as np

from pipeline.frames import AudioChunk, EndOfStream, InputAudio
from pipeline.graph import drive
from pipeline.resample import Resampler, ResampleStage


def webrtc_frame(i: int) -> av.AudioFrame:
    """What aiortc delivers: 20 ms of 48 kHz stereo s16 (960 samples per channel)."""
    t = (np.arange(960) + i * 960) / 48_000
    mono = (np.sin(2 * np.pi * 440 * t) * 10_000).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(np.repeat(mono, 2).reshape(1, -1), format="s16", layout="stereo")
    frame.sample_rate = 48_000
    frame.pts = i * 960
    frame.time_base = fractions.Fraction(1, 48_000)
    return frame


def test_one_second_of_48k_stereo_becomes_16000_mono_samples() -> None:
    r = Resampler()
    out = [r.resample(webrtc_frame(i)) for i in range(50)]
    out.append(r.flush())
    pcm = np.concatenate(out)
    assert pcm.dtype == np.int16
    assert pcm.ndim == 1
    assert abs(len(pcm) - 16_000) <= 16  # within 1 ms
    # the 440 Hz tone survives: its energy is where it should be
    spectrum = np.abs(np.fft.rfft(pcm[1000:9000].astype(float)))
    assert abs(np.argmax(spectrum) * 16_000 / 8000 - 440) < 5


def test_numpy_pcm_at_other_rates_is_resampled() -> None:
    r = Resampler()
    pcm = np.concatenate([r.resample_pcm(np.zeros(22_050, np.int16), 22_050), r.flush()])
    assert abs(len(pcm) - 16_000) <= 16


async def test_stage_stamps_chunks_with_stream_time_in_ms() -> None:
    frames = [InputAudio(av_frame=webrtc_frame(i)) for i in range(10)] + [EndOfStream()]
    out = await drive(ResampleStage(), frames)
    chunks = [f for f in out if isinstance(f, AudioChunk)]
    assert isinstance(out[-1], EndOfStream)
    for a, b in itertools.pairwise(chunks):
        assert abs(a.end_ms - b.start_ms) < 1e-6
    assert abs(chunks[-1].end_ms - 200) <= 1.0
