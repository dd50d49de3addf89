"""The family's view of their child's portfolio (issue 14 item 8), in the visitors' area: a family
signed in with the e-mail the school holds sees the pupils recorded with that address, and answers
404 for any other pupil, as for one that does not exist."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from core.printing import printed_record
from portfolio.admin import PUPIL_DOCUMENTS
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


def sheets(pupil):
    """Appendix 3 per school year, with the categories' names in the area's language."""
    sheets = pupil.summary_sheets()
    for sheet in sheets:
        for row in sheet["rows"]:
            row["label"] = Category(row["category"]).label
    return sheets


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


@visitor_required
def print_view(request, email, pk, document):
    """The pupil's summary sheets or whole portfolio, printed as the school prints them."""
    pupil = family_pupil(email, pk)
    printed = next((entry for entry in PUPIL_DOCUMENTS if entry.name == document), None)
    if printed is None:
        raise Http404
    return printed_record(request, pupil, printed)


urlpatterns = [
    path("<int:pk>/", pupil_view, name="pupil"),
    path("<int:pk>/print/<slug:document>/", print_view, name="print"),
]
