"""The seed fixtures are valid block data: every block cleans, every note marker has its note."""

import json

import pytest

from cms.blocks import BodyBlock, NotesBlock
from cms.notes import MARKER_RE
from cms.seed import FIXTURES, _block_value

SEED_FILES = sorted((FIXTURES / "content").glob("*.json"), key=lambda path: path.name)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_every_block_is_valid(path):
    from forms_app.models import DomainFormPage

    page = load(path)["page"]
    form_pages = {form_page.slug: form_page for form_page in DomainFormPage.objects.all()}
    body_block, notes_block = BodyBlock(), NotesBlock()
    for position, block in enumerate(page["body"]):
        child = body_block.child_blocks[block["type"]]
        value = _block_value(block, form_pages)
        assert child.clean(child.to_python(value)) is not None, f"{path.name} block {position}"
    for note in page.get("notes", []):
        child = notes_block.child_blocks[note["type"]]
        child.clean(child.to_python(note["value"]))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_markers_and_notes_match(path):
    page = load(path)["page"]
    text = json.dumps(page["body"], ensure_ascii=False)
    referenced = {(prefix, key) for prefix, key in MARKER_RE.findall(text)}
    notes = {("fn" if note["type"] == "footnote" else "en", note["value"]["key"]) for note in page.get("notes", [])}
    assert referenced == notes


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_page_metadata(path):
    data = load(path)
    assert data["locale"] in {"nl", "ru", "uk"}
    assert data["source"].endswith(".txt")
    page = data["page"]
    assert page["title"] and page["intro"]
    assert page["slug"].isascii() and page["slug"] == page["slug"].lower()
    assert page["body"][0]["type"] in {"heading", "paragraph", "form_field_lines"}
