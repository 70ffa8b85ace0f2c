""""Which tasks are blocked?" read as `Query(type="blocked")`: everywhere, in a channel or a category, or one
person's tasks ("which of Tom's tasks are blocked", "what am I waiting on"), in English and Spanish. Commands
that speak of blocking ("mark the press kit blocked", "the budget review is blocked by the press kit") stay
commands, and the questions about one task's chain keep their types."""

from __future__ import annotations

import pytest

from pipeline.intent import parse
from tests.intent.test_questions import asked, context

ALL: dict[str, object] = {"type": "blocked"}

ENGLISH: list[tuple[str, dict[str, object]]] = [
    ("Which tasks are blocked?", ALL),
    ("What's blocked?", ALL),
    ("what is blocked right now", ALL),
    ("Anything blocked?", ALL),
    ("Is anything stuck?", ALL),
    ("is anything blocked", ALL),
    ("are there any blocked tasks?", ALL),
    ("Show me the blocked tasks", ALL),
    ("list everything that's stuck", ALL),
    ("blocked tasks?", ALL),
    ("how many tasks are blocked", ALL),
    ("what are we waiting on?", ALL),
    ("what's stuck across the company", ALL),
    ("What's stuck in Q4 Close?", {"type": "blocked", "channel": "Q4 Close"}),
    ("what's blocked in the marketing channel", {"type": "blocked", "channel": "Marketing"}),
    ("which tasks are blocked in Finance", {"type": "blocked", "category": "Finance"}),
    ("any blocked tasks in Q1 Campaign?", {"type": "blocked", "channel": "Q1 Campaign"}),
    ("Which of Tom's tasks are blocked?", {"type": "blocked", "person": "Tom"}),
    ("which of my tasks are stuck", {"type": "blocked", "person": "Alex"}),
    ("are any of Lisa's tasks blocked?", {"type": "blocked", "person": "Lisa"}),
    ("is anything of mine blocked?", {"type": "blocked", "person": "Alex"}),
    ("What am I waiting on?", {"type": "blocked", "person": "Alex"}),
    ("what is Tom waiting on", {"type": "blocked", "person": "Tom"}),
    ("what's blocked for Priya", {"type": "blocked", "person": "Priya"}),
    ("is Tom blocked?", {"type": "blocked", "person": "Tom"}),
    ("what's blocking me", {"type": "blocked", "person": "Alex"}),
    ("what's holding us up", ALL),
    ("what's blocked in Q1 Campaign for Lisa", {"type": "blocked", "channel": "Q1 Campaign", "person": "Lisa"}),
    ("which tasks are marked blocked", ALL),
    ("um, so, what's stuck?", ALL),
]

SPANISH: list[tuple[str, dict[str, object]]] = [
    ("¿Qué tareas están bloqueadas?", ALL),
    ("¿qué está bloqueado en Leadership?", {"type": "blocked", "channel": "Leadership"}),
    ("¿hay algo bloqueado?", ALL),
    ("¿hay tareas bloqueadas en Q4 Close?", {"type": "blocked", "channel": "Q4 Close"}),
    ("qué está atascado", ALL),
    ("¿cuáles son las tareas bloqueadas?", ALL),
    ("muéstrame las tareas bloqueadas", ALL),
    ("¿cuántas tareas están bloqueadas?", ALL),
    ("¿qué tareas de Tom están bloqueadas?", {"type": "blocked", "person": "Tom"}),
    ("¿tengo algo bloqueado?", {"type": "blocked", "person": "Alex"}),
    ("¿qué estoy esperando?", {"type": "blocked", "person": "Alex"}),
    ("¿qué tareas tiene bloqueadas Lisa?", {"type": "blocked", "person": "Lisa"}),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[t for t, _ in ENGLISH])
def test_english_blocked_question(text: str, expected: dict[str, object]) -> None:
    assert asked(text) == expected


@pytest.mark.parametrize(("text", "expected"), SPANISH, ids=[t for t, _ in SPANISH])
def test_spanish_blocked_question(text: str, expected: dict[str, object]) -> None:
    assert asked(text, context("es")) == expected
    assert parse(text, context("es")).language == "es"
    assert asked(text) == expected  # typed in an English session too


@pytest.mark.parametrize("text", [t for t, _ in ENGLISH[::3]])
def test_spoken_blocked_questions_need_no_marks(text: str) -> None:
    assert asked(text.rstrip("?").replace(",", "").lower()) == asked(text)


def test_the_plan_says_what_it_asks() -> None:
    plan = parse("what's blocked in Q4 Close for Priya", context())
    assert plan.query is not None and plan.query.summary == "blocked tasks in Q4 Close for Priya Patel"
    assert parse("which tasks are blocked", context()).query.summary == "blocked tasks"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "expected"), [
    # one task's chain, as before
    ("which tasks are blocked by the budget review", {"type": "blocked_by", "task": "Budget review"}),
    ("what is waiting on the press kit", {"type": "blocked_by", "task": "Press kit"}),
    ("what is the venue booking waiting on?", {"type": "blocking", "task": "Venue booking"}),
    ("why is the press kit blocked", {"type": "blocking", "task": "Press kit"}),
    ("what are we waiting on for the budget review", {"type": "blocking", "task": "Budget review"}),
    ("Is the press kit blocked?", {"type": "status", "task": "Press kit"}),
    ("¿está bloqueado el kit de prensa?", {"type": "status", "task": "kit de prensa"}),
    ("¿qué tareas bloquea la reserva del local?", {"type": "blocked_by", "task": "reserva del local"}),
])
def test_questions_about_one_task_keep_their_type(text: str, expected: dict[str, object]) -> None:
    assert asked(text, context("es" if "¿" in text else "en")) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("what's blocked in Narnia", "unknown_channel"),
    ("which of Zed's tasks are blocked", "unknown_person"),
])
def test_an_unknown_name_is_an_error(text: str, code: str) -> None:
    plan = parse(text, context())
    assert plan.error is not None and plan.error.code == code and plan.query is None


@pytest.mark.parametrize(("text", "kind"), [
    ("Mark the press kit blocked", "UPDATE_TASK"),
    ("set the budget review to blocked", "UPDATE_TASK"),
    ("the venue booking is stuck", "UPDATE_TASK"),
    ("The budget review is blocked by the press kit", "CREATE_DEPENDENCY"),
    ("marca el kit de prensa como bloqueado", "UPDATE_TASK"),
])
def test_commands_about_blocking_stay_commands(text: str, kind: str) -> None:
    plan = parse(text, context())
    assert plan.kind == "command" and plan.query is None
    assert [a.type for a in plan.actions][:1] == [kind], plan
