"""Fixtures for the voice pipeline: synthetic and espeak-ng speech, one shared model."""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from pipeline.frames import SAMPLE_RATE, Pcm16
from pipeline.whisper import WhisperRecognizer, vocabulary_prompt

ORG_PROMPT = vocabulary_prompt(
    people=["Sarah Chen", "Mike Ross", "Priya Patel"],
    channels=["marketing", "design", "engineering"],
    tasks=["budget review", "campaign brief", "vendor shortlist"],
)


def tone(ms: int, freq: float = 150.0, amplitude: int = 6000) -> Pcm16:
    """A harmonic-rich tone webrtcvad calls speech, `ms` long at 16 kHz."""
    t = np.arange(SAMPLE_RATE * ms // 1000) / SAMPLE_RATE
    wave_ = sum(np.sin(2 * np.pi * freq * k * t) / k for k in range(1, 20))
    return (np.asarray(wave_) * amplitude).astype(np.int16)


def silence(ms: int) -> Pcm16:
    return np.zeros(SAMPLE_RATE * ms // 1000, dtype=np.int16)


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed; install it with: apt-get install -y espeak-ng sox")


@pytest.fixture(scope="session")
def speak(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Pcm16]:
    """`speak(text, voice="en-us")` → 16 kHz mono int16 espeak-ng speech (made with sox)."""
    _require("espeak-ng")
    _require("sox")
    folder = tmp_path_factory.mktemp("espeak")
    made: dict[tuple[str, str], Pcm16] = {}

    def _speak(text: str, voice: str = "en-us") -> Pcm16:
        if (text, voice) not in made:
            raw, out = folder / f"{len(made)}.raw.wav", folder / f"{len(made)}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
            with wave.open(str(out)) as w:
                made[(text, voice)] = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).copy()
        return made[(text, voice)]

    return _speak


@pytest.fixture(scope="session")
def recognizer() -> Iterator[WhisperRecognizer]:
    """The bundled tiny.en, loaded once for all voice tests."""
    rec = WhisperRecognizer.load()
    yield rec
    rec.close()


@pytest.fixture
def tmp_wav(tmp_path: Path) -> Path:
    return tmp_path / "audio.wav"
