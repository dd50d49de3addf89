"""School No. 8's home-schooling records lists (P-A1): declarations only; core.admin does the rest."""

from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import PrintedDocument, RecordAdmin, WorkflowAction, printed_document_url
from homeschool.models import (
    CurriculumLine,
    HomeSchoolingCase,
    HomeSchoolingContract,
    HomeSchoolingOrder,
    IndividualCurriculum,
    IndividualSchedule,
    ScheduleEntry,
    TeacherAssignment,
)
from homeschool.resources import HomeSchoolingCaseResource, TeacherAssignmentResource

APPROVE = WorkflowAction("approve", _("Approve"), condition="can_approve", waiting=Q(approved_on__isnull=True))
# A case's printed documents, linked from its row: (relation, document name, label).
CASE_DOCUMENTS = (
    ("contract", "contract", _("Contract")),
    ("curriculum", "curriculum", _("Curriculum")),
    ("schedule", "schedule", _("Schedule")),
)


class HomeSchoolingCaseAdmin(RecordAdmin):
    model = HomeSchoolingCase
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
        WorkflowAction(
            "mark_documents_complete",
            _("Documents complete"),
            condition="can_mark_documents_complete",
            waiting=Q(status=HomeSchoolingCase.Status.SUBMITTED, documents_received_on__isnull=True),
        ),
        WorkflowAction(
            "organise",
            _("Organise"),
            condition="can_organise",
            waiting=Q(status=HomeSchoolingCase.Status.SUBMITTED, documents_received_on__isnull=False),
            decision=_(
                "Home schooling of your child is organised. The school gives you the order, the contract, "
                "the individual curriculum and the schedule."
            ),
        ),
        WorkflowAction("renew", _("Renew for the next school year"), condition="can_renew"),
    )

    def get_queryset(self, request):
        renewals = HomeSchoolingCase.objects.filter(renews=OuterRef("pk"))
        return super().get_queryset(request).annotate(renewal_exists=Exists(renewals))

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
    menu_icon = "doc-full"
    list_display = ("number", "issued_on", "school_year", "responsible_deputy")
    list_filter = ("school_year",)
    search_fields = ("number",)
    printed_documents = (PrintedDocument("order", _("order"), "homeschool/print/order.html"),)


class TeacherAssignmentAdmin(RecordAdmin):
    model = TeacherAssignment
    resource_class = TeacherAssignmentResource
    menu_icon = "group"
    list_display = ("order", "case", "teacher_name", "weekly_hours", "weekly_lessons")
    list_filter = ("order",)
    search_fields = ("teacher_name", "case__child_name")


class HomeSchoolingContractAdmin(RecordAdmin):
    model = HomeSchoolingContract
    menu_icon = "doc-full-inverse"
    list_display = ("number", "concluded_on", "case", "term_start", "term_end", "ended_on")
    search_fields = ("number", "parent_name", "case__child_name")
    printed_documents = (PrintedDocument("contract", _("contract with appendices"), "homeschool/print/contract.html"),)


class IndividualCurriculumAdmin(RecordAdmin):
    model = IndividualCurriculum
    menu_icon = "list-ul"
    list_display = ("case", "programme_name", "agreed_on", "approved_on")
    search_fields = ("case__child_name",)
    workflow_actions = (APPROVE,)
    printed_documents = (PrintedDocument("curriculum", _("curriculum"), "homeschool/print/curriculum.html"),)


class CurriculumLineAdmin(RecordAdmin):
    model = CurriculumLine
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
    menu_icon = "date"
    list_display = ("case", "agreed_on", "approved_on")
    search_fields = ("case__child_name",)
    workflow_actions = (APPROVE,)
    printed_documents = (PrintedDocument("schedule", _("schedule"), "homeschool/print/schedule.html"),)


class ScheduleEntryAdmin(RecordAdmin):
    model = ScheduleEntry
    menu_icon = "time"
    list_display = ("schedule", "weekday", "starts_at", "ends_at", "subject", "teacher_name")
    list_filter = ("weekday",)
    search_fields = ("subject", "teacher_name", "schedule__case__child_name")
