"""Classes, pupils and the points table through the shared import/export (P-X1..P-X3): pupils name
their class by its code, an export re-imports unchanged, rows of an edited table are checked."""

from datetime import date

import pytest
from django.core.management import call_command

from core.exchange import run_import
from portfolio.models import PointsRow, Pupil, SchoolClass
from tests.portfolio.factories import PupilFactory, SchoolClassFactory, default_table

pytestmark = pytest.mark.django_db

PUPILS = "institution;code;last_name;first_name;patronymic;school_class;family_email"


@pytest.mark.parametrize("label", ["portfolio.SchoolClass", "portfolio.Pupil", "portfolio.PointsRow"])
def test_export_reimports_unchanged(label, tmp_path):
    PupilFactory(parent_name="Смирнова Ольга Петровна", family_email="smirnova@example.org")
    default_table()
    path = tmp_path / "export.csv"
    call_command("export_records", label, "--format", "csv", "-o", str(path))
    report = run_import(label, path.read_bytes(), "export.csv")
    assert (report.new, report.updated, report.invalid) == (0, 0, 0), report.problems
    assert report.unchanged >= 1


def test_pupils_import_by_the_code_of_their_class():
    school_class = SchoolClassFactory(grade=7, letter="Б")
    raw = f"{PUPILS}\nemishevo-school;E-0201;Васильев;Дмитрий;Олегович;2026-7Б;vasilyev@example.org\n"
    report = run_import("portfolio.Pupil", raw.encode(), "ученики.csv")
    assert report.new == 1, report.problems
    assert Pupil.objects.get(code="E-0201").school_class == school_class


def test_classes_import_their_class_teacher_by_the_account_of_the_school_only():
    from core.roles import REVIEWER
    from tests.factories import InstitutionFactory, UserFactory

    school = SchoolClassFactory().institution
    teacher = UserFactory(username="petrova", role=REVIEWER, institution=school)
    UserFactory(username="chuzhoy", role=REVIEWER, institution=InstitutionFactory(code="other-school"))
    head = "institution;code;school_year;grade;letter;class_teacher"
    rows = ["emishevo-school;2026-6А;2026;6;А;petrova", "emishevo-school;2026-6Б;2026;6;Б;chuzhoy"]
    report = run_import("portfolio.SchoolClass", "\n".join([head, *rows]).encode(), "классы.csv")
    assert [(problem.line, problem.column) for problem in report.problems] == [(3, "Class teacher's account")]
    assert "chuzhoy" in report.problems[0].message
    report = run_import("portfolio.SchoolClass", f"{head}\n{rows[0]}\n".encode(), "классы.csv")
    assert SchoolClass.objects.get(code="2026-6А").class_teacher == teacher


def test_a_class_outside_grades_1_to_9_is_refused_on_import():
    raw = "institution;code;school_year;grade;letter\nemishevo-school;2026-10А;2026;10;А\n"
    report = run_import("portfolio.SchoolClass", raw.encode(), "классы.csv")
    assert report.problems and report.problems[0].line == 2
    assert not SchoolClass.objects.exists()


def test_an_edited_table_row_from_a_date_on_imports_beside_the_old_one():
    """PF-R5: a change from 1 January is the old row ended on 31 December and a new row."""
    default_table()
    raw = (
        "institution;indicator;level;result;category;points;valid_from;valid_to\n"
        "emishevo-school;intellectual_contest;city;winner;olympiads;20;30.08.2019;31.12.2026\n"
        "emishevo-school;intellectual_contest;city;winner;olympiads;22;01.01.2027;\n"
    )
    report = run_import("portfolio.PointsRow", raw.encode(), "таблица.csv")
    assert (report.new, report.updated) == (1, 1), report.problems
    rows = PointsRow.objects.filter(indicator="intellectual_contest", level="city", result="winner")
    assert list(rows.order_by("valid_from").values_list("points", "valid_to")) == [
        (20, date(2026, 12, 31)),
        (22, None),
    ]


def test_an_overlapping_table_row_is_refused_on_import():
    default_table()
    raw = (
        "institution;indicator;level;result;category;points;valid_from\n"
        "emishevo-school;intellectual_contest;city;winner;olympiads;22;01.01.2027\n"
    )
    report = run_import("portfolio.PointsRow", raw.encode(), "таблица.csv")
    assert report.problems and "30.08.2019" in report.problems[0].message
