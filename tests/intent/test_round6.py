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
