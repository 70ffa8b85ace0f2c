"""Who a spoken name means: full, first or last name, nickname, fuzzy spelling or sound-alike ("Sera")."""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish
from rapidfuzz import fuzz

from pipeline.intent.context import Person

_NICKNAMES: tuple[frozenset[str], ...] = tuple(
    frozenset(g)
    for g in (
        {"michael", "mike", "mikey", "mick", "miguel"},
        {"thomas", "tom", "tommy", "tomás", "tomas"},
        {"david", "dave", "davey", "davy"},
        {"alexander", "alexandra", "alex", "alejandro", "alejandra"},
        {"sarah", "sara", "sally"},
        {"elizabeth", "liz", "lizzie", "beth", "eliza"},
        {"christopher", "chris", "christina", "christine"},
        {"robert", "rob", "bob", "bobby", "roberto"},
        {"william", "will", "bill", "billy", "guillermo"},
        {"james", "jim", "jimmy", "jaime"},
        {"daniel", "dan", "danny"},
        {"jonathan", "jon", "john", "johnny", "juan"},
        {"katherine", "kate", "katie", "kathy", "catherine", "cat"},
        {"elena", "helena", "lena"},
        {"priya", "pri"},
        {"lisa", "lise"},
        {"jennifer", "jen", "jenny"},
        {"matthew", "matt"},
        {"nicholas", "nick"},
        {"anthony", "tony"},
        {"richard", "rich", "rick", "dick"},
        {"patricia", "pat", "patty"},
        {"samuel", "samantha", "sam"},
        {"benjamin", "ben"},
        {"joseph", "joe", "joey", "josé", "jose"},
    )
)

# Words that sound like names but never mean a person in a command.
_NOT_NAMES = frozenset(
    {
        "team",
        "the team",
        "them",
        "him",
        "her",
        "it",
        "us",
        "all",
        "time",
        "someone",
        "somebody",
        "anyone",
        "there",
        "here",
        "this",
        "that",
        "channel",
        "task",
        "to",
        "too",
        "two",
        "a",
        "an",
        "the",
        "and",
        "or",
    }
)
_SELF = frozenset({"me", "myself", "i", "mí", "mi"})
_EVERYONE = frozenset(
    {"everyone", "everybody", "the whole team", "all of them", "todos", "everyone else"}
)

_CLEAN = re.compile(r"^(?:the\s+|a\s+|to\s+|two\s+|only\s+|also\s+|both\s+)|'s$|[.,;:!?\"]", re.I)


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float  # 0-100
    how: str  # exact | nickname | fuzzy | phonetic


@dataclass(frozen=True)
class PeopleLookup:
    """Result for one name: the match, or the close candidates when it is a toss-up."""

    name: str
    match: PersonMatch | None
    rivals: tuple[PersonMatch, ...] = ()


def _nick_group(word: str) -> frozenset[str]:
    for g in _NICKNAMES:
        if word in g:
            return g
    return frozenset({word})


def _phonetic_equal(a: str, b: str) -> bool:
    if not a or not b or a[0] != b[0]:
        return False
    return jellyfish.metaphone(a) == jellyfish.metaphone(b) or jellyfish.nysiis(a) == jellyfish.nysiis(b)


def _score(name: str, p: Person) -> PersonMatch | None:
    full = p.full_name.lower()
    parts = full.split()
    first, last = parts[0], parts[-1]
    nicks = {n.lower() for n in p.nicknames}
    if name in {full, first, last} or name in nicks:
        return PersonMatch(p, 100.0, "exact")
    words = name.split()
    head = words[0]
    if len(words) > 1 and words[-1] != last and fuzz.ratio(words[-1], last) < 80:
        # "Sarah Smith" is not Sarah Chen
        return None
    if head in _nick_group(first) or any(head in _nick_group(n) for n in nicks):
        return PersonMatch(p, 96.0, "nickname")
    best = max(fuzz.ratio(name, full), fuzz.ratio(head, first), fuzz.ratio(name, last))
    if best >= 80:
        return PersonMatch(p, float(best) - 4, "fuzzy")
    if len(head) >= 3 and (_phonetic_equal(head, first) or _phonetic_equal(name, last)):
        return PersonMatch(p, 86.0, "phonetic")
    return None


def clean_name(raw: str) -> str:
    name = " ".join(raw.split()).strip(" ,.;:!?\"'")
    prev = None
    while prev != name:
        prev = name
        name = _CLEAN.sub("", name).strip()
    return name


def lookup(raw: str, people: list[Person], speaker: Person) -> PeopleLookup:
    """Best person for a spoken name; rivals are returned when two people score within 5 points."""
    name = clean_name(raw).lower()
    if not name or name in _NOT_NAMES or len(name) > 60 or len(name.split()) > 3:
        return PeopleLookup(raw, None)
    if name in _SELF:
        return PeopleLookup(raw, PersonMatch(speaker, 100.0, "exact"))
    matches = [m for p in people if (m := _score(name, p)) is not None]
    matches.sort(key=lambda m: m.score, reverse=True)
    if not matches:
        return PeopleLookup(raw, None)
    best = matches[0]
    rivals = tuple(m for m in matches[1:] if m.score >= best.score - 5 and m.person.id != best.person.id)
    if rivals and not (best.score == 100.0 and rivals[0].score < 100.0):
        return PeopleLookup(raw, None, (best, *rivals))
    return PeopleLookup(raw, best)


def is_everyone(raw: str) -> bool:
    return clean_name(raw).lower() in _EVERYONE or role_group(raw) is not None


_ROLE_GROUP = re.compile(
    r"^(?:all\s+(?:of\s+)?(?:the\s+|our\s+)?|every\s+|our\s+|(?:todos\s+|a\s+todos\s+)?(?:los\s+|las\s+)?)?"
    r"(?P<r>managers|manager|gerentes|jefes|staff(?:\s+members?)?|staff\s+member)$",
    re.I,
)


def role_group(raw: str) -> str | None:
    """ "all the managers", "los gerentes": everyone with that role (the speaker aside)."""
    m = _ROLE_GROUP.match(" ".join(raw.split()).strip(" ,.;:!?\"'"))
    if m is None or (m["r"].lower() in {"manager", "staff member"} and not raw.strip().lower().startswith("every")):
        return None
    return "staff" if m["r"].lower().startswith("staff") else "manager"


def group_members(raw: str, people: list[Person], speaker: Person) -> list[Person]:
    """Who a group word means: everyone, or everyone with the role it names; never the speaker."""
    role = role_group(raw)
    return [p for p in people if p.id != speaker.id and (role is None or p.role == role)]


def split_names(text: str) -> list[str]:
    """ "Sarah, Mike and Tom" -> ["Sarah", "Mike", "Tom"]."""
    parts = re.split(
        r"\s*(?:,|;|&|\+|\band\b|\by\b|\be\b|\bplus\b|\bas well as\b|\balong with\b|\bor\b)\s*",
        text,
        flags=re.I,
    )
    return [p for p in (clean_name(x) for x in parts) if p]
