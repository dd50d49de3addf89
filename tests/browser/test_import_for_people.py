"""Issue 11, item 12, as a Dutch administrator meets it: the list's template file downloads from
the import page, and the preview of the filled-in template shows each new row's values, each
update as old → new, and each problem under its column, before anything is written."""

import csv
import io

import pytest

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import PASSWORD, PupilFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_template_filled_in_previews_values_changes_and_problems(page, site_url, artifacts, tmp_path):
    gent = Institution.objects.get(code="gent")
    admin = UserFactory(username="beheerder-nl", role=INSTITUTION_ADMINISTRATOR, institution=gent, admin_language="nl")
    PupilFactory(institution=gent, external_code="GENT-1", first_name="Lina", last_name="Peeters", grade=4)

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")
    page.goto(site_url + "/admin/studysupport/pupil/")
    page.get_by_role("link", name="Importeren").click()
    page.wait_for_selector("text=Sjabloon met de kolommen van deze lijst:")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert download_info.value.suggested_filename.endswith(".csv")
    template = download_info.value.path().read_bytes().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(template)))
    assert len(template.splitlines()) == 1, "a template is the header only"

    # Filled in as a person would: one existing pupil with a new first name, one new, one wrong.
    rows = [
        {"Instelling": "gent", "Externe code": "GENT-1", "Voornaam": "Lena", "Familienaam": "Peeters"},
        {"Instelling": "gent", "Externe code": "GENT-2", "Voornaam": "Noor", "Familienaam": "Maes"},
        {"Instelling": "gent", "Externe code": "GENT-3", "Voornaam": "Sam", "Familienaam": "Claes"},
    ]
    existing = {"Onderwijsniveau": "BaO", "Leerjaar": "4", "Ingeschreven op": ""}
    problem = {"Leerjaar": "negen"}
    filled = io.StringIO()
    writer = csv.DictWriter(filled, fieldnames=header, extrasaction="ignore", restval="")
    writer.writeheader()
    for number, row in enumerate(rows):
        writer.writerow({**existing, **row, **(problem if number == 2 else {})})
    upload = tmp_path / "leerlingen-sjabloon.csv"
    upload.write_text(filled.getvalue(), encoding="utf-8")

    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_selector("table.listing")
    page.screenshot(path=artifacts / "import-preview-nl.png", full_page=True)
    table = page.locator("table.listing tbody")
    update, new, invalid = (table.locator("tr").nth(line) for line in range(3))
    assert "bijgewerkt" in update.text_content()
    assert update.locator("del").text_content() == "Lina" and update.locator("ins").text_content() == "Lena"
    assert "nieuw" in new.text_content() and "Noor" in new.text_content()
    assert "ongeldig" in invalid.text_content() and "Leerjaar" in invalid.locator("td").nth(3).text_content()
    assert not page.get_by_role("button", name="Alle rijen importeren").count(), "nothing imports while a row is wrong"

    page.get_by_role("link", name="Alleen ongeldige rijen tonen").click()
    page.wait_for_url("**errors=1")
    assert page.locator("table.listing tbody tr").count() == 1
    assert Pupil.objects.get(external_code="GENT-1").first_name == "Lina" and Pupil.objects.count() == 1
