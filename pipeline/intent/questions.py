"""Read-only questions, typed or spoken, in English or Spanish -> a `Plan(kind="query")`.

"What is overdue in Marketing?", "who's on Q1 campaign", "¿qué tiene pendiente Elena?": the
question is cleaned of fillers and openers ("uh", "so", "can you tell me", "oye", "me dices"),
matched whole against `question_rules`, and its names are resolved against the speaker's snapshot
exactly as commands resolve them (`entities`, `people`). An unknown name is an error and a near
tie a question back, never a guess. `read_question` returns None for anything it does not know
as a question; the parser then keeps its "question" refusal. A question never produces actions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal
from uuid import UUID

from rapidfuzz import fuzz

from executor.plan import DueWindow, FinishedPeriod, Plan, Query, QueryType
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, Unresolved, ask, fail
from pipeline.intent.context import CommandContext
from pipeline.intent.fuzzy import key
from pipeline.intent.people import lookup
from pipeline.intent.question_rules import EN, ES, Rule
from pipeline.intent.references import is_channel_pronoun, is_task_pronoun

# --- cleaning ---------------------------------------------------------------------------------

_FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ’‘“”", "aeiouunAEIOUUN''\"\"")
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
    r"[\s,]+(?:please|thanks|thank\s+you|right\s+now|at\s+the\s+moment|currently|these\s+days|now|again|then|exactly|"
    r"por\s+favor|gracias|ahora(?:\s+mismo)?|ahorita|en\s+este\s+momento|actualmente|entonces|exactamente|porfa)$"
)
_MARKS = re.compile(r"^[\s¿¡\"'.,;:!?-]+|[\s¿¡\"'.,;:!?-]+$")


def fold(text: str) -> str:
    """Lower case without accents, one character for one (so a match's spans index the original)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))


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


# --- names --------------------------------------------------------------------------------------

EXTRA_WORDS_PENALTY = 0.45  # below the bar: asked, never answered about the wrong thing
_ME = {"me", "my", "i", "myself", "mine", "mi", "mis", "yo", "mí"}
_NOT_A_NAME = re.compile(
    r"\b(?:the|a|an|our|their|his|her|its|this|that|these|those|team|everyone|everybody|anyone|anybody|someone|somebody|"
    r"anything|everything|something|nothing|most|least|all|any|every|which|what|who|you|we|us|they|them|he|she|"
    r"el|la|los|las|un|una|nadie|alguien|todos|todo|algo|nada|nosotros|ellos|ellas|usted|ustedes|quien|que)\b",
    re.I,
)
_ARTICLE = re.compile(r"^(?:the|el|la|los|las|a|al)\s+", re.I)


def _bare(phrase: str) -> str:
    return " ".join(phrase.strip(" ,.;:!?\"'").split())


def _name_like(phrase: str) -> bool:
    """A phrase that can only be meant as a name (then an unknown one is an error, not "no question")."""
    words = _bare(phrase).split()
    return 0 < len(words) <= 3 and not _NOT_A_NAME.search(_bare(phrase))


def _person(phrase: str, b: PlanBuilder, *, soft: bool = False) -> UUID | None:
    """One person by name, "me"/"my"/"mi" (the speaker) or a possessive ("Tom's"); None in soft mode
    when the phrase names no one; a near tie asks."""
    said = re.sub(r"(?:'s|')$", "", _bare(phrase), flags=re.I)
    said = re.sub(r"^(?:a|de|para|to|for)\s+", "", said, flags=re.I)
    if fold(said) in _ME:
        return b.ctx.speaker.id
    if not said or len(said.split()) > 3:
        return None
    found = lookup(said, b.ctx.people, b.ctx.speaker)
    if found.match is None and not found.rivals and re.search(r"[a-z]s$", said, re.I):
        found = lookup(said[:-1], b.ctx.people, b.ctx.speaker)  # spoken "toms plate"
    if found.rivals:
        raise ask(f"Who do you mean by '{said}'?", [m.person.full_name for m in found.rivals], name=said)
    if found.match is None:
        if soft or not _name_like(said):
            return None
        raise fail("unknown_person", f"No one called '{said}' in the organisation", name=said)
    if soft and found.match.score < 85:
        return None
    if found.match.how in {"fuzzy", "phonetic"}:
        b.penalize(0.05, f"{found.match.how} name '{said}'")
    return found.match.person.id


def _says_more(phrase: str, name: str, b: PlanBuilder) -> None:
    """ "who is in charge of the Q1 campaign channel" is not about a channel "Q1 Campaign" with "charge" in it: a
    name found for a phrase with words the name lacks is a doubt (the speaker is asked, not answered)."""
    named = key(name).split()
    extra = [w for w in key(phrase).split() if w not in named and not any(fuzz.ratio(w, n) >= 85 for n in named)]
    if extra:
        b.penalize(EXTRA_WORDS_PENALTY, f"'{_bare(phrase)}' says more than '{name}': {' '.join(extra)}")


def _channel(phrase: str, b: PlanBuilder, *, soft: bool = False) -> UUID | None:
    """A channel by name or pronoun ("this channel"); "el canal de ventas" also finds a channel named for the
    category ("Sales"). Unknown: an error, or None in soft mode."""
    said = _ARTICLE.sub("", _bare(phrase))
    mark = len(b.penalties)
    try:
        ref = entities.channel(said, b)
    except Unresolved as u:
        del b.penalties[mark:]
        if u.clarification is not None and not soft:
            raise
        word = re.sub(r"^(?:canal|channel)\s+(?:de\s+|del\s+)?|\s+(?:channel|canal|team|equipo)$", "", said, flags=re.I)
        english = entities.CATEGORY_WORDS.get(fold(word))
        named = [c for c in b.ctx.channels if english and c.name.lower() == english]
        if len(named) == 1:
            return named[0].id
        if soft:
            return None
        raise
    if not isinstance(ref, UUID):
        return None
    if not is_channel_pronoun(said):
        _says_more(said, next((c.name for c in b.ctx.channels if c.id == ref), ""), b)
    return ref


def _category(phrase: str, b: PlanBuilder) -> UUID | None:
    said = re.sub(r"^(?:the|el|la)\s+|\s+(?:category|categoría|categoria|department|team)$", "", _bare(phrase), flags=re.I)
    found = entities.category(said, b.ctx.categories)
    return found.id if found else None


def _quietly(b: PlanBuilder, probe: Callable[[], UUID | None]) -> UUID | None:
    """Whether a name resolves, leaving no penalty, focus or question behind."""
    saved = (len(b.penalties), b.channel, list(b.tasks), b.last_kind)
    try:
        return probe()
    except Unresolved:
        return None
    finally:
        del b.penalties[saved[0] :]
        b.channel, b.tasks, b.last_kind = saved[1], saved[2], saved[3]


def _not_a_name(phrase: str) -> bool:
    words = _bare(phrase).split()
    return not words or bool(_NOT_A_NAME.fullmatch(words[0]))


def _task(phrase: str, b: PlanBuilder, *, soft: bool = False) -> UUID | None:
    """A task by title or pronoun ("it"); unknown: unknown_task, or None in soft mode or for "us"/"everything"."""
    said = _bare(phrase)
    if not is_task_pronoun(said):
        said = _ARTICLE.sub("", said)
        if not entities.has_task(said, b) and (soft or _not_a_name(said)):
            return None
    elif soft and _quietly(b, lambda: _uuid(entities.task(said, b))) is None:
        return None
    ref = _uuid(entities.task(said, b))
    if ref is not None and not is_task_pronoun(said):
        _says_more(said, next((t.title for t in b.ctx.tasks if t.id == ref), ""), b)
    return ref


def _uuid(ref: object) -> UUID | None:
    return ref if isinstance(ref, UUID) else None


def _thing(phrase: str, b: PlanBuilder, *, soft: bool = False) -> tuple[Literal["task", "channel"], UUID] | None:
    """A task or a channel, whichever the phrase names better ("channel"/"canal" in it decides; "it" is what the
    conversation was about last)."""
    said = _bare(phrase)
    channel_word = re.search(r"\b(?:channel|canal)\b", said, re.I)
    pronoun_of_channel = is_channel_pronoun(said) and (
        not is_task_pronoun(said) or b.ctx.conversation.last_kind == "channel"
    )
    if channel_word or pronoun_of_channel:
        channel = _channel(said, b, soft=soft)
        return ("channel", channel) if channel else None
    if is_task_pronoun(said):
        task = _task(said, b, soft=soft)
        return ("task", task) if task else None
    stripped = _ARTICLE.sub("", said)
    named_task = entities.has_task(stripped, b)
    if (entities.names_channel(stripped, b) or not named_task) and _quietly(
        b, lambda: _channel(stripped, b, soft=True)
    ):
        channel = _channel(stripped, b)
        return ("channel", channel) if channel else None
    if named_task:
        task = _task(stripped, b)
        return ("task", task) if task else None
    if soft or _not_a_name(stripped):
        return None
    raise fail("unknown_task", f"There is no task or channel called '{stripped}'", name=stripped)


# --- scope: "in Marketing", "for Tom", "on my plate", "en el canal de ventas", "de Elena" ----------

_NO_SCOPE = re.compile(
    r"^(?:everywhere|anywhere|overall|in\s+total|in\s+general|across\s+the\s+(?:board|company|org(?:anisation|anization)?)|"
    r"in\s+the\s+(?:company|org(?:anisation|anization)?)|at\s+all|for\s+(?:everyone|everybody|the\s+team)|"
    r"en\s+general|en\s+total|en\s+toda\s+la\s+empresa|de\s+todos|para\s+todos)$"
)
_TIME = re.compile(
    r"^(?:today|tonight|this\s+week|this\s+month|right\s+now|at\s+the\s+moment|so\s+far|yet|still|"
    r"hoy|esta\s+semana|este\s+mes|ahora|todavia|aun|ya|hasta\s+ahora)$"
)
_PREP = r"(?:in|inside|within|on|for|from|of|under|across|assigned\s+to|en|de|del|para|dentro\s+de|asignad[oa]s?\s+a)"
_PIECE = re.compile(rf"^(?P<prep>{_PREP})\s+(?P<body>.+)$")
_PLATE = re.compile(r"^(?:on|in|en)\s+(?P<p>.+?)\s+(?:plate|list|desk|to-?do\s+list|plato)$|^(?:on|en)\s+(?:el\s+plato\s+de|the\s+plate\s+of)\s+(?P<q>.+)$")
_PERSON_PREPS = {"for", "assigned to", "para", "de", "from", "asignado a", "asignada a", "asignados a", "asignadas a"}


class _Scope:
    def __init__(self) -> None:
        self.person_id: UUID | None = None
        self.channel_id: UUID | None = None
        self.category_id: UUID | None = None


def _piece(prep: str, body: str, b: PlanBuilder, scope: _Scope, *, sure: bool) -> bool:
    """Fold one "prep body" into the scope; False when it names nothing. When `sure`, a name that is not
    found is an error (unknown_person after "for"/"para", else unknown_channel) and a near tie a question."""
    prep = " ".join(prep.split())
    channel_word = bool(re.search(r"\b(?:channel|canal)\b", body, re.I))
    person_first = (prep in _PERSON_PREPS or prep.startswith("asignad")) and not channel_word
    if person_first and scope.person_id is None:
        person = _quietly(b, lambda: _person(body, b, soft=True))
        if person is not None:
            scope.person_id = _person(body, b, soft=True)
            return True
    if scope.channel_id is None and _quietly(b, lambda: _channel(body, b, soft=True)) is not None:
        scope.channel_id = _channel(body, b)
        return True
    category = _category(body, b)
    if category is not None and scope.category_id is None and scope.channel_id is None:
        scope.category_id = category
        return True
    if not sure:
        return False
    if person_first:
        scope.person_id = _person(body, b)  # raises unknown_person, asks on a tie; None: no name at all
        return scope.person_id is not None
    scope.channel_id = _channel(body, b)  # raises unknown_channel or asks
    return scope.channel_id is not None


def _scope(tail: str | None, b: PlanBuilder, *, time_words: bool = False) -> _Scope | None:
    """The scope said after a question ("in Marketing for Tom"); None when the words are not a scope."""
    scope = _Scope()
    if not tail:
        return scope
    said = _bare(tail)
    low = fold(said)
    if _NO_SCOPE.match(low) or (time_words and _TIME.match(low)):
        return scope
    if time_words:  # "what is Tom working on in Marketing this week": the time words add nothing
        cut = re.search(r"\s+(?:today|this\s+week|this\s+month|right\s+now|hoy|esta\s+semana|este\s+mes)$", low)
        if cut:
            said, low = said[: cut.start()], low[: cut.start()]
    plate = _PLATE.match(low)
    if plate:
        name = said[plate.start("p") : plate.end("p")] if plate["p"] else said[plate.start("q") :]
        scope.person_id = _person(name, b)
        return scope if scope.person_id else None
    m = _PIECE.match(low)
    if not m:
        if re.fullmatch(r"[^\s']+(?:'s|')", low):  # "… of Tom's"
            scope.person_id = _person(said, b)
            return scope if scope.person_id else None
        return None
    start = m.start("body")
    mark = len(b.penalties)
    if _piece(m["prep"], said[start:], b, scope, sure=False) and len(b.penalties) == mark:
        return scope  # the whole tail is one name, surely: "in the Q4 close channel", "en el canal de ventas"
    del b.penalties[mark:]
    scope = _Scope()
    for later in re.finditer(rf"\s+(?P<prep>{_PREP})\s+", low[start:]):
        trial = _Scope()
        if _piece(m["prep"], said[start : start + later.start()], b, trial, sure=False):
            # "in Marketing for Tom": the first part names something, so the second must too
            return trial if _piece(later["prep"], said[start + later.end() :], b, trial, sure=True) else None
    return scope if _piece(m["prep"], said[start:], b, scope, sure=True) else None


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
    scope = _scope(g["s"], b)
    if scope is None:
        return None
    person = (_person(g["p"], b) if g["p"].strip() else b.ctx.speaker.id) if g["p"] is not None else None
    if person is not None and scope.person_id not in (None, person):
        return None
    return Query(type="due", window=_window(g["w"] or ""), person_id=person or scope.person_id,
                 channel_id=scope.channel_id, category_id=scope.category_id)


def _working_on(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    said = g["p"]
    scope = _scope(g["s"], b, time_words=True)
    if scope is None:
        return None
    if said is None or not said.strip():
        return Query(type="working_on", person_id=b.ctx.speaker.id, channel_id=scope.channel_id)
    if fold(said.strip()) in {"we", "our", "nosotros"}:
        return None
    person = _person(said, b, soft=True)
    if person is None:
        thing = _thing(said, b, soft=True)
        if thing is not None and thing[0] == "channel":
            return Query(type="status", channel_id=thing[1])
        person = _person(said, b)  # an unknown name: unknown_person (None when it is no name at all)
    if person is None:
        return None
    return Query(type="working_on", person_id=person, channel_id=scope.channel_id)


def _open_in(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    person = _person(g["x"] or "", b, soft=True)
    if person is not None:
        return Query(type="working_on", person_id=person)
    return _status(g, b)


def _status(g: dict[str, str | None], b: PlanBuilder, *, soft: bool = False) -> Query | None:
    said = g["x"] or ""
    if _person(said, b, soft=True) is not None and not entities.has_task(said, b):
        return None  # "how is Tom doing" asks about a person, not a task
    thing = _thing(said, b, soft=soft)
    if thing is None:
        return None
    kind, ref = thing
    return Query(type="status", task_id=ref) if kind == "task" else Query(type="status", channel_id=ref)


def _blocking(kind: Literal["blocking", "blocked_by"]) -> Read:
    def read(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
        said = g["t"] or ""
        if entities.clearly_channel(_ARTICLE.sub("", _bare(said)), b) and not entities.has_task(said, b):
            return None  # channels do not block; not a question we answer
        task = _task(said, b)
        return Query(type=kind, task_id=task) if task else None

    return read


def _who(channel_kind: QueryType, task_kind: QueryType) -> Read:
    """ "who is on X": the members of a channel or the assignees of a task, by what X names."""

    def read(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
        thing = _thing(g["x"] or "", b)
        if thing is None:
            return None
        kind, ref = thing
        if kind == "channel":
            return Query(type=channel_kind, channel_id=ref)
        return Query(type=task_kind, task_id=ref)

    return read


def _member_check(g: dict[str, str | None], b: PlanBuilder) -> Query | None:
    """ "Is Tom on the Platform Migration channel?": the members (or assignees) looked at for one person."""
    person = _person(g["p"] or "", b, soft=True)
    if person is None or fold((g["p"] or "").strip()) in _ME - {"i", "me", "yo"}:
        return None
    thing = _thing(g["x"] or "", b, soft=True)
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
        person = _person(said, b)
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
