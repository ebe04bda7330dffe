"""Working days on the Chinese statutory calendar (holidays and 调休 make-up workdays).

The calendar comes from the maintained `chinese-calendar` package, which transcribes the State
Council's holiday notice year by year, and from the years a project enters itself in platform.yaml
(`calendar:`, see `use_calendar`) — the next year's notice comes out in November, before a package
release carries it; a year neither covers raises `CalendarGap`, so a deadline is never silently
computed on a guessed calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from .models import YearCalendar

_ENTERED: dict[int, tuple[set[date], set[date]]] = {}  # year -> (days off, 调休 working days)


class CalendarGap(Exception):
    """The calendar has no data for this year (the holiday notice is not in the installed package)."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def use_calendar(years: dict[int, YearCalendar]) -> None:
    """Use the years a project entered (platform.yaml `calendar:`) before the library's, until the
    next call (each build makes one, with its platform's)."""
    _ENTERED.clear()
    _ENTERED.update({year: (entered.days_off(), set(entered.workdays)) for year, entered in years.items()})


def is_workday(day: date) -> bool:
    if day.year in _ENTERED:
        days_off, working = _ENTERED[day.year]
        return day in working or (day.weekday() < 5 and day not in days_off)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarGap(day.year) from None


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the deadline of a 'N个工作日内' rule)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_workday(day)
    return day
