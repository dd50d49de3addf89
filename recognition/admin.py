"""The university's recognition records lists (P-A1): declarations only; core.admin does the rest."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import PrintedDocument, RecordAdmin, RecordPhrases, WorkflowAction
from recognition import models as steps
from recognition.models import (
    CommissionMember,
    CreditedResult,
    Decision,
    Discipline,
    DisciplineModule,
    GradeScale,
    Inquiry,
    PriorLearning,
    Programme,
    RecognisedModule,
    RecognitionApplication,
    Student,
    SupportingDocument,
    Validation,
)
from recognition.resources import DisciplineModuleResource, DisciplineResource, ProgrammeResource, StudentResource


class RecognitionApplicationAdmin(RecordAdmin):
    model = RecognitionApplication
    phrases = RecordPhrases(
        add=_("Add recognition application"),
        inspect=_("View recognition application"),
        edit=_("Edit recognition application"),
        none_yet=_("No recognition applications yet."),
        count=ngettext_lazy("%(count)s recognition application", "%(count)s recognition applications", "count"),
    )
    menu_icon = "doc-full-inverse"
    list_display = ("reference", "student", "discipline", "variant", "status", "applied_on", "decide_by")
    list_select_related = ("institution", "student", "discipline", "decision", "validation")
    list_filter = ("status", "variant", "learning_kind")
    search_fields = ("reference", "student__full_name", "student__code", "discipline__name")
    form_fields_exclude = ("reference",)
    workflow_actions = (
        WorkflowAction("register", _("Register"), when=steps.TO_REGISTER, waiting=True),
        WorkflowAction(
            "ask_for_more",
            _("Ask for more information"),
            when=steps.REGISTERED,
            decision=_(
                "The information in your application is not sufficient: the department asks you to add to "
                "your declaration or documents (clause 2.11 of the Regulation)."
            ),
        ),
        WorkflowAction(
            "mark_sufficient",
            _("Information sufficient"),
            when=steps.TO_CHECK,
            waiting=True,
        ),
        WorkflowAction(
            "proceed",
            _("Take further"),
            when=steps.SUFFICIENT,
            waiting=True,
            decision=_(
                "The department decided to take your application further: a subject commission will compare "
                "your learning outcomes with those of the programme (clauses 2.11-2.13 of the Regulation)."
            ),
        ),
        WorkflowAction(
            "decline",
            _("Do not take further"),
            when=steps.TO_DECLINE,
            decision=_(
                "The department decided that the recognition of your learning outcomes cannot go further "
                "(clause 2.12 of the Regulation)."
            ),
        ),
        WorkflowAction(
            "recognise_english",
            _("Recognise English by certificate"),
            when=steps.english_recognisable(),
            decision=_(
                "Your international English certificate credits the English disciplines of your semesters with "
                "the maximum grade (clause 2.3 of the Regulation)."
            ),
        ),
        WorkflowAction(
            "decide",
            _("Decide"),
            when=steps.DECIDED_BY_PROTOCOL,
            waiting=True,
            decision=_("The decision on your application is taken: the department will give you the protocol."),
        ),
        WorkflowAction(
            "order_validation",
            _("Order validation"),
            when=steps.VALIDATION_ORDERED,
            waiting=True,
            decision=_(
                "Your learning outcomes will be assessed: you will receive the syllabus and the methods, and agree "
                "the preparation time (clause 2.19 of the Regulation)."
            ),
        ),
        WorkflowAction(
            "announce_results",
            _("Announce the results"),
            when=steps.ASSESSED,
            waiting=True,
            decision=_("The results of your assessment are announced (clause 2.20 of the Regulation)."),
        ),
        WorkflowAction("credit", _("Credit"), when=steps.RECOGNISED, waiting=True),
    )
    # Appendices 1-3 of the Regulation, laid out as its forms.
    printed_documents = (
        PrintedDocument("application", _("application"), "recognition/print/application.html"),
        PrintedDocument("declaration", _("declaration of prior learning"), "recognition/print/declaration.html"),
        PrintedDocument("protocol", _("commission protocol"), "recognition/print/protocol.html"),
    )

    def get_queryset(self, request):
        # The due date (RC-R6) of each row counts its inquiries' days: one query for the page.
        return super().get_queryset(request).prefetch_related("inquiries")


class StudentAdmin(RecordAdmin):
    model = Student
    phrases = RecordPhrases(
        add=_("Add student"),
        inspect=_("View student"),
        edit=_("Edit student"),
        none_yet=_("No students yet."),
        count=ngettext_lazy("%(count)s student", "%(count)s students", "count"),
    )
    resource_class = StudentResource
    menu_icon = "user"
    list_display = ("code", "full_name", "programme", "course", "group", "faculty")
    list_filter = ("programme", "course")
    search_fields = ("code", "full_name", "group")


class ProgrammeAdmin(RecordAdmin):
    model = Programme
    phrases = RecordPhrases(
        add=_("Add educational programme"),
        inspect=_("View educational programme"),
        edit=_("Edit educational programme"),
        none_yet=_("No educational programmes yet."),
        count=ngettext_lazy("%(count)s educational programme", "%(count)s educational programmes", "count"),
    )
    resource_class = ProgrammeResource
    menu_icon = "list-ul"
    list_display = ("code", "name", "level", "credits", "field_of_knowledge", "credit_cap")
    list_filter = ("level",)
    search_fields = ("code", "name")


class DisciplineAdmin(RecordAdmin):
    model = Discipline
    phrases = RecordPhrases(
        add=_("Add discipline"),
        inspect=_("View discipline"),
        edit=_("Edit discipline"),
        none_yet=_("No disciplines yet."),
        count=ngettext_lazy("%(count)s discipline", "%(count)s disciplines", "count"),
    )
    resource_class = DisciplineResource
    menu_icon = "list-ol"
    list_display = ("code", "name", "programme", "semester", "credits", "kind", "component")
    list_filter = ("programme", "semester", "kind", "component", "english")
    search_fields = ("code", "name")


class DisciplineModuleAdmin(RecordAdmin):
    model = DisciplineModule
    phrases = RecordPhrases(
        add=_("Add content module"),
        inspect=_("View content module"),
        edit=_("Edit content module"),
        none_yet=_("No content modules yet."),
        count=ngettext_lazy("%(count)s content module", "%(count)s content modules", "count"),
    )
    resource_class = DisciplineModuleResource
    menu_icon = "list-ul"
    list_display = ("code", "name", "discipline", "points", "credits")
    list_filter = ("discipline",)
    search_fields = ("code", "name", "discipline__name")


class PriorLearningAdmin(RecordAdmin):
    model = PriorLearning
    phrases = RecordPhrases(
        add=_("Add declared prior learning"),
        inspect=_("View declared prior learning"),
        edit=_("Edit declared prior learning"),
        none_yet=_("No declared prior learning yet."),
        count=ngettext_lazy(
            "%(count)s line of declared prior learning", "%(count)s lines of declared prior learning", "count"
        ),
    )
    menu_icon = "doc-full"
    list_display = ("application", "provider", "period_from", "period_until")
    search_fields = ("provider", "application__reference", "application__student__full_name")


class SupportingDocumentAdmin(RecordAdmin):
    model = SupportingDocument
    phrases = RecordPhrases(
        add=_("Add supporting document"),
        inspect=_("View supporting document"),
        edit=_("Edit supporting document"),
        none_yet=_("No supporting documents yet."),
        count=ngettext_lazy("%(count)s supporting document", "%(count)s supporting documents", "count"),
    )
    menu_icon = "doc-full"
    list_display = ("application", "title", "issuer", "issued_on", "issued_in", "excluded_reason")
    list_filter = ("issued_in",)
    search_fields = ("title", "issuer", "application__reference", "application__student__full_name")


class InquiryAdmin(RecordAdmin):
    model = Inquiry
    phrases = RecordPhrases(
        add=_("Add inquiry"),
        inspect=_("View inquiry"),
        edit=_("Edit inquiry"),
        none_yet=_("No inquiries yet."),
        count=ngettext_lazy("%(count)s inquiry", "%(count)s inquiries", "count"),
    )
    menu_icon = "mail"
    list_display = ("application", "addressee", "sent_on", "answered_on", "applicant_told_on")
    search_fields = ("addressee", "application__reference", "application__student__full_name")
    workflow_actions = (
        WorkflowAction(
            "tell_applicant",
            _("Tell the applicant of the extension"),
            when=Q(applicant_told_on__isnull=True),
            waiting=True,
            decision=_(
                "The department sent an inquiry about your declaration: the term of considering your application "
                "extends until the answer arrives (clause 2.12 of the Regulation)."
            ),
        ),
    )


class CommissionMemberAdmin(RecordAdmin):
    model = CommissionMember
    phrases = RecordPhrases(
        add=_("Add commission member"),
        inspect=_("View commission member"),
        edit=_("Edit commission member"),
        none_yet=_("No commission members yet."),
        count=ngettext_lazy("%(count)s commission member", "%(count)s commission members", "count"),
    )
    menu_icon = "group"
    list_display = ("application", "full_name", "role", "chairs", "conflict_of_interest", "signed_on")
    list_filter = ("role", "conflict_of_interest")
    search_fields = ("full_name", "application__reference")
    workflow_actions = (WorkflowAction("sign", _("Sign"), when=Q(signed_on__isnull=True), waiting=True),)


class DecisionAdmin(RecordAdmin):
    model = Decision
    phrases = RecordPhrases(
        add=_("Add decision"),
        inspect=_("View decision"),
        edit=_("Edit decision"),
        none_yet=_("No decisions yet."),
        count=ngettext_lazy("%(count)s decision", "%(count)s decisions", "count"),
    )
    menu_icon = "doc-full-inverse"
    list_display = ("protocol_number", "decided_on", "application", "outcome", "points", "ects_grade")
    list_filter = ("outcome",)
    search_fields = ("protocol_number", "application__reference", "application__student__full_name")


class RecognisedModuleAdmin(RecordAdmin):
    model = RecognisedModule
    phrases = RecordPhrases(
        add=_("Add recognised module"),
        inspect=_("View recognised module"),
        edit=_("Edit recognised module"),
        none_yet=_("No recognised modules yet."),
        count=ngettext_lazy("%(count)s recognised module", "%(count)s recognised modules", "count"),
    )
    menu_icon = "list-ul"
    list_display = ("decision", "module", "points")
    search_fields = ("module__name", "decision__application__reference")


class ValidationAdmin(RecordAdmin):
    model = Validation
    phrases = RecordPhrases(
        add=_("Add validation"),
        inspect=_("View validation"),
        edit=_("Edit validation"),
        none_yet=_("No validations yet."),
        count=ngettext_lazy("%(count)s validation", "%(count)s validations", "count"),
    )
    menu_icon = "tasks"
    list_display = (
        "application",
        "assessment_form",
        "assessment_on",
        "assessed_on",
        "result",
        "points",
        "announced_on",
    )
    list_filter = ("result",)
    search_fields = ("application__reference", "application__student__full_name")


class GradeScaleAdmin(RecordAdmin):
    model = GradeScale
    phrases = RecordPhrases(
        add=_("Add grade scale row"),
        inspect=_("View grade scale row"),
        edit=_("Edit grade scale row"),
        none_yet=_("No grade scale rows yet: the default scale applies."),
        count=ngettext_lazy("%(count)s grade scale row", "%(count)s grade scale rows", "count"),
    )
    menu_icon = "table"
    list_display = ("letter", "min_points", "max_points", "valid_from", "valid_until")
    list_filter = ("letter",)


class CreditedResultAdmin(RecordAdmin):
    model = CreditedResult
    phrases = RecordPhrases(
        add=_("Add credited result"),
        inspect=_("View credited result"),
        edit=_("Edit credited result"),
        none_yet=_("No credited results yet."),
        count=ngettext_lazy("%(count)s credited result", "%(count)s credited results", "count"),
    )
    menu_icon = "success"
    list_display = ("student", "discipline", "credits", "points", "ects_grade", "credited_on")
    list_filter = ("ects_grade",)
    search_fields = ("student__full_name", "student__code", "discipline__name")
