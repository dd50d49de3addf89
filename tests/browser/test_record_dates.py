"""A date typed into a record form is kept as typed, in the user's language (issue 11, item 1).

Wagtail's date picker used to write today's date over 15.03.2012 when the field lost focus.
Here a person types dates key by key into a form of each domain (study support in Dutch, home
schooling in Russian, the test library in Ukrainian), leaves the field with Tab, and saves."""

from datetime import date

import pytest
from wagtail.users.models import UserProfile

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import TrainingSession
from tests.factories import PASSWORD, InstitutionFactory, UserFactory
from tests.homeschool.factories import ContractFactory
from tests.testdomain.models import Book, Loan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, site_url, institution, language):
    user = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=institution)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")


def type_date(page, field, text):
    """Clear the field and type ``text`` as a person does, then leave the field."""
    field.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    field.press_sequentially(text, delay=30)
    page.keyboard.press("Tab")
    assert field.input_value() == text, "the picker replaced what was typed"
    assert page.locator(".xdsoft_datetimepicker:visible").count() == 0, "the picker closes when the field is left"


def save(page):
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_study_support_in_dutch(page, site_url):
    log_in(page, site_url, Institution.objects.get(code="gent"), "nl")
    page.goto(site_url + "/admin/studysupport/trainingsession/create/")
    page.fill("#id_topic", "Intervisie")
    type_date(page, page.locator("#id_date"), "15.03.2012")
    save(page)
    assert TrainingSession.objects.get(topic="Intervisie").date == date(2012, 3, 15)

    # The picker's own format: a day clicked in the calendar is written as the language writes it.
    session = TrainingSession.objects.get()
    page.goto(f"{site_url}/admin/studysupport/trainingsession/edit/{session.pk}/")
    assert page.input_value("#id_date") == "15.03.2012"
    page.locator("#id_date").click()
    page.locator(".xdsoft_datetimepicker:visible td.xdsoft_date[data-date='20']:not(.xdsoft_other_month)").click()
    assert page.input_value("#id_date") == "20.03.2012"
    save(page)
    session.refresh_from_db()
    assert session.date == date(2012, 3, 20)


def test_home_schooling_in_russian(page, site_url):
    contract = ContractFactory(institution=Institution.objects.get(code="vtagil-school-8"))
    log_in(page, site_url, contract.institution, "ru")
    edit_url = f"{site_url}/admin/homeschool/homeschoolingcontract/edit/{contract.pk}/"
    page.goto(edit_url)
    passport = page.locator("#id_passport_issued_on")
    assert passport.input_value() == "14.03.2012"

    type_date(page, passport, "14.13.2017")  # a slip: no 13th month
    save(page)
    assert page.get_by_text("Введите правильную дату, например").first.is_visible()
    assert passport.input_value() == "14.13.2017", "what was typed stays to be corrected"
    contract.refresh_from_db()
    assert contract.passport_issued_on == date(2012, 3, 14)

    type_date(page, passport, "14/03/2017")
    type_date(page, page.locator("#id_concluded_on"), "28.08.2026")
    save(page)
    assert page.url == f"{site_url}/admin/homeschool/homeschoolingcontract/"
    contract.refresh_from_db()
    assert (contract.passport_issued_on, contract.concluded_on) == (date(2017, 3, 14), date(2026, 8, 28))


def test_test_domain_in_ukrainian(page, site_url):
    library = InstitutionFactory(code="test-library", language="uk", country="UA")
    Book.objects.create(institution=library, code="b1", title="Кобзар")
    log_in(page, site_url, library, "uk")
    page.goto(site_url + "/admin/testdomain/loan/create/")
    page.select_option("#id_book", label="Кобзар")
    page.fill("#id_borrower", "Олена")
    type_date(page, page.locator("#id_lent_on"), "2012-03-15")  # ISO, not the picker's format
    save(page)
    assert Loan.objects.get().lent_on == date(2012, 3, 15)


def test_a_page_scheduled_in_dutch_keeps_its_typed_date(page, site_url, artifacts):
    """Communication staff type the go-live date of a page; Wagtail's stock picker used to write
    today over it, the page forms now read it as typed (core.dates.LocalPublishingPanel)."""
    from wagtail.models import Page

    from core.roles import COMMUNICATION_STAFF

    user = UserFactory(role=COMMUNICATION_STAFF, admin_language="nl")
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")
    vision = Page.objects.get(slug="visie-studieondersteuning")
    page.goto(f"{site_url}/admin/pages/{vision.pk}/edit/")
    page.locator("[data-side-panel-toggle='status']").click()
    page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").click()
    go_live = page.locator("#schedule-publishing-dialog input[name='go_live_at']")
    go_live.click()
    go_live.press_sequentially("15.03.2027 10:30", delay=30)
    page.locator("#schedule-publishing-dialog").get_by_role("heading").first.click()  # leave the field
    assert go_live.input_value() == "15.03.2027 10:30", "the picker replaced what was typed"
    assert page.locator(".xdsoft_datetimepicker:visible").count() == 0, "the picker closes when the field is left"
    page.screenshot(path=artifacts / "page-schedule-nl.png")
    page.locator("#schedule-publishing-dialog button[type=submit]").click()
    page.wait_for_load_state()
    revision = Page.objects.get(pk=vision.pk).latest_revision
    assert revision.content["go_live_at"].startswith("2027-03-15T")
