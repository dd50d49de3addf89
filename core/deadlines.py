"""Deadlines of every domain on one dashboard panel per institution (P-A4).

A domain declares, for a record model, a function returning its open records with their due
dates (core.domains.Deadline); the panel lists the overdue and the due-soon ones of the
institutions the user sees. Each record's days count in its institution's time zone: at 23:30 in
Ghent a Verkhny Tagil record is already due tomorrow.
"""

from datetime import timedelta

from core.domains import all_deadlines

DUE_SOON_DAYS = 7
PANEL_LIMIT = 20


def deadlines_for(user, today=None):
    """(overdue, due soon) lists of {label, record, due} for what ``user`` may see, soonest first;
    as of ``today``, or of each record's institution's today."""
    overdue, soon = [], []
    todays = {}
    for deadline in all_deadlines():
        for record, due in deadline.open_records(deadline.model.objects.for_user(user)):
            institution = record.institution
            entry = {"label": deadline.label, "record": record, "due": due, "institution": institution}
            day = today or todays.setdefault(institution.pk, institution.today())
            if due < day:
                overdue.append(entry)
            elif due <= day + timedelta(days=DUE_SOON_DAYS):
                soon.append(entry)
    by_due = lambda entry: entry["due"]  # noqa: E731
    return sorted(overdue, key=by_due)[:PANEL_LIMIT], sorted(soon, key=by_due)[:PANEL_LIMIT]
