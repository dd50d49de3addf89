"""Issue 20 in the browser, in Russian: the pupil's class teacher records a lesson in the journal
and one cancelled because the pupil is ill (a date outside the term refused at the field with
nothing typed lost), prints the month's lesson sheet and timesheet; the school's administrator
records the year's promotion decision, then *Renew*, which only it allows (HS-R7, HS-R8, HS-R9).
Dates typed as a person types (15.03.2012); the printed documents' PDF text checked."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from core.demo import DEMO_PASSWORD, create_demo_accounts
from homeschool.demo import load_demo_records
from homeschool.models import HomeSchoolingCase, IndividualCurriculum, Lesson, SchoolCalendar
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_record_dates import type_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ADMIN = "/admin/homeschool/{}/"


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-schooling-{name}.png", full_page=True)


def pdf_text(page, url):
    """The text of the PDF of the printed document at ``url`` (its ``format=pdf``)."""
    response = page.request.get(url + ("&" if "?" in url else "?") + "format=pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.body())).pages)


def log_in(page, site_url, username="vtagil-admin"):
    page.context.clear_cookies()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")


def save(page):
    page.keyboard.press("Escape")
    page.locator("h1").first.click()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def record_lesson(page, site_url, case, day, subject, cancelled=False):
    page.goto(site_url + ADMIN.format("lesson") + "create/")
    page.select_option("#id_case", label=str(case))
    type_date(page, page.locator("#id_given_on"), f"{day:%d.%m.%Y}")
    page.fill("#id_subject", subject)
    page.fill("#id_teacher_name", "Орлова Татьяна Викторовна")
    if cancelled:
        page.select_option("#id_status", label="Отменено")
        page.select_option("#id_cancel_reason", label="Ученик болеет")
        type_date(page, page.locator("#id_parent_notified_on"), f"{day:%d.%m.%Y}")
    save(page)


def test_a_term_of_lessons_printed_then_promoted_and_renewed(page, site_url):
    create_demo_accounts()
    load_demo_records()
    case = HomeSchoolingCase.objects.get(status="organised")
    term_start = case.contract.term_start
    log_in(page, site_url, "vtagil-teacher")  # the class teacher keeps the journal (3.3)

    # HS-R7: a day before the contract's term is refused at the field, in Russian; nothing is lost.
    record_lesson(page, site_url, case, term_start - timedelta(days=1), "История")
    assert page.get_by_text("Обучение на дому идёт с").first.is_visible()
    assert page.input_value("#id_subject") == "История"
    assert page.input_value("#id_given_on") == f"{term_start - timedelta(days=1):%d.%m.%Y}"
    shoot(page, "lesson-refused")

    held_on, ill_on = term_start + timedelta(days=1), term_start + timedelta(days=2)
    record_lesson(page, site_url, case, held_on, "История")
    page.wait_for_url(site_url + ADMIN.format("lesson"))
    record_lesson(page, site_url, case, ill_on, "История", cancelled=True)
    page.wait_for_url(site_url + ADMIN.format("lesson"))
    ill = Lesson.objects.get(case=case, given_on=ill_on, subject="История")
    assert (ill.status, ill.cancel_reason, ill.parent_notified_on) == ("cancelled", "pupil_ill", ill_on)

    # The month's sheet and timesheet, printed from the journal filtered by the month.
    page.goto(f"{site_url}{ADMIN.format('lesson')}?month={held_on:%Y-%m}")
    shoot(page, "journal")
    page.get_by_role("link", name="Печать: лист занятий за месяц").click()
    page.wait_for_selector("text=ЛИСТ УЧЕТА ЗАНЯТИЙ НА ДОМУ")
    sheet = page.inner_text("body")
    assert "отменено: ученик болеет" in sheet and "План и факт по неделям" in sheet
    assert "учебный год" in sheet and "Гайдамака В. В." in sheet, "the sheet names its school year and director"
    assert "отменено: ученик болеет" in pdf_text(page, page.url)
    shoot(page, "lesson-sheet")
    page.go_back()
    page.get_by_role("link", name="Печать: табель учёта времени").click()
    page.wait_for_selector("text=ТАБЕЛЬ УЧЕТА РАБОЧЕГО ВРЕМЕНИ")
    assert "Орлова Татьяна Викторовна" in page.inner_text("body")
    # The teacher's row of the PDF: the hours of each day held, then the month's total (HS-R8).
    held = Lesson.objects.filter(
        case=case, status="held", teacher_name="Орлова Татьяна Викторовна", given_on__month=held_on.month
    ).order_by("given_on")
    by_day = {}
    for lesson in held:
        by_day[lesson.given_on] = by_day.get(lesson.given_on, 0) + lesson.hours
    cells = [*by_day.values(), sum(by_day.values())]
    shown = (format(hours.normalize(), "f").replace(".", ",") for hours in cells)  # as floatformat shows them
    row = " ".join(["Орлова Татьяна Викторовна", *shown])
    assert row in pdf_text(page, page.url)
    shoot(page, "timesheet")

    log_in(page, site_url)  # the administration decides the promotion and renews (3.1)

    # HS-R9: Renew waits for the promotion decision and says so; once it is there, one click renews.
    page.goto(site_url + ADMIN.format("homeschoolingcase"))
    assert page.get_by_text("Решения о переводе за этот учебный год ещё нет (п. 3.1).").first.is_visible()
    shoot(page, "cases")
    page.goto(site_url + ADMIN.format("promotiondecision") + "create/")
    page.select_option("#id_case", label=str(case))
    page.select_option("#id_decision", label="Переведён в следующий класс")
    type_date(page, page.locator("#id_decided_on"), "28.05.2027")
    page.fill("#id_council_protocol", "11")
    save(page)
    page.wait_for_url(site_url + ADMIN.format("promotiondecision"))
    shoot(page, "promotions")

    page.goto(site_url + ADMIN.format("homeschoolingcase"))
    page.get_by_role("link", name="Продлить на следующий учебный год", exact=True).first.click()
    page.get_by_role("button", name="Продлить на следующий учебный год", exact=True).click()
    page.wait_for_url(site_url + ADMIN.format("homeschoolingcase"))
    renewal = case.renewals.get()
    assert renewal.class_name == "6 Б" and renewal.documents_received_on is None
    # HS-R10: its documents are not complete until the new application and conclusion are in.
    assert page.get_by_text("Укажите новое медицинское заключение").first.is_visible()
    shoot(page, "renewed")
    # The parent's new written application, signed, and the new medical conclusion typed in: then
    # the documents are complete (HS-R10, HS-R12).
    page.goto(f"{site_url}{ADMIN.format('homeschoolingcase')}edit/{renewal.pk}/")
    type_date(page, page.locator("#id_original_received_on"), f"{renewal.applied_on:%d.%m.%Y}")
    page.check("#id_acknowledged")
    page.fill("#id_medical_conclusion", "Заключение ВК № 77")
    save(page)
    page.wait_for_url(site_url + ADMIN.format("homeschoolingcase"))
    page.get_by_role("link", name="Документы представлены", exact=True).first.click()
    page.get_by_role("button", name="Документы представлены", exact=True).click()
    page.wait_for_url(site_url + ADMIN.format("homeschoolingcase"))
    renewal.refresh_from_db()
    assert renewal.documents_received_on is not None and renewal.medical_conclusion == "Заключение ВК № 77"

    # HS-R11: the new pupil's draft curriculum waits for the parent's agreement; Approve says so.
    draft = IndividualCurriculum.objects.get(approved_on__isnull=True)
    page.goto(f"{site_url}{ADMIN.format('individualcurriculum')}workflow/{draft.pk}/approve/")
    assert page.get_by_text("Согласие родителя ещё не отмечено (п. 2.15).").first.is_visible()
    shoot(page, "approval-refused")
    draft.refresh_from_db()
    assert draft.approved_on is None

    # The lists and documents this issue changed, to look at: the curriculum (kind, school year,
    # withdraw the approval), the written application, the calendar and the curriculum printed alone.
    page.goto(site_url + ADMIN.format("individualcurriculum"))
    assert page.get_by_role("link", name="Отозвать утверждение").first.is_visible()
    shoot(page, "curricula")
    for model, record, document, heading in (
        ("homeschoolingcase", case, "application", "ЗАЯВЛЕНИЕ"),
        ("schoolcalendar", SchoolCalendar.for_case(case), "calendar", "КАЛЕНДАРНЫЙ УЧЕБНЫЙ ГРАФИК"),
        ("individualcurriculum", case.curriculum, "curriculum", "Обязательная часть"),
    ):
        page.goto(f"{site_url}{ADMIN.format(model)}print/{record.pk}/{document}/")
        assert heading in page.inner_text("body")
        shoot(page, f"print-{document}")
        text = pdf_text(page, page.url)
        assert heading in text, document
        if document == "application":
            assert case.applicant_name in text
        if document == "calendar":
            assert "1 четверть" in text and "4 четверть" in text
