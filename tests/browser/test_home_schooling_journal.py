"""Issue 20 in the browser, in Russian as the school's demo administrator: a lesson recorded in
the journal, one cancelled because the pupil is ill (a date outside the term refused at the field
with nothing typed lost), the month's lesson sheet and timesheet printed, the year's promotion
decision, then *Renew*, which only it allows (HS-R7, HS-R8, HS-R9). Dates typed as a person types."""

from datetime import timedelta

import pytest

from core.demo import DEMO_PASSWORD, create_demo_accounts
from homeschool.demo import load_demo_records
from homeschool.models import HomeSchoolingCase, Lesson, SchoolCalendar
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_record_dates import type_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ADMIN = "/admin/homeschool/{}/"


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-schooling-{name}.png", full_page=True)


def log_in(page, site_url):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "vtagil-admin")
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
    log_in(page, site_url)

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
    shoot(page, "lesson-sheet")
    page.go_back()
    page.get_by_role("link", name="Печать: табель учёта времени").click()
    page.wait_for_selector("text=ТАБЕЛЬ УЧЕТА РАБОЧЕГО ВРЕМЕНИ")
    assert "Орлова Татьяна Викторовна" in page.inner_text("body")
    shoot(page, "timesheet")

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
