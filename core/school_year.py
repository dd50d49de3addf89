"""The school year, 1 September to 31 August, as every domain counts it: a home-schooling contract
ends by 31 August (HS-R2), Ghent recognises initiatives and counts its figures per school year
(SS-R4). A school year is named by the calendar year it starts in."""

import re
from datetime import date

LABEL = re.compile(r"(\d{4})-(\d{4})")


def school_year_of(day):
    """The start year of the school year ``day`` lies in (today's: ``institution.today()``)."""
    return day.year if day.month >= 9 else day.year - 1


def first_day_of_school_year(start_year):
    return date(start_year, 9, 1)


def last_day_of_school_year(start_year):
    return date(start_year + 1, 8, 31)


def school_year_label(start_year, separator="-"):
    """``2026-2027``; Russian documents write ``2026/2027``."""
    return f"{start_year}{separator}{start_year + 1}"


def parse_school_year(label):
    """The start year of a label such as ``2026-2027``; None unless it names two consecutive years."""
    match = LABEL.fullmatch(label or "")
    if match and int(match[2]) == int(match[1]) + 1:
        return int(match[1])
    return None
