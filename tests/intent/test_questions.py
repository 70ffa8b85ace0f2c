"""Questions read into `Plan(kind="query")`: many phrasings in English and Spanish, typed (with "?") and spoken
(without, with fillers), resolved against the speaker's snapshot exactly as commands are. An unknown name is an
error and a near tie a question back, never a guess; a question never produces actions; what is no question we
answer keeps the parser's "question" refusal."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic import ValidationError

from bench.demo_org import NOW, PEOPLE, PERSON, _id
from executor.plan import Plan, Query
from pipeline.intent import parse
from pipeline.intent.context import CategoryRef, ChannelRef, CommandContext, Conversation, Person, TaskRef
from pipeline.intent.describe import describe_query
from pipeline.intent.questions import read_question

CATEGORIES = [CategoryRef(_id(2, i + 1), n) for i, n in enumerate(["Marketing", "Operations", "Finance", "HR", "Sales"])]
CHANNELS = [
    ChannelRef(_id(3, 11), "Marketing", CATEGORIES[0].id),
    ChannelRef(_id(3, 12), "Q1 Campaign", CATEGORIES[0].id),
    ChannelRef(_id(3, 13), "Leadership", None, privacy="private"),
    ChannelRef(_id(3, 14), "Sales", CATEGORIES[4].id),
    ChannelRef(_id(3, 15), "Q4 Close", CATEGORIES[2].id),
]
CH = {c.name: c.id for c in CHANNELS}
TASKS = [
    TaskRef(_id(4, 11), "Budget review", CH["Q4 Close"], assignees=(PERSON["Priya"].id,)),
    TaskRef(_id(4, 12), "Press kit", CH["Q1 Campaign"], assignees=(PERSON["Lisa"].id,)),
    TaskRef(_id(4, 13), "Venue booking", CH["Q1 Campaign"], status="in_progress", assignees=(PERSON["Tom"].id,)),
    TaskRef(_id(4, 14), "Logo refresh", CH["Marketing"]),
    TaskRef(_id(4, 15), "kit de prensa", CH["Sales"]),
    TaskRef(_id(4, 16), "reserva del local", CH["Sales"]),
    TaskRef(_id(4, 17), "Hire a designer", None),
]


def context(language: str = "en", **conversation: Any) -> CommandContext:
    return CommandContext(speaker=PEOPLE[0], now=NOW, people=list(PEOPLE), categories=list(CATEGORIES),
                          channels=list(CHANNELS), tasks=list(TASKS), resources=[],
                          conversation=Conversation(**conversation), language=language)


def asked(text: str, ctx: CommandContext | None = None) -> dict[str, object]:
    """The question as read by the whole parser, in names; asserts it is answered, not run."""
    ctx = ctx or context()
    plan = parse(text, ctx)
    assert plan.kind == "query" and plan.query is not None, (text, plan.error, plan.clarification)
    assert plan.actions == [] and plan.error is None and plan.clarification is None
    assert plan.confidence >= 0.6, (text, plan.doubts)
    return describe_query(plan.query, ctx)


ENGLISH: list[tuple[str, dict[str, object]]] = [
    # due: overdue / today / tomorrow / this week / next week, everywhere, in a channel, for a person
    ("What is overdue?", {"type": "due", "window": "overdue"}),
    ("what's overdue in Marketing", {"type": "due", "window": "overdue", "channel": "Marketing"}),
    ("whats overdue in the marketing channel", {"type": "due", "window": "overdue", "channel": "Marketing"}),
    ("what is due today for Tom", {"type": "due", "window": "today", "person": "Tom"}),
    ("anything due this week?", {"type": "due", "window": "this_week"}),
    ("What's due tomorrow?", {"type": "due", "window": "tomorrow"}),
    ("what is due next week in Q1 Campaign", {"type": "due", "window": "next_week", "channel": "Q1 Campaign"}),
    ("Which tasks are overdue?", {"type": "due", "window": "overdue"}),
    ("is anything overdue for Lisa?", {"type": "due", "window": "overdue", "person": "Lisa"}),
    ("are there any tasks due today in Q4 Close", {"type": "due", "window": "today", "channel": "Q4 Close"}),
    ("show me the overdue tasks", {"type": "due", "window": "overdue"}),
    ("list everything due this week for Priya", {"type": "due", "window": "this_week", "person": "Priya"}),
    ("what do I have due today", {"type": "due", "window": "today", "person": "Alex"}),
    ("does Tom have anything overdue", {"type": "due", "window": "overdue", "person": "Tom"}),
    ("how many tasks are overdue in Q4 Close?", {"type": "due", "window": "overdue", "channel": "Q4 Close"}),
    ("um, so, what's due by the end of the week?", {"type": "due", "window": "this_week"}),
    ("what's late", {"type": "due", "window": "overdue"}),
    ("any deadlines this week?", {"type": "due", "window": "this_week"}),
    ("overdue tasks in Sales?", {"type": "due", "window": "overdue", "channel": "Sales"}),
    ("what's overdue on Tom's plate", {"type": "due", "window": "overdue", "person": "Tom"}),
    ("what is overdue in Q1 campaign for Lisa", {"type": "due", "window": "overdue", "channel": "Q1 Campaign", "person": "Lisa"}),
    ("which of Tom's tasks are overdue", {"type": "due", "window": "overdue", "person": "Tom"}),
    ("can you tell me what's past due", {"type": "due", "window": "overdue"}),
    ("uh what is overdue in finance", {"type": "due", "window": "overdue", "category": "Finance"}),
    ("what is due today across the company", {"type": "due", "window": "today"}),
    ("whats overdue for Mike this week?", {"type": "due", "window": "overdue", "person": "Mike"}),
    ("how many overdue tasks does Tom have", {"type": "due", "window": "overdue", "person": "Tom"}),
    ("any overdue tasks in Q4 Close?", {"type": "due", "window": "overdue", "channel": "Q4 Close"}),
    ("what's due today, can you tell me?", {"type": "due", "window": "today"}),
    # working on: a person's open tasks, "my plate" is the speaker's
    ("What is Sarah working on?", {"type": "working_on", "person": "Sarah"}),
    ("what's on my plate", {"type": "working_on", "person": "Alex"}),
    ("what is on Tom's plate today?", {"type": "working_on", "person": "Tom"}),
    ("what's Lisa doing", {"type": "working_on", "person": "Lisa"}),
    ("What are Priya's tasks?", {"type": "working_on", "person": "Priya"}),
    ("show me my tasks", {"type": "working_on", "person": "Alex"}),
    ("what does Mike have on", {"type": "working_on", "person": "Mike"}),
    ("what tasks does David have?", {"type": "working_on", "person": "David"}),
    ("what am I working on", {"type": "working_on", "person": "Alex"}),
    ("what should I work on next?", {"type": "working_on", "person": "Alex"}),
    ("how many tasks does Elena have open", {"type": "working_on", "person": "Elena"}),
    ("what's assigned to Tom?", {"type": "working_on", "person": "Tom"}),
    ("what is Sarah working on in Marketing", {"type": "working_on", "person": "Sarah", "channel": "Marketing"}),
    ("hey can you tell me what Sarah is working on", {"type": "working_on", "person": "Sarah"}),
    ("what's Sara working on right now", {"type": "working_on", "person": "Sarah"}),
    ("what's Priya's workload look like", {"type": "working_on", "person": "Priya"}),
    # what blocks a task, the whole open chain
    ("What is blocking the budget review?", {"type": "blocking", "task": "Budget review"}),
    ("what's holding up the press kit", {"type": "blocking", "task": "Press kit"}),
    ("what is the venue booking waiting on?", {"type": "blocking", "task": "Venue booking"}),
    ("why is the press kit blocked", {"type": "blocking", "task": "Press kit"}),
    ("what does the budget review depend on", {"type": "blocking", "task": "Budget review"}),
    ("is anything blocking the press kit?", {"type": "blocking", "task": "Press kit"}),
    ("which tasks block the venue booking", {"type": "blocking", "task": "Venue booking"}),
    ("what needs to happen before the budget review can start", {"type": "blocking", "task": "Budget review"}),
    ("so what's blocking budget review", {"type": "blocking", "task": "Budget review"}),
    # what a task blocks
    ("what does the venue booking block?", {"type": "blocked_by", "task": "Venue booking"}),
    ("what is waiting on the press kit", {"type": "blocked_by", "task": "Press kit"}),
    ("what depends on the venue booking?", {"type": "blocked_by", "task": "Venue booking"}),
    ("what can't start until the press kit is done", {"type": "blocked_by", "task": "Press kit"}),
    ("what is the venue booking holding up", {"type": "blocked_by", "task": "Venue booking"}),
    ("which tasks are blocked by the budget review", {"type": "blocked_by", "task": "Budget review"}),
    # who is in a channel, who owns it; who works on a task
    ("Who is in the Leadership channel?", {"type": "members", "channel": "Leadership"}),
    ("who's on Q1 campaign", {"type": "members", "channel": "Q1 Campaign"}),
    ("who's in Marketing?", {"type": "members", "channel": "Marketing"}),
    ("who are the members of Sales", {"type": "members", "channel": "Sales"}),
    ("list the people in Q4 Close", {"type": "members", "channel": "Q4 Close"}),
    ("how many people are in Leadership?", {"type": "members", "channel": "Leadership"}),
    ("is Tom in Q1 Campaign?", {"type": "members", "channel": "Q1 Campaign", "person": "Tom"}),
    ("who owns Marketing?", {"type": "owner", "channel": "Marketing"}),
    ("who's in charge of the Q1 campaign channel", {"type": "owner", "channel": "Q1 Campaign"}),
    ("who is the owner of Leadership", {"type": "owner", "channel": "Leadership"}),
    ("who runs Sales", {"type": "owner", "channel": "Sales"}),
    ("Who is working on the press kit?", {"type": "assignees", "task": "Press kit"}),
    ("who's on the venue booking", {"type": "assignees", "task": "Venue booking"}),
    ("who has the budget review?", {"type": "assignees", "task": "Budget review"}),
    ("who's assigned to the press kit", {"type": "assignees", "task": "Press kit"}),
    ("is Lisa on the press kit?", {"type": "assignees", "task": "Press kit", "person": "Lisa"}),
    # status of a task or a channel
    ("What's the status of the press kit?", {"type": "status", "task": "Press kit"}),
    ("how is Q4 Close going", {"type": "status", "channel": "Q4 Close"}),
    ("how's the venue booking coming along?", {"type": "status", "task": "Venue booking"}),
    ("where are we on the budget review", {"type": "status", "task": "Budget review"}),
    ("any update on Q1 Campaign?", {"type": "status", "channel": "Q1 Campaign"}),
    ("is the press kit done yet", {"type": "status", "task": "Press kit"}),
    ("when is the budget review due?", {"type": "status", "task": "Budget review"}),
    ("what's still open in Marketing", {"type": "status", "channel": "Marketing"}),
    ("how many tasks are left in Q4 Close", {"type": "status", "channel": "Q4 Close"}),
    ("press kit status?", {"type": "status", "task": "Press kit"}),
    ("what's left for Tom", {"type": "working_on", "person": "Tom"}),
    # finished this week / month
    ("How many tasks did Priya finish this week?", {"type": "finished_count", "period": "this_week", "person": "Priya"}),
    ("how many tasks has Tom completed this month", {"type": "finished_count", "period": "this_month", "person": "Tom"}),
    ("how many did I finish today", {"type": "finished_count", "period": "today", "person": "Alex"}),
    ("what did Lisa get done last week?", {"type": "finished_count", "period": "last_week", "person": "Lisa"}),
    ("how many tasks were completed this week", {"type": "finished_count", "period": "this_week"}),
    ("how many tasks did Sarah finish", {"type": "finished_count", "period": "all_time", "person": "Sarah"}),
]

SPANISH: list[tuple[str, dict[str, object]]] = [
    ("¿Qué está vencido?", {"type": "due", "window": "overdue"}),
    ("eh, ¿cuántas tareas vencidas tiene Priya? o sea, ¿me lo puede decir?", {"type": "due", "window": "overdue", "person": "Priya"}),
    ("¿qué tareas atrasadas hay en Q4 Close?", {"type": "due", "window": "overdue", "channel": "Q4 Close"}),
    ("qué hay vencido en marketing", {"type": "due", "window": "overdue", "channel": "Marketing"}),
    ("¿qué vence esta semana?", {"type": "due", "window": "this_week"}),
    ("que vence esta semana", {"type": "due", "window": "this_week"}),
    ("¿Qué tareas vencen hoy?", {"type": "due", "window": "today"}),
    ("¿hay algo atrasado para Tom?", {"type": "due", "window": "overdue", "person": "Tom"}),
    ("qué vence mañana en el canal de ventas", {"type": "due", "window": "tomorrow", "channel": "Sales"}),
    ("qué tiene Tom vencido", {"type": "due", "window": "overdue", "person": "Tom"}),
    ("qué tengo para hoy", {"type": "due", "window": "today", "person": "Alex"}),
    ("¿qué vence la semana que viene?", {"type": "due", "window": "next_week"}),
    ("oye, ¿qué tareas están atrasadas en Q4 Close?", {"type": "due", "window": "overdue", "channel": "Q4 Close"}),
    ("qué tiene pendiente Elena", {"type": "working_on", "person": "Elena"}),
    ("¿Qué tareas tiene pendientes Priya?", {"type": "working_on", "person": "Priya"}),
    ("¿en qué está trabajando Sarah?", {"type": "working_on", "person": "Sarah"}),
    ("qué tengo pendiente", {"type": "working_on", "person": "Alex"}),
    ("oye, ¿qué lleva Tom?", {"type": "working_on", "person": "Tom"}),
    ("cuántas tareas tiene Lisa abiertas", {"type": "working_on", "person": "Lisa"}),
    ("me dices qué tiene pendiente Mike", {"type": "working_on", "person": "Mike"}),
    ("¿cuáles son mis tareas?", {"type": "working_on", "person": "Alex"}),
    ("eh, qué le queda a David", {"type": "working_on", "person": "David"}),
    ("¿Qué está bloqueando el kit de prensa?", {"type": "blocking", "task": "kit de prensa"}),
    ("qué bloquea la reserva del local", {"type": "blocking", "task": "reserva del local"}),
    ("¿de qué depende el kit de prensa?", {"type": "blocking", "task": "kit de prensa"}),
    ("por qué está bloqueado el kit de prensa", {"type": "blocking", "task": "kit de prensa"}),
    ("¿qué tareas bloquea la reserva del local?", {"type": "blocked_by", "task": "reserva del local"}),
    ("qué depende de la reserva del local", {"type": "blocked_by", "task": "reserva del local"}),
    ("¿qué está esperando a la reserva del local?", {"type": "blocked_by", "task": "reserva del local"}),
    ("quién está en el canal de ventas", {"type": "members", "channel": "Sales"}),
    ("¿quiénes están en Leadership?", {"type": "members", "channel": "Leadership"}),
    ("quiénes son los miembros de Q1 Campaign", {"type": "members", "channel": "Q1 Campaign"}),
    ("¿Está Tom en el canal Q1 Campaign?", {"type": "members", "channel": "Q1 Campaign", "person": "Tom"}),
    ("¿quién es el responsable del canal de marketing?", {"type": "owner", "channel": "Marketing"}),
    ("quién dirige Q4 Close", {"type": "owner", "channel": "Q4 Close"}),
    ("¿quién lleva el kit de prensa?", {"type": "assignees", "task": "kit de prensa"}),
    ("quién está trabajando en la reserva del local", {"type": "assignees", "task": "reserva del local"}),
    ("¿cómo va el canal de marketing?", {"type": "status", "channel": "Marketing"}),
    ("cómo va Q4 Close", {"type": "status", "channel": "Q4 Close"}),
    ("¿cuál es el estado del kit de prensa?", {"type": "status", "task": "kit de prensa"}),
    ("cuándo vence el kit de prensa", {"type": "status", "task": "kit de prensa"}),
    ("¿está terminado el kit de prensa?", {"type": "status", "task": "kit de prensa"}),
    ("qué queda por hacer en Q1 Campaign", {"type": "status", "channel": "Q1 Campaign"}),
    ("cuántas tareas quedan en Q4 Close", {"type": "status", "channel": "Q4 Close"}),
    ("cuántas tareas terminó Tom este mes", {"type": "finished_count", "period": "this_month", "person": "Tom"}),
    ("¿cuántas tareas ha completado Priya esta semana?", {"type": "finished_count", "period": "this_week", "person": "Priya"}),
    ("cuántas tareas terminé hoy", {"type": "finished_count", "period": "today", "person": "Alex"}),
    ("cuántas tareas se terminaron esta semana", {"type": "finished_count", "period": "this_week"}),
    ("oye me dices cuántas tareas terminó Lisa la semana pasada", {"type": "finished_count", "period": "last_week", "person": "Lisa"}),
]


# Written after the reader, as a check of its families rather than its sentences: the first 45 read 34 right the
# first time (missed: "what have I got due…", "what's X got on her plate", "the holdup on", "what are we waiting on
# for", "who else is in", "which tasks did … finish", "qué tiene pendiente X en …", "hemos terminado", "dime qué
# vence…" read as a deadline, "a cargo de"); the next 43 read 37 (missed: "blocking us on", "what still needs to be
# done before", "se vence", "a Tom por hacer", "integrantes"). Every family is read now.
SECOND_ROUND: list[tuple[str, dict[str, object]]] = [
    ("What's overdue right now?", {'type': 'due', 'window': 'overdue'}),
    ('Is there anything late in Q1 Campaign?', {'type': 'due', 'window': 'overdue', 'channel': 'Q1 Campaign'}),
    ('Which of my tasks are overdue?', {'type': 'due', 'window': 'overdue', 'person': 'Alex'}),
    ('what have I got due tomorrow', {'type': 'due', 'window': 'tomorrow', 'person': 'Alex'}),
    ("Tell me everything that's due this week in Sales.", {'type': 'due', 'window': 'this_week', 'channel': 'Sales'}),
    ('Anything overdue for Priya in Q4 Close?', {'type': 'due', 'window': 'overdue', 'person': 'Priya', 'channel': 'Q4 Close'}),
    ('what tasks are due next week for David', {'type': 'due', 'window': 'next_week', 'person': 'David'}),
    ('what is Tom up to', {'type': 'working_on', 'person': 'Tom'}),
    ("What's Elena got on her plate?", {'type': 'working_on', 'person': 'Elena'}),
    ("What's on Mike's to-do list?", {'type': 'working_on', 'person': 'Mike'}),
    ("Who's handling the venue booking?", {'type': 'assignees', 'task': 'Venue booking'}),
    ('Who is responsible for the press kit?', {'type': 'assignees', 'task': 'Press kit'}),
    ("who's looking after the budget review", {'type': 'assignees', 'task': 'Budget review'}),
    ("What's the holdup on the press kit?", {'type': 'blocking', 'task': 'Press kit'}),
    ('Why is the venue booking stuck?', {'type': 'blocking', 'task': 'Venue booking'}),
    ("What's stopping the budget review?", {'type': 'blocking', 'task': 'Budget review'}),
    ('what are we waiting on for the budget review', {'type': 'blocking', 'task': 'Budget review'}),
    ('what tasks is the press kit blocking', {'type': 'blocked_by', 'task': 'Press kit'}),
    ('What would finishing the press kit unblock?', {'type': 'blocked_by', 'task': 'Press kit'}),
    ("Who's part of Leadership?", {'type': 'members', 'channel': 'Leadership'}),
    ('Who else is in Q1 Campaign?', {'type': 'members', 'channel': 'Q1 Campaign'}),
    ("who's the lead on Marketing", {'type': 'owner', 'channel': 'Marketing'}),
    ("How's the Q1 campaign channel doing?", {'type': 'status', 'channel': 'Q1 Campaign'}),
    ("What's the progress on Q4 Close?", {'type': 'status', 'channel': 'Q4 Close'}),
    ('Is the budget review finished?', {'type': 'status', 'task': 'Budget review'}),
    ("How's Marketing looking?", {'type': 'status', 'channel': 'Marketing'}),
    ('How many tasks has Lisa closed this week?', {'type': 'finished_count', 'period': 'this_week', 'person': 'Lisa'}),
    ('How many things did I get done this month?', {'type': 'finished_count', 'period': 'this_month', 'person': 'Alex'}),
    ('what did Priya complete this week', {'type': 'finished_count', 'period': 'this_week', 'person': 'Priya'}),
    ('Which tasks did Tom finish last month?', {'type': 'finished_count', 'period': 'last_month', 'person': 'Tom'}),
    ('¿Qué tareas están vencidas?', {'type': 'due', 'window': 'overdue'}),
    ('¿Hay algo que venza hoy?', {'type': 'due', 'window': 'today'}),
    ('¿Qué tiene pendiente Priya en Q4 Close?', {'type': 'working_on', 'person': 'Priya', 'channel': 'Q4 Close'}),
    ('¿En qué anda Lisa?', {'type': 'working_on', 'person': 'Lisa'}),
    ('¿Quién tiene el kit de prensa?', {'type': 'assignees', 'task': 'kit de prensa'}),
    ('¿Quién forma parte de Leadership?', {'type': 'members', 'channel': 'Leadership'}),
    ('¿Cómo vamos con Q1 Campaign?', {'type': 'status', 'channel': 'Q1 Campaign'}),
    ('¿Qué está frenando la reserva del local?', {'type': 'blocking', 'task': 'reserva del local'}),
    ('¿Cuántas tareas cerró Priya esta semana?', {'type': 'finished_count', 'period': 'this_week', 'person': 'Priya'}),
    ('¿Cuántas tareas hemos terminado este mes?', {'type': 'finished_count', 'period': 'this_month'}),
    ('¿Qué me toca hoy?', {'type': 'working_on', 'person': 'Alex'}),
    ('dime qué vence mañana', {'type': 'due', 'window': 'tomorrow'}),
    ('oye quién es el dueño de Marketing', {'type': 'owner', 'channel': 'Marketing'}),
    ('¿Cuál es el estado de Q4 Close?', {'type': 'status', 'channel': 'Q4 Close'}),
    ('¿Quién está a cargo del kit de prensa?', {'type': 'assignees', 'task': 'kit de prensa'}),
    ("so what's overdue", {'type': 'due', 'window': 'overdue'}),
    ("Quick question: what's due today?", {'type': 'due', 'window': 'today'}),
    ('Do we have anything overdue?', {'type': 'due', 'window': 'overdue'}),
    ('Is anything due tomorrow in Marketing?', {'type': 'due', 'window': 'tomorrow', 'channel': 'Marketing'}),
    ('What deadlines do we have this week?', {'type': 'due', 'window': 'this_week'}),
    ("what's coming up this week for Lisa", {'type': 'due', 'window': 'this_week', 'person': 'Lisa'}),
    ("Are any of Lisa's tasks overdue?", {'type': 'due', 'window': 'overdue', 'person': 'Lisa'}),
    ("What's David working on these days?", {'type': 'working_on', 'person': 'David'}),
    ('What does Sarah have going on?', {'type': 'working_on', 'person': 'Sarah'}),
    ('what is Priya busy with', {'type': 'working_on', 'person': 'Priya'}),
    ("List Tom's open tasks.", {'type': 'working_on', 'person': 'Tom'}),
    ("what's on Elena's list", {'type': 'working_on', 'person': 'Elena'}),
    ('How many open tasks does Mike have?', {'type': 'working_on', 'person': 'Mike'}),
    ("What's blocking us on the budget review?", {'type': 'blocking', 'task': 'Budget review'}),
    ('Is the press kit blocked?', {'type': 'status', 'task': 'Press kit'}),
    ('what still needs to be done before the venue booking', {'type': 'blocking', 'task': 'Venue booking'}),
    ('Which tasks depend on the press kit?', {'type': 'blocked_by', 'task': 'Press kit'}),
    ('Who is waiting on the venue booking?', {'type': 'blocked_by', 'task': 'Venue booking'}),
    ("who's a member of Sales", {'type': 'members', 'channel': 'Sales'}),
    ('Who has access to Leadership?', {'type': 'members', 'channel': 'Leadership'}),
    ('Who belongs to the Q4 Close channel?', {'type': 'members', 'channel': 'Q4 Close'}),
    ('Who manages Q1 Campaign?', {'type': 'owner', 'channel': 'Q1 Campaign'}),
    ('Whose channel is Marketing?', {'type': 'owner', 'channel': 'Marketing'}),
    ('Who got the press kit?', {'type': 'assignees', 'task': 'Press kit'}),
    ('Where do we stand on Q1 Campaign?', {'type': 'status', 'channel': 'Q1 Campaign'}),
    ('how far along is the budget review', {'type': 'status', 'task': 'Budget review'}),
    ("When's the press kit due?", {'type': 'status', 'task': 'Press kit'}),
    ("What's the deadline for the venue booking?", {'type': 'status', 'task': 'Venue booking'}),
    ('Is Q4 Close on track?', {'type': 'status', 'channel': 'Q4 Close'}),
    ('how many tasks did the team finish this week', {'type': 'finished_count', 'period': 'this_week'}),
    ('How many tasks did Lisa wrap up last week?', {'type': 'finished_count', 'period': 'last_week', 'person': 'Lisa'}),
    ('¿Qué se vence esta semana?', {'type': 'due', 'window': 'this_week'}),
    ('¿Tenemos algo vencido en Sales?', {'type': 'due', 'window': 'overdue', 'channel': 'Sales'}),
    ('¿Qué le queda a Tom por hacer?', {'type': 'working_on', 'person': 'Tom'}),
    ('¿Quién está en Q4 Close?', {'type': 'members', 'channel': 'Q4 Close'}),
    ('¿Quiénes son los integrantes de Marketing?', {'type': 'members', 'channel': 'Marketing'}),
    ('¿Quién se encarga de la reserva del local?', {'type': 'assignees', 'task': 'reserva del local'}),
    ('¿En qué estado está el kit de prensa?', {'type': 'status', 'task': 'kit de prensa'}),
    ('¿Ya está hecho el kit de prensa?', {'type': 'status', 'task': 'kit de prensa'}),
    ('¿Qué falta en Q1 Campaign?', {'type': 'status', 'channel': 'Q1 Campaign'}),
    ('¿Cuántas tareas completó Lisa la semana pasada?', {'type': 'finished_count', 'period': 'last_week', 'person': 'Lisa'}),
    ('¿De qué depende la reserva del local?', {'type': 'blocking', 'task': 'reserva del local'}),
    ('¿Cuántas personas hay en Leadership?', {'type': 'members', 'channel': 'Leadership'}),

]


@pytest.mark.parametrize(("text", "expected"), SECOND_ROUND, ids=[t for t, _ in SECOND_ROUND])
def test_second_round_phrasings(text: str, expected: dict[str, object]) -> None:
    assert asked(text, context("es" if any(c in text for c in "¿áéíóñ") else "en")) == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[t for t, _ in ENGLISH])
def test_english_question_reads_as_this_query(text: str, expected: dict[str, object]) -> None:
    assert asked(text) == expected


@pytest.mark.parametrize(("text", "expected"), SPANISH, ids=[t for t, _ in SPANISH])
def test_spanish_question_reads_as_this_query(text: str, expected: dict[str, object]) -> None:
    assert asked(text, context("es")) == expected
    assert parse(text, context("es")).language == "es"


@pytest.mark.parametrize(("text", "expected"), SPANISH[:12], ids=[t for t, _ in SPANISH[:12]])
def test_spanish_question_reads_the_same_for_an_english_speaker(text: str, expected: dict[str, object]) -> None:
    """The console's language is a hint: a Spanish question typed in an English session is still read."""
    assert asked(text) == expected


@pytest.mark.parametrize("text", [t for t, _ in ENGLISH[:40:3]])
def test_spoken_questions_need_no_marks_nor_capitals(text: str) -> None:
    spoken = text.rstrip("?").replace(",", "").lower()
    assert asked(spoken) == asked(text)


def test_pronouns_and_here_come_from_the_conversation() -> None:
    ctx = context(task_ids=[_id(4, 12)], current_channel_id=CH["Leadership"])
    assert asked("what's blocking it?", ctx) == {"type": "blocking", "task": "Press kit"}
    assert asked("who's in this channel?", ctx) == {"type": "members", "channel": "Leadership"}
    assert asked("who is in here", ctx) == {"type": "members", "channel": "Leadership"}


def test_the_plan_says_what_it_asks_and_what_it_is_about() -> None:
    plan = parse("What is blocking the budget review?", context())
    assert plan.query is not None and plan.query.summary == "what blocks 'Budget review'"
    assert plan.focus_tasks == [_id(4, 11)] and plan.focus_kind == "task"  # "assign it to Tom" next means it
    plan = parse("who's on Q1 campaign", context())
    assert plan.focus_channel == CH["Q1 Campaign"] and plan.focus_kind == "channel"
    assert parse("what's overdue in Marketing for Tom", context()).query.summary == (  # type: ignore[union-attr]
        "tasks overdue in Marketing for Tom Baker")


@pytest.mark.parametrize(("text", "code"), [
    ("What is Zed working on?", "unknown_person"),
    ("what's overdue for Zed", "unknown_person"),
    ("qué tiene pendiente Zoltan", "unknown_person"),
    ("how many tasks did Zed finish this week", "unknown_person"),
    ("who is in the Narnia channel", "unknown_channel"),
    ("what's overdue in Narnia", "unknown_channel"),
    ("what is blocking the moon landing", "unknown_task"),
    ("¿qué está bloqueando la luna?", "unknown_task"),
    ("what's the status of the moon landing", "unknown_task"),
])
def test_an_unknown_name_is_an_error_never_a_guess(text: str, code: str) -> None:
    plan = parse(text, context())
    assert plan.error is not None and plan.error.code == code, plan
    assert plan.actions == [] and plan.query is None and plan.kind == "command"


def test_two_people_or_tasks_that_fit_are_asked_about() -> None:
    tom_riley = Person(_id(1, 99), "Tom Riley", "riley@demo.co", "staff")
    ctx = dataclasses.replace(context(), people=[*PEOPLE, tom_riley])
    plan = parse("What is Tom working on?", ctx)
    assert plan.clarification is not None and set(plan.clarification.options) == {"Tom Baker", "Tom Riley"}
    assert plan.actions == [] and plan.query is None
    reviews = dataclasses.replace(context(), tasks=[*TASKS, TaskRef(_id(4, 98), "Logo review", CH["Marketing"])])
    plan = parse("what's blocking the review?", reviews)
    assert plan.clarification is not None and plan.query is None and plan.actions == []


@pytest.mark.parametrize("text", [
    "what's the weather like", "did anyone book the flights yet?", "how are you doing?", "who are you",
    "what time is it", "¿qué hora es?", "what can you do?", "has Priya reconciled the invoices yet",
    "how is Tom doing",
])
def test_other_questions_are_still_refused_as_questions(text: str) -> None:
    assert read_question(text, context()) is None
    plan = parse(text, context())
    assert plan.actions == [] and plan.kind == "command"
    assert plan.error is not None and plan.error.code in {"question", "not_understood"}, plan


@pytest.mark.parametrize("text", [t for t, _ in ENGLISH + SPANISH + SECOND_ROUND])
def test_a_question_never_produces_actions(text: str) -> None:
    for ctx in (context(), context("es"), context(last_failed=True)):
        plan = parse(text, ctx)
        assert plan.actions == [], (text, plan.actions)


@pytest.mark.parametrize(("text", "kind"), [
    ("Create a task to list what is overdue", "CREATE_TASK"),
    ("mark the press kit done", "UPDATE_TASK"),
    ("add Tom to Q1 Campaign", "ADD_MEMBER"),
    ("assign the budget review to whoever is working on the press kit", None),
    ("crea una tarea para revisar qué está vencido", "CREATE_TASK"),
])
def test_commands_that_mention_question_words_stay_commands(text: str, kind: str | None) -> None:
    plan = parse(text, context())
    assert plan.kind == "command" and plan.query is None
    if kind is not None:
        assert [a.type for a in plan.actions][:1] == [kind], plan


def test_query_model_needs_what_its_kind_asks_about() -> None:
    with pytest.raises(ValidationError):
        Query(type="due")  # which window?
    with pytest.raises(ValidationError):
        Query(type="working_on")  # whose?
    with pytest.raises(ValidationError):
        Query(type="status", task_id=_id(4, 11), channel_id=CH["Sales"])  # one thing at a time
    with pytest.raises(ValidationError):
        Query(type="due", window="someday")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Query(type="members", channel_id=CH["Sales"], colour="red")  # type: ignore[call-arg]
    assert Query(type="finished_count", period="this_week").person_id is None  # anyone


def test_plans_stay_backward_compatible_and_round_trip() -> None:
    old = Plan.model_validate({"actions": [], "language": "en", "confidence": 1.0})
    assert old.kind == "command" and old.query is None
    plan = parse("What is blocking the budget review?", context())
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    with pytest.raises(ValidationError):
        Plan.model_validate({"kind": "query", "query": {"type": "due", "window": "today"},
                             "actions": [{"type": "CREATE_TASK", "id": "a1", "title": "x"}]})
    with pytest.raises(ValidationError):
        Plan.model_validate({"kind": "command", "query": {"type": "due", "window": "today"}})
