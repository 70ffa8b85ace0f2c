"""The one short sentence that answers a question, in English or Spanish (see `store.queries`).

Plain functions of what was found; no SQL. Times are shown in the asker's timezone (the tz of `now`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

SHOWN = 3  # titles or names said aloud before "and 4 more"

_STATUS = {
    "en": {"todo": "to do", "in_progress": "in progress", "blocked": "blocked", "review": "in review",
           "completed": "completed", "cancelled": "cancelled"},
    "es": {"todo": "por hacer", "in_progress": "en curso", "blocked": "bloqueada", "review": "en revisión",
           "completed": "completada", "cancelled": "cancelada"},
}
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}
_WINDOW = {
    "en": {"today": "today", "tomorrow": "tomorrow", "this_week": "this week", "next_week": "next week"},
    "es": {"today": "hoy", "tomorrow": "mañana", "this_week": "esta semana", "next_week": "la semana que viene"},
}
_PERIOD = {
    "en": {"today": " today", "this_week": " this week", "last_week": " last week", "this_month": " this month",
           "last_month": " last month", "all_time": ""},
    "es": {"today": " hoy", "this_week": " esta semana", "last_week": " la semana pasada", "this_month": " este mes",
           "last_month": " el mes pasado", "all_time": " en total"},
}


def lang(language: str) -> str:
    return "es" if language.lower().startswith("es") else "en"


def listing(items: Sequence[str], total: int, language: str) -> str:
    """ "A, B and C", "A, B, C and 4 more" / "A, B y C", "A, B, C y 4 más"."""
    es = lang(language) == "es"
    shown = list(items[:SHOWN])
    more = total - len(shown)
    if more > 0:
        return ", ".join(shown) + (f" y {more} más" if es else f" and {more} more")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + (" y " if es else " and ") + shown[-1]


def when(due: datetime, now: datetime, language: str) -> str:
    """A due date as said: "today", "tomorrow", "Friday", "Fri 27 Nov" / "hoy", "el viernes", "el 27 de noviembre"."""
    lg = lang(language)
    day = due.astimezone(now.tzinfo).date()
    delta = (day - now.date()).days
    if delta == 0:
        return "hoy" if lg == "es" else "today"
    if delta == 1:
        return "mañana" if lg == "es" else "tomorrow"
    if delta == -1:
        return "ayer" if lg == "es" else "yesterday"
    if 1 < delta < 7:
        name = _WEEKDAYS[lg][day.weekday()]
        return f"el {name}" if lg == "es" else name
    if lg == "es":
        return f"el {day.day} de {_MONTHS['es'][day.month - 1]}"
    return f"{_WEEKDAYS['en'][day.weekday()][:3]} {day.day} {_MONTHS['en'][day.month - 1]}"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def due(window: str, count: int, titles: Sequence[str], where: str, language: str) -> str:
    """ "3 tasks are overdue in Marketing: A, B and C." / "No hay nada vencido."."""
    es = lang(language) == "es"
    if es:
        if count == 0:
            return f"No hay nada vencido{where}." if window == "overdue" else f"No vence nada {_WINDOW['es'][window]}{where}."
        if window == "overdue":
            head = f"Hay {_n(count, 'tarea vencida', 'tareas vencidas')}{where}"
        else:
            head = f"{'Vence' if count == 1 else 'Vencen'} {_n(count, 'tarea', 'tareas')} {_WINDOW['es'][window]}{where}"
        return f"{head}: {listing(titles, count, language)}."
    if count == 0:
        return f"Nothing is overdue{where}." if window == "overdue" else f"Nothing is due {_WINDOW['en'][window]}{where}."
    verb = "is" if count == 1 else "are"
    state = "overdue" if window == "overdue" else f"due {_WINDOW['en'][window]}"
    return f"{_n(count, 'task', 'tasks')} {verb} {state}{where}: {listing(titles, count, language)}."


def where(channel: str | None, category: str | None, person: str | None, language: str) -> str:
    es = lang(language) == "es"
    out = ""
    if channel:
        out = f" en {channel}" if es else f" in {channel}"
    elif category:
        out = f" en la categoría {category}" if es else f" in the {category} category"
    if person:
        out += f" de {person}" if es else f" for {person}"
    return out


def working_on(person: str, is_me: bool, count: int, titles: Sequence[str], language: str) -> str:
    if lang(language) == "es":
        who = "Tienes" if is_me else f"{person} tiene"
        if count == 0:
            return "No tienes tareas pendientes." if is_me else f"{person} no tiene tareas pendientes."
        return f"{who} {_n(count, 'tarea pendiente', 'tareas pendientes')}: {listing(titles, count, language)}."
    who = "You have" if is_me else f"{person} has"
    if count == 0:
        return f"{who} no open tasks."
    return f"{who} {_n(count, 'open task', 'open tasks')}: {listing(titles, count, language)}."


def chain(kind: str, task: str, task_status: str, count: int, titles: Sequence[str], language: str) -> str:
    """What blocks a task ("blocking") or what it blocks ("blocked_by")."""
    es = lang(language) == "es"
    if task_status in ("completed", "cancelled"):
        state = _STATUS[lang(language)][task_status]
        if es:
            return f"{task} está {state}; " + ("ya no la bloquea nada." if kind == "blocking" else "ya no bloquea nada.")
        return f"{task} is {state}, so " + ("nothing blocks it." if kind == "blocking" else "it blocks nothing.")
    names = listing(titles, count, language)
    if kind == "blocking":
        if es:
            return f"Nada abierto bloquea {task}." if count == 0 else f"{task} espera {_n(count, 'tarea abierta', 'tareas abiertas')}: {names}."
        return f"Nothing open is blocking {task}." if count == 0 else f"{task} is waiting on {_n(count, 'open task', 'open tasks')}: {names}."
    if es:
        return f"{task} no bloquea ninguna tarea abierta." if count == 0 else f"{task} bloquea {_n(count, 'tarea abierta', 'tareas abiertas')}: {names}."
    return f"{task} blocks no open tasks." if count == 0 else f"{task} blocks {_n(count, 'open task', 'open tasks')}: {names}."


def blocked(person: str | None, is_me: bool, count: int, rows: Sequence[tuple[str, bool, Sequence[str]]], where: str,
            language: str) -> str:
    """ "2 tasks are blocked: “A” waits on “B”; “C” is marked blocked." / "None of your tasks are blocked."

    `rows` are (title, marked blocked, titles of what it waits on); `person` narrows to that person's tasks."""
    es = lang(language) == "es"
    if count == 0:
        if es:
            head = "No tienes tareas bloqueadas" if is_me else f"{person} no tiene tareas bloqueadas" if person else "No hay nada bloqueado"
            return f"{head}{where}."
        head = "None of your tasks are" if is_me else f"None of {person}'s tasks are" if person else "Nothing is"
        return f"{head} blocked{where}."
    items = []
    for title, marked, waits_on in rows[:SHOWN]:
        on = listing([f"“{w}”" for w in waits_on], len(waits_on), language)
        if es:
            said = " y ".join(filter(None, ["está marcada como bloqueada" if marked else "", f"espera a {on}" if on else ""]))
        else:
            said = " and ".join(filter(None, ["is marked blocked" if marked else "", f"waits on {on}" if on else ""]))
        items.append(f"“{title}” {said}")
    more = count - len(items)
    listed = "; ".join(items) + ((f"; y {more} más" if es else f"; and {more} more") if more > 0 else "")
    if es:
        tasks = _n(count, "tarea bloqueada", "tareas bloqueadas")
        head = f"Tienes {tasks}" if is_me else f"{person} tiene {tasks}" if person else f"Hay {tasks}"
        return f"{head}{where}: {listed}."
    verb = "is" if count == 1 else "are"
    if is_me or person:
        whose = "your" if is_me else f"{person}'s"
        return f"{count} of {whose} tasks {verb} blocked{where}: {listed}."
    return f"{_n(count, 'task', 'tasks')} {verb} blocked{where}: {listed}."


def members(channel: str, names: Sequence[str], count: int, language: str) -> str:
    if lang(language) == "es":
        return f"Todavía no hay nadie en {channel}." if count == 0 else f"{channel} tiene {_n(count, 'miembro', 'miembros')}: {listing(names, count, language)}."
    return f"Nobody is in {channel} yet." if count == 0 else f"{channel} has {_n(count, 'member', 'members')}: {listing(names, count, language)}."


def is_in(person: str, place: str, yes: bool, kind: str, language: str) -> str:
    """ "Yes, Tom Baker is in Platform Migration." / "No, Lisa Wong no lleva Press kit."."""
    if lang(language) == "es":
        if kind == "channel":
            return f"Sí, {person} está en {place}." if yes else f"No, {person} no está en {place}."
        return f"Sí, {person} lleva {place}." if yes else f"No, {person} no lleva {place}."
    if kind == "channel":
        return f"Yes, {person} is in {place}." if yes else f"No, {person} is not in {place}."
    return f"Yes, {person} is assigned to {place}." if yes else f"No, {person} is not assigned to {place}."


def owner(channel: str, owners: Sequence[str], creator: str | None, language: str) -> str:
    es = lang(language) == "es"
    if not owners:
        if es:
            return f"{channel} no tiene responsable" + (f"; lo creó {creator}." if creator else ".")
        return f"Nobody owns {channel}" + (f"; {creator} created it." if creator else ".")
    names = listing(owners, len(owners), language)
    if es:
        return f"{names} {'es responsable' if len(owners) == 1 else 'son responsables'} de {channel}."
    return f"{names} {'owns' if len(owners) == 1 else 'own'} {channel}."


def assignees(task: str, names: Sequence[str], language: str) -> str:
    if lang(language) == "es":
        if not names:
            return f"Nadie tiene asignada {task}."
        return f"{listing(names, len(names), language)} {'lleva' if len(names) == 1 else 'llevan'} {task}."
    if not names:
        return f"No one is assigned to {task}."
    return f"{listing(names, len(names), language)} {'is' if len(names) == 1 else 'are'} working on {task}."


def task_status(row: dict[str, Any], now: datetime, blockers: int, language: str) -> str:
    """ "Press kit is in progress, due Friday, assigned to Lisa Wong." """
    lg = lang(language)
    es = lg == "es"
    parts = [f"La tarea {row['title']} está {_STATUS['es'][row['status']]}" if es
             else f"{row['title']} is {_STATUS['en'][row['status']]}"]
    if row["due_date"] is not None and row["status"] not in ("completed", "cancelled"):
        due_said = when(row["due_date"], now, language)
        if row["due_date"] < now:
            parts.append(f"vencida desde {due_said}" if es else f"overdue since {due_said}")
        else:
            parts.append(f"vence {due_said}" if es else f"due {due_said}")
    names = [a["full_name"] for a in row["assignees"]]
    if names:
        parts.append(f"asignada a {listing(names, len(names), language)}" if es
                     else f"assigned to {listing(names, len(names), language)}")
    else:
        parts.append("sin asignar" if es else "not assigned")
    if blockers and row["status"] not in ("completed", "cancelled"):
        parts.append(f"esperando {_n(blockers, 'tarea', 'tareas')}" if es else f"waiting on {_n(blockers, 'task', 'tasks')}")
    return ", ".join(parts) + "."


def channel_status(channel: str, channel_state: str, done: int, total: int, open_: int, overdue: int, language: str) -> str:
    """ "Q4 Close: 3 of 8 tasks done, 5 open, 1 overdue." """
    es = lang(language) == "es"
    state = "" if channel_state == "active" else (f" ({_CHANNEL_STATE_ES.get(channel_state, channel_state)})" if es
                                                  else f" ({channel_state})")
    if total == 0:
        return f"{channel}{state} todavía no tiene tareas." if es else f"{channel}{state} has no tasks yet."
    if es:
        out = f"{channel}{state}: {done} de {_n(total, 'tarea hecha', 'tareas hechas')}, {open_} {'abierta' if open_ == 1 else 'abiertas'}"
        return out + (f", {overdue} {'vencida' if overdue == 1 else 'vencidas'}." if overdue else ".")
    out = f"{channel}{state}: {done} of {_n(total, 'task', 'tasks')} done, {open_} open"
    return out + (f", {overdue} overdue." if overdue else ".")


_CHANNEL_STATE_ES = {"paused": "en pausa", "archived": "archivado", "completed": "completado"}


def finished(person: str | None, is_me: bool, count: int, period: str, language: str) -> str:
    lg = lang(language)
    when_said = _PERIOD[lg][period]
    if lg == "es":
        if person is None:
            return f"No se terminó ninguna tarea{when_said}." if count == 0 else f"Se {'terminó' if count == 1 else 'terminaron'} {_n(count, 'tarea', 'tareas')}{when_said}."
        if count == 0:
            return f"No terminaste ninguna tarea{when_said}." if is_me else f"{person} no terminó ninguna tarea{when_said}."
        return f"{'Terminaste' if is_me else person + ' terminó'} {_n(count, 'tarea', 'tareas')}{when_said}."
    if person is None:
        return f"No tasks were finished{when_said}." if count == 0 else f"{_n(count, 'task was', 'tasks were')} finished{when_said}."
    who = "You" if is_me else person
    if count == 0:
        return f"{who} finished no tasks{when_said}."
    return f"{who} finished {_n(count, 'task', 'tasks')}{when_said}."


def not_found(kind: str, language: str) -> str:
    if lang(language) == "es":
        return {"task": "No encuentro esa tarea.", "channel": "No encuentro ese canal."}.get(kind, "No encuentro a esa persona.")
    return {"task": "I can't find that task.", "channel": "I can't find that channel."}.get(kind, "I can't find that person.")


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of `now`'s week, in `now`'s timezone (weeks start on Monday, as in pipeline/intent/dates.py)."""
    midnight = datetime.combine(now.date(), datetime.min.time(), tzinfo=now.tzinfo)
    return midnight - timedelta(days=now.weekday())
