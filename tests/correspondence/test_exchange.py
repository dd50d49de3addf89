"""A year's lists from the college's office files (issue 13): groups, students, disciplines,
curriculum lines and sessions go out and come back through the shared import, by their codes."""

from datetime import date

import pytest
from django.core.management import call_command

from core.exchange import run_import
from correspondence.models import CurriculumLine, ExaminationSession, Student
from tests.correspondence.factories import CurriculumLineFactory, SessionFactory, StudentFactory

pytestmark = pytest.mark.django_db
LISTS = [
    "correspondence.StudyGroup",
    "correspondence.Student",
    "correspondence.Discipline",
    "correspondence.CurriculumLine",
    "correspondence.ExaminationSession",
]


@pytest.mark.parametrize("label", LISTS)
def test_an_export_reimports_unchanged(label, tmp_path):
    line = CurriculumLineFactory(works_due_on=date(2026, 12, 1))
    StudentFactory(group=line.group, email="student@example.org")
    SessionFactory(group=line.group)
    path = tmp_path / "export.csv"
    call_command("export_records", label, "--format", "csv", "-o", str(path))
    report = run_import(label, path.read_bytes(), "export.csv")
    assert (report.new, report.updated, report.invalid, report.unchanged) == (0, 0, 0, 1), report.problems


def test_students_and_curriculum_import_by_codes_and_the_teachers_name():
    line = CurriculumLineFactory()
    raw = (
        f"institution;code;name;email;group\nnhmt;З-24-007;Орлова Анна Павловна;orlova@example.org;{line.group.code}\n"
    ).encode()
    assert run_import("correspondence.Student", raw, "студенты.csv").new == 1
    assert Student.objects.get(code="З-24-007").group == line.group
    raw = (
        "institution;group;discipline;course;classroom_hours;attestation;home_control_works;teacher\n"
        f"nhmt;{line.group.code};{line.discipline.code};4;2;credit;1;{line.teacher.name}\n"
    ).encode()
    report = run_import("correspondence.CurriculumLine", raw, "план.csv")
    assert report.new == 1, report.problems
    assert CurriculumLine.objects.get(course=4).teacher == line.teacher


def test_a_file_of_sessions_is_checked_row_after_row_against_the_yearly_days():
    """CO-R2 counts the rows above in the same file: the second session, of 11 days, makes 31 of 30."""
    group = CurriculumLineFactory(group__form="correspondence", group__course=2).group
    raw = (
        "institution;group;starts_on;ends_on\n"
        f"nhmt;{group.code};02.11.2026;21.11.2026\n"
        f"nhmt;{group.code};11.01.2027;21.01.2027\n"
    ).encode()
    report = run_import("correspondence.ExaminationSession", raw, "сессии.csv")
    assert [problem.line for problem in report.problems] == [3], report.problems
    assert not ExaminationSession.objects.exists(), "the file is refused as a whole"
