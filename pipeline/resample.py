"""Any audio → 16 kHz mono int16 (what webrtcvad and Whisper want).

aiortc hands us 48 kHz stereo s16 `av.AudioFrame`s of 20 ms; tests hand us numpy arrays.
Both go through one `av.AudioResampler`, flushed with `resample(None)` at the end.
"""

from __future__ import annotations

import av
import numpy as np

from pipeline.frames import SAMPLE_RATE, AudioChunk, EndOfStream, Frame, InputAudio, Pcm16
from pipeline.graph import Stage

_LAYOUTS = {1: "mono", 2: "stereo"}


def pcm_to_av_frame(pcm: Pcm16, sample_rate: int, channels: int = 1) -> av.AudioFrame:
    """Wrap interleaved int16 PCM (shape (samples*channels,) or (samples, channels)) as an s16 frame."""
    if channels not in _LAYOUTS:
        raise ValueError(f"unsupported channel count {channels}")
    data = np.ascontiguousarray(pcm, dtype=np.int16).reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(data, format="s16", layout=_LAYOUTS[channels])
    frame.sample_rate = sample_rate
    return frame


class Resampler:
    """Stateful converter to 16 kHz mono int16; keep one per stream."""

    def __init__(self) -> None:
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)

    def resample(self, frame: av.AudioFrame) -> Pcm16:
        """Convert one frame; returns 0..n samples at 16 kHz (the filter keeps a little back)."""
        return self._collect(self._resampler.resample(frame))

    def resample_pcm(self, pcm: Pcm16, sample_rate: int, channels: int = 1) -> Pcm16:
        """Convert interleaved int16 PCM at `sample_rate` Hz."""
        return self.resample(pcm_to_av_frame(pcm, sample_rate, channels))

    def flush(self) -> Pcm16:
        """Return what the filter still holds; call once at the end of the stream."""
        return self._collect(self._resampler.resample(None))

    @staticmethod
    def _collect(frames: list[av.AudioFrame]) -> Pcm16:
        if not frames:
            return np.zeros(0, dtype=np.int16)
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype(np.int16, copy=False)


class ResampleStage(Stage):
    """`InputAudio` → `AudioChunk` at 16 kHz mono, stamped with stream time from sample counts."""

    def __init__(self) -> None:
        super().__init__()
        self._resampler = Resampler()
        self._samples = 0

    async def process_frame(self, frame: Frame) -> None:
        if isinstance(frame, InputAudio):
            if frame.av_frame is not None:
                pcm = self._resampler.resample(frame.av_frame)
            elif frame.pcm is not None and frame.sample_rate == SAMPLE_RATE and frame.channels == 1:
                pcm = np.asarray(frame.pcm, dtype=np.int16)  # already what we want: skip the filter
            elif frame.pcm is not None:
                pcm = self._resampler.resample_pcm(frame.pcm, frame.sample_rate, frame.channels)
            else:
                return
            await self._emit(pcm, frame.received_wall_ms)
        elif isinstance(frame, EndOfStream):
            await self._emit(self._resampler.flush(), None)
            await self.push(frame)
        else:
            await self.push(frame)

    async def _emit(self, pcm: Pcm16, received_wall_ms: float | None) -> None:
        if len(pcm) == 0:
            return
        start_ms = self._samples * 1000.0 / SAMPLE_RATE
        self._samples += len(pcm)
        if received_wall_ms is None:
            await self.push(AudioChunk(pcm=pcm, start_ms=start_ms))
        else:
            await self.push(AudioChunk(pcm=pcm, start_ms=start_ms, received_wall_ms=received_wall_ms))
