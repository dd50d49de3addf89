"""Issue 15.8, P-H1: records written in bulk by COPY on PostgreSQL are the rows simple-history's
``bulk_create_with_history`` writes, history rows included, and leave the key sequences right.
(On SQLite ``create_with_history`` is simple-history's own; the first two tests hold there too.)"""

import datetime

import pytest
from django.db import connection
from simple_history.utils import bulk_create_with_history

from core.bulk_writes import create_with_history
from core.exchange import run_import
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="sequences are PostgreSQL's")
# What two writes of the same objects may differ in: keys and the moment of writing.
OWN_COLUMNS = {"id", "history_id", "history_date", "created_at", "updated_at"}


def loans(book, teacher, prefix):
    """Unsaved loans of every kind of value: a date, none, a time, a user, a file name, and an
    object that carries its own history user (None: a system change) and reason."""
    first = Loan(
        institution=book.institution,
        book=book,
        borrower=f"{prefix} Anaïs",
        email="anais@example.org",
        lent_on=datetime.date(2026, 9, 1),
        reminded_at=datetime.datetime(2026, 9, 1, 14, 30, tzinfo=datetime.UTC),
        teacher=teacher,
        slip="testdomain/slips/slip.pdf",
    )
    second = Loan(
        institution=book.institution, book=book, borrower=f"{prefix} Jonas", lent_on=datetime.date(2026, 9, 2)
    )
    second._history_user = None
    second._change_reason = "own reason"
    return [first, second]


def columns(rows, ignore=OWN_COLUMNS):
    return [{name: value for name, value in row.items() if name not in ignore} for row in rows]


def test_copy_writes_the_rows_and_history_rows_simple_history_writes():
    institution = InstitutionFactory(code="library-c")
    book = BookFactory(institution=institution, code="book-c")
    teacher, importer = UserFactory(), UserFactory()
    stock = bulk_create_with_history(
        loans(book, teacher, "stock"), Loan, default_user=importer, default_change_reason="batch"
    )
    copied = create_with_history(
        loans(book, teacher, "copied"), Loan, default_user=importer, default_change_reason="batch"
    )

    def stored(objs):
        records = list(Loan.objects.filter(pk__in=[obj.pk for obj in objs]).order_by("pk").values())
        history = list(Loan.history.filter(id__in=[obj.pk for obj in objs]).order_by("id").values())
        for row in records + history:
            row["borrower"] = row["borrower"].split(" ", 1)[1]
        return records, history

    (stock_records, stock_history), (copied_records, copied_history) = stored(stock), stored(copied)
    assert len(copied_records) == len(copied_history) == 2
    assert columns(copied_records) == columns(stock_records)
    assert columns(copied_history) == columns(stock_history)
    assert [row["history_user_id"] for row in copied_history] == [importer.pk, None]
    assert [row["history_change_reason"] for row in copied_history] == ["batch", "own reason"]
    assert [row["id"] for row in copied_history] == [obj.pk for obj in copied]
    assert all(not obj._state.adding for obj in copied)


def test_keys_come_from_the_sequences_so_later_saves_do_not_collide():
    institution = InstitutionFactory(code="library-d")
    book = BookFactory(institution=institution, code="book-d")
    copied = create_with_history(loans(book, None, "copied"), Loan)
    later = Loan.objects.create(institution=institution, book=book, borrower="Later", lent_on=datetime.date(2026, 9, 3))
    assert later.pk > max(obj.pk for obj in copied)
    assert Loan.history.filter(id=later.pk).count() == 1


@ON_POSTGRESQL
def test_an_import_leaves_the_key_sequence_where_other_writers_took_it(monkeypatch):
    """While an import runs, another worker draws keys for rows it has not committed yet; the
    import must not set the sequence back to the highest key it sees when it ends (the stock
    resource's reset did), or the next records would get the other's keys."""
    from core import bulk_writes

    institution = InstitutionFactory(code="library-b")
    for number in range(3):
        BookFactory(institution=institution, code=f"book-{number}")
    sequence = "pg_get_serial_sequence('testdomain_loan', 'id')"
    drawn = bulk_writes.next_keys

    def keys_then_another_worker_draws(connection, model, count):
        keys = drawn(connection, model, count)
        if model is Loan:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval({sequence}, %s)", [max(keys) + 500])  # noqa: S608 - a constant
        return keys

    monkeypatch.setattr(bulk_writes, "next_keys", keys_then_another_worker_draws)
    header = "institution;book;borrower;email;lent_on"
    rows = [f"library-b;book-{number % 3};Lener {number};lener@example.org;01.09.2026" for number in range(20)]
    assert run_import("testdomain.Loan", ("\n".join([header, *rows]) + "\n").encode(), "jaar.csv").applied
    highest = max(Loan.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval({sequence})")  # noqa: S608 - a constant
        assert cursor.fetchone()[0] > highest + 500
