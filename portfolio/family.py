"""The family's view of their child's portfolio (issue 14 item 8), in the visitors' area: a family
signed in with the e-mail the school holds sees the pupils recorded with that address, and answers
404 for any other pupil, as for one that does not exist."""

from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from core.school_year import school_year_label
from portfolio.models import Category, Pupil
from visitors.session import visitor_required


def family_pupils(email):
    """The pupils whose family's e-mail is ``email`` (never a pupil without one)."""
    if not email.strip():
        return Pupil.objects.none()
    return Pupil.objects.filter(family_email__iexact=email.strip())


def family_pupil(email, pk):
    return get_object_or_404(family_pupils(email).select_related("school_class", "institution"), pk=pk)


def links(email):
    """The visitors' home lists each pupil's portfolio."""
    return [(pupil.full_name, reverse("visitors:portfolio:pupil", args=[pupil.pk])) for pupil in family_pupils(email)]


def school_years(pupil):
    """The school years the pupil has scored half-years in, latest first."""
    years = pupil.half_years.filter(scored_on__isnull=False).values_list("school_class__school_year", flat=True)
    return sorted(set(years), reverse=True)


def sheets(pupil):
    """Appendix 3 per school year, with the categories' names."""
    return [(school_year_label(year, "/"), labelled(pupil.summary_sheet(year))) for year in school_years(pupil)]


def labelled(sheet):
    for row in sheet["rows"]:
        row["label"] = Category(row["category"]).label
    return sheet


@visitor_required
def pupil_view(request, email, pk):
    pupil = family_pupil(email, pk)
    context = {
        "pupil": pupil,
        "achievements": pupil.achievements.order_by("-achieved_on"),
        "works": pupil.works.order_by("-done_on"),
        "entries": pupil.entries.order_by("section", "-added_on"),
        "sheets": sheets(pupil),
    }
    return render(request, "portfolio/family/pupil.html", context)


urlpatterns = [path("<int:pk>/", pupil_view, name="pupil")]
