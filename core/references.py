"""Human reference numbers (P-F2): ``SS-2026-00042``, per series and year, unique and gap-free;
and the numbers of a journal kept in its own entries (``next_in_sequence``).

The database settles concurrency: the counter row is locked (``select_for_update``) inside
the caller's transaction, so a second submission waits until the first commits or rolls
back. A rollback (say, a rule of the record refused it) returns the number, so no gaps.
"""

import re

from django.db.models import Max
from django.utils import timezone

from core.models import ReferenceCounter


def format_reference(series, year, number):
    return f"{series}-{year}-{number:05d}"


def is_reference(code, series):
    """Whether ``code`` has the form of a number of ``series`` (``SS-2026-00042``)."""
    return bool(re.fullmatch(rf"{re.escape(series)}-\d{{4}}-\d{{5,}}", code or ""))


def next_reference(series, year=None):
    """Take the next number of ``series`` inside the transaction that stores the record
    (Django refuses ``select_for_update`` outside a transaction)."""
    year = year or timezone.localdate().year
    # Create the row if missing without failing when another process creates it at the same moment.
    ReferenceCounter.objects.bulk_create([ReferenceCounter(series=series, year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(series, year, counter.last_number)


def next_in_sequence(owner, entries, field):
    """The next number of a journal kept in its own entries (works registered per group and
    discipline, certificates per institution): one more than the highest ``field`` of ``entries``.

    Taken inside the caller's transaction while the row of ``owner``, the record the journal
    belongs to, is locked: a second registration waits for the first to commit, so numbers follow
    the order of registration, and a rollback gives its number back. A unique constraint on the
    number stays the database's last word (SQLite locks the whole database instead of the row)."""
    type(owner)._base_manager.select_for_update().get(pk=owner.pk)
    return (entries.aggregate(last=Max(field))["last"] or 0) + 1
