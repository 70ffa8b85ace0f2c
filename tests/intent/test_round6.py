"""Families that blind batches 19 and 20 found missing (first runs in bench/batches/batch19_first_run.txt,
batch20_first_run.txt). Each test says the batch's phrasing and variants written for the family."""

from __future__ import annotations

import pytest

from pipeline.intent import parse
from pipeline.intent.context import CommandContext
from pipeline.intent.describe import describe


def rows(text: str, ctx: CommandContext) -> list[dict[str, object]]:
    plan = parse(text, ctx)
    assert plan.error is None and plan.clarification is None and plan.confidence >= 0.6, (plan.error, plan.doubts)
    return describe(plan, ctx)


@pytest.mark.parametrize("text", [
    "remind priya at 4 today that the q4 report is due friday",
    "Remind Priya tomorrow at 9 that the board deck goes out Monday",
])
def test_a_time_before_that_is_the_reminders_and_dates_after_it_are_its_words(ctx: CommandContext, text: str) -> None:
    (row,) = rows(text, ctx)
    said_day = "friday" if "friday" in text else "Monday"
    assert said_day in str(row["message"]), row
    assert row["scheduled_for"] in {"2026-11-25 16:00", "2026-11-26 09:00"}, row


@pytest.mark.parametrize(("text", "channel"), [
    ("post in general no sorry leadership: quarterly bonuses go out friday", "Leadership"),
    ("tell everyone in general, sorry, in Q4 Planning that the audit starts Monday", "Q4 Planning"),
])
def test_a_place_corrected_before_the_message(ctx: CommandContext, text: str, channel: str) -> None:
    (row,) = rows(text, ctx)
    assert row["type"] == "SEND_MESSAGE" and row["channel"] == channel and "sorry" not in str(row["content"]).lower()


@pytest.mark.parametrize("text", [
    "spin up a new engineering channel mobile app and put david tom and lisa in it",
    "create a sales channel called Atlas with mike priya and elena",
])
def test_names_said_without_commas_are_each_a_person(ctx: CommandContext, text: str) -> None:
    (row,) = rows(text, ctx)
    assert len(row["members"]) == 3, row  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "name"), [
    ("Set up Q1 Launch as a marketing channel with Sarah and Mike.", "Q1 Launch"),
    ("Create Vendor Hub as a private operations channel", "Vendor Hub"),
])
def test_x_as_a_kind_of_channel_names_x(ctx: CommandContext, text: str, name: str) -> None:
    (row, *_) = rows(text, ctx)
    assert row["type"] == "CREATE_CHANNEL" and row["name"] == name, row


def test_a_channel_name_ending_in_a_loose_word_asks(ctx: CommandContext) -> None:
    plan = parse("Create a marketing channel called Spring Launch as with Sarah", ctx)
    assert plan.confidence < 0.6 or plan.error or plan.clarification, describe(plan, ctx)


@pytest.mark.parametrize("text", [
    "Create three tasks in Q4 Planning: budget review, launch plan, photo booking. Nothing else can start until the "
    "budget review is done.",
    "Add three tasks to Q4 Planning: budget review, launch plan and photo booking. The others can't begin until the "
    "budget review is finished.",
])
def test_the_others_waiting_on_one_task(ctx: CommandContext, text: str) -> None:
    deps = [(r["task"], r["depends_on_task"]) for r in rows(text, ctx) if r["type"] == "CREATE_DEPENDENCY"]
    assert deps == [("new:launch plan", "new:budget review"), ("new:photo booking", "new:budget review")]


@pytest.mark.parametrize(("text", "waits", "on"), [
    ("The website copy can't start until we've hired the designer.", "Update website copy", "Hire a designer"),
    ("the vendor contracts can't be reviewed until the Q4 report is prepared", "Review vendor contracts", "Prepare Q4 report"),
    ("Let's only hire the designer once the website copy is updated.", "Hire a designer", "Update website copy"),
    ("we should only review the vendor contracts after the q4 report is done", "Review vendor contracts", "Prepare Q4 report"),
])
def test_dependencies_said_as_what_is_done_to_a_task(ctx: CommandContext, text: str, waits: str, on: str) -> None:
    (row,) = rows(text, ctx)
    assert (row["type"], row["task"], row["depends_on_task"]) == ("CREATE_DEPENDENCY", waits, on), row


@pytest.mark.parametrize(("text", "title", "who"), [
    ("Create a sales channel called Partner Program, add Elena, give her a task to draft the partner agreement due Tuesday",
     "draft the partner agreement", "Elena"),
    ("add Tom to Q4 Planning and create a task for him to check the invoices", "check the invoices", "Tom"),
    ("give Tom a task to fix the printer by friday", "fix the printer", "Tom"),
    ("Add a task in Leadership: Sarah needs to draft the Q1 hiring plan by Monday.", "draft the Q1 hiring plan", "Sarah"),
])
def test_whose_task_it_is_said_before_it(ctx: CommandContext, text: str, title: str, who: str) -> None:
    (task,) = [r for r in rows(text, ctx) if r["type"] == "CREATE_TASK"]
    assert task["title"] == title and task["assignees"] == [who], task


@pytest.mark.parametrize("text", ["create a task for her to draft the agreement", "Add a task: Kevin needs to fix the printer"])
def test_an_owner_nobody_can_tell_asks(ctx: CommandContext, text: str) -> None:
    plan = parse(text, ctx)
    assert plan.confidence < 0.6 or plan.error or plan.clarification, describe(plan, ctx)


@pytest.mark.parametrize(("text", "want"), [
    ("website copy's due tuesday", {"type": "SET_DEADLINE", "task": "Update website copy", "due_date": "2026-12-01 17:00"}),
    ("the vendor contracts' due friday", {"type": "SET_DEADLINE", "task": "Review vendor contracts"}),
    ("Put a 12 hour estimate on the Q4 report task.", {"type": "UPDATE_TASK", "task": "Prepare Q4 report", "estimated_hours": 12.0}),
    ("add a two-day estimate to hire a designer", {"type": "UPDATE_TASK", "task": "Hire a designer", "estimated_hours": 16.0}),
])
def test_short_updates_said_loosely(ctx: CommandContext, text: str, want: dict[str, object]) -> None:
    (row,) = rows(text, ctx)
    assert {k: row.get(k) for k in want} == want, row


def test_an_estimate_after_the_modifiers_of_a_new_task(ctx: CommandContext) -> None:
    (row,) = rows("New task: finalize the holiday party budget, assign to Mike, due December 4th, high priority, about 3 hours.", ctx)
    assert (row["title"], row["assignees"], row["priority"], row["estimated_hours"]) == (
        "finalize the holiday party budget", ["Mike"], "high", 3.0)


def test_estimate_it_at_hours_is_not_a_time(converse) -> None:  # type: ignore[no-untyped-def]
    _, plan = converse("Create a task called Renew office lease for Elena due December 15.",
                       "Actually make that high priority and estimate it at 4 hours.")
    assert [(a.type, getattr(a, "priority", None), getattr(a, "estimated_hours", None)) for a in plan.actions] == [
        ("UPDATE_TASK", "high", None), ("UPDATE_TASK", None, 4.0)]


@pytest.mark.parametrize("text", ["Archive the Website Redesign and Q4 Planning channels.", "pause Q4 Planning and Website Redesign"])
def test_several_channels_at_once(ctx: CommandContext, text: str) -> None:
    assert [r["channel"] for r in rows(text, ctx)] == (
        ["Website Redesign", "Q4 Planning"] if text.startswith("Archive") else ["Q4 Planning", "Website Redesign"])


def test_two_shares_in_one_sentence(ctx: CommandContext) -> None:
    got = [(r["resource_id"], r["channel"]) for r in rows(
        "Share the pitch deck with Q4 Planning and the brand guidelines with Website Redesign.", ctx)]
    assert got == [("Pitch Deck", "Q4 Planning"), ("Brand Guidelines", "Website Redesign")]


@pytest.mark.parametrize("text", [
    "create a channel called hiring sprint. three tasks screen resumes, schedule interviews and send offers. "
    "screen resumes blocks schedule interviews which blocks send offers",
    "create a channel called hiring sprint. three tasks screen resumes, schedule interviews and send offers. "
    "screen resumes comes before schedule interviews, which in turn comes before send offers",
])
def test_a_counted_list_without_a_colon_and_a_chain(ctx: CommandContext, text: str) -> None:
    got = rows(text, ctx)
    assert [r["title"] for r in got if r["type"] == "CREATE_TASK"] == ["screen resumes", "schedule interviews", "send offers"]
    assert [(r["task"], r["depends_on_task"]) for r in got if r["type"] == "CREATE_DEPENDENCY"] == [
        ("new:schedule interviews", "new:screen resumes"), ("new:send offers", "new:schedule interviews")]


def test_them_both_and_it_should_block(converse) -> None:  # type: ignore[no-untyped-def]
    from bench.parse_corpus import ROADSHOW

    _, both = converse(ROADSHOW, "assign them both to lisa")
    assert [a.type for a in both.actions] == ["ASSIGN_USER", "ASSIGN_USER"]
    _, block = converse("Add a task to Website Redesign to draft the FAQ page for Lisa.", "and it should block the website copy")
    (dep,) = block.actions
    assert dep.type == "CREATE_DEPENDENCY" and dep.summary == "'Update website copy' blocks on 'draft the FAQ page'", dep


def test_details_after_an_assignment_are_for_the_same_task(ctx: CommandContext) -> None:
    got = rows("assign hire a designer to Tom, high priority, about 3 hours", ctx)
    assert [(r["type"], r.get("user_id"), r.get("priority"), r.get("estimated_hours")) for r in got] == [
        ("ASSIGN_USER", "Tom", None, None), ("UPDATE_TASK", None, "high", None), ("UPDATE_TASK", None, None, 3.0)]
    (made,) = rows("okay new task in website redesign, update the homepage hero images, give it to lisa, should take about "
                   "6 hours, due december 4th", ctx)
    assert (made["title"], made["assignees"], made["estimated_hours"], made["due_date"]) == (
        "update the homepage hero images", ["Lisa"], 6.0, "2026-12-04 17:00")
