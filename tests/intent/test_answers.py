"""pipeline.intent.answers: what counts as "never mind", "undo that", an option chosen, and the answer put back
into the command it answers (the whole flow against PostgreSQL is tests/conversation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.demo_org import demo_context
from pipeline.intent import parse
from pipeline.intent.answers import PENDING_TTL, Pending, is_cancel, is_undo, pick_option
from pipeline.intent.parser import answer


@pytest.mark.parametrize("text", ["never mind", "Never mind. Never mind.", "cancel", "forget it", "olvídalo",
                                  "déjalo", "no importa", "nah forget about it", "scratch that"])
def test_cancel(text):
    assert is_cancel(text)


@pytest.mark.parametrize("text", ["cancel the website copy task", "never mind the deadline, make it urgent",
                                  "forget about the budget review task, Tom will do it"])
def test_not_a_cancel(text):
    assert not is_cancel(text)


@pytest.mark.parametrize("text", ["undo that", "Undo.", "please undo the last command", "take that back",
                                  "deshaz eso", "deshacer", "oops, undo that", "revert that"])
def test_undo(text):
    assert is_undo(text)


def test_heard_undo_only_when_spoken():
    assert is_undo("And do that.", spoken=True) and is_undo("Do the last command.", spoken=True)
    assert not is_undo("And do that.") and not is_undo("do the website copy", spoken=True)
    assert not is_undo("undo the website copy changes and make it urgent")


OPTIONS = ["General", "Q4 Planning", "Website Redesign", "Leadership"]


@pytest.mark.parametrize(("said", "chosen"), [("the second one", "Q4 Planning"), ("el primero", "General"),
                                               ("the last one", "Leadership"), ("website", "Website Redesign"),
                                               ("Leadership.", "Leadership"), ("the planning one", "Q4 Planning"),
                                               ("something else", None), ("the fifth", None)])
def test_pick_option(said, chosen):
    assert pick_option(said, OPTIONS) == chosen


def _pending(text: str) -> tuple[Pending, object]:
    ctx = demo_context()
    plan = parse(text, ctx)
    assert plan.clarification is not None, plan
    q = plan.clarification
    return Pending(text, q.question, q.options, q.details, ctx.now), ctx


def test_names_for_counted_tasks_keep_place_and_date():
    pending, ctx = _pending("Create three tasks in Q4 Planning due Friday")
    got = answer(pending, "Call them budget review, press kit and venue.", ctx)
    assert got is not None
    plan, read_as = got
    assert [a.title for a in plan.actions] == ["budget review", "press kit", "venue"]
    assert {a.due_date for a in plan.actions} != {None} and "Q4 Planning" in read_as


def test_too_few_names_or_a_new_command_are_not_answers():
    pending, ctx = _pending("Create three tasks in Q4 Planning")
    assert answer(pending, "budget review and press kit", ctx) is None
    assert answer(pending, "what's the weather like", ctx) is None


def test_a_choice_fills_the_phrase_asked_about():
    pending, ctx = _pending("add Lisa to this channel")
    got = answer(pending, "the third one", ctx)
    assert got is not None and "Website Redesign" in got[1]


def test_expiry():
    asked = datetime.now(UTC)
    p = Pending("x", "q", [], {}, asked)
    assert not p.expired(asked + PENDING_TTL) and p.expired(asked + PENDING_TTL + timedelta(seconds=1))
    assert Pending.from_json(p.to_json()) == p
