"""Estimates said inside a clause: "should take about two days", "calculo unas 6 horas".

`split_estimate` finds one estimate phrase (English or Spanish), says how many hours of work it
means and returns the clause without it. Hours of work, not calendar time: a day is 8 hours
(`HOURS_PER_DAY`), a week 40 (`HOURS_PER_WEEK`); a range ("2-3 hours", "dos o tres días") is
taken at its upper bound. A bare duration is never an estimate by itself: it needs a cue — a
verb ("should take", "le llevará", "calculo"), the word estimate/estimación, a job ("a 4 hour
job"), work ("5 hours of work", "dos días de trabajo"), or a hedge at the start of the clause or
after a comma ("about 5 hours", "unas 4 horas"). So "in two hours", "due in 3 days", "for two
weeks", "en dos días" and titles such as "plan the 3 day offsite" are left alone. Pure: no
context, no I/O, never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from executor.plan import MAX_ESTIMATE_HOURS
from pipeline.intent.numbers import to_int

HOURS_PER_DAY = 8
HOURS_PER_WEEK = 40

# --- the quantity: a count and a unit ------------------------------------------------------------

_WORD_COUNTS = {
    # Words numbers.to_int does not know, said with minutes or hours.
    "sixty": 60,
    "ninety": 90,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "noventa": 90,
    "un par de": 2,
    "par de": 2,
}
_EN = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety"
)
_ES = (
    "uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|treinta|"
    "cuarenta|cincuenta|sesenta|noventa"
)
_COUNT = (
    r"(?:\d{1,5}(?:[.,]\d{1,2})?|(?:twenty|thirty|forty|fifty)[- ](?:one|two|three|four|five|six|"
    r"seven|eight|nine)|a\s+couple\s+of|a\s+couple|couple\s+of|un\s+par\s+de|an|a|" + _EN + "|" + _ES + ")"
)
_HOUR = r"(?:(?:man|person)[- ])?(?:hours?|hrs?|horas?)"
_MINUTE = r"(?:minutes?|mins?|minutos?)"
_DAY = (
    r"(?:(?:man|person)[- ])?(?:(?:working|work|business)[- ]days?|workdays?|days?|"
    r"d[ií]as?(?:\s+(?:laborables|h[aá]biles))?|jornadas?)"
)
_WEEK = r"(?:(?:working|work)[- ]weeks?|weeks?|semanas?)"
_UNIT = f"(?:{_HOUR}|{_MINUTE}|{_DAY}|{_WEEK})"
_HALF = r"(?:and\s+a\s+half|y\s+medi[oa])"

# One alternative per shape; `_hours` reads whichever matched. Longest shapes first.
_QTY = (
    "(?:"
    rf"entre\s+{_COUNT}\s+y\s+{_COUNT}[\s-]*{_UNIT}"  # entre 2 y 3 horas
    rf"|{_COUNT}\s*(?:-|–|to|or|a|o)\s*{_COUNT}[\s-]*{_UNIT}"  # 2-3 hours, two or three days, de 2 a 3
    rf"|{_COUNT}[\s-]*{_UNIT}\s+or\s+(?:two|three)"  # a day or two
    rf"|(?:a\s+)?half(?:\s+an?\s+|[\s-]+){_UNIT}"  # half a day, half-day, a half hour
    rf"|medi[oa]\s+{_UNIT}"  # medio día, media hora
    rf"|{_COUNT}[\s-]+and\s+a\s+half[\s-]+{_UNIT}"  # two and a half hours
    rf"|{_COUNT}[\s-]*{_UNIT}(?:\s+{_HALF}|(?:\s+and|\s+y)?\s+{_COUNT}\s+{_MINUTE})?"  # an hour and a half
    r"|\d{1,5}(?:[.,]\d{1,2})?\s?h"  # 2h, 2.5 h
    ")"
)

QUANTITY = _QTY  # "16 hours", "a day and a half": for readers that find an amount in their own phrasing

_READ = re.compile(
    rf"^(?:entre\s+)?(?P<a>{_COUNT})(?:\s*(?:-|–|to|or|a|o|y)\s*(?P<b>{_COUNT}))?"
    rf"(?P<half1>[\s-]+and\s+a\s+half)?[\s-]*(?P<unit>{_UNIT}|h)"
    rf"(?:\s+(?P<half2>{_HALF})|(?:\s+and|\s+y)?\s+(?P<mins>{_COUNT})\s+{_MINUTE}|\s+or\s+(?P<c>two|three))?$",
    re.IGNORECASE,
)
_READ_HALF = re.compile(
    rf"^(?:a\s+)?(?:half(?:\s+an?\s+|[\s-]+)|medi[oa]\s+)(?P<unit>{_UNIT})$", re.IGNORECASE
)


def _count(word: str) -> float | None:
    w = " ".join(word.lower().replace("-", " ").split())
    if re.fullmatch(r"\d+(?:[.,]\d+)?", w):
        return float(w.replace(",", "."))
    if w in _WORD_COUNTS:
        return float(_WORD_COUNTS[w])
    n = to_int(w)
    return float(n) if n is not None else None


def _unit_hours(unit: str) -> float:
    u = unit.lower()
    if re.search(r"min", u):
        return 1 / 60
    if re.search(r"week|semana", u):
        return float(HOURS_PER_WEEK)
    if re.search(r"day|d[ií]a|jornada", u):
        return float(HOURS_PER_DAY)
    return 1.0


def _hours(qty: str) -> float | None:
    """The hours of work a quantity means ("90 minutes" → 1.5, "two days" → 16); None if unreadable."""
    q = " ".join(qty.split())
    half = _READ_HALF.match(q)
    if half:
        return _unit_hours(half["unit"]) / 2
    m = _READ.match(q)
    if m is None:
        return None
    counts = [_count(g) for g in (m["a"], m["b"], m["c"]) if g]
    if not counts or any(c is None for c in counts):
        return None
    amount = max(c for c in counts if c is not None)  # a range is taken at its upper bound
    if m["half1"] or m["half2"]:
        amount += 0.5
    hours = amount * _unit_hours(m["unit"])
    if m["mins"]:
        mins = _count(m["mins"])
        if mins is None:
            return None
        hours += mins / 60
    return hours


# --- the cues around a quantity -------------------------------------------------------------------

_APPROX = (
    r"(?:about|around|roughly|approximately|approx\.?|~|maybe|probably|likely|some|more\s+like|closer\s+to|like|just|only|"
    r"at\s+most|at\s+least|up\s+to|no\s+more\s+than|less\s+than|under|a\s+good|a\s+solid|"
    r"unas|unos|como|aproximadamente|aprox\.?|m[aá]s\s+o\s+menos|alrededor\s+de|cerca\s+de|casi|"
    r"apenas|s[oó]lo|al\s+menos|como\s+mucho|como\s+m[aá]ximo|un\s+m[aá]ximo\s+de|menos\s+de)"
)
_WORK = (
    r"(?:(?:'s|’s|'|’)?\s+(?:worth\s+of\s+)?(?:work|effort)"
    r"|\s+of\s+(?:(?:dev|development|engineering|actual|real)\s+)?(?:work|effort)"
    r"|\s+de\s+(?:trabajo|esfuerzo|curro|desarrollo)"
    r"|\s+\((?:of\s+)?(?:work|effort)\)|\s+\(de\s+trabajo\))"
)
_AFTER = (
    r"(?:\s+(?:or\s+so|tops|max(?:imum)?|at\s+most|in\s+total|total|more\s+or\s+less|"
    r"como\s+mucho|como\s+m[aá]ximo|en\s+total|m[aá]s\s+o\s+menos|aproximadamente))?"
)
# Durations that are dates, leave or lead time, not work: "two days from now", "a week off".
_NOT_WORK = (
    r"(?![\w-]|\s+(?:from\s+now|ago|later|earlier|before|after|early|late|out|away|off|back|"
    r"of\s+(?:leave|holidays?|vacation|pto|notice|rest)|notice|in\s+advance|beforehand|"
    r"de\s+antelaci[oó]n|antes|despu[eé]s|m[aá]s\s+tarde|desde|de\s+vacaciones|libres?|de\s+permiso|"
    r"atr[aá]s|de\s+retraso|de\s+plazo|de\s+margen)\b)"
)
# What may follow a hedged or job-shaped estimate: the clause goes on with a preposition or ends.
_THEN = (
    r"(?=\s*(?:$|[,.;:!?)\]—–]|-\s|(?:for|to|by|and|but|so|on|in|at|with|due|that|which|there|here|called|named|"
    r"y|pero|para|con|en|que|antes)\b))"
)
_START = r"(?<![\w'’])"
_PRONOUN = re.compile(r"^(?:it|this|that|lo|la|esto|eso|esta|este)$", re.IGNORECASE)
# "estimate the vendor review at 2 days": the task said between the cue and the amount (kept).
_OBJ = r"(?P<obj>(?!(?:que|is|of|to|at)\b)[^,;()]{1,60}?)"

_SUBJ = r"(?:it|this|that|which|the\s+task|the\s+job)"
_MODAL = (
    r"(?:will|would|should|could|might|may|can|is\s+going\s+to|'s\s+going\s+to|’s\s+going\s+to|gonna|"
    r"ought\s+to)"
)
_TAKE = (
    rf"(?:(?:and\s+)?(?:(?:{_SUBJ})(?:'ll|’ll|'d|’d)|(?:{_SUBJ}\s+)?{_MODAL})\s+(?:probably\s+|likely\s+|only\s+|"
    rf"just\s+|easily\s+)?take|(?:and\s+)?(?:{_SUBJ}\s+)?(?:probably\s+|usually\s+|only\s+)?takes)"
    r"(?:\s+(?:me|us|him|her|them|you|someone))?"
)
_ESTIMATE = (
    r"(?:(?:(?:i|we)(?:'d|’d|\s+would)?\s+)?estimate(?:\s+(?:it|this|that)\s+at|\s+(?:is|of|at|should\s+be|"
    r"will\s+be|to\s+be)|\s*[:=])?"
    r"|(?:with\s+)?(?:an?\s+|the\s+|its\s+)(?:time\s+|work\s+|effort\s+)?estimate(?:\s+(?:is|of|at|"
    r"should\s+be|will\s+be)|\s*[:=])?"
    r"|(?:set|change|update|make|put|adjust|bump|raise|lower|increase|reduce|add|log|record)\s+(?:the\s+|its\s+|an?\s+|"
    r"this\s+|that\s+)?(?:time\s+|work\s+|effort\s+)?estimate(?:\s+(?:for|on|of)\s+" + _OBJ + r")?"
    r"(?:\s+(?:to|at|as|of)|\s*[:=])?"
    r"|(?:an\s+)?estimated(?:\s+at|\s+to\s+take|\s+to\s+be)?"
    r"|est\.?(?:\s*[:=])?"
    r"|(?:(?:pon|ponle|cambia|c[aá]mbiale|ajusta|actualiza|fija|deja)\s+(?:la\s+|una\s+|su\s+)?"
    r"estimaci[oó]n(?:\s+(?:a|en|de))?"
    r"|(?:con\s+)?(?:una\s+|la\s+|su\s+)?estimaci[oó]n(?:\s+es\s+de|\s+de|\s+en|\s+es|\s*[:=])?"
    r"|estimad[oa]s?\s+en|est[ií]ma(?:lo|la)\s+en"
    r"|(?:yo\s+)?(?:calcul(?:o|a|amos|ad|e|en)|estimo|estimamos)(?:\s+que)?"
    r"(?:\s+(?:(?:me|te|le|nos|les|se)\s+)?(?:son|es|ser[aá]n?|llevar[aá]|tomar[aá]|tardar[aá]|"
    r"costar[aá]|va\s+a\s+llevar|va\s+a\s+ser))?))"
)
_LLEVAR = (
    # (the present "le lleva tres horas" only with its "le": "la tarea lleva dos días bloqueada" is how long it has been)
    r"(?:que\s+)?(?:(?:me|te|le|nos|les)\s+(?:lleva|llevan|toma|toman)\b|(?:(?:me|te|le|nos|les|se)\s+)?(?:llevar[aá]|llevar[ií]a|van?\s+a\s+llevar|tomar[aá]|"
    r"tomar[ií]a|van?\s+a\s+tomar|tardar[aá]|tardar[ií]a|van?\s+a\s+tardar|tardaremos|costar[aá]|costar[ií]a|"
    r"requerir[aá]|necesitar[aá]))"
)
# "it's", "that should be", "son", "que serán": what introduces a hedged amount or a job.
_LEAD = (
    r"(?:(?:and\s+)?(?:(?:it|this|that|which)(?:'s|’s|\s+is|'ll\s+be|’ll\s+be|\s+will\s+be|\s+should\s+be|(?:'s|\s+is)\s+(?:gonna|going\s+to)\s+be|"
    r"\s+would\s+be|\s+might\s+be|\s+could\s+be)|(?:should|will|would|might|could)\s+be"
    r"|(?:y\s+)?(?:que\s+)?(?:es|son|ser[aá]n?|ser[ií]an?|deber[ií]a\s+ser|van?\s+a\s+ser))"
    r"\s+(?:probably\s+|likely\s+|probablemente\s+)?)"
)


@dataclass(frozen=True)
class _Reader:
    name: str
    pattern: re.Pattern[str]
    bounded: bool  # without a lead-in, must start the clause or follow a comma/bracket


def _reader(name: str, regex: str, *, bounded: bool = False) -> _Reader:
    return _Reader(name, re.compile(regex, re.IGNORECASE), bounded)


def _q(group: str = "q") -> str:
    """A quantity, perhaps hedged ("about two days"), captured as `group`."""
    return rf"(?:{_APPROX}\s+){{0,2}}(?P<{group}>{_QTY})"


_Q = _q()
_READERS = (
    # "should take about two days of work", "takes around 2h", "it'll take an hour or so"
    _reader(
        "take",
        rf"{_START}{_TAKE}\s+{_Q}{_WORK}?{_AFTER}{_NOT_WORK}"
        r"(?:\s+to\s+(?:do|finish|complete|get\s+done)(?=\s*(?:$|[,.;:!?)\]])))?",
    ),
    # "estimate 6 hours", "set the estimate to 6 hours", "estimated at 3 days", "estimación de 3 horas"
    _reader("estimate", rf"{_START}{_ESTIMATE}\s*{_Q}{_WORK}?{_AFTER}{_NOT_WORK}"),
    # "estimate the vendor review at 2 days", "estima el informe en dos días"
    _reader(
        "estimate-object",
        rf"{_START}(?:estimate|est[ií]ma|estimar)\s+{_OBJ}\s+(?:at|en)\s+{_Q}"
        rf"{_WORK}?{_AFTER}{_NOT_WORK}",
    ),
    # "give it an estimate of 6 hours"
    _reader(
        "give-estimate",
        rf"{_START}give\s+{_OBJ}\s+an?\s+(?:time\s+)?estimate\s+of\s+{_Q}{_WORK}?{_AFTER}"
        rf"{_NOT_WORK}",
    ),
    # "3 hour estimate", "with a two-day estimate"
    _reader("estimate-noun", rf"{_START}(?:with\s+)?(?:an?\s+)?(?P<q>{_QTY})[\s-]+estimate{_THEN}"),
    # "le llevará medio día", "tardará unas 3 horas"
    _reader("llevar", rf"{_START}{_LLEVAR}\s+{_Q}{_WORK}?{_AFTER}{_NOT_WORK}"),
    # "(roughly a three hour job)", "it's a 4 hour job", "es un trabajo de unas 3 horas"
    _reader(
        "job",
        rf"{_START}{_LEAD}?(?:{_APPROX}\s+){{0,2}}(?:an?\s+(?P<q>{_QTY})[\s-]+(?:job|piece\s+of\s+work|"
        rf"effort|chunk\s+of\s+work)|(?:un\s+trabajo|un\s+curro)\s+de\s+{_q('w')}){_THEN}",
    ),
    # "add a 2 hour task to …" / "una tarea de 3 horas para …": only the amount goes
    _reader(
        "task",
        rf"{_START}(?P<k1>an?\s+)(?P<q>{_QTY})[\s-]+(?P<k2>task){_THEN}"
        rf"|{_START}(?P<k3>una\s+tarea)\s+de\s+{_q('w')}{_THEN}",
    ),
    # "draft the press kit about 5 hours of work": an amount of work said as such, anywhere in the clause
    _reader("work", rf"{_START}(?:{_APPROX}\s+){{0,2}}(?P<q>{_QTY}){_WORK}{_AFTER}{_NOT_WORK}{_THEN}"),
    # "about 5 hours of work", "son como dos días de trabajo", "unas 4 horas", "2-3 hours"
    _reader(
        "hedged",
        rf"{_START}{_LEAD}?(?:(?:{_APPROX}\s+){{1,2}}(?P<q>{_QTY}){_WORK}?"
        rf"|(?:{_APPROX}\s+){{0,2}}(?P<r>{_COUNT}\s*(?:-|–|to|or|o)\s*{_COUNT}[\s-]*{_UNIT}"
        rf"|entre\s+{_COUNT}\s+y\s+{_COUNT}[\s-]*{_UNIT}){_WORK}?"
        rf"|(?:{_APPROX}\s+){{0,2}}(?P<w>{_QTY}){_WORK})"
        rf"{_AFTER}{_NOT_WORK}{_THEN}",
        bounded=True,
    ),
)
_LEAD_RE = re.compile(rf"^{_LEAD}", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|(?<![\w'’])'[^']+'(?![\w])")
_CONJ = r"(?:and|y|but|pero|so|which|que)"


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    hours: float
    kept: str  # words inside the phrase that are not the estimate (the task named), in order


def split_estimate(text: str) -> tuple[str, float | None]:
    """One estimate phrase in `text` → (the text without it, hours of work); else (text, None).

    Days count 8 hours and weeks 40; minutes become fractions of an hour (rounded to 0.01 h);
    "2-3 hours" is 3. A phrase that names the task ("set the estimate for the audit to 6 hours")
    keeps the name: ("the audit", 6.0). A phrase that is the whole clause leaves "". Two different
    estimates, an amount over `MAX_ESTIMATE_HOURS`, or a phrase inside quotes give (text, None).
    """
    found = _find(text)
    if len(found) != 1:
        return text, None
    f = found[0]
    rest = _join(text[: f.start], f.kept, text[f.end :])
    return rest, round(f.hours, 2)


def _find(text: str) -> list[_Found]:
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    candidates: list[_Found] = []
    for reader in _READERS:
        for m in reader.pattern.finditer(text):
            start, end = m.span()
            if any(qs < end and start < qe for qs, qe in quoted):
                continue
            if reader.bounded and not _LEAD_RE.match(m.group(0)) and not _starts_clause(text, start):
                continue
            qty = next((m[g] for g in ("q", "r", "w") if g in m.re.groupindex and m[g]), None)
            hours = _hours(qty) if qty else None
            if hours is None or not 0 < round(hours, 2) <= MAX_ESTIMATE_HOURS:
                continue
            candidates.append(_Found(start, end, hours, _kept(m)))
    # Overlapping readings of one phrase: the longest wins. Separate phrases stay separate.
    candidates.sort(key=lambda f: (f.start - f.end, f.start))
    chosen: list[_Found] = []
    for c in candidates:
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return chosen


def _kept(m: re.Match[str]) -> str:
    parts: list[str] = []
    for group in ("obj", "k1", "k2", "k3"):
        if group in m.re.groupindex and m[group]:
            value = m[group].strip()
            if group == "obj" and _PRONOUN.match(value):
                continue
            parts.append(value)
    return " ".join(parts)


def _starts_clause(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ",;:([—–-"


def _join(left: str, kept: str, right: str) -> str:
    """Stitch the clause back together without the phrase: no dangling commas, "and" or brackets."""
    left, right = left.rstrip(), right.lstrip()
    if kept:
        left = f"{left} {kept}".strip()
    elif not right or right[0] in ",.;:)]!?":
        left = re.sub(rf"(?:[\s,;:–—-]|\b{_CONJ}\b)+$", "", left, flags=re.IGNORECASE)
        if not left:
            right = right.lstrip(",;: ")
    if left[-1:] in ("—", "–", "-") and right[:1] == left[-1]:  # a phrase set off by dashes goes with them
        left, right = left[:-1].rstrip(), right[1:].lstrip()
    elif not left or left[-1] in "([,;:—–-":
        right = re.sub(rf"^(?:[\s,;:]|\b{_CONJ}\b)+", "", right, flags=re.IGNORECASE)
    out = f"{left} {right}".strip()
    out = re.sub(r"\(\s*[,;:]?\s*\)|\[\s*\]", " ", out)
    out = re.sub(r"\(\s*[,;]\s*", "(", out)
    out = re.sub(r"\s*[,;]\s*\)", ")", out)
    out = re.sub(r"\s+", " ", out)
    out = re.sub(r"\s+([,.;:!?)\]])", r"\1", out)
    out = re.sub(r"([(\[])\s+", r"\1", out)
    out = re.sub(r",(?:\s*,)+", ",", out)
    out = re.sub(rf"\b({_CONJ})\s+\1\b", r"\1", out, flags=re.IGNORECASE)
    out = re.sub(r"^[\s,;:–—-]+|[\s,;:–—-]+$", "", out)
    return "" if re.fullmatch(r"[\W_]*", out) else out
