"""`make run`'s college demo: the department's administrator and teacher, and the journal in every
state, loaded once."""

import importlib

import pytest
from django.contrib.auth import get_user_model

from core import deadlines
from core.demo import create_demo_accounts
from correspondence.demo import load_demo_records
from correspondence.models import HomeControlWork, SummonsCertificate, overdue_reviews

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_a_work_in_every_state():
    create_demo_accounts()
    assert load_demo_records() is True
    assert load_demo_records() is False, "a second run creates nothing"
    works = HomeControlWork.objects.filter(institution__code="nhmt")
    assert set(works.values_list("result", flat=True)) == {
        "",
        "passed",
        "failed",
        "wrong_variant",
        "passed_orally",
    }
    assert works.filter(registered_on__isnull=True).count() == 1
    assert [str(work.student) for work in overdue_reviews(works)] == ["Сидоров Дмитрий Олегович"]
    excused = works.get(student__name__startswith="Иванов", discipline__code="МДК.01.01")
    assert (excused.review_due_on - excused.registered_on).days == 14 + 6, "six days of sick leave (6.7)"
    assert SummonsCertificate.objects.filter(issued_on__isnull=False).get().journal_number == 1


def test_the_demo_teacher_sees_only_the_works_they_review_and_the_head_sees_the_overdue_one():
    create_demo_accounts()
    load_demo_records()
    users = get_user_model().objects
    teacher, head = users.get(username="nhmt-teacher"), users.get(username="nhmt-admin")
    theirs = HomeControlWork.objects.for_user(teacher)
    assert theirs.exists() and set(theirs.values_list("teacher__name", flat=True)) == {"Алексеева Наталья Викторовна"}
    overdue, _soon = deadlines.deadlines_for(head)
    assert any(isinstance(entry["record"], HomeControlWork) for entry in overdue)


def test_the_migration_lets_an_existing_nhmt_run_the_domain_once():
    from django.apps import apps

    from core.models import Institution

    migration = importlib.import_module("correspondence.migrations.0002_nhmt_runs_correspondence")
    Institution.objects.filter(code="nhmt").update(domains=["homeschool"])
    migration.run_the_domain(apps, None)
    migration.run_the_domain(apps, None)
    assert Institution.objects.get(code="nhmt").domains == ["homeschool", "correspondence"]


def test_the_demo_has_a_past_session_to_print_the_summary_sheet_debts_and_transfer_from(monkeypatch):
    """Issue 13 item 11 with CO-R17: the correspondence group's last session has grades, two students
    in debt (not admitted without their home control works passed, CO-R5) and two to transfer."""
    from datetime import date

    from core.models import Institution
    from correspondence.models import ExaminationSession
    from correspondence.sheets import after_session

    monkeypatch.setattr(Institution, "today", lambda self: date(2026, 12, 7))
    create_demo_accounts()
    load_demo_records()
    past = ExaminationSession.objects.get(group__code="ТМ-24з", ends_on__lt=date(2026, 12, 7))
    sheet = after_session(past)
    assert [line.discipline.code for line in sheet["lines"]] == ["ОГСЭ.03", "ОГСЭ.04", "ОП.02"]
    assert [row.student.name.split()[0] for row in sheet["debtors"]] == ["Иванов", "Сидоров"]
    assert [student.name.split()[0] for student in sheet["transferred"]] == ["Петрова", "Фёдорова"]
