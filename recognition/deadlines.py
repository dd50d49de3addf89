"""RC-R6 on the institution's dashboard panel (core.deadlines): decisions due on proceeding."""


def applications_to_decide(queryset):
    """Registered applications the department has not yet decided to take further or not, with
    their due date (clause 2.12); none while an inquiry is open (the term waits for the answer)."""
    from recognition.models import RecognitionApplication

    Status = RecognitionApplication.Status
    open_ones = queryset.filter(status__in=(Status.REGISTERED, Status.MORE_INFORMATION, Status.SUFFICIENT))
    for application in open_ones.select_related("institution", "student").prefetch_related("inquiries"):
        if (due := application.decide_by()) is not None:
            yield application, due
