"""Read-only questions, typed or spoken, in English or Spanish -> a `Plan(kind="query")`.

"What is overdue in Marketing?", "who's on Q1 campaign", "¿qué tiene pendiente Elena?": the
question is cleaned of fillers and openers ("uh", "so", "can you tell me", "oye", "me dices"),
matched whole against `question_rules`, and its names are resolved against the speaker's snapshot
exactly as commands resolve them (`question_names`). An unknown name is an error and a near
tie a question back, never a guess. `read_question` returns None for anything it does not know
as a question; the parser then keeps its "question" refusal. A question never produces actions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal
from uuid import UUID

from executor.plan import DueWindow, FinishedPeriod, Plan, Query, QueryType
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, Unresolved
from pipeline.intent.context import CommandContext
from pipeline.intent.question_names import (
    ARTICLE,
    ME,
    bare,
    find_person,
    find_task,
    find_thing,
    fold,
    read_scope,
)
from pipeline.intent.question_rules import EN, ES, Rule

# --- cleaning ---------------------------------------------------------------------------------

_FILLER = re.compile(r"(?:(?<=\s)|^)(?:u+m+|u+h+|e+r+m*|h+m+|e+h+|e+m+|a+h+|you\s+know|i\s+mean|o\s+sea)\s*,?(?=\s|$)")
_OPENER = re.compile(
    r"^(?:so|okay|ok|alright|all\s+right|right|well|hey|hi|hello|oh|and|now|quick\s+question|question|voicedesk|computer|"
    r"(?:can|could|would)\s+you\s+(?:please\s+)?(?:tell|remind|show)\s+me|(?:can|could|would)\s+you\s+(?:please\s+)?(?:let\s+me\s+know|check)|"
    r"tell\s+me|remind\s+me|let\s+me\s+know|do\s+you\s+(?:happen\s+to\s+)?know|any\s+idea|i'd\s+like\s+to\s+know|"
    r"i\s+(?:want|need|would\s+like)\s+to\s+know|i\s+wonder|i\s+was\s+wondering|just|please|real\s+quick|quickly|"
    r"oye|oiga|oigan|a\s+ver|bueno|pues|y|entonces|mira|hola|vale|una\s+pregunta|pregunta|una\s+cosa|"
    r"me\s+(?:puedes|podrias|puede|podria)\s+decir|(?:puedes|podrias|puede|podria)\s+decirme|me\s+dices|me\s+dice|dime|digame|"
    r"sabes|sabe|quiero\s+saber|me\s+gustaria\s+saber|necesito\s+saber|por\s+favor)\b[\s,:]*"
)
_CLOSER = re.compile(
    r"[\s,?¿!.]+(?:please|thanks|thank\s+you|right\s+now|at\s+the\s+moment|currently|these\s+days|now|again|then|exactly|"
    r"(?:can|could)\s+you\s+tell\s+me|do\s+you\s+know|any\s+idea|"
    r"por\s+favor|gracias|ahora(?:\s+mismo)?|ahorita|en\s+este\s+momento|actualmente|entonces|exactamente|porfa|"
    r"(?:o\s+sea,?\s+)?¿?(?:me\s+lo\s+(?:puedes|puede|podrias|podria)\s+decir|me\s+lo\s+dices|me\s+lo\s+dice|sabes|sabe))$"
)
_MARKS = re.compile(r"^[\s¿¡\"'.,;:!?-]+|[\s¿¡\"'.,;:!?-]+$")


def _clean(text: str) -> str:
    """The question without marks, fillers, openers and polite closers; case and accents kept."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = text.replace("’", "'").replace("‘", "'")
    prev = None
    while prev != text:
        prev = text
        text = _MARKS.sub("", text)
        low = fold(text)
        for pattern in (_FILLER, _OPENER, _CLOSER):
            m = pattern.search(low)
            if m and (pattern is not _FILLER or m.group(0).strip(" ,")):
                text = (text[: m.start()] + " " + text[m.end() :]).strip()
                break
        text = " ".join(text.split())
    return text


# --- windows and periods ------------------------------------------------------------------------


def _window(said: str) -> DueWindow:
    w = fold(said)
    if re.search(r"today|tonight|\beod\b|end\s+of\s+(?:the\s+)?day|\bhoy\b", w):
        return "today"
    if re.search(r"tomorrow|manana", w):
        return "tomorrow"
    if re.search(r"next\s+week|coming\s+week|semana\s+que\s+viene|proxima\s+semana|semana\s+proxima", w):
        return "next_week"
    if re.search(r"week|semana", w):
        return "this_week"
    return "overdue"


def _period(said: str | None) -> FinishedPeriod:
    p = fold(said or "")
    if not p or re.search(r"ever|total|overall|to\s+date|all\s+time|hasta\s+ahora", p):
        return "all_time"
    if re.search(r"today|hoy", p):
        return "today"
    if re.search(r"last\s+week|past\s+week|semana\s+pasada", p):
        return "last_week" if "last" in p or "pasada" in p else "this_week"
    if re.search(r"last\s+month|mes\s+pasado", p):
        return "last_month"
    if re.search(r"month|mes", p):
        return "this_month"
    return "this_week"


# --- reading ------------------------------------------------------------------------------------

Read = Callable[[dict[str, str | None], PlanBuilder], Query | None]


def _group(said: str, m: re.Match[str], name: str) -> str | None:
    if name not in m.re.groupindex or m.start(name) < 0:
        return None
    return said[m.start(name) : m.end(name)]


def _due(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    window = _window(g["w"] or "")
    scope = read_scope(g["s"], b, time_words=window == "overdue")  # "what's overdue for Mike this week"
    if scope is None:
        return None
    person = (find_person(g["p"], b) if g["p"].strip() else b.ctx.speaker.id) if g["p"] is not None else None
    if person is not None and scope.person_id not in (None, person):
        return None
    return Query(type="due", window=window, person_id=person or scope.person_id,
                 channel_id=scope.channel_id, category_id=scope.category_id)


def _working_on(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    said = g["p"]
    scope = read_scope(g["s"], b, time_words=True)
    if scope is None:
        return None
    if said is None or not said.strip():
        return Query(type="working_on", person_id=b.ctx.speaker.id, channel_id=scope.channel_id)
    if fold(said.strip()) in {"we", "our", "nosotros"}:
        return None
    person = find_person(said, b, soft=True)
    if person is None:
        thing = find_thing(said, b, soft=True)
        if thing is not None and thing[0] == "channel":
            return Query(type="status", channel_id=thing[1])
        person = find_person(said, b)  # an unknown name: unknown_person (None when it is no name at all)
    if person is None:
        return None
    return Query(type="working_on", person_id=person, channel_id=scope.channel_id)


def _open_in(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    person = find_person(g["x"] or "", b, soft=True)
    if person is not None:
        return Query(type="working_on", person_id=person)
    return _status(g, b)


def _status(g: dict[str, str | None], b: PlanBuilder, *, soft: bool = False) -> Query | None:
    said = g["x"] or ""
    if find_person(said, b, soft=True) is not None and not entities.has_task(said, b):
        return None  # "how is Tom doing" asks about a person, not a task
    thing = find_thing(said, b, soft=soft)
    if thing is None:
        return None
    kind, ref = thing
    return Query(type="status", task_id=ref) if kind == "task" else Query(type="status", channel_id=ref)


def _blocking(kind: Literal["blocking", "blocked_by"]) -> Read:
    def read(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
        said = g["t"] or ""
        if entities.clearly_channel(ARTICLE.sub("", bare(said)), b) and not entities.has_task(said, b):
            return None  # channels do not block; not a question we answer
        task = find_task(said, b)
        return Query(type=kind, task_id=task) if task else None

    return read


_EVERYONE = {"we", "us", "our", "ours", "everyone", "everybody", "the team", "nosotros", "todos", "el equipo"}


def _blocked(g: dict[str, str | None], b: PlanBuilder, *, soft: bool = False) -> Query | None:
    """ "which tasks are blocked (in Marketing)", "which of Tom's tasks are stuck", "what am I waiting on". `soft`:
    only when the person said is surely one ("is Tom blocked" is about Tom; "is the press kit blocked" is a status)."""
    said = g["p"]
    person: UUID | None = None
    if said is not None:
        if not said.strip():
            person = b.ctx.speaker.id  # "what am I waiting on", "¿qué estoy esperando?" reach here as ""
        elif fold(bare(said)) not in _EVERYONE:
            if soft and entities.has_task(said, b):
                return None
            person = find_person(said, b, soft=soft)
            if person is None:
                return None
    scope = read_scope(g["s"], b, time_words=True)
    if scope is None or (person is not None and scope.person_id not in (None, person)):
        return None
    return Query(type="blocked", person_id=person or scope.person_id, channel_id=scope.channel_id,
                 category_id=scope.category_id)


def _who(channel_kind: QueryType, task_kind: QueryType) -> Read:
    """ "who is on X": the members of a channel or the assignees of a task, by what X names."""

    def read(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
        thing = find_thing(g["x"] or "", b)
        if thing is None:
            return None
        kind, ref = thing
        if kind == "channel":
            return Query(type=channel_kind, channel_id=ref)
        return Query(type=task_kind, task_id=ref)

    return read


def _member_check(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    """ "Is Tom on the Platform Migration channel?": the members (or assignees) looked at for one person."""
    person = find_person(g["p"] or "", b, soft=True)
    if person is None or fold((g["p"] or "").strip()) in ME - {"i", "me", "yo"}:
        return None
    thing = find_thing(g["x"] or "", b, soft=True)
    if thing is None:
        return None
    kind, ref = thing
    if kind == "channel":
        return Query(type="members", channel_id=ref, person_id=person)
    return Query(type="assignees", task_id=ref, person_id=person)


def _finished(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    said = g["p"]
    person: UUID | None
    if said is None:
        person = None
    elif not said.strip():
        person = b.ctx.speaker.id  # "cuántas tareas terminé", "how many did I finish" reaches here as ""
    elif fold(said.strip()) in {"we", "the team", "everyone", "everybody", "todos", "el equipo"}:
        person = None
    else:
        person = find_person(said, b)
        if person is None:
            return None
    return Query(type="finished_count", person_id=person, period=_period(g["per"]))


_READS: dict[str, Read] = {
    "due": _due,
    "working_on": _working_on,
    "open_in": _open_in,
    "status": _status,
    "soft_status": lambda g, b: _status(g, b, soft=True),
    "blocking": _blocking("blocking"),
    "blocked_by": _blocking("blocked_by"),
    "blocked": _blocked,
    "blocked_person": lambda g, b: _blocked(g, b, soft=True),
    "members": _who("members", "assignees"),
    "owner": _who("owner", "assignees"),
    "assignees": _who("members", "assignees"),
    "member_check": _member_check,
    "finished": _finished,
}
_GROUPS = ("p", "t", "c", "x", "w", "per", "s")


def _try(rules: tuple[Rule, ...], said: str, b: PlanBuilder) -> Query | None:
    low = fold(said)
    for rule in rules:
        m = rule.pattern.fullmatch(low)
        if not m:
            continue
        groups = {name: _group(said, m, name) for name in _GROUPS}
        mark = len(b.penalties)
        query = _READS[rule.reads](groups, b)
        if query is not None:
            return query
        del b.penalties[mark:]
    return None


_EMBEDDED = re.compile(r"^(?P<wh>what|who|how|when|where|whose)\s+(?!(?:is|are|was|were|'s|does|do|did)\b)(?P<np>.+?)\s+(?P<v>is|are)\b(?P<rest>.*)$")


def _inverted(said: str) -> str:
    """ "(tell me) what Sarah is working on" -> "what is Sarah working on": an embedded question, asked."""
    m = _EMBEDDED.match(fold(said))
    if not m:
        return said
    return f"{said[: m.end('wh')]} {said[m.start('v') : m.end('v')]} {said[m.start('np') : m.end('np')]}{said[m.end('v') :]}"


def read_question(text: str, ctx: CommandContext, language: str = "en") -> Plan | None:
    """The question in `text` as a query plan (or an error/clarification plan about its names); None when
    `text` is not one of the questions voicedesk answers. A few ms; never raises."""
    said = _clean(text)
    if not said or len(said) > 300:
        return None
    spanish = language.startswith("es")
    b = PlanBuilder(ctx=ctx, language="es" if spanish else "en")
    try:
        query = None
        for lang, rules in (("es", ES), ("en", EN)) if spanish else (("en", EN), ("es", ES)):
            for candidate in dict.fromkeys((said, _inverted(said))):
                query = _try(rules, candidate, b)
                if query is not None:
                    break
            if query is not None:
                b.language = lang
                break
    except Unresolved as u:
        return Plan(error=u.error, clarification=u.clarification, language=b.language,
                    confidence=0.9 if u.error else 0.5)
    if query is None:
        return None
    query.summary = summary(query, ctx)
    confidence = 1.0 - sum(amount for amount, _ in b.penalties)
    plan = Plan(kind="query", query=query, language=b.language, confidence=round(max(0.0, min(1.0, confidence)), 3),
                doubts=[why for _, why in b.penalties])
    if query.task_id is not None:
        plan.focus_tasks, plan.focus_kind = [query.task_id], "task"
    elif query.channel_id is not None:
        plan.focus_channel, plan.focus_kind = query.channel_id, "channel"
    return plan


_WINDOW_WORDS = {"overdue": "overdue", "today": "due today", "tomorrow": "due tomorrow", "this_week": "due this week",
                 "next_week": "due next week"}


def summary(query: Query, ctx: CommandContext) -> str:
    """One line a person can read: what is asked, with names ("tasks overdue in Marketing for Tom Baker")."""
    person = next((p.full_name for p in ctx.people if p.id == query.person_id), None)
    channel = next((c.name for c in ctx.channels if c.id == query.channel_id), None)
    category = next((c.name for c in ctx.categories if c.id == query.category_id), None)
    task = next((t.title for t in ctx.tasks if t.id == query.task_id), None)
    where = f" in {channel}" if channel else f" in the {category} category" if category else ""
    if query.type == "due":
        return f"tasks {_WINDOW_WORDS[query.window or 'overdue']}{where}" + (f" for {person}" if person else "")
    if query.type == "working_on":
        return f"open tasks of {person}{where}"
    if query.type == "blocking":
        return f"what blocks '{task}'"
    if query.type == "blocked_by":
        return f"what '{task}' blocks"
    if query.type == "blocked":
        return f"blocked tasks{where}" + (f" for {person}" if person else "")
    if query.type == "assignees":
        return f"who is assigned to '{task}'" + (f" (is {person}?)" if person else "")
    if query.type == "members":
        return f"who is in {channel}" + (f" (is {person}?)" if person else "")
    if query.type == "owner":
        return f"who owns {channel}"
    if query.type == "status":
        return f"status of '{task}'" if task else f"progress of {channel}"
    period = (query.period or "all_time").replace("_", " ")
    return f"tasks {person or 'anyone'} finished" + ("" if period == "all time" else f" {period}")
