"""Names said in a question -> ids of the speaker's snapshot, and the scope said after it ("in Marketing for Tom").

Resolved as commands resolve them (`entities`, `people`): an unknown name is an error, a near tie a question
back, a name found for a phrase with words it lacks a doubt. "soft" lookups answer None instead, for rules that
only fit when a phrase names something ("is the press kit in review" is no membership question).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal
from uuid import UUID

from rapidfuzz import fuzz

from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, Unresolved, ask, fail
from pipeline.intent.fuzzy import key
from pipeline.intent.people import lookup
from pipeline.intent.references import is_channel_pronoun, is_task_pronoun

_FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ’‘“”", "aeiouunAEIOUUN''\"\"")


def fold(text: str) -> str:
    """Lower case without accents, one character for one (so a match's spans index the original)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))


EXTRA_WORDS_PENALTY = 0.45  # below the bar: asked, never answered about the wrong thing
ME = {"me", "my", "i", "myself", "mine", "mi", "mis", "yo", "mí"}
_NOT_A_NAME = re.compile(
    r"\b(?:the|a|an|our|their|his|her|its|this|that|these|those|team|everyone|everybody|anyone|anybody|someone|somebody|"
    r"anything|everything|something|nothing|most|least|all|any|every|which|what|who|you|we|us|they|them|he|she|"
    r"el|la|los|las|un|una|nadie|alguien|todos|todo|algo|nada|nosotros|ellos|ellas|usted|ustedes|quien|que)\b",
    re.I,
)
ARTICLE = re.compile(r"^(?:the|el|la|los|las|a|al)\s+", re.I)


def bare(phrase: str) -> str:
    return " ".join(phrase.strip(" ,.;:!?\"'").split())


def _name_like(phrase: str) -> bool:
    """A phrase that can only be meant as a name (then an unknown one is an error, not "no question")."""
    words = bare(phrase).split()
    return 0 < len(words) <= 3 and not _NOT_A_NAME.search(bare(phrase))


def find_person(phrase: str, b: PlanBuilder, *, soft: bool = False) -> UUID | None:
    """One person by name, "me"/"my"/"mi" (the speaker) or a possessive ("Tom's"); None in soft mode
    when the phrase names no one; a near tie asks."""
    said = re.sub(r"(?:'s|')$", "", bare(phrase), flags=re.I)
    said = re.sub(r"^(?:a|de|para|to|for)\s+", "", said, flags=re.I)
    if fold(said) in ME:
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
        b.penalize(EXTRA_WORDS_PENALTY, f"'{bare(phrase)}' says more than '{name}': {' '.join(extra)}")


def find_channel(phrase: str, b: PlanBuilder, *, soft: bool = False) -> UUID | None:
    """A channel by name or pronoun ("this channel"); "el canal de ventas" also finds a channel named for the
    category ("Sales"). Unknown: an error, or None in soft mode."""
    said = ARTICLE.sub("", bare(phrase))
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
    said = re.sub(r"^(?:the|el|la)\s+|\s+(?:category|categoría|categoria|department|team)$", "", bare(phrase), flags=re.I)
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
    words = bare(phrase).split()
    return not words or bool(_NOT_A_NAME.fullmatch(words[0]))


def find_task(phrase: str, b: PlanBuilder, *, soft: bool = False) -> UUID | None:
    """A task by title or pronoun ("it"); unknown: unknown_task, or None in soft mode or for "us"/"everything"."""
    said = bare(phrase)
    if not is_task_pronoun(said):
        said = ARTICLE.sub("", said)
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


def find_thing(phrase: str, b: PlanBuilder, *, soft: bool = False) -> tuple[Literal["task", "channel"], UUID] | None:
    """A task or a channel, whichever the phrase names better ("channel"/"canal" in it decides; "it" is what the
    conversation was about last)."""
    said = bare(phrase)
    channel_word = re.search(r"\b(?:channel|canal)\b", said, re.I)
    pronoun_of_channel = is_channel_pronoun(said) and (
        not is_task_pronoun(said) or b.ctx.conversation.last_kind == "channel"
    )
    if channel_word or pronoun_of_channel:
        channel = find_channel(said, b, soft=soft)
        return ("channel", channel) if channel else None
    if is_task_pronoun(said):
        task = find_task(said, b, soft=soft)
        return ("task", task) if task else None
    stripped = ARTICLE.sub("", said)
    named_task = entities.has_task(stripped, b)
    if (entities.names_channel(stripped, b) or not named_task) and _quietly(
        b, lambda: find_channel(stripped, b, soft=True)
    ):
        channel = find_channel(stripped, b)
        return ("channel", channel) if channel else None
    if named_task:
        task = find_task(stripped, b)
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


class Scope:
    def __init__(self) -> None:
        self.person_id: UUID | None = None
        self.channel_id: UUID | None = None
        self.category_id: UUID | None = None


def _piece(prep: str, body: str, b: PlanBuilder, scope: Scope, *, sure: bool) -> bool:
    """Fold one "prep body" into the scope; False when it names nothing. When `sure`, a name that is not
    found is an error (unknown_person after "for"/"para", else unknown_channel) and a near tie a question."""
    prep = " ".join(prep.split())
    channel_word = bool(re.search(r"\b(?:channel|canal)\b", body, re.I))
    person_first = (prep in _PERSON_PREPS or prep.startswith("asignad")) and not channel_word
    if person_first and scope.person_id is None:
        person = _quietly(b, lambda: find_person(body, b, soft=True))
        if person is not None:
            scope.person_id = find_person(body, b, soft=True)
            return True
    if scope.channel_id is None and _quietly(b, lambda: find_channel(body, b, soft=True)) is not None:
        scope.channel_id = find_channel(body, b)
        return True
    category = _category(body, b)
    if category is not None and scope.category_id is None and scope.channel_id is None:
        scope.category_id = category
        return True
    if not sure:
        return False
    if person_first:
        scope.person_id = find_person(body, b)  # raises unknown_person, asks on a tie; None: no name at all
        return scope.person_id is not None
    scope.channel_id = find_channel(body, b)  # raises unknown_channel or asks
    return scope.channel_id is not None


def read_scope(tail: str | None, b: PlanBuilder, *, time_words: bool = False) -> Scope | None:
    """The scope said after a question ("in Marketing for Tom"); None when the words are not a scope."""
    scope = Scope()
    if not tail:
        return scope
    said = bare(tail)
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
        scope.person_id = find_person(name, b)
        return scope if scope.person_id else None
    m = _PIECE.match(low)
    if not m:
        if re.fullmatch(r"[^\s']+(?:'s|')", low):  # "… of Tom's"
            scope.person_id = find_person(said, b)
            return scope if scope.person_id else None
        return None
    start = m.start("body")
    mark = len(b.penalties)
    if _piece(m["prep"], said[start:], b, scope, sure=False) and len(b.penalties) == mark:
        return scope  # the whole tail is one name, surely: "in the Q4 close channel", "en el canal de ventas"
    del b.penalties[mark:]
    scope = Scope()
    for later in re.finditer(rf"\s+(?P<prep>{_PREP})\s+", low[start:]):
        trial = Scope()
        if _piece(m["prep"], said[start : start + later.start()], b, trial, sure=False):
            # "in Marketing for Tom": the first part names something, so the second must too
            return trial if _piece(later["prep"], said[start + later.end() :], b, trial, sure=True) else None
    return scope if _piece(m["prep"], said[start:], b, scope, sure=True) else None
