"""A parent registers a pupil in Dutch, corrects a mistake without retyping and gets a reference
number; the administrator finds the pupil on the waiting list with the submission (P-F1..P-F3)."""

import pytest

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import Submission
from studysupport.models import WaitingListEntry
from tests.browser.test_public_site import serious_violations
from tests.factories import PASSWORD, InitiativeFactory, UserFactory, recognise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shoot(page, artifacts, name):
    page.screenshot(path=artifacts / name, full_page=True)


def test_a_parent_registers_a_pupil_and_the_administrator_finds_it(page, site_url, artifacts, axe_source):
    gent = Institution.objects.get(code="gent")
    initiative = recognise(InitiativeFactory(institution=gent, name="Huiswerkklas Rabot", keeps_waiting_list=True))

    page.goto(site_url + "/nl/gent/visie-studieondersteuning/")
    page.get_by_role("link", name="Leerling inschrijven").click()
    page.wait_for_selector("h1:has-text('Een leerling inschrijven')")
    page.get_by_label("Een ouder").check()
    page.get_by_label("Voornaam van de leerling").fill("Lina")
    page.get_by_label("Achternaam van de leerling").fill("Peeters")
    page.get_by_label("Basisonderwijs (BaO)").check()
    page.get_by_label("Leerjaar").fill("4")
    page.get_by_label("School", exact=True).fill("Basisschool De Wijze Boom")
    page.get_by_label("Initiatief (optioneel)").select_option(label=initiative.name)
    page.get_by_label("Uw naam").fill("Sara Peeters")
    page.get_by_label("Uw e-mailadres").fill("sara.peeters@")  # the mistake
    page.get_by_label("Ik ga ermee akkoord").check()
    shoot(page, artifacts, "form-filled.png")
    page.get_by_role("button", name="Versturen").click()

    page.wait_for_selector("text=Verbeter het volgende")
    assert page.get_by_text("Voer een geldig e-mailadres in.").first.is_visible()
    assert page.get_by_label("Voornaam van de leerling").input_value() == "Lina"
    assert page.get_by_label("School", exact=True).input_value() == "Basisschool De Wijze Boom"
    assert page.get_by_label("Initiatief (optioneel)").input_value() == str(initiative.pk)
    assert page.get_by_label("Ik ga ermee akkoord").is_checked()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    shoot(page, artifacts, "form-error.png")
    assert serious_violations(page, axe_source) == []

    page.get_by_label("Uw e-mailadres").fill("sara.peeters@example.org")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_selector("text=Uw referentienummer")
    submission = Submission.objects.get()
    assert page.get_by_text(submission.reference).is_visible()
    shoot(page, artifacts, "form-confirmation.png")
    assert serious_violations(page, axe_source) == []

    entry = WaitingListEntry.objects.get(initiative=initiative)
    assert entry.pupil.external_code == submission.reference

    admin = UserFactory(username="beheerder", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")
    page.goto(site_url + "/admin/studysupport/waitinglistentry/")
    assert page.get_by_text(f"Lina Peeters ({submission.reference})").first.is_visible()
    page.goto(f"{site_url}/admin/studysupport/pupil/inspect/{entry.pupil.pk}/")
    assert page.get_by_text(f"Application form {submission.reference}").is_visible()
    assert page.get_by_text("sara.peeters@example.org").is_visible()
    shoot(page, artifacts, "admin-pupil-inspect.png")
    page.goto(f"{site_url}/admin/studysupport/pupil/history/{entry.pupil.pk}/")
    assert page.get_by_text(submission.reference).first.is_visible()
    shoot(page, artifacts, "admin-pupil-history.png")
