"""Deadlines of every domain on one dashboard panel per institution (P-A4).

A domain declares, for a record model, a function returning its open records with their due
dates (core.domains.Deadline); the panel lists the overdue and the due-soon ones of the
institutions the user sees.
"""

from datetime import timedelta

from django.utils import timezone

from core.domains import all_deadlines

DUE_SOON_DAYS = 7
PANEL_LIMIT = 20


def deadlines_for(user, today=None):
    """(overdue, due soon) lists of {label, record, due} for what ``user`` may see, soonest first."""
    today = today or timezone.localdate()
    overdue, soon = [], []
    for deadline in all_deadlines():
        for record, due in deadline.open_records(deadline.model.objects.for_user(user)):
            entry = {"label": deadline.label, "record": record, "due": due, "institution": record.institution}
            if due < today:
                overdue.append(entry)
            elif due <= today + timedelta(days=DUE_SOON_DAYS):
                soon.append(entry)
    by_due = lambda entry: entry["due"]  # noqa: E731
    return sorted(overdue, key=by_due)[:PANEL_LIMIT], sorted(soon, key=by_due)[:PANEL_LIMIT]
