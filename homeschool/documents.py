"""What the journal's printed lists show besides its rows (core.admin.PrintedDocument.context):
the monthly lesson sheet (HS-R7) and the teachers' timesheet (HS-R8), both computed from the
lessons the list shows, as filtered (a month, a pupil)."""

import calendar
from datetime import date

from core.school_year import school_year_label, school_year_of
from homeschool import rules


def year_and_director(institution, day):
    """What a journal print names to stand on its own: the school year of ``day`` (2026/2027) and
    the director, as that year's calendar school schedule (2.12) or order (2.3) names them."""
    from homeschool.models import HomeSchoolingOrder, SchoolCalendar

    year = school_year_of(day)
    calendar = SchoolCalendar.objects.filter(institution=institution, school_year=year).first()
    order = HomeSchoolingOrder.objects.filter(institution=institution, school_year=year).order_by("-issued_on").first()
    director = calendar.director_name if calendar else order.director_name if order else ""
    return {"school_year": school_year_label(year, "/"), "director": director}


def _month_bounds(lessons):
    """The first and last day of the months the lessons span."""
    days = [lesson.given_on for lesson in lessons]
    first, last = min(days), max(days)
    return first.replace(day=1), last.replace(day=calendar.monthrange(last.year, last.month)[1])


def lesson_sheet(queryset):
    """HS-R7 (2.19, 3.3): per pupil, the journal's lessons and the planned lessons against those
    held, week by week, with the gaps named."""
    lessons = list(queryset.select_related("case__contract", "case__schedule").order_by("case", "given_on"))
    pupils = {}
    for lesson in lessons:
        pupils.setdefault(lesson.case, []).append(lesson)
    sheets = []
    for case, own in pupils.items():
        start, end = _month_bounds(own)
        weeks = rules.planned_against_held(case, start, end, own)
        sheets.append(
            {
                "case": case,
                "lessons": own,
                "weeks": weeks,
                "planned": sum(week["planned"] for week in weeks),
                "held": sum(1 for lesson in own if lesson.status == "held"),
                "cancelled": sum(1 for lesson in own if lesson.status == "cancelled"),
                "start": start,
                "end": end,
                **year_and_director(case.institution, start),
            }
        )
    return {"sheets": sheets}


def timesheet(queryset):
    """HS-R8 (3.3): per month, the hours each teacher held, day by day, from the journal."""
    lessons = list(queryset.order_by("given_on"))
    months = {}
    for lesson in lessons:
        months.setdefault(lesson.given_on.replace(day=1), []).append(lesson)
    sheets = []
    for first, own in sorted(months.items()):
        days = [
            date(first.year, first.month, day) for day in range(1, calendar.monthrange(first.year, first.month)[1] + 1)
        ]
        rows = rules.timesheet(own)
        for row in rows:
            row["by_day"] = [row["days"].get(day) for day in days]
        sheets.append({"month": first, "days": days, "rows": rows, **year_and_director(own[0].institution, first)})
    return {"sheets": sheets}


def application(case):
    """HS-R12 (Appendix 1): the application is addressed to the director, as the order names them."""
    assignment = case.teacher_assignments.select_related("order").first()
    contract = getattr(case, "contract", None)
    return {"director": assignment.order.director_name if assignment else contract.director_name if contract else ""}
