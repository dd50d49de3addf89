"""What a visitor sees: screenshots of the public pages and an axe-core accessibility scan."""

import pytest

from cms.models import ContentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# WCAG 2.1 A and AA rules (the City of Ghent is bound by WCAG 2.1 AA) plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def serious_violations(page, axe_source):
    # Evaluated, not added as an inline <script>: the pages' Content-Security-Policy refuses those.
    page.evaluate(axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_home_and_ghent_pages_render_and_are_screenshotted(page, site_url, artifacts):
    page.goto(site_url + "/")
    assert page.locator("h1").inner_text() == "Education portal"
    assert page.locator(".card").count() == 5
    page.screenshot(path=artifacts / "home.png", full_page=True)

    page.get_by_role("link", name="Visie op studieondersteuning").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".key-figure__value", has_text="1414").is_visible()
    page.screenshot(path=artifacts / "ghent-vision.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "ghent-vision-mobile.png")
    page.emulate_media(media="print")
    page.pdf(path=artifacts / "ghent-vision-print.pdf", format="A4")


def test_skip_link_moves_focus_to_the_main_content(page, site_url):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_public_pages_have_no_serious_or_critical_accessibility_violations(page, site_url, axe_source):
    urls = ["/", "/nl/", "/search/?q=Transbaso"] + [content.url for content in ContentPage.objects.all()]
    assert len(urls) == 8
    found = {}
    for url in urls:
        page.goto(site_url + url)
        violations = serious_violations(page, axe_source)
        if violations:
            found[url] = violations
    assert found == {}
