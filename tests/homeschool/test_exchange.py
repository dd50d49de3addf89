"""Cases and teacher assignments through the shared import/export (issue #6, step 7), scoped to the school."""

from datetime import date

import pytest
from django.core.management import call_command

from core import exchange
from core.exchange import run_import
from core.models import ReferenceCounter
from core.roles import INSTITUTION_ADMINISTRATOR
from homeschool.models import HomeSchoolingCase, TeacherAssignment
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


# Issue 10, item 6: a case's status is the workflow's; an imported application is numbered -------
CASE_HEADER = (
    "institution;reference;status;applicant_name;applicant_address;applicant_phone;child_name;child_birth_year;"
    "class_name;programme;education_level;medical_conclusion;medical_organisation;period_start;period_end;"
    "acknowledged;applied_on"
)


def case_row(child, status="submitted", reference=""):
    return (
        f"vtagil-school-8;{reference};{status};Иванова Мария Петровна;г. Верхний Тагил;+7 900 000-00-00;{child};2015;"
        "5 Б;basic;basic;Справка ВК № 17;ГАУЗ СО «Верхнетагильская ГБ»;01.09.2026;31.05.2027;1;25.08.2026"
    )


def cases_csv(*rows):
    return "\n".join([CASE_HEADER, *rows]).encode()


def test_an_import_cannot_create_an_organised_case():
    """The issue's example: no contract, no teacher assignments, no reference, yet organised."""
    report = run_import("homeschool.HomeSchoolingCase", cases_csv(case_row("Петров Илья", "organised")), "x.csv")
    assert [(problem.line, problem.column) for problem in report.problems] == [(2, "Status")]
    assert "“Organise”" in report.problems[0].message
    assert not HomeSchoolingCase.objects.exists()


def test_an_import_cannot_organise_a_stored_case():
    case = CaseFactory()
    raw = cases_csv(case_row(case.child_name, "organised", reference=case.reference))
    report = run_import("homeschool.HomeSchoolingCase", raw, "x.csv")
    assert [(problem.line, problem.column) for problem in report.problems] == [(2, "Status")]
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.SUBMITTED


def test_imported_applications_get_their_reference_numbers_as_on_the_form():
    CaseFactory(applied_on=date(2026, 8, 1))  # HS-2026-00001, taken by the form or the admin
    raw = cases_csv(case_row("Петров Илья"), case_row("Сидорова Анна", status=""))
    preview = run_import("homeschool.HomeSchoolingCase", raw, "x.csv", dry_run=True)
    assert (preview.new, preview.problems) == (2, []), "rows without a reference are new, not repeats"
    assert ReferenceCounter.objects.get(series="HS", year=2026).last_number == 1, "a preview takes no number"
    report = run_import("homeschool.HomeSchoolingCase", raw, "x.csv")
    assert (report.new, report.problems) == (2, [])
    imported = HomeSchoolingCase.objects.filter(child_name__in=["Петров Илья", "Сидорова Анна"]).order_by("child_name")
    assert [(case.child_name, case.reference, case.status) for case in imported] == [
        ("Петров Илья", "HS-2026-00002", "submitted"),
        ("Сидорова Анна", "HS-2026-00003", "submitted"),
    ]
    assert imported[0].history.get().history_change_reason.startswith("Import of x.csv")


def test_an_import_numbers_its_new_cases_in_one_step_after_its_last_row(monkeypatch):
    """Issue 15.2: every row is written under a pending number before the counter is touched, so
    the import never holds it for the whole file; then the new cases are numbered in row order,
    their history rows with the real numbers. A refused import leaves no gap."""
    CaseFactory(applied_on=date(2026, 8, 1))  # HS-2026-00001
    run_rows, seen = exchange.run_rows, {}

    def watched(*args, **kwargs):
        report = run_rows(*args, **kwargs)
        seen["counter"] = ReferenceCounter.objects.get(series="HS", year=2026).last_number
        seen["references"] = list(
            HomeSchoolingCase.objects.exclude(reference="HS-2026-00001").values_list("reference", flat=True)
        )
        return report

    monkeypatch.setattr(exchange, "run_rows", watched)
    children = ["Петров Илья", "Сидорова Анна", "Орлов Павел"]
    report = run_import("homeschool.HomeSchoolingCase", cases_csv(*map(case_row, children)), "x.csv")
    assert (report.new, report.problems) == (3, [])
    assert seen["counter"] == 1, "the rows were written before the counter was taken"
    assert len(seen["references"]) == 3 and all(reference.startswith("~") for reference in seen["references"])
    numbered = {case.child_name: case for case in HomeSchoolingCase.objects.filter(child_name__in=children)}
    assert [numbered[child].reference for child in children] == ["HS-2026-00002", "HS-2026-00003", "HS-2026-00004"]
    assert [numbered[child].history.get().reference for child in children] == [
        "HS-2026-00002",
        "HS-2026-00003",
        "HS-2026-00004",
    ]
    refused = cases_csv(case_row("Новиков Олег"), case_row("Зайцева Ольга", "organised"))
    assert run_import("homeschool.HomeSchoolingCase", refused, "y.csv").problems
    assert ReferenceCounter.objects.get(series="HS", year=2026).last_number == 4
    assert not HomeSchoolingCase.objects.filter(reference__startswith="~").exists()
    assert not HomeSchoolingCase.history.filter(reference__startswith="~").exists()
