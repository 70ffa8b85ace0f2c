"""`split_estimate`: one estimate phrase out of a clause, as hours of work; dates, lead times and
titles that hold a duration are left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from executor.plan import CreateTask, Plan, UpdateTask
from pipeline.intent.context import CommandContext
from pipeline.intent.describe import describe
from pipeline.intent.estimates import split_estimate

Case = tuple[str, str, float]  # (said, what is left, hours)

ENGLISH: list[Case] = [
    ("should take about two days of work", "", 16),
    ("should take about two days", "", 16),
    ("should take about 2 hours (of work)", "", 2),
    ("add a task for david to audit the firewall rules should take about two days of work",
     "add a task for david to audit the firewall rules", 16),
    ("Create a task for Lisa to write the newsletter (roughly a three hour job), due Friday.",
     "Create a task for Lisa to write the newsletter, due Friday.", 3),
    ("Create a task to clean up the CRM contacts for David, should take about 4 hours, due Tuesday.",
     "Create a task to clean up the CRM contacts for David, due Tuesday.", 4),
    ("write the report (roughly a three hour job) by Friday", "write the report by Friday", 3),
    ("it's a 4 hour job", "", 4),
    ("that's a two-day job", "", 16),
    ("it's a half-day job", "", 4),
    ("estimate 6 hours", "", 6),
    ("estimated at 3 days", "", 24),
    ("an estimated 3 days", "", 24),
    ("the estimate is 6 hours", "", 6),
    ("with an estimate of 6 hours", "", 6),
    ("we'd estimate 3 days", "", 24),
    ("estimate it at 2 days", "", 16),
    ("set the estimate to 6 hours", "", 6),
    ("set the estimate to 6 hours.", "", 6),
    ("change the estimate to 4 hours", "", 4),
    ("set the estimate to 6 hours and mark it as in progress", "mark it as in progress", 6),
    ("create a task to review the budget, estimate: 4h", "create a task to review the budget", 4),
    ("migration plan: 3 hour estimate, status under review", "migration plan, status under review", 3),
    ("takes around 2h", "", 2),
    ("takes 2 weeks", "", 80),
    ("about 5 hours of work", "", 5),
    ("that's about a week of work", "", 40),
    ("finish it by Friday, it's about 5 hours of work", "finish it by Friday", 5),
    ("a day's work", "", 8),
    ("roughly 45 minutes", "", 0.75),
    ("about 1.5 hours", "", 1.5),
    ("roughly a couple of hours", "", 2),
    ("it should take 90 minutes", "", 1.5),
    ("it'll take forty-five minutes", "", 0.75),
    ("it should take 30 mins", "", 0.5),
    ("it should take half a day", "", 4),
    ("it should take an hour and a half", "", 1.5),
    ("should take two and a half hours", "", 2.5),
    ("it should take 1 hour and 30 minutes", "", 1.5),
    ("should take 1.5 days", "", 12),
    ("should take a couple of hours", "", 2),
    ("should take a week", "", 40),
    ("it'll take a day or two", "", 16),
    ("it should take two days to finish", "", 16),
    ("write the report and it should take 2 days", "write the report", 16),
    ("review the budget, about 5 hours of work, for Sarah", "review the budget, for Sarah", 5),
    ("write the spec — roughly a three hour job — and send it to Tom", "write the spec and send it to Tom", 3),
    ("write the spec (Sarah, should take 2 days)", "write the spec (Sarah)", 16),
    ("add a 2 hour task to fix the login", "add a task to fix the login", 2),
    ("write Plan E, should take 2 days", "write Plan E", 16),
]
RANGES: list[Case] = [
    ("2-3 hours", "", 3),
    ("should take 2 to 3 days", "", 24),
    ("one to two weeks", "", 80),
    ("it'll take two or three hours", "", 3),
    ("tardará entre 2 y 3 horas", "", 3),
    ("dos o tres días de trabajo", "", 24),
]
SPANISH: list[Case] = [
    ("calculo unas 6 horas", "", 6),
    ("Crea una tarea para migrar el correo a Google, calculo unas 6 horas, para Tom.",
     "Crea una tarea para migrar el correo a Google, para Tom.", 6),
    ("son como dos días de trabajo", "", 16),
    ("Añade en Website Redesign una tarea de optimizar las imágenes para Lisa, son como dos días de trabajo.",
     "Añade en Website Redesign una tarea de optimizar las imágenes para Lisa.", 16),
    ("hay que revisar el contrato, son como dos días de trabajo", "hay que revisar el contrato", 16),
    ("le llevará medio día", "", 4),
    ("llevara medio dia", "", 4),
    ("le llevará media jornada", "", 4),
    ("le llevará una hora y media", "", 1.5),
    ("le llevará un par de días", "", 16),
    ("revisar el contrato y le llevará medio día", "revisar el contrato", 4),
    ("nos va a llevar 3 días", "", 24),
    ("tardará unos dos días", "", 16),
    ("calculo que le llevará dos días", "", 16),
    ("estimación de 3 horas", "", 3),
    ("estimacion de 3 horas", "", 3),
    ("con una estimación de 3 horas", "", 3),
    ("la estimación es de 3 horas", "", 3),
    ("estimación: 3 horas", "", 3),
    ("pon la estimación en 6 horas y márcala como en curso", "márcala como en curso", 6),
    ("cambia la estimación a 4 horas", "", 4),
    ("estímalo en 2 días", "", 16),
    ("unas 4 horas", "", 4),
    ("unas 2,5 horas", "", 2.5),
    ("es un trabajo de unas 3 horas", "", 3),
    ("crea una tarea de 3 horas para revisar el presupuesto", "crea una tarea para revisar el presupuesto", 3),
]
# The estimate names its task: the name stays, for the grammar to resolve.
NAMING_THE_TASK: list[Case] = [
    ("set the estimate for the vendor review to 6 hours", "the vendor review", 6),
    ("estimate the migration plan at two days", "the migration plan", 16),
    ("give Sarah's deck an estimate of 3 hours", "Sarah's deck", 3),
    ("give it an estimate of 6 hours", "", 6),
    ("estima diseñar el cartel en dos días", "diseñar el cartel", 16),
]
NOT_ESTIMATES = [
    # dates and times
    "remind me in two hours", "due in 3 days", "due in about 3 days", "due about 3 days from now", "within two weeks",
    "by 5 pm", "for two weeks", "snooze it for about 2 hours", "remind me in about 2 hours",
    "remind me about 2 hours before the call", "follow up, about two weeks from now", "push it back about two days",
    "it's about two weeks overdue", "that's 2 weeks away", "it will take until Friday",
    "en dos días", "dentro de 3 días", "en unas 4 horas", "pasa la reunión dos días",
    "la tarea lleva dos días bloqueada", "Juan estima que llegará en dos días",
    # leave, not work
    "Tom takes two days off", "Tom is taking two weeks of leave",
    # titles that hold a duration
    "plan the 3 day offsite", "write the 24 hour runbook", "write the 24 hour job scheduler",
    "write the 2 hour training doc", "write the 3 hour estimate doc", "crea una tarea de 3 horas de formación",
    "list the services, estimate downtime", "estimate downtime",
    "create 'estimate 6 hours' task", 'call it "should take about two days"',
    # an instruction to someone, not an estimate
    "take two hours to review the contract",
    # no cue, no unit, or a bound the plan refuses
    "90 minutes", "a couple of hours", "it's 4 hours", "estimate 6", "set the estimate to 0 hours",
    "update the estimate to 20000 hours",
    # two estimates: which one?
    "it should take 2 days, estimate 16 hours",
    "",
]


@pytest.mark.parametrize(("said", "rest", "hours"), ENGLISH + RANGES + SPANISH + NAMING_THE_TASK)
def test_an_estimate_is_taken_out_of_the_clause(said: str, rest: str, hours: float) -> None:
    assert split_estimate(said) == (rest, hours)


@pytest.mark.parametrize("said", NOT_ESTIMATES)
def test_durations_that_are_not_estimates_are_left_alone(said: str) -> None:
    assert split_estimate(said) == (said, None)


def test_case_does_not_matter() -> None:
    assert split_estimate("Should Take About Two Days") == ("", 16)


@given(st.text(max_size=80))
def test_it_never_raises_and_any_hours_fit_the_plan(text: str) -> None:
    rest, hours = split_estimate(text)
    if hours is None:
        assert rest == text
    else:
        assert 0 < hours <= 10_000


def test_describe_shows_the_estimate_of_both_task_actions(ctx: CommandContext) -> None:
    task = ctx.tasks[0]
    plan = Plan(actions=[
        CreateTask(id="a1", title="audit the firewall rules", estimated_hours=16),
        UpdateTask(id="a2", task=task.id, estimated_hours=1.5),
        CreateTask(id="a3", title="no estimate"),
    ])
    rows = describe(plan, ctx)
    assert rows[0]["estimated_hours"] == 16 and rows[1]["estimated_hours"] == 1.5
    assert rows[1]["task"] == task.title
    assert "estimated_hours" not in rows[2]
