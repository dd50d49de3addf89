"""SS-R4, SS-R9 in the browser, in Dutch: an initiative applies on the public form, is not offered to
parents, the city's staff type the decision date and the awarded amount and accept, then parents
see it; the decision letter's PDF holds the initiative, the school year and the amount."""

import io

import pytest
from pypdf import PdfReader

from core.models import Institution
from core.school_year import school_year_label, school_year_of
from studysupport.models import SubsidyApplication
from tests.browser.test_record_dates import log_in, type_date
from tests.forms_app.files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Huiswerkklas Ledeberg"


def offered_on_the_pupil_form(page, site_url):
    page.goto(site_url + "/nl/gent/inschrijven-leerling/")
    return page.locator("#id_initiative option").all_inner_texts()


def test_an_initiative_applies_is_accepted_with_an_amount_and_then_offered(page, site_url, artifacts, tmp_path):
    gent = Institution.objects.get(code="gent")
    year = school_year_label(school_year_of(gent.today()))
    budget = tmp_path / "begroting.pdf"
    budget.write_bytes(PDF)

    page.goto(site_url + "/nl/gent/erkenning-en-subsidie-aanvragen/")
    page.get_by_label("Naam van het initiatief").press_sequentially(NAME)
    page.get_by_label("Vzw", exact=True).check()
    page.get_by_label("Coördinator (contactpersoon)").press_sequentially("An De Smet")
    page.get_by_label("E-mailadres van de coördinator").press_sequentially("an@ledeberg.example.org")
    page.get_by_label("Schooljaar").press_sequentially(year)
    page.get_by_label("Gevraagd bedrag (EUR)").press_sequentially("3000")
    page.get_by_label("Onze studieondersteuning is gratis voor leerlingen.").check()
    page.get_by_label("We ondersteunen leerlingen die in Gent wonen of naar school gaan.").check()
    page.set_input_files("#id_budget", str(budget))
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_selector("text=Uw referentienummer")
    application = SubsidyApplication.objects.get(initiative__name=NAME)
    assert NAME not in offered_on_the_pupil_form(page, site_url), "applied is not recognised (SS-R4)"

    log_in(page, site_url, gent, "nl")
    page.goto(f"{site_url}/admin/studysupport/subsidyapplication/edit/{application.pk}/")
    type_date(page, page.locator("#id_decided_on"), "15.10.2026")
    page.locator("#id_awarded_amount").fill("")
    page.locator("#id_awarded_amount").press_sequentially("3500")  # above the request: refused
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.screenshot(path=artifacts / "gent-subsidy-amount-refused.png", full_page=True)
    assert page.get_by_text("ligt boven het gevraagde bedrag (EUR 3000,00)").first.is_visible()
    assert page.locator("#id_decided_on").input_value() == "15.10.2026", "nothing typed is lost"
    page.locator("#id_awarded_amount").fill("")
    page.locator("#id_awarded_amount").press_sequentially("2750")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(f"{site_url}/admin/studysupport/subsidyapplication/?school_year={year}")
    page.screenshot(path=artifacts / "gent-subsidy-applications.png", full_page=True)
    page.goto(f"{site_url}/admin/studysupport/subsidyapplication/workflow/{application.pk}/accept/")
    page.locator("form button[type=submit]", has_text="Aanvaarden").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == "accepted" and str(application.awarded_amount) == "2750.00"

    assert NAME in offered_on_the_pupil_form(page, site_url), "recognised for this school year (SS-R4)"

    letter = f"{site_url}/admin/studysupport/subsidyapplication/print/{application.pk}/decision_letter/"
    page.goto(letter)
    page.screenshot(path=artifacts / "gent-decision-letter.png", full_page=True)
    pdf = page.request.get(letter + "?format=pdf")
    text = " ".join(part.extract_text() for part in PdfReader(io.BytesIO(pdf.body())).pages)
    assert NAME in text and year in text and "2750,00" in text
