"""The recogniser puts commas and periods anywhere: after a word that needs what follows it ("add",
"assign it to", "called") a mark changes nothing about the plan."""

from __future__ import annotations

import pytest

from bench.demo_org import demo_context
from pipeline.intent import parse

SAID = [
    ("Create an engineering channel called platform migration and add Tom.",
     ["and add, Tom.", "and add. Tom.", "and add; Tom.", "and Ad, Tom."]),
    ("Create a task called budget review and assign it to Priya.",
     ["assign it to, Priya.", "assign it to. Priya."]),
    ("Create a channel called Spring Deals and add Lisa.",
     ["called, Spring Deals", "called. Spring Deals"]),
    ("Create a task called venue booking and give it to Mike.",
     ["give it to, Mike.", "task called, venue booking"]),
]


def _plan(text: str) -> list[dict[str, object]]:
    plan = parse(text, demo_context())
    assert plan.error is None and plan.clarification is None, (text, plan)
    return [a.model_dump(exclude={"id"}) for a in plan.actions]


@pytest.mark.parametrize(("clean", "variants"), SAID)
def test_a_mark_after_a_word_that_needs_its_object_changes_nothing(clean: str, variants: list[str]) -> None:
    expected = _plan(clean)
    assert expected
    for variant in variants:
        old = variant.replace(",", "").replace(".", "").replace(";", "").replace("Ad ", "add ")
        text = clean.replace(old.rstrip(), variant.rstrip()) if old.rstrip() in clean else clean
        assert text != clean, f"variant {variant!r} does not apply to {clean!r}"
        assert _plan(text) == expected, text
