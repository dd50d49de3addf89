"""HS-R7, HS-R8 (clauses 2.18-2.19, 3.2-3.3): the lesson journal, planned against held, the
monthly lesson sheet and the teachers' timesheet, computed from the journal."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.exchange import run_import
from homeschool import documents, rules
from homeschool.models import AttestationMark, Lesson
from tests.homeschool.factories import (
    CalendarPeriodFactory,
    ContractFactory,
    LessonFactory,
    MarkFactory,
    ScheduleEntryFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


# HS-R7 ----------------------------------------------------------------------------------------
def test_hs_r7_a_lesson_is_recorded_only_within_the_contracts_term():
    contract = ContractFactory(term_start=date(2026, 9, 1), term_end=date(2027, 5, 31))
    before = LessonFactory.build(institution=contract.institution, case=contract.case, given_on=date(2026, 8, 31))
    assert "01.09.2026" in errors_of(before)["given_on"][0]
    # Days ahead of today: a cancellation the parent announced (3.2), as a held lesson is not yet one.
    ahead = {
        "institution": contract.institution,
        "case": contract.case,
        "status": "cancelled",
        "cancel_reason": "pupil_ill",
    }
    after = LessonFactory.build(**ahead, given_on=date(2027, 6, 1))
    assert "31.05.2027" in errors_of(after)["given_on"][0]
    LessonFactory.build(**ahead, given_on=date(2027, 5, 31)).full_clean()


def test_hs_r7_a_lesson_is_recorded_as_held_only_from_its_day_on(monkeypatch):
    """3.3: the journal reflects the lessons given; a held lesson typed ahead of its day is refused."""
    from core.models import Institution

    today = date(2026, 12, 7)
    monkeypatch.setattr(Institution, "today", lambda institution: today)
    contract = ContractFactory(term_start=date(2026, 9, 1), term_end=date(2027, 5, 31))
    ahead = LessonFactory.build(
        institution=contract.institution, case=contract.case, given_on=today + timedelta(days=1)
    )
    assert "in advance (clause 3.3)" in errors_of(ahead)["given_on"][0]
    ahead.status, ahead.cancel_reason = "cancelled", "pupil_ill"  # the parent told of an illness (3.2)
    ahead.full_clean()
    LessonFactory.build(institution=contract.institution, case=contract.case, given_on=today).full_clean()


def test_hs_r7_no_lesson_after_the_case_ended_early():
    contract = ContractFactory(termination_applied_on=date(2026, 11, 2), ended_on=date(2026, 11, 10))
    late = LessonFactory.build(institution=contract.institution, case=contract.case, given_on=date(2026, 11, 11))
    assert "10.11.2026" in errors_of(late)["given_on"][0]


def test_hs_r7_no_lesson_after_the_case_was_closed():
    """HS-R7: a case the daily run closed (back in class, 2.8) takes no lesson after that day, even
    inside the contract's term."""
    contract = ContractFactory(term_start=date(2026, 9, 1), term_end=date(2027, 5, 31))
    contract.case.end_term("returned", date(2026, 11, 20))
    late = LessonFactory.build(institution=contract.institution, case=contract.case, given_on=date(2026, 11, 23))
    assert "20.11.2026" in errors_of(late)["given_on"][0]
    LessonFactory.build(institution=contract.institution, case=contract.case, given_on=date(2026, 11, 20)).full_clean()


def test_hs_r7_a_lesson_needs_the_contract():
    from tests.homeschool.factories import CaseFactory

    lesson = LessonFactory.build(case=CaseFactory())
    assert "clause 2.4" in errors_of(lesson)["case"][0]


def test_hs_r7_a_cancelled_lesson_names_its_reason_and_a_held_one_none():
    case = ContractFactory().case
    cancelled = LessonFactory.build(institution=case.institution, case=case, status="cancelled")
    assert "clause 3.2" in errors_of(cancelled)["cancel_reason"][0]
    cancelled.cancel_reason, cancelled.parent_notified_on = "pupil_ill", date(2026, 9, 7)
    cancelled.full_clean()
    held = LessonFactory.build(institution=case.institution, case=case, cancel_reason="other")
    assert errors_of(held)["cancel_reason"]


def test_hs_r7_planned_against_held_per_week_names_the_gaps():
    """The approved schedule plans two lessons a week; the journal holds one held, one cancelled."""
    contract = ContractFactory()
    case = contract.case
    schedule = ScheduleFactory(case=case, institution=case.institution)
    ScheduleEntryFactory(schedule=schedule, weekday=1, subject="Математика")
    ScheduleEntryFactory(schedule=schedule, weekday=3, subject="Русский язык")
    schedule.record_parent_agreement()
    schedule.approve()
    LessonFactory(case=case, given_on=date(2026, 9, 7))  # Monday, maths held
    LessonFactory(
        case=case, given_on=date(2026, 9, 9), subject="Русский язык", status="cancelled", cancel_reason="pupil_ill"
    )
    weeks = rules.planned_against_held(case, date(2026, 9, 7), date(2026, 9, 13), list(case.lessons.all()))
    assert weeks == [
        {"monday": date(2026, 9, 7), "planned": 2, "held": 1, "gaps": [(date(2026, 9, 9), "Русский язык")]}
    ]


def test_hs_r7_holidays_plan_nothing_and_a_lesson_on_them_is_flagged():
    contract = ContractFactory()
    case = contract.case
    schedule = ScheduleFactory(case=case, institution=case.institution)
    ScheduleEntryFactory(schedule=schedule, weekday=2)
    schedule.record_parent_agreement()
    schedule.approve()
    CalendarPeriodFactory(starts_on=date(2026, 10, 26), ends_on=date(2026, 11, 3))
    weeks = rules.planned_against_held(case, date(2026, 10, 26), date(2026, 11, 1), [])
    assert weeks[0]["planned"] == 0, "the Tuesday falls in the autumn holidays"
    assert LessonFactory(case=case, given_on=date(2026, 10, 27)).on_holiday()
    assert not LessonFactory(case=case, given_on=date(2026, 11, 10)).on_holiday()


def test_hs_r7_an_unapproved_schedule_plans_nothing():
    case = ContractFactory().case
    ScheduleEntryFactory(schedule=ScheduleFactory(case=case, institution=case.institution), weekday=1)
    assert rules.planned_against_held(case, date(2026, 9, 7), date(2026, 9, 13), [])[0]["planned"] == 0


# HS-R8 ----------------------------------------------------------------------------------------
def test_hs_r8_the_timesheet_adds_the_hours_held_per_teacher_and_month():
    case = ContractFactory().case
    LessonFactory(case=case, given_on=date(2026, 9, 7), hours=Decimal("1"))
    LessonFactory(case=case, given_on=date(2026, 9, 8), subject="Алгебра", hours=Decimal("1.5"))
    LessonFactory(case=case, given_on=date(2026, 9, 9), status="cancelled", cancel_reason="teacher_absent")
    LessonFactory(case=case, given_on=date(2026, 9, 9), subject="Чтение", teacher_name="Белова Ирина Сергеевна")
    LessonFactory(case=case, given_on=date(2026, 10, 1))
    sheets = documents.timesheet(Lesson.objects.all())["sheets"]
    assert [sheet["month"] for sheet in sheets] == [date(2026, 9, 1), date(2026, 10, 1)]
    september = {row["teacher"]: row["total"] for row in sheets[0]["rows"]}
    assert september == {"Белова Ирина Сергеевна": Decimal("1"), "Орлова Татьяна Викторовна": Decimal("2.5")}
    assert len(sheets[0]["days"]) == 30 and sheets[0]["rows"][1]["by_day"][7] == Decimal("1.5")


def test_hs_r8_the_timesheet_is_never_typed():
    assert not [field for field in Lesson._meta.get_fields() if "total" in field.name]


# Exchange -------------------------------------------------------------------------------------
@pytest.mark.parametrize("label", ["homeschool.Lesson", "homeschool.AttestationMark"])
def test_the_journal_and_marks_export_and_reimport_unchanged(label, tmp_path):
    case = ContractFactory().case
    LessonFactory(case=case, status="cancelled", cancel_reason="pupil_ill", parent_notified_on=date(2026, 9, 7))
    MarkFactory(case=case)
    path = tmp_path / "export.csv"
    call_command("export_records", label, "--format", "csv", "-o", str(path))
    report = run_import(label, path.read_bytes(), "export.csv")
    assert (report.new, report.updated, report.invalid, report.unchanged) == (0, 0, 0, 1), report.problems


def test_an_imported_lesson_outside_the_term_is_refused_by_line():
    case = ContractFactory().case
    raw = (
        "institution;case;given_on;subject;teacher_name;hours;status;cancel_reason\n"
        f"vtagil-school-8;{case.reference};15.09.2026;Математика;Орлова Т. В.;1;held;\n"
        f"vtagil-school-8;{case.reference};15.06.2027;Математика;Орлова Т. В.;1;held;\n"
    ).encode()
    report = run_import("homeschool.Lesson", raw, "журнал.csv")
    assert report.problems and report.problems[0].line == 3
    assert not Lesson.objects.exists() and not AttestationMark.objects.exists()


def test_the_sheet_and_the_timesheet_print_complete_on_their_own(client):
    """Each document prints complete on its own (spec, Documents): the school year and the director
    of the calendar school schedule, on the lesson sheet and the timesheet, HTML and PDF."""
    from pypdf import PdfReader

    from core.roles import INSTITUTION_ADMINISTRATOR
    from tests.factories import UserFactory
    from tests.homeschool.factories import CalendarFactory, school_8

    CalendarFactory(school_year=2026, director_name="Гайдамака В. В.")
    LessonFactory(given_on=date(2026, 9, 7))
    client.force_login(UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    for document, heading in (("sheet", "ЛИСТ УЧЕТА"), ("timesheet", "ТАБЕЛЬ")):
        url = f"/admin/homeschool/lesson/print_list/{document}/?month=2026-09"
        html = client.get(url).content.decode()
        assert heading in html and "2026/2027 учебный год" in html and "Гайдамака В. В." in html, document
        pdf = client.get(url + "&format=pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "2026/2027" in text and "Гайдамака" in text and "Орлова" in text, document
