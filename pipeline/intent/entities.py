"""Names said in a command -> the organisation's people, categories, channels, tasks and resources.

Things made earlier in the same command win, then things the speaker touched recently
(the conversation), then the rest of the directory. A near tie asks the speaker; no match
is an error naming what was said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from uuid import UUID

from executor.plan import EntityRef
from pipeline.intent.builder import PlanBuilder, Unresolved, ask, fail
from pipeline.intent.context import CategoryRef
from pipeline.intent.fuzzy import similarity
from pipeline.intent.people import group_members, is_everyone, lookup, split_names
from pipeline.intent.references import (
    after_failure,
    focus_channel,
    focus_task,
    is_channel_pronoun,
    is_task_pronoun,
    ordinal_task,
    plural_tasks,
)

MATCH = 74.0  # lowest similarity accepted for a channel/task/resource name
FOCUS_BONUS = 8.0  # the recency bonus of the item in focus (the last one spoken of) or one made in this command
TIE = 3.0  # two candidates closer than this (after recency) are a toss-up

CATEGORY_WORDS: dict[str, str] = {
    "marketing": "marketing",
    "mercadotecnia": "marketing",
    "mktg": "marketing",
    "mkt": "marketing",
    "operations": "operations",
    "ops": "operations",
    "operational": "operations",
    "operaciones": "operations",
    "finance": "finance",
    "financial": "finance",
    "finances": "finance",
    "finanzas": "finance",
    "accounting": "finance",
    "hr": "hr",
    "h.r.": "hr",
    "human resources": "hr",
    "people": "hr",
    "recursos humanos": "hr",
    "rrhh": "hr",
    "sales": "sales",
    "ventas": "sales",
    "commercial": "sales",
    "engineering": "engineering",
    "eng": "engineering",
    "tech": "engineering",
    "technical": "engineering",
    "development": "engineering",
    "dev": "engineering",
    "ingeniería": "engineering",
    "ingenieria": "engineering",
}
CATEGORY_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(CATEGORY_WORDS, key=len, reverse=True)) + r")\b", re.I
)
_TRAILING_ADVERB = re.compile(r"\s+(?:too|as\s+well|also|again|now|then|please)$", re.I)
_HERE = re.compile(r"^(?:here|in\s+here|right\s+here|this\s+channel|aquí|aqui)$", re.I)
_CHANNEL_WORDS = re.compile(
    r"^(?:the|a|an|our|my|#)\s*|^(?:channel|chanel|canal)\s+(?:de\s+|del\s+|called\s+|named\s+)?|"
    r"\s*\b(?:channel|chanel|channels|canal|room)\b\s*$",
    re.I,
)
_TASK_WORDS = re.compile(r"^(?:the|a|an|our|my)\s+|\s*\b(?:task|tasks|subtask|tarea|item)\b\s*$", re.I)


def category(word: str, categories: Sequence[CategoryRef]) -> CategoryRef | None:
    """The category a word like "marketing", "ops" or "recursos humanos" names, if the org has it."""
    w = word.lower().strip()
    canonical = CATEGORY_WORDS.get(w, w)
    for c in categories:
        name = c.name.lower()
        if name == canonical or CATEGORY_WORDS.get(name) == canonical or name == w:
            return c
    best = max(categories, key=lambda c: similarity(w, c.name), default=None)
    if best is not None and similarity(w, best.name) >= 90:
        return best
    return None


def _strip(pattern: re.Pattern[str], phrase: str) -> str:
    prev = None
    text = phrase.strip(" ,.;:!?\"'")
    while prev != text:
        prev = text
        text = pattern.sub("", text).strip(" ,.;:!?\"'")
    return text


def _rank(
    query: str, candidates: Sequence[tuple[EntityRef, str, float]]
) -> tuple[EntityRef | None, list[str], float]:
    """Best candidate by similarity plus recency bonus; ([], names) on a toss-up."""
    scored = [(similarity(query, name), bonus, ref, name) for ref, name, bonus in candidates]
    scored = [s for s in scored if s[0] >= MATCH]
    if not scored:
        return None, [], 0.0
    scored.sort(key=lambda s: s[0] + s[1], reverse=True)
    top = scored[0]
    close = [s for s in scored[1:] if s[0] + s[1] >= top[0] + top[1] - TIE and s[3] != top[3]]
    if top[0] < 100.0 and top[1] < FOCUS_BONUS:
        # "the Q4 channel" with Q4 Close and Q4 Planning: a part of both names is a toss-up whatever was
        # mentioned a few commands ago; only the channel in focus or one made in this command settles it
        close += [s for s in scored[1:] if s[0] >= top[0] - 1.0 and s[3] != top[3] and s not in close]
    if close and not (top[0] == 100.0 and all(s[0] < 100.0 for s in close)):
        return None, [top[3], *(s[3] for s in close)], top[0]
    return top[2], [], top[0]


def _recency(ids: list[UUID], item: UUID) -> float:
    return max(0.0, 8.0 - ids.index(item)) if item in ids else 0.0


def channel(phrase: str, b: PlanBuilder) -> EntityRef:
    """A channel by pronoun or fuzzy name; raises Unresolved (unknown_channel or a question)."""
    phrase = _TRAILING_ADVERB.sub("", phrase.strip())
    if is_channel_pronoun(phrase):
        if b.channel is None and not _HERE.match(phrase.strip()):
            after_failure(b, phrase, "channel")
        ref = focus_channel(b)
        if ref is None:
            raise ask("Which channel do you mean?", [c.name for c in b.ctx.channels[:5]], said=phrase)
        b.focus_channel(ref)
        return ref
    query = _strip(_CHANNEL_WORDS, phrase)
    if not query:
        raise fail("unknown_channel", "Which channel do you mean?", name=phrase)
    new = [(c.ref, c.action.name, 20.0) for c in b.new_channels]
    conv = b.ctx.conversation.channel_ids
    old = [(c.id, c.name, _recency(conv, c.id)) for c in b.ctx.channels]
    ref, rivals, score = _rank(query, [*new, *old])
    if ref is None and not rivals:
        # "the Q4 close channel, he moved teams" / "the roadshow folks": a remark or a word for its people
        for variant in _channel_variants(phrase):
            ref, rivals, score = _rank(variant, [*new, *old])
            if ref is not None or rivals:
                query = variant
                break
    if rivals:
        raise ask(f"Which channel do you mean by '{query}'?", rivals, said=query)
    if ref is None:
        raise fail("unknown_channel", f"There is no channel called '{query}'", name=query)
    if score < 90:
        b.penalize(0.05, f"fuzzy channel '{query}'")
    b.focus_channel(ref)
    return ref


_PEOPLE_OF = re.compile(r"\s+(?:folks|people|crew|guys|gang|lot|members|team|group|crowd)$", re.I)


def _channel_variants(phrase: str) -> list[str]:
    head = phrase.split(",")[0]
    out = [head] if head != phrase else []
    out += [_PEOPLE_OF.sub("", p) for p in (phrase, head) if _PEOPLE_OF.search(p.strip(" ,.;:!?"))]
    return [q for q in (_strip(_CHANNEL_WORDS, v) for v in out) if q]


def names_channel(phrase: str, b: PlanBuilder) -> bool:
    """True when a bare name ("the roadshow") means a channel rather than a task.

    "channel" in the phrase decides; "task" in it decides the other way; otherwise the
    better-matching kind wins (a tie goes to tasks, the more common subject).
    """
    if re.search(r"\b(?:channel|chanel|canal)\b", phrase, re.I):
        return True
    if is_channel_pronoun(phrase) and b.last_kind == "channel" and not re.search(r"\btask\b", phrase, re.I):
        return True  # "the roadshow channel, … mark it completed": it is the channel this command is about
    if re.search(r"\b(?:task|subtask|tarea)\b", phrase, re.I) or is_task_pronoun(phrase):
        return False
    if is_channel_pronoun(phrase):
        return b.last_kind == "channel"
    query = _strip(_CHANNEL_WORDS, phrase)
    if not query:
        return False
    best_channel = max(
        [similarity(query, c.action.name) for c in b.new_channels]
        + [similarity(query, c.name) for c in b.ctx.channels],
        default=0.0,
    )
    best_task = max(
        [similarity(query, t.action.title) for t in b.new_tasks]
        + [similarity(query, t.title) for t in b.ctx.tasks],
        default=0.0,
    )
    return best_channel >= MATCH and best_channel > best_task


def clearly_channel(phrase: str, b: PlanBuilder) -> bool:
    """A bare name that is surely a channel ("Q4 close"): near-exact, and no task matches as well."""
    query = _strip(_CHANNEL_WORDS, phrase)
    if not query or len(query.split()) > 5 or is_channel_pronoun(query):
        return False
    names = [c.action.name for c in b.new_channels] + [c.name for c in b.ctx.channels]
    return max((similarity(query, n) for n in names), default=0.0) >= 90 and names_channel(phrase, b)


def task(phrase: str, b: PlanBuilder, *, create_if_missing: bool = False) -> EntityRef:
    """A task by pronoun or fuzzy title; raises Unresolved (unknown_task or a question)."""
    one = re.match(r"^(?:the|that|this)\s+(?P<w>.+?)\s+one$", phrase.strip(), re.I)
    if one and names_channel(one["w"], b) and _task_score(one["w"], b) < 90:
        # "close out the website one": the Website Redesign channel or the website copy task?
        raise ask(f"Do you mean the channel or the task by '{phrase.strip()}'?", [], said=phrase.strip(), reason="channel_or_task")
    phrase = re.sub(r"^(?P<h>(?:the|that|this)\s+.+?)\s+one$", r"\g<h>", phrase.strip(), flags=re.I)  # "the flights one"
    phrase = re.sub(r"(?:'s)?\s+(?:deadline|due\s+date)$", "", phrase, flags=re.I)  # "the brochures deadline"
    if is_task_pronoun(_TRAILING_ADVERB.sub("", phrase)):
        phrase = _TRAILING_ADVERB.sub("", phrase)  # "put David on it too"
    ordinal = ordinal_task(phrase, b)
    if ordinal is not None:
        return ordinal
    if is_task_pronoun(phrase):
        ref = focus_task(b)
        if ref is None:
            raise ask("Which task do you mean?", [t.title for t in b.ctx.tasks[:5]], said=phrase)
        b.focus_tasks([ref])
        return ref
    found = find_task(phrase, b)
    if found is None and _TRAILING_ADVERB.search(phrase):
        phrase = _TRAILING_ADVERB.sub("", phrase)  # "put David on the vendor contracts too"
        found = find_task(phrase, b)
    if found is None:
        query = _strip(_TASK_WORDS, phrase)
        raise fail("unknown_task", f"There is no task called '{query}'", name=query)
    b.focus_tasks([found])
    return found


_REMARK_TAIL = re.compile(r"\s+(?:we|they|i|he|she|we're|they're|it's|since|because|as)\s+\w+.*$", re.I)


def find_task(phrase: str, b: PlanBuilder) -> EntityRef | None:
    return _find_task_scored(phrase, b)[0]


def find_task_scored(phrase: str, b: PlanBuilder) -> tuple[EntityRef | None, float]:
    """The task `phrase` names and how sure the match is (0-100)."""
    return _find_task_scored(phrase, b)


def _find_task_scored(phrase: str, b: PlanBuilder) -> tuple[EntityRef | None, float]:
    query = _strip(_TASK_WORDS, phrase)
    if not query:
        return None, 0.0
    new = [(t.ref, t.action.title, 20.0) for t in b.new_tasks]
    conv = b.ctx.conversation.task_ids
    old = [(t.id, t.title, _recency(conv, t.id)) for t in b.ctx.tasks]
    ref, rivals, score = _rank(query, [*new, *old])
    remark = _REMARK_TAIL.search(query) if ref is None and not rivals else None
    if remark:
        # "cancel hire a designer we froze hiring": the name, then why; only a sure name counts
        head_ref, head_rivals, head_score = _rank(query[: remark.start()], [*new, *old])
        if head_ref is not None and not head_rivals and head_score >= 90:
            b.penalize(0.05, f"read '{query[remark.start():].strip()}' as a remark")
            ref, score, query = head_ref, head_score, query[: remark.start()]
    if rivals:
        raise ask(f"Which task do you mean by '{query}'?", rivals, said=query)
    if len(query.split()) == 1:
        # "the review" with a logo review, a deck review and a budget review: recency is no answer
        word = query.lower()
        holders = [title for _, title, _ in [*new, *old] if word in title.lower().split()]
        exact = [title for title in holders if title.lower() == word]
        made_now = [title for _, title, _ in new if word in title.lower().split()]
        if len(holders) > 1 and not exact and len(made_now) != 1:  # one made in this command wins
            raise ask(f"Which task do you mean by '{query}'?", holders[:5], said=query)
    if ref is not None and score < 90:
        b.penalize(0.05, f"fuzzy task '{query}'")
    if ref is not None and score < 100:
        title = next((t for r, t, _ in [*new, *old] if r == ref), "")
        extra = [w for w in re.findall(r"[A-Za-z][\w'-]*", query) if w.lower() not in title.lower().split()]
        if any(len(w) > 2 and person_or_none(w, b) is not None for w in extra):
            # "under Update website copy for Lisa": a person's name left over from the title is never part of it
            b.penalize(0.45, f"task '{query}' holds a person's name that '{title}' does not")
    return ref, score


def _task_score(phrase: str, b: PlanBuilder) -> float:
    """How surely `phrase` names a task (0 when it names none or is a toss-up), leaving no penalty."""
    mark = len(b.penalties)
    try:
        found, score = find_task_scored(phrase, b)
        return score if found is not None else 0.0
    except Unresolved:
        return 0.0
    finally:
        del b.penalties[mark:]


def has_task(phrase: str, b: PlanBuilder) -> bool:
    """Whether `phrase` names a task (a toss-up counts: the real lookup will ask), leaving no penalty."""
    mark = len(b.penalties)
    try:
        return find_task(phrase, b) is not None
    except Unresolved:
        return True
    finally:
        del b.penalties[mark:]


def tasks(phrase: str, b: PlanBuilder, besides: list[EntityRef] | None = None) -> list[EntityRef]:
    """One or more tasks: "them", "the other two", "A and B", "all of Tom's open tasks", or a single title."""
    from pipeline.intent.selection import select

    chosen = select(phrase, b)
    if chosen is not None:
        return list(chosen)
    plural = plural_tasks(phrase, b, besides or [])
    if plural is not None:
        if not plural:
            raise ask("Which tasks do you mean?", [t.title for t in b.ctx.tasks[:5]], said=phrase)
        return plural
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&|\by\b)\s*", phrase) if p.strip()]
    whole = None
    mark = len(b.penalties)
    try:
        whole, whole_score = _find_task_scored(phrase, b)
    except Unresolved:  # a toss-up on the whole phrase: try it as a list below
        whole, whole_score = None, 0.0
    if whole is not None and len(parts) > 1 and whole_score < 95 and all(has_task(p, b) for p in parts):
        del b.penalties[mark:]  # "the brochures and the press release": each part names a task
        whole = None
    if whole is not None:
        b.focus_tasks([whole])
        return [whole]
    if len(parts) > 1:
        refs = [task(p, b) for p in parts]
        b.focus_tasks(refs)
        return refs
    return [task(phrase, b)]


def resource(phrase: str, b: PlanBuilder) -> UUID | None:
    """An existing shared resource by fuzzy name (never invented)."""
    said = re.sub(r"^(?:the|a|an|our|my)\s+", "", phrase.strip(" ,.;:!?\"'"), flags=re.I)
    cands = [(r.id, r.name, 0.0) for r in b.ctx.resources]
    whole = _rank(said, cands) if said else (None, [], 0.0)
    if whole[0] is not None and not whole[1] and whole[2] >= 90:
        return whole[0] if isinstance(whole[0], UUID) else None  # "the Pitch Deck": its whole name
    query = re.sub(r"\s+(?:file|document|doc|deck|pdf)$", "", said, flags=re.I)
    ref, rivals, score = _rank(query or phrase, cands)
    if rivals:
        raise ask(f"Which file do you mean by '{query}'?", rivals, said=query)
    if ref is None:
        ref, rivals, score = _rank(phrase, cands)
    if score and score < 90:
        b.penalize(0.05, f"fuzzy resource '{query}'")
    return ref if isinstance(ref, UUID) else None


def need_resource(phrase: str, b: PlanBuilder) -> UUID:
    found = resource(phrase, b)
    if found is None:
        name = phrase.strip(" ,.;:!?\"'")
        raise fail("unknown_resource", f"There is no shared file called '{name}'", name=name)
    return found


def people(phrase: str, b: PlanBuilder) -> list[UUID]:
    """Everyone named in "Sarah, Mike and Tom"; any unknown name fails the whole command."""
    ids: list[UUID] = []
    if re.fullmatch(r"\s*(?:her|him|them)\s*", phrase, re.I) and b.people:
        return list(b.people)  # "add Sarah to the channel, give book flights to her"
    group = _group(phrase, b)
    if group is not None:  # "everyone in Q4 Close", "the marketing team", "todo el equipo de ventas"
        b.people = group
        return group
    for name in _names_said_without_commas(split_names(phrase), b):
        if is_everyone(name):
            ids.extend(p.id for p in group_members(name, b.ctx.people, b.ctx.speaker))
            continue
        found = lookup(name, b.ctx.people, b.ctx.speaker)
        if found.rivals:
            raise ask(
                f"Who do you mean by '{name}'?",
                [m.person.full_name for m in found.rivals],
                name=name,
            )
        if found.match is None and len(name.split()) > 3:
            raise fail("not_understood", f"Sorry, I could not tell who '{name}' is", name=name)
        if found.match is None:
            raise fail("unknown_person", f"No one called '{name}' in the organisation", name=name)
        if found.match.how in {"fuzzy", "phonetic"}:
            b.penalize(0.05, f"{found.match.how} name '{name}'")
        ids.append(found.match.person.id)
    b.people = list(dict.fromkeys(ids))
    return b.people


_IN_CHANNEL = re.compile(
    r"^(?:everyone|everybody|all\s+(?:the\s+)?(?:people|members|folks)|all\s+of\s+(?:them|us)|the\s+whole\s+team|"
    r"todos(?:\s+los)?|todo\s+el\s+mundo|todo\s+el\s+equipo)\s+(?:in|on|from|of|at|en|de|del)\s+(?:the\s+|el\s+|la\s+)?(?P<c>.+?)$",
    re.I,
)
_HERE_GROUP = re.compile(r"^(?:everyone|everybody|all\s+(?:the\s+)?members|todos)\s+(?:here|in\s+here|aqu[ií])$", re.I)
_TEAM = re.compile(r"^(?:the\s+(?:whole\s+)?|el\s+|todo\s+el\s+)?(?:(?P<c>.+?)\s+(?:team|people|folks|department|dept)|"
                   r"(?:equipo|departamento|gente)\s+de\s+(?P<e>.+?))$", re.I)


def _group(phrase: str, b: PlanBuilder) -> list[UUID] | None:
    """A group said as one: a channel's members or a department's people (the speaker aside), or None."""
    said = " ".join(phrase.split()).strip(" ,.;:!?")
    where = None
    m = _IN_CHANNEL.match(said)
    if _HERE_GROUP.match(said) or (m and is_channel_pronoun(m["c"])):
        ref = b.channel or b.ctx.conversation.current_channel_id
        where = b.ctx.channel(ref) if isinstance(ref, UUID) else None
        if where is None:
            raise ask("Which channel's members do you mean?", [c.name for c in b.ctx.channels[:5]], said=said, reason="group")
    elif m:
        ref = channel(m["c"], b) if names_channel(m["c"], b) else None
        where = b.ctx.channel(ref) if isinstance(ref, UUID) else None
        if where is None:
            raise fail("unknown_channel", f"There is no channel called '{m['c']}'", name=m["c"])
    t = _TEAM.match(said) if where is None else None
    if t:
        team = t["c"] or t["e"]
        ref = channel(team, b) if names_channel(team, b) else None
        if isinstance(ref, UUID) and (found := b.ctx.channel(ref)) is not None:
            where = found
        else:
            word = CATEGORY_WORDS.get(team.lower(), team.lower())
            people = [p.id for p in b.ctx.people if p.id != b.ctx.speaker.id and p.department
                      and CATEGORY_WORDS.get(p.department.lower(), p.department.lower()) == word]
            if not people:
                return None
            return people
    if where is None:
        return None
    members = where.members
    if members is None:
        raise ask(f"Who exactly in {where.name}? Please name the people.", [], said=said, reason="group")
    people = [p for p in members if p != b.ctx.speaker.id]
    if not people:
        raise fail("empty_group", f"No one but you is in {where.name}", channel=where.name)
    return people


def _names_said_without_commas(names: list[str], b: PlanBuilder) -> list[str]:
    """ "david tom and lisa" (speech, no commas): a part that names no one but whose every word is exactly
    someone's name is those people."""
    out: list[str] = []
    for name in names:
        words = name.split()
        if len(words) > 1 and lookup(name, b.ctx.people, b.ctx.speaker).match is None:
            found = [lookup(w, b.ctx.people, b.ctx.speaker) for w in words]
            if all(f.match is not None and not f.rivals and f.match.how in {"exact", "nickname"} for f in found):
                out.extend(words)
                continue
        out.append(name)
    return out


def person_or_none(phrase: str, b: PlanBuilder) -> UUID | None:
    """A single confident person for phrases like "for Tom" that may also be part of a title."""
    name = phrase.strip()
    if not name or len(name.split()) > 3:
        return None
    found = lookup(name, b.ctx.people, b.ctx.speaker)
    if (
        found.match is None
        or found.match.score < 85
        or (found.match.how == "phonetic" and name[:1].islower())
    ):
        return None
    return found.match.person.id


def looks_like_people(phrase: str, b: PlanBuilder) -> bool:
    """True when every part of the phrase names a person (so it is not a file or a title)."""
    names = split_names(phrase)
    return bool(names) and all(
        is_everyone(n) or lookup(n, b.ctx.people, b.ctx.speaker).match is not None for n in names
    )
