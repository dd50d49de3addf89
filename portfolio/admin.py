"""Emishevo school's portfolio records lists (P-A1): declarations only; core.admin does the rest."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import PrintedDocument, RecordAdmin, RecordPhrases, WorkflowAction
from portfolio.models import (
    AWAITING_CONFIRMATION,
    Achievement,
    AnnualRating,
    ClassSummarySheet,
    HalfYearScore,
    PointsRow,
    PortfolioEntry,
    Pupil,
    SchoolClass,
    Work,
)
from portfolio.resources import PointsRowResource, PupilResource, SchoolClassResource

# A pupil's sheets (Appendix 3, each school year) and the whole portfolio handed to the family when
# the pupil leaves (section 5): printed by the school, and by the family in its own area.
PUPIL_DOCUMENTS = (
    PrintedDocument("sheet", _("summary sheet"), "portfolio/print/summary_sheet.html"),
    PrintedDocument("portfolio", _("whole portfolio"), "portfolio/print/portfolio.html"),
)


class SchoolClassAdmin(RecordAdmin):
    model = SchoolClass
    phrases = RecordPhrases(
        add=_("Add school class"),
        inspect=_("View school class"),
        edit=_("Edit school class"),
        none_yet=_("No school classes yet."),
        count=ngettext_lazy("%(count)s school class", "%(count)s school classes", "count"),
    )
    resource_class = SchoolClassResource
    menu_icon = "group"
    list_display = ("code", "school_year", "grade", "letter", "class_teacher")
    list_filter = ("school_year", "grade")
    search_fields = ("code",)


class PupilAdmin(RecordAdmin):
    model = Pupil
    phrases = RecordPhrases(
        add=_("Add pupil"),
        inspect=_("View pupil"),
        edit=_("Edit pupil"),
        none_yet=_("No pupils yet."),
        count=ngettext_lazy("%(count)s pupil", "%(count)s pupils", "count"),
    )
    resource_class = PupilResource
    menu_icon = "user"
    list_display = ("code", "last_name", "first_name", "patronymic", "school_class")
    list_filter = ("school_class",)
    search_fields = ("code", "last_name", "first_name")
    printed_documents = PUPIL_DOCUMENTS


class PortfolioEntryAdmin(RecordAdmin):
    model = PortfolioEntry
    phrases = RecordPhrases(
        add=_("Add portfolio entry"),
        inspect=_("View portfolio entry"),
        edit=_("Edit portfolio entry"),
        none_yet=_("No portfolio entries yet."),
        count=ngettext_lazy("%(count)s portfolio entry", "%(count)s portfolio entries", "count"),
    )
    menu_icon = "doc-full"
    list_display = ("pupil", "section", "kind", "title", "added_on")
    list_filter = ("section", "kind")
    search_fields = ("title", "pupil__last_name")


class WorkAdmin(RecordAdmin):
    model = Work
    phrases = RecordPhrases(
        add=_("Add work"),
        inspect=_("View work"),
        edit=_("Edit work"),
        none_yet=_("No works yet."),
        count=ngettext_lazy("%(count)s work", "%(count)s works", "count"),
    )
    menu_icon = "edit"
    list_display = ("pupil", "kind", "subject", "title", "done_on", "mark")
    list_filter = ("kind",)
    search_fields = ("title", "subject", "pupil__last_name")


class AchievementAdmin(RecordAdmin):
    model = Achievement
    phrases = RecordPhrases(
        add=_("Add achievement"),
        inspect=_("View achievement"),
        edit=_("Edit achievement"),
        none_yet=_("No achievements yet."),
        count=ngettext_lazy("%(count)s achievement", "%(count)s achievements", "count"),
    )
    menu_icon = "pick"
    list_display = ("reference", "pupil", "indicator", "level", "result", "achieved_on", "status")
    list_filter = ("status", "indicator", "level")
    search_fields = ("reference", "title", "pupil__last_name")
    # PF-R5: the class teacher confirms against the document, or writes the reason and returns it.
    workflow_actions = (
        WorkflowAction(
            "confirm",
            _("Confirm"),
            when=AWAITING_CONFIRMATION,
            waiting=True,
            needs="confirm_needs",
            reviewer=True,
            decision=_("The class teacher confirmed your child's achievement: it counts in the portfolio."),
        ),
        WorkflowAction(
            "send_back",
            _("Return"),
            when=AWAITING_CONFIRMATION,
            needs="return_needs",
            reviewer=True,
            decision=_(
                "The class teacher returned your child's achievement with a reason: see it in the portfolio, "
                "or ask the class teacher."
            ),
        ),
    )


class HalfYearScoreAdmin(RecordAdmin):
    model = HalfYearScore
    phrases = RecordPhrases(
        add=_("Add half-year score"),
        inspect=_("View half-year score"),
        edit=_("Edit half-year score"),
        none_yet=_("No half-year scores yet."),
        count=ngettext_lazy("%(count)s half-year score", "%(count)s half-year scores", "count"),
    )
    menu_icon = "tasks"
    list_display = ("pupil", "school_class", "half", "scored_on", "total")
    list_filter = ("school_class", "half")
    search_fields = ("pupil__last_name",)
    workflow_actions = (
        WorkflowAction(
            "score",
            _("Score the half-year"),
            when=Q(scored_on__isnull=True),
            waiting=True,
            needs="score_needs",
            reviewer=True,
        ),
    )


class ClassSummarySheetAdmin(RecordAdmin):
    model = ClassSummarySheet
    phrases = RecordPhrases(
        add=_("Add class summary sheet"),
        inspect=_("View class summary sheet"),
        edit=_("Edit class summary sheet"),
        none_yet=_("No class summary sheets yet."),
        count=ngettext_lazy("%(count)s class summary sheet", "%(count)s class summary sheets", "count"),
    )
    menu_icon = "table"
    list_display = ("school_class", "approved_on")
    # PF-R3 (7.8): the director approves; the class teacher (a reviewer) only reads the sheet.
    workflow_actions = (
        WorkflowAction("approve", _("Approve"), when=Q(approved_on__isnull=True), waiting=True, needs="approval_needs"),
    )
    # Appendix 4, with the director's approval line.
    printed_documents = (PrintedDocument("sheet", _("class summary sheet"), "portfolio/print/class_sheet.html"),)


class PointsRowAdmin(RecordAdmin):
    model = PointsRow
    phrases = RecordPhrases(
        add=_("Add points table row"),
        inspect=_("View points table row"),
        edit=_("Edit points table row"),
        none_yet=_("No points table rows yet."),
        count=ngettext_lazy("%(count)s points table row", "%(count)s points table rows", "count"),
    )
    resource_class = PointsRowResource
    menu_icon = "list-ol"
    list_display = (
        "indicator",
        "level",
        "result",
        "category",
        "points",
        "max_points",
        "per_mark",
        "valid_from",
        "valid_to",
    )
    list_filter = ("indicator", "category", "level")


class AnnualRatingAdmin(RecordAdmin):
    model = AnnualRating
    phrases = RecordPhrases(
        add=_("Add annual rating"),
        inspect=_("View annual rating"),
        edit=_("Edit annual rating"),
        none_yet=_("No annual ratings yet."),
        count=ngettext_lazy("%(count)s annual rating", "%(count)s annual ratings", "count"),
    )
    menu_icon = "order"
    list_display = ("school_year", "names_published")
    printed_documents = (PrintedDocument("rating", _("annual rating"), "portfolio/print/rating.html"),)
