"""Load the seed texts (``fixtures/content/*.json``) as published pages (P-C2).

Idempotent by construction: every object is looked up by its natural key (institution
code, locale, parent and slug) and only created when missing, so a rerun creates nothing
and never overwrites what editors changed since.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import ContentPage, HomePage, InstitutionIndexPage
from core.models import Institution

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
HOME_INTRO = {
    "en": "Regulations and texts of schools, colleges, universities and cities, and the forms to apply under them.",
    "nl": (
        "Reglementen en teksten van scholen, hogescholen, universiteiten en steden, "
        "met de formulieren om aan te vragen."
    ),
    "ru": "Положения и тексты школ, колледжей, университетов и городов и формы заявлений по ним.",
    "uk": "Положення й тексти шкіл, коледжів, університетів і міст та форми заяв за ними.",
}
HOME_TITLE = {"en": "Education portal", "nl": "Onderwijsportaal", "ru": "Портал образования", "uk": "Освітній портал"}


@dataclass
class SeedReport:
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    def note(self, created, label):
        (self.created if created else self.kept).append(label)


def load_seed_content(fixtures_dir=FIXTURES):
    report = SeedReport()
    with transaction.atomic():
        locales = {code: _locale(code, report) for code, _name in settings.LANGUAGES}
        institutions = {item["code"]: _institution(item, report) for item in _read(fixtures_dir / "institutions.json")}
        homes = _home_pages(locales, report)
        for path in sorted((fixtures_dir / "content").glob("*.json")):
            content = _read(path)
            institution = institutions[content["institution"]]
            index = _institution_index(institution, homes[content["locale"]], report)
            form_pages, new_forms = {}, set()
            for data in content.get("forms", []):
                form_pages[data["slug"]], created = _form_page(index, data, report)
                if created:
                    new_forms.add(data["slug"])
            page, created = _content_page(index, content["page"], report, form_pages)
            if not created and new_forms:
                _link_new_forms(page, content["page"], form_pages, new_forms)
    return report


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _locale(code, report):
    locale, created = Locale.objects.get_or_create(language_code=code)
    report.note(created, f"locale {code}")
    return locale


def _institution(item, report):
    institution, created = Institution.objects.get_or_create(code=item["code"], defaults=item)
    report.note(created, f"institution {institution.code}")
    return institution


def _home_pages(locales, report):
    """The English home page at the site root, and its translations for the other languages."""
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.filter(locale=locales["en"]).first()
    report.note(home is None, "home en")
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" page holds the slug "home" until it goes.
        Page.objects.filter(pk=site.root_page_id, slug="home").update(slug="wagtail-welcome")
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title=HOME_TITLE["en"], slug="home", locale=locales["en"], intro=f"<p>{HOME_INTRO['en']}</p>"
            )
        )
        home.save_revision().publish()
    if site.root_page_id != home.pk:
        stock_welcome = site.root_page
        site.root_page = home
        site.save()
        if stock_welcome.specific_class is Page and not stock_welcome.get_children().exists():
            stock_welcome.delete()
    homes = {"en": home}
    for code, locale in locales.items():
        if code == "en":
            continue
        translation = home.get_translation_or_none(locale)
        report.note(translation is None, f"home {code}")
        if translation is None:
            translation = home.copy_for_translation(locale)
            translation.title = HOME_TITLE[code]
            translation.intro = f"<p>{HOME_INTRO[code]}</p>"
            translation.save_revision().publish()
        homes[code] = translation.specific
    # Wagtail caches the site's root paths; new translations of the root must appear in them.
    Site.clear_site_root_paths_cache()
    return homes


def _institution_index(institution, home, report):
    index = InstitutionIndexPage.objects.filter(institution=institution, locale=home.locale).first()
    created = index is None
    if created:
        index = home.add_child(
            instance=InstitutionIndexPage(
                title=institution.short_name or institution.name,
                slug=institution.code,
                institution=institution,
                intro=f"<p>{institution.name}</p>",
            )
        )
        index.save_revision().publish()
    report.note(created, f"institution page {institution.code}")
    return index


def _form_page(parent, data, report):
    """A form page of the institution (P-F1); call-to-action blocks of its texts point at it by slug."""
    from forms_app.models import DomainFormPage

    return _published_child(
        parent,
        DomainFormPage,
        data["slug"],
        lambda: DomainFormPage(
            title=data["title"],
            slug=data["slug"],
            form_key=data["form"],
            institution=parent.specific.institution,
            intro=data["intro"],
            field_texts=_raw_stream({"type": "field", "value": text} for text in data.get("field_texts", [])),
            privacy_text=data["privacy_text"],
            thank_you_text=data.get("thank_you_text", ""),
            notification_addresses=data.get("notification_addresses", ""),
            search_description=data["intro"][:255],
        ),
        report,
        f"form page {parent.slug}/{data['slug']}",
    )


def _content_page(parent, data, report, form_pages):
    return _published_child(
        parent,
        ContentPage,
        data["slug"],
        lambda: ContentPage(
            title=data["title"],
            slug=data["slug"],
            intro=data.get("intro", ""),
            document_info=_raw_stream({"type": "item", "value": item} for item in data.get("document_info", [])),
            body=_raw_stream(
                {"type": block["type"], "value": _block_value(block, form_pages)} for block in data["body"]
            ),
            notes=_raw_stream(data.get("notes", [])),
            search_description=data.get("intro", "")[:255],
        ),
        report,
        f"page {parent.slug}/{data['slug']}",
    )


def _link_new_forms(page, data, form_pages, new_forms):
    """A form added to a text published before gets its call-to-action block, at the fixture's
    place; the rest of the page stays as the editors left it."""
    body = list(page.body.raw_data)
    for position, block in enumerate(data["body"]):
        if block["type"] == "call_to_action" and block["value"]["page"] in new_forms:
            body.insert(min(position, len(body)), {"type": "call_to_action", "value": _block_value(block, form_pages)})
    page.body = _raw_stream(body)
    page.save_revision().publish()


def _published_child(parent, page_class, slug, build, report, label):
    """The child page with ``slug`` and whether it is new; built and published only when missing (idempotent)."""
    page = page_class.objects.child_of(parent).filter(slug=slug).first()
    created = page is None
    if created:
        page = parent.add_child(instance=build())
        page.save_revision().publish()
    report.note(created, label)
    return page, created


def _raw_stream(blocks):
    """StreamField's stored JSON: Wagtail validates and converts it when the page is read."""
    return json.dumps(list(blocks), ensure_ascii=False)


def _block_value(block, form_pages):
    """Fixture values are the blocks' own JSON, with three spellings made friendlier to write."""
    value = block["value"]
    if block["type"] == "call_to_action":
        return {**value, "page": form_pages[value["page"]].pk}
    if block["type"] == "heading":
        return {**value, "level": str(value["level"])}
    if block["type"] == "table":
        value = dict(value)
        value["mergeCells"] = value.pop("merged_cells", [])
        value["cell"] = _covered_cells(value["mergeCells"])
    return value


def _covered_cells(merges):
    """The cells a merge covers, marked hidden as the table editor (Handsontable) stores them."""
    return [
        {"row": merge["row"] + row, "col": merge["col"] + col, "hidden": True}
        for merge in merges
        for row in range(merge["rowspan"])
        for col in range(merge["colspan"])
        if row or col
    ]
