"""Fixtures for the intent tests: the demo organisation and a conversation runner."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bench.demo_org import after, demo_context
from executor.plan import Plan
from pipeline.intent import parse
from pipeline.intent.context import CommandContext


@pytest.fixture
def ctx() -> CommandContext:
    return demo_context()


Converse = Callable[..., list[Plan]]


@pytest.fixture
def converse(ctx: CommandContext) -> Converse:
    """Say several commands in a row; each plan is applied as the server would before the next."""
    state = {"ctx": ctx}

    def say(*texts: str) -> list[Plan]:
        plans = []
        for text in texts:
            plan = parse(text, state["ctx"])
            plans.append(plan)
            state["ctx"] = after(state["ctx"], plan)
        return plans

    say.context = lambda: state["ctx"]  # type: ignore[attr-defined]
    return say
