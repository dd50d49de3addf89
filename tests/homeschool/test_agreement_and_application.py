"""HS-R11 (clauses 2.15-2.16): approval after the parent's agreement, a schedule with lessons,
approved lines locked; HS-R12 (clause 2.1, Appendix 1): the written application, signed and
received, before the case is organised; item 7: the calendar school schedule and the curriculum's
content; printed documents checked as PDF text."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from core.admin import printed_document_url
from core.exchange import run_import
from core.roles import INSTITUTION_ADMINISTRATOR
from homeschool.demo import load_demo_records
from homeschool.models import HomeSchoolingCase, Lesson, SchoolCalendar
from tests.factories import UserFactory
from tests.homeschool.factories import (
    AssignmentFactory,
    CalendarFactory,
    CaseFactory,
    ContractFactory,
    CurriculumFactory,
    CurriculumLineFactory,
    ScheduleEntryFactory,
    ScheduleFactory,
    school_8,
)
from tests.homeschool.test_documents import pdf_text

pytestmark = pytest.mark.django_db


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


# HS-R11 ---------------------------------------------------------------------------------------
def test_hs_r11_approve_is_refused_without_the_parents_agreement():
    line = CurriculumLineFactory()
    AssignmentFactory(case=line.curriculum.case, weekly_hours=line.hours_with_teacher)
    curriculum = line.curriculum
    with pytest.raises(ValidationError, match="clause 2.15"):
        curriculum.approve()
    curriculum.record_parent_agreement()
    curriculum.approve()
    assert curriculum.agreed_on and curriculum.approved_on


def test_hs_r11_the_curriculum_needs_the_councils_meeting():
    curriculum = CurriculumFactory(council_date=None, council_protocol="")
    curriculum.record_parent_agreement()
    with pytest.raises(ValidationError, match="clause 2.13"):
        curriculum.approve()


def test_hs_r11_an_empty_schedule_is_not_approved_and_approved_lessons_are_locked():
    schedule = ScheduleFactory()
    schedule.record_parent_agreement()
    with pytest.raises(ValidationError, match="clause 2.16"):
        schedule.approve()
    entry = ScheduleEntryFactory(schedule=schedule)
    schedule.approve()
    entry.refresh_from_db()
    entry.starts_at, entry.ends_at = time(11), time(11, 40)
    assert "clause 2.16" in errors_of(entry)["__all__"][0]
    schedule.withdraw_approval()
    assert schedule.agreed_on is None, "a new version is agreed again"
    entry.schedule.refresh_from_db()
    entry.full_clean()


def test_hs_r11_an_edit_or_import_cannot_set_the_approval():
    schedule = ScheduleFactory()
    schedule.approved_on = date(2026, 9, 1)
    assert errors_of(schedule)["approved_on"]


# HS-R12 ---------------------------------------------------------------------------------------
def ready(**fields):
    case = CaseFactory(documents_received_on=date(2026, 8, 26), **fields)
    AssignmentFactory(case=case)
    ContractFactory(case=case)
    return case


def test_hs_r12_organise_needs_the_signed_original_and_the_acknowledgements():
    case = ready(original_received_on=None, acknowledged=False)
    lacks = [str(need.message) for need in case.organise_needs()]
    assert len(lacks) == 2 and all("clause 2.1" in lack for lack in lacks)
    with pytest.raises(ValidationError):
        case.organise()
    case.original_received_on, case.acknowledged = date(2026, 8, 26), True
    case.save()
    case.organise()
    assert case.status == HomeSchoolingCase.Status.ORGANISED


def test_hs_r12_an_import_cannot_set_organised():
    case = ready(original_received_on=None)
    raw = (
        "institution;reference;status;applicant_name;applicant_address;applicant_phone;child_name;child_birth_year;"
        "class_name;programme;education_level;medical_conclusion;medical_organisation;period_start;period_end\n"
        f"vtagil-school-8;{case.reference};organised;{case.applicant_name};{case.applicant_address};"
        f"{case.applicant_phone};{case.child_name};2015;5 Б;basic;basic;{case.medical_conclusion};"
        f"{case.medical_organisation};01.09.2026;31.05.2027\n"
    ).encode()
    report = run_import("homeschool.HomeSchoolingCase", raw, "cases.csv")
    assert report.problems
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.SUBMITTED


# Item 7 ---------------------------------------------------------------------------------------
def test_the_calendar_lies_within_its_school_year_once_per_school():
    wrong = CalendarFactory.build(starts_on=date(2026, 9, 1), ends_on=date(2027, 9, 30))
    assert errors_of(wrong)["ends_on"]
    CalendarFactory()
    again = CalendarFactory.build()
    assert errors_of(again)


def test_the_curriculum_takes_its_school_year_and_splits_the_weekly_load():
    curriculum = CurriculumFactory(kind="sipr")
    CurriculumLineFactory(curriculum=curriculum, part="compulsory")
    CurriculumLineFactory(curriculum=curriculum, part="participants", subject="Финансы", hours_with_teacher=0)
    CurriculumLineFactory(curriculum=curriculum, part="correctional", subject="Логопедия", hours_with_teacher=0)
    curriculum.full_clean()
    assert curriculum.school_year == 2026
    load = curriculum.weekly_load()
    assert (load["compulsory"], load["participants"], load["extracurricular"], load["total"]) == (5, 2, 2, 9)


# Printed documents ------------------------------------------------------------------------------
@pytest.fixture
def demo(client):
    admin = UserFactory(username="vtagil-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    load_demo_records()
    client.force_login(admin)
    return HomeSchoolingCase.objects.get(status="organised")


def test_the_written_application_prints_appendix_1(client, demo):
    text, _pages = pdf_text(client.get(printed_document_url(demo, "application"), {"format": "pdf"}), "application")
    assert "ЗАЯВЛЕНИЕ" in text and demo.applicant_name in text and demo.child_name in text
    assert "Гайдамака В. В." in text and "подпись / расшифровка" in text


def test_the_calendar_prints_its_quarters_and_is_among_the_cases_documents(client, demo):
    calendar = SchoolCalendar.for_case(demo)
    text, _pages = pdf_text(client.get(printed_document_url(calendar, "calendar"), {"format": "pdf"}), "calendar")
    assert "КАЛЕНДАРНЫЙ УЧЕБНЫЙ ГРАФИК" in text and "1 четверть" in text and "Осенние каникулы" in text
    listing = client.get("/admin/homeschool/homeschoolingcase/").content.decode()
    assert printed_document_url(calendar, "calendar") in listing


def test_the_curriculum_prints_complete_on_its_own(client, demo):
    curriculum = demo.curriculum
    text, _pages = pdf_text(client.get(printed_document_url(curriculum, "curriculum"), {"format": "pdf"}), "iup")
    assert f"на {curriculum.school_year}/{curriculum.school_year + 1} уч. год" in text and "____ уч. год" not in text
    assert "Гайдамака В. В." in text and "протокол от" in text and "Обязательная часть" in text


def test_the_monthly_sheet_and_the_timesheet_print_from_the_journal(client, demo):
    lesson = demo.lessons.filter(status="cancelled").get()
    month = f"{lesson.given_on:%Y-%m}"
    url = "/admin/homeschool/lesson/print_list/{}/"
    sheet, _ = pdf_text(client.get(url.format("sheet"), {"month": month, "format": "pdf"}), "sheet")
    assert "ЛИСТ УЧЕТА ЗАНЯТИЙ НА ДОМУ" in sheet and "отменено: ученик болеет" in sheet and "По расписанию" in sheet
    timesheet, _ = pdf_text(client.get(url.format("timesheet"), {"month": month, "format": "pdf"}), "timesheet")
    held = Lesson.objects.filter(
        case=demo,
        status="held",
        teacher_name__startswith="Орлова",
        given_on__year=lesson.given_on.year,
        given_on__month=lesson.given_on.month,
    ).count()
    assert "ТАБЕЛЬ УЧЕТА РАБОЧЕГО ВРЕМЕНИ" in timesheet
    # The teacher's row: one hour on each day of a lesson held, then the month's total.
    assert f"Орлова Татьяна Викторовна {' '.join(['1'] * held)} {held} " in timesheet
