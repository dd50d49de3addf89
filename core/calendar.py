"""Working-day calendar (P-A4): the public holidays of the institution's country (the ``holidays``
library), for due dates that may not fall on a day off."""

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
