"""StreamField blocks editors build the public pages with (P-C1)."""

from collections import Counter

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from core.figures import compute_figures, provider_choices

# The default editor's features, defined once in the settings; the blocks name them, so their migrations stay put.
RICH_TEXT_FEATURES = settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=300)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("2", _("Section")), ("3", _("Subsection")), ("4", _("Minor heading"))],
        default="2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # A page passes unique anchors (see heading_anchors); elsewhere the text's slug will do.
        if not context.get("anchor"):
            context["anchor"] = heading_anchor(value["text"])
        return context


def heading_anchor(text):
    """The id of a heading: stable across renders so the table of contents can link to it."""
    from cms.notes import strip_note_markers

    return "h-" + (slugify(strip_note_markers(text), allow_unicode=True)[:80] or "section")


def heading_anchors(body):
    """Unique anchors for the headings of a stream, keyed by block id: two sections may share a title."""
    seen, anchors = Counter(), {}
    for block in body:
        if block.block_type == "heading":
            anchor = heading_anchor(block.value["text"])
            seen[anchor] += 1
            anchors[block.id] = anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}"
    return anchors


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("For example 1414 or 31%."))
    label = blocks.CharBlock(label=_("Label"), max_length=120)
    note = blocks.CharBlock(label=_("Note"), max_length=300, required=False)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1)

    class Meta:
        icon = "order"
        label = _("Key figures")
        template = "cms/blocks/key_figures.html"


class LiveFiguresBlock(blocks.StructBlock):
    """Key figures computed from the records when the page is shown (P-C5)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    source = blocks.ChoiceBlock(label=_("Figures of"), choices=provider_choices)
    institution = blocks.CharBlock(label=_("Institution code"), max_length=64)
    school_year = blocks.CharBlock(
        label=_("School year"),
        max_length=9,
        required=False,
        help_text=_("For example 2026-2027; empty: the current one."),
    )

    class Meta:
        icon = "order"
        label = _("Live key figures")
        template = "cms/blocks/key_figures.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["value"] = {"title": value["title"], "figures": live_figures(value)}
        return context


def live_figures(value):
    return compute_figures(value["source"], value["institution"], value["school_year"])


class FormFieldLineBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=500, required=False)
    fill = blocks.BooleanBlock(label=_("Line to write on"), required=False, default=True)


class FormFieldLinesBlock(blocks.StructBlock):
    """A blank form as printed in a regulation's appendix (application, order, contract)."""

    lines = blocks.ListBlock(FormFieldLineBlock(), label=_("Lines"))

    class Meta:
        icon = "form"
        label = _("Blank form")
        template = "cms/blocks/form_field_lines.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document.html"


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a form page or any other page."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"))
    link_text = blocks.CharBlock(label=_("Button text"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        template="cms/blocks/paragraph.html",
        help_text=_("Refer to a note with [fn:KEY] (footnote) or [en:KEY] (endnote)."),
    )
    key_figures = KeyFiguresBlock()
    live_figures = LiveFiguresBlock()
    table = TableBlock(
        label=_("Table"),
        template="cms/blocks/table.html",
        table_options={"mergeCells": True, "contextMenu": True},
    )
    form_field_lines = FormFieldLinesBlock()
    image = ImageBlock(label=_("Image"), template="cms/blocks/image.html")
    document = DocumentLinkBlock()
    call_to_action = CallToActionBlock()


class NoteBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("Key"), max_length=20, help_text=_("Referred to from the text as [fn:KEY] or [en:KEY].")
    )
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text and source"))


class NotesBlock(blocks.StreamBlock):
    footnote = NoteBlock(label=_("Footnote"), icon="placeholder")
    endnote = NoteBlock(label=_("Endnote"), icon="list-ol")


class DocumentInfoBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=120)
    value = blocks.CharBlock(label=_("Value"), max_length=500)

    class Meta:
        icon = "info-circle"
        label = _("Approval detail")
