"""P-X1..P-X5: bulk exchange through the shared resource base, proven on Ghent pupils."""

import pytest
from django.core.management import CommandError, call_command

from core.exchange import read_table, run_import
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "institution;external_code;first_name;last_name;school_level;grade;initiative;registered_on"


@pytest.fixture
def gent():
    institution = InstitutionFactory(code="gent-x", name="Stad Gent (x)")
    InitiativeFactory(institution=institution, code="de-vlieger")
    return institution


def csv_bytes(*lines, encoding="utf-8", delimiter=";"):
    text = "\n".join(line.replace(";", delimiter) for line in (HEADER, *lines)) + "\n"
    return text.encode(encoding)


def test_import_creates_records_with_a_history_row_naming_the_batch(gent):
    report = run_import(
        "studysupport.Pupil", csv_bytes("gent-x;P1;Lina;Peeters;BaO;4;de-vlieger;01.09.2026"), "klas.csv"
    )
    assert (report.new, report.invalid, report.applied) == (1, 0, True)
    pupil = Pupil.objects.get(external_code="P1")
    assert pupil.initiative.code == "de-vlieger" and str(pupil.registered_on) == "2026-09-01"
    history = pupil.history.get()
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
def test_encodings_and_delimiters_are_detected(gent, encoding, delimiter, name):
    raw = csv_bytes(f"gent-x;P2;{name};Petrova;SO;1;;2026-09-01", encoding=encoding, delimiter=delimiter)
    report = run_import("studysupport.Pupil", raw, "export.csv")
    assert report.problems == [] and report.new == 1
    assert Pupil.objects.get(external_code="P2").first_name == name


def test_broken_rows_are_listed_by_line_and_nothing_is_written(gent):
    raw = csv_bytes(
        "gent-x;P3;Ok;Kind;BaO;3;;01.09.2026",
        "gent-x;P4;Fout;Niveau;XX;3;;01.09.2026",
        "gent-x;P5;Fout;Datum;BaO;3;;31.02.2026",
        "gent-x;P6;Fout;Initiatief;BaO;3;bestaat-niet;01.09.2026",
    )
    report = run_import("studysupport.Pupil", raw, "fouten.csv")
    assert not report.applied
    assert sorted({problem.line for problem in report.problems}) == [3, 4, 5]
    assert any(problem.column == "School level" for problem in report.problems)
    unknown = next(problem for problem in report.problems if problem.line == 5)
    assert unknown.column == "Initiative" and "bestaat-niet" in unknown.message
    assert not Pupil.objects.filter(institution=gent).exists(), "all or nothing"


def test_dry_run_writes_nothing(gent):
    report = run_import("studysupport.Pupil", csv_bytes("gent-x;P7;A;B;BaO;3;;01.09.2026"), "x.csv", dry_run=True)
    assert report.new == 1 and not report.applied
    assert not Pupil.objects.filter(external_code="P7").exists()


def test_rows_of_another_institution_are_refused_for_its_non_members(gent):
    other = InstitutionFactory(code="elders")
    user = UserFactory(username="gent-x-admin", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    raw = csv_bytes("gent-x;P8;A;B;BaO;3;;01.09.2026", "elders;P9;C;D;BaO;3;;01.09.2026")
    report = run_import("studysupport.Pupil", raw, "x.csv", user=user)
    assert [problem.line for problem in report.problems] == [3]
    assert "elders" in report.problems[0].message
    assert not Pupil.objects.filter(institution=other).exists()


def export(tmp_path, format="csv"):
    path = tmp_path / f"export.{format}"
    call_command("export_records", "studysupport.Pupil", "--format", format, "-o", str(path))
    return path.read_bytes()


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_export_reimports_unchanged(gent, format, tmp_path):
    PupilFactory(institution=gent, external_code="R1", first_name='=HYPERLINK("x")', last_name="+32 Peeters")
    PupilFactory(institution=gent, external_code="R2", first_name="Émile", last_name="-Van Acker")
    raw = export(tmp_path, format)
    report = run_import("studysupport.Pupil", raw, f"export.{format}")
    assert (report.new, report.updated, report.invalid) == (0, 0, 0)
    assert report.unchanged == Pupil.objects.count()
    assert Pupil.objects.get(external_code="R1").first_name == '=HYPERLINK("x")'


def test_csv_export_has_a_bom_verbose_headers_and_escaped_formulas(gent, tmp_path):
    PupilFactory(institution=gent, external_code="R3", first_name="=1+1", last_name="@SUM")
    raw = export(tmp_path, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    table = read_table(raw, "x.csv")
    assert table.headers[:3] == ["Institution", "External code", "First name"]
    row = dict(zip(table.headers, next(iter(table)), strict=True))
    assert row["First name"] == "'=1+1" and row["Last name"] == "'@SUM"


def test_import_records_command_exits_non_zero_listing_bad_lines(gent, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("gent-x;P10;A;B;BaO;3;;01.09.2026", "gent-x;P11;A;B;ZZ;3;;01.09.2026"))
    with pytest.raises(CommandError, match="1 invalid rows"):
        call_command("import_records", "studysupport.Pupil", str(path))
    assert "line 3 [School level]" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes("gent-x;P12;A;B;BaO;3;;01.09.2026"))
    call_command("import_records", "studysupport.Pupil", str(good))
    assert Pupil.objects.filter(external_code="P12").exists()


def test_institution_option_fills_rows_without_one(gent, tmp_path):
    path = tmp_path / "zonder.csv"
    path.write_text("external_code;first_name;last_name;school_level;grade\nP13;A;B;SO;2\n", encoding="utf-8")
    call_command("import_records", "studysupport.Pupil", str(path), "--institution", "gent-x")
    assert Pupil.objects.get(external_code="P13").institution == gent


def test_verbose_headers_are_accepted_on_import(gent):
    raw = b"Institution;External code;First name;Last name;School level;Grade\ngent-x;P14;A;B;BaO;5\n"
    report = run_import("studysupport.Pupil", raw, "x.csv")
    assert report.new == 1, report.problems


def test_csv_export_streams_with_a_fixed_number_of_queries(gent, tmp_path, django_assert_max_num_queries):
    initiative = gent.studysupport_initiative_set.get()
    for number in range(40):
        PupilFactory(institution=gent, initiative=initiative, external_code=f"S{number}")
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
