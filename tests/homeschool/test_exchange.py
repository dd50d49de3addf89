"""Cases and teacher assignments through the shared import/export (issue #6, step 7), scoped to the school."""

import pytest
from django.core.management import call_command

from core.exchange import run_import
from core.roles import INSTITUTION_ADMINISTRATOR
from homeschool.models import TeacherAssignment
from tests.factories import InstitutionFactory, UserFactory
from tests.homeschool.factories import AssignmentFactory, CaseFactory, OrderFactory, school_8

pytestmark = pytest.mark.django_db

HEADER = "institution;order;case;teacher_name;weekly_hours;weekly_lessons"


def test_teacher_assignments_import_by_order_number_and_case_reference():
    case, order = CaseFactory(), OrderFactory(number="7-од")
    raw = f"{HEADER}\nvtagil-school-8;7-од;{case.reference};Белова Ирина Сергеевна;3.0;3\n".encode()
    report = run_import("homeschool.TeacherAssignment", raw, "нагрузка.csv")
    assert report.new == 1, report.problems
    assignment = TeacherAssignment.objects.get()
    assert (assignment.order, assignment.case, assignment.weekly_lessons) == (order, case, 3)
    assert "нагрузка.csv" in assignment.history.get().history_change_reason


def test_an_unknown_case_is_reported_by_line():
    OrderFactory(number="7-од")
    raw = f"{HEADER}\nvtagil-school-8;7-од;1999-0001;Белова И. С.;3;3\n".encode()
    report = run_import("homeschool.TeacherAssignment", raw, "x.csv")
    assert report.problems and report.problems[0].line == 2
    assert not TeacherAssignment.objects.exists()


def test_another_schools_rows_are_refused():
    other = InstitutionFactory(code="other-school", country="RU", language="ru")
    admin = UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    case = CaseFactory(institution=other)
    OrderFactory(institution=other, number="1")
    raw = f"{HEADER}\nother-school;1;{case.reference};Белова И. С.;3;3\n".encode()
    report = run_import("homeschool.TeacherAssignment", raw, "x.csv", user=admin)
    assert report.problems and not TeacherAssignment.objects.exists()


@pytest.mark.parametrize("label", ["homeschool.HomeSchoolingCase", "homeschool.TeacherAssignment"])
def test_export_reimports_unchanged(label, tmp_path):
    AssignmentFactory(case=CaseFactory(programme="adapted", pmpk_conclusion_number="№ 3"))
    path = tmp_path / "export.csv"
    call_command("export_records", label, "--format", "csv", "-o", str(path))
    report = run_import(label, path.read_bytes(), "export.csv")
    assert (report.new, report.updated, report.invalid, report.unchanged) == (0, 0, 0, 1)


def test_the_admins_export_holds_only_their_schools_cases(client):
    admin = UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    ours = CaseFactory()
    theirs = CaseFactory(institution=InstitutionFactory(code="other-school", country="RU", language="ru"))
    client.force_login(admin)
    response = client.get("/admin/homeschool/homeschoolingcase/export/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert ours.child_name in body and theirs.child_name not in body
