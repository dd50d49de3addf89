"""P-C1: note markers render as numbered links; numbering follows the notes' order."""

from wagtail.blocks import StreamValue

from cms.blocks import NotesBlock
from cms.notes import number_notes, render_note_markers, roman


def notes(*items):
    return StreamValue(NotesBlock(), [(kind, {"key": key, "text": "<p>x</p>"}) for kind, key in items], is_lazy=False)


def test_footnotes_count_in_arabic_and_endnotes_in_roman_numerals_in_list_order():
    numbers = number_notes(notes(("endnote", "7"), ("footnote", "a"), ("endnote", "2"), ("footnote", "b")))
    assert numbers == {("en", "7"): "i", ("fn", "a"): "1", ("en", "2"): "ii", ("fn", "b"): "2"}


def test_marker_becomes_a_link_to_its_note():
    html = render_note_markers("<p>Tekst[fn:a] en meer[en:7].</p>", {("fn", "a"): "1", ("en", "7"): "i"})
    assert '<a href="#fn-a" aria-label="Footnote 1">1</a>' in html
    assert '<a href="#en-7" aria-label="Endnote i">i</a>' in html
    assert "[fn:" not in html


def test_unknown_marker_stays_visible_for_the_editor():
    assert render_note_markers("<p>Tekst[fn:9]</p>", {}) == "<p>Tekst[fn:9]</p>"


def test_roman_numerals():
    assert [roman(n) for n in (1, 4, 5, 9, 14, 15, 19)] == ["i", "iv", "v", "ix", "xiv", "xv", "xix"]
