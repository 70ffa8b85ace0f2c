"""Expected dates computed independently of the parser, by the conventions in docs/intent.md."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def today() -> date:
    return datetime.now(UTC).date()


def coming(weekday: str, base: date | None = None) -> date:
    """A bare weekday: the next one strictly after today."""
    base = base or today()
    ahead = (WEEKDAYS.index(weekday) - base.weekday()) % 7
    return base + timedelta(days=ahead or 7)


def next_week(weekday: str, base: date | None = None) -> date:
    """'next Friday': that weekday in the next calendar week (weeks start on Monday)."""
    base = base or today()
    monday = base - timedelta(days=base.weekday()) + timedelta(days=7)
    return monday + timedelta(days=WEEKDAYS.index(weekday))


def day_of_month(day: int, base: date | None = None) -> date:
    """'the 15th': this month's, or next month's if already past."""
    base = base or today()
    if day >= base.day:
        return base.replace(day=day)
    month = base.month % 12 + 1
    return date(base.year + (base.month == 12), month, day)


def due(d: date, hour: int = 17) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)
