"""What people type as a date in each admin and form language (FORMAT_MODULE_PATH).

Django's own locale formats would otherwise win over the DATE_INPUT_FORMATS setting: Dutch
accepts 20-01-2009 but not 20.01.2009, English reads 04/05/2026 as the 5th of April. Every
language here reads the same unambiguous day-first and ISO spellings with four-digit years
(a two-digit year of birth is a guess); only the first format, in which a form shows a date
and the admin's date picker writes one, follows the language.
"""

DAY_FIRST = ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"]
ISO = ["%Y-%m-%d"]
TIMES = ["%H:%M", "%H:%M:%S"]


def input_formats(first):
    """DATE_INPUT_FORMATS and DATETIME_INPUT_FORMATS of a language whose dates are written as ``first``."""
    dates = [first, *(spelling for spelling in DAY_FIRST + ISO if spelling != first)]
    return dates, [f"{date} {time}" for date in dates for time in TIMES]
