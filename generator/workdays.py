"""Working days on the Chinese statutory calendar (holidays and 调休 make-up workdays).

The calendar comes from the maintained `chinese-calendar` package, which transcribes the State
Council's holiday notice year by year; a year it does not cover raises `CalendarGap`, so a
deadline is never silently computed on a guessed calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class CalendarGap(Exception):
    """The calendar has no data for this year (the holiday notice is not in the installed package)."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def is_workday(day: date) -> bool:
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
