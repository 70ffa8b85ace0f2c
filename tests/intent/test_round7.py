"""Families that blind batches 21 and 22 found missing (first runs in bench/batches/batch21_first_run.txt,
batch22_first_run.txt). Each test uses phrasings written for the family, not the batch's sentences."""

from __future__ import annotations

import pytest

from bench.parse_corpus import SETUPS
from executor.plan import Plan
from pipeline.intent import parse
from pipeline.intent.context import CommandContext
from pipeline.intent.describe import describe


def rows(text: str, ctx: CommandContext) -> list[dict[str, object]]:
    plan = parse(text, ctx)
    assert plan.error is None and plan.clarification is None and plan.confidence >= 0.6, (plan.error, plan.doubts)
    return describe(plan, ctx)


def acted(plan: Plan) -> bool:
    return bool(plan.actions) and plan.error is None and plan.clarification is None and plan.confidence >= 0.6


def pairs(found: list[dict[str, object]], *keys: str) -> list[tuple[object, ...]]:
    return [tuple(r.get(k) for k in keys) for r in found]


@pytest.mark.parametrize("text", [
    "Make a task in General to plan the retreat, with subtasks reserve the cabins and order the food.",
    "add a task in general to plan the retreat with two subtasks, reserve the cabins and order the food",
])
def test_with_subtasks_without_a_colon_makes_a_parent_and_its_subtasks(ctx: CommandContext, text: str) -> None:
    found = rows(text, ctx)
    assert [r["title"] for r in found] == ["plan the retreat", "reserve the cabins", "order the food"], found
    assert found[1]["parent_task"] == found[2]["parent_task"] == "new:plan the retreat", found


def test_break_a_task_down_into_a_list_makes_its_subtasks(ctx: CommandContext) -> None:
    found = rows("Break the vendor contracts down into pull the old terms, call legal, and sign the renewals.", ctx)
    assert pairs(found, "parent_task", "title") == [
        ("Review vendor contracts", "pull the old terms"),
        ("Review vendor contracts", "call legal"),
        ("Review vendor contracts", "sign the renewals"),
    ], found


def test_for_a_task_add_a_subtask(ctx: CommandContext) -> None:
    (row,) = rows("for the q4 report add a subtask check the totals give it to priya due friday", ctx)
    assert row["parent_task"] == "Prepare Q4 report" and row["title"] == "check the totals", row
    assert row["assignees"] == ["Priya"], row


@pytest.mark.parametrize(("text", "who_off", "who_on"), [
    ("Take the vendor contracts off Tom and give them to Elena.", "Tom", "Elena"),
    ("pull the website copy off lisa, sarah can have it", "Lisa", "Sarah"),
])
def test_take_a_task_off_a_person(ctx: CommandContext, text: str, who_off: str, who_on: str) -> None:
    found = rows(text, ctx)
    assert pairs(found, "type", "user_id") == [("UNASSIGN_USER", who_off), ("ASSIGN_USER", who_on)], found


@pytest.mark.parametrize("text", [
    "elena is swamped so the q4 report should go to mike instead",
    "Elena's busy this week, so give the Q4 report to Mike instead.",
])
def test_a_reason_before_a_reassignment_is_not_a_title(text: str) -> None:
    ctx = _after(["Assign Prepare Q4 report to Elena."])
    found = rows(text, ctx)
    assert ("ASSIGN_USER", "Mike") in pairs(found, "type", "user_id"), found
    assert all(r["task"] == "Prepare Q4 report" for r in found), found


def test_someone_out_then_everything_he_has_goes_to_another(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Assign Review vendor contracts to David.", "Create a task in General for David to renew the domain.")
    (plan,) = converse("David's away next week, hand everything he has open over to Lisa.")
    found = describe(plan, converse.context())
    assert acted(plan), plan.doubts
    assert sorted(pairs(found, "type", "user_id")) == sorted(
        [("UNASSIGN_USER", "David"), ("ASSIGN_USER", "Lisa")] * 2), found


@pytest.mark.parametrize("text", [
    "mike doesnt need to be on the q4 report anymore, elena can own it and make it due friday",
    "Mike doesn't need to be on the Q4 report any longer. Elena will take it, due Friday.",
])
def test_someone_no_longer_on_a_task_and_who_owns_it_now(text: str) -> None:
    ctx = _after(["Assign Prepare Q4 report to Mike."])
    found = rows(text, ctx)
    assert pairs(found, "type", "user_id")[:2] == [("UNASSIGN_USER", "Mike"), ("ASSIGN_USER", "Elena")], found
    assert found[2]["type"] == "SET_DEADLINE", found


def test_a_topic_with_a_colon_then_several_changes(ctx: CommandContext) -> None:
    found = rows("On the vendor contracts: make it high priority, estimate it at 4 hours, and add Elena to help Tom.", ctx)
    assert [r["type"] for r in found] == ["UPDATE_TASK", "UPDATE_TASK", "ASSIGN_USER"], found
    assert all(r["task"] == "Review vendor contracts" for r in found) and found[2]["user_id"] == "Elena", found


@pytest.mark.parametrize("text", [
    'Post "standup moves to 10 tomorrow and Friday" in Leadership.',
    "send 'the printer on floor 2 is fixed' to General",
])
def test_the_quoted_message_before_the_channel(ctx: CommandContext, text: str) -> None:
    (row,) = rows(text, ctx)
    assert row["type"] == "SEND_MESSAGE" and row["channel"] in {"Leadership", "General"}, row
    assert "tomorrow and Friday" in str(row["content"]) or "floor 2" in str(row["content"]), row


def test_message_a_person_in_a_channel_with_a_colon(ctx: CommandContext) -> None:
    (row,) = rows("Message Priya in Q4 Planning: are the numbers final?", ctx)
    assert row["channel"] == "Q4 Planning" and row["mentions"] == ["Priya"], row
    assert str(row["content"]).startswith("Are the numbers final"), row


@pytest.mark.parametrize(("text", "want"), [
    ("we're finished with website redesign so archive it", ("UPDATE_CHANNEL", "archived")),
    ("The vendor contracts have been approved, you can tick that one off.", ("UPDATE_TASK", "completed")),
])
def test_a_statement_then_a_pronoun_request(ctx: CommandContext, text: str, want: tuple[str, str]) -> None:
    (row,) = rows(text, ctx)
    assert (row["type"], row["status"]) == want, row


def test_a_reason_after_removing_someone_is_not_the_channel(ctx: CommandContext) -> None:
    (row,) = rows("kick lisa out of the leadership channel, she's not supposed to be in there", ctx)
    assert (row["type"], row["channel"], row["user_id"]) == ("REMOVE_MEMBER", "Leadership", "Lisa"), row


def test_someone_takes_a_task_and_a_task_goes_to_someone(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Add three tasks to General: book the venue, order the badges and print the agenda.")
    (plan,) = converse("The second one goes to Tom by Friday, and Elena takes the agenda.")
    found = describe(plan, converse.context())
    assert acted(plan), plan.doubts
    assert pairs(found, "type", "task", "user_id") == [
        ("ASSIGN_USER", "order the badges", "Tom"),
        ("SET_DEADLINE", "order the badges", None),
        ("ASSIGN_USER", "print the agenda", "Elena"),
    ], found


def test_drop_it_down_to_a_priority_is_not_cancelling(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Create a task in General to renew the domain.")
    (plan,) = converse("drop it down to low and push it to next week")
    found = describe(plan, converse.context())
    assert acted(plan), plan.doubts
    assert found[0]["priority"] == "low" and "status" not in found[0], found


def test_everything_except_some_tasks() -> None:
    ctx = _after(SETUPS["ceo"])
    found = rows("Mark everything in Brand Refresh as done except the logo review and the photo shoot", ctx)
    titles = {r["task"] for r in found}
    assert titles == {"press release", "deck review", "print brochures"}, found


def test_an_exception_outside_the_selection_asks() -> None:
    ctx = _after(SETUPS["ceo"])
    plan = parse("cancel everything in Brand Refresh except the vendor contracts", ctx)
    assert plan.clarification is not None and not acted(plan), describe(plan, ctx)


def test_everything_in_two_channels(ctx: CommandContext) -> None:
    found = rows("everything in q4 planning and website redesign due the 20th", ctx)
    assert [r["task"] for r in found] == ["Prepare Q4 report", "Review vendor contracts", "Update website copy"], found
    assert {r["type"] for r in found} == {"SET_DEADLINE"}, found


def test_a_topic_word_and_a_full_stop_before_depends_on(ctx: CommandContext) -> None:
    found = rows("right, dependencies. the vendor contracts. depend on the q4 report", ctx)
    assert pairs(found, "type", "task", "depends_on_task") == [
        ("CREATE_DEPENDENCY", "Review vendor contracts", "Prepare Q4 report")], found


def _after(setup: list[str]) -> CommandContext:
    from bench.demo_org import after, demo_context

    ctx = demo_context()
    for text in setup:
        ctx = after(ctx, parse(text, ctx))
    return ctx


def test_throw_people_in_there_after_a_new_channel(ctx: CommandContext) -> None:
    (row,) = rows("could you spin up an hr channel called Onboarding 2027 and throw lisa and tom in there", ctx)
    assert row["name"] == "Onboarding 2027" and row["members"] == ["Lisa", "Tom"], row


def test_add_someone_there_as_a_manager(ctx: CommandContext) -> None:
    found = rows("Remove Tom from Q4 Planning and add Sarah there as a manager.", ctx)
    assert pairs(found, "type", "channel", "user_id", "role")[1] == ("ADD_MEMBER", "Q4 Planning", "Sarah", "manager"), found


def test_two_tasks_without_a_colon_and_have_to_wait_for(ctx: CommandContext) -> None:
    found = rows("in general create two tasks book the caterer and print the menus and the menus have to wait for the caterer", ctx)
    assert [r["type"] for r in found] == ["CREATE_TASK", "CREATE_TASK", "CREATE_DEPENDENCY"], found
    assert (found[2]["task"], found[2]["depends_on_task"]) == ("new:print the menus", "new:book the caterer"), found


def test_a_subtask_list_item_that_starts_with_a_verb(ctx: CommandContext) -> None:
    found = rows("Under Hire a designer, add subtasks: write the brief, post the role, and schedule the interviews.", ctx)
    assert [r["title"] for r in found] == ["write the brief", "post the role", "schedule the interviews"], found


def test_a_title_that_starts_with_a_verb_after_mark(ctx: CommandContext) -> None:
    found = rows("mark update website copy as done give it to sarah instead of lisa", ctx)
    assert [r["type"] for r in found] == ["UPDATE_TASK", "UNASSIGN_USER", "ASSIGN_USER"], found


def test_not_doing_x_any_more_cancel_it(ctx: CommandContext) -> None:
    (row,) = rows("ok we're not going ahead with the vendor contracts after all, so scrap it", ctx)
    assert (row["task"], row["status"]) == ("Review vendor contracts", "cancelled"), row


def test_it_will_take_so_estimate_it_at_that(ctx: CommandContext) -> None:
    found = rows("the q4 report is going to take about 3 days so estimate it at that and make it high priority", ctx)
    assert pairs(found, "estimated_hours", "priority") == [(24.0, None), (None, "high")], found


@pytest.mark.parametrize(("text", "fields"), [
    ("In Website Redesign, for Lisa, due Thursday, urgent: fix the footer links.",
     {"channel": "Website Redesign", "assignees": ["Lisa"], "priority": "urgent"}),
    ("Low priority, for Tom, in General: clean up the shared drive by next Friday.",
     {"channel": "General", "assignees": ["Tom"], "priority": "low"}),
    ("For David: renew the SSL certificate", {"assignees": ["David"]}),
])
def test_a_task_dictated_as_fields_then_its_title(ctx: CommandContext, text: str, fields: dict[str, object]) -> None:
    (row,) = rows(text, ctx)
    assert row["type"] == "CREATE_TASK", row
    assert bool(row.get("due_date")) == (" due " in text or " by " in text), row
    for key, value in fields.items():
        assert row[key] == value, row
    assert ":" not in str(row["title"]) and "," not in str(row["title"]), row


def test_a_story_before_the_request_is_an_aside(ctx: CommandContext) -> None:
    found = rows("So I was chatting with Mike this morning and we should really get the newsletter going. Make a task "
                 "in General called draft the newsletter, give it to Mike, and it needs to be ready by Friday.", ctx)
    (row,) = found
    assert (row["title"], row["assignees"]) == ("draft the newsletter", ["Mike"]) and row["due_date"], row


def test_a_story_that_holds_a_request_word_is_not_dropped(ctx: CommandContext) -> None:
    plan = parse("I was talking to Sarah and she wants the Q4 report cancelled urgently", ctx)
    assert not acted(plan) or any(r.get("status") == "cancelled" for r in describe(plan, ctx)), describe(plan, ctx)


def test_add_to_a_channel_then_a_counted_list_said_in_full_stops(ctx: CommandContext) -> None:
    found = rows("put in general. two tasks. order the cake. send the card. all for elena all due friday", ctx)
    assert [(r["title"], r["assignees"], r["channel"]) for r in found] == [
        ("order the cake", ["Elena"], "General"), ("send the card", ["Elena"], "General")], found
    assert all(r["due_date"] for r in found), found


def test_the_x_one_in_a_relation_is_a_task_spoken_of_never_a_new_title(converse) -> None:  # type: ignore[no-untyped-def]
    converse("In General create two tasks: book the movers and cancel the old internet plan.")
    (plan,) = converse("Give the first one to Tom and the second to Lisa, and make the internet one wait for the movers.")
    found = describe(plan, converse.context())
    assert acted(plan), plan.doubts
    assert pairs(found, "type", "task", "user_id") == [
        ("ASSIGN_USER", "book the movers", "Tom"),
        ("ASSIGN_USER", "cancel the old internet plan", "Lisa"),
        ("CREATE_DEPENDENCY", "cancel the old internet plan", None),
    ], found


def test_a_mention_then_another_request_ends_the_message(ctx: CommandContext) -> None:
    found = rows("post in general saying the coffee machine is fixed mention tom and give tom a task there to order filters", ctx)
    assert [r["type"] for r in found] == ["SEND_MESSAGE", "CREATE_TASK"], found
    assert found[0]["mentions"] == ["Tom"] and "filters" not in str(found[0]["content"]), found
    assert (found[1]["title"], found[1]["assignees"], found[1]["channel"]) == ("order filters", ["Tom"], "General"), found


def test_a_request_after_a_full_stop_is_never_read_into_a_message(ctx: CommandContext) -> None:
    plan = parse("post in general that the coffee machine is fixed. give tom a task there to order filters", ctx)
    assert not any("filters" in str(r.get("content", "")) for r in describe(plan, ctx)), describe(plan, ctx)


@pytest.mark.parametrize("text", [
    "create florp channel Board Prep under finance",
    "make a wibble channel called Board Prep",
])
def test_an_unknown_word_before_channel_asks_when_the_name_is_said_elsewhere(ctx: CommandContext, text: str) -> None:
    assert not acted(parse(text, ctx))


def test_for_a_category_before_call_it(ctx: CommandContext) -> None:
    (row,) = rows("make a new channel for finance call it tax season and add priya", ctx)
    assert (row["name"], row["category_id"], row["members"]) == ("tax season", "Finance", ["Priya"]), row


def test_lets_call_it_instead_renames_the_new_channel(ctx: CommandContext) -> None:
    (row,) = rows("Set up an HR channel called Wellness. Actually, let's call it Wellbeing instead.", ctx)
    assert row["name"] == "Wellbeing", row


@pytest.mark.parametrize(("text", "want"), [
    ("creat a privte channel called Board Prep under finance w/ Priya", ("CREATE_CHANNEL", "private")),
    ("archve Website Redesign pls", ("UPDATE_CHANNEL", "archived")),
    ("remvoe Mike from Leadership", ("REMOVE_MEMBER", None)),
    ("set evrything in Q4 Planning to high prio", ("UPDATE_TASK", None)),
])
def test_typing_slips_in_command_words_are_corrected(ctx: CommandContext, text: str, want: tuple[str, str | None]) -> None:
    found = rows(text, ctx)
    assert found[0]["type"] == want[0], found
    if want[1]:
        assert want[1] in {found[0].get("privacy"), found[0].get("status")}, found


def test_a_slip_that_is_a_word_or_a_name_is_left_alone(ctx: CommandContext) -> None:
    found = rows("create a task in General to order a crate of paper", ctx)
    assert found[0]["title"] == "order a crate of paper", found


@pytest.mark.parametrize(("text", "hours"), [
    ("task for Tom in General: renew the domain, due tmrw, ~2h", 2.0),
    ("creat task renew the domain for Tom, est 3 hrs", 3.0),
])
def test_estimates_typed_short(ctx: CommandContext, text: str, hours: float) -> None:
    (row,) = rows(text, ctx)
    assert row["estimated_hours"] == hours and row["assignees"] == ["Tom"], row


@pytest.mark.parametrize("text", [
    "Since the board meets on the 10th, could you push the Q4 report to December 9?",
    "While we're at it, push the Q4 report to December 9.",
    "Given how tight things are, would you mind pushing the Q4 report to December 9?",
])
def test_context_before_a_polite_request(ctx: CommandContext, text: str) -> None:
    (row,) = rows(text, ctx)
    assert (row["type"], row["task"], row["due_date"]) == ("SET_DEADLINE", "Prepare Q4 report", "2026-12-09 17:00"), row


@pytest.mark.parametrize("text", [
    "the q4 report can't really start until the vendor contracts are done, so make that a dependency",
    "Prepare Q4 report is blocked by Review vendor contracts, please set that up",
])
def test_a_relation_then_make_that_a_dependency(ctx: CommandContext, text: str) -> None:
    (row,) = rows(text, ctx)
    assert (row["type"], row["task"], row["depends_on_task"]) == (
        "CREATE_DEPENDENCY", "Prepare Q4 report", "Review vendor contracts"), row


def test_someone_has_bandwidth_so_put_him_on_a_task(ctx: CommandContext) -> None:
    (row,) = rows("David has some time this week, so would you mind putting him on the vendor contracts as well?", ctx)
    assert (row["type"], row["task"], row["user_id"]) == ("ASSIGN_USER", "Review vendor contracts", "David"), row


def test_everything_unassigned_give_it_all_to(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Create a task in General to water the plants.")
    (plan,) = converse("everything that's unassigned, just give it all to tom")
    found = describe(plan, converse.context())
    assert acted(plan) and found and all(r["user_id"] == "Tom" for r in found), (plan.doubts, found)


def test_a_couple_of_subtasks_one_to_and_one_to(ctx: CommandContext) -> None:
    found = rows("Could you break the Q4 report into a couple of subtasks? One to pull the numbers and one to write the summary.", ctx)
    assert [(r["parent_task"], r["title"]) for r in found] == [
        ("Prepare Q4 report", "pull the numbers"), ("Prepare Q4 report", "write the summary")], found


@pytest.mark.parametrize(("text", "role"), [
    ("Add Tom to Q4 Planning as its manager.", "manager"),
    ("add Lisa to Leadership as a regular member", "member"),
    ("make Priya a manager of the website redesign channel", "manager"),
])
def test_roles_said_other_ways(ctx: CommandContext, text: str, role: str) -> None:
    (row,) = rows(text, ctx)
    assert row["type"] == "ADD_MEMBER" and row["role"] == role, row


def test_they_can_run_in_parallel_and_give_both_an_estimate(converse) -> None:  # type: ignore[no-untyped-def]
    converse("In General create two tasks: paint the lobby and fix the lights.")
    (plan,) = converse("They can happen at the same time, and give both a 6 hour estimate.")
    found = describe(plan, converse.context())
    assert acted(plan), plan.doubts
    assert [r["type"] for r in found] == ["CREATE_DEPENDENCY", "UPDATE_TASK", "UPDATE_TASK"], found
    assert found[0]["dependency_type"] == "parallel" and {r.get("estimated_hours") for r in found[1:]} == {6.0}, found


def test_link_it_then_add_people_to_it_is_the_same_it(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Create a finance channel called Budget 2027.")
    (plan,) = converse("Link it to Q4 Planning, add Mike to it, and pause Website Redesign while we're at it.")
    found = describe(plan, converse.context())
    assert acted(plan), plan.doubts
    assert pairs(found, "type", "channel", "user_id")[1] == ("ADD_MEMBER", "Budget 2027", "Mike"), found
    assert found[2]["type"] == "UPDATE_CHANNEL" and found[2]["channel"] == "Website Redesign", found


def test_the_x_one_blocks_the_other_two_in_the_same_breath(ctx: CommandContext) -> None:
    found = rows("In General add three tasks: order the chairs for Tom, clear the storage room, and repaint the hallway, "
                 "then make the chairs one block the other two.", ctx)
    deps = pairs([r for r in found if r["type"] == "CREATE_DEPENDENCY"], "task", "depends_on_task")
    assert sorted(deps) == [("new:clear the storage room", "new:order the chairs"),
                            ("new:repaint the hallway", "new:order the chairs")], found


def test_the_other_two_when_there_is_one_other_asks(converse) -> None:  # type: ignore[no-untyped-def]
    converse("In General create two tasks: paint the lobby and fix the lights.")
    (plan,) = converse("paint the lobby blocks the other two")
    assert not acted(plan), describe(plan, converse.context())


def test_a_relation_whose_sides_are_one_task_asks(ctx: CommandContext) -> None:
    plan = parse("Create a task in General to order paint, and another to paint the lobby, make it follow that task", ctx)
    assert not acted(plan) and plan.clarification is not None, describe(plan, ctx)


def test_both_after_an_ordinal_means_both_of_the_batch(converse) -> None:  # type: ignore[no-untyped-def]
    converse("In General create two tasks: order paint and paint the lobby.")
    (plan,) = converse("give the second one to Tom and assign both to Lisa")
    found = describe(plan, converse.context())
    assert pairs(found, "task", "user_id") == [
        ("paint the lobby", "Tom"), ("order paint", "Lisa"), ("paint the lobby", "Lisa")], found


@pytest.mark.parametrize(("text", "ok"), [
    ('post in general: "we are live", and mention Lisa', True),
    ('post in general: "we are live", and mention Roberto', False),
    ('post in general: "we are live", and then something odd', False),
])
def test_words_after_a_quoted_message_are_never_its_words(ctx: CommandContext, text: str, ok: bool) -> None:
    plan = parse(text, ctx)
    assert acted(plan) == ok, describe(plan, ctx)
    if ok:
        (row,) = describe(plan, ctx)
        assert row["content"] == "We are live." and row["mentions"] == ["Lisa"], row


def test_a_subtask_under_a_task_for_someone(ctx: CommandContext) -> None:
    (row,) = rows("Would you mind adding a subtask under Review vendor contracts for Priya to call legal? The old terms are messy.", ctx)
    assert (row["parent_task"], row["title"], row["assignees"]) == ("Review vendor contracts", "call legal", ["Priya"]), row


@pytest.mark.parametrize("text", [
    "Post in General that lunch is at noon. The caterer is running late.",
    "I'd hate for this to slip. Remind Tom tomorrow at 9 to renew the domain.",
])
def test_a_remark_that_names_nothing_is_an_aside(ctx: CommandContext, text: str) -> None:
    (row,) = rows(text, ctx)
    assert row["type"] in {"SEND_MESSAGE", "SET_REMINDER"}, row


def test_a_remark_that_names_something_is_never_dropped(ctx: CommandContext) -> None:
    plan = parse("Post in General that lunch is at noon. The Q4 report is now Mike's.", ctx)
    found = describe(plan, ctx)
    assert not acted(plan) or "Mike's" in str(found[0]["content"]), found  # asked, or read as the message's words


def test_one_word_named_only_in_a_relation_is_never_a_new_task(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Crea dos tareas: comprar sillas y pintar la sala.")
    (plan,) = converse("pintar la sala espera a frobnicar")
    assert not acted(plan), describe(plan, converse.context())


def test_a_bare_spanish_ordinal_after_hasta_que_termine(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Crea dos tareas: comprar sillas y pintar la sala.")
    (plan,) = converse("la segunda no puede empezar hasta que termine la primera")
    found = describe(plan, converse.context())
    assert pairs(found, "type", "task", "depends_on_task") == [("CREATE_DEPENDENCY", "pintar la sala", "comprar sillas")], found


def test_close_in_a_channel_names_nothing_to_close(ctx: CommandContext) -> None:
    # "Who is in the Leadership channel?" heard as "Close in the leadership channel." must not complete the channel
    assert not acted(parse("Close in the leadership channel.", ctx))


def test_a_new_title_ending_in_a_loose_word_asks(ctx: CommandContext) -> None:
    plan = parse("Create a task to list all current vendors due Friday. And another one to negotiate new contracts "
                 "due in four weeks next due", ctx)
    assert not acted(plan), describe(plan, ctx)


def test_any_x_channel_heard_for_in_the_x_channel(converse) -> None:  # type: ignore[no-untyped-def]
    converse("Create an engineering channel called Infrastructure.")
    (plan,) = converse("Any infrastructure channel, create a task called patch the routers for Tom")
    found = describe(plan, converse.context())
    assert acted(plan) and found[0]["channel"] == "Infrastructure", found


def test_call_after_a_comma_is_called(ctx: CommandContext) -> None:
    (row,) = rows("Create a private finance channel, call board prep with Priya and Sarah.", ctx)
    assert (row["name"], row["privacy"], row["members"]) == ("board prep", "private", ["Priya", "Sarah"]), row


def test_would_you_mind_with_several_gerunds(ctx: CommandContext) -> None:
    found = rows("Would you mind creating a sales channel called Renewals with Mike, assigning the vendor contracts to Mike, "
                 "and reminding me on Monday at 10am to check on it?", ctx)
    assert [r["type"] for r in found] == ["CREATE_CHANNEL", "ASSIGN_USER", "SET_REMINDER"], found


def test_no_make_it_without_a_comma_corrects(ctx: CommandContext) -> None:
    (row,) = rows("bump the vendor contracts to high no make it urgent", ctx)
    assert row["priority"] == "urgent", row


def test_sorry_meant_someone_else(ctx: CommandContext) -> None:
    (row,) = rows("assign the vendor contracts to Tom, sorry meant Elena", ctx)
    assert row["user_id"] == "Elena", row


def test_a_relation_ending_in_too(ctx: CommandContext) -> None:
    (row,) = rows("the q4 report blocks the website copy too", ctx)
    assert (row["task"], row["depends_on_task"]) == ("Update website copy", "Prepare Q4 report"), row
