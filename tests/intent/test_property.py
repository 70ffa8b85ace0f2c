"""Whatever is said, the parser answers with a Plan and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.demo_org import demo_context
from executor.plan import Plan
from pipeline.intent import parse

CTX = demo_context()
WORDS = st.sampled_from(
    "create add make the a channel task tasks to for and , . : Sarah Sera Nobody due Friday next 15th "
    "blocks follows it them here that urgent high priority share brand guidelines remind at 10 post "
    "that mark done push deadline link as sequential pause crea una tarea el viernes y asígnala three "
    "free under subtask give too instead actually um".split()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    assert isinstance(parse(text, CTX), Plan)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_random_command_words_never_raise(text: str) -> None:
    plan = parse(text, CTX)
    assert isinstance(plan, Plan)
    assert not (plan.actions and (plan.error or plan.clarification))  # never half a plan


def test_huge_input_is_refused_quickly() -> None:
    plan = parse("create a task " * 10_000, CTX)
    assert plan.error is not None and plan.error.code == "too_long" and plan.actions == []


def test_long_but_allowed_input_still_parses_fast() -> None:
    import time

    text = ", ".join("add Sarah to the general channel" for _ in range(50))[:1999]
    start = time.perf_counter()
    plan = parse(text, CTX)
    assert isinstance(plan, Plan) and time.perf_counter() - start < 1.0
