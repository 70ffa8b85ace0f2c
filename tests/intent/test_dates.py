"""Date phrases resolve in the organisation's timezone, by the documented conventions."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from bench.demo_org import TZ, demo_context
from pipeline.intent import parse
from pipeline.intent.dates import find_dates

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=TZ)
FRIDAY = datetime(2026, 11, 27, 16, 0, tzinfo=TZ)
SUNDAY = datetime(2026, 11, 29, 9, 0, tzinfo=TZ)


def resolve(phrase: str, now: datetime, default: time = time(17)) -> str:
    spans = find_dates(phrase, now)
    assert len(spans) == 1, (phrase, spans)
    return spans[0].resolve(now, default).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("today", "Wed 2026-11-25 17:00"),
        ("tomorrow", "Thu 2026-11-26 17:00"),
        ("Friday", "Fri 2026-11-27 17:00"),
        ("by Wednesday", "Wed 2026-12-02 17:00"),
        ("this Friday", "Fri 2026-11-27 17:00"),
        ("next Friday", "Fri 2026-12-04 17:00"),
        ("next Monday", "Mon 2026-11-30 17:00"),
        ("Friday next week", "Fri 2026-12-04 17:00"),
        ("in two weeks", "Wed 2026-12-09 17:00"),
        ("in 3 days", "Sat 2026-11-28 17:00"),
        ("end of month", "Mon 2026-11-30 17:00"),
        ("end of the week", "Fri 2026-11-27 17:00"),
        ("end of next month", "Thu 2026-12-31 17:00"),
        ("next week", "Fri 2026-12-04 17:00"),
        ("the 15th", "Tue 2026-12-15 17:00"),
        ("the 30th", "Mon 2026-11-30 17:00"),
        ("the fifteenth", "Tue 2026-12-15 17:00"),
        ("December 15", "Tue 2026-12-15 17:00"),
        ("the 3rd of January", "Sun 2027-01-03 17:00"),
        ("on Thursday at 10", "Thu 2026-11-26 10:00"),
        ("at 9 am", "Thu 2026-11-26 09:00"),
        ("at 3", "Wed 2026-11-25 15:00"),
        ("noon", "Wed 2026-11-25 12:00"),
        ("tomorrow at 4:30 pm", "Thu 2026-11-26 16:30"),
        ("Monday at noon", "Mon 2026-11-30 12:00"),
        ("in 2 hours", "Wed 2026-11-25 12:00"),
        ("2026-12-01", "Tue 2026-12-01 17:00"),
        ("eod", "Wed 2026-11-25 17:00"),
        ("by end of day", "Wed 2026-11-25 17:00"),
        ("EOD tomorrow", "Thu 2026-11-26 17:00"),
        ("end of day Friday", "Fri 2026-11-27 17:00"),
        ("close of business Friday", "Fri 2026-11-27 17:00"),
        ("first thing Monday", "Mon 2026-11-30 09:00"),
        ("first thing tomorrow", "Thu 2026-11-26 09:00"),
        ("first thing", "Thu 2026-11-26 09:00"),
        ("a week from Friday", "Fri 2026-12-04 17:00"),
        ("two days after next Monday", "Wed 2026-12-02 17:00"),
        ("a week from tomorrow", "Thu 2026-12-03 17:00"),
        ("end of next week", "Fri 2026-12-04 17:00"),
        ("tomorrow morning", "Thu 2026-11-26 09:00"),
        ("next Tuesday at 3pm", "Tue 2026-12-01 15:00"),
    ],
)
def test_phrases_on_a_wednesday(phrase: str, expected: str) -> None:
    assert resolve(phrase, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Friday", "Fri 2026-12-04 17:00"),  # said on a Friday: a week later, never today
        ("this Friday", "Fri 2026-11-27 17:00"),
        ("today", "Fri 2026-11-27 17:00"),
        ("next Friday", "Fri 2026-12-04 17:00"),
        ("end of the week", "Fri 2026-11-27 17:00"),
        ("Monday", "Mon 2026-11-30 17:00"),
    ],
)
def test_phrases_on_a_friday(phrase: str, expected: str) -> None:
    assert resolve(phrase, FRIDAY) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Monday", "Mon 2026-11-30 17:00"),
        ("next Monday", "Mon 2026-11-30 17:00"),
        ("end of the week", "Fri 2026-12-04 17:00"),
        ("the 15th", "Tue 2026-12-15 17:00"),
    ],
)
def test_phrases_on_a_sunday(phrase: str, expected: str) -> None:
    assert resolve(phrase, SUNDAY) == expected


def test_words_that_are_not_dates_are_left_alone() -> None:
    for text in ["the first task", "add 5 people", "review the second draft", "may we start"]:
        assert find_dates(text, WEDNESDAY) == [], text


def test_due_dates_carry_the_timezone_and_show_in_plan_dates() -> None:
    plan = parse("create a task to renew the lease due next Friday", demo_context())
    (task,) = plan.actions
    assert task.type == "CREATE_TASK"
    assert task.due_date is not None and task.due_date.tzinfo is not None
    assert task.due_date.utcoffset() == WEDNESDAY.utcoffset()
    assert [(d.phrase, d.resolved) for d in plan.dates] == [("next Friday", task.due_date)]


def test_spanish_dates() -> None:
    for text, expected in [
        ("crea una tarea para pagar el viernes", "2026-11-27 17:00"),
        ("crea una tarea para pagar mañana", "2026-11-26 17:00"),
        ("crea una tarea para pagar la próxima semana", "2026-12-04 17:00"),
        ("crea una tarea para pagar el 15", "2026-12-15 17:00"),
        ("crea una tarea para pagar el próximo lunes", "2026-11-30 17:00"),
    ]:
        (task,) = parse(text, demo_context()).actions
        assert task.type == "CREATE_TASK", text
        assert task.due_date is not None and task.due_date.strftime("%Y-%m-%d %H:%M") == expected, text


def test_a_different_weekday_changes_the_plan() -> None:
    plan = parse("create a task to send invoices due Friday", demo_context(now=FRIDAY))
    task = plan.actions[0]
    assert task.type == "CREATE_TASK" and task.due_date == datetime(2026, 12, 4, 17, 0, tzinfo=TZ)
