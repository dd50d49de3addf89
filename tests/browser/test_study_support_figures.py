"""Issue 19, item 7 in the browser, in Dutch: the vision page shows this school year's live figures
beside the published 2020-2021 ones, and the city's staff export the overview per district and year."""

import pytest

from core.models import Institution
from core.school_year import school_year_label, school_year_of
from studysupport.models import District
from tests.browser.test_record_dates import log_in
from tests.factories import PupilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_live_figures_on_the_vision_page_and_the_district_overview_exported(page, site_url, artifacts):
    gent = Institution.objects.get(code="gent")
    year = school_year_label(school_year_of(gent.today()))
    ledeberg = District.objects.get(institution=gent, name="Ledeberg")
    for _ in range(3):
        PupilFactory(institution=gent, district=ledeberg, registered_on=gent.today(), school_level="SO")

    page.goto(site_url + "/nl/gent/visie-studieondersteuning/")
    live = page.locator("section, div").filter(has_text="Gentse situatie nu").last
    live.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "gent-vision-live-figures.png", full_page=False)
    assert page.get_by_text("Gentse situatie 2020-2021").first.is_visible(), "the published figures stay"
    assert page.get_by_text(f"ingeschreven in {year} (wachtend of niet) of begeleid in dat jaar").is_visible()
    assert page.get_by_text("1414").first.is_visible()

    log_in(page, site_url, gent, "nl")
    page.goto(f"{site_url}/admin/studysupport/district/?school_year={year}")
    page.screenshot(path=artifacts / "gent-district-overview.png", full_page=True)
    row = page.locator("tr").filter(has_text="Ledeberg")
    assert row.locator("td").nth(1).inner_text().strip() == "3"
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV exporteren").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    header, *rows = text.splitlines()
    assert "Leerlingen ingeschreven of begeleid" in header
    assert any(line.startswith("gent,Ledeberg,3,") for line in rows)
