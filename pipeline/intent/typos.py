"""Typed slips in the words a command is built from: "creat task", "asign it to Tom", "evrything in Q4".

A word is corrected only when it is one slip away from exactly one of the command words below
(a letter dropped, two letters swapped, a letter doubled, or - in longer words - one vowel for
another), is not a common English or Spanish word itself (`_REAL_WORDS`: "crate", "block", "fiance"
stay as said), and is not a word of a name the organisation uses (a person, channel, category,
task or file), so a title or a name is never "corrected". Capitalised words inside a sentence are
names and are left alone. Each correction costs a little confidence, like a recognition slip.

`_REAL_WORDS` was made once with the wordfreq word lists (Zipf frequency 2.3 or more in English or
Spanish), minus a few words that are only frequent because they are common misspellings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.intent.context import CommandContext

KEYWORDS = tuple(
    """create assign assigned unassign reassign remove archive archived unarchive private public restricted channel
    channels subtask subtasks task tasks dependency dependencies depends depend blocked blocks blocking everything
    everyone priority reminder remind estimate estimated schedule message mention manager member members deadline
    tomorrow today monday tuesday wednesday thursday friday saturday sunday urgent complete completed cancel cancelled
    progress review description category rename share delete pause resume please receive separate marketing
    engineering finance operations leadership general update change move push postpone hours minutes week weeks next
    called named assignee unassigned overdue instead actually""".split()
)

_REAL_WORDS = frozenset(
    """archie archiv archiva archive archivo argent asks blacked blacking blacks block blocs calle canceled celled
    chang changa changi chango channel cincel compete competed completa complete completo crate crete culled depend
    dependencias ember embers estimate fiance frida genera hare hors horus hour hous lease locked locking locks manage
    manger massage member minutas minute minutos monda name operation ours pase pease pleas pubic publi puse remand
    resuma resumo separata shae shar subtask sunda task tass toda week""".split()
)
_VOWELS = "aeiou"


def _slips(word: str) -> set[str]:
    n = len(word)
    out: set[str] = set()
    if n >= 5:
        out |= {word[:i] + word[i + 1 :] for i in range(n)}
    if n >= 4:
        out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(n - 1) if word[i] != word[i + 1]}
        out |= {word[:i] + word[i] + word[i:] for i in range(n)}
    if n >= 6:
        out |= {word[:i] + v + word[i + 1 :] for i, ch in enumerate(word) if ch in _VOWELS for v in _VOWELS if v != ch}
    out.discard(word)
    return out


def _table() -> dict[str, str]:
    owners: dict[str, set[str]] = {}
    for word in KEYWORDS:
        for slip in _slips(word):
            owners.setdefault(slip, set()).add(word)
    keywords = set(KEYWORDS)
    return {
        slip: next(iter(words))
        for slip, words in owners.items()
        if len(words) == 1 and slip not in keywords and slip not in _REAL_WORDS
    }


_TABLE = _table()
_WORD = re.compile(r"(?<![\w'@#/-])[A-Za-z]+(?![\w'@/-])")


@lru_cache(maxsize=64)
def _known(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for name in names for w in re.findall(r"[a-z]+", name.lower()))


def known_words(ctx: CommandContext) -> frozenset[str]:
    """The words of every name the organisation uses: never corrected."""
    names = (
        *(p.full_name for p in ctx.people),
        *(n for p in ctx.people for n in p.nicknames),
        *(c.name for c in ctx.channels),
        *(c.name for c in ctx.categories),
        *(t.title for t in ctx.tasks),
        *(r.name for r in ctx.resources),
    )
    return _known(tuple(names))


def fix(text: str, known: frozenset[str]) -> tuple[str, int]:
    """`text` with command-word slips corrected, and how many were."""
    fixes = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal fixes
        word = m[0]
        lower = word.lower()
        right = _TABLE.get(lower)
        if right is None or lower in known:
            return word
        sentence_start = re.search(r"(?:^|[.!?;:]\s*)$", text[: m.start()]) is not None
        if word[0].isupper() and not sentence_start:
            return word  # "Crete Launch": a name, said with its capital
        fixes += 1
        return right.capitalize() if word[0].isupper() else right

    return _WORD.sub(repl, text), fixes
