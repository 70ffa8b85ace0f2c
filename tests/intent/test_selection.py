"""Bulk phrases pick tasks by what they are; a filter not understood never widens the choice."""

from __future__ import annotations

from bench.parse_corpus import context_for
from pipeline.intent import parse
from pipeline.intent.describe import describe


def _rows(text: str) -> list[dict[str, object]]:
    ctx = context_for({"setup": "ceo"})
    plan = parse(text, ctx)
    assert plan.error is None and plan.clarification is None, plan
    return describe(plan, ctx)


def test_all_of_a_persons_tasks() -> None:
    assert _rows("make all of Priya's tasks urgent") == [
        {"type": "UPDATE_TASK", "task": "Prepare Q4 report", "priority": "urgent"}
    ]


def test_everything_due_this_week_is_due_before_next_monday() -> None:
    # reconcile invoices is due Friday 27 Nov; budget review next Monday is not this week
    assert _rows("mark everything due this week as high priority") == [
        {"type": "UPDATE_TASK", "task": "reconcile invoices", "priority": "high"}
    ]


def test_every_unassigned_task_in_a_channel() -> None:
    rows = _rows("give Sarah every unassigned task in Brand Refresh")
    assert [r["task"] for r in rows] == ["press release", "logo review", "photo shoot", "deck review", "print brochures"]
    assert {r["user_id"] for r in rows} == {"Sarah"}


def test_no_match_asks_and_an_unknown_owner_fails() -> None:
    ctx = context_for({"setup": "ceo"})
    empty = parse("assign all of Tom's open tasks to Lisa", ctx)
    assert not empty.actions and empty.clarification is not None
    unknown = parse("make all of Zed's tasks urgent", ctx)
    assert not unknown.actions and unknown.error is not None and unknown.error.code == "unknown_person"


def test_a_filter_it_does_not_know_is_not_a_selection() -> None:
    ctx = context_for({"setup": "ceo"})
    plan = parse("make all the shiny tasks urgent", ctx)
    assert not plan.actions or plan.confidence < 0.6


def test_everything_without_a_filter_asks_and_my_means_the_speaker() -> None:
    ctx = context_for({"setup": "ceo"})
    for text in ("mark everything as done", "make everything due this week high priority"):
        plan = parse(text, ctx)
        assert not plan.actions and plan.clarification is not None, (text, plan)
    # no task in this organisation is assigned to Alex (the speaker): nothing matches, so it asks
    mine = parse("mark all my tasks as done", ctx)
    assert not mine.actions and mine.clarification is not None
