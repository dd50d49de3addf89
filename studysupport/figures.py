"""The vision text's key figures (Gentse situatie), computed live from the records per school year.

Each figure follows the year (studysupport.md, "Figures"; SS-R4, SS-R5): initiatives recognised in it,
volunteers screened and active in it, pupils registered or supported in it (those waiting included: the
text's 1414 pupils hold its 181 waiting, as its demo reproduces), distinct pupils waiting in it.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.models import Institution, local_date
from core.school_year import first_day_of_school_year, last_day_of_school_year, parse_school_year, school_year_of
from studysupport.models import Initiative, Pupil, Volunteer, WaitingListEntry


def school_year_start(school_year, institution_code):
    """The start year of ``2026-2027``; the institution's current school year when empty or not a school year."""
    return parse_school_year(school_year) or school_year_of(
        local_date(Institution.objects.filter(code=institution_code).first())
    )


def percentage(part, whole):
    return f"{round(100 * part / whole)}%" if whole else "0%"


def pupils_in(institution_code, start, end):
    """Pupils registered in the school year, or supported in it (a support running on one of its days)."""
    supported = Q(supports__start__lte=end) & (Q(supports__end__isnull=True) | Q(supports__end__gte=start))
    return Pupil.objects.filter(
        Q(registered_on__range=(start, end)) | supported, institution__code=institution_code
    ).distinct()


def volunteers_in(institution_code, start, end):
    """Volunteers screened (approved) by the year's end and active on one of its days."""
    return Volunteer.objects.filter(
        Q(active_from__isnull=True) | Q(active_from__lte=end),
        Q(active_to__isnull=True) | Q(active_to__gte=start),
        institution__code=institution_code,
        screening_status=Volunteer.Screening.APPROVED,
        screened_on__lte=end,
    )


def pupils_waiting_in(institution_code, start, end):
    """SS-R5: the figure counts pupils, not entries: a pupil on two lists waits once."""
    entries = WaitingListEntry.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start), institution__code=institution_code, since__lte=end
    )
    return entries.values("pupil").distinct()


def key_figures(institution_code, school_year=""):
    start_year = school_year_start(school_year, institution_code)
    start, end = first_day_of_school_year(start_year), last_day_of_school_year(start_year)
    pupils = Pupil.objects.filter(pk__in=pupils_in(institution_code, start, end).values("pk"))
    levels = dict(pupils.values_list("school_level").annotate(count=Count("pk")))
    total = sum(levels.values())
    initiatives = Initiative.objects.filter(institution__code=institution_code).recognised_in(start_year)
    return [
        {"value": str(total), "label": _("pupils"), "note": _("registered or supported, those waiting included")},
        {"value": str(initiatives.count()), "label": _("initiatives"), "note": _("recognised for the school year")},
        {"value": percentage(levels.get(Pupil.SchoolLevel.SECONDARY, 0), total), "label": "SO", "note": ""},
        {"value": percentage(levels.get(Pupil.SchoolLevel.PRIMARY, 0), total), "label": "BaO", "note": ""},
        {"value": str(volunteers_in(institution_code, start, end).count()), "label": _("volunteers"), "note": ""},
        {
            "value": str(pupils_waiting_in(institution_code, start, end).count()),
            "label": _("on a waiting list"),
            "note": _("not every initiative keeps a waiting list"),
        },
    ]
