"""School No. 8's home-schooling records lists (P-A1): declarations only; core.admin does the rest."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Case, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import (
    DomainPermissionHelper,
    PrintedDocument,
    RecordAdmin,
    RecordPhrases,
    ScopedCreateView,
    ScopedEditView,
    WorkflowAction,
    printed_document_url,
)
from core.scoping import is_reviewer_only
from homeschool import documents
from homeschool.models import (
    AWAITING_DOCUMENTS,
    READY_TO_ORGANISE,
    AttestationMark,
    CalendarPeriod,
    CurriculumLine,
    HomeSchoolingCase,
    HomeSchoolingContract,
    HomeSchoolingOrder,
    IndividualCurriculum,
    IndividualSchedule,
    Lesson,
    PromotionDecision,
    ScheduleEntry,
    SchoolCalendar,
    TeacherAssignment,
    prolongable,
    renewable,
)
from homeschool.resources import (
    AttestationMarkResource,
    HomeSchoolingCaseResource,
    LessonResource,
    TeacherAssignmentResource,
)

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
# HS-R11: approved lines are locked; a change is a new version, agreed and approved again.
WITHDRAW_APPROVAL = WorkflowAction("withdraw_approval", _("Withdraw the approval"), when=Q(approved_on__isnull=False))
# A case's printed documents, linked from its row: (relation, document name, label).
CASE_DOCUMENTS = (
    ("contract", "contract", _("Contract")),
    ("curriculum", "curriculum", _("Curriculum")),
    ("schedule", "schedule", _("Schedule")),
)
APPLICATION = PrintedDocument(
    "application", _("application"), "homeschool/print/application.html", documents.application
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
        WorkflowAction(
            "mark_documents_complete",
            _("Documents complete"),
            when=AWAITING_DOCUMENTS,
            waiting=True,
            needs="documents_needs",
        ),
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
        WorkflowAction("renew", _("Renew for the next school year"), when=renewable(), needs="renewal_needs"),
        WorkflowAction("prolong", _("Prolong within the school year"), when=prolongable(), needs="prolongation_needs"),
    )
    printed_documents = (APPLICATION,)

    def get_queryset(self, request):
        teachers = TeacherAssignment.objects.filter(case=OuterRef("pk"))
        # The calendar of the case's school year (as core.school_year counts it), one column, no query per row.
        school_year = Case(
            When(period_start__month__gte=9, then=ExtractYear("period_start")),
            default=ExtractYear("period_start") - 1,
        )
        user = request.user
        calendar = SchoolCalendar.objects.filter(
            SchoolCalendar.visible_to(user), institution=OuterRef("institution"), school_year=OuterRef("year")
        )
        # A document is linked only where its reader may open it (the class teacher reads the
        # journal, not the contract or the plans: the link would lead to a 404).
        readable = {
            f"reads_{relation}": Exists(model.objects.filter(model.visible_to(user), case=OuterRef("pk")))
            for relation, model in self.case_documents()
        }
        return (
            super()
            .get_queryset(request)
            .annotate(teachers_assigned=Exists(teachers), year=school_year, **readable)
            .annotate(calendar_pk=Subquery(calendar.values("pk")[:1]))
        )

    def case_documents(self):
        return [(relation, self.model._meta.get_field(relation).related_model) for relation, _n, _l in CASE_DOCUMENTS]

    def documents(self, case):
        """The case's documents that exist so far, each a link to its printed form: the written
        application (HS-R12), the appendices, and the calendar school schedule of its year (2.12)."""
        documents = [(printed_document_url(case, APPLICATION.name), _("Application"))]
        documents += [
            (printed_document_url(record, name), label)
            for relation, name, label in CASE_DOCUMENTS
            if (record := getattr(case, relation, None)) is not None and getattr(case, f"reads_{relation}", True)
        ]
        if calendar_pk := getattr(case, "calendar_pk", None):
            calendar = SchoolCalendar(pk=calendar_pk)
            documents.append((printed_document_url(calendar, "calendar"), _("Calendar school schedule")))
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
    list_display = ("order", "case", "teacher_name", "organisation", "weekly_hours", "weekly_lessons")
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
    list_display = ("case", "kind", "school_year", "agreed_on", "approved_on")
    list_filter = ("kind",)
    search_fields = ("case__child_name",)
    workflow_actions = (PARENT_AGREED, APPROVE, WITHDRAW_APPROVAL)
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
    workflow_actions = (PARENT_AGREED, APPROVE, WITHDRAW_APPROVAL)
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


class ClassTeacherWrites(DomainPermissionHelper):
    """Clause 3.3 (2.19-2.20, 3.2): the journal's lessons and marks are written by the pupil's class
    teacher; the responsible deputy, a reviewer too, only reads them (2.19: controls the curriculum)."""

    def user_can_create(self, user):
        return super().user_can_create(user) and (
            not is_reviewer_only(user) or HomeSchoolingCase.objects.filter(class_teacher_account=user).exists()
        )

    def user_has_specific_permission(self, user, perm_codename):
        """A reviewer's right to change holds record by record (``user_can_edit_obj``), never for the
        whole list: so no import, whose rows could name another class's pupil."""
        if perm_codename == self.get_perm_codename("change") and is_reviewer_only(user):
            return False
        return super().user_has_specific_permission(user, perm_codename)

    def user_can_edit_obj(self, user, obj):
        if not is_reviewer_only(user):
            return super().user_can_edit_obj(user, obj)
        change = self.get_perm_codename("change")
        return (
            super().user_has_specific_permission(user, change)
            and obj is not None
            and obj.case.class_teacher_account_id == user.pk
        )


class ClassTeacherFormMixin:
    """A class teacher picks only the pupils of their class (ClassTeacherWrites)."""

    def get_form(self):
        form = super().get_form()
        if is_reviewer_only(self.request.user):
            field = form.fields["case"]
            field.queryset = field.queryset.filter(class_teacher_account=self.request.user)
        return form


class ClassTeacherCreateView(ClassTeacherFormMixin, ScopedCreateView):
    pass


class ClassTeacherEditView(ClassTeacherFormMixin, ScopedEditView):
    pass


class JournalAdmin(RecordAdmin):
    """A list of the journal that the class teacher fills in (clause 3.3)."""

    permission_helper_class = ClassTeacherWrites
    create_view_class = ClassTeacherCreateView
    edit_view_class = ClassTeacherEditView


class MonthFilter(SimpleListFilter):
    """The month of the journal: the period the lesson sheet and the timesheet are printed for."""

    title = _("month")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = model_admin.get_queryset(request).dates("given_on", "month", order="DESC")
        return [(f"{month:%Y-%m}", date_format(month, "F Y")) for month in months]

    def queryset(self, request, queryset):
        value = self.value() or ""
        year, _dash, month = value.partition("-")
        if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
            return queryset.filter(given_on__year=int(year), given_on__month=int(month))
        return queryset


class LessonAdmin(JournalAdmin):
    model = Lesson
    phrases = RecordPhrases(
        add=_("Add lesson to the journal"),
        inspect=_("View lesson journal entry"),
        edit=_("Edit lesson journal entry"),
        none_yet=_("No lessons in the journal yet."),
        count=ngettext_lazy("%(count)s lesson", "%(count)s lessons", "count"),
    )
    resource_class = LessonResource
    menu_icon = "calendar-check"
    list_display = ("given_on", "case", "subject", "teacher_name", "hours", "status", "cancel_reason", "on_holiday")
    list_filter = (MonthFilter, "case", "status", "cancel_reason")
    search_fields = ("subject", "teacher_name", "case__child_name")
    list_printed_documents = (
        PrintedDocument(
            "sheet", _("monthly lesson sheet"), "homeschool/print/lesson_sheet.html", documents.lesson_sheet
        ),
        PrintedDocument("timesheet", _("timesheet"), "homeschool/print/timesheet.html", documents.timesheet),
    )


class AttestationMarkAdmin(JournalAdmin):
    model = AttestationMark
    phrases = RecordPhrases(
        add=_("Add attestation mark"),
        inspect=_("View attestation mark"),
        edit=_("Edit attestation mark"),
        none_yet=_("No attestation marks yet."),
        count=ngettext_lazy("%(count)s attestation mark", "%(count)s attestation marks", "count"),
    )
    resource_class = AttestationMarkResource
    menu_icon = "tasks"
    list_display = ("case", "subject", "period", "mark")
    list_filter = ("period", "case")
    search_fields = ("subject", "case__child_name")


class PromotionDecisionAdmin(RecordAdmin):
    model = PromotionDecision
    phrases = RecordPhrases(
        add=_("Add promotion decision"),
        inspect=_("View promotion decision"),
        edit=_("Edit promotion decision"),
        none_yet=_("No promotion decisions yet."),
        count=ngettext_lazy("%(count)s promotion decision", "%(count)s promotion decisions", "count"),
    )
    menu_icon = "pick"
    list_display = ("case", "decision", "decided_on", "council_protocol")
    list_filter = ("decision",)
    search_fields = ("case__child_name",)


class SchoolCalendarAdmin(RecordAdmin):
    model = SchoolCalendar
    phrases = RecordPhrases(
        add=_("Add calendar school schedule"),
        inspect=_("View calendar school schedule"),
        edit=_("Edit calendar school schedule"),
        none_yet=_("No calendar school schedules yet."),
        count=ngettext_lazy("%(count)s calendar school schedule", "%(count)s calendar school schedules", "count"),
    )
    menu_icon = "calendar"
    list_display = ("school_year", "starts_on", "ends_on", "division", "approved_on")
    printed_documents = (PrintedDocument("calendar", _("calendar school schedule"), "homeschool/print/calendar.html"),)


class CalendarPeriodAdmin(RecordAdmin):
    model = CalendarPeriod
    phrases = RecordPhrases(
        add=_("Add calendar period"),
        inspect=_("View calendar period"),
        edit=_("Edit calendar period"),
        none_yet=_("No calendar periods yet."),
        count=ngettext_lazy("%(count)s calendar period", "%(count)s calendar periods", "count"),
    )
    menu_icon = "calendar-alt"
    list_display = ("calendar", "kind", "name", "starts_on", "ends_on")
    list_filter = ("kind",)
