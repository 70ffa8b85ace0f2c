"""Phrasings the first corpus did not have: the known failures, relative moves, run-on speech.

The 108 held-out phrasings themselves are in corpus.jsonl (setup "ceo"); this file pins the
cases that need more than a summary: exact plans for the ASR transcripts of the seed, and
moves relative to a task's current due date across a conversation.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bench.demo_org import TZ
from bench.parse_corpus import MIGRATION, PLATFORM
from pipeline.intent import parse
from pipeline.intent.context import CommandContext
from pipeline.intent.describe import describe
from tests.intent.conftest import Converse


def local(y: int, m: int, d: int, h: int = 17, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=TZ)


def test_to_verb_phrase_is_the_title_and_in_the_x_channel_the_channel(converse: Converse) -> None:
    _, plan = converse(PLATFORM, "Add a task to test the rollback in the platform migration channel.")
    (task,) = plan.actions
    channel = converse.context().conversation.channel_ids[0]  # type: ignore[attr-defined]
    assert task.type == "CREATE_TASK" and task.title == "test the rollback" and task.channel == channel
    assert plan.confidence == 1.0


def test_to_the_x_channel_still_names_the_channel(converse: Converse) -> None:
    _, docs, bare = converse(
        PLATFORM,
        "Add a task to the platform migration channel to write docs",
        "Add a task to the platform migration channel",
    )
    assert [a.title for a in docs.actions] == ["write docs"]  # type: ignore[union-attr]
    assert bare.actions == [] and bare.clarification is not None
    assert bare.clarification.question == "What should the task be called?"


def _seed_rows(first: str) -> list[dict[str, object]]:
    return [
        {
            "type": "CREATE_CHANNEL",
            "name": "Q1 launch",
            "category_id": "Marketing",
            "privacy": "public",
            "members": ["Sarah", "Mike"],
        },
        {
            "type": "CREATE_TASK",
            "channel": "new:Q1 launch",
            "title": first,
            "priority": "medium",
            "due_date": "2026-11-27 17:00",
        },
        {
            "type": "CREATE_TASK",
            "channel": "new:Q1 launch",
            "title": "Campaign brief",
            "priority": "medium",
            "due_date": "2026-11-30 17:00",
        },
        {
            "type": "CREATE_TASK",
            "channel": "new:Q1 launch",
            "title": "mender shortly",
            "priority": "medium",
            "due_date": "2026-12-02 17:00",
        },
        {
            "type": "CREATE_DEPENDENCY",
            "task": "new:Campaign brief",
            "depends_on_task": f"new:{first}",
            "dependency_type": "blocks",
        },
        {
            "type": "CREATE_DEPENDENCY",
            "task": "new:mender shortly",
            "depends_on_task": f"new:{first}",
            "dependency_type": "blocks",
        },
        {"type": "SHARE_RESOURCE", "resource_id": "Brand Guidelines", "channel": "new:Q1 launch"},
    ]


ASR_A = (
    "Create a marketing channel for Q1 launch, Add Sarah and Mike. Create three tasks. Budget review due "
    "Friday, Campaign brief due next Monday and mender shortly due next Wednesday. Budget review blocks, the "
    "other two. Share the brand guidelines with the channel."
)
ASR_B = (
    "Create a marketing channel for Q1 launch, Add Sarah and Mike. Create three tasks, budget review due "
    "Friday, Campaign brief due next Monday and mender shortly due next Wednesday. budget review blocks, no "
    "number two. Share the brand guidelines with the channel."
)


def test_asr_transcript_a_count_then_a_sentence_listing_that_many(ctx: CommandContext) -> None:
    plan = parse(ASR_A, ctx)
    assert plan.error is None and plan.clarification is None
    assert describe(plan, ctx) == _seed_rows("Budget review")
    assert plan.confidence == 1.0


def test_asr_transcript_b_blocks_an_unintelligible_object_means_the_others(ctx: CommandContext) -> None:
    plan = parse(ASR_B, ctx)
    assert plan.error is None and plan.clarification is None
    assert describe(plan, ctx) == _seed_rows("budget review")
    # the guess is visible: confidence drops (still above the LLM fallback threshold of 0.6)
    assert 0.6 <= plan.confidence < 1.0


def test_blocks_an_unclear_object_without_the_count_is_not_read_as_the_others(ctx: CommandContext) -> None:
    plan = parse("create three tasks: alpha, beta and gamma. Alpha blocks the launch party.", ctx)
    assert [a.type for a in plan.actions][-2:] == ["CREATE_TASK", "CREATE_DEPENDENCY"]
    assert plan.actions[-2].title == "launch party"  # type: ignore[union-attr]


def test_a_count_is_not_joined_to_a_sentence_that_is_a_request(ctx: CommandContext) -> None:
    plan = parse("Create three tasks. Add Sarah, Mike and Tom to the general channel.", ctx)
    assert plan.clarification is not None and "3 tasks" in plan.clarification.question


def test_push_it_back_a_week_moves_from_the_current_due_date(converse: Converse) -> None:
    *_, back, later, forward = converse(
        PLATFORM,
        MIGRATION,  # due Wednesday 2 December 17:00
        "push it back a week",
        "move the deadline two days later",
        "bring the migration plan forward by a day",
    )
    assert [a.type for a in back.actions] == ["SET_DEADLINE"]
    assert back.actions[0].due_date == local(2026, 12, 9)  # type: ignore[union-attr]
    assert later.actions[0].due_date == local(2026, 12, 11)  # type: ignore[union-attr]
    assert forward.actions[0].due_date == local(2026, 12, 10)  # type: ignore[union-attr]
    assert back.dates and "2026-12-09" in back.dates[0].resolved.isoformat()


def test_a_relative_move_without_a_due_date_asks(converse: Converse) -> None:
    _, _, plan = converse(PLATFORM, "Add a task here to test the rollback.", "push it back a week")
    assert plan.actions == [] and plan.clarification is not None
    assert "no due date" in plan.clarification.question


def test_a_relative_move_inside_the_command_changes_the_new_task(ctx: CommandContext) -> None:
    plan = parse("create a task to renew the lease due Friday, actually push it back two days", ctx)
    (task,) = plan.actions
    assert task.type == "CREATE_TASK" and task.due_date == local(2026, 11, 29)


def test_obligation_means_assign_and_deadline(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, MIGRATION, "Sarah needs to finish the migration plan by Friday")
    assert [a.type for a in plan.actions] == ["ASSIGN_USER", "SET_DEADLINE"]
    assert plan.actions[1].due_date == local(2026, 11, 27)  # type: ignore[union-attr]


# Third round: corrections, bulk updates, reminders "next week".


def _ceo() -> CommandContext:
    from bench.parse_corpus import context_for

    return context_for({"setup": "ceo"})


def test_a_taken_back_change_is_replaced_not_doubled() -> None:
    ctx = _ceo()
    plan = parse("Make the press release urgent. Actually, make it high priority.", ctx)
    assert [(r["type"], r.get("priority")) for r in describe(plan, ctx)] == [("UPDATE_TASK", "high")]
    assert [a.id for a in plan.actions] == ["a1"]
    # a correction of another kind adds to the plan instead
    plan = parse("Make the press release urgent. Actually, assign it to Tom.", ctx)
    assert [r["type"] for r in describe(plan, ctx)] == ["UPDATE_TASK", "ASSIGN_USER"]


def test_a_name_corrected_mid_sentence_keeps_only_the_second() -> None:
    ctx = _ceo()
    (row,) = describe(parse("Create a task for Lisa, actually, for Tom, to fix the login bug", ctx), ctx)
    assert row["title"] == "fix the login bug" and row["assignees"] == ["Tom"]


def test_bulk_status_on_a_channel_without_open_tasks_asks() -> None:
    ctx = _ceo()
    plan = parse("mark all tasks in Roadshow as done", ctx)
    assert plan.actions == [] and plan.clarification is not None
    assert "no open tasks" in plan.clarification.question


def test_a_reminder_next_week_is_its_monday_but_friday_next_week_is_friday() -> None:
    ctx = _ceo()
    when = {
        text: describe(parse(text, ctx), ctx)[0]["scheduled_for"]
        for text in (
            "remind me next week to renew the lease",
            "remind me next week at 3pm to call the landlord",
            "remind me Friday next week to call the bank",
        )
    }
    assert list(when.values()) == ["2026-11-30 09:00", "2026-11-30 15:00", "2026-12-04 09:00"]


def test_a_date_after_before_is_a_deadline_not_a_dependency() -> None:
    ctx = _ceo()
    rows = describe(parse("the offsite needs to be booked before the end of the month", ctx), ctx)
    assert rows == [{"type": "SET_DEADLINE", "task": "plan the offsite", "due_date": "2026-11-30 17:00"}]
    rows = describe(parse("do the press release before the deck review", ctx), ctx)
    assert [r["type"] for r in rows] == ["CREATE_DEPENDENCY"]


# What whisper heard of the spoken seed in a failing CI run (issue 12): a full stop after "three tasks",
# a comma inside the first title and "to" for "due".
ASR_C = (
    "Create a marketing channel for Q1 launch, add Sarah and Mike. Create three tasks. Budget, Review to "
    "Friday. Campaign brief due next Monday, and mender shortly due next Wednesday. Budget review blocks the "
    "other two. Share the brand guidelines with the channel."
)
# The natural voice's transcript from the issue: a full stop inside the list.
PIPER = (
    "Create a marketing channel for Q1 launch, add Sarah and Mike. Create three tasks, content creation due next "
    "Friday. Social media strategy due Wednesday, and budget review due tomorrow."
)


def test_asr_transcript_c_a_comma_inside_a_title_and_to_for_due(ctx: CommandContext) -> None:
    plan = parse(ASR_C, ctx)
    assert plan.error is None and plan.clarification is None, plan
    assert describe(plan, ctx) == _seed_rows("Budget Review")
    assert plan.confidence >= 0.8


def test_a_full_stop_inside_a_counted_list_keeps_the_list(ctx: CommandContext) -> None:
    plan = parse(PIPER, ctx)
    assert plan.error is None and plan.clarification is None, plan
    got = [(r["title"], r["due_date"]) for r in describe(plan, ctx) if r["type"] == "CREATE_TASK"]
    assert got == [
        ("content creation", "2026-12-04 17:00"),
        ("Social media strategy", "2026-12-02 17:00"),
        ("budget review", "2026-11-26 17:00"),
    ]


def test_a_channel_name_the_recogniser_garbled_is_asked_about(ctx: CommandContext) -> None:
    """whisper base heard "…de recursos humanos llamado Bienestar y añade a Elena y a Tom" like this."""
    plan = parse("Crea un canal de recursos humanos y amamos bien estaria y añade a Alex.", ctx)
    assert plan.error is not None or plan.clarification is not None or plan.confidence < 0.6, plan
    assert any("starts with 'y'" in d for d in plan.doubts) or not plan.actions, plan.doubts


def test_what_the_spoken_corpus_found_typed(converse: Converse) -> None:
    """bench_understanding's typed reference found these; each is a general rule."""
    made, add = converse("Create a task called order the swag in the general channel", "Add Priya to it.")
    assert made.actions and [a.type for a in add.actions] == ["ASSIGN_USER"], add
    _, remind = converse(PLATFORM, "Remind Tom in two hours to restart the build server")
    (action,) = remind.actions
    assert action.type == "SET_REMINDER" and "restart the build server" in getattr(action, "message", "")


def test_a_task_after_a_command_that_did_nothing_asks_where_it_goes(converse: Converse) -> None:
    failed, task = converse("Create a sales channel called Partners and add Nobody", "Add a task to call the lawyers")
    assert failed.error is not None and failed.error.code == "unknown_person"
    assert not task.actions and task.clarification is not None and "Which channel" in task.clarification.question


def test_its_is_a_pronoun_never_a_fuzzy_name(converse: Converse) -> None:
    _, plan = converse(PLATFORM, "Make its private")
    (action,) = plan.actions
    assert action.type == "UPDATE_CHANNEL" and getattr(action, "privacy", None) == "private"


def test_asr_transcript_piper_seed_items_with_a_comma_before_due(ctx: CommandContext) -> None:
    """piper's seed, as tiny.en heard it: each list item its own sentence, a comma before "due", "And" before the last."""
    plan = parse(
        "Create a marketing channel for Q1 Launch, Add Sarah and Mike. Create three tasks, Budget Review due Friday. "
        "Campaign Brief, do next Monday. And vendor short list, do next Wednesday. Budget Review blocks the other two. "
        "Share the brain guidelines with the channel.",
        ctx,
    )
    assert plan.error is None and plan.clarification is None and plan.confidence >= 0.6, plan.doubts
    titles = [getattr(a, "title", None) for a in plan.actions if a.type == "CREATE_TASK"]
    assert titles == ["Budget Review", "Campaign Brief", "vendor short list"]
    assert [a.type for a in plan.actions].count("CREATE_DEPENDENCY") == 2



# What tiny.en heard piper say over WebRTC (bench_understanding, 2026-12-02): each transcript and the
# plan its words can only mean. Demo organisation names stand in for the session's own.
HEARD_VERBS = [
    ("Host in Q4 Planning that the kickoff is on Thursday at 10.",
     [{"type": "SEND_MESSAGE", "channel": "Q4 Planning", "content": "The kickoff is on Thursday at 10."}]),
    ("Post and Q4 Planning that the vendor invoices are reconciled.",
     [{"type": "SEND_MESSAGE", "channel": "Q4 Planning", "content": "The vendor invoices are reconciled."}]),
    ("Post an Website Redesign that the staging site will be down tonight.",
     [{"type": "SEND_MESSAGE", "channel": "Website Redesign", "content": "The staging site will be down tonight."}]),
    ("Mark the vendor contracts is done.",
     [{"type": "UPDATE_TASK", "task": "Review vendor contracts", "status": "completed"}]),
    ("and assign Lisa from update website copy,",
     [{"type": "UNASSIGN_USER", "task": "Update website copy", "user_id": "Lisa"}]),
    ("Where you assign update website copy from Lisa to Tom.",
     [{"type": "UNASSIGN_USER", "task": "Update website copy", "user_id": "Lisa"},
      {"type": "ASSIGN_USER", "task": "Update website copy", "user_id": "Tom"}]),
    ("at a task in Q4 Planning to record the first episode, due in five days for Mike.",
     [{"type": "CREATE_TASK", "channel": "Q4 Planning", "title": "record the first episode",
       "due_date": "2026-11-30 17:00", "assignees": ["Mike"]}]),
    ("Create a task in Q4 Planning for David to renew the office lease, due in 10 days due",
     [{"type": "CREATE_TASK", "title": "renew the office lease", "due_date": "2026-12-05 17:00", "assignees": ["David"]}]),
    ("Create a task in Q4 Planning to sign three new resellers by the end of next month, i-priority.",
     [{"type": "CREATE_TASK", "title": "sign three new resellers", "priority": "high"}]),
    ("Add two sub-asks to hire a designer, write the job post, and screen the applicants.",
     [{"type": "CREATE_TASK", "parent_task": "Hire a designer", "title": "write the job post"},
      {"type": "CREATE_TASK", "parent_task": "Hire a designer", "title": "screen the applicants"}]),
]


@pytest.mark.parametrize(("heard", "expect"), HEARD_VERBS, ids=[h for h, _ in HEARD_VERBS])
def test_a_command_verb_the_recogniser_misheard_is_read_as_the_verb(
    ctx: CommandContext, heard: str, expect: list[dict[str, object]]
) -> None:
    plan = parse(heard, ctx)
    assert plan.error is None and plan.clarification is None and plan.confidence >= 0.6, (plan.error, plan.doubts)
    rows = describe(plan, ctx)
    assert len(rows) == len(expect), rows
    for row, want in zip(rows, expect, strict=True):
        assert {k: row.get(k) for k in want} == want, row


@pytest.mark.parametrize("text", [
    "Post an update in Q4 Planning that we are done.",   # 'an update' is what is posted, not a place
    "Assign Lisa to update website copy.",               # no 'from': an assignment
    "Look at a task list before Friday",                 # 'at a task' not at a clause's start
])
def test_the_verb_repairs_leave_real_phrasings_alone(ctx: CommandContext, text: str) -> None:
    from pipeline.intent.normalize import normalize

    assert normalize(text).asr_fixes == 0, normalize(text).text


def test_a_title_ending_in_priority_asks(ctx: CommandContext) -> None:
    """'…, low priority' heard 'Hope priority', another reading '… the 15th of priority': the priority word
    is not part of the task's name."""
    plan = parse("Add a task to Q4 Planning to schedule the interviews due on the 15th of priority.", ctx)
    assert plan.confidence < 0.6 and any("ends with a priority" in d for d in plan.doubts), plan


def test_market_is_blocked_is_mark_it_as_blocked(converse: Converse) -> None:
    _, _, plan = converse(PLATFORM, MIGRATION, "Market is blocked")
    (action,) = plan.actions
    assert action.type == "UPDATE_TASK" and getattr(action, "status", None) == "blocked"
    assert "'write the migration plan'" in action.summary


def test_a_dangling_last_word_the_recogniser_added_is_dropped(ctx: CommandContext) -> None:
    plan = parse("Create a sales channel called Summit with Lisa. And share the pitch deck with the channel and", ctx)
    assert plan.error is None and plan.confidence >= 0.6, plan.doubts
    assert [a.type for a in plan.actions] == ["CREATE_CHANNEL", "SHARE_RESOURCE"]
