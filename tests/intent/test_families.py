"""The sixteen command families of examples/commands.md and the seed's example, as plans."""

from __future__ import annotations

from datetime import datetime

from bench.demo_org import CATEGORY, PERSON, RESOURCE, TZ
from bench.parse_corpus import MIGRATION, PLATFORM, ROADSHOW
from executor.plan import ActionRef, Plan
from pipeline.intent import parse
from pipeline.intent.context import CommandContext
from pipeline.intent.describe import describe
from tests.intent.conftest import Converse


def types(plan: Plan) -> list[str]:
    return [a.type for a in plan.actions]


def local(y: int, m: int, d: int, h: int = 17, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=TZ)


def test_family_1_channel_members_tasks_dependency_and_shared_deck(ctx: CommandContext) -> None:
    plan = parse(ROADSHOW, ctx)
    assert types(plan) == [
        "CREATE_CHANNEL",
        "CREATE_TASK",
        "CREATE_TASK",
        "CREATE_DEPENDENCY",
        "SHARE_RESOURCE",
    ]
    channel, flights, brochures, dep, share = plan.actions
    assert channel.type == "CREATE_CHANNEL" and flights.type == brochures.type == "CREATE_TASK"
    assert dep.type == "CREATE_DEPENDENCY" and share.type == "SHARE_RESOURCE"
    assert channel.name == "spring roadshow" and channel.category_id == CATEGORY["Sales"].id
    assert channel.members == [PERSON["Lisa"].id, PERSON["David"].id]
    assert flights.title == "book flights" and flights.due_date == local(2026, 11, 30)
    assert brochures.title == "print brochures" and brochures.due_date == local(2026, 12, 3)
    assert flights.channel == brochures.channel == ActionRef(ref="a1")
    assert dep.task == ActionRef(ref="a3") and dep.depends_on_task == ActionRef(ref="a2")
    assert dep.dependency_type == "blocks" and dep.depends_on == ["a2", "a3"]
    assert share.resource_id == RESOURCE["Pitch Deck"].id and share.channel == ActionRef(ref="a1")
    assert [d.phrase for d in plan.dates] == ["Monday", "next Thursday"]
    assert plan.focus_channel == ActionRef(ref="a1")


def test_family_2_put_tom_in_the_channel_just_made(converse: Converse) -> None:
    made, put = converse(PLATFORM, "Put Tom in it.")
    (channel,) = made.actions
    assert channel.type == "CREATE_CHANNEL" and channel.category_id == CATEGORY["Engineering"].id
    assert channel.name == "Platform Migration"
    new_id = converse.context().conversation.channel_ids[0]  # type: ignore[attr-defined]
    (member,) = put.actions
    assert member.type == "ADD_MEMBER" and member.channel == new_id and member.user_id == PERSON["Tom"].id


def test_family_3_task_here_for_tom_by_wednesday_urgent(converse: Converse) -> None:
    _, plan = converse(PLATFORM, MIGRATION)
    (task,) = plan.actions
    here = converse.context().conversation.current_channel_id  # type: ignore[attr-defined]
    assert task.type == "CREATE_TASK" and task.channel == here
    assert task.title == "write the migration plan" and task.assignees == [PERSON["Tom"].id]
    assert task.due_date == local(2026, 12, 2) and task.priority == "urgent"


def test_family_4_make_it_high_priority_instead(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, MIGRATION, "Make it high priority instead.")
    (update,) = plan.actions
    last_task = converse.context().conversation.task_ids[0]  # type: ignore[attr-defined]
    assert update.type == "UPDATE_TASK" and update.task == last_task and update.priority == "high"


def test_family_5_subtask_under_the_migration_plan(converse: Converse) -> None:
    *_, plan = converse(
        PLATFORM, MIGRATION, "Under the migration plan, add a subtask to inventory the databases for David."
    )
    (sub,) = plan.actions
    assert sub.type == "CREATE_TASK"
    ctx = converse.context()  # type: ignore[attr-defined]
    parent = next(t for t in ctx.tasks if t.title == "write the migration plan")
    assert sub.parent_task == parent.id and sub.channel == parent.channel_id
    assert sub.title == "inventory the databases" and sub.assignees == [PERSON["David"].id]


def test_family_6_testing_the_rollback_follows_the_migration_plan(converse: Converse) -> None:
    *_, plan = converse(
        PLATFORM,
        MIGRATION,
        "Add a task here to test the rollback.",
        "Testing the rollback follows the migration plan.",
    )
    (dep,) = plan.actions
    ctx = converse.context()  # type: ignore[attr-defined]
    ids = {t.title: t.id for t in ctx.tasks}
    assert dep.type == "CREATE_DEPENDENCY" and dep.dependency_type == "follows"
    assert dep.task == ids["test the rollback"] and dep.depends_on_task == ids["write the migration plan"]


def test_family_6_without_the_task_creates_it_next_to_the_other(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, MIGRATION, "Testing the rollback follows the migration plan.")
    task, dep = plan.actions
    assert task.type == "CREATE_TASK" and dep.type == "CREATE_DEPENDENCY"
    assert task.title == "Testing the rollback" and plan.confidence < 1.0


def test_family_7_post_in_the_channel_keeps_the_words(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, "Post in the platform migration channel that the freeze starts Friday.")
    (msg,) = plan.actions
    assert msg.type == "SEND_MESSAGE" and msg.content == "The freeze starts Friday."
    assert plan.dates == []  # dates inside a message are not resolved


def test_family_8_give_the_migration_plan_to_sarah_too(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, MIGRATION, "Give the migration plan to Sarah too.")
    (assign,) = plan.actions
    assert assign.type == "ASSIGN_USER" and assign.user_id == PERSON["Sarah"].id  # Tom is kept


def test_family_9_push_the_deadline_to_the_15th(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, MIGRATION, "Push the migration plan deadline to the 15th.")
    (deadline,) = plan.actions
    assert deadline.type == "SET_DEADLINE" and deadline.due_date == local(2026, 12, 15)


def test_family_10_link_channels_as_sequential(converse: Converse) -> None:
    *_, plan = converse(
        ROADSHOW, PLATFORM, "Link the platform migration channel to the roadshow channel as sequential."
    )
    (link,) = plan.actions
    names = {c.id: c.name for c in converse.context().channels}  # type: ignore[attr-defined]
    assert link.type == "LINK_CHANNELS" and link.relationship_type == "sequential"
    assert names[link.source] == "Platform Migration" and names[link.target] == "spring roadshow"


def test_family_11_remind_tom_on_thursday_at_ten(converse: Converse) -> None:
    *_, plan = converse(PLATFORM, MIGRATION, "Remind Tom about the migration plan on Thursday at 10.")
    (reminder,) = plan.actions
    assert reminder.type == "SET_REMINDER" and reminder.user_id == PERSON["Tom"].id
    assert reminder.scheduled_for == local(2026, 11, 26, 10)
    assert reminder.task is not None


def test_family_12_close_out_the_print_brochures_task(converse: Converse) -> None:
    _, plan = converse(ROADSHOW, "Close out the print brochures task.")
    (update,) = plan.actions
    assert update.type == "UPDATE_TASK" and update.status == "completed"


def test_family_13_restricted_channel_only_elena(ctx: CommandContext) -> None:
    (channel,) = parse("Make a restricted channel called Salary Review and only add Elena.", ctx).actions
    assert channel.type == "CREATE_CHANNEL"
    assert channel.privacy == "restricted" and channel.members == [PERSON["Elena"].id]
    assert channel.name == "Salary Review"


def test_family_14_spanish_task_for_priya_on_friday(ctx: CommandContext) -> None:
    plan = parse("Crea una tarea para revisar los contratos el viernes y asígnala a Priya.", ctx)
    (task,) = plan.actions
    assert plan.language == "es" and task.type == "CREATE_TASK"
    assert task.title == "revisar los contratos" and task.due_date == local(2026, 11, 27)
    assert task.assignees == [PERSON["Priya"].id]


def test_family_15_unknown_person_fails_the_whole_command(ctx: CommandContext) -> None:
    plan = parse("Create a channel called Offsite and add Sarah and Nobody.", ctx)
    assert plan.actions == []
    assert plan.error is not None and plan.error.code == "unknown_person"
    assert plan.error.message == "No one called 'Nobody' in the organisation"
    assert plan.error.details == {"name": "Nobody"}


def test_family_16_pause_the_spring_roadshow_channel(converse: Converse) -> None:
    _, plan = converse(ROADSHOW, "Pause the spring roadshow channel.")
    (update,) = plan.actions
    assert update.type == "UPDATE_CHANNEL" and update.status == "paused"


SEED = (
    "Create a marketing channel for Q1 launch, add Sarah and Mike, create three tasks: budget review due "
    "Friday, campaign brief due next Monday, and vendor shortlist due next Wednesday. Budget review blocks "
    "the other two. Share the brand guidelines with the channel."
)


def test_the_seed_example(ctx: CommandContext) -> None:
    plan = parse(SEED, ctx)
    assert plan.error is None and plan.clarification is None
    assert describe(plan, ctx) == [
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
            "title": "budget review",
            "priority": "medium",
            "due_date": "2026-11-27 17:00",
        },
        {
            "type": "CREATE_TASK",
            "channel": "new:Q1 launch",
            "title": "campaign brief",
            "priority": "medium",
            "due_date": "2026-11-30 17:00",
        },
        {
            "type": "CREATE_TASK",
            "channel": "new:Q1 launch",
            "title": "vendor shortlist",
            "priority": "medium",
            "due_date": "2026-12-02 17:00",
        },
        {
            "type": "CREATE_DEPENDENCY",
            "task": "new:campaign brief",
            "depends_on_task": "new:budget review",
            "dependency_type": "blocks",
        },
        {
            "type": "CREATE_DEPENDENCY",
            "task": "new:vendor shortlist",
            "depends_on_task": "new:budget review",
            "dependency_type": "blocks",
        },
        {"type": "SHARE_RESOURCE", "resource_id": "Brand Guidelines", "channel": "new:Q1 launch"},
    ]
    assert plan.confidence == 1.0
    assert [(d.phrase, d.resolved) for d in plan.dates] == [
        ("Friday", local(2026, 11, 27)),
        ("next Monday", local(2026, 11, 30)),
        ("next Wednesday", local(2026, 12, 2)),
    ]


def test_the_short_seed_asks_for_the_unnamed_task_titles(ctx: CommandContext) -> None:
    plan = parse(
        "create a marketing channel for Q1, add Sarah and Mike, three tasks due Friday, budget review blocks "
        "the others, share the brand guidelines",
        ctx,
    )
    assert plan.actions == [] and plan.clarification is not None
    assert "3 tasks" in plan.clarification.question


def test_the_whole_conversation_in_one_session(converse: Converse) -> None:
    plans = converse(
        ROADSHOW,
        PLATFORM,
        "Put Tom in it.",
        MIGRATION,
        "Make it high priority instead.",
        "Under the migration plan, add a subtask to inventory the databases for David.",
        "Testing the rollback follows the migration plan.",
        "Post in the platform migration channel that the freeze starts Friday.",
        "Give the migration plan to Sarah too.",
        "Push the migration plan deadline to the 15th.",
        "Link the platform migration channel to the roadshow channel as sequential.",
        "Remind Tom about the migration plan on Thursday at 10.",
        "Close out the print brochures task.",
        "Make a restricted channel called Salary Review and only add Elena.",
        "Crea una tarea para revisar los contratos el viernes y asígnala a Priya.",
        "Create a channel called Offsite and add Sarah and Nobody.",
        "Pause the spring roadshow channel.",
    )
    assert [p.error.code if p.error else None for p in plans].count("unknown_person") == 1
    assert all(p.clarification is None for p in plans)
    assert all(p.actions for p in plans if p.error is None)
    assert [types(p)[0] for p in plans if p.actions] == [
        "CREATE_CHANNEL",
        "CREATE_CHANNEL",
        "ADD_MEMBER",
        "CREATE_TASK",
        "UPDATE_TASK",
        "CREATE_TASK",
        "CREATE_TASK",
        "SEND_MESSAGE",
        "ASSIGN_USER",
        "SET_DEADLINE",
        "LINK_CHANNELS",
        "SET_REMINDER",
        "UPDATE_TASK",
        "CREATE_CHANNEL",
        "CREATE_TASK",
        "UPDATE_CHANNEL",
    ]
