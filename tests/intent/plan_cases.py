"""One check shared by the tables of phrasings (setup, text, expected plan rows or "UNSURE")."""

from __future__ import annotations

from typing import Any

from bench.parse_corpus import context_for
from pipeline.intent import parse
from pipeline.intent.describe import describe


def check_case(setup: Any, text: str, expected: Any) -> None:
    ctx = context_for({"setup": setup} if setup else {})
    plan = parse(text, ctx)
    if expected == "UNSURE":  # read, but held under the bar: the speaker is asked before anything is done
        assert plan.confidence < 0.6 or plan.clarification is not None or plan.error is not None, plan
        return
    assert plan.error is None and plan.clarification is None, plan
    assert plan.confidence >= 0.6, plan.doubts
    assert describe(plan, ctx) == expected
