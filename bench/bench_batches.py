"""Run batches of phrasings written blind (bench/batches/*.jsonl) and sort the outcomes.

    python -m bench.bench_batches bench/batches/batch4_en.jsonl bench/batches/batch5_es.jsonl

Same line format as bench/parse_corpus.jsonl, plus "family". Each case is parsed and compared
by `bench.parse_corpus.run` / `_compare`; the outcome falls in one bucket:

- right:              what was expected;
- asked:              an action plan was expected; the parser asked or refused (nothing done);
- refused otherwise:  a refusal was expected and nothing was done, but with another error code
                      or a clarification instead of an error (or the other way round);
- silently wrong:     actions were produced and differ from what was expected, actions were
                      produced where a refusal was expected, or the plan was empty without a
                      word where actions were expected (the speaker believes it was done);
- crashed:            the parser raised.

Setup steps that fail (error or clarification) are skipped, as a server would apply nothing;
a setup step that fails is noted on the case's line (expected in the failed_reference family).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.demo_org import after, demo_context
from bench.parse_corpus import ACT_BAR, SETUPS, run
from pipeline.intent import parse
from pipeline.intent.context import CommandContext

BUCKETS = ["right", "asked", "refused otherwise", "silently wrong", "crashed"]


def _context(case: dict[str, Any]) -> tuple[CommandContext, list[str]]:
    """The case's conversation so far; failed setup steps leave the context unchanged."""
    ctx = demo_context()
    notes: list[str] = []
    setup = case.get("setup") or []
    for i, text in enumerate(SETUPS[setup] if isinstance(setup, str) else setup, 1):
        try:
            plan = parse(text, ctx)
        except Exception as exc:  # a benchmark reports, it does not stop
            notes.append(f"setup {i} raised {type(exc).__name__}")
            continue
        if plan.error or plan.clarification or plan.confidence < ACT_BAR:
            what = f"error {plan.error.code}" if plan.error else "clarification"
            notes.append(f"setup {i} refused ({what})")
        ctx = after(ctx, plan, ACT_BAR)
    return ctx, notes


def classify(case: dict[str, Any]) -> tuple[str, str, list[str]]:
    ctx, notes = _context(case)
    try:
        out = run(case, ctx)
    except Exception as exc:
        return "crashed", f"{type(exc).__name__}: {exc}", notes
    plan = out.plan
    if out.ok:
        return "right", "", notes
    if "query" in case and plan.kind == "query" and not (plan.error or plan.clarification):
        return "silently wrong", f"{out.why} (a wrong answer shown as fact)", notes
    refusal = "error" in case or bool(case.get("clarify"))
    said = (
        f"error {plan.error.code}"
        if plan.error
        else ("clarification: " + plan.clarification.question if plan.clarification else "")
    )
    if plan.actions and not (plan.error or plan.clarification) and plan.confidence < ACT_BAR:
        said = f"low confidence {plan.confidence:.2f}: {'; '.join(plan.doubts[:2])}"
    elif plan.actions and not (plan.error or plan.clarification):
        why = out.why if not refusal else "expected a refusal, got actions"
        return "silently wrong", f"{why}; got {json.dumps(out.got, ensure_ascii=False)}", notes
    if refusal:
        return "refused otherwise", f"{out.why}; said {said or 'nothing (empty plan)'}", notes
    if not said:
        return "silently wrong", "empty plan, no error and no question", notes
    return "asked", said, notes


def report(path: Path) -> Counter[str]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: Counter[str] = Counter()
    by_family: dict[str, Counter[str]] = defaultdict(Counter)
    lines: list[str] = []
    for n, case in enumerate(cases, 1):
        bucket, why, notes = classify(case)
        family = case.get("family", "?")
        counts[bucket] += 1
        by_family[family][bucket] += 1
        if bucket != "right":
            note = f" [{'; '.join(notes)}]" if notes else ""
            lines.append(f"  {bucket.upper():17} #{n} ({family}) {case['text']!r}{note}\n      -> {why}")
        elif notes and family != "failed_reference":
            lines.append(f"  {'RIGHT (note)':17} #{n} ({family}) {case['text']!r} [{'; '.join(notes)}]")
    print(f"== {path} ==")
    print(f"total {len(cases)} | " + " | ".join(f"{b} {counts[b]}" for b in BUCKETS))
    print("per family:")
    for family, c in sorted(by_family.items()):
        print(f"  {family:20} " + "  ".join(f"{b} {c[b]}" for b in BUCKETS if c[b]))
    print("not right:")
    print("\n".join(lines) if lines else "  (none)")
    print()
    return counts


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    total: Counter[str] = Counter()
    for arg in argv:
        total += report(Path(arg))
    if len(argv) > 1:
        print("== all ==")
        print(f"total {sum(total.values())} | " + " | ".join(f"{b} {total[b]}" for b in BUCKETS))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
