"""A student of the Novocheboksarsk college sends a home control work (a DOCX) on the Russian public
form from a phone and gets the number; the secretary (nhmt-admin) registers it in the journal
(CO-R7), the teacher (nhmt-teacher, a reviewer) passes it, and the head of the department sees an
overdue review on the dashboard and in the filtered list (CO-R8; issue 13)."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

from core.demo import DEMO_PASSWORD, create_demo_accounts
from correspondence.models import HomeControlWork
from forms_app.models import Submission
from tests.browser.test_public_site import serious_violations
from tests.correspondence.factories import (
    CurriculumLineFactory,
    DisciplineFactory,
    GroupFactory,
    StudentFactory,
    TeacherFactory,
    WorkFactory,
    college,
)
from tests.forms_app.files import DOCX

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path(os.environ.get("CORRESPONDENCE_SCREENSHOTS", Path(tempfile.gettempdir()) / "shots-coform"))
STUDENT, LATE = "Смирнова Ольга Николаевна", "Сидоров Дмитрий Олегович"
JOURNAL = "/admin/correspondence/homecontrolwork/"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


@pytest.fixture
def journal(site_url):
    """The department: a correspondence group, a discipline its teacher reviews (the nhmt-teacher
    account), the student, and another student's work registered 20 days ago and not reviewed."""
    create_demo_accounts()
    from django.contrib.auth import get_user_model

    teacher = TeacherFactory(
        name="Алексеева Наталья Викторовна", user=get_user_model().objects.get(username="nhmt-teacher")
    )
    group = GroupFactory(code="ТМ-24з")
    mechanics = DisciplineFactory(code="ОП.02", name="Техническая механика")
    technology = DisciplineFactory(code="МДК.01.01", name="Технологические процессы изготовления деталей машин")
    for discipline in (mechanics, technology):
        CurriculumLineFactory(group=group, discipline=discipline, teacher=teacher)
    StudentFactory(code="З-24-017", name=STUDENT, group=group, email="")
    today = college().today()
    late = WorkFactory(
        student=StudentFactory(code="З-24-003", name=LATE, group=group),
        discipline=technology,
        received_on=today - timedelta(days=20),
    )
    late.register(on=today - timedelta(days=20))
    return site_url


def send_work(browser, site_url, axe_source, tmp_path):
    """On a phone: from the Regulation to the form, typed as a person types, a DOCX attached."""
    work = tmp_path / "Смирнова ОП.02 вариант 7.docx"
    work.write_bytes(DOCX)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "/ru/nhmt/polozhenie-o-zaochnom-otdelenii/")
    page.get_by_role("link", name="Отправить работу").click()
    page.wait_for_selector("h1:has-text('Домашняя контрольная работа')")
    for name, value in {"student_code": "з-24-017", "applicant_name": STUDENT, "variant": "7"}.items():
        page.locator(f"#id_{name}").click()
        page.locator(f"#id_{name}").press_sequentially(value)
    page.select_option("#id_group", label="ТМ-24з")
    page.select_option("#id_discipline", label="ОП.02 Техническая механика")
    page.set_input_files("#id_file", work)
    page.locator("#id_email").click()
    page.locator("#id_email").press_sequentially("o.smirnova@example.org")
    shoot(page, "work-form-390.png")
    assert serious_violations(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    page.get_by_role("button", name="Отправить").click()
    page.wait_for_selector("text=Ваш регистрационный номер")
    reference = Submission.objects.get().reference
    assert page.get_by_text(reference).is_visible()
    shoot(page, "work-confirmation-390.png")
    context.close()
    return HomeControlWork.objects.get(student__name=STUDENT)


def signed_in(browser, site_url, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")
    return page


def take_step(page, site_url, work, method, label):
    page.goto(site_url + JOURNAL)
    page.locator(f"a[href*='/workflow/{work.pk}/'][href$='/{method}/']", has_text=label).click()
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_url(site_url + JOURNAL)


def test_from_the_students_work_to_the_heads_overdue_list(browser, journal, axe_source, tmp_path):
    site_url = journal
    work = send_work(browser, site_url, axe_source, tmp_path)
    assert work.file.read() == DOCX and work.registration_number is None

    secretary = signed_in(browser, site_url, "nhmt-admin")
    take_step(secretary, site_url, work, "register", "Зарегистрировать")
    work.refresh_from_db()
    assert work.registration_number == 1 and work.teacher.name == "Алексеева Наталья Викторовна"
    shoot(secretary, "journal-registered.png")

    teacher = signed_in(browser, site_url, "nhmt-teacher")
    teacher.goto(site_url + JOURNAL)
    rows = teacher.locator("table.listing tbody tr")
    assert rows.count() == 2, "the teacher sees the works of their disciplines"
    take_step(teacher, site_url, work, "pass_work", "Рецензия: зачет")
    work.refresh_from_db()
    assert work.result == "passed" and work.reviewed_on == college().today()
    shoot(teacher, "journal-teacher-reviewed.png")

    head = secretary
    head.goto(site_url + "/admin/")
    overdue = head.locator("xpath=//h3[normalize-space()='Просрочено']/following-sibling::*[1]").inner_text()
    assert "Вернуть домашнюю контрольную работу с рецензией (п. 6.7)" in overdue and LATE in overdue
    assert STUDENT not in overdue
    shoot(head, "dashboard-head.png")
    head.goto(site_url + JOURNAL + "?review=overdue")
    listing = head.locator("table.listing tbody").inner_text()
    assert LATE in listing and STUDENT not in listing
    shoot(head, "journal-overdue.png")

    # The journal printed for the works the list shows (CO-R7, clause 6.6): the overdue one only.
    head.get_by_role("link", name="Печать: журнал").click()
    head.wait_for_selector("h1:has-text('ЖУРНАЛ')")
    printed = head.locator("table").first.inner_text()
    assert LATE in printed and STUDENT not in printed and "Технологические процессы" in printed
    shoot(head, "journal-printed.png")


def test_a_summons_certificate_by_post_asks_for_the_address_and_keeps_what_was_typed(browser, site_url, tmp_path):
    """On a phone: asked by post without the address, refused beside the address in Russian (clause
    5.3); the rest stays typed, the address is added and the request gets its number."""
    from correspondence.models import SummonsCertificate
    from tests.correspondence.factories import SessionFactory

    student = StudentFactory(code="З-24-017", name=STUDENT, group=GroupFactory(code="ТМ-24з"), email="")
    today = college().today()
    SessionFactory(
        group=student.group,
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=49),
        timetable_approved_on=today,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "/ru/nhmt/polozhenie-o-zaochnom-otdelenii/")
    page.get_by_role("link", name="Заполнить заявку").click()
    typed = {
        "student_code": "З-24-017",
        "applicant_name": STUDENT,
        "employer": "ПАО «Химпром»",
        "email": "o.smirnova@example.org",
    }
    for name, value in typed.items():
        page.locator(f"#id_{name}").click()
        page.locator(f"#id_{name}").press_sequentially(value)
    page.select_option("#id_session", index=1)
    page.locator("#id_by_post").check()
    page.get_by_role("button", name="Отправить").click()
    error = page.locator("#field-postal_address .form-field__error")
    assert "Укажите адрес, по которому справку направят почтой (п. 5.3 Положения)." in error.inner_text()
    assert page.locator("#id_employer").input_value() == "ПАО «Химпром»" and page.locator("#id_by_post").is_checked()
    shoot(page, "certificate-refused-390.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#id_postal_address").click()
    page.locator("#id_postal_address").press_sequentially("429950, г. Новочебоксарск, ул. Винокурова, д. 10, кв. 5")
    page.get_by_role("button", name="Отправить").click()
    page.wait_for_selector("text=Ваш регистрационный номер")
    certificate = SummonsCertificate.objects.get()
    assert certificate.by_post and certificate.postal_address.startswith("429950") and certificate.issued_on is None
    shoot(page, "certificate-confirmation-390.png")
    context.close()

    # The secretary prints it as the form of order No. 1368, from the certificates' list.
    create_demo_accounts()
    secretary = signed_in(browser, site_url, "nhmt-admin")
    secretary.goto(site_url + "/admin/correspondence/summonscertificate/")
    secretary.get_by_role("link", name="Печать: справка-вызов").click()
    secretary.wait_for_selector("text=СПРАВКА-ВЫЗОВ")
    printed = secretary.locator("body").inner_text()
    assert STUDENT in printed and "ПАО «Химпром»" in printed
    shoot(secretary, "certificate-printed.png")
