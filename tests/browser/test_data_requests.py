"""Issue 16.9 in the browser: Ghent's administrator, in Dutch, finds a volunteer by name, sees
what would be erased, erases it; the volunteer's name is gone from the record and its history."""

import pytest
from playwright.sync_api import expect

from core.models import DataRemoval, Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Volunteer
from tests.factories import PASSWORD, InitiativeFactory, UserFactory, VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_administrator_erases_a_volunteers_data_in_dutch(page, site_url, artifacts):
    gent = Institution.objects.get(code="gent")
    admin = UserFactory(username="beheerder", role=INSTITUTION_ADMINISTRATOR, institution=gent, admin_language="")
    initiative = InitiativeFactory(institution=gent)
    volunteer = VolunteerFactory(
        institution=gent, initiative=initiative, first_name="Jonas", last_name="Declercq", email="jonas@example.org"
    )

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")
    page.goto(site_url + "/admin/personal-data/")
    page.screenshot(path=artifacts / "data-request-empty.png", full_page=True)
    page.locator("#id_name").press_sequentially("Jonas Declercq")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("cell", name="Jonas Declercq").first).to_be_visible()  # waits for the results
    page.screenshot(path=artifacts / "data-request-found.png", full_page=True)

    page.get_by_role("button", name="Wissen…").click()
    page.wait_for_selector("text=Dit kan niet ongedaan worden gemaakt")
    page.screenshot(path=artifacts / "data-request-confirm.png", full_page=True)
    page.get_by_role("button", name="De gegevens van de persoon wissen").click()
    page.wait_for_selector("text=De gegevens van de persoon zijn gewist")
    page.screenshot(path=artifacts / "data-request-erased.png", full_page=True)

    volunteer.refresh_from_db()
    assert "Jonas" not in str(list(Volunteer.history.filter(id=volunteer.pk).values("first_name", "last_name")))
    assert volunteer.first_name != "Jonas" and DataRemoval.objects.filter(kind="erasure").exists()
