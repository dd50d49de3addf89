"""An institution administrator imports a CSV, checks the preview, confirms, sees the records
and their history, and exports them (P-X1, P-X4, P-H2)."""

import pytest

from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import PASSWORD, PupilFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CSV = (
    "institution;external_code;first_name;last_name;school_level;grade;registered_on\n"
    "gent;IMP-1;Sara;Janssens;SO;1;01.09.2026\n"
    "gent;IMP-2;Noor;Maes;BaO;4;2026-09-02\n"
)


def test_import_preview_confirm_history_and_export(page, site_url, artifacts, tmp_path):
    admin = UserFactory(
        username="beheerder", role=INSTITUTION_ADMINISTRATOR, institution=Institution.objects.get(code="gent")
    )
    upload = tmp_path / "leerlingen.csv"
    upload.write_text(CSV, encoding="cp1252")

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")

    page.goto(site_url + "/admin/studysupport/pupil/")
    page.get_by_role("link", name="Import").click()
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("text=Import all rows")
    page.screenshot(path=artifacts / "import-preview.png")
    assert not Pupil.objects.filter(external_code__startswith="IMP-").exists()

    page.get_by_role("button", name="Import all rows").click()
    page.wait_for_selector("text=Imported: 2 new")
    assert page.get_by_text("IMP-1").is_visible() and page.get_by_text("IMP-2").is_visible()
    page.screenshot(path=artifacts / "import-done.png")

    pupil = Pupil.objects.get(external_code="IMP-1")
    page.goto(f"{site_url}/admin/studysupport/pupil/history/{pupil.pk}/")
    assert page.get_by_text("leerlingen.csv").first.is_visible(), "the history names the import batch"
    assert pupil.history.get().history_user == admin

    page.goto(site_url + "/admin/studysupport/pupil/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    exported = download_info.value.path().read_bytes().decode("utf-8")
    assert exported.startswith("\ufeffInstitution,External code")
    assert "IMP-1" in exported and "IMP-2" in exported


def test_a_large_export_is_written_in_the_background_and_downloaded_whole(page, site_url, artifacts, settings):
    """Issue 15.5, in Dutch as Ghent's administrators work: past the limit the button opens the
    job's page, which offers the complete file once written."""
    settings.EXPORT_STREAM_MAX_ROWS = 1
    gent = Institution.objects.get(code="gent")
    admin = UserFactory(username="beheerder", role=INSTITUTION_ADMINISTRATOR, institution=gent, admin_language="nl")
    PupilFactory.create_batch(3, institution=gent)
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")

    page.goto(site_url + "/admin/studysupport/pupil/")
    page.screenshot(path=artifacts / "pupils-list-nl.png", full_page=True)
    page.get_by_role("link", name="CSV exporteren").click()
    page.wait_for_selector("text=Het bestand is klaar")
    page.screenshot(path=artifacts / "export-ready-nl.png")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden").click()
    rows = download_info.value.path().read_bytes().decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + Pupil.objects.filter(institution=gent).count() > 2
