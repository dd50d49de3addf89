"""A family sends an achievement with its diploma on the school's Russian page, the class teacher
(emishevo-teacher) confirms it and scores the half-year, the printed summary sheet (Appendix 3)
shows the points, and the family signs in by the one-time link from its e-mail, sees the
confirmed achievement, and reaches no other pupil (issue 14)."""

import re

import pytest

from core.roles import REVIEWER
from forms_app.models import Submission
from portfolio.models import Achievement, HalfYearScore
from tests.browser.test_home_schooling import SHOTS
from tests.browser.test_public_site import serious_violations
from tests.factories import PASSWORD, UserFactory
from tests.forms_app.files import PDF
from tests.portfolio.factories import PupilFactory, SchoolClassFactory, emishevo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FAMILY = "sokolovy@example.org"
PHONE = {"width": 390, "height": 844}


def snap(page, name):
    """Desktop and phone screenshots of the page as it is now."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / f"{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def type_into(page, name, text):
    field = page.locator(f"#id_{name}")
    field.click()
    field.press_sequentially(text, delay=20)


def send_achievement(page, site_url, axe_source, tmp_path):
    diploma = tmp_path / "gramota.pdf"
    diploma.write_bytes(PDF)
    page.goto(site_url + "/ru/emishevo-school/polozhenie-o-portfolio/")
    page.get_by_role("link", name="Отправить достижение").click()
    page.wait_for_selector("h1:has-text('Достижение обучающегося в портфолио')")
    type_into(page, "pupil_name", "Соколова Мария")
    page.select_option("#id_school_class", label="5 А")
    type_into(page, "email", FAMILY)
    page.select_option("#id_indicator", label="Интеллектуальный конкурс или проект")
    page.select_option("#id_level", label="Город")
    page.select_option("#id_result", label="Победитель")
    type_into(page, "title", "Городская олимпиада по математике")
    type_into(page, "achieved_on", "15.10.2026")
    page.set_input_files("#id_document", diploma)
    page.locator("#id_consent").check()
    snap(page, "portfolio-form")
    assert serious_violations(page, axe_source) == []
    page.get_by_role("button", name="Отправить").click()
    page.wait_for_selector("text=Ваш регистрационный номер")
    submission = Submission.objects.get()
    assert page.get_by_text(submission.reference).is_visible()
    snap(page, "portfolio-form-confirmation")
    return Achievement.objects.get(reference=submission.reference)


def sign_in_as_teacher(page, site_url):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "emishevo-teacher")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")


def sign_in_as_family(page, site_url, mailoutbox):
    page.goto(site_url + "/ru/my/sign-in/")
    type_into(page, "email", FAMILY)
    page.get_by_role("button", name="Прислать ссылку для входа").click()
    page.wait_for_selector("h1:has-text('Проверьте почту')")
    link = re.search(r"https?://\S+/ru/my/sign-in/\S+/", mailoutbox[-1].body)[0]
    page.goto(link)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(site_url + "/ru/my/")


def test_from_the_familys_achievement_to_the_printed_sheet_and_the_family_area(
    browser, site_url, axe_source, tmp_path, mailoutbox
):
    teacher = UserFactory(username="emishevo-teacher", role=REVIEWER, institution=emishevo(), admin_language="ru")
    school_class = SchoolClassFactory(grade=5, letter="А", class_teacher=teacher)
    pupil = PupilFactory(
        last_name="Соколова", first_name="Мария", patronymic="Игоревна", school_class=school_class, family_email=FAMILY
    )
    other = PupilFactory(last_name="Петров", school_class=school_class, family_email="petrovy@example.org")
    family = browser.new_context(viewport={"width": 1280, "height": 900})
    family.set_default_timeout(20_000)
    parent = family.new_page()
    achievement = send_achievement(parent, site_url, axe_source, tmp_path)
    assert (achievement.pupil, achievement.status, str(achievement.achieved_on)) == (pupil, "submitted", "2026-10-15")
    assert achievement.document.read() == PDF

    school = browser.new_context(viewport={"width": 1280, "height": 900})
    school.set_default_timeout(20_000)
    staff = school.new_page()
    sign_in_as_teacher(staff, site_url)
    staff.goto(f"{site_url}/admin/portfolio/achievement/")
    staff.locator("a[href*='/workflow/'][href$='/confirm/']").first.click()
    staff.get_by_role("button", name="Подтвердить", exact=True).click()
    staff.wait_for_url(f"{site_url}/admin/portfolio/achievement/")
    achievement.refresh_from_db()
    assert achievement.status == "confirmed" and achievement.points() > 0
    points = f"{achievement.points():.2f}".replace(".", ",")

    HalfYearScore.objects.create(institution=emishevo(), pupil=pupil, school_class=school_class, half=1)
    staff.goto(f"{site_url}/admin/portfolio/halfyearscore/")
    staff.locator("a[href*='/workflow/'][href$='/score/']").first.click()
    staff.get_by_role("button", name="Оценить полугодие", exact=True).click()
    staff.wait_for_url(f"{site_url}/admin/portfolio/halfyearscore/")
    staff.goto(f"{site_url}/admin/portfolio/pupil/print/{pupil.pk}/sheet/")
    sheet = staff.locator("body").inner_text()
    assert "ИТОГОВАЯ ВЕДОМОСТЬ" in sheet and "Соколова Мария Игоревна" in sheet and points in sheet
    SHOTS.mkdir(parents=True, exist_ok=True)
    staff.screenshot(path=SHOTS / "portfolio-summary-sheet.png", full_page=True)
    pdf = staff.request.get(f"{site_url}/admin/portfolio/pupil/print/{pupil.pk}/sheet/?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf"

    sign_in_as_family(parent, site_url, mailoutbox)
    parent.get_by_role("link", name="Соколова Мария Игоревна").click()
    parent.wait_for_selector("h1:has-text('Соколова Мария Игоревна')")
    area = parent.locator("main").inner_text()
    assert "Городская олимпиада по математике" in area and "Подтверждено" in area and points in area
    assert "Петров" not in area
    assert serious_violations(parent, axe_source) == []
    snap(parent, "portfolio-family-area")
    assert parent.goto(f"{site_url}/ru/my/portfolio/{other.pk}/").status == 404
    assert parent.goto(f"{site_url}/admin/").url.startswith(f"{site_url}/admin/login/")
    family.close()
    school.close()
