"""Names of channels and tasks: toss-ups ask, recent things win, unknown things fail clearly."""

from __future__ import annotations

import dataclasses

from bench.demo_org import CHANNEL, PERSON, _id, demo_context
from pipeline.intent import parse
from pipeline.intent.context import ChannelRef, CommandContext, Conversation, Person


def test_two_close_channels_ask_which() -> None:
    ctx = demo_context()
    ctx.channels.append(ChannelRef(_id(3, 50), "Q4 Planning Archive"))
    ctx.channels.append(ChannelRef(_id(3, 51), "Q4 Plans"))
    plan = parse("add Sarah to the Q4 plan channel", ctx)
    assert plan.actions == [] and plan.clarification is not None
    assert len(plan.clarification.options) >= 2


def test_a_recent_channel_wins_a_toss_up() -> None:
    ctx = demo_context()
    ctx.channels.append(ChannelRef(_id(3, 51), "Q4 Plans"))
    ctx.conversation = Conversation(channel_ids=[_id(3, 51)])
    plan = parse("add Sarah to the Q4 plan channel", ctx)
    member = plan.actions[0]
    assert member.type == "ADD_MEMBER" and member.channel == _id(3, 51)


def test_two_people_with_one_name_ask_which() -> None:
    ctx = demo_context()
    ctx.people.append(Person(_id(1, 99), "Tom Hardy", "th@demo.co", "staff"))
    plan = parse("add Tom to the general channel", ctx)
    assert plan.clarification is not None and set(plan.clarification.options) == {"Tom Baker", "Tom Hardy"}


def test_here_without_any_channel_asks(ctx: CommandContext) -> None:
    plan = parse("add Tom here", ctx)
    assert plan.clarification is not None and plan.actions == []


def test_it_without_context_asks(ctx: CommandContext) -> None:
    plan = parse("make it urgent", ctx)
    assert plan.clarification is not None


def test_focus_is_reported_for_the_next_command(ctx: CommandContext) -> None:
    plan = parse("add Lisa to the general channel", ctx)
    assert plan.focus_channel == CHANNEL["General"].id
    ctx2 = dataclasses.replace(ctx, conversation=Conversation(current_channel_id=CHANNEL["General"].id))
    plan = parse("create a task to tidy the wiki for Lisa", ctx2)
    task = plan.actions[0]
    assert task.type == "CREATE_TASK" and task.channel == CHANNEL["General"].id
    assert task.assignees == [PERSON["Lisa"].id]


def test_unknown_resource_is_never_invented(ctx: CommandContext) -> None:
    plan = parse("share the secret roadmap with the general channel", ctx)
    assert plan.actions == [] and plan.error is not None and plan.error.code == "unknown_resource"


def test_confidence_drops_for_fuzzy_and_unexplained_words(ctx: CommandContext) -> None:
    assert parse("add Sarah to the general channel", ctx).confidence == 1.0
    assert parse("add Sera to the general channel", ctx).confidence < 1.0
    partly = parse("add Sarah to the general channel. Frobnicate the wombats.", ctx)
    assert partly.actions and partly.confidence < 0.6
    glued = parse("add Sarah to the general channel and frobnicate the wombats", ctx)
    assert glued.error is not None or glued.confidence < 0.6
