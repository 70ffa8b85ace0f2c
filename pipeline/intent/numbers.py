"""Small counts said as words or digits, in English and Spanish ("three", "a couple of", "dos")."""

from __future__ import annotations

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    # Spanish
    "uno": 1,
    "una": 1,
    "un": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "quince": 15,
    "veinte": 20,
}

_PHRASES = {
    "a": 1,
    "an": 1,
    "a single": 1,
    "single": 1,
    "another": 1,
    "one more": 1,
    "a new": 1,
    "new": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "both": 2,
    "a pair of": 2,
    "a few": 3,
    "a dozen": 12,
}

# Regex alternation for "a count said at this point"; longest first so "a couple of" wins over "a".
NUMBER_WORDS = "|".join(
    sorted(
        (*_PHRASES, *(k for k in _UNITS if k not in {"un", "una", "once"}), r"\d{1,2}"), key=len, reverse=True
    )
)

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}

ORDINAL_WORDS = "|".join(
    sorted(
        [*_ORDINALS, *(f"twenty[- ]{o}" for o in list(_ORDINALS)[:9]), "thirty[- ]first"],
        key=len,
        reverse=True,
    )
)


def to_int(text: str) -> int | None:
    """ "three" -> 3, "twenty-one" -> 21, "12" -> 12, "a couple of" -> 2; None if not a count."""
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    if t.isdigit():
        return int(t) if len(t) <= 6 else None
    if t in _PHRASES:
        return _PHRASES[t]
    total = 0
    for word in t.split():
        if word not in _UNITS:
            return None
        total += _UNITS[word]
    return total


def ordinal_to_int(text: str) -> int | None:
    """ "fifteenth" -> 15, "twenty-first" -> 21, "15th" -> 15."""
    t = " ".join(text.lower().replace("-", " ").split())
    digits = t.rstrip("stndrh")
    if digits.isdigit():
        return int(digits)
    words = t.split()
    if len(words) == 1:
        return _ORDINALS.get(words[0])
    if len(words) == 2 and words[0] in _UNITS and words[1] in _ORDINALS:
        return _UNITS[words[0]] + _ORDINALS[words[1]]
    return None
