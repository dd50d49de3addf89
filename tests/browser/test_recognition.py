"""A student applies in Ukrainian on the university's public page (Appendix 1 with the declaration
of Appendix 2 and a scan), and the department's administrator, in a Ukrainian admin, takes that
application through registration, the check, the department's decision, the commission's
signatures and decision to the printed protocol (Appendix 3; issue 12)."""

import pytest

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import Submission
from recognition.models import RecognitionApplication
from tests.browser.test_home_schooling import save, shoot
from tests.browser.test_public_site import serious_violations
from tests.factories import PASSWORD, UserFactory
from tests.forms_app.files import PDF
from tests.recognition.factories import DisciplineFactory, StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
STUDENT = "Бондаренко Ірина Олегівна"
HEAD, TEACHER = "Кравець Олег Петрович", "Гончаренко Віктор Андрійович"
ADMIN = "/admin/recognition/"


def apply_as_student(page, site_url, axe_source, tmp_path):
    scan = tmp_path / "sertyfikat.pdf"
    scan.write_bytes(PDF)
    page.goto(site_url + "/uk/metinvest-polytechnic/polozhennia-pro-vyznannia-rezultativ-navchannia/")
    page.get_by_role("link", name="Заповнити заяву").click()
    page.wait_for_selector("h1:has-text('Заява про визнання результатів навчання')")
    typed = {
        "student_code": "kn-2301",
        "applicant_name": STUDENT,
        "email": "i.bondarenko@example.org",
        "course": "3",
        "group": "КН-23",
        "faculty": "Факультет інформаційних технологій",
        "line1_outcomes": "Проєктування реляційних баз даних, запити SQL, нормалізація",
        "line1_provider": "Онлайн-курс «Бази даних» на платформі Prometheus",
        "line1_period_from": "2026-02-01",
        "line1_period_until": "2026-05-31",
        "document1_title": "Сертифікат про успішне завершення курсу",
        "document1_issued_on": "2026-06-01",
        "document1_issuer": "Prometheus",
        "document1_issuer_website": "https://prometheus.org.ua",
        "document1_course_name": "Бази даних",
        "document1_volume": "90 годин",
    }
    for name, value in typed.items():
        field = page.locator(f"#id_{name}")
        if field.get_attribute("type") == "date":  # the browser's date picker takes the ISO value
            field.fill(value)
        else:
            field.click()
            field.press_sequentially(value)
    page.get_by_label("Перший (бакалаврський) рівень").check()
    page.get_by_label("Дисципліна повністю як семестровий контроль").check()
    page.get_by_label("Неформальна освіта").check()
    page.select_option("#id_discipline", label="Бази даних (3)")
    page.select_option("#id_document1_issued_in", label="Україна")
    page.set_input_files("#id_document1_scan", scan)
    page.locator("#id_acknowledged").check()
    page.locator("#id_consent").check()
    shoot(page, "recognition-form.png")
    assert serious_violations(page, axe_source) == []
    page.get_by_role("button", name="Надіслати").click()
    page.wait_for_selector("text=Ваш реєстраційний номер")
    submission = Submission.objects.get()
    assert page.get_by_text(submission.reference).is_visible()
    shoot(page, "recognition-form-confirmation.png")
    assert serious_violations(page, axe_source) == []
    return RecognitionApplication.objects.get(reference=submission.reference)


def take_step(page, site_url, method, label, model="recognitionapplication"):
    """A workflow step from the list: its button (not the status filter of the same name), then
    the confirmation (a POST)."""
    page.goto(f"{site_url}{ADMIN}{model}/")
    page.locator(f"a[href*='/workflow/'][href$='/{method}/']", has_text=label).first.click()
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_url(f"{site_url}{ADMIN}{model}/")


def fill_and_save(page, site_url, url, model, fields, selects=(), checks=()):
    page.goto(site_url + url)
    for name, label in selects:
        page.select_option(f"#id_{name}", label=label)
    for name in checks:
        page.locator(f"#id_{name}").check()
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
        page.press(f"#id_{name}", "Tab")
    save(page)
    page.wait_for_url(f"{site_url}{ADMIN}{model}/")


def test_from_the_students_application_to_the_printed_protocol(page, site_url, axe_source, tmp_path):
    student = StudentFactory(
        code="kn-2301",
        full_name=STUDENT,
        course=3,
        group="КН-23",
        faculty="Факультет інформаційних технологій",
        email="",
    )
    DisciplineFactory(programme=student.programme, name="Бази даних", semester=3)
    application = apply_as_student(page, site_url, axe_source, tmp_path)
    assert application.documents.get().scan.read() == PDF
    university = Institution.objects.get(code="metinvest-polytechnic")
    UserFactory(username="kafedra", role=INSTITUTION_ADMINISTRATOR, institution=university, admin_language="uk")
    label = str(application)

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "kafedra")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")

    take_step(page, site_url, "register", "Зареєструвати")
    take_step(page, site_url, "mark_sufficient", "Інформації достатньо")
    fill_and_save(
        page,
        site_url,
        f"{ADMIN}recognitionapplication/edit/{application.pk}/",
        "recognitionapplication",
        {
            "department_protocol_number": "4",
            "department_protocol_date": "2026-10-09",
            "commission_order_number": "17-р",
            "commission_order_date": "2026-10-09",
        },
    )
    take_step(page, site_url, "proceed", "Продовжити процедуру")
    members = ((HEAD, "Завідувач випускової кафедри", ("chairs",)), (TEACHER, "Викладач дисципліни", ()))
    for name, role, checks in members:
        fill_and_save(
            page,
            site_url,
            f"{ADMIN}commissionmember/create/",
            "commissionmember",
            {"full_name": name},
            selects=[("application", label), ("role", role)],
            checks=checks,
        )
    for _member in (HEAD, TEACHER):
        take_step(page, site_url, "sign", "Підписати", model="commissionmember")
    fill_and_save(
        page,
        site_url,
        f"{ADMIN}decision/create/",
        "decision",
        {"protocol_number": "7", "decided_on": "2026-10-20", "points": "92"},
        selects=[("application", label), ("outcome", "Визнати як оцінку семестрового контролю без валідації")],
    )
    take_step(page, site_url, "decide", "Ухвалити рішення")
    application.refresh_from_db()
    assert application.status == RecognitionApplication.Status.RECOGNISED
    shoot(page, "recognition-admin-list.png")

    page.goto(f"{site_url}{ADMIN}recognitionapplication/print/{application.pk}/protocol/")
    text = page.locator("body").inner_text()
    assert "ПРОТОКОЛ № 7" in text and STUDENT in text and "«Бази даних»" in text
    assert "ПОВНУ ВІДПОВІДНІСТЬ" in text and HEAD in text and TEACHER in text
    shoot(page, "recognition-protocol.png")
    pdf = page.request.get(f"{site_url}{ADMIN}recognitionapplication/print/{application.pk}/protocol/?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf"
