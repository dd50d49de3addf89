"""The curriculum and the students through the shared import and export (P-X1..P-X3), by codes."""

import pytest
from django.core.management import call_command

from core.exchange import run_import
from recognition.models import Discipline, DisciplineModule, Student
from tests.recognition.factories import ModuleFactory, StudentFactory

pytestmark = pytest.mark.django_db

LABELS = ["recognition.Programme", "recognition.Discipline", "recognition.DisciplineModule", "recognition.Student"]


@pytest.mark.parametrize("label", LABELS)
def test_export_reimports_unchanged(label, tmp_path):
    module = ModuleFactory(discipline__english=True)
    StudentFactory(programme=module.discipline.programme)
    path = tmp_path / "export.csv"
    call_command("export_records", label, "--format", "csv", "-o", str(path))
    report = run_import(label, path.read_bytes(), "export.csv")
    assert (report.new, report.updated, report.invalid, report.unchanged) == (0, 0, 0, 1), report.problems


def test_the_curriculum_imports_by_codes_of_the_same_university():
    programme = StudentFactory().programme
    programme_code = programme.code
    disciplines = (
        "institution;code;programme;name;credits;semester;kind;component;english;professional_standard\n"
        f"metinvest-polytechnic;ok-30;{programme_code};Бази даних;5,0;3;compulsory;discipline;0;0\n"
        f"metinvest-polytechnic;kr-30;{programme_code};Курсова робота;1;3;compulsory;course_work;0;0\n"
    )
    report = run_import("recognition.Discipline", disciplines.encode(), "дисципліни.csv")
    assert report.new == 2, report.problems
    modules = "institution;discipline;code;name;points;credits\nmetinvest-polytechnic;ok-30;zm-1;SQL;40;2\n"
    report = run_import("recognition.DisciplineModule", modules.encode(), "модулі.csv")
    assert report.new == 1, report.problems
    module = DisciplineModule.objects.get(code="zm-1")
    assert module.discipline == Discipline.objects.get(code="ok-30", programme=programme)
    assert "модулі.csv" in module.history.get().history_change_reason


def test_a_student_of_an_unknown_programme_is_reported_by_line():
    raw = "institution;code;full_name;programme;course;group;faculty\nmetinvest-polytechnic;s1;Іван;nope;1;КН-26;ФІТ\n"
    report = run_import("recognition.Student", raw.encode(), "x.csv")
    assert report.problems and report.problems[0].line == 2
    assert not Student.objects.filter(code="s1").exists()
