"""Phrasings met in a new session (December 2026): tasks put in a channel with any verb the task reader
knows ("Put three tasks in there: …, and file the report" kept "file the report" as a title, not a request),
and people dropped/stuck into a channel."""

from __future__ import annotations

import pytest

from bench.demo_org import after, demo_context
from pipeline.intent import parser


def _plan(text: str):
    return parser.parse(text, demo_context())


@pytest.mark.parametrize("text", [
    "Put three tasks in Leadership: gather receipts, check ledgers and file the report.",
    "Put three tasks in Leadership: gather receipts, check ledgers, and file the report, all due end of next week.",
    "Log three tasks in Leadership: gather receipts, check ledgers and file the report.",
])
def test_a_counted_list_of_tasks_keeps_a_title_that_starts_with_a_verb(text):
    plan = _plan(text)
    assert plan.error is None and plan.confidence >= 0.9, (plan.error, plan.doubts)
    assert [a.title for a in plan.actions] == ["gather receipts", "check ledgers", "file the report"]


@pytest.mark.parametrize("text, who, where", [
    ("Drop Lisa into the Website Redesign channel.", ["Lisa Wong"], "Website Redesign"),
    ("Stick Tom and Mike in Leadership.", ["Tom Baker", "Mike Johnson"], "Leadership"),
    ("drop lisa into general", ["Lisa Wong"], "General"),
])
def test_people_dropped_into_a_channel_become_members(text, who, where):
    plan = _plan(text)
    assert plan.error is None and plan.confidence >= 0.9, (plan.error, plan.doubts)
    assert [a.summary for a in plan.actions] == [f"Add {p} to {where}" for p in who]


def test_dropping_someone_from_a_channel_still_removes_them():
    plan = _plan("Drop Lisa from the Website Redesign channel.")
    assert [a.type for a in plan.actions] == ["REMOVE_MEMBER"]


@pytest.mark.parametrize("text, title, who", [
    ("Sarah should own the creative brief, due the 10th.", "creative brief", "Sarah Chen"),
    ("Tom needs to take care of the server patching by Friday.", "server patching", "Tom Baker"),
    ("Create a task in Leadership: Sarah should handle the venue booking.", "venue booking", "Sarah Chen"),
    ("Create a task for Tom to own the vendor review.", "vendor review", "Tom Baker"),
    ("Sarah should write the creative brief.", "write the creative brief", "Sarah Chen"),
    ("Create a task called handle the press.", "handle the press", None),
])
def test_whose_task_it_is_is_not_part_of_its_title(text, title, who):
    ctx = demo_context()
    plan = parser.parse(text, ctx)
    assert plan.error is None and plan.clarification is None, (plan.error, plan.clarification)
    (task,) = plan.actions
    assert task.title == title
    names = {p.id: p.full_name for p in ctx.people}
    assert [names[a] for a in task.assignees] == ([who] if who else [])


def test_a_task_for_someone_to_handle_asks_what_it_is():
    plan = _plan("Create a task for Tom to handle.")
    assert not plan.actions and plan.clarification is not None
    assert plan.clarification.question == "What should the task be called?"


@pytest.mark.parametrize("text", [
    "Set the Update website copy estimate to 4 hours.",
    "Set Update website copy's estimate at 4 hours.",
    "Change the update website copy time estimate to four hours.",
])
def test_an_estimate_named_after_its_task_is_set(text):
    plan = _plan(text)
    assert [a.summary for a in plan.actions] == ["Estimate 'Update website copy' at 4 h"]


@pytest.mark.parametrize("text", [
    "Tell the Leadership folks we move on the 22nd.",
    "Tell everyone in Leadership we move on the 22nd.",
    "Tell the team in Leadership we move on the 22nd.",
    "Tell the Leadership team that we move on the 22nd.",
])
def test_who_is_told_is_not_part_of_the_message(text):
    plan = _plan(text)
    assert [a.summary for a in plan.actions] == ["Post in Leadership: We move on the 22nd."]


@pytest.mark.parametrize("text", [
    "Tom should sort out the network setup after the space is found.",
    "Create a task to review the contract once it is signed.",
])
def test_a_title_that_holds_a_condition_is_not_acted_on_unsure(text):
    plan = _plan(text)
    assert plan.confidence < 0.6 and any("holds a dependency" in d for d in plan.doubts), plan.doubts


@pytest.mark.parametrize("text", [
    "Add a task in Leadership for packing, due the 20th, nobody assigned yet.",
    "Create a task in Leadership called packing, unassigned for now.",
])
def test_saying_nobody_is_assigned_is_not_part_of_the_title(text):
    plan = _plan(text)
    assert plan.confidence >= 0.9 and [a.title for a in plan.actions] == ["packing"]
    assert plan.actions[0].assignees == []


def test_an_observer_joins_as_a_member():
    plan = _plan("Add Priya to Leadership as an observer.")
    assert [(a.summary, a.role) for a in plan.actions] == [("Add Priya Patel to Leadership", "member")]


@pytest.mark.parametrize("text", [
    "Dale prioridad alta a Update website copy.",
    "Ponle prioridad alta a Update website copy.",
    "Prioridad alta para Update website copy.",
])
def test_a_priority_given_in_spanish_before_the_task(text):
    plan = parser.parse(text, demo_context(language="es"))
    assert [a.summary for a in plan.actions] == ["Set 'Update website copy' priority high"]


def test_one_more_task_said_after_a_task_goes_where_that_one_went():
    ctx = demo_context()
    first = parser.parse("Create a task in Leadership to set up the ingestion job, Tom, by next Monday.", ctx)
    ctx = after(ctx, first)
    for text, title in (("Also one for Lisa to write the schema docs, due Wednesday.", "write the schema docs"),
                        ("And another one called review the budget.", "review the budget"),
                        ("One more to book the venue.", "book the venue")):
        plan = parser.parse(text, ctx)
        assert plan.confidence >= 0.9 and [a.summary for a in plan.actions] == [
            f"Create task '{title}' in Leadership"], (text, plan.doubts, plan.error)
        ctx = after(ctx, plan)
