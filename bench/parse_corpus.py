"""The phrasing corpus (parse_corpus.jsonl): load it, run one case, compare with what was expected.

Shared by `bench.bench_parse` and `tests/intent` (tests may import bench, never the other way).

Each line: {"text", "setup"?, "expect"?: [action summaries], "error"?: code, "clarify"?: true, "query"?: {...}}.
An expected action is a subset of `describe()`'s row for the action at the same position; an expected
query (a question answered, nothing done) is exactly `describe_query()` of the plan's query.
`setup` names earlier commands (see SETUPS) run first through `apply`, like a conversation.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.demo_org import after, demo_context
from executor.plan import Plan
from pipeline.intent import parse
from pipeline.intent.context import CommandContext
from pipeline.intent.describe import describe, describe_query

CORPUS = Path(__file__).with_name("parse_corpus.jsonl")
# The server runs a plan only at or above this confidence (VOICEDESK_TEXT_/VOICE_MIN_CONFIDENCE, default
# 60 %); below it the speaker is asked, so a benchmark counts such a plan as a question.
ACT_BAR = 0.6

ROADSHOW = (
    "Create a sales channel for the spring roadshow, add Lisa and David, create two tasks: book flights due "
    "Monday and print brochures due next Thursday. Make booking the flights block printing the brochures. "
    "Also share the pitch deck with this channel."
)
PLATFORM = "Start an engineering channel called Platform Migration."
MIGRATION = "Add a task here to write the migration plan for Tom by Wednesday, urgent."
# A busier organisation, as a CEO's console looks after a few weeks: channels with tasks that
# have due dates (for "push it back a week"), a Spanish-named channel, the console "in"
# Infraestructura at the end.
CEO = [
    "Create a marketing channel called Brand Refresh and add Lisa and Sarah.",
    "Create five tasks here: press release, logo review, photo shoot, deck review and print brochures.",
    "Create a finance channel called Q4 Close and add Priya and Mike.",
    "Create four tasks here: reconcile invoices due Friday, budget review due next Monday, "
    "plan the offsite due December 10 and revisar facturas.",
    "Create a sales channel called Roadshow.",
    "Create an engineering channel called Infraestructura and add David.",
    "Create a task here to write the migration plan.",
]
SETUPS: dict[str, list[str]] = {
    "ceo": CEO,
    "platform": [PLATFORM],
    "migration": [PLATFORM, MIGRATION],
    "roadshow": [ROADSHOW],
    "both": [ROADSHOW, PLATFORM],
}


@dataclass
class Outcome:
    ok: bool
    why: str
    plan: Plan
    got: list[dict[str, object]]
    parse_ms: float


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def context_for(case: dict[str, Any]) -> CommandContext:
    ctx = demo_context()
    setup = case.get("setup") or []
    for text in SETUPS[setup] if isinstance(setup, str) else setup:
        ctx = after(ctx, parse(text, ctx), ACT_BAR)
    return ctx


def run(case: dict[str, Any], ctx: CommandContext | None = None) -> Outcome:
    ctx = ctx or context_for(case)
    start = time.perf_counter()
    plan = parse(case["text"], ctx)
    ms = (time.perf_counter() - start) * 1000
    got = [describe_query(plan.query, ctx)] if plan.query is not None else describe(plan, ctx)
    return Outcome(*_compare(case, plan, got), plan, got, ms)


# What a person reads in a message or a reminder: the same words whether the first letter is a capital,
# the sentence ends with a full stop, or the reminder carries its label ("Reminder: ", "Recordatorio: ").
_SAID = frozenset({"content", "message"})
_LABEL = re.compile(r"^(?:reminder|recordatorio)\s*:\s*", re.I)


def _said(text: str) -> str:
    text = _LABEL.sub("", text.strip()).rstrip(".!¡?¿ ").strip()
    return text[:1].lower() + text[1:]


def _compare(case: dict[str, Any], plan: Plan, got: list[dict[str, object]]) -> tuple[bool, str]:
    if "query" in case:
        if plan.kind != "query" or plan.actions or plan.error or plan.clarification:
            said = plan.error.code if plan.error else "a clarification" if plan.clarification else f"{len(plan.actions)} actions"
            return False, f"expected the question {case['query']} answered, got {said}"
        if plan.confidence < ACT_BAR:
            return False, f"not sure enough to answer ({plan.confidence:.2f}: {'; '.join(plan.doubts[:3])})"
        return got == [case["query"]], f"expected the question {case['query']}, got {got}"
    if "error" in case:
        code = plan.error.code if plan.error else None
        return code == case["error"] and not plan.actions, f"expected error {case['error']}, got {code}"
    if case.get("clarify"):
        asks = plan.clarification is not None and not plan.actions
        return asks or (plan.error is None and plan.confidence < ACT_BAR), "expected a clarification"
    if plan.error or plan.clarification:
        return False, f"unexpected {plan.error or plan.clarification}"
    if plan.confidence < ACT_BAR:
        return False, f"not sure enough to act ({plan.confidence:.2f}: {'; '.join(plan.doubts[:3])})"
    expect = case["expect"]
    if [e["type"] for e in expect] != [g["type"] for g in got]:
        return False, f"types {[e['type'] for e in expect]} != {[g['type'] for g in got]}"
    for i, (e, g) in enumerate(zip(expect, got, strict=True)):
        for key, value in e.items():
            if key in _SAID and isinstance(value, str) and isinstance(g.get(key), str):
                if _said(g[key]) != _said(value):  # type: ignore[arg-type]
                    return False, f"action {i + 1} {key}: expected {value!r}, got {g.get(key)!r}"
            elif g.get(key) != value:
                return False, f"action {i + 1} {key}: expected {value!r}, got {g.get(key)!r}"
    return True, ""
