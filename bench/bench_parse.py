"""Parse accuracy and speed of the intent parser on the phrasing corpus (no database).

    python -m bench.bench_parse                  # accuracy (% exact) and p50/p95 parse time in ms
    python -m bench.bench_parse --repeat 20      # more timing samples per phrase
    python -m bench.bench_parse --failures       # list the phrases that do not parse as expected
    python -m bench.bench_parse --compare-dates  # our date grammar vs dateparser / Duckling / parsedatetime

Accuracy is the share of corpus lines (bench/parse_corpus.jsonl, which tests/intent also runs)
whose plan matches the expected summary exactly. Time is `parse()` alone, measured per call with perf_counter,
after one warm-up pass; the conversation set-up commands are not timed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.intent import parse


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_corpus(repeat: int, show_failures: bool) -> None:
    from bench import parse_corpus as corpus

    cases = corpus.load()
    contexts = [corpus.context_for(c) for c in cases]
    for case, ctx in zip(cases, contexts, strict=True):  # warm-up: regex compilation, imports
        parse(case["text"], ctx)
    exact = 0
    times: list[float] = []
    failures: list[str] = []
    for case, ctx in zip(cases, contexts, strict=True):
        outcome = corpus.run(case, ctx)
        exact += outcome.ok
        if not outcome.ok:
            failures.append(f"  {case['text'][:90]!r}: {outcome.why}")
        for _ in range(repeat):
            start = time.perf_counter()
            parse(case["text"], ctx)
            times.append((time.perf_counter() - start) * 1000)
    seed = next(c for c in cases if c["text"].startswith("Create a marketing channel for Q1 launch"))
    seed_ctx = corpus.context_for(seed)
    seed_times = []
    for _ in range(max(20, repeat)):
        start = time.perf_counter()
        parse(seed["text"], seed_ctx)
        seed_times.append((time.perf_counter() - start) * 1000)
    print(f"corpus: {len(cases)} phrasings, {exact} exact = {100 * exact / len(cases):.1f}% accuracy")
    print(
        f"parse time over {len(times)} calls: p50 {_percentile(times, 0.5):.2f} ms, "
        f"p95 {_percentile(times, 0.95):.2f} ms, max {max(times):.2f} ms"
    )
    print(f"the seed's 20-second example: p50 {statistics.median(seed_times):.2f} ms")
    if show_failures and failures:
        print("failures:")
        print("\n".join(failures))


# ---- date grammar comparison ---------------------------------------------------------------

TZ_NAME = "America/New_York"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(TZ_NAME))  # a Wednesday
# (phrase, expected local "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"), by the conventions in docs/intent.md
DATE_CASES: list[tuple[str, str]] = [
    ("today", "2026-11-25"),
    ("tomorrow", "2026-11-26"),
    ("Friday", "2026-11-27"),
    ("by Wednesday", "2026-12-02"),
    ("Monday", "2026-11-30"),
    ("this Friday", "2026-11-27"),
    ("next Friday", "2026-12-04"),
    ("next Thursday", "2026-12-03"),
    ("next Monday", "2026-11-30"),
    ("in two weeks", "2026-12-09"),
    ("in 3 days", "2026-11-28"),
    ("end of month", "2026-11-30"),
    ("end of the week", "2026-11-27"),
    ("next week", "2026-12-04"),
    ("the 15th", "2026-12-15"),
    ("the 30th", "2026-11-30"),
    ("December 15", "2026-12-15"),
    ("the 3rd of January", "2027-01-03"),
    ("on Thursday at 10", "2026-11-26 10:00"),
    ("at 9 am", "2026-11-26 09:00"),
    ("noon", "2026-11-25 12:00"),
    ("tomorrow at 4:30 pm", "2026-11-26 16:30"),
    ("Monday at noon", "2026-11-30 12:00"),
    ("in 2 hours", "2026-11-25 12:00"),
    ("2026-12-01", "2026-12-01"),
    ("el viernes", "2026-11-27"),
    ("mañana", "2026-11-26"),
    ("la próxima semana", "2026-12-04"),
    ("el 15", "2026-12-15"),
    ("el jueves a las 10", "2026-11-26 10:00"),
    ("en dos semanas", "2026-12-09"),
]

Resolver = Callable[[str], datetime | None]


def _ours() -> Resolver:
    from pipeline.intent.builder import DUE_TIME
    from pipeline.intent.dates import find_dates
    from pipeline.intent.spanish import looks_spanish, to_english

    def resolve(phrase: str) -> datetime | None:
        text = (
            to_english(phrase)
            if looks_spanish(phrase) or phrase.split()[0] in {"mañana", "el", "la", "en"}
            else phrase
        )
        spans = find_dates(text, NOW)
        return spans[-1].resolve(NOW, DUE_TIME) if spans else None

    return resolve


def _dateparser() -> Resolver:
    import dateparser

    settings = {
        "RELATIVE_BASE": NOW.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "TIMEZONE": TZ_NAME,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }

    def resolve(phrase: str) -> datetime | None:
        return dateparser.parse(phrase, languages=["en", "es"], settings=settings)  # type: ignore[arg-type]

    return resolve


def _parsedatetime() -> Resolver:
    import parsedatetime

    cal = parsedatetime.Calendar()

    def resolve(phrase: str) -> datetime | None:
        value, status = cal.parseDT(phrase, sourceTime=NOW.replace(tzinfo=None))
        return value if status else None

    return resolve


def _duckling() -> Resolver:
    import duckling

    zones = duckling.load_time_zones("/usr/share/zoneinfo")
    ref = duckling.parse_ref_time(zones, TZ_NAME, int(NOW.timestamp()))
    dims = duckling.parse_dimensions(["time"])
    contexts = {
        lang: duckling.Context(ref, duckling.default_locale_lang(duckling.parse_lang(lang)))
        for lang in ("EN", "ES")
    }

    def resolve(phrase: str) -> datetime | None:
        lang = "ES" if any(w in phrase for w in ("el ", "mañana", "la ", "en ")) else "EN"
        found = [r for r in duckling.parse(phrase, contexts[lang], dims, False) if r.get("dim") == "time"]
        if not found:
            return None
        value = found[0]["value"]
        raw = value.get("value") or (value.get("values") or [{}])[0].get("value")
        return datetime.fromisoformat(raw).replace(tzinfo=None) if raw else None

    return resolve


def compare_dates(repeat: int) -> None:
    candidates: dict[str, Callable[[], Resolver]] = {
        "own grammar": _ours,
        "dateparser": _dateparser,
        "duckling": _duckling,
        "parsedatetime": _parsedatetime,
    }
    print(f"{len(DATE_CASES)} phrases, now = {NOW:%a %Y-%m-%d %H:%M} {TZ_NAME}")
    for name, make in candidates.items():
        try:
            resolve = make()
        except Exception as exc:  # not installed: say so and go on
            print(f"{name:14} not available ({type(exc).__name__}: {exc})")
            continue
        right, wrong, times = 0, [], []
        for phrase, expected in DATE_CASES:
            start = time.perf_counter()
            try:
                for _ in range(repeat):
                    got = resolve(phrase)
            except Exception:
                got = None
            times.append((time.perf_counter() - start) * 1000 / repeat)
            shown = got.strftime("%Y-%m-%d %H:%M" if " " in expected else "%Y-%m-%d") if got else "-"
            if shown == expected:
                right += 1
            else:
                wrong.append(f"{phrase!r}->{shown}")
        print(
            f"{name:14} {right}/{len(DATE_CASES)} right, p50 {_percentile(times, 0.5):.3f} ms, "
            f"p95 {_percentile(times, 0.95):.3f} ms; wrong: {', '.join(wrong) or 'none'}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="timed parses per phrase")
    ap.add_argument("--failures", action="store_true", help="list phrases that did not parse as expected")
    ap.add_argument("--compare-dates", action="store_true", help="compare date resolvers instead")
    args = ap.parse_args()
    if args.compare_dates:
        compare_dates(max(1, args.repeat))
    else:
        bench_corpus(max(1, args.repeat), args.failures)


if __name__ == "__main__":
    main()
