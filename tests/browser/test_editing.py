"""Communication staff edit a paragraph of the Ghent page in the admin, publish, and see it live."""

import pytest

from cms.models import ContentPage
from core.roles import COMMUNICATION_STAFF
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDED = "Deze zin voegde de communicatiedienst toe."


def test_communication_staff_edit_publish_and_see_it_on_the_public_page(page, site_url, artifacts):
    editor = UserFactory(username="redacteur", role=COMMUNICATION_STAFF)
    ghent = ContentPage.objects.get(slug="visie-studieondersteuning")

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")

    page.goto(f"{site_url}/admin/pages/{ghent.pk}/edit/")
    paragraph = page.locator('[contenteditable="true"]', has_text="Goed onderwijs start in de klas").first
    paragraph.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + ADDED)
    # Draftail writes its state into the block's hidden input a moment after typing stops.
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')].some(input => input.value.includes(text))",
        arg=ADDED,
    )
    page.screenshot(path=artifacts / "admin-edit-ghent.png")

    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"{site_url}/admin/pages/{ghent.get_parent().pk}/")
    assert "published" in page.locator(".messages").inner_text().lower()

    page.goto(site_url + ghent.url)
    assert page.get_by_text(ADDED).is_visible()
    page.screenshot(path=artifacts / "ghent-after-edit.png")

    ghent.refresh_from_db()
    assert ghent.get_latest_revision().user == editor
    assert not ghent.has_unpublished_changes
