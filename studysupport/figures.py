"""The vision text's key figures (Gentse situatie), computed live from the records per school year."""

from django.db.models import Count
from django.utils.translation import gettext as _

from core.models import Institution, local_date
from core.school_year import first_day_of_school_year, last_day_of_school_year, parse_school_year, school_year_of
from studysupport.models import Initiative, Pupil, Volunteer, WaitingListEntry


def school_year_bounds(school_year, institution_code):
    """The first and last day of ``2026-2027``; of the institution's current school year when empty
    or not a school year."""
    start = parse_school_year(school_year) or school_year_of(
        local_date(Institution.objects.filter(code=institution_code).first())
    )
    return first_day_of_school_year(start), last_day_of_school_year(start)


def percentage(part, whole):
    return f"{round(100 * part / whole)}%" if whole else "0%"


def key_figures(institution_code, school_year=""):
    start, end = school_year_bounds(school_year, institution_code)
    pupils = Pupil.objects.filter(institution__code=institution_code, registered_on__range=(start, end))
    levels = dict(pupils.values_list("school_level").annotate(count=Count("pk")))
    total = pupils.count()
    return [
        {"value": str(total), "label": _("pupils"), "note": ""},
        {
            "value": str(Initiative.objects.filter(institution__code=institution_code).count()),
            "label": _("initiatives"),
            "note": "",
        },
        {"value": percentage(levels.get(Pupil.SchoolLevel.SECONDARY, 0), total), "label": "SO", "note": ""},
        {"value": percentage(levels.get(Pupil.SchoolLevel.PRIMARY, 0), total), "label": "BaO", "note": ""},
        {
            "value": str(
                Volunteer.objects.filter(institution__code=institution_code, screening_status="approved").count()
            ),
            "label": _("volunteers"),
            "note": "",
        },
        {
            "value": str(
                WaitingListEntry.objects.filter(institution__code=institution_code, closed_on__isnull=True).count()
            ),
            "label": _("on a waiting list"),
            "note": _("not every initiative keeps a waiting list"),
        },
    ]
