"""The department's due dates on the institution's dashboard panel (core.deadlines)."""


def reviews_due(queryset):
    """CO-R8 (clauses 6.7, 6.22): works under review with the day they are due back."""
    from correspondence.models import UNDER_REVIEW

    for work in queryset.filter(UNDER_REVIEW).select_related("institution", "student", "discipline"):
        yield work, work.review_due_on


def certificates_due(queryset):
    """CO-R15 (clause 5.3): requested certificates with the last day they may be issued."""
    for certificate in queryset.filter(issued_on__isnull=True).select_related("institution", "student", "session"):
        yield certificate, certificate.issue_by()


def timetables_due(queryset):
    """CO-R16 (clause 5.4): sessions whose timetable is not approved yet, with the last day for it."""
    for session in queryset.filter(timetable_approved_on__isnull=True).select_related("institution", "group"):
        yield session, session.timetable_due_on()
