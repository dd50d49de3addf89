"""Issue 11.15: the records admin works on a phone. Every registered records list, opened at
390 px by a superuser (who sees every button), keeps its buttons on the screen and shows its
rows before its filters."""

import pytest

from core.admin import record_admins
from tests.factories import PASSWORD, InstitutionFactory, UserFactory
from tests.records import one_record_of_each

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_every_records_list_fits_a_phone(browser, site_url, artifacts):
    UserFactory(username="phone", is_superuser=True, is_staff=True)
    one_record_of_each(InstitutionFactory(code="phone-school"))  # rows and filters on every list
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "phone")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site_url + "/admin/")
    off_screen = {}
    for model_admin in record_admins():
        url = model_admin.url_helper.index_url
        page.goto(site_url + url)
        buttons = page.locator("header .right .button").all()
        assert buttons, f"{url} shows no buttons"
        off_screen[url] = [
            button.inner_text()
            for button in buttons
            if (box := button.bounding_box())["x"] < 0 or box["x"] + box["width"] > PHONE["width"]
        ]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        filters, rows = page.locator(".changelist-filter"), page.locator(".result-list")
        if filters.count():  # a list with filters shows them once it has rows
            assert rows.bounding_box()["y"] < filters.bounding_box()["y"], f"{url}: rows before filters"
    page.goto(site_url + "/admin/homeschool/homeschoolingcase/")
    page.screenshot(path=artifacts / "admin-phone-cases.png", full_page=True)
    context.close()
    assert off_screen == {url: [] for url in off_screen}


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("language", ["ru", "nl"])
def test_header_buttons_wrap_on_a_desktop(browser, site_url, artifacts, width, language):
    """A list with many header buttons (the lesson journal's add, import, two prints, three exports;
    Ghent's subsidy list in Dutch) wraps them onto a new line: none is cut or runs off the screen."""
    from wagtail.users.models import UserProfile

    user = UserFactory(username="desk", is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    one_record_of_each(InstitutionFactory(code="desk-school"))
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(site_url + "/admin/")
    cut = {}
    for url in ("/admin/homeschool/lesson/", "/admin/studysupport/subsidyapplication/", "/admin/portfolio/pupil/"):
        page.goto(site_url + url)
        cut[url] = page.evaluate(
            """width => [...document.querySelectorAll('header .right .button')].filter(button => {
                const box = button.getBoundingClientRect();
                return box.left < 0 || box.right > width || button.scrollWidth > button.clientWidth + 1;
            }).map(button => button.textContent.trim())""",
            width,
        )
        page.locator("header.w-header").first.screenshot(
            path=artifacts / f"admin-header-{language}-{width}-{url.strip('/').split('/')[-1]}.png"
        )
    context.close()
    assert cut == {url: [] for url in cut}
