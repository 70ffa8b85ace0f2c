"""End of speech → final transcript, streamed at real time through the pipeline (no WebRTC).

    python -m bench.bench_asr            # 10 runs each of short commands and the seed's example
    python -m bench.bench_asr --runs 3 --model /path/to/ctranslate2-whisper
    python -m bench.bench_asr --evidence compare --no-naive   # the cost of n-best + word probabilities

For each run, espeak-ng speech (with 500 ms of silence before and 1 s after) is fed to a
`VoiceSession` in 20 ms frames at the speed of speech. Latency is measured from the *true*
end of speech (the last sample above -40 dBFS in the clean audio) to the `FinalTranscript`.
The naive baseline is the same endpoint followed by `WhisperModel.transcribe()` (30 s
window) on the whole utterance. Prints p50/p95, WER of both, and peak RSS.

`--evidence compare` runs every utterance without the recogniser's evidence (no word probabilities,
no n-best), with it as configured (n-best only when a word is unsure), and with the n-best decode
forced, and prints for each end of speech → final and the time the evidence took in the final decode
(`timings.evidence_ms`: probabilities, n-best beam; p50/p95).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import resource
import statistics
import subprocess
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SHORT_COMMANDS = [
    "Create a marketing channel and add Sarah.",
    "Assign the budget review to Mike, due Friday.",
    "Add Priya to the engineering channel.",
    "Create a task called vendor shortlist, due next Wednesday.",
    "Share the brand guidelines with the design channel.",
]
SEED_EXAMPLE = (
    "Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: budget review "
    "due Friday, campaign brief due next Monday, and vendor shortlist due next Wednesday. Budget review "
    "blocks the other two. Share the brand guidelines with the channel."
)
PEOPLE = ["Sarah Chen", "Mike Ross", "Priya Patel"]
CHANNELS = ["marketing", "design", "engineering"]
TASKS = ["budget review", "campaign brief", "vendor shortlist"]


def _words(text: str) -> list[str]:
    text = text.lower().replace("q1", "q one")
    return re.sub(r"[^a-z0-9' ]+", " ", text).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, ignoring case and punctuation."""
    ref, hyp = _words(reference), _words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        diagonal, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            best = min(row[j] + 1, row[j - 1] + 1, diagonal + (ref[i - 1] != hyp[j - 1]))
            diagonal, row[j] = row[j], best
    return row[len(hyp)] / max(1, len(ref))


def espeak_16k(text: str, folder: Path, voice: str = "en-us") -> np.ndarray[Any, np.dtype[np.int16]]:
    """espeak-ng speech at 16 kHz mono int16."""
    raw, out = folder / "raw.wav", folder / "16k.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    with wave.open(str(out)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).copy()


@dataclass
class RunResult:
    text: str
    final: str
    eos_to_final_ms: float
    endpoint_ms: float
    naive_final: str
    naive_eos_to_final_ms: float
    evidence_ms: float = 0.0
    readings: int = 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def one_run(
    recognizer: Any,
    prompt: str,
    text: str,
    speech: np.ndarray[Any, np.dtype[np.int16]],
    naive: bool,
    evidence: bool = True,
) -> RunResult:
    from pipeline.asr import StreamingConfig
    from pipeline.frames import FinalTranscript, Frame
    from pipeline.session import VoiceConfig, VoiceSession

    lead_ms = 500
    pcm = np.concatenate([np.zeros(16 * lead_ms, np.int16), speech, np.zeros(16_000, np.int16)])
    audible = np.nonzero(np.abs(speech.astype(np.int32)) > 328)[0]  # -40 dBFS
    true_end_ms = lead_ms + audible[-1] / 16
    finals: list[FinalTranscript] = []

    async def on_event(frame: Frame) -> None:
        if isinstance(frame, FinalTranscript):
            finals.append(frame)

    streaming = StreamingConfig() if evidence else StreamingConfig(words=False, alternatives=0)
    session = VoiceSession(recognizer, prompt=prompt, config=VoiceConfig(streaming=streaming))
    start_wall_ms = time.perf_counter() * 1000
    await session.feed_pcm(pcm, on_event, realtime=True)
    final = finals[0]
    true_end_wall = start_wall_ms + true_end_ms
    endpoint_wall = final.wall_ms - final.timings.asr_final_delay_ms
    naive_text, naive_ms = "", float("nan")
    if naive:
        utterance = pcm[int(final.start_ms * 16) : int((final.end_ms + 200) * 16)]
        t0 = time.perf_counter()
        segments, _ = recognizer.model.transcribe(
            utterance.astype(np.float32) / 32768, language="en", initial_prompt=prompt
        )
        naive_text = " ".join(s.text.strip() for s in segments)
        naive_ms = (endpoint_wall - true_end_wall) + (time.perf_counter() - t0) * 1000
    return RunResult(
        text=text,
        final=final.text,
        eos_to_final_ms=final.wall_ms - true_end_wall,
        endpoint_ms=endpoint_wall - true_end_wall,
        naive_final=naive_text,
        naive_eos_to_final_ms=naive_ms,
        evidence_ms=final.timings.evidence_ms,
        readings=max(1, len(final.hypotheses)),
    )


def report(name: str, results: list[RunResult]) -> None:
    ours = [r.eos_to_final_ms for r in results]
    endpoint = [r.endpoint_ms for r in results]
    wer = statistics.mean(word_error_rate(r.text, r.final) for r in results)
    print(f"\n== {name}: {len(results)} runs")
    print(
        f"streaming  end of speech → final: p50 {percentile(ours, 50):6.0f} ms  p95 {percentile(ours, 95):6.0f} ms"
        f"  (endpoint alone p50 {percentile(endpoint, 50):.0f} ms)  WER {wer:.3f}"
    )
    naive = [r.naive_eos_to_final_ms for r in results if not np.isnan(r.naive_eos_to_final_ms)]
    if naive:
        naive_wer = statistics.mean(word_error_rate(r.text, r.naive_final) for r in results if r.naive_final)
        print(
            f"naive      end of speech → final: p50 {percentile(naive, 50):6.0f} ms  p95 {percentile(naive, 95):6.0f} ms"
            f"  WER {naive_wer:.3f}"
        )
    evidence = [r.evidence_ms for r in results]
    if any(evidence):
        print(
            f"evidence in the final decode: p50 {percentile(evidence, 50):5.0f} ms  p95 {percentile(evidence, 95):5.0f} ms"
            f"  (readings per final: mean {statistics.mean(r.readings for r in results):.1f})"
        )
    for r in results[: len({r.text for r in results})]:
        print(f"  said:  {r.text}\n  heard: {r.final}")


async def main_async(args: argparse.Namespace) -> None:
    from pipeline.vad import EndpointerConfig
    from pipeline.whisper import DecodeOptions, WhisperRecognizer, vocabulary_prompt

    t0 = time.perf_counter()
    recognizer = WhisperRecognizer.load(args.model, cpu_threads=args.threads)
    print(
        f"model loaded in {(time.perf_counter() - t0) * 1000:.0f} ms; endpoint silence "
        f"{EndpointerConfig().end_silence_ms} ms"
    )
    prompt = vocabulary_prompt(people=PEOPLE, channels=CHANNELS, tasks=TASKS)
    with tempfile.TemporaryDirectory() as tmp:
        audio = {t: espeak_16k(t, Path(tmp)) for t in [*SHORT_COMMANDS, SEED_EXAMPLE]}
    await one_run(recognizer, prompt, SHORT_COMMANDS[0], audio[SHORT_COMMANDS[0]], naive=False)  # warm-up
    modes = {"on": [("", True)], "off": [("", False)],
             "compare": [(" without evidence", False), (" with evidence", True), (" with n-best forced", True)]}
    always = WhisperRecognizer(recognizer.model, options=DecodeOptions(nbest_below=1.01))
    chosen = modes[args.evidence]
    # Each utterance is said in every mode in turn, so that other load on the machine falls on all alike.
    for name, texts in (("short commands (~2.5-3.5 s)", (SHORT_COMMANDS * args.runs)[: args.runs]),
                        ("seed example (~17 s)", [SEED_EXAMPLE] * args.runs)):
        results: dict[str, list[RunResult]] = {label: [] for label, _ in chosen}
        for t in texts:
            for label, evidence in chosen:
                rec = always if "forced" in label else recognizer
                results[label].append(await one_run(rec, prompt, t, audio[t], naive=not args.no_naive,
                                                    evidence=evidence))
        for label, runs in results.items():
            report(f"{name}{label}", runs)
    always.close()
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    recognizer.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="streaming ASR latency and accuracy")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--model", default=None, help="model path or name (default: bundled tiny.en)")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads per decode (0 = all cores)")
    parser.add_argument("--no-naive", action="store_true", help="skip the transcribe() baseline")
    parser.add_argument("--evidence", choices=("on", "off", "compare"), default="on",
                        help="word probabilities + n-best at the final: as configured, off, or all three ways")
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
