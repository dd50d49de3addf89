"""Deadlines of every domain on one dashboard panel per institution (P-A4).

A domain registers, for a record model, a function returning its open records with their due
dates; the panel lists the overdue and the due-soon ones of the institutions the user sees.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

DUE_SOON_DAYS = 7
PANEL_LIMIT = 20

DEADLINES = []


@dataclass(frozen=True)
class Deadline:
    label: str
    open_records: object  # callable(queryset of the model scoped to the user) -> iterable of (record, due date)
    model: object


def register_deadline(model, label, open_records):
    DEADLINES.append(Deadline(label, open_records, model))


def deadlines_for(user, today=None):
    """(overdue, due soon) lists of {label, record, due} for what ``user`` may see, soonest first."""
    today = today or timezone.localdate()
    overdue, soon = [], []
    for deadline in DEADLINES:
        for record, due in deadline.open_records(deadline.model.objects.for_user(user)):
            entry = {"label": deadline.label, "record": record, "due": due, "institution": record.institution}
            if due < today:
                overdue.append(entry)
            elif due <= today + timedelta(days=DUE_SOON_DAYS):
                soon.append(entry)
    by_due = lambda entry: entry["due"]  # noqa: E731
    return sorted(overdue, key=by_due)[:PANEL_LIMIT], sorted(soon, key=by_due)[:PANEL_LIMIT]
