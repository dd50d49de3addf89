"""A parent applies for home schooling in Russian (correcting a mistake without retyping), and
the school's administrator runs that very case to the printed contract: documents complete,
order with a teacher, contract with the passport data, curriculum, schedule, organised, then
the contract printed with its appendices (issue #6)."""

import os
import re
from pathlib import Path

import pytest

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import Submission
from homeschool.models import HomeSchoolingCase
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_public_site import serious_violations
from tests.factories import PASSWORD, UserFactory
from tests.forms_app.files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TEACHER = "Орлова Татьяна Викторовна"
# Where the form's screenshots go to be looked at; the other artifacts' folder unless told.
SHOTS = Path(os.environ.get("FORM_SCREENSHOTS", ARTIFACTS))
PARENT = {
    "applicant_name": "Петрова Ольга Николаевна",
    "applicant_address": "г. Верхний Тагил, ул. Жуковского, 7, кв. 12",
    "applicant_phone": "+7 912 345-67-89",
    "applicant_email": "petrova@example.org",
    "child_name": "Петров Артём Игоревич",
    "child_birth_year": "2014",
    "medical_conclusion": "Справка ВК № 48 от 24.08.2026",
    "medical_organisation": "ГАУЗ СО «Верхнетагильская городская больница им. В. О. Морзо»",
    "medical_organisation_address": "г. Верхний Тагил, ул. Маяковского, 32",
    "period_start": "2026-09-01",
    "period_end": "2027-05-31",
}


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def apply_as_parent(page, site_url, axe_source, tmp_path):
    """The parent finds the form on the regulation, makes a mistake in the class, corrects only
    that (and attaches the scan again: files are never kept with an error) and gets the number."""
    scan = tmp_path / "spravka-vk.pdf"
    scan.write_bytes(PDF)
    page.goto(site_url + "/ru/vtagil-school-8/polozhenie-ob-obuchenii-na-domu/")
    page.get_by_role("link", name="Заполнить заявление").click()
    page.wait_for_selector("h1:has-text('Заявление об организации обучения на дому')")
    for name, value in PARENT.items():
        page.fill(f"#id_{name}", value)
    page.fill("#id_class_name", "пятый Б")  # the mistake
    page.get_by_label("Основная общеобразовательная программа").check()
    page.set_input_files("#id_medical_document", scan)
    page.locator("#id_acknowledged").check()
    page.locator("#id_consent").check()
    shoot(page, "form.png")
    page.get_by_role("button", name="Отправить").click()

    page.wait_for_selector("text=Исправьте, пожалуйста, следующее")
    assert page.get_by_text("Укажите класс номером от 1 до 11 и буквой, например 5 Б.").first.is_visible()
    for name, value in PARENT.items():
        assert page.input_value(f"#id_{name}") == value, f"{name} was lost"
    assert page.locator("#id_acknowledged").is_checked() and page.locator("#id_consent").is_checked()
    assert page.locator("#field-medical_document .form-field__reattach").is_visible()
    assert page.locator("#field-pmpk_document .form-field__reattach").count() == 0, "no file was attached there"
    shoot(page, "form-error.png")
    assert serious_violations(page, axe_source) == []

    page.fill("#id_class_name", "5 Б")
    page.set_input_files("#id_medical_document", scan)
    page.get_by_role("button", name="Отправить").click()
    page.wait_for_selector("text=Ваш регистрационный номер")
    submission = Submission.objects.get()
    assert page.get_by_text(submission.reference).is_visible()
    shoot(page, "form-confirmation.png")
    assert serious_violations(page, axe_source) == []
    return HomeSchoolingCase.objects.get(reference=submission.reference)


def create(page, site_url, model, fields, selects=()):
    """Fill the admin's create form of ``model`` and save it; the list must follow."""
    page.goto(f"{site_url}/admin/homeschool/{model}/create/")
    for name, label in selects:
        page.select_option(f"#id_{name}", label=label)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
        page.press(f"#id_{name}", "Tab")  # leave the field, as a person does: a date picker closes
    save(page)
    page.wait_for_load_state()
    errors = [
        f"{error.get_attribute('data-field-name') or error.get_attribute('id')}: {error.inner_text()}"
        for error in page.locator("[data-field-wrapper]:has(.error-message)").all()
    ]
    assert page.url == f"{site_url}/admin/homeschool/{model}/", errors


def save(page):
    """Save the form as a person does: a date picker left open by the last date typed closes first."""
    page.keyboard.press("Escape")
    page.locator("h1").first.click()
    page.locator("form button[type=submit]").last.click()


def create_from_missing(page, site_url, model, fields, selects=()):
    """Issue 11.11: the case list's greyed "Organise" names what is missing; its link opens the
    add form of ``model`` started from the case."""
    page.goto(f"{site_url}/admin/homeschool/homeschoolingcase/")
    organise = page.locator("a.button[aria-disabled=true]", has_text="Organise")
    assert organise.is_visible() and organise.get_attribute("href") is None, "no step to click yet"
    page.locator(f".step-needs a[href*='/admin/homeschool/{model}/create/?case=']").click()
    page.wait_for_url(re.compile(rf"/admin/homeschool/{model}/create/"))
    for name, label in selects:
        page.select_option(f"#id_{name}", label=label)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
        page.press(f"#id_{name}", "Tab")
    save(page)
    page.wait_for_url(f"{site_url}/admin/homeschool/{model}/")


def take_step(page, site_url, label, model="homeschoolingcase"):
    """A workflow step from the list: its button, then the confirmation (a POST)."""
    page.goto(f"{site_url}/admin/homeschool/{model}/")
    page.get_by_role("link", name=label, exact=True).first.click()
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_url(f"{site_url}/admin/homeschool/{model}/")


def test_from_the_parents_application_to_printed_contract(page, site_url, artifacts, axe_source, tmp_path):
    case = apply_as_parent(page, site_url, axe_source, tmp_path)
    assert (case.child_name, case.class_name, case.education_level) == ("Петров Артём Игоревич", "5 Б", "basic")
    school = Institution.objects.get(code="vtagil-school-8")
    UserFactory(username="director", role=INSTITUTION_ADMINISTRATOR, institution=school)
    label = str(case)

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "director")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")

    page.goto(f"{site_url}/admin/homeschool/homeschoolingcase/inspect/{case.pk}/")
    scan = page.get_by_role("link", name=case.medical_document.name.rsplit("/", 1)[-1])
    assert page.request.get(site_url + scan.get_attribute("href")).body() == PDF, "the scan, from the case"
    shoot(page, "admin-case-inspect.png")

    take_step(page, site_url, "Documents complete")
    page.goto(site_url + "/admin/")
    assert page.get_by_text(label).first.is_visible(), "the case waits on the deadlines panel"

    create(
        page,
        site_url,
        "homeschoolingorder",
        {
            "number": "112-од",
            "issued_on": "2026-08-28",
            "specialists": "Кузьмина Н. П., педагог-психолог",
            "responsible_deputy": "Кузнецова Наталья Сергеевна",
            "director_name": "Гайдамака В. В.",
        },
        selects=[("school_year", "2026/2027")],
    )
    create_from_missing(
        page,
        site_url,
        "teacherassignment",
        {"teacher_name": TEACHER, "weekly_hours": "3", "weekly_lessons": "3"},
        selects=[("order", "№ 112-од (28.08.2026)")],
    )
    # The contract starts from the case: the parent's name, address and phone, and the term.
    page.goto(f"{site_url}/admin/homeschool/homeschoolingcase/")
    page.locator(".step-needs a[href*='/admin/homeschool/homeschoolingcontract/create/?case=']").click()
    for name, value in (
        ("parent_name", case.applicant_name),
        ("parent_address", case.applicant_address),
        ("parent_phone", case.applicant_phone),
    ):
        assert page.input_value(f"#id_{name}") == value, f"{name} is not taken from the case"
    assert page.locator("#id_case option:checked").inner_text() == label
    shoot(page, "admin-contract-from-case.png")
    create_from_missing(
        page,
        site_url,
        "homeschoolingcontract",
        {
            "number": "14",
            "concluded_on": "2026-08-28",
            "director_name": "Гайдамака В. В.",
            "passport_series": "6515",
            "passport_number": "482913",
            "passport_issued_on": "2017-03-14",
            "passport_issued_by": "Отделением УФМС России по Свердловской обл.",
            "term_start": "2026-09-01",
            "term_end": "2027-05-31",
        },
    )
    create(
        page,
        site_url,
        "individualcurriculum",
        {
            "programme_name": "Основная общеобразовательная программа основного общего образования",
            "council_date": "2026-08-26",
            "council_protocol": "3",
        },
        selects=[("case", label)],
    )
    create(
        page,
        site_url,
        "curriculumline",
        {
            "subject_area": "Математика и информатика",
            "subject": "Математика",
            "teacher_name": TEACHER,
            "hours_with_teacher": "3",
            "hours_distance": "1",
            "hours_self_study": "1",
        },
        selects=[("curriculum", label), ("part", "Compulsory part")],
    )
    create(page, site_url, "individualschedule", {}, selects=[("case", label)])
    create(
        page,
        site_url,
        "scheduleentry",
        {"subject": "Математика", "starts_at": "10:00", "ends_at": "10:40", "teacher_name": TEACHER},
        selects=[("schedule", label), ("weekday", "Monday")],
    )
    take_step(page, site_url, "Parent agreed", model="individualcurriculum")
    take_step(page, site_url, "Approve", model="individualcurriculum")
    assert page.get_by_text("Approve: ").first.is_visible(), "HS-R5: the teacher's hours match the order"

    # HS-R12: the signed original of the written application reached the school.
    page.goto(f"{site_url}/admin/homeschool/homeschoolingcase/edit/{case.pk}/")
    page.fill("#id_original_received_on", "2026-08-28")
    page.press("#id_original_received_on", "Tab")
    save(page)
    page.wait_for_url(f"{site_url}/admin/homeschool/homeschoolingcase/")
    take_step(page, site_url, "Organise")
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.ORGANISED

    page.goto(f"{site_url}/admin/homeschool/homeschoolingcontract/")
    page.get_by_role("link", name="Print: contract with appendices").click()
    page.wait_for_selector("text=ДОГОВОР № 14")
    text = page.inner_text("body")
    assert "Петров Артём Игоревич" in text and "с 01.09.2026 по 31.05.2027" in text
    assert "Индивидуальный учебный план" in text and "Индивидуальное расписание занятий" in text
    page.screenshot(path=artifacts / "home-schooling-contract.png", full_page=True)
    response = page.request.get(page.url + "?format=pdf")
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
