"""Frames → the JSON events sent to the speaker's browser over the WebRTC data channel.

Shape: `{"type": "partial"|"final"|"result"|"error"|"metrics"|"vad", ...}`. The command's own
`plan` and `progress` events are sent by the server (server.voice) as the executor reports them,
not as pipeline frames: they are not audio-timed and must not wait behind queued audio.
"""

from __future__ import annotations

from typing import Any

from pipeline.frames import (
    CommandResult,
    Error,
    FinalTranscript,
    Frame,
    Metrics,
    PartialTranscript,
    SpeechEnded,
    SpeechStarted,
)


def frame_to_event(frame: Frame) -> dict[str, Any] | None:
    """The data-channel event for a frame, or None for frames the browser does not need."""
    if isinstance(frame, PartialTranscript):
        return {
            "type": "partial",
            "utterance_id": frame.utterance_id,
            "confirmed": frame.confirmed,
            "tentative": frame.tentative,
            "text": frame.text,
            "audio_ms": round(frame.audio_ms),
            "lag_ms": round(frame.lag_ms),
        }
    if isinstance(frame, FinalTranscript):
        return {
            "type": "final",
            "utterance_id": frame.utterance_id,
            "text": frame.text,
            "complete": frame.complete,
            "language": frame.language,
            "start_ms": round(frame.start_ms),
            "end_ms": round(frame.end_ms),
            "timings": frame.timings.as_dict(),
            "hypotheses": [{"text": h.text, "score": round(h.score, 3)} for h in frame.hypotheses],
            "words": [
                {"word": w.text, "probability": None if w.probability is None else round(w.probability, 3)}
                for w in frame.words
            ],
        }
    if isinstance(frame, SpeechStarted):
        return {
            "type": "vad",
            "state": "started",
            "utterance_id": frame.utterance_id,
            "start_ms": round(frame.start_ms),
        }
    if isinstance(frame, SpeechEnded):
        return {
            "type": "vad",
            "state": "ended",
            "utterance_id": frame.utterance_id,
            "last_voiced_ms": round(frame.last_voiced_ms),
            "endpoint_delay_ms": round(frame.endpoint_delay_ms, 1),
        }
    if isinstance(frame, CommandResult):
        return {"type": "result", "utterance_id": frame.utterance_id, **frame.payload}
    if isinstance(frame, Error):
        return {
            "type": "error",
            "utterance_id": frame.utterance_id,
            "error": {"code": frame.code, "message": frame.message, "details": frame.details},
        }
    if isinstance(frame, Metrics):
        return {"type": "metrics", "utterance_id": frame.utterance_id, **frame.values}
    return None
