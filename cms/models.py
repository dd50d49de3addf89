from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock, DocumentInfoBlock, NotesBlock, heading_anchors, live_figures
from cms.notes import number_notes, strip_note_markers
from core.dates import PAGE_SETTINGS_PANELS


class HomePage(Page):
    """The portal's front page: an introduction and the institutions whose texts it publishes."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    settings_panels = PAGE_SETTINGS_PANELS
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro", writable=True), APIField("body", writable=True)]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.InstitutionIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Institutions of every language, each in its own: the front page is the way in to all.
        context["institution_pages"] = (
            InstitutionIndexPage.objects.live().public().select_related("institution", "locale").order_by("title")
        )
        return context


class InstitutionIndexPage(Page):
    """The public home of one institution; its regulations and texts are its child pages."""

    institution = models.ForeignKey(
        "core.Institution", on_delete=models.PROTECT, related_name="index_pages", verbose_name=_("institution")
    )
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    settings_panels = PAGE_SETTINGS_PANELS
    content_panels = Page.content_panels + [FieldPanel("institution"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("institution_code"), APIField("intro", writable=True), APIField("body", writable=True)]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage", "forms_app.DomainFormPage", "forms_app.AdHocFormPage"]

    class Meta:
        verbose_name = _("institution index page")

    @property
    def institution_code(self):
        return self.institution.code

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class ContentPage(Page):
    """A published text: a regulation with its appendices, or a vision text with its notes.

    The body is built section by section (level-2 headings); footnotes and endnotes live in
    ``notes`` and are referred to from the text as ``[fn:KEY]`` / ``[en:KEY]``.
    """

    intro = models.TextField(_("introduction"), blank=True)
    document_info = StreamField(
        [("item", DocumentInfoBlock())],
        verbose_name=_("approval details"),
        blank=True,
        help_text=_("Who approved the text, when, under which order or protocol."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    notes = StreamField(NotesBlock(), verbose_name=_("footnotes and endnotes"), blank=True)

    settings_panels = PAGE_SETTINGS_PANELS
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("document_info"), FieldPanel("notes")], heading=_("Sources and approval")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("notes"),
    ]
    api_fields = [
        APIField("intro", writable=True),
        APIField("document_info", writable=True),
        APIField("body", writable=True),
        APIField("notes", writable=True),
        APIField("key_figures"),
    ]

    parent_page_types = ["cms.InstitutionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("content page")

    @property
    def key_figures(self):
        """Every key figure on the page, flat, for headless clients (P-C5): published and live ones."""
        figures = []
        for block in self.body:
            if block.block_type == "key_figures":
                figures += [{"group": block.value["title"], **dict(figure)} for figure in block.value["figures"]]
            elif block.block_type == "live_figures":
                figures += [
                    {"group": block.value["title"], "live": True, **figure} for figure in live_figures(block.value)
                ]
        return figures

    def table_of_contents(self, anchors):
        """Sections (level 2) with their subsections (level 3), linked to the headings' anchors."""
        sections = []
        for block in self.body:
            if block.block_type != "heading" or block.value["level"] not in ("2", "3"):
                continue
            entry = {"text": strip_note_markers(block.value["text"]), "anchor": anchors[block.id], "children": []}
            if block.value["level"] == "3" and sections:
                sections[-1]["children"].append(entry)
            else:
                sections.append(entry)
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["heading_anchors"] = heading_anchors(self.body)
        context["table_of_contents"] = self.table_of_contents(context["heading_anchors"])
        context["note_numbers"] = number_notes(self.notes)
        context["footnotes"] = [note for note in self.notes if note.block_type == "footnote"]
        context["endnotes"] = [note for note in self.notes if note.block_type == "endnote"]
        return context
