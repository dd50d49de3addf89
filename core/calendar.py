"""Working-day calendar (P-A4): due dates in calendar or working days, with the public holidays
of the institution's country (the ``holidays`` library)."""

from datetime import timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(country, year):
    # Pure calendar data, the same in every process: safe to keep per process.
    return holidays.country_holidays(country, years=year)


def is_working_day(day, country):
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def next_working_day(day, country):
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


def add_working_days(start, days, country):
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, country):
            days -= 1
    return day


def due_date(start, days, country, working_days=True):
    return add_working_days(start, days, country) if working_days else start + timedelta(days=days)
