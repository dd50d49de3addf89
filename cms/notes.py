"""Footnote and endnote references: ``[fn:KEY]`` / ``[en:KEY]`` in text, numbered notes below (P-C1).

Editors type the marker where the source has its note; the page numbers footnotes 1, 2, …
and endnotes i, ii, … in the order of the page's notes, so reordering notes renumbers the text.
"""

import re

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

MARKER_RE = re.compile(r"\[(fn|en):([^\]\s]{1,20})\]")
KINDS = {"fn": "footnote", "en": "endnote"}


def roman(number):
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    result = ""
    for value, letters in numerals:
        while number >= value:
            result += letters
            number -= value
    return result


def number_notes(notes):
    """Map (kind prefix, key) to the label shown, from the page's ``notes`` stream."""
    numbers, counts = {}, {"fn": 0, "en": 0}
    for note in notes:
        prefix = "fn" if note.block_type == "footnote" else "en"
        counts[prefix] += 1
        label = str(counts[prefix]) if prefix == "fn" else roman(counts[prefix])
        numbers.setdefault((prefix, note.value["key"]), label)
    return numbers


def note_id(prefix, key):
    return f"{prefix}-{key}"


def render_note_markers(html, numbers):
    """Turn markers into accessible superscript links; unknown markers stay visible for the editor."""

    def replace(match):
        prefix, key = match.groups()
        label = numbers.get((prefix, key))
        if label is None:
            return match.group(0)
        kind = _("Footnote") if prefix == "fn" else _("Endnote")
        return format_html(
            '<sup class="note-ref note-ref--{}"><a href="#{}" aria-label="{} {}">{}</a></sup>',
            KINDS[prefix],
            note_id(prefix, key),
            kind,
            label,
            label,
        )

    return mark_safe(MARKER_RE.sub(replace, str(html)))


def strip_note_markers(text):
    return MARKER_RE.sub("", text).strip()
