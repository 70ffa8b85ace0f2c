"""Find date and time phrases in a command and resolve them against "now" in its timezone.

A small hand-written grammar (see docs/intent.md for why not dateparser/Duckling): every rule
is a regex plus a function giving a day and/or a time of day. Conventions:
- a bare weekday ("Friday", "by Wednesday") is the next one strictly after today;
- "this Friday" is this week's Friday (today if today is Friday);
- "next Friday" is the Friday of next calendar week (weeks start on Monday);
- "next week" / "next month" mean the end of that period (Friday / last day);
- "the 15th" is this month's 15th, or next month's if that is already past;
- "at 10" without am/pm is read in business hours (7-11 am, 12-6 pm);
- "end of day"/"EOD"/"close of business" is 17:00 and "first thing" 09:00, of the day said
  with them ("EOD Friday", "first thing Monday") or else of today (tomorrow if past);
- "a week from Friday", "two days after next Monday": arithmetic from that day.
The caller chooses the time for a day without one (due dates 17:00, reminders 09:00).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pipeline.intent.numbers import NUMBER_WORDS, ORDINAL_WORDS, ordinal_to_int, to_int

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD_ALIASES = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs?)"
_MONTH_SPELLINGS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTH_NAMES = tuple(names[0] for names in _MONTH_SPELLINGS)
_MONTHS = {m: i for i, names in enumerate(_MONTH_SPELLINGS, start=1) for m in names}
_MON = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_HOURS_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


@dataclass(frozen=True)
class DateSpan:
    """A date/time phrase found in the text; `start`/`end` also cover a leading "due"/"by"/"on"."""

    start: int
    end: int
    phrase: str
    day: date | None
    at: time | None
    exact: datetime | None = None  # "in two hours": a precise instant

    def resolve(self, now: datetime, default_time: time) -> datetime:
        """The absolute, timezone-aware instant this phrase means."""
        if self.exact is not None:
            return self.exact
        tz = now.tzinfo
        if self.day is None:
            at = self.at or default_time
            candidate = datetime.combine(now.date(), at, tzinfo=tz)
            # "at 9 am" said after 9 am means tomorrow
            return candidate if candidate > now else candidate + timedelta(days=1)
        return datetime.combine(self.day, self.at or default_time, tzinfo=tz)


Rule = Callable[[re.Match[str], datetime], tuple[date | None, time | None, datetime | None]]


def _weekday_index(word: str) -> int:
    w = word.lower()
    if w in _WD_ALIASES:
        return _WD_ALIASES[w]
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(w[:3]))


def coming_weekday(today: date, wd: int) -> date:
    """The next `wd` strictly after today (Friday said on a Friday means a week later)."""
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _weekday_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    today = now.date()
    wd = _weekday_index(m["wd"])
    mod = (m["mod"] or "").lower()
    post = (m["post"] or "").lower()
    at = _PART_OF_DAY.get((m.groupdict().get("part") or "").lower())  # "Friday morning"
    if "after next" in post:
        return _week_start(today) + timedelta(days=14 + wd), at, None
    if mod.startswith("next") or mod.endswith("following") or post == "next week":
        return _week_start(today) + timedelta(days=7 + wd), at, None
    if mod == "this" or post == "this week":
        return _week_start(today) + timedelta(days=wd), at, None
    return coming_weekday(today, wd), at, None


_PART_OF_DAY = {"morning": time(9), "afternoon": time(14), "evening": time(18), "night": time(20)}


def _relative_day(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    word = m[0].lower()
    today = now.date()
    if "after" in word or "pasado" in word:
        return today + timedelta(days=2), None, None
    part = m["part"].lower() if m["part"] else ""
    at = {"morning": time(9), "afternoon": time(14), "evening": time(18), "night": time(20)}.get(part)
    if word.startswith("tomorrow"):
        return today + timedelta(days=1), at, None
    if word.startswith("tonight"):
        return today, time(20), None
    return today, at, None


def _period_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    """End of day/week/month/quarter/year, also "next week" and "this week"."""
    today = now.date()
    unit = m["unit"].lower()
    nxt = bool(m["next"])
    if unit in {"day", "business", "eod", "cob"} or unit.startswith("business"):
        # a time of day, so "end of day Friday" / "EOD tomorrow" merge with their day
        return None, time(17), None
    if unit in {"week", "eow"}:
        friday = _week_start(today) + timedelta(days=4 + (7 if nxt else 0))
        if not nxt and friday < today:
            friday += timedelta(days=7)
        return friday, None, None
    if unit in {"month", "eom"}:
        return _end_of_month(_add_months(today.replace(day=1), 1 if nxt else 0)), None, None
    if unit == "quarter":
        q_end_month = ((today.month - 1) // 3 + 1) * 3 + (3 if nxt else 0)
        year = today.year + (q_end_month - 1) // 12
        month = (q_end_month - 1) % 12 + 1
        return _end_of_month(date(year, month, 1)), None, None
    return date(today.year + (1 if nxt else 0), 12, 31), None, None


def _in_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    n = to_int(m["n"]) or 1
    unit = m["unit"].lower().rstrip("s")
    if unit in {"minute", "hour"}:
        delta = timedelta(minutes=n) if unit == "minute" else timedelta(hours=n)
        return None, None, now + delta
    if unit == "day":
        return now.date() + timedelta(days=n), None, None
    if unit == "week":
        return now.date() + timedelta(weeks=n), None, None
    return _add_months(now.date(), n), None, None


def _from_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    """ "a week from Friday", "two days after tomorrow", "3 days from now"."""
    n = to_int(m["n"]) or 1
    unit = m["unit"].lower().rstrip("s")
    base_word = m["base"].lower()
    today = now.date()
    if base_word in {"now", "today"}:
        base = today
    elif base_word == "tomorrow":
        base = today + timedelta(days=1)
    else:
        wd = re.match(rf"^(?:(?P<mod>next|this)\s+)?(?P<wd>{_WD})(?P<post>)$", base_word)
        if wd is None:
            return None, None, None
        base = _weekday_rule(wd, now)[0] or today
    if unit == "day":
        return base + timedelta(days=n), None, None
    if unit == "week":
        return base + timedelta(weeks=n), None, None
    return _add_months(base, n), None, None


def shift(when: datetime, n: int, unit: str) -> datetime:
    """`when` moved by n days/weeks/months (negative n moves earlier); the time of day is kept."""
    u = unit.lower().rstrip("s")
    if u == "day":
        return when + timedelta(days=n)
    if u == "week":
        return when + timedelta(weeks=n)
    moved = _add_months(when.date(), n)
    return datetime.combine(moved, when.timetz())


def _day_of_month(today: date, day: int) -> date | None:
    """The next `day`-th: this month if not past, else the next month that has it."""
    for k in range(3):
        first = _add_months(today.replace(day=1), k)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            candidate = first.replace(day=day)
            if candidate >= today:
                return candidate
    return None


def _ordinal_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    day = ordinal_to_int(m["ord"])
    if day is None or not 1 <= day <= 31:
        return None, None, None
    return _day_of_month(now.date(), day), None, None


def _month_day(month: int, day: int, year: str | None, today: date) -> date | None:
    y = int(year) if year else today.year
    if not 1 <= day <= calendar.monthrange(y, month)[1]:
        return None
    candidate = date(y, month, day)
    if candidate < today and not year:
        candidate = date(y + 1, month, min(day, calendar.monthrange(y + 1, month)[1]))
    return candidate


def _month_day_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    month = _MONTHS[m["mon"].lower().rstrip(".")]
    day = ordinal_to_int(m["d"]) or 0
    return _month_day(month, day, m["y"], now.date()), None, None


def _numeric_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"]), None, None
        return _month_day(int(m["mm"]), int(m["dd"]), None, now.date()), None, None
    except ValueError:
        return None, None, None


def _hour(h: int, ap: str) -> int | None:
    ap = ap.lower().replace(".", "")
    if ap.startswith("p") and h < 12:
        h += 12
    elif ap.startswith("a") and h == 12:
        h = 0
    elif not ap and 1 <= h <= 6:
        h += 12  # "at 3" in business hours
    return h if 0 <= h <= 23 else None


def _time_rule(m: re.Match[str], now: datetime) -> tuple[date | None, time | None, datetime | None]:
    word = (m["word"] or "").lower()
    if word in {"noon", "midday", "mediodía", "mediodia"}:
        return None, time(12), None
    if word == "midnight":
        return None, time(23, 59), None
    raw_h = m["h"] or m["h2"]
    hour = int(raw_h) if raw_h.isdigit() else (to_int(raw_h) or 0)
    minute = int(m["m"] or m["m2"] or 0)
    h = _hour(hour, m["ap"] or m["ap2"] or "")
    if h is None or minute > 59:
        return None, None, None
    if m["half"]:
        minute = 30
    return None, time(h, minute), None


_RULES: tuple[tuple[re.Pattern[str], Rule], ...] = tuple(
    (re.compile(p, re.I), r)
    for p, r in (
        (r"\b(?:the\s+)?day\s+after\s+tomorrow\b", _relative_day),
        (
            r"\b(?:today|tonight|tomorrow)(?:\s+(?:in\s+the\s+)?(?P<part>morning|afternoon|evening|night))?\b",
            _relative_day,
        ),
        (
            r"\b(?:(?P<mod>next|this|this\s+coming|coming|the\s+coming|the\s+following|following)\s+)?"
            rf"(?P<wd>{_WD})\b(?:\s+(?P<post>next\s+week|this\s+week|after\s+next))?"
            r"(?:\s+(?:in\s+the\s+)?(?P<part>morning|afternoon|evening|night)\b)?",
            _weekday_rule,
        ),
        (
            r"\b(?:at\s+)?(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?(?:(?P<next>next)\s+|this\s+|the\s+)?"
            r"(?P<unit>day|business\s+day|business|week|month|quarter|year)\b",
            _period_rule,
        ),
        (r"\bclose\s+of\s+(?P<unit>business)(?P<next>)\b", _period_rule),
        (r"\b(?P<unit>eod|eow|eom|cob)(?P<next>)\b", _period_rule),
        (r"\b(?:(?P<next>next)|this)\s+(?P<unit>week|month|quarter|year)\b", _period_rule),
        (
            rf"\b(?:in|within)\s+(?P<n>{NUMBER_WORDS})\s+(?P<unit>minutes?|hours?|days?|weeks?|months?)\b",
            _in_rule,
        ),
        (
            rf"\b(?P<n>{NUMBER_WORDS})\s+(?P<unit>days?|weeks?|months?)\s+(?:from|after)\s+"
            rf"(?P<base>now|today|tomorrow|(?:(?:next|this)\s+)?{_WD})\b",
            _from_rule,
        ),
        (r"\bfirst\s+thing(?:\s+in\s+the\s+morning)?\b", lambda m, now: (None, time(9), None)),
        (
            rf"\b(?P<mon>{_MON})\s+(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL_WORDS})\b(?:,?\s+(?P<y>\d{{4}})\b)?",
            _month_day_rule,
        ),
        (
            rf"\b(?:the\s+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL_WORDS})\s+(?:of\s+)?(?P<mon>{_MON})"
            r"(?:,?\s+(?P<y>\d{4})\b)?(?!\w)",
            _month_day_rule,
        ),
        (r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b|\b(?P<mm>\d{1,2})/(?P<dd>\d{1,2})\b", _numeric_rule),
        (r"\b(?:the\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th))\b", _ordinal_rule),
        (
            rf"\bthe\s+(?P<ord>{ORDINAL_WORDS})\b(?=\s*(?:$|[,.;:!?]|of\b|at\b|and\b|by\b|for\b|to\b))",
            _ordinal_rule,
        ),
        (
            r"\b(?:at\s+)?(?P<word>noon|midday|midnight|mediod[ií]a)\b"
            r"|\b(?:at\s+)?(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>[ap]\.?m\.?)(?!\w)"
            rf"|\bat\s+(?P<h2>\d{{1,2}}|{_HOURS_WORDS})(?::(?P<m2>\d{{2}}))?(?P<half>\s+thirty)?"
            r"(?:\s*o'?clock)?(?:\s*(?P<ap2>[ap]\.?m\.?)(?!\w))?(?!\s*(?:%|percent|people|tasks?|channels?|days?|weeks?|hours?|hrs?|h\b|man-?hours?))\b",
            _time_rule,
        ),
    )
)


_CONNECTOR = re.compile(
    r"(?:\b(?:and\s+)?(?:due|do|by|on|before|until|till|til|for|from|no\s+later\s+than|starting|deadline|"
    r"scheduled\s+for|set\s+for)\s+)+$",
    re.I,
)
_JOIN = re.compile(r"^\s*,?\s*(?:(?:in\s+the\s+)?(?:morning|afternoon|evening)\s*)?(?:at|on|by)?\s*$", re.I)


_WEEKDAY_ONLY = re.compile(r"^(?:on\s+)?(?P<d>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.I)
_WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _weekday_and_date(
    said: str,
    weekday: tuple[int, int, date | None, time | None, datetime | None],
    other: tuple[int, int, date | None, time | None, datetime | None],
) -> tuple[int, int, date | None, time | None, datetime | None] | None:
    """`other` when `said` is only the weekday `other`'s calendar date falls on."""
    m = _WEEKDAY_ONLY.match(said.strip())
    day = other[2]
    if m is None or day is None or weekday[2] is None or other[4] is not None:
        return None
    if day.weekday() != _WEEKDAY_INDEX[m["d"].lower()]:
        return None  # "Friday December 3": two different days, the speaker is asked
    return other


def find_dates(text: str, now: datetime) -> list[DateSpan]:
    """All date/time phrases in `text`, left to right, a day and its time merged into one span."""
    found: list[tuple[int, int, date | None, time | None, datetime | None]] = []
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            day, at, exact = rule(m, now)
            if day is None and at is None and exact is None:
                continue
            found.append((m.start(), m.end(), day, at, exact))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, date | None, time | None, datetime | None]] = []
    for f in found:
        if chosen and f[0] < chosen[-1][1]:
            continue
        chosen.append(f)
    merged: list[tuple[int, int, date | None, time | None, datetime | None]] = []
    for f in chosen:
        if merged and _JOIN.match(text[merged[-1][1] : f[0]]):
            prev = merged[-1]
            if prev[2] is not None and f[2] is None and f[3] is not None:  # "Friday (morning) at 9:30"
                merged[-1] = (prev[0], f[1], prev[2], f[3], None)
                continue
            if prev[2] is None and prev[3] is not None and f[2] is not None and f[3] is None:
                merged[-1] = (prev[0], f[1], f[2], prev[3], None)
                continue
        if merged and re.fullmatch(r"[\s,]*(?:the\s+)?", text[merged[-1][1] : f[0]]):
            # "Thursday December 3", "December 3rd, Thursday": one day said twice, when the calendar agrees
            prev = merged[-1]
            dated = _weekday_and_date(text[prev[0] : prev[1]], prev, f) or _weekday_and_date(text[f[0] : f[1]], f, prev)
            if dated is not None:
                merged[-1] = (prev[0], f[1], dated[2], dated[3] or prev[3] or f[3], None)
                continue
        merged.append(f)
    spans: list[DateSpan] = []
    for start, end, day, at, exact in merged:
        phrase = text[start:end].strip()
        lead = _CONNECTOR.search(text[:start])
        spans.append(DateSpan(lead.start() if lead else start, end, phrase, day, at, exact))
    return spans


def remove_spans(text: str, spans: list[DateSpan]) -> str:
    """`text` without the given date phrases (and their "due"/"by"), whitespace tidied."""
    out = text
    for s in sorted(spans, key=lambda s: s.start, reverse=True):
        out = out[: s.start] + " " + out[s.end :]
    return " ".join(out.split())
