"""School No. 8's home-schooling records lists (P-A1): declarations only; core.admin does the rest."""

from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import PrintedDocument, RecordAdmin, RecordPhrases, WorkflowAction, printed_document_url
from homeschool.models import (
    AWAITING_DOCUMENTS,
    READY_TO_ORGANISE,
    CurriculumLine,
    HomeSchoolingCase,
    HomeSchoolingContract,
    HomeSchoolingOrder,
    IndividualCurriculum,
    IndividualSchedule,
    ScheduleEntry,
    TeacherAssignment,
    renewable,
)
from homeschool.resources import HomeSchoolingCaseResource, TeacherAssignmentResource

# The curriculum's and the schedule's steps: the responsible deputy records the parent's agreement
# (2.15-2.16; the deputy organises them, Appendix 2), the director approves (HS-R11).
PARENT_AGREED = WorkflowAction(
    "record_parent_agreement",
    _("Parent agreed"),
    when=Q(agreed_on__isnull=True, approved_on__isnull=True),
    waiting=True,
    reviewer=True,
)
APPROVE = WorkflowAction(
    "approve", _("Approve"), when=Q(approved_on__isnull=True), waiting=True, needs="approval_needs"
)
# A case's printed documents, linked from its row: (relation, document name, label).
CASE_DOCUMENTS = (
    ("contract", "contract", _("Contract")),
    ("curriculum", "curriculum", _("Curriculum")),
    ("schedule", "schedule", _("Schedule")),
)


class HomeSchoolingCaseAdmin(RecordAdmin):
    model = HomeSchoolingCase
    phrases = RecordPhrases(
        add=_("Add home schooling case"),
        inspect=_("View home schooling case"),
        edit=_("Edit home schooling case"),
        none_yet=_("No home schooling cases yet."),
        count=ngettext_lazy("%(count)s home schooling case", "%(count)s home schooling cases", "count"),
    )
    resource_class = HomeSchoolingCaseResource
    menu_icon = "user"
    list_display = (
        "reference",
        "child_name",
        "class_name",
        "status",
        "organise_by",
        "documents",
    )
    list_select_related = ("institution", "contract", "curriculum", "schedule")
    list_filter = ("status", "programme", "class_name")
    search_fields = ("reference", "child_name", "applicant_name")
    # The status and its dates move only through the workflow steps and the daily run.
    form_fields_exclude = ("reference", "status", "organised_on", "renewal_reminded_on", "closed_on")
    workflow_actions = (
        WorkflowAction("mark_documents_complete", _("Documents complete"), when=AWAITING_DOCUMENTS, waiting=True),
        WorkflowAction(
            "organise",
            _("Organise"),
            when=READY_TO_ORGANISE,
            waiting=True,
            needs="organise_needs",
            decision=_(
                "Home schooling of your child is organised. The school gives you the order, the contract, "
                "the individual curriculum and the schedule."
            ),
        ),
        WorkflowAction("renew", _("Renew for the next school year"), when=renewable()),
    )

    def get_queryset(self, request):
        teachers = TeacherAssignment.objects.filter(case=OuterRef("pk"))
        return super().get_queryset(request).annotate(teachers_assigned=Exists(teachers))

    def documents(self, case):
        """The case's documents that exist so far, each a link to its printed form."""
        documents = [
            (printed_document_url(record, name), label)
            for relation, name, label in CASE_DOCUMENTS
            if (record := getattr(case, relation, None)) is not None
        ]
        return format_html_join(" · ", '<a href="{}" target="_blank">{}</a>', documents)

    documents.short_description = _("documents")


class HomeSchoolingOrderAdmin(RecordAdmin):
    model = HomeSchoolingOrder
    phrases = RecordPhrases(
        add=_("Add home schooling order"),
        inspect=_("View home schooling order"),
        edit=_("Edit home schooling order"),
        none_yet=_("No home schooling orders yet."),
        count=ngettext_lazy("%(count)s home schooling order", "%(count)s home schooling orders", "count"),
    )
    menu_icon = "doc-full"
    list_display = ("number", "issued_on", "school_year", "responsible_deputy")
    list_filter = ("school_year",)
    search_fields = ("number",)
    printed_documents = (PrintedDocument("order", _("order"), "homeschool/print/order.html"),)


class TeacherAssignmentAdmin(RecordAdmin):
    model = TeacherAssignment
    phrases = RecordPhrases(
        add=_("Add teacher assignment"),
        inspect=_("View teacher assignment"),
        edit=_("Edit teacher assignment"),
        none_yet=_("No teacher assignments yet."),
        count=ngettext_lazy("%(count)s teacher assignment", "%(count)s teacher assignments", "count"),
    )
    resource_class = TeacherAssignmentResource
    menu_icon = "group"
    list_display = ("order", "case", "teacher_name", "weekly_hours", "weekly_lessons")
    list_filter = ("order",)
    search_fields = ("teacher_name", "case__child_name")


class HomeSchoolingContractAdmin(RecordAdmin):
    model = HomeSchoolingContract
    phrases = RecordPhrases(
        add=_("Add home schooling contract"),
        inspect=_("View home schooling contract"),
        edit=_("Edit home schooling contract"),
        none_yet=_("No home schooling contracts yet."),
        count=ngettext_lazy("%(count)s home schooling contract", "%(count)s home schooling contracts", "count"),
    )
    menu_icon = "doc-full-inverse"
    list_display = ("number", "concluded_on", "case", "term_start", "term_end", "ended_on")
    search_fields = ("number", "parent_name", "case__child_name")
    printed_documents = (PrintedDocument("contract", _("contract with appendices"), "homeschool/print/contract.html"),)


class IndividualCurriculumAdmin(RecordAdmin):
    model = IndividualCurriculum
    phrases = RecordPhrases(
        add=_("Add individual curriculum"),
        inspect=_("View individual curriculum"),
        edit=_("Edit individual curriculum"),
        none_yet=_("No individual curricula yet."),
        count=ngettext_lazy("%(count)s individual curriculum", "%(count)s individual curricula", "count"),
    )
    menu_icon = "list-ul"
    list_display = ("case", "programme_name", "agreed_on", "approved_on")
    search_fields = ("case__child_name",)
    workflow_actions = (PARENT_AGREED, APPROVE)
    printed_documents = (PrintedDocument("curriculum", _("curriculum"), "homeschool/print/curriculum.html"),)


class CurriculumLineAdmin(RecordAdmin):
    model = CurriculumLine
    phrases = RecordPhrases(
        add=_("Add curriculum line"),
        inspect=_("View curriculum line"),
        edit=_("Edit curriculum line"),
        none_yet=_("No curriculum lines yet."),
        count=ngettext_lazy("%(count)s curriculum line", "%(count)s curriculum lines", "count"),
    )
    menu_icon = "list-ol"
    list_display = (
        "curriculum",
        "part",
        "subject_area",
        "subject",
        "teacher_name",
        "hours_with_teacher",
        "hours_distance",
        "hours_self_study",
    )
    list_filter = ("part",)
    search_fields = ("subject", "teacher_name", "curriculum__case__child_name")


class IndividualScheduleAdmin(RecordAdmin):
    model = IndividualSchedule
    phrases = RecordPhrases(
        add=_("Add individual schedule"),
        inspect=_("View individual schedule"),
        edit=_("Edit individual schedule"),
        none_yet=_("No individual schedules yet."),
        count=ngettext_lazy("%(count)s individual schedule", "%(count)s individual schedules", "count"),
    )
    menu_icon = "date"
    list_display = ("case", "agreed_on", "approved_on")
    search_fields = ("case__child_name",)
    workflow_actions = (PARENT_AGREED, APPROVE)
    printed_documents = (PrintedDocument("schedule", _("schedule"), "homeschool/print/schedule.html"),)


class ScheduleEntryAdmin(RecordAdmin):
    model = ScheduleEntry
    phrases = RecordPhrases(
        add=_("Add schedule entry"),
        inspect=_("View schedule entry"),
        edit=_("Edit schedule entry"),
        none_yet=_("No schedule entries yet."),
        count=ngettext_lazy("%(count)s schedule entry", "%(count)s schedule entries", "count"),
    )
    menu_icon = "time"
    list_display = ("schedule", "weekday", "starts_at", "ends_at", "subject", "teacher_name")
    list_filter = ("weekday",)
    search_fields = ("subject", "teacher_name", "schedule__case__child_name")
