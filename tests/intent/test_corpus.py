"""Every phrasing in corpus.jsonl becomes the plan written next to it."""

from __future__ import annotations

from typing import Any

import pytest

from bench import parse_corpus as corpus

CASES = corpus.load()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] or "<empty>" for c in CASES])
def test_phrasing(case: dict[str, Any]) -> None:
    outcome = corpus.run(case)
    assert outcome.ok, (
        f"{outcome.why}\n got: {outcome.got}\n plan: {outcome.plan.model_dump_json(exclude_none=True)[:1500]}"
    )
