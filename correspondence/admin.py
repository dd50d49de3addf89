"""The correspondence department's records lists (P-A1): declarations only; core.admin does the rest."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import PrintedDocument, RecordAdmin, RecordPhrases, WorkflowAction
from core.models import local_date
from core.school_year import school_year_of
from correspondence.models import (
    REDONE_RESULTS,
    TO_DEFEND,
    TO_REGISTER,
    UNDER_REVIEW,
    AttestationResult,
    CurriculumLine,
    Discipline,
    ExaminationSession,
    HomeControlWork,
    IndividualSchedule,
    SickLeave,
    Student,
    StudyGroup,
    SummonsCertificate,
    Teacher,
    annotate_journal,
    handed_in_during_session,
    overdue_reviews,
    with_review_hours,
)
from correspondence.resources import (
    CurriculumLineResource,
    DisciplineResource,
    ExaminationSessionResource,
    StudentResource,
    StudyGroupResource,
)
from correspondence.rules import year_range
from correspondence.sheets import admission_lists, after_session, journal_pages


class StudyGroupAdmin(RecordAdmin):
    model = StudyGroup
    phrases = RecordPhrases(
        add=_("Add study group"),
        inspect=_("View study group"),
        edit=_("Edit study group"),
        none_yet=_("No study groups yet."),
        count=ngettext_lazy("%(count)s study group", "%(count)s study groups", "count"),
    )
    resource_class = StudyGroupResource
    menu_icon = "group"
    list_display = ("code", "specialty", "form", "course", "year")
    list_filter = ("form", "course")
    search_fields = ("code", "specialty")


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
    list_display = ("name", "code", "group", "email")
    list_filter = ("group",)
    search_fields = ("name", "code", "email")


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
    menu_icon = "doc-full"
    list_display = ("code", "name", "cycle", "kind", "full_time_hours", "physical_education")
    list_filter = ("cycle", "kind")
    search_fields = ("code", "name")


class CurriculumLineAdmin(RecordAdmin):
    model = CurriculumLine
    phrases = RecordPhrases(
        add=_("Add curriculum line"),
        inspect=_("View curriculum line"),
        edit=_("Edit curriculum line"),
        none_yet=_("No curriculum lines yet."),
        count=ngettext_lazy("%(count)s curriculum line", "%(count)s curriculum lines", "count"),
    )
    resource_class = CurriculumLineResource
    menu_icon = "list-ol"
    list_display = (
        "group",
        "course",
        "discipline",
        "classroom_hours",
        "practical_hours",
        "self_study_hours",
        "full_time_share",
        "attestation",
        "home_control_works",
        "works_due_on",
        "teacher",
    )
    list_filter = ("group", "course", "attestation")
    search_fields = ("discipline__code", "discipline__name")


class TeacherAdmin(RecordAdmin):
    model = Teacher
    phrases = RecordPhrases(
        add=_("Add teacher"),
        inspect=_("View teacher"),
        edit=_("Edit teacher"),
        none_yet=_("No teachers yet."),
        count=ngettext_lazy("%(count)s teacher", "%(count)s teachers", "count"),
    )
    menu_icon = "user"
    list_display = ("name", "user", "review_hours")
    search_fields = ("name",)

    def get_queryset(self, request):
        this_year = school_year_of(local_date())
        return with_review_hours(super().get_queryset(request), *year_range(this_year))

    def review_hours(self, teacher):
        """CO-R14 (clause 6.21): the teacher's review hours of this school year, for the workload."""
        return teacher.review_hours

    review_hours.short_description = _("review hours this school year")


class SickLeaveAdmin(RecordAdmin):
    model = SickLeave
    phrases = RecordPhrases(
        add=_("Add sick leave"),
        inspect=_("View sick leave"),
        edit=_("Edit sick leave"),
        none_yet=_("No sick leaves yet."),
        count=ngettext_lazy("%(count)s sick leave", "%(count)s sick leaves", "count"),
    )
    menu_icon = "warning"
    list_display = ("teacher", "starts_on", "ends_on")
    list_filter = ("teacher",)


class ExaminationSessionAdmin(RecordAdmin):
    model = ExaminationSession
    phrases = RecordPhrases(
        add=_("Add examination session"),
        inspect=_("View examination session"),
        edit=_("Edit examination session"),
        none_yet=_("No examination sessions yet."),
        count=ngettext_lazy("%(count)s examination session", "%(count)s examination sessions", "count"),
    )
    resource_class = ExaminationSessionResource
    menu_icon = "date"
    list_display = ("group", "starts_on", "ends_on", "timetable_due_on", "timetable_approved_on")
    list_filter = ("group",)
    # CO-R17 (clause 5.5): what the head of the department draws up after the session.
    printed_documents = (
        PrintedDocument("admission", _("admission list"), "correspondence/print/admission.html", admission_lists),
        PrintedDocument("summary", _("summary grade sheet"), "correspondence/print/summary.html", after_session),
        PrintedDocument("debtors", _("students with debts"), "correspondence/print/debtors.html", after_session),
        PrintedDocument("transfer", _("draft transfer order"), "correspondence/print/transfer.html", after_session),
    )


class SchoolYearFilter(SimpleListFilter):
    """The school year the works arrived in: the period a paper journal is kept for."""

    title = _("school year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = {school_year_of(day) for day in model_admin.get_queryset(request).dates("received_on", "month")}
        return [(str(year), f"{year}/{year + 1}") for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(received_on__range=year_range(int(self.value())))
        return queryset


class ReviewFilter(SimpleListFilter):
    """CO-R8 (clauses 6.7, 6.22): the head of the department's list of works reviewed too late."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("open", _("Under review")), ("overdue", _("Overdue review"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(UNDER_REVIEW)
        if self.value() == "overdue":
            return overdue_reviews(queryset)
        return queryset


REVIEWED_BY_TEACHER = {"when": UNDER_REVIEW, "reviewer": True}


class HomeControlWorkAdmin(RecordAdmin):
    """The journal of home control works: the secretary registers (CO-R7), the teacher reviews."""

    model = HomeControlWork
    phrases = RecordPhrases(
        add=_("Add home control work"),
        inspect=_("View home control work"),
        edit=_("Edit home control work"),
        none_yet=_("No home control works yet."),
        count=ngettext_lazy("%(count)s home control work", "%(count)s home control works", "count"),
    )
    menu_icon = "doc-full-inverse"
    list_display = (
        "registration_number",
        "received_on",
        "student",
        "group",
        "discipline",
        "variant",
        "teacher",
        "review_due_on",
        "reviewed_on",
        "result",
        "is_late",
        "review_hours",
        "redo",
    )
    list_filter = (ReviewFilter, "result", "group", "discipline", "teacher", SchoolYearFilter)
    list_select_related = ("student", "group", "discipline", "teacher")
    # CO-R7 (clause 6.6): the journal as the department keeps it on paper, for the works the list shows.
    list_printed_documents = (
        PrintedDocument("journal", _("journal"), "correspondence/print/journal.html", journal_pages),
    )
    search_fields = ("student__name", "student__code", "variant")
    # The student is told of each step by e-mail (``decision``), in the college's Russian.
    workflow_actions = (
        WorkflowAction(
            "register",
            _("Register"),
            when=TO_REGISTER,
            waiting=True,
            needs="register_needs",
            decision=_(
                "Your home control work is registered in the department's journal; the teacher returns it with "
                "the review within two weeks (clause 6.7 of the Regulation)."
            ),
        ),
        WorkflowAction(
            "pass_work",
            _("Review: passed"),
            waiting=True,
            decision=_(
                "Your home control work is passed. You defend it before the exam or at it (clause 6.17 of the "
                "Regulation)."
            ),
            **REVIEWED_BY_TEACHER,
        ),
        WorkflowAction(
            "fail_work",
            _("Review: not passed"),
            waiting=True,
            decision=_(
                "Your home control work is not passed: take it back with the review, redo it in the same notebook "
                "and hand it in again (clause 6.14 of the Regulation)."
            ),
            **REVIEWED_BY_TEACHER,
        ),
        WorkflowAction(
            "return_incomplete",
            _("Return: not done in full"),
            decision=_(
                "Your home control work is returned without review: it is not done in full. Complete it and hand "
                "it in again (clause 6.9 of the Regulation)."
            ),
            **REVIEWED_BY_TEACHER,
        ),
        WorkflowAction(
            "return_wrong_variant",
            _("Return: not its variant"),
            decision=_(
                "Your home control work is returned without review: it is not done in your variant. Do your own "
                "variant and hand it in again (clause 6.9 of the Regulation)."
            ),
            **REVIEWED_BY_TEACHER,
        ),
        WorkflowAction(
            "return_careless",
            _("Return: done carelessly"),
            decision=_(
                "Your home control work is returned without review: it is done carelessly. Write it out neatly and "
                "hand it in again (clause 6.9 of the Regulation)."
            ),
            **REVIEWED_BY_TEACHER,
        ),
        WorkflowAction(
            "pass_without_review",
            _("Passed without review"),
            when=handed_in_during_session(),
            reviewer=True,
            decision=_(
                "Your home control work handed in during the session is passed without review, after the oral "
                "interview (clause 6.15 of the Regulation)."
            ),
        ),
        WorkflowAction("defend", _("Defended"), when=TO_DEFEND, reviewer=True),
    )

    def redo(self, work):
        """CO-R10 (clause 6.14): a work not passed is redone and registered as a new entry; the add form
        opened here starts from it."""
        if work.redo_of_id or work.result not in REDONE_RESULTS:
            return ""
        return format_html('<a href="{}?redo_of={}">{}</a>', self.url_helper.create_url, work.pk, _("Add its redo"))

    redo.short_description = _("redo")

    def get_queryset(self, request):
        # The journal's «б/л с … по …» marks read the teachers' sick leaves: one query for the page.
        return annotate_journal(super().get_queryset(request)).prefetch_related("teacher__sick_leaves")


class SummonsCertificateAdmin(RecordAdmin):
    model = SummonsCertificate
    phrases = RecordPhrases(
        add=_("Add summons certificate"),
        inspect=_("View summons certificate"),
        edit=_("Edit summons certificate"),
        none_yet=_("No summons certificates yet."),
        count=ngettext_lazy("%(count)s summons certificate", "%(count)s summons certificates", "count"),
    )
    menu_icon = "mail"
    list_display = ("journal_number", "student", "session", "requested_on", "issue_by", "issued_on", "by_post")
    list_select_related = ("institution", "student", "session__group")
    list_filter = ("by_post",)
    search_fields = ("student__name", "student__code")
    # CO-R15 (clause 5.3): the form of order No. 1368 of 19.12.2013.
    printed_documents = (
        PrintedDocument("certificate", _("summons certificate"), "correspondence/print/certificate.html"),
    )
    workflow_actions = (
        WorkflowAction(
            "issue",
            _("Issue"),
            when=Q(issued_on__isnull=True),
            waiting=True,
            needs="issue_needs",
            decision=_(
                "Your summons certificate is issued: collect it at the department, or receive it by post if you "
                "asked for it (clause 5.3 of the Regulation)."
            ),
        ),
    )


class AttestationResultAdmin(RecordAdmin):
    model = AttestationResult
    phrases = RecordPhrases(
        add=_("Add attestation result"),
        inspect=_("View attestation result"),
        edit=_("Edit attestation result"),
        none_yet=_("No attestation results yet."),
        count=ngettext_lazy("%(count)s attestation result", "%(count)s attestation results", "count"),
    )
    menu_icon = "tasks"
    list_display = ("student", "discipline", "kind", "held_on", "grade", "session")
    list_select_related = ("student", "discipline", "session__group")
    list_filter = ("kind", "grade", "discipline")
    search_fields = ("student__name", "student__code")


class IndividualScheduleAdmin(RecordAdmin):
    model = IndividualSchedule
    phrases = RecordPhrases(
        add=_("Add individual study schedule"),
        inspect=_("View individual study schedule"),
        edit=_("Edit individual study schedule"),
        none_yet=_("No individual study schedules yet."),
        count=ngettext_lazy("%(count)s individual study schedule", "%(count)s individual study schedules", "count"),
    )
    menu_icon = "time"
    list_display = ("student", "reason", "starts_on", "ends_on", "order")
    list_filter = ("reason",)
    search_fields = ("student__name",)
