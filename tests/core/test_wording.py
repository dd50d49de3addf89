"""Issue 11 item 14: what people read names the regulation's clause in words, never an internal
rule id ("правило HS-R1"), and the Dutch texts address the reader as "u" throughout.

Walks the translation catalogues, the English source strings in our apps' code, the templates
and the seed content, so a text added tomorrow is checked too."""

import ast
import json
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from cms.seed import FIXTURES, HOME_INTRO, HOME_TITLE

RULE_ID = re.compile(r"\b[A-Z]{2}-R\d+\b")
INFORMAL_DUTCH = re.compile(r"\b(je|jij|jou|jouw|jouwe|jullie|jezelf)\b", re.IGNORECASE)
BASE_DIR = Path(settings.BASE_DIR)
CATALOGUES = sorted(BASE_DIR.glob("locale/*/LC_MESSAGES/*.po"))
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
# Keyword arguments whose text reaches a form, a list or an error message.
SHOWN = {"help_text", "verbose_name", "verbose_name_plural", "label", "error_messages", "violation_error_message"}
PO_FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')
PO_CONTINUATION = re.compile(r'^"(.*)"$')
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def catalogue_entries(path):
    """(keyword, text) for every msgid and msgstr of a .po file, each text whole (obsolete ``#~``
    entries are comments no one reads). Read by hand: polib is not among the requirements."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        field, continuation = PO_FIELD.match(line), PO_CONTINUATION.match(line)
        if field:
            entries.append([field.group(1), field.group(2)])
        elif continuation and entries:
            entries[-1][1] += continuation.group(1)
    return [(keyword, ast.literal_eval(f'"{text}"')) for keyword, text in entries]


def our_apps():
    """The apps of this project (not Django's, Wagtail's, nor the tests' own test domain)."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(BASE_DIR)
        and not Path(config.path).is_relative_to(BASE_DIR / "tests")
        and ".venv" not in Path(config.path).parts
    ]


def shown_strings(tree):
    """The string literals of a module that people read: gettext's arguments, shown keyword
    arguments (help texts, labels, error messages) and ValidationError's message."""
    shown = set()  # a literal inside _() inside ValidationError() counts once
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        parts = list(node.args) if name in GETTEXT else []
        parts += [keyword.value for keyword in node.keywords if keyword.arg in SHOWN]
        if name == "ValidationError" and node.args:
            parts.append(node.args[0])
        shown.update(leaf for part in parts for leaf in ast.walk(part) if isinstance(leaf, ast.Constant))
    return sorted((leaf.lineno, leaf.value) for leaf in shown if isinstance(leaf.value, str))


def source_texts():
    """Shown strings of our apps' code; migrations only keep past states of it."""
    for config in our_apps():
        for path in Path(config.path).rglob("*.py"):
            if "migrations" in path.relative_to(config.path).parts:
                continue
            for line, text in shown_strings(ast.parse(path.read_text(encoding="utf-8"))):
                yield f"{path.relative_to(BASE_DIR)}:{line}", text


def template_texts():
    folders = [BASE_DIR / "templates"] + [Path(config.path) / "templates" for config in our_apps()]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                yield str(path.relative_to(BASE_DIR)), TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def seed_files():
    return sorted((FIXTURES / "content").glob("*.json")) + [FIXTURES / "institutions.json"]


def test_catalogues_and_templates_exist():
    """The walks below would pass on nothing at all: make sure they read something."""
    assert {path.parent.parent.name for path in CATALOGUES} >= {"nl", "ru", "uk"}
    assert any(where.startswith("homeschool/rules.py") for where, _text in source_texts())
    assert any(where.endswith("audit_log.html") for where, _text in template_texts())


def test_no_rule_id_in_the_catalogues():
    found = [
        f"{path.relative_to(BASE_DIR)}: {text}"
        for path in CATALOGUES
        for _keyword, text in catalogue_entries(path)
        if RULE_ID.search(text)
    ]
    assert found == [], "rule ids belong in code comments; name the clause in words"


def test_no_rule_id_in_the_english_source_strings():
    """Before ``make messages`` the catalogues do not hold a new string yet: its source does."""
    found = [f"{where}: {text}" for where, text in source_texts() if RULE_ID.search(text)]
    assert found == [], "rule ids belong in code comments; name the clause in words"


def test_no_rule_id_in_templates_or_seed_content():
    texts = list(template_texts())
    texts += [(path.name, text) for path in seed_files() for text in strings_in(json.loads(path.read_text("utf-8")))]
    found = [f"{where}: {match}" for where, text in texts for match in RULE_ID.findall(text)]
    assert found == []


def dutch_catalogue_texts():
    """The msgstrs of the Dutch catalogue: its msgids are English."""
    entries = catalogue_entries(BASE_DIR / "locale/nl/LC_MESSAGES/django.po")
    return [text for keyword, text in entries if keyword.startswith("msgstr")]


def our_page_texts(content):
    """The texts we wrote around a seed text: its title and intro, its form pages and the calls
    to action. The body and notes quote the source document in its own words and stay as they are."""
    page = content["page"]
    yield page["title"]
    yield page["intro"]
    for block in page["body"]:
        if block["type"] == "call_to_action":
            yield from strings_in(block["value"])
    for form in content.get("forms", []):
        yield from strings_in({key: value for key, value in form.items() if key not in ("slug", "form")})


def test_dutch_texts_say_u_never_je():
    """One form of address in Dutch: the formal "u"/"uw", as the privacy texts and the catalogue use."""
    texts = [("locale/nl", text) for text in dutch_catalogue_texts()]
    for path in sorted((FIXTURES / "content").glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        if content["locale"] == "nl":
            texts += [(path.name, text) for text in our_page_texts(content)]
    texts += [("cms/seed.py", HOME_INTRO["nl"]), ("cms/seed.py", HOME_TITLE["nl"])]
    assert len(texts) > 100, "the Dutch catalogue and Ghent's pages were read"
    found = [f"{where}: {text}" for where, text in texts if INFORMAL_DUTCH.search(text)]
    assert found == []
