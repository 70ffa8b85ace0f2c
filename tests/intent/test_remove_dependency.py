"""A dependency taken away by command: "B no longer depends on A", "A doesn't block B anymore", "unblock B".

REMOVE_DEPENDENCY(task=B, depends_on_task=A) reads as CREATE_DEPENDENCY does: B stops waiting on A.
"""

from __future__ import annotations

import dataclasses

import pytest

from bench.demo_org import TASK, demo_context
from pipeline.intent import parser
from pipeline.intent.answers import Pending

REPORT, DESIGNER, CONTRACTS, COPY = (TASK[t].id for t in ("Prepare Q4 report", "Hire a designer",
                                                          "Review vendor contracts", "Update website copy"))


def _plan(text: str, ctx=None):
    return parser.parse(text, ctx or demo_context())


def _removals(plan):
    assert plan.error is None and plan.clarification is None, (plan.error, plan.clarification)
    assert plan.confidence >= 0.8, plan.doubts
    return [(a.type, a.task, a.depends_on_task, a.either_way) for a in plan.actions]


@pytest.mark.parametrize("text", [
    "Hire a designer no longer depends on the Q4 report.",
    "Hire a designer doesn't depend on the Q4 report anymore.",
    "hire a designer does not depend on the Q4 report any more",
    "The Q4 report doesn't block hire a designer anymore.",
    "The Q4 report no longer blocks hiring a designer.",
    "The Q4 report isn't blocking hire a designer anymore",
    "Hire a designer is no longer blocked by the Q4 report.",
    "Hire a designer doesn't need to wait for the Q4 report anymore.",
    "Hire a designer can start without the Q4 report.",
    "Remove the dependency of hire a designer on the Q4 report.",
    "Remove the dependency on the Q4 report from hire a designer.",
    "Unblock hire a designer from the Q4 report.",
    "Hire a designer ya no depende del Q4 report.",
    "The Q4 report ya no bloquea hire a designer.",
])
def test_a_said_direction_removes_that_dependency(text):
    assert _removals(_plan(text)) == [("REMOVE_DEPENDENCY", DESIGNER, REPORT, False)]


@pytest.mark.parametrize("text", [
    "Remove the dependency between hire a designer and the Q4 report.",
    "Delete the dependency between hire a designer and the Q4 report",
    "drop the dependency between hire a designer and the Q4 report",
    "Unlink hire a designer from the Q4 report.",
    "Quita la dependencia entre hire a designer y the Q4 report.",
])
def test_the_dependency_between_two_tasks_is_removed_whichever_way_it_runs(text):
    assert _removals(_plan(text)) == [("REMOVE_DEPENDENCY", DESIGNER, REPORT, True)]


def test_the_summary_says_who_no_longer_waits_on_whom():
    plan = _plan("The Q4 report no longer blocks the vendor contracts.")
    assert [a.summary for a in plan.actions] == ["'Review vendor contracts' no longer waits on 'Prepare Q4 report'"]


def test_saying_a_dependency_still_creates_one():
    plan = _plan("Hire a designer depends on the Q4 report.")
    assert [(a.type, a.task, a.depends_on_task) for a in plan.actions] == [("CREATE_DEPENDENCY", DESIGNER, REPORT)]


def test_an_unknown_task_fails_rather_than_making_one():
    plan = _plan("The budget spreadsheet no longer blocks hire a designer.")
    assert not plan.actions and (plan.error is not None or plan.clarification is not None)


def _blocked(*blockers):
    ctx = demo_context()
    tasks = [dataclasses.replace(t, blocked_by=tuple(blockers)) if t.id == DESIGNER else t for t in ctx.tasks]
    return dataclasses.replace(ctx, tasks=tasks)


def test_unblock_with_one_open_blocker_removes_that_dependency():
    assert _removals(_plan("Unblock hire a designer.", _blocked(REPORT))) == [
        ("REMOVE_DEPENDENCY", DESIGNER, REPORT, False)]


def test_unblock_with_several_blockers_asks_which():
    plan = _plan("Unblock hire a designer", _blocked(REPORT, CONTRACTS))
    assert not plan.actions and plan.clarification is not None
    assert plan.clarification.options == ["Prepare Q4 report", "Review vendor contracts"]


def test_unblock_without_blockers_fails_clearly():
    plan = _plan("Unblock hire a designer")
    assert not plan.actions and plan.error is not None and plan.error.code == "no_blockers"
    assert "Hire a designer" in plan.error.message


def test_the_answer_to_which_blocker_removes_that_one():
    ctx = _blocked(REPORT, CONTRACTS)
    plan = _plan("Unblock hire a designer", ctx)
    assert plan.clarification is not None
    pending = Pending("Unblock hire a designer", plan.clarification.question, plan.clarification.options,
                      plan.clarification.details, ctx.now)
    answered = parser.answer(pending, "the vendor contracts", ctx)
    assert answered is not None
    assert _removals(answered[0]) == [("REMOVE_DEPENDENCY", DESIGNER, CONTRACTS, False)]


def test_unblock_after_a_dependency_was_made_in_the_conversation(converse):
    made, unblocked = converse("The Q4 report blocks hire a designer.", "Unblock hire a designer.")
    assert [a.type for a in made.actions] == ["CREATE_DEPENDENCY"]
    assert _removals(unblocked) == [("REMOVE_DEPENDENCY", DESIGNER, REPORT, False)]


@pytest.mark.parametrize("text", [
    "Link the General channel to Q4 Planning.",
    "Remove Lisa from the Website Redesign channel.",
])
def test_channel_commands_are_left_to_the_channel_readers(text):
    assert all(a.type != "REMOVE_DEPENDENCY" for a in _plan(text).actions)


@pytest.mark.parametrize("text", [
    "The website copy doesn't need Lisa anymore.",
    "Hire a designer doesn't need a deadline anymore.",
    "Unblock Lisa.",
    "Remove the link between General and Q4 Planning.",
])
def test_what_is_not_two_tasks_is_no_removed_dependency(text):
    assert all(a.type != "REMOVE_DEPENDENCY" for a in _plan(text).actions)
