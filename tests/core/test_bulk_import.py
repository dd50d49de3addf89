"""Issue #4, speed without an audit hole: the bulk import path keeps every rule and every history row."""

from datetime import date

import pytest

from core.exchange import run_import
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory, LoanFactory
from tests.testdomain.models import Book, Loan

pytestmark = pytest.mark.django_db

HEADER = "institution;book;borrower;email;lent_on"


@pytest.fixture
def library():
    institution = InstitutionFactory(code="library-b", name="Bibliotheek (b)")
    for number in range(3):
        BookFactory(institution=institution, code=f"book-{number}")
    return institution


def loans_csv(count, changed=()):
    lines = [HEADER]
    for number in range(count):
        email = "gewijzigd@example.org" if number in changed else "lener@example.org"
        lines.append(f"library-b;book-{number % 3};Lener {number:04d};{email};01.09.2026")
    return ("\n".join(lines) + "\n").encode()


def test_every_imported_record_has_its_history_row_with_user_and_batch(library):
    user = UserFactory(is_superuser=True)
    report = run_import("testdomain.Loan", loans_csv(250), "jaar.csv", user=user)
    assert report.applied and report.new == 250
    histories = Loan.history.filter(institution=library)
    assert histories.count() == 250
    assert set(histories.values_list("history_type", flat=True)) == {"+"}
    assert set(histories.values_list("history_user", flat=True)) == {user.pk}
    reasons = set(histories.values_list("history_change_reason", flat=True))
    assert len(reasons) == 1 and "jaar.csv" in reasons.pop()


def test_reimport_writes_and_records_only_the_changed_rows(library):
    run_import("testdomain.Loan", loans_csv(100), "jaar.csv")
    changed = set(range(0, 100, 10))
    report = run_import("testdomain.Loan", loans_csv(100, changed=changed), "jaar-2.csv")
    assert (report.new, report.updated, report.unchanged) == (0, 10, 90)
    updates = Loan.history.filter(history_type="~")
    assert updates.count() == 10
    assert set(updates.values_list("email", flat=True)) == {"gewijzigd@example.org"}
    assert Loan.objects.filter(email="gewijzigd@example.org").count() == 10


def test_queries_do_not_grow_with_the_rows(library, django_assert_max_num_queries):
    """The stock path makes about seven queries per row; here fewer than one per ten rows
    (SQLite's parameter limit splits a bulk insert into a few statements)."""
    with django_assert_max_num_queries(30):
        report = run_import("testdomain.Loan", loans_csv(300), "jaar.csv")
    assert report.applied and Loan.objects.count() == 300
    with django_assert_max_num_queries(30):
        report = run_import("testdomain.Loan", loans_csv(300, changed={1, 2}), "jaar-2.csv")
    assert report.updated == 2


def test_model_rules_still_run_per_row_in_bulk(library):
    BookFactory(institution=InstitutionFactory(code="elders"), code="book-x")
    raw = HEADER + "\nlibrary-b;book-x;A;;01.09.2026\nlibrary-b;book-1;B;geen-adres;01.09.2026\n"
    report = run_import("testdomain.Loan", raw.encode(), "x.csv")
    assert not report.applied and Loan.objects.count() == 0
    assert [(problem.line, problem.column) for problem in report.problems] == [(2, "Book"), (3, "E-mail")]


def test_a_key_stored_since_the_preview_fails_the_whole_import(library, monkeypatch):
    """The loader sees stored keys; should a record appear between loading and writing, the
    database constraint refuses the batch and nothing of the file is kept."""
    from core import resources

    monkeypatch.setattr(resources.KeyedInstanceLoader, "get_instance", lambda self, row: None)
    book = Book.objects.get(code="book-1")
    LoanFactory(institution=library, book=book, borrower="Lener 0001", lent_on=date(2026, 9, 1))
    report = run_import("testdomain.Loan", loans_csv(5), "x.csv")
    assert not report.applied and report.problems
    assert Loan.objects.count() == 1


def test_streamed_export_rows_equal_the_resources_own_export(library):
    """The export reads plain values instead of whole records; what it writes must not differ."""
    from core.exchange import export_rows, resource_for

    books = Book.objects.filter(institution=library)
    LoanFactory(institution=library, book=books[0], borrower="=SUM(A1)", email="")
    LoanFactory(institution=library, book=books[1], email="a@example.org", returned_on=date(2026, 9, 15))
    resource = resource_for("testdomain.Loan")()
    queryset = Loan.objects.filter(institution=library).order_by("pk")
    streamed = list(export_rows(resource, queryset))
    assert streamed == [resource.export_resource(loan) for loan in queryset]
    assert streamed[0][resource.get_export_headers().index("Borrower")] == "'=SUM(A1)"


def test_each_distinct_date_is_read_once_and_every_bad_one_is_reported_on_its_line(library, monkeypatch):
    """The date widget remembers a cell it has read (a file's dates repeat): 300 rows of one
    date parse it once, and a bad date repeated on several rows is still reported on each."""
    import import_export.widgets

    reads = []
    stock_parse = import_export.widgets.DateWidget._parse_value
    monkeypatch.setattr(
        import_export.widgets.DateWidget,
        "_parse_value",
        lambda widget, value, kind: reads.append(value) or stock_parse(widget, value, kind),
    )
    report = run_import("testdomain.Loan", loans_csv(300), "jaar.csv")
    assert report.applied and report.new == 300
    assert reads == ["01.09.2026"]
    assert Loan.objects.filter(lent_on=date(2026, 9, 1)).count() == 300

    bad = loans_csv(3).decode().replace("01.09.2026", "31.02.2026").encode()
    report = run_import("testdomain.Loan", bad, "fout.csv")
    assert not report.applied
    assert [problem.line for problem in report.problems] == [2, 3, 4]
    assert all("31.02.2026" in problem.message for problem in report.problems)


def test_whole_numbers_are_read_once_per_text_and_bad_ones_refused_every_time(monkeypatch):
    """The whole-number widget of every integer field remembers what it read, the refusals too."""
    import import_export.widgets

    from core.exchange import resource_for

    widget = resource_for("studysupport.Pupil")().fields["grade"].widget
    reads = []
    stock_clean = import_export.widgets.IntegerWidget.clean
    monkeypatch.setattr(
        import_export.widgets.IntegerWidget,
        "clean",
        lambda self, value, row=None, **kwargs: reads.append(value) or stock_clean(self, value, row, **kwargs),
    )
    assert [widget.clean("4"), widget.clean("4"), widget.clean("5")] == [4, 4, 5]
    assert reads == ["4", "5"]
    for _attempt in range(2):
        with pytest.raises(ArithmeticError):  # decimal's InvalidOperation, as the stock widget raises it
            widget.clean("vier")
    assert reads == ["4", "5", "vier"]


def test_the_import_keeps_the_collector_to_young_objects_and_leaves_it_as_it_found_it(library, monkeypatch):
    """A chunk at a time, the collector collects the young generations only (issue 15: full
    collections over every object of the process were a tenth of an import); after the import
    it is enabled again, or stays disabled when it was."""
    import gc

    from core import exchange

    monkeypatch.setattr(exchange, "CHECK_CHUNK_ROWS", 100)
    collected = []
    stock_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append((generation, gc.isenabled())) or 0)
    try:
        report = run_import("testdomain.Loan", loans_csv(250), "jaar.csv")
    finally:
        monkeypatch.setattr(gc, "collect", stock_collect)
    assert report.applied and report.new == 250
    assert collected == [(1, False)] * 3
    assert gc.isenabled()

    gc.disable()
    try:
        run_import("testdomain.Loan", loans_csv(50), "jaar-2.csv", dry_run=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cell_is_read_into_the_record_as_the_librarys_field_would(library):
    """``RecordResource.read_cell`` does in one step what import-export's ``Field.save`` does:
    a field's default for an empty cell, no value where a field saves no nulls, a path through
    a related record, a read-only column left alone; checked against the library on each kind."""
    from import_export import fields, widgets

    from tests.testdomain.resources import LoanResource

    class Kinds(LoanResource):
        email = fields.Field(attribute="email", column_name="email", default="balie@example.org")
        returned_on = fields.Field(
            attribute="returned_on", column_name="returned_on", widget=widgets.DateWidget(), saves_null_values=False
        )
        title = fields.Field(attribute="book__title", column_name="title")
        borrower = fields.Field(attribute="borrower", column_name="borrower", readonly=True)

        class Meta(LoanResource.Meta):
            fields = (*LoanResource.Meta.fields, "title")

    resource = Kinds()
    book = Book.objects.filter(institution=library).first()
    row = {"email": "", "returned_on": "", "title": "Nieuwe titel", "borrower": "Iemand"}
    ours, stock = (Loan(book=book, borrower="Eerder", returned_on=date(2026, 9, 9)) for _copy in range(2))
    ours.book, stock.book = Book.objects.get(pk=book.pk), Book.objects.get(pk=book.pk)
    for name in ("email", "returned_on", "title", "borrower"):
        field = resource.fields[name]
        resource.read_cell(field, ours, row)
        fields.Field.save(field, stock, row)
    assert (ours.email, ours.returned_on, ours.book.title, ours.borrower) == (
        stock.email,
        stock.returned_on,
        stock.book.title,
        stock.borrower,
    )
    assert (ours.email, ours.returned_on, ours.book.title, ours.borrower) == (
        "balie@example.org",
        date(2026, 9, 9),
        "Nieuwe titel",
        "Eerder",
    )
