"""End of speech → all actions committed, over real WebRTC, against a real server process.

    python -m bench.bench_voice [--runs 10]

The server (`voicedesk serve`, its own process, real PostgreSQL scratch database, tiny.en)
hears espeak-ng speech streamed in real time by the aiortc client. For each run it reports
the server's own figures, measured from the backdated end of speech (the last voiced frame):
endpoint delay, ASR final delay, parse, execute and end of speech → committed; and the
client's view: audio end → result event received. Prints p50/p95 and peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import aiohttp

from bench.harness import peak_rss_mb, scratch_database, serve_process, sign_in, summary
from bench.voice_client import read_wav_48k, speak, synthesize
from pipeline.ice import allow_loopback_candidates

SHORT = "Create an engineering channel called Platform Migration and add Tom."
SEED = ("Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: budget review due "
        "Friday, campaign brief due next Monday, and vendor shortlist due next Wednesday. Budget review blocks "
        "the other two. Share the brand guidelines with the channel.")
STAGES = ("endpoint_delay_ms", "asr_final_delay_ms", "end_of_speech_to_final_ms", "parse_ms", "execute_ms",
          "end_of_speech_to_commit_ms")


async def measure(url: str, name: str, text: str, runs: int, folder: Path) -> None:
    pcm = read_wav_48k(synthesize(text, folder / f"{name}.wav"))
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    client_ms: list[float] = []
    failures: list[str] = []
    async with aiohttp.ClientSession() as http:
        headers = await sign_in(http, url, "alex")
    token = headers["Authorization"].split()[1]
    for _ in range(runs):
        run = await speak(url, token, pcm, on_event=None, timeout_s=30)
        result = run.first("result")
        if result is None or result.get("status") != "completed":
            final = run.first("final")
            failures.append(f"{final['text'] if final else '(no final)'} → "
                            f"{(result or {}).get('error') or 'no result'}")
            continue
        client_ms.append(next(e["t_ms"] for e in run.events if e.get("type") == "result"))
        timings = result.get("timings_ms") or {}
        for stage in STAGES:
            if isinstance(timings.get(stage), int | float):
                stages[stage].append(float(timings[stage]))
    print(f"\n== {name}: {runs} runs, {len(pcm) / 48000:.1f} s of speech")
    for stage in STAGES:
        print(summary(f"  {stage}", stages[stage]))
    print(summary("  client: audio end → result received", client_ms))
    for failure in failures:
        print(f"  not completed: {failure}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    allow_loopback_candidates(True)
    folder = Path(tempfile.mkdtemp(prefix="vd-bench-voice-"))
    async with scratch_database() as dsn, serve_process(dsn, env={"VOICEDESK_ICE_LOOPBACK": "true"}) as server:
        await measure(server.url, "one clause", SHORT, args.runs, folder)
        await measure(server.url, "seed example", SEED, args.runs, folder)
        print(f"\npeak RSS: server process {server.peak_rss_mb():.0f} MB, client {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
