"""The recogniser's own evidence at the command stage: its other readings and how sure it was of each word.

    choice = weigh(final.hypotheses, ctx, bar=0.6)     # which reading to act on, and its plan

- **Other readings** (n-best): when the best reading's plan is not settled (`parser.is_settled`: actions,
  no error or question, confidence >= 0.8), the next readings are parsed in turn and the first whose plan
  is settled *and* whose slot words were all heard with probability >= `ALTERNATIVE_WORD` is taken. A reading much less likely than the best
  (`SCORE_MARGIN`) is never tried, and none is tried when the best reading's plan was settled: a reading is
  never picked only because it parses.
- **Unsure words**: a word of the reading that fills a slot of the plan (a person's, channel's, task's,
  resource's or department's name, a new channel's name or task's title, a date) and was heard with a
  probability below `UNSURE_WORD` (a word of a *new* name: below `NEW_NAME_UNSURE`, as nothing the
  organisation has can confirm it) makes the plan ask: its confidence drops below the bar and a doubt
  "heard 'X' unsurely" says why. A word the recogniser did not measure (None: a word an alternative reading
  reads differently from the best one, see `whisper.Decoded`) counts as unsure.

Thresholds were chosen by measurement (`python -m bench.bench_heard`, docs/voice.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from rapidfuzz import fuzz

from executor.plan import Plan
from pipeline.agreement import normalize_word
from pipeline.frames import Hypothesis, Word
from pipeline.intent import parse
from pipeline.intent.context import CommandContext, Person
from pipeline.intent.fuzzy import stem
from pipeline.intent.parser import is_settled
from pipeline.intent.people import lookup

UNSURE_WORD = 0.3
"""A slot word heard with a lower probability makes the plan ask (measured: docs/voice.md)."""
SCORE_MARGIN = 0.3
"""Readings whose score (mean log-probability per token) is more than this below the best's are not tried."""
NEW_NAME_UNSURE = 0.45
"""The bar for a word of a new channel's name or task's title (measured: docs/voice.md)."""
ALTERNATIVE_WORD = 0.5
"""Another reading is taken only if each of its slot words was heard at least this surely: preferring a
reading the recogniser did not is doubt enough (0.3 let 6 of 33 such choices act wrongly, 0.5 1 of 26)."""

_NAME_FIELDS = ("name", "title")  # strings of an action that name something new
_STOP = frozenset(
    "a an the to of in on at by for and or with it its this that these those is are be as due before until "
    "from into onto up please also then so just now task tasks channel channels de la el los las "
    "del y a para en".split()
)


@dataclass(frozen=True)
class Choice:
    """The reading acted on (`index` into the hypotheses), its plan and what the recogniser was unsure of."""

    index: int
    plan: Plan
    unsure: tuple[str, ...] = ()
    tried: tuple[int, ...] = field(default=())
    """Indexes of the other readings that were parsed (none when the best reading was settled)."""


def slot_names(plan: Plan, ctx: CommandContext) -> tuple[list[str], list[Person]]:
    """What the plan's slots were filled with: names and titles (new or of things it refers to) and date
    phrases, and the people it refers to (their names are matched the way the parser matches them)."""
    names = [d.phrase for d in plan.dates]
    people: dict[UUID, Person] = {}
    for action in plan.actions:
        for key, value in action:
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and key in _NAME_FIELDS:
                    names.append(v)
                elif isinstance(v, UUID):
                    person = ctx.person(v)
                    if person is not None:
                        people[person.id] = person
                        names.append(person.full_name)
                        names.extend(person.nicknames)
                    else:
                        names.extend(_entity_names(v, ctx))
    return names, list(people.values())


def _entity_names(value: UUID, ctx: CommandContext) -> list[str]:
    channel = ctx.channel(value)
    if channel is not None:
        return [channel.name]
    task = ctx.task(value)
    if task is not None:
        return [task.title]
    return [r.name for r in ctx.resources if r.id == value] + [c.name for c in ctx.categories if c.id == value]


def _keys(text: str) -> set[str]:
    return {k for k in (normalize_word(w) for w in re.split(r"[\s\-/]+", text)) if k and k not in _STOP}


def new_name_keys(plan: Plan) -> set[str]:
    """The words of the names the plan gives to new things (a new channel's name, a new task's title)."""
    keys: set[str] = set()
    for action in plan.actions:
        for key, value in action:
            if key in _NAME_FIELDS and isinstance(value, str):
                keys |= _keys(value)
    return keys


def unsure_words(
    words: Sequence[Word],
    plan: Plan,
    ctx: CommandContext,
    threshold: float = UNSURE_WORD,
    new_name_threshold: float | None = None,
) -> list[str]:
    """The words of a reading that fill one of `plan`'s slots and were heard less surely than `threshold`
    (or not measured), as written in the reading, each once. Nothing when no word was measured.
    `new_name_threshold` (default `NEW_NAME_UNSURE`) is the bar for a word of a new name: nothing the
    organisation already has can confirm it, so it must be heard more surely."""
    if not words or not plan.actions or threshold <= 0:
        return []
    names, people = slot_names(plan, ctx)
    keys = set().union(*(_keys(n) for n in names)) if names else set()
    stems = {stem(k) for k in keys}
    fresh = new_name_keys(plan)
    fresh_bar = max(threshold, NEW_NAME_UNSURE if new_name_threshold is None else new_name_threshold)
    out: list[str] = []
    for word in words:
        key = normalize_word(word.text)
        bar = fresh_bar if key in fresh else threshold
        if word.probability is not None and word.probability >= bar:
            continue
        if not key or key in _STOP or word.text.strip(".,;:!?") in out:
            continue
        in_slot = (
            key in keys
            or stem(key) in stems
            or any(fuzz.ratio(key, k) >= 80 for k in keys)
            or any(lookup(key, [p], ctx.speaker).match is not None for p in people)
        )
        if in_slot:
            out.append(word.text.strip(".,;:!?"))
    return out


def heed(plan: Plan, unsure: Sequence[str], bar: float) -> Plan:
    """`plan`, asking instead of acting when slot words were heard unsurely: its confidence below `bar`
    and a doubt per word, first (the speaker is told the first three)."""
    if not unsure or not plan.actions or plan.error is not None or plan.clarification is not None:
        return plan
    doubts = [f"heard '{w}' unsurely" for w in unsure]
    return plan.model_copy(
        update={"confidence": round(max(0.0, min(plan.confidence, bar) - 0.05), 3), "doubts": [*doubts, *plan.doubts]}
    )


def weigh(
    hypotheses: Sequence[Hypothesis],
    ctx: CommandContext,
    *,
    bar: float,
    threshold: float = UNSURE_WORD,
    margin: float = SCORE_MARGIN,
    alternative_word: float = ALTERNATIVE_WORD,
    parse_text: Callable[[str, CommandContext], Plan] = parse,
) -> Choice:
    """Which reading to act on (see the module's docstring). `hypotheses`: best first. `threshold` 0
    turns the word check of the best reading off (other readings are still held to `alternative_word`)."""
    best = hypotheses[0]
    plan = parse_text(best.text, ctx)
    if is_settled(plan):
        unsure = unsure_words(best.words, plan, ctx, threshold)
        return Choice(0, heed(plan, unsure, bar), tuple(unsure))
    tried: list[int] = []
    for i, other in enumerate(hypotheses[1:], 1):
        if other.score < best.score - margin:
            continue
        tried.append(i)
        reading = parse_text(other.text, ctx)
        if is_settled(reading) and not unsure_words(other.words, reading, ctx, max(threshold, alternative_word)):
            return Choice(i, reading, (), tuple(tried))
    unsure = unsure_words(best.words, plan, ctx, threshold)
    return Choice(0, heed(plan, unsure, bar), tuple(unsure), tuple(tried))


def choose_reading(
    plan: Plan, ctx: CommandContext, hypotheses: Sequence[Hypothesis], *, bar: float, unsure_below: float = UNSURE_WORD
) -> tuple[Plan, str, dict[str, object]]:
    """The command stage's use of `weigh`: `plan` is what was made of the best reading (the parser's, or
    the LLM's when it was asked); returns the plan to act on, the text it was read from and what to
    record (`intent_analysis.heard`: the reading used, every reading with its score, unsure words).
    `unsure_below` 0 turns the word check off (the other readings are still used)."""
    best = hypotheses[0].text
    choice = weigh(hypotheses, ctx, bar=bar, threshold=unsure_below,
                   parse_text=lambda text, c: plan if text == best else parse(text, c))
    record: dict[str, object] = {
        "used": choice.index,
        "readings": [{"text": h.text, "score": round(h.score, 3)} for h in hypotheses],
        "tried": list(choice.tried),
        "unsure_words": list(choice.unsure),
    }
    return choice.plan, hypotheses[choice.index].text, record
