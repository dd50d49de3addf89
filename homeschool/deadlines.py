"""HS-R3 on the institution's dashboard panel (core.deadlines): cases not organised in time."""

from django.utils.translation import gettext_lazy as _

from core.deadlines import register_deadline


def cases_to_organise(queryset):
    """Open cases whose documents are complete, with the day they should be organised by (2.5)."""
    from homeschool.models import HomeSchoolingCase

    cases = queryset.filter(status=HomeSchoolingCase.Status.SUBMITTED, documents_received_on__isnull=False)
    for case in cases.select_related("institution"):
        yield case, case.organise_by()


def register():
    from homeschool.models import HomeSchoolingCase

    register_deadline(HomeSchoolingCase, _("Organise home schooling (clause 2.5)"), cases_to_organise)
