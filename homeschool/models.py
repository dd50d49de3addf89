"""Home schooling at МАОУ СОШ № 8, Verkhny Tagil: spec ``homeschool.md``, source ``seeds/002``.

A case is one pupil's home schooling for one term (a renewal is a new case, clause 2.7); the
order (Appendix 2), the contract (Appendix 3), the individual curriculum and the individual
schedule (the contract's appendices 1 and 2) hang off it. Rules: ``rules.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import InstitutionRecord, Need, NumberedRecord, private_storage, refuse_unless_met, workflow_step
from core.retention import Retention
from core.school_year import first_day_of_school_year, last_day_of_school_year, school_year_label, school_year_of
from homeschool import rules

HOURS = {"max_digits": 4, "decimal_places": 1, "default": Decimal("0")}
REFERENCE_SERIES = "HS"


class Programme(models.TextChoices):
    ADAPTED = "adapted", _("Adapted general education programme")
    BASIC = "basic", _("Basic general education programme")


class EducationLevel(models.TextChoices):
    PRIMARY = "primary", _("Primary general education")
    BASIC = "basic", _("Basic general education")
    SECONDARY = "secondary", _("Secondary general education")


class HomeSchoolingCase(NumberedRecord):
    """The parent's application (Appendix 1) with its documents, and where the case stands."""

    reference_series = REFERENCE_SERIES
    reference_date_field = "applied_on"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Application received")
        ORGANISED = "organised", _("Home schooling organised")
        RENEWED = "renewed", _("Term ended, renewed")
        RETURNED = "returned", _("Term ended, back in class")
        TERMINATED = "terminated", _("Ended early at the parent's application")

    reviewer_field = "responsible"

    retention = Retention(
        ends="closed_on",
        person=(
            "applicant_name",
            "applicant_address",
            "applicant_phone",
            "applicant_email",
            "child_name",
            "medical_conclusion",
            "class_teacher_name",
            "class_teacher_email",
        ),
    )
    reference = models.CharField(_("reference number"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    applicant_name = models.CharField(_("applicant's full name"), max_length=200)
    applicant_address = models.CharField(_("applicant's address"), max_length=300)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=40)
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    child_name = models.CharField(_("child's full name"), max_length=200)
    child_birth_year = models.PositiveSmallIntegerField(_("child's year of birth"))
    class_name = models.CharField(_("class"), max_length=10, help_text=_("For example 5 Б."))
    programme = models.CharField(_("programme"), max_length=8, choices=Programme.choices)
    education_level = models.CharField(_("level of education"), max_length=10, choices=EducationLevel.choices)
    pmpk_conclusion_date = models.DateField(_("ПМПК conclusion date"), null=True, blank=True)
    pmpk_conclusion_number = models.CharField(_("ПМПК conclusion details"), max_length=200, blank=True)
    pmpk_valid_until = models.DateField(
        _("ПМПК conclusion valid until"),
        null=True,
        blank=True,
        help_text=_("Only when the conclusion states an earlier term than the whole level of education (2.7)."),
    )
    pmpk_document = models.FileField(
        _("ПМПК conclusion (scan)"), upload_to="homeschool/pmpk/%Y/", storage=private_storage, blank=True
    )
    medical_conclusion = models.CharField(_("medical conclusion's details"), max_length=200)
    medical_organisation = models.CharField(_("medical organisation"), max_length=300)
    medical_organisation_address = models.CharField(_("medical organisation's address"), max_length=300, blank=True)
    medical_document = models.FileField(
        _("medical conclusion (scan)"), upload_to="homeschool/medical/%Y/", storage=private_storage, blank=True
    )
    period_start = models.DateField(_("home schooling from"))
    period_end = models.DateField(_("home schooling until"))
    acknowledged = models.BooleanField(
        _("read the regulation and undertakes to provide the conditions for lessons"), default=False
    )
    applied_on = models.DateField(_("application date"), default=timezone.localdate)
    documents_received_on = models.DateField(
        _("complete documents received on"),
        null=True,
        blank=True,
        help_text=_("Home schooling should be organised within 3 days of this date (clause 2.5)."),
    )
    organised_on = models.DateField(_("organised on"), null=True, blank=True)
    class_teacher_name = models.CharField(_("class teacher"), max_length=200, blank=True)
    class_teacher_email = models.EmailField(_("class teacher's e-mail"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_schooling_cases",
        verbose_name=_("responsible deputy's account"),
        help_text=_("A reviewer sees only the cases they are responsible for."),
    )
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews the case"),
        help_text=_("The previous term's case, for a yearly renewal (clause 2.7)."),
    )
    renewal_reminded_on = models.DateField(_("renewal reminder sent on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_on", "child_name"]
        verbose_name = _("home schooling case")
        verbose_name_plural = _("home schooling cases")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                condition=~Q(reference=""),
                name="homeschool_case_unique_reference",
            )
        ]

    def __str__(self):
        return f"{self.reference} · {self.child_name}" if self.reference else self.child_name

    def clean(self):
        super().clean()
        rules.check_application(self)

    def organise_by(self):
        """HS-R3: the due date of a case still to organise, once its documents are complete."""
        if not self.documents_received_on or self.status != self.Status.SUBMITTED:
            return None
        return rules.organise_by(self.documents_received_on, self.institution.country)

    organise_by.short_description = _("organise by")

    # Workflow steps (buttons in the admin's list; when each is open: the queries below the class)
    def mark_documents_complete(self):
        """Clause 2.2: the package is complete today; HS-R1 must hold, and the 2.5 clock starts."""
        self.documents_received_on = self.institution.today()
        self.full_clean()
        self.save()

    def organise_needs(self):
        """Clauses 2.3-2.4: what the case lacks to be organised, said before the step is taken."""
        needs = []
        if not self.has_teachers():
            needs.append(
                Need(_("The order does not assign teachers to this pupil yet (clause 2.3)."), TeacherAssignment, "case")
            )
        if not hasattr(self, "contract"):
            needs.append(Need(_("The contract is not concluded yet (clause 2.4)."), HomeSchoolingContract, "case"))
        return needs

    def has_teachers(self):
        # The admin's list annotates it, so a row costs no query.
        annotated = getattr(self, "teachers_assigned", None)
        return self.teacher_assignments.exists() if annotated is None else annotated

    @workflow_step(_("Organise"), "status", "organised_on")
    def organise(self, on=None):
        """Clauses 2.3-2.4: organised (today, or ``on``) once the order names the pupil and the
        contract is concluded."""
        refuse_unless_met(self.organise_needs())
        self.status = self.Status.ORGANISED
        self.organised_on = on or self.institution.today()
        self.save()

    @workflow_step(_("End of the term (daily run)"), "status", "closed_on")
    def end_term(self, status, on):
        """HS-R4, HS-R6: the daily run closes an organised case as renewed, returned to class or
        ended early, on the term's last day."""
        self.status, self.closed_on = status, on
        self.save()

    def renew(self):
        """HS-R4 (clause 2.7): the follow-up case for the next school year, with the same pupil and
        parent, in the next class. It awaits the parent's new application and medical conclusion:
        staff replace the conclusion's details and period with the new ones, then mark the documents
        complete; a term ending before that returns the pupil to class (2.8)."""
        start_year = school_year_of(self.period_start) + 1
        class_name = rules.next_class(self.class_name)
        level = rules.education_level_of_class(class_name)
        # 2.7: the ПМПК conclusion holds for a whole level of education, unless it states an earlier end.
        pmpk_holds = level == self.education_level and not (
            self.pmpk_valid_until and self.pmpk_valid_until < first_day_of_school_year(start_year)
        )
        renewal = HomeSchoolingCase(
            institution=self.institution,
            renews=self,
            class_name=class_name,
            education_level=level,
            period_start=first_day_of_school_year(start_year),
            period_end=last_day_of_school_year(start_year),
            applied_on=self.institution.today(),
            **{name: getattr(self, name) for name in RENEWED_FIELDS},
            **({name: getattr(self, name) for name in PMPK_FIELDS} if pmpk_holds else {}),
        )
        renewal.full_clean()
        with transaction.atomic():
            renewal._change_reason = _("Renewal of case %(reference)s (clause 2.7)") % {"reference": self.reference}
            renewal.save()
            self.save()  # the step in this case's history, with the workflow's reason
        return renewal


# What a renewal (HS-R4) carries over: the pupil, the parent, the programme and the medical
# organisation; the conclusion's details stay until staff enter the new one's.
# When each workflow step of a case is open: the admin's buttons, the inbox and "Waiting for me" read these.
AWAITING_DOCUMENTS = Q(status=HomeSchoolingCase.Status.SUBMITTED, documents_received_on__isnull=True)  # 2.2
READY_TO_ORGANISE = Q(status=HomeSchoolingCase.Status.SUBMITTED, documents_received_on__isnull=False)  # 2.3-2.5


def renewable():
    """HS-R4 (2.7): an organised case renews once, into the next class; the 11th is the last.
    A function, as its subquery needs the models loaded."""
    renewals = HomeSchoolingCase.objects.filter(renews=OuterRef("pk"))
    return Q(status=HomeSchoolingCase.Status.ORGANISED, class_name__regex=rules.CLASS_BELOW_ELEVENTH) & ~Q(
        Exists(renewals)
    )


RENEWED_FIELDS = (
    "applicant_name",
    "applicant_address",
    "applicant_phone",
    "applicant_email",
    "child_name",
    "child_birth_year",
    "programme",
    "medical_conclusion",
    "medical_organisation",
    "medical_organisation_address",
    "acknowledged",
    "class_teacher_name",
    "class_teacher_email",
    "responsible",
)
PMPK_FIELDS = ("pmpk_conclusion_date", "pmpk_conclusion_number", "pmpk_valid_until", "pmpk_document")


class HomeSchoolingOrder(InstitutionRecord):
    """The director's order (приказ, Appendix 2); its lines are the teacher assignments."""

    retention = Retention(ends="issued_on", person=("responsible_deputy", "director_name"))
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("date"))
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year it starts: 2026 for 2026/2027.")
    )
    specialists = models.TextField(
        _("specialists"),
        help_text=_(
            "Subject teachers, psychologist, speech therapist, defectologist…: they examine the pupils, "
            "recommend the correction work and draw up the individual curricula (item 2)."
        ),
    )
    responsible_deputy = models.CharField(
        _("responsible deputy director"),
        max_length=200,
        help_text=_("Responsible for the individual curricula, calendars and schedules (item 3)."),
    )
    director_name = models.CharField(_("director"), max_length=200)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("home schooling order")
        verbose_name_plural = _("home schooling orders")
        constraints = [models.UniqueConstraint(fields=["institution", "number"], name="homeschool_order_unique_number")]

    def __str__(self):
        return f"№ {self.number} ({self.issued_on:%d.%m.%Y})"

    @property
    def school_year_label(self):
        return school_year_label(self.school_year, "/")

    def pupils(self):
        """The order's table (Appendix 2, item 1): per pupil, its teachers with their weekly load."""
        rows = {}
        for assignment in self.assignments.select_related("case").order_by("case__child_name", "pk"):
            rows.setdefault(assignment.case, []).append(assignment)
        return [
            {
                "case": case,
                "assignments": assignments,
                "hours": sum((a.weekly_hours for a in assignments), Decimal("0")),
                "lessons": sum(a.weekly_lessons for a in assignments),
            }
            for case, assignments in rows.items()
        ]


class TeacherAssignment(InstitutionRecord):
    """A line of the order: a teacher of a pupil with the weekly load in hours and lessons."""

    reviewer_field = "case__responsible"

    retention = Retention(follows="case", person=("teacher_name",))
    order = models.ForeignKey(
        HomeSchoolingOrder, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("order")
    )
    case = models.ForeignKey(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="teacher_assignments", verbose_name=_("pupil's case")
    )
    teacher_name = models.CharField(_("teacher"), max_length=200)
    weekly_hours = models.DecimalField(_("hours a week"), **HOURS)
    weekly_lessons = models.PositiveSmallIntegerField(_("lessons a week"), default=0)

    class Meta:
        ordering = ["order", "case", "teacher_name"]
        verbose_name = _("teacher assignment")
        verbose_name_plural = _("teacher assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "case", "teacher_name"], name="homeschool_assignment_unique_teacher"
            )
        ]

    def __str__(self):
        return f"{self.case.child_name} · {self.teacher_name}"

    def clean(self):
        super().clean()
        if self.case_id and IndividualCurriculum.objects.filter(case=self.case, approved_on__isnull=False).exists():
            # HS-R5 holds from approval on: the load changes with the curriculum, not behind it.
            raise ValidationError(
                _(
                    "The pupil's curriculum is approved: withdraw the approval before changing the load "
                    "(clause 2.15 of the regulation)."
                )
            )


class HomeSchoolingContract(InstitutionRecord):
    """The contract with the parent (Appendix 3); the passport data is entered here by staff."""

    reviewer_field = "case__responsible"

    retention = Retention(
        follows="case",
        person=(
            "director_name",
            "parent_name",
            "passport_series",
            "passport_number",
            "passport_issued_by",
            "parent_address",
            "parent_phone",
        ),
    )
    case = models.OneToOneField(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="contract", verbose_name=_("case")
    )
    number = models.CharField(_("number"), max_length=40)
    concluded_on = models.DateField(_("date"))
    director_name = models.CharField(_("director"), max_length=200)
    parent_name = models.CharField(_("parent (legal representative)"), max_length=200)
    passport_series = models.CharField(_("passport series"), max_length=10)
    passport_number = models.CharField(_("passport number"), max_length=20)
    passport_issued_on = models.DateField(_("passport issued on"))
    passport_issued_by = models.CharField(_("passport issued by"), max_length=300)
    parent_address = models.CharField(_("address"), max_length=300)
    parent_phone = models.CharField(_("phone"), max_length=40)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term until"))
    termination_applied_on = models.DateField(
        _("parent applied for early termination on"), null=True, blank=True, help_text=_("Clause 2.9.")
    )
    ended_on = models.DateField(_("ends early on"), null=True, blank=True)

    class Meta:
        ordering = ["-concluded_on", "number"]
        verbose_name = _("home schooling contract")
        verbose_name_plural = _("home schooling contracts")
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="homeschool_contract_unique_number"),
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="homeschool_contract_term_in_order",
                violation_error_message=_("The term ends before it starts."),
            ),
        ]

    def __str__(self):
        return f"№ {self.number} · {self.parent_name}"

    @classmethod
    def initial_from(cls, record):
        """A contract concluded for a case starts from the parent and the term of the application
        (Appendix 3 names the parent, their address and phone; HS-R2: the term within the period),
        and the director who signed the order naming the pupil."""
        if not isinstance(record, HomeSchoolingCase):
            return {}
        assignment = record.teacher_assignments.select_related("order").first()
        return {
            "director_name": assignment.order.director_name if assignment else "",
            "parent_name": record.applicant_name,
            "parent_address": record.applicant_address,
            "parent_phone": record.applicant_phone,
            "term_start": record.period_start,
            "term_end": record.period_end,
        }

    def clean(self):
        super().clean()
        if self.case_id:
            rules.check_contract_term(self)
        rules.check_early_termination(self)

    @property
    def school_year_label(self):
        return school_year_label(school_year_of(self.term_start), "/")


class IndividualCurriculum(InstitutionRecord):
    """The individual curriculum / СИПР (contract Appendix 1) by the psychological-pedagogical council."""

    reviewer_field = "case__responsible"

    retention = Retention(follows="case")
    case = models.OneToOneField(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="curriculum", verbose_name=_("case")
    )
    programme_name = models.CharField(
        _("programme"), max_length=300, help_text=_("As named by the ПМПК conclusion or the medical certificate.")
    )
    agreed_on = models.DateField(_("agreed with the parent on"), null=True, blank=True, help_text=_("Clause 2.15."))
    approved_on = models.DateField(
        _("approved by the director on"),
        null=True,
        blank=True,
        # HS-R5
        help_text=_(
            "Only when the hours with each teacher add up to the order's load (clause 2.14 of the regulation)."
        ),
    )

    class Meta:
        verbose_name = _("individual curriculum")
        verbose_name_plural = _("individual curricula")

    def __str__(self):
        return str(self.case)

    def clean(self):
        super().clean()
        if self.case_id:
            rules.check_curriculum_approval(self)

    def parts(self):
        """The table of Appendix 1 by part, each with its lines and computed totals (HS-R5)."""
        lines = list(self.lines.all())
        return [
            {"part": part, "label": label, "lines": chosen, "totals": totals(chosen)}
            for part, label in CurriculumLine.Part.choices
            if (chosen := [line for line in lines if line.part == part])
        ]

    def totals(self):
        """The total weekly load (2.14): every line, computed, never typed (HS-R5)."""
        return totals(self.lines.all())

    def record_parent_agreement(self):
        """Clause 2.15: the parent agreed the curriculum (the responsible deputy records it)."""
        self.agreed_on = self.institution.today()
        self.save()

    def approval_needs(self):
        """HS-R11 (2.15): the director approves only a curriculum the parent agreed."""
        return [] if self.agreed_on else [Need(_("The parent's agreement is not recorded yet (clause 2.15)."))]

    def approve(self):
        refuse_unless_met(self.approval_needs())
        self.approved_on = self.institution.today()
        self.full_clean()
        self.save()


def totals(lines):
    with_teacher = sum((line.hours_with_teacher for line in lines), Decimal("0"))
    distance = sum((line.hours_distance for line in lines), Decimal("0"))
    self_study = sum((line.hours_self_study for line in lines), Decimal("0"))
    return {
        "with_teacher": with_teacher,
        "distance": distance,
        "self_study": self_study,
        "total": with_teacher + distance + self_study,
    }


class CurriculumLine(InstitutionRecord):
    """A subject or course of the curriculum with its weekly hours by form of study (2.14)."""

    class Part(models.TextChoices):
        COMPULSORY = "compulsory", _("Compulsory part")
        PARTICIPANTS = "participants", _("Part formed by the participants in education")
        CORRECTIONAL = "correctional", _("Extracurricular: correctional-developmental area")
        EXTRACURRICULAR = "extracurricular", _("Other extracurricular activity")

    reviewer_field = "curriculum__case__responsible"

    retention = Retention(follows="curriculum", person=("teacher_name",))
    curriculum = models.ForeignKey(
        IndividualCurriculum, on_delete=models.CASCADE, related_name="lines", verbose_name=_("curriculum")
    )
    part = models.CharField(_("part"), max_length=16, choices=Part.choices)
    subject_area = models.CharField(_("subject area"), max_length=200, blank=True)
    subject = models.CharField(_("subject or course"), max_length=200)
    teacher_name = models.CharField(_("teacher"), max_length=200, blank=True)
    hours_with_teacher = models.DecimalField(_("hours with the teacher"), **HOURS)
    hours_distance = models.DecimalField(_("hours of distance learning"), **HOURS)
    hours_self_study = models.DecimalField(_("hours of self-study"), **HOURS)
    at_school = models.BooleanField(
        _("studied at school"), default=False, help_text=_("Combined form: this subject is attended at school (2.14).")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["curriculum", "position", "pk"]
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum lines")

    def __str__(self):
        return f"{self.subject} · {self.total_hours} h"

    @property
    def total_hours(self):
        return self.hours_with_teacher + self.hours_distance + self.hours_self_study

    def clean(self):
        super().clean()
        if self.curriculum_id and self.curriculum.approved_on:
            raise ValidationError(
                _("The curriculum is approved: withdraw the approval before changing it (clause 2.15).")
            )
        if self.hours_with_teacher and not self.teacher_name:
            raise ValidationError({"teacher_name": _("Name the teacher of the hours with a teacher.")})


class IndividualSchedule(InstitutionRecord):
    """The individual schedule (contract Appendix 2), drawn up with the parent's opinion (2.16)."""

    reviewer_field = "case__responsible"

    retention = Retention(follows="case")
    case = models.OneToOneField(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="schedule", verbose_name=_("case")
    )
    agreed_on = models.DateField(_("agreed with the parent on"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the director on"), null=True, blank=True)

    class Meta:
        verbose_name = _("individual schedule")
        verbose_name_plural = _("individual schedules")

    def __str__(self):
        return str(self.case)

    def record_parent_agreement(self):
        """Clause 2.16: the schedule is drawn up with the parent's opinion (the responsible deputy records it)."""
        self.agreed_on = self.institution.today()
        self.save()

    def approval_needs(self):
        """HS-R11 (2.16): the director approves only a schedule the parent agreed, with its lessons."""
        needs = []
        if not self.agreed_on:
            needs.append(Need(_("The parent's agreement is not recorded yet (clause 2.16).")))
        if not self.entries.exists():
            needs.append(Need(_("The schedule has no lessons yet (clause 2.16)."), ScheduleEntry, "schedule"))
        return needs

    def approve(self):
        refuse_unless_met(self.approval_needs())
        self.approved_on = self.institution.today()
        self.save()


class ScheduleEntry(InstitutionRecord):
    """A lesson of the schedule: day, subject, time, teacher."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")

    reviewer_field = "schedule__case__responsible"

    retention = Retention(follows="schedule", person=("teacher_name",))
    schedule = models.ForeignKey(
        IndividualSchedule, on_delete=models.CASCADE, related_name="entries", verbose_name=_("schedule")
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    subject = models.CharField(_("subject or course"), max_length=200)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    teacher_name = models.CharField(_("teacher"), max_length=200)

    class Meta:
        ordering = ["schedule", "weekday", "starts_at"]
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M} · {self.subject}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The lesson ends before it starts.")})
