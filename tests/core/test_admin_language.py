"""P-C3 over the whole registry: every records list speaks the user's admin language.

Each production list (core.admin.record_admins(); the test domain is English only, test
settings only) is rendered empty and with a record, with its add, edit, inspect and history
views, in nl, ru and uk, as a user whose admin language that is. A page fails on

- an English model, field or choice name whose translation differs ("pupil" on a Dutch page),
- an English word of the admin's vocabulary ("Add", "History", "created"), and on a Russian or
  Ukrainian page any Latin word that is not data, a proper name or a format (CSV, PDF),
- a noun dropped undeclined into a generic phrase: "Добавить ученик", "Просмотр дело …"
  (the generic string of wagtail-modeladmin, translated, with the model's name in it).
"""

import functools
import json
import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.translation import gettext

from core.admin import record_admins
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.factories import InstitutionFactory, PupilFactory, UserFactory
from tests.records import one_record_of_each

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "ru", "uk")
ADMINS = [admin for admin in record_admins() if admin.model._meta.app_label != "testdomain"]

# English admin words that are not Dutch words too (so "filter", "status", "import" are out).
ENGLISH_WORDS = {
    "add", "edit", "inspect", "inspecting", "editing", "delete", "history", "created", "updated",
    "deleted", "changed", "yes", "none", "unknown", "search", "back", "list", "the", "have", "been",
    "yet", "this", "new", "record", "records", "changes", "why", "who", "what", "when", "reason",
    "revert", "version", "sorry", "matching", "there", "are", "and", "with", "true", "false",
    "print", "view", "save", "choose", "page", "pages", "older", "newer", "step", "workflow",
}  # fmt: skip
# Latin words a Russian or Ukrainian admin page may show: formats, the product, units.
LATIN_ALLOWED = {"csv", "xlsx", "json", "pdf", "wagtail", "cms", "javascript", "html", "a4", "e-mail", "email"}
LATIN = "[A-Za-zÀ-ÖØ-öø-ÿ]"  # a letter of a Latin alphabet ("Coördinator" is one word)
# The test domain's menu (test settings only, English only, never shown to users).
TEST_DOMAIN = {"library", "books", "loans", "reading", "lists"}
# modeladmin's generic phrases that put a model's name into a sentence.
GENERIC_PHRASES = (
    "Add %(object)s",
    "Add a new %(object)s",
    "Create new %(object)s",
    "Editing %(object)s",
    "Inspecting %(object)s",
    "Confirm deletion of %(object)s",
    "Inspect this %(object)s",
    "Edit this %(object)s",
    "Delete this %(object)s",
)


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes, titles, placeholders, labels and the
    sidebar's menu labels (rendered from JSON by the admin's script)."""

    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts = []
        self.skip = None
        self.sidebar = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "noscript"):
            self.skip = tag
            self.sidebar = attrs.get("id") == "wagtail-sidebar-props"
        self.parts += [attrs[name] for name in self.ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag == self.skip:
            self.skip = None

    def handle_data(self, data):
        if self.skip is None:
            self.parts.append(data)
        elif self.sidebar:
            self.parts += list(menu_labels(json.loads(data)))
            self.sidebar = False


def menu_labels(node):
    if isinstance(node, dict):
        if isinstance(node.get("label"), str):
            yield node["label"]
        for value in node.values():
            yield from menu_labels(value)
    elif isinstance(node, list):
        for value in node:
            yield from menu_labels(value)


def visible_texts(html):
    """Each text node and attribute of the page on its own, white space collapsed."""
    parser = VisibleText()
    parser.feed(html)
    return [" ".join(part.split()) for part in parser.parts if part.strip()]


def data_words(records):
    """Every word of the records' own values and names: data, never a leak."""
    words = set()
    for record in records:
        values = [str(record)] + [str(getattr(record, field.attname)) for field in record._meta.concrete_fields]
        for value in values:
            words.update(word.lower() for word in re.findall(r"[^\W\d_]+", value))
    return words


@functools.cache
def translated_words(language):
    """The words the translations themselves keep in Latin letters (Dutch words; "SO", an abbreviation)."""
    with translation.override(language):
        return {word.lower() for text in admin_names() for word in re.findall(r"[A-Za-z]+", str(text))}


def admin_names():
    """Model, field and choice names of every production list, as lazy texts."""
    for admin in ADMINS:
        opts = admin.model._meta
        yield from (opts.verbose_name, opts.verbose_name_plural)
        for field in opts.get_fields():
            yield from filter(None, [getattr(field, "verbose_name", None)])
            yield from (label for _value, label in getattr(field, "flatchoices", None) or ())


@functools.cache
def english_names(language):
    """English model, field and choice names of every list, lower case, whose ``language``
    translation differs (a name spelled alike in both is no evidence)."""
    names = set()
    for text in admin_names():
        with translation.override("en"):
            english = str(text)
        with translation.override(language):
            translated = str(text)
        if len(english) > 3 and english.lower() != translated.lower():
            names.add(english.lower())
    return names


def leaks(text, language, data):
    found = []
    lowered = text.lower()
    for english in english_names(language):
        if set(english.split()) <= data | translated_words(language) | LATIN_ALLOWED:
            continue  # "kind" is Dutch for child, "Screening" a session's topic
        if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", lowered):
            found.append(f"English name {english!r}")
    for word in re.findall(rf"{LATIN}+(?:-{LATIN}+)*", text):
        lower = word.lower()
        if set(lower.split("-")) <= data or word.isupper():
            continue  # data, or a code ("SO", objective "DS1")
        if language == "nl" and lower in ENGLISH_WORDS:
            found.append(f"English word {word!r}")
        if language in ("ru", "uk") and len(word) > 1 and lower not in LATIN_ALLOWED:
            found.append(f"Latin word {word!r}")
    return found


def undeclined(texts, admin, language):
    """The generic phrases with this model's name dropped in, as this language renders them,
    found in one text of the page (where they read as the list's own phrase, they are fine:
    "Добавить сигнал" is right, "Добавить ученик" is not)."""
    opts, own = admin.model._meta, admin.phrases
    with translation.override(language):
        names = (str(opts.verbose_name), str(opts.verbose_name_plural))
        phrases = {gettext(phrase) % {"object": name} for phrase in GENERIC_PHRASES for name in names}
        phrases -= {str(own.add), str(own.inspect), str(own.edit)}
    return [
        phrase
        for phrase in phrases
        for text in texts
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags=re.IGNORECASE)
    ]


def administrator(institution, language):
    """An institution's administrator whose admin language is ``language``."""
    return UserFactory(
        username=f"admin-{language}", role=INSTITUTION_ADMINISTRATOR, institution=institution, admin_language=language
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("admin", ADMINS, ids=[admin.model._meta.label for admin in ADMINS])
def test_every_view_speaks_the_users_language(client, admin, language):
    institution = InstitutionFactory(code="ours", name="Ours", language=language)
    user = administrator(institution, language)
    client.force_login(user)
    urls = admin.url_helper
    pages = {"empty list": client.get(urls.index_url)}
    records = one_record_of_each(institution, coordinator=user)
    record = records[admin.model]
    pk = record.pk
    pages |= {
        "list": client.get(urls.index_url),
        "add": client.get(urls.create_url),
        "edit": client.get(urls.get_action_url("edit", pk)),
        "inspect": client.get(urls.get_action_url("inspect", pk)),
        "history": client.get(urls.get_action_url("history", pk)),
        "search without results": client.get(urls.index_url, {"q": "zzzzqqq"}),
    }
    data = data_words([*records.values(), institution, user]) | translated_words(language) | TEST_DOMAIN
    problems = {}
    for view, response in pages.items():
        assert response.status_code == 200, (view, response.status_code)
        texts = visible_texts(response.content.decode())
        found = leaks(" ".join(texts), language, data) + [
            f"undeclined {p!r}" for p in undeclined(texts, admin, language)
        ]
        if found:
            problems[view] = sorted(set(found))
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(
    ("language", "title", "add", "one", "five"),
    [
        ("ru", "Ученики", "Добавить ученика", "1 ученик", "5 учеников"),
        ("uk", "Учні", "Додати учня", "1 учень", "5 учнів"),
        ("nl", "Leerlingen", "Leerling toevoegen", "1 leerling", "5 leerlingen"),
    ],
)
def test_the_pupils_list_reads_right(client, language, title, add, one, five):
    """The issue's examples: a list's title is the plural's nominative, "Add" takes the
    accusative, the count agrees with its number."""
    institution = InstitutionFactory(code="ours", language=language)
    client.force_login(administrator(institution, language))
    PupilFactory(institution=institution)
    texts = visible_texts(client.get("/admin/studysupport/pupil/").content.decode())
    assert title in texts and add in texts and one in texts
    PupilFactory.create_batch(4, institution=institution)
    assert five in visible_texts(client.get("/admin/studysupport/pupil/").content.decode())


@pytest.mark.parametrize(
    ("language", "inspect", "edit"),
    [("nl", "Bekijken", "Bewerken"), ("ru", "Просмотреть", "Изменить")],
)
def test_row_buttons_say_our_own_words(client, language, inspect, edit):
    """A record's row buttons in our own words, not Wagtail's ("Inspecteer"/"Wijzig",
    "Просмотр"/"Править"); in Ukrainian Wagtail's words are ours too."""
    institution = InstitutionFactory(code="ours", language=language)
    client.force_login(administrator(institution, language))
    PupilFactory(institution=institution)
    texts = visible_texts(client.get("/admin/studysupport/pupil/").content.decode())
    assert inspect in texts and edit in texts


@pytest.mark.parametrize(
    ("language", "refused", "missing"),
    [
        ("ru", "Нет доступа", "Запрошенная страница не найдена."),
        ("uk", "Немає доступу", "Сторінку, яку ви просите, неможливо знайти"),
        ("nl", "Geen toegang", "De pagina kon niet worden gevonden."),
    ],
)
def test_refused_and_missing_admin_pages_speak_the_users_language(client, language, refused, missing):
    """A 403 or 404 raised in an admin view is rendered after Wagtail left the user's language:
    it still speaks it, whatever the browser asks for."""
    institution = InstitutionFactory(code="ours", language=language)
    client.force_login(UserFactory(role=REVIEWER, institution=institution, admin_language=language))
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    denied = client.get("/admin/homeschool/promotiondecision/create/", **english)
    assert denied.status_code == 403 and refused in visible_texts(denied.content.decode())
    absent = client.get("/admin/homeschool/lesson/inspect/999999/", **english)
    assert absent.status_code == 404 and missing in visible_texts(absent.content.decode())


def test_the_admin_language_costs_no_second_read_of_the_profile(client):
    """The middleware reads the profile Wagtail's views read after it (``user.wagtail_userprofile``,
    kept on the user), so an admin page reads the profile once, not once more for the language."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.users.models import UserProfile

    institution = InstitutionFactory(code="ours", language="ru")
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=institution, admin_language="ru"))
    table = UserProfile._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/studysupport/pupil/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 403)
    assert "Нет доступа" in response.content.decode() or "Учени" in response.content.decode()
    profile_reads = [query["sql"] for query in queries if table in query["sql"] and "SELECT" in query["sql"]]
    assert len(profile_reads) == 1, profile_reads
