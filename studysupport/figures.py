"""The vision text's key figures (Gentse situatie), computed live from the records per school year.

Each figure follows the year (studysupport.md, "Figures"; SS-R4, SS-R5): initiatives recognised in it,
volunteers screened and active in it, pupils registered or supported in it, distinct pupils waiting in it.

The text's 1414 pupils include its 181 waiting, and the figure says so. The text counts «de
registraties van de initiatieven»: a pupil on an initiative's waiting list is registered there, and
the infographic lists «1414 leerlingen» beside «660 vrijwilligers» as the pupils the initiatives
have, with «Wachtlijst: 181 leerlingen» as one more view of them, not as pupils besides; nothing
in the text calls the 1414 "supported" («begeleid»). So the live figure counts pupils registered in
the year, waiting or not, or supported in it, and labels itself that way. A pupil registered in an
earlier year and still waiting counts among the year's waiting, not among its pupils.

The counts are cached (``FIGURES_CACHE_SECONDS``, five minutes by default) under a generation that
any save or deletion of a study-support record replaces (``forget_figures``), so a page or the API
shows a change at once without counting a million rows on every request. Bulk writes (the demo, an
import's batches) send no signal: the cache's time limit covers them. The public page itself is
cached besides for ``PAGE_CACHE_SECONDS`` (cms.page_cache), so an anonymous visitor sees a change
within that minute.
"""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _

from core import generations
from core.models import Institution, local_date
from core.school_year import (
    first_day_of_school_year,
    last_day_of_school_year,
    parse_school_year,
    school_year_label,
    school_year_of,
)
from core.scoping import institutions_for
from studysupport.models import (
    Initiative,
    Pupil,
    Signal,
    Support,
    TrainingSession,
    Volunteer,
    WaitingListEntry,
    coordinator_scope,
)

GENERATION_KEY = "studysupport-figures:generation"
# Raised when what a count means changes, so a deploy never serves counts of the former rule.
COUNTING_RULES = 2


def school_year_start(school_year, institution_code):
    """The start year of ``2026-2027``; the institution's current school year when empty or not a school year."""
    return parse_school_year(school_year) or school_year_of(
        local_date(Institution.objects.filter(code=institution_code).first())
    )


def year_bounds(start_year):
    return first_day_of_school_year(start_year), last_day_of_school_year(start_year)


def percentage(part, whole):
    """A share of no pupils is no figure: a dash, not a 0 % a reader takes for a measured share."""
    return f"{round(100 * part / whole)}%" if whole else "–"


def supported_between(start, end, prefix="supports__"):
    """A support running on one of the days from ``start`` to ``end``."""
    return Q(**{f"{prefix}start__lte": end}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": start}))


def counted_in(start, end):
    """A pupil registered in the school year (waiting or not), or supported in it (a support running
    on one of its days)."""
    return Q(registered_on__range=(start, end)) | supported_between(start, end)


def pupils_in(institution_code, start, end):
    return Pupil.objects.filter(counted_in(start, end), institution__code=institution_code).distinct()


def volunteers_in(institution_code, start, end):
    """Volunteers screened (approved) by the year's end and active on one of its days."""
    return Volunteer.objects.filter(active_in(start, end), institution__code=institution_code)


def active_in(start, end):
    """A volunteer screened (approved) by ``end`` and active on one of the days from ``start``."""
    return (
        (Q(active_from__isnull=True) | Q(active_from__lte=end))
        & (Q(active_to__isnull=True) | Q(active_to__gte=start))
        & Q(screening_status=Volunteer.Screening.APPROVED, screened_on__lte=end)
    )


def untrained_in(start, end):
    """A volunteer active in the year who attended no training, coaching or intervision in it
    (the vision text: «opleiding, begeleiding en intervisie … bij de opstart, maar ook tijdens en na»)."""
    trained = TrainingSession.objects.filter(attendees=OuterRef("pk"), date__range=(start, end))
    return active_in(start, end) & ~Exists(trained)


def entries_waiting_in(start, end):
    return WaitingListEntry.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start), since__lte=end)


def pupils_waiting_in(institution_code, start, end):
    """SS-R5: the figure counts pupils, not entries: a pupil on two lists waits once."""
    return entries_waiting_in(start, end).filter(institution__code=institution_code).values("pupil").distinct()


def counts(institution_code, start_year):
    """The year's counts, from the cache while no study-support record changed (see the module)."""
    key = f"studysupport-figures:{COUNTING_RULES}:{generation()}:{institution_code}:{start_year}"
    found = cache.get(key)
    if found is None:
        found = count_now(institution_code, start_year)
        cache.set(key, found, settings.FIGURES_CACHE_SECONDS)
    return found


def count_now(institution_code, start_year):
    start, end = year_bounds(start_year)
    pupils = Pupil.objects.filter(pk__in=pupils_in(institution_code, start, end).values("pk"))
    levels = dict(pupils.values_list("school_level").annotate(count=Count("pk")))
    return {
        "pupils": sum(levels.values()),
        "secondary": levels.get(Pupil.SchoolLevel.SECONDARY, 0),
        "primary": levels.get(Pupil.SchoolLevel.PRIMARY, 0),
        "initiatives": Initiative.objects.filter(institution__code=institution_code).recognised_in(start_year).count(),
        "volunteers": volunteers_in(institution_code, start, end).count(),
        "waiting": pupils_waiting_in(institution_code, start, end).count(),
    }


def key_figures(institution_code, school_year=""):
    start_year = school_year_start(school_year, institution_code)
    found = counts(institution_code, start_year)
    total = found["pupils"]
    return [
        {
            "value": str(total),
            "label": _("pupils"),
            "note": _("registered in %(year)s (waiting or not) or supported in it")
            % {"year": school_year_label(start_year)},
        },
        {"value": str(found["initiatives"]), "label": _("initiatives"), "note": _("recognised for the school year")},
        {"value": percentage(found["secondary"], total), "label": "SO", "note": ""},
        {"value": percentage(found["primary"], total), "label": "BaO", "note": ""},
        {"value": str(found["volunteers"]), "label": _("volunteers"), "note": _("screened and active")},
        {
            "value": str(found["waiting"]),
            "label": _("on a waiting list"),
            "note": _("pupils, not entries; not every initiative keeps a waiting list"),
        },
    ]


def _count(queryset, group):
    """A subquery counting ``queryset``'s distinct rows per ``group`` (the outer district), 0 for none."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_district_figures(districts, start_year):
    """Each district with the year's figures (studysupport.md, "Figures": «spreiding per wijk», DS1
    «in kaart brengen spreiding in Gent»): pupils registered or supported there, those supported,
    distinct pupils waiting, and the recognised initiatives serving it."""
    start, end = year_bounds(start_year)
    here = Q(district=OuterRef("pk"))
    registered_or_supported = Pupil.objects.filter(here, counted_in(start, end))
    supported = Pupil.objects.filter(
        here, Exists(Support.objects.filter(supported_between(start, end, prefix=""), pupils=OuterRef("pk")))
    )
    waiting = Pupil.objects.filter(here, Exists(entries_waiting_in(start, end).filter(pupil=OuterRef("pk"))))
    serving = Initiative.objects.recognised_in(start_year).filter(districts=OuterRef("pk"))
    return districts.annotate(
        pupils_count=_count(registered_or_supported, "district"),
        supported_count=_count(supported, "district"),
        waiting_count=_count(waiting, "district"),
        initiatives_count=_count(serving, "districts"),
    )


def signal_counts(user):
    """Pillar 4 in the city's reporting: how many signals of each kind per school year, and nothing
    else of them (no family, no initiative: SS-R8, studysupport.md, Records: Signal). Of the
    user's institutions; of their own initiatives for a coordinator. [(school year, kind, count)]."""
    signals = Signal._base_manager.filter(coordinator_scope(user, "initiative"))
    if not user.is_superuser:
        signals = signals.filter(institution__in=institutions_for(user))
    rows = (
        signals.annotate(
            year=ExtractYear("reported_on"),
            autumn=Case(When(Q(reported_on__month__gte=9), then=Value(1)), default=Value(0)),
        )
        .values("kind", "year", "autumn")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = {}
    for row in rows:
        key = (row["year"] - 1 + row["autumn"], row["kind"])
        totals[key] = totals.get(key, 0) + row["n"]
    return [
        (school_year_label(year), kind, count)
        for (year, kind), count in sorted(totals.items(), key=lambda item: (-item[0][0], item[0][1]))
    ]


def generation():
    return generations.current(GENERATION_KEY)


def forget_figures(**kwargs):
    """A study-support record changed: the cached counts are of the past."""
    generations.renew(GENERATION_KEY)


def connect_signals():
    for model in apps.get_app_config("studysupport").get_models():
        label = model._meta.label
        post_save.connect(forget_figures, sender=model, dispatch_uid=f"studysupport-figures-save-{label}")
        post_delete.connect(forget_figures, sender=model, dispatch_uid=f"studysupport-figures-delete-{label}")
    for through in (Support.pupils.through, Initiative.districts.through, TrainingSession.attendees.through):
        m2m_changed.connect(forget_figures, sender=through, dispatch_uid=f"studysupport-figures-m2m-{through}")
