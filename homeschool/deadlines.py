"""HS-R3 on the institution's dashboard panel (core.deadlines): cases not organised in time."""


def cases_to_organise(queryset):
    """Open cases whose documents are complete, with the day they should be organised by (2.5)."""
    from homeschool.models import HomeSchoolingCase

    cases = queryset.filter(status=HomeSchoolingCase.Status.SUBMITTED, documents_received_on__isnull=False)
    for case in cases.select_related("institution"):
        yield case, case.organise_by()
