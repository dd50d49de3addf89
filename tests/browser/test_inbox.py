"""Issue 11, items 9 and 10: a volunteer signs up in Dutch; the institution's administrator gets
the e-mail, linking to the portal where it runs, and finds the application and the screening it
waits for in the dashboard's inbox."""

import re

import pytest
from django.core import mail

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import DomainFormPage, Submission
from studysupport.models import Volunteer
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_new_application_shows_up_in_the_administrators_inbox(page, site_url, artifacts):
    gent = Institution.objects.get(code="gent")
    DomainFormPage.objects.filter(slug="vrijwilliger-worden").update(notification_addresses="")
    admin = UserFactory(
        username="beheerder", email="beheerder@stad.gent", role=INSTITUTION_ADMINISTRATOR, institution=gent
    )

    page.goto(site_url + "/nl/gent/vrijwilliger-worden/")
    for field, typed in (("first_name", "Jonas"), ("last_name", "Declercq"), ("email", "jonas@example.org")):
        page.locator(f"#id_{field}").press_sequentially(typed)
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_selector("text=Uw referentienummer")
    reference = Submission.objects.get().reference

    [notice] = [message for message in mail.outbox if message.to == [admin.email]]
    volunteer = Volunteer.objects.get(last_name="Declercq")
    assert f"{site_url}/admin/studysupport/volunteer/inspect/{volunteer.pk}/" in notice.body

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")
    inbox = page.locator("#inbox-content, [id^=inbox]").first
    assert inbox.get_by_text("New applications").is_visible()
    assert inbox.get_by_role("link", name=reference).is_visible()
    assert inbox.get_by_role("link", name="Jonas Declercq").is_visible()
    page.screenshot(path=artifacts / "admin-inbox.png", full_page=True)

    inbox.get_by_role("link", name=re.compile("^Volunteers$", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(r"/admin/studysupport/volunteer/\?waiting=me$"))
    assert page.get_by_role("link", name="Approve screening").first.is_visible()
    assert page.get_by_text("Jonas").first.is_visible()
