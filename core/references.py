"""Human reference numbers (P-F2): ``SS-2026-00042``, per series and year, unique and gap-free;
and the numbers of a journal kept in its own entries (``next_in_sequence``).

The database settles concurrency: the counter row is locked (``select_for_update``) inside
the caller's transaction, so a second submission waits until the first commits or rolls
back. A rollback (say, a rule of the record refused it) returns the number, so no gaps.

The lock is held until the transaction ends, so it is taken last (issue 15.1): inside
``numbered_last`` a record is stored with a pending number (``~`` and random hex, which no
series has and no user sees: it is replaced before the transaction commits), and the real
numbers are taken and written in place of the pending ones as the transaction's last statements.
A submission or an import then waits for another only for those few statements.
"""

import contextvars
import functools
import re
import uuid
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.utils import timezone

from core.models import ReferenceCounter

PENDING = "~"
PENDING_PATTERN = re.compile(r"~[0-9a-f]{19}")  # 20 characters: fits every reference field
_numbering = contextvars.ContextVar("numbering", default=None)


def format_reference(series, year, number):
    return f"{series}-{year}-{number:05d}"


def is_reference(code, series):
    """Whether ``code`` has the form of a number of ``series`` (``SS-2026-00042``)."""
    return bool(re.fullmatch(rf"{re.escape(series)}-\d{{4}}-\d{{5,}}", code or ""))


def next_reference(series, year=None):
    """Take the next number of ``series`` inside the transaction that stores the record
    (Django refuses ``select_for_update`` outside a transaction)."""
    year = year or timezone.localdate().year
    return format_reference(series, year, _advance(series, year, 1))


def _advance(series, year, count):
    """Lock the counter of ``series`` and ``year`` and move it on by ``count``: its new last number."""
    # Create the row if missing without failing when another process creates it at the same moment.
    ReferenceCounter.objects.bulk_create([ReferenceCounter(series=series, year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return counter.last_number


def reference_for(series, year):
    """A new record's number: pending inside ``numbered_last`` (taken at its end), else taken now."""
    numbering = _numbering.get()
    return numbering.reserve(series, year) if numbering else next_reference(series, year)


@contextmanager
def numbered_last():
    """Inside the caller's transaction: the numbers its records need are pending until the block
    ends, then taken and written as its last statements (the block ends the transaction's work).
    A block left by an exception, or whose transaction is marked for rollback, takes none.
    Yields the ``Numbering``, whose ``numbers`` map each pending number to the real one."""
    if _numbering.get() is not None:  # an outer block numbers these too
        yield _numbering.get()
        return
    numbering = Numbering()
    token = _numbering.set(numbering)
    try:
        yield numbering
        if not transaction.get_rollback():
            numbering.take()
    finally:
        _numbering.reset(token)


def written(instances):
    """Note records just stored that hold a pending number (bulk writes send no ``post_save``)."""
    if numbering := _numbering.get():
        for instance in instances:
            numbering.written(instance)


class Numbering:
    """The pending numbers of one transaction and where they were stored: records' text fields,
    their history rows, and the reasons of those rows ("Application form, reference ...")."""

    def __init__(self):
        self.pending = {}  # pending number: (series, year), in the order reserved
        self.used = set()  # the pending numbers stored somewhere: only those are numbered
        self.fields = defaultdict(list)  # (model, field): [(pk, pending number)]
        self.reasons = defaultdict(list)  # model: [(pk, pending number)] named in its history's reason
        self.numbers = {}

    def reserve(self, series, year):
        number = PENDING + uuid.uuid4().hex[:19]
        self.pending[number] = (series, year)
        return number

    def written(self, instance):
        if not self.pending or getattr(type(instance), "instance_type", None):  # a history row: see take()
            return
        model = type(instance)
        for field in text_fields(model):
            value = getattr(instance, field.attname)
            if value in self.pending:
                self.fields[(model, field)].append((instance.pk, value))
                self.used.add(value)
        reason = getattr(instance, "_change_reason", None)
        for number in PENDING_PATTERN.findall(str(reason or "")):
            if number in self.pending:
                self.reasons[model].append((instance.pk, number))

    def take(self):
        """Lock each series' counter (in one order, so two transactions never wait for each
        other), number the pending numbers in the order reserved, and write the real ones."""
        groups = defaultdict(list)
        for number, key in self.pending.items():
            if number in self.used:
                groups[key].append(number)
        for series, year in sorted(groups):
            pending = groups[(series, year)]
            last = _advance(series, year, len(pending))
            first = last - len(pending) + 1
            self.numbers.update(
                (number, format_reference(series, year, first + offset)) for offset, number in enumerate(pending)
            )
        for (model, field), rows in self.fields.items():
            self._rewrite(model, field.column, rows, history=False)
            if history := history_model(model):
                self._rewrite(history, field.column, rows, history=True)
        for model, rows in self.reasons.items():
            if history := history_model(model):
                self._rewrite_reasons(history, rows)

    def _rewrite(self, model, column, rows, history):
        """Each row's pending number in ``column`` becomes its real one: of the record by its
        key, of its history rows by the record's key (the rows this transaction wrote hold it)."""
        table, column = quote(model._meta.db_table), quote(column)
        key = quote(history_key(model) if history else model._meta.pk.column)
        condition = f"{table}.{key} = v.column1 AND {table}.{column} = v.column2"
        self._update(model, f"{column} = v.column3", condition, rows)

    def _rewrite_reasons(self, history, rows):
        table, key = quote(history._meta.db_table), quote(history_key(history))
        assignment = "history_change_reason = REPLACE(history_change_reason, v.column2, v.column3)"
        condition = f"{table}.{key} = v.column1 AND {table}.history_change_reason LIKE '%%' || v.column2 || '%%'"
        self._update(history, assignment, condition, rows)

    def _update(self, model, assignment, condition, rows):
        """``UPDATE`` ``model``'s table joined to ``VALUES`` v of (key, pending, real) rows."""
        table = quote(model._meta.db_table)
        for values, params in self._values(rows):
            sql = f"UPDATE {table} SET {assignment} FROM (VALUES {values}) AS v WHERE {condition}"  # noqa: S608
            connection.cursor().execute(sql, params)  # names quoted by the backend, values as parameters

    def _values(self, rows, size=300):
        """(pk, pending, real) rows as ``VALUES`` lists of at most ``size`` rows, with their parameters."""
        rows = [(pk, number) for pk, number in rows if number in self.numbers]
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            params = [value for pk, number in chunk for value in (pk, number, self.numbers[number])]
            yield ", ".join(["(%s, %s, %s)"] * len(chunk)), params


def quote(name):
    return connection.ops.quote_name(name)


@functools.cache
def text_fields(model):
    return [field for field in model._meta.concrete_fields if field.get_internal_type() in {"CharField", "TextField"}]


def history_model(model):
    history = getattr(model, "history", None)
    return getattr(history, "model", None)


def history_key(history):
    """The column of a history row that holds its record's key."""
    return history._meta.get_field(history.instance_type._meta.pk.attname).column


def _written(sender, instance, **kwargs):
    written([instance])


def connect():
    """Note every record stored inside ``numbered_last`` that holds a pending number."""
    post_save.connect(_written, dispatch_uid="core.references.written")


def next_in_sequence(owner, entries, field):
    """The next number of a journal kept in its own entries (works registered per group and
    discipline, certificates per institution): one more than the highest ``field`` of ``entries``.

    Taken inside the caller's transaction while the row of ``owner``, the record the journal
    belongs to, is locked: a second registration waits for the first to commit, so numbers follow
    the order of registration, and a rollback gives its number back. A unique constraint on the
    number stays the database's last word (SQLite locks the whole database instead of the row)."""
    type(owner)._base_manager.select_for_update().get(pk=owner.pk)
    return (entries.aggregate(last=Max(field))["last"] or 0) + 1
