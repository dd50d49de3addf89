"""P-C2: the five seed texts are published pages, loaded by one idempotent command."""

import json

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cms.models import ContentPage, HomePage, InstitutionIndexPage
from cms.seed import FIXTURES, load_seed_content
from core.models import Institution

pytestmark = pytest.mark.django_db

SEED_FILES = sorted((FIXTURES / "content").glob("*.json"))
EXPECTED = {  # institution code -> locale of its published text
    "gent": "nl",
    "emishevo-school": "ru",
    "vtagil-school-8": "ru",
    "metinvest-polytechnic": "uk",
    "nhmt": "ru",
}


def test_every_seed_text_is_a_live_page_of_its_institution_in_its_language():
    assert len(SEED_FILES) == 5
    for code, language in EXPECTED.items():
        index = InstitutionIndexPage.objects.get(institution__code=code)
        assert index.live
        assert index.locale.language_code == language
        pages = ContentPage.objects.child_of(index)
        assert pages.count() == 1
        page = pages.get()
        assert page.live and not page.has_unpublished_changes
        assert page.locale.language_code == language
        assert len(page.body) > 10, f"{code}: body should hold the whole text, section by section"


def test_the_site_root_is_the_portal_home_with_a_translation_per_language():
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert sorted(t.locale.language_code for t in home.get_translations(inclusive=True)) == ["en", "nl", "ru", "uk"]
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_each_text_keeps_its_sections_and_appendices():
    for path in SEED_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        page = ContentPage.objects.get(slug=data["page"]["slug"])
        sections = [block.value["text"] for block in page.body if block.block_type == "heading"]
        expected = [block["value"]["text"] for block in data["page"]["body"] if block["type"] == "heading"]
        assert sections == expected
        assert len(page.notes) == len(data["page"].get("notes", []))


def test_second_run_creates_nothing():
    counts = (Page.objects.count(), Revision.objects.count(), Institution.objects.count())
    report = load_seed_content()
    assert report.created == []
    assert (Page.objects.count(), Revision.objects.count(), Institution.objects.count()) == counts


def test_an_editors_change_survives_a_rerun(ghent_page):
    ghent_page.title = "Visie op studieondersteuning (bijgewerkt)"
    ghent_page.intro = "Door de redactie herschreven."
    ghent_page.save_revision().publish()

    call_command("load_seed_content", stdout=open("/dev/null", "w"))  # noqa: SIM115

    ghent_page.refresh_from_db()
    assert ghent_page.title == "Visie op studieondersteuning (bijgewerkt)"
    assert ghent_page.intro == "Door de redactie herschreven."
    assert ContentPage.objects.filter(slug="visie-studieondersteuning").count() == 1


def test_an_institution_edited_by_staff_is_not_overwritten():
    Institution.objects.filter(code="gent").update(website="https://stad.gent/nl/onderwijs")
    load_seed_content()
    assert Institution.objects.get(code="gent").website == "https://stad.gent/nl/onderwijs"


def test_a_form_added_later_is_linked_from_its_published_text_once():
    """A site seeded before the form existed: the rerun adds the form and its call-to-action block,
    at the fixture's place, and keeps the rest of the page."""
    from forms_app.models import DomainFormPage

    regulation = ContentPage.objects.get(slug="polozhenie-ob-obuchenii-na-domu")
    DomainFormPage.objects.get(slug="zayavlenie-obuchenie-na-domu").delete()
    regulation.body = [
        (block.block_type, block.value) for block in regulation.body if block.block_type != "call_to_action"
    ]
    regulation.save_revision().publish()
    blocks_before = len(regulation.body)

    load_seed_content()
    load_seed_content()

    regulation = ContentPage.objects.get(pk=regulation.pk)
    form_page = DomainFormPage.objects.get(slug="zayavlenie-obuchenie-na-domu")
    links = [block for block in regulation.body if block.block_type == "call_to_action"]
    assert [block.value["page"].pk for block in links] == [form_page.pk]
    assert len(regulation.body) == blocks_before + 1 and regulation.live and not regulation.has_unpublished_changes
    assert regulation.body[8].block_type == "call_to_action"
