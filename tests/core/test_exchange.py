"""P-X1..P-X5: bulk exchange through the shared resource base, proven on the test domain's loans."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.exchange import ExchangeError, read_table, run_import
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory, LoanFactory
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

HEADER = "institution;book;borrower;email;lent_on"


@pytest.fixture
def library():
    institution = InstitutionFactory(code="library-x", name="Bibliotheek (x)")
    BookFactory(institution=institution, code="de-vlieger", title="De Vlieger")
    return institution


def csv_bytes(*lines, encoding="utf-8", delimiter=";"):
    text = "\n".join(line.replace(";", delimiter) for line in (HEADER, *lines)) + "\n"
    return text.encode(encoding)


def test_import_creates_records_with_a_history_row_naming_the_batch(library):
    raw = csv_bytes("library-x;de-vlieger;Lina;lina@example.org;01.09.2026")
    report = run_import("testdomain.Loan", raw, "klas.csv")
    assert (report.new, report.invalid, report.applied) == (1, 0, True)
    loan = Loan.objects.get(borrower="Lina")
    assert loan.book.code == "de-vlieger" and str(loan.lent_on) == "2026-09-01"
    history = loan.history.get()
    assert "klas.csv" in history.history_change_reason and "1 rows" in history.history_change_reason


@pytest.mark.parametrize(
    ("encoding", "delimiter", "name"),
    [
        ("utf-8-sig", ";", "Anaïs"),
        ("utf-8", ",", "Anaïs"),
        ("cp1252", ";", "Anaïs"),
        ("cp1251", ";", "Алёна"),
        ("cp1251", ",", "Алёна"),
    ],
)
def test_encodings_and_delimiters_are_detected(library, encoding, delimiter, name):
    raw = csv_bytes(f"library-x;de-vlieger;{name} Petrova;;2026-09-01", encoding=encoding, delimiter=delimiter)
    report = run_import("testdomain.Loan", raw, "export.csv")
    assert report.problems == [] and report.new == 1
    assert Loan.objects.get().borrower == f"{name} Petrova"


def test_broken_rows_are_listed_by_line_and_nothing_is_written(library):
    raw = csv_bytes(
        "library-x;de-vlieger;Ok;;01.09.2026",
        "library-x;de-vlieger;Fout adres;geen-adres;01.09.2026",
        "library-x;de-vlieger;Foute datum;;31.02.2026",
        "library-x;bestaat-niet;Fout boek;;01.09.2026",
    )
    report = run_import("testdomain.Loan", raw, "fouten.csv")
    assert not report.applied
    assert sorted({problem.line for problem in report.problems}) == [3, 4, 5]
    assert any(problem.line == 3 and problem.column == "E-mail" for problem in report.problems)
    assert any(problem.line == 4 and problem.column == "Lent on" for problem in report.problems)
    unknown = next(problem for problem in report.problems if problem.line == 5)
    assert unknown.column == "Book" and "bestaat-niet" in unknown.message
    assert not Loan.objects.filter(institution=library).exists(), "all or nothing"


def test_dry_run_writes_nothing(library):
    report = run_import("testdomain.Loan", csv_bytes("library-x;de-vlieger;A;;01.09.2026"), "x.csv", dry_run=True)
    assert report.new == 1 and not report.applied
    assert not Loan.objects.exists()


def test_rows_of_another_institution_are_refused_for_its_non_members(library):
    other = InstitutionFactory(code="elders")
    BookFactory(institution=other, code="de-vlieger")
    user = UserFactory(username="library-x-admin", role=INSTITUTION_ADMINISTRATOR, institution=library)
    raw = csv_bytes("library-x;de-vlieger;A;;01.09.2026", "elders;de-vlieger;C;;01.09.2026")
    report = run_import("testdomain.Loan", raw, "x.csv", user=user)
    assert [problem.line for problem in report.problems] == [3]
    assert "elders" in report.problems[0].message
    assert not Loan.objects.filter(institution=other).exists()


def export(tmp_path, format="csv"):
    path = tmp_path / f"export.{format}"
    call_command("export_records", "testdomain.Loan", "--format", format, "-o", str(path))
    return path.read_bytes()


def test_a_file_of_mixed_encodings_is_refused_naming_the_first_foreign_line(library):
    """Issue 16.6: rows pasted from two programs, UTF-8 and Windows-1252, are never stored garbled."""
    raw = csv_bytes("library-x;de-vlieger;Anaïs Petrova;;2026-09-01") + "library-x;de-vlieger;Zoë;;2026-09-01\n".encode(
        "cp1252"
    )
    with pytest.raises(ExchangeError, match="Line 3 is written in another character encoding"):
        read_table(raw, "mixed.csv")
    assert not Loan.objects.exists()


def test_a_formula_behind_a_tab_or_carriage_return_is_escaped_on_export(library, tmp_path):
    """P-X5, issue 16.7: some spreadsheet programs drop a leading tab or carriage return and run the rest."""
    lend(library, "\t=cmd|' /C calc'!A0", email="\r@sum@example.org")
    table = read_table(export(tmp_path, "csv"), "x.csv")
    row = dict(zip(table.headers, next(iter(table)), strict=True))
    assert row["Borrower"].startswith("'\t=") and row["E-mail"].startswith("'\r@")


def lend(library, borrower, **values):
    return LoanFactory(institution=library, book=library.testdomain_book_set.get(), borrower=borrower, **values)


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_export_reimports_unchanged(library, format, tmp_path):
    lend(library, '=HYPERLINK("x")', email="+32@example.org")
    lend(library, "Émile -Van Acker")
    raw = export(tmp_path, format)
    report = run_import("testdomain.Loan", raw, f"export.{format}")
    assert (report.new, report.updated, report.invalid) == (0, 0, 0)
    assert report.unchanged == Loan.objects.count()
    assert Loan.objects.filter(borrower='=HYPERLINK("x")', email="+32@example.org").exists()


def test_csv_export_has_a_bom_verbose_headers_and_escaped_formulas(library, tmp_path):
    lend(library, "=1+1", email="@sum@example.org")
    raw = export(tmp_path, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    table = read_table(raw, "x.csv")
    assert table.headers[:4] == ["Institution", "Book", "Borrower", "E-mail"]
    row = dict(zip(table.headers, next(iter(table)), strict=True))
    assert row["Borrower"] == "'=1+1" and row["E-mail"] == "'@sum@example.org"


def test_import_records_command_exits_non_zero_listing_bad_lines(library, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("library-x;de-vlieger;A;;01.09.2026", "library-x;de-vlieger;B;ZZ;01.09.2026"))
    with pytest.raises(CommandError, match="1 invalid rows"):
        call_command("import_records", "testdomain.Loan", str(path))
    assert "line 3 [E-mail]" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes("library-x;de-vlieger;C;;01.09.2026"))
    call_command("import_records", "testdomain.Loan", str(good))
    assert Loan.objects.filter(borrower="C").exists()


def test_institution_option_fills_rows_without_one(library, tmp_path):
    path = tmp_path / "zonder.csv"
    path.write_text("book;borrower;lent_on\nde-vlieger;D;01.09.2026\n", encoding="utf-8")
    call_command("import_records", "testdomain.Loan", str(path), "--institution", "library-x")
    assert Loan.objects.get(borrower="D").institution == library


def test_verbose_headers_are_accepted_on_import(library):
    raw = b"Institution;Book;Borrower;Lent on\nlibrary-x;de-vlieger;E;01.09.2026\n"
    report = run_import("testdomain.Loan", raw, "x.csv")
    assert report.new == 1, report.problems


def test_csv_export_streams_with_a_fixed_number_of_queries(library, tmp_path, django_assert_max_num_queries):
    for number in range(40):
        lend(library, f"S{number}")
    with django_assert_max_num_queries(5):
        raw = export(tmp_path, "csv")
    assert raw.decode("utf-8").count("de-vlieger") == 40


def test_a_csv_file_is_walked_in_chunks_with_short_rows_padded_and_long_rows_refused():
    from core.exchange import ExchangeError, read_table

    table = read_table(b"a;b;c\n1;2;3\n\n4;5\n", "x.csv")
    assert table.height == 2
    chunks = list(table.chunks(1))
    assert [(chunk.dict, line) for chunk, line in chunks] == [
        ([{"a": "1", "b": "2", "c": "3"}], 2),
        ([{"a": "4", "b": "5", "c": ""}], 3),
    ]
    with pytest.raises(ExchangeError, match="line 3 has more cells"):
        list(read_table(b"a;b\n1;2\n3;4;5\n", "x.csv"))


def test_preview_rows_are_read_off_one_letter_per_row():
    from core.exchange import PreviewRows

    rows = PreviewRows("nnius")
    assert len(rows) == 5 and rows[0:2] == [(2, "new"), (3, "new")] and rows[4] == (6, "unchanged")
    invalid = PreviewRows("nnius", only="invalid")
    assert len(invalid) == 1 and invalid[0:10] == [(4, "invalid")]


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1500,50", "1500.50"),
        ("1500.50", "1500.50"),
        ("1 500,50", "1500.50"),
        ("1.500,50", "1500.50"),
        ("1,500.50", "1500.50"),
        ("0,125", "0.125"),
        ("2.000.000", "2000000"),
        ("3", "3"),
    ],
)
@pytest.mark.parametrize("language", ["en", "nl", "ru"])
def test_decimals_read_the_same_in_every_language(cell, amount, language):
    from decimal import Decimal

    from django.utils import translation

    from core.resources import DecimalWidget

    with translation.override(language):
        assert DecimalWidget().clean(cell) == Decimal(amount)


@pytest.mark.parametrize("cell", ["1.500", "1,500", "drie"])
def test_ambiguous_or_broken_decimals_are_refused_with_a_message(cell):
    from core.resources import DecimalWidget

    with pytest.raises(ValueError, match=cell):
        DecimalWidget().clean(cell)


def xlsx_of(rows, dimension=None, padding=0):
    """An XLSX file of ``rows`` (header first), its sheet's declared dimension and size as given."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    written = io.BytesIO()
    workbook.save(written)
    out = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                if dimension:
                    data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % dimension.encode(), data)
                data = data.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
            target.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


ROWS = [HEADER.split(";"), ["library-x", "de-vlieger", "Lina", "", "2026-09-01"]]


def test_an_xlsx_is_read_a_row_at_a_time_with_empty_cells_as_in_a_csv(library):
    raw = xlsx_of([*ROWS, ["library-x", "de-vlieger", "Mats", None, "2026-09-02"]])
    table = read_table(raw, "leningen.xlsx")
    assert table.headers == HEADER.split(";") and table.height == 2
    assert list(table)[1] == ["library-x", "de-vlieger", "Mats", "", "2026-09-02"]
    assert run_import("testdomain.Loan", raw, "leningen.xlsx").new == 2


@override_settings(IMPORT_MAX_UNPACKED_BYTES=5_000_000)
def test_a_zip_bomb_is_refused_before_a_cell_is_read(library, monkeypatch):
    """Issue 16.5: 20 MB of sheet packed into some kilobytes."""
    raw = xlsx_of(ROWS, padding=20_000_000)
    assert len(raw) < 200_000
    monkeypatch.setattr(openpyxl, "load_workbook", None)  # nothing may start reading it
    with pytest.raises(ExchangeError, match="unpacks to 19.1"):
        read_table(raw, "bom.xlsx")


def test_a_sheet_declaring_more_rows_or_columns_than_an_import_reads_is_refused(library):
    with pytest.raises(ExchangeError, match="at least 2000000 rows and 2 columns"):
        read_table(xlsx_of(ROWS, dimension="A1:B2000000"), "veel.xlsx")
    with pytest.raises(ExchangeError, match="at least 2 rows and 16384 columns"):
        read_table(xlsx_of(ROWS, dimension="A1:XFD2"), "breed.xlsx")


@override_settings(IMPORT_MAX_ROWS=3)
def test_a_sheet_that_understates_its_rows_is_stopped_at_the_limit(library):
    raw = xlsx_of([ROWS[0]] + [ROWS[1]] * 6, dimension="A1:E2")
    with pytest.raises(ExchangeError, match="at least 5 rows"):
        list(read_table(raw, "liegt.xlsx"))


def test_rows_past_a_sheets_declared_dimensions_are_read_not_dropped(library):
    raw = xlsx_of([ROWS[0]] + [ROWS[1]] * 3, dimension="A1:E2")
    assert read_table(raw, "onderschat.xlsx").height == 3


def test_a_name_turned_around_by_an_invisible_character_is_refused_and_shown_when_stored(library, tmp_path):
    """Issue 16.7: "Anna\u202efdp.exe" reads as "Annaexe.pdf"; every path refuses it, old data exports visibly."""
    raw = csv_bytes("library-x;de-vlieger;Anna\u202efdp.exe;;2026-09-01")
    report = run_import("testdomain.Loan", raw, "leningen.csv")
    assert not report.applied and "turns the text around" in report.problems[0].message
    lend(library, "Bo\u202eb")  # stored before records refused it
    table = read_table(export(tmp_path, "csv"), "x.csv")
    assert dict(zip(table.headers, next(iter(table)), strict=True))["Borrower"] == "Bo<U+202E>b"
