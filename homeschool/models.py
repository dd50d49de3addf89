"""Home schooling at МАОУ СОШ № 8, Verkhny Tagil: spec ``homeschool.md``, source ``seeds/002``.

A case is one pupil's home schooling for one term (a renewal is a new case, clause 2.7); the
order (Appendix 2), the contract (Appendix 3), the individual curriculum and the individual
schedule (the contract's appendices 1 and 2) hang off it. Rules: ``rules.py``.
"""

from datetime import timedelta
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
from core.scoping import institutions_for, is_reviewer_only
from homeschool import rules

HOURS = {"max_digits": 4, "decimal_places": 1, "default": Decimal("0")}
REFERENCE_SERIES = "HS"


def school_years():
    """The school years a record names, as the school writes them (2026/2027, not 2026): the
    choices of every school-year field, so lists, filters, forms and prints all show the label."""
    return [(year, school_year_label(year, "/")) for year in range(2000, 2061)]


class Programme(models.TextChoices):
    ADAPTED = "adapted", _("Adapted general education programme")
    BASIC = "basic", _("Basic general education programme")


class Ground(models.TextChoices):
    """Clause 1.1: whom the regulation provides home schooling for."""

    DISABILITY = "disability", _("Disability")
    SPECIAL_NEEDS = "special_needs", _("Limited health capabilities (ОВЗ)")
    LONG_TREATMENT = "long_treatment", _("Long treatment")


class EducationLevel(models.TextChoices):
    PRIMARY = "primary", _("Primary general education")
    BASIC = "basic", _("Basic general education")
    SECONDARY = "secondary", _("Secondary general education")


class ClassTeacherReads:
    """Who reads a record of the case besides the administration: as a reviewer, the responsible
    deputy (``reviewer_field``, clause 2.19: controls the curriculum) and, where the record is the
    class teacher's work, the case's class teacher (``class_teacher_field``, clauses 2.19-2.20,
    3.2-3.3: controls that lessons take place, hears of a cancellation, records the lessons)."""

    class_teacher_field = None

    @classmethod
    def visible_to(cls, user):
        if user.is_superuser or not is_reviewer_only(user):
            return super().visible_to(user)
        return Q(institution__in=institutions_for(user)) & (
            Q(**{cls.reviewer_field: user}) | Q(**{cls.class_teacher_field: user})
        )


class HomeSchoolingCase(ClassTeacherReads, NumberedRecord):
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
    class_teacher_field = "class_teacher_account"

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
    ground = models.CharField(
        _("ground for home schooling"),
        max_length=16,
        choices=Ground.choices,
        blank=True,
        help_text=_("Clause 1.1: disability, limited health capabilities or long treatment."),
    )
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
    original_received_on = models.DateField(
        _("signed original of the application received on"),
        null=True,
        blank=True,
        help_text=_("The written application of Appendix 1, signed by the parent (clause 2.1)."),
    )
    documents_received_on = models.DateField(
        _("complete documents received on"),
        null=True,
        blank=True,
        help_text=_("Home schooling should be organised within 3 days of this date (clause 2.5)."),
    )
    organised_on = models.DateField(_("organised on"), null=True, blank=True)
    class_teacher_name = models.CharField(_("class teacher"), max_length=200, blank=True)
    class_teacher_email = models.EmailField(_("class teacher's e-mail"), blank=True)
    class_teacher_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_schooling_classes",
        verbose_name=_("class teacher's account"),
        help_text=_(
            "The class teacher sees the case and records its lessons and marks in the journal (clauses 2.19, 3.2-3.3)."
        ),
    )
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
            ),
            # HS-R10 (2.7): a term has one follow-up, the renewal or the prolongation.
            models.UniqueConstraint(
                fields=["renews"],
                condition=Q(renews__isnull=False),
                name="homeschool_case_renewed_once",
                violation_error_message=_("This case already has a renewal."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.child_name}" if self.reference else self.child_name

    def clean(self):
        super().clean()
        rules.check_application(self)
        if self.renews_id:
            rules.check_renewal_link(self, self.renews)

    def organise_by(self):
        """HS-R3: the due date of a case still to organise, once its documents are complete."""
        if not self.documents_received_on or self.status != self.Status.SUBMITTED:
            return None
        return rules.organise_by(self.documents_received_on, self.institution.country)

    organise_by.short_description = _("organise by")

    # Workflow steps (buttons in the admin's list; when each is open: the queries below the class)
    def documents_needs(self):
        """HS-R10 (2.7): a renewal's package is complete only with the new application and the new
        medical conclusion; a first application's with HS-R1 (checked by ``clean``)."""
        if not self.renews_id:
            return []
        return [Need(message) for message in rules.renewal_document_lacks(self, self.renews)]

    def mark_documents_complete(self):
        """Clause 2.2: the package is complete today; HS-R1 must hold, and the 2.5 clock starts."""
        refuse_unless_met(self.documents_needs())
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
        # HS-R12 (2.1, Appendix 1): the parent's written consent, signed, with its undertakings.
        if not self.acknowledged:
            needs.append(Need(_("The parent has not confirmed the acknowledgements of the application (clause 2.1).")))
        if not self.original_received_on:
            needs.append(
                Need(_("The signed original of the written application has not been received yet (clause 2.1)."))
            )
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

    def renewal_needs(self):
        """HS-R9 (2.17-2.18, 3.1): no promotion decision of the ending year, no renewal; a graduate
        has no next class."""
        decision = getattr(self, "promotion", None)
        if decision is None:
            return [
                Need(
                    _("There is no promotion decision for this school year yet (clause 3.1)."),
                    PromotionDecision,
                    "case",
                )
            ]
        if rules.class_after_decision(decision.decision, self.class_name) is None:
            return [Need(_("The pupil has graduated: there is no next class to renew into (clause 2.18)."))]
        return []

    def renew(self):
        """HS-R4, HS-R9 (clauses 2.7, 3.1): the follow-up case for the next school year, with the same
        pupil and parent, in the class the promotion decision gives (the next, or the same one for a
        pupil not promoted). It awaits the parent's new application and medical conclusion (HS-R10):
        staff enter the new one's details and period, then mark the documents complete; a term
        ending before that returns the pupil to class (2.8)."""
        refuse_unless_met(self.renewal_needs())
        start_year = school_year_of(self.period_start) + 1
        class_name = rules.class_after_decision(self.promotion.decision, self.class_name)
        return self._follow_up(
            class_name,
            first_day_of_school_year(start_year),
            last_day_of_school_year(start_year),
            _("Renewal of case %(reference)s (clause 2.7)"),
        )

    def prolongation_needs(self):
        """HS-R10 (2.7): a prolongation continues a medical period shorter than the school year."""
        if self.period_end >= last_day_of_school_year(school_year_of(self.period_start)):
            return [Need(_("The medical period already lasts to the end of the school year (clause 2.7)."))]
        return []

    def prolong(self):
        """HS-R10 (2.7): a medical conclusion shorter than the school year is prolonged by a new one:
        the follow-up case in the same class, from the day after the period to the year's end."""
        refuse_unless_met(self.prolongation_needs())
        return self._follow_up(
            self.class_name,
            self.period_end + timedelta(days=1),
            last_day_of_school_year(school_year_of(self.period_start)),
            _("Prolongation of case %(reference)s (clause 2.7)"),
        )

    def _follow_up(self, class_name, start, end, reason):
        level = rules.education_level_of_class(class_name)
        # 2.7: the ПМПК conclusion holds for a whole level of education, unless it states an earlier end.
        pmpk_holds = level == self.education_level and not (self.pmpk_valid_until and self.pmpk_valid_until < start)
        follow_up = HomeSchoolingCase(
            institution=self.institution,
            renews=self,
            class_name=class_name,
            education_level=level,
            period_start=start,
            period_end=end,
            applied_on=self.institution.today(),
            **{name: getattr(self, name) for name in RENEWED_FIELDS},
            **({name: getattr(self, name) for name in PMPK_FIELDS} if pmpk_holds else {}),
        )
        follow_up.full_clean()
        with transaction.atomic():
            with self.institution.localised():  # the history speaks the school's language
                follow_up._change_reason = reason % {"reference": self.reference}
            follow_up.save()
            self.save()  # the step in this case's history, with the workflow's reason
        return follow_up


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


def prolongable():
    """HS-R10 (2.7): an organised case not yet followed up may be prolonged within its year."""
    renewals = HomeSchoolingCase.objects.filter(renews=OuterRef("pk"))
    return Q(status=HomeSchoolingCase.Status.ORGANISED) & ~Q(Exists(renewals))


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
    "ground",
    "class_teacher_name",
    "class_teacher_email",
    "class_teacher_account",
    "responsible",
)
PMPK_FIELDS = ("pmpk_conclusion_date", "pmpk_conclusion_number", "pmpk_valid_until", "pmpk_document")


class HomeSchoolingOrder(InstitutionRecord):
    """The director's order (приказ, Appendix 2); its lines are the teacher assignments."""

    retention = Retention(ends="issued_on", person=("responsible_deputy", "director_name"))
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("date"))
    school_year = models.PositiveSmallIntegerField(_("school year"), choices=school_years)
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
    organisation = models.CharField(
        _("teacher's organisation"),
        max_length=300,
        blank=True,
        help_text=_("Only for a teacher of another organisation in the network form (clause 2.10)."),
    )
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


class ParentAgreedPlan(InstitutionRecord):
    """What the curriculum and the schedule share (HS-R11, clauses 2.15-2.16): the parent's
    agreement, then the director's approval, which locks the lines; a change needs the approval
    withdrawn, and the parent's agreement again (a new version)."""

    agreed_on = models.DateField(_("agreed with the parent on"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the director on"), null=True, blank=True)
    agreement_missing = ""  # the need, naming the clause

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.case)

    @workflow_step(_("Parent agreed"), "agreed_on")
    def record_parent_agreement(self, on=None):
        """The parent agreed (the responsible deputy records it)."""
        self.agreed_on = on or self.institution.today()
        self.save()

    def approval_needs(self):
        """HS-R11: the director approves only what the parent agreed."""
        return [] if self.agreed_on else [Need(self.agreement_missing)]

    @workflow_step(_("Approve"), "approved_on")
    def approve(self, on=None):
        refuse_unless_met(self.approval_needs())
        self.approved_on = on or self.institution.today()
        self.full_clean()
        self.save()

    @workflow_step(_("Withdraw the approval"), "approved_on", "agreed_on")
    def withdraw_approval(self):
        """HS-R11: a new version of an approved plan: unlocked, and agreed and approved again."""
        self.approved_on = self.agreed_on = None
        self.save()


class IndividualCurriculum(ParentAgreedPlan):
    """The individual curriculum / ИОМ / СИПР (contract Appendix 1) by the psychological-pedagogical
    council (ППк, 2.13), agreed with the parent and approved by the director (2.15)."""

    class Kind(models.TextChoices):
        CURRICULUM = "curriculum", _("Individual curriculum (ИУП)")
        ROUTE = "route", _("Individual educational route (ИОМ)")
        SIPR = "sipr", _("Special individual development programme (СИПР)")

    reviewer_field = "case__responsible"
    agreement_missing = _("The parent's agreement is not recorded yet (clause 2.15).")

    retention = Retention(follows="case", person=("approver_name",))
    case = models.OneToOneField(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="curriculum", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CURRICULUM)
    programme_name = models.CharField(
        _("programme"), max_length=300, help_text=_("As named by the ПМПК conclusion or the medical certificate.")
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        choices=school_years,
        null=True,
        blank=True,
        help_text=_("The school year of the case's period when left empty."),
    )
    council_date = models.DateField(_("council (ППк) meeting date"), null=True, blank=True, help_text=_("Clause 2.13."))
    council_protocol = models.CharField(_("council (ППк) protocol number"), max_length=40, blank=True)
    approver_name = models.CharField(_("director who approves"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("individual curriculum")
        verbose_name_plural = _("individual curricula")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(agreed_on__isnull=False),
                name="homeschool_curriculum_agreed_before_approval",
                violation_error_message=_("The parent's agreement is not recorded yet (clause 2.15)."),
            )
        ]

    def clean(self):
        super().clean()
        if self.case_id:
            if self.school_year is None:
                self.school_year = school_year_of(self.case.period_start)
            rules.check_curriculum_approval(self)

    def approval_needs(self):
        """HS-R11 (2.13, 2.15): drawn up by the council (its meeting and protocol), agreed by the parent."""
        needs = super().approval_needs()
        if not (self.council_date and self.council_protocol):
            needs.append(Need(_("Give the council's (ППк) meeting date and protocol number (clause 2.13).")))
        return needs

    @property
    def school_year_label(self):
        return school_year_label(self.school_year, "/") if self.school_year else ""

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

    def weekly_load(self):
        """Clause 2.14's split of the weekly load: the curriculum's part (compulsory and formed by
        the participants), extracurricular activity (correctional area and other), and the total."""
        lines = list(self.lines.all())
        by_part = {
            part: totals([line for line in lines if line.part == part])["total"] for part in CurriculumLine.Part.values
        }
        return {
            "compulsory": by_part["compulsory"],
            "participants": by_part["participants"],
            "extracurricular": by_part["correctional"] + by_part["extracurricular"],
            "total": sum(by_part.values(), Decimal("0")),
        }


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


class IndividualSchedule(ParentAgreedPlan):
    """The individual schedule (contract Appendix 2), drawn up with the parent's opinion (2.16)."""

    reviewer_field = "case__responsible"
    agreement_missing = _("The parent's agreement is not recorded yet (clause 2.16).")

    retention = Retention(follows="case")
    case = models.OneToOneField(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="schedule", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("individual schedule")
        verbose_name_plural = _("individual schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(agreed_on__isnull=False),
                name="homeschool_schedule_agreed_before_approval",
                violation_error_message=_("The parent's agreement is not recorded yet (clause 2.16)."),
            )
        ]

    def approval_needs(self):
        """HS-R11 (2.16): the director approves only a schedule the parent agreed, with its lessons."""
        needs = super().approval_needs()
        if not self.entries.exists():
            needs.append(Need(_("The schedule has no lessons yet (clause 2.16)."), ScheduleEntry, "schedule"))
        return needs


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
        if self.schedule_id and self.schedule.approved_on:  # HS-R11: approved lessons are locked
            raise ValidationError(
                _("The schedule is approved: withdraw the approval before changing it (clause 2.16).")
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The lesson ends before it starts.")})


class Lesson(ClassTeacherReads, InstitutionRecord):
    """An entry of the lesson journal (2.18-2.19, 3.3): a lesson at home held, or cancelled with its
    reason and the parent's notice (3.2). The timesheet (HS-R8) counts the hours held."""

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class CancelReason(models.TextChoices):
        PUPIL_ILL = "pupil_ill", _("The pupil is ill")
        TEACHER_ABSENT = "teacher_absent", _("The teacher is absent")
        OTHER = "other", _("Other reason")

    reviewer_field = "case__responsible"
    class_teacher_field = "case__class_teacher_account"

    retention = Retention(follows="case", person=("teacher_name", "note"))
    case = models.ForeignKey(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("pupil's case")
    )
    given_on = models.DateField(_("date"))
    subject = models.CharField(_("subject or course"), max_length=200)
    teacher_name = models.CharField(_("teacher"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1, default=Decimal("1"))
    status = models.CharField(_("held or cancelled"), max_length=10, choices=Status.choices, default=Status.HELD)
    cancel_reason = models.CharField(
        _("reason for the cancellation"), max_length=16, choices=CancelReason.choices, blank=True
    )
    parent_notified_on = models.DateField(
        _("parent told the school on"),
        null=True,
        blank=True,
        help_text=_("The parent tells the teacher or the class teacher of a cancellation within the day (clause 3.2)."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "given_on", "subject"]
        verbose_name = _("lesson journal entry")
        verbose_name_plural = _("lesson journal")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "given_on", "subject"],
                name="homeschool_lesson_unique_subject_day",
                violation_error_message=_("This lesson is already in the journal."),
            ),
            # HS-R7 (3.2-3.3): a cancellation has its reason, a held lesson none.
            models.CheckConstraint(
                condition=Q(status="held", cancel_reason="") | (Q(status="cancelled") & ~Q(cancel_reason="")),
                name="homeschool_lesson_cancelled_with_reason",
                violation_error_message=_("A cancelled lesson needs its reason, a held one none (clause 3.2)."),
            ),
        ]

    def __str__(self):
        return f"{self.given_on:%d.%m.%Y} · {self.subject} · {self.case.child_name}"

    def clean(self):
        super().clean()
        rules.check_lesson(self)

    @property
    def held_hours(self):
        return self.hours if self.status == self.Status.HELD else Decimal("0")

    def on_holiday(self):
        """Item 7: a lesson on a day the calendar school schedule gives as holidays."""
        return SchoolCalendar.holiday_of(self.institution, self.given_on) is not None

    on_holiday.short_description = _("on holidays")
    on_holiday.boolean = True


class AttestationMark(ClassTeacherReads, InstitutionRecord):
    """A mark of current or interim attestation per subject and period (2.17-2.18), as it goes to
    the class journal; the periods are the school calendar's quarters or half-years."""

    class Period(models.TextChoices):
        Q1 = "q1", _("1st quarter")
        Q2 = "q2", _("2nd quarter")
        Q3 = "q3", _("3rd quarter")
        Q4 = "q4", _("4th quarter")
        H1 = "h1", _("1st half-year")
        H2 = "h2", _("2nd half-year")
        YEAR = "year", _("Year")

    class Mark(models.TextChoices):
        EXCELLENT = "5", _("5 (excellent)")
        GOOD = "4", _("4 (good)")
        SATISFACTORY = "3", _("3 (satisfactory)")
        UNSATISFACTORY = "2", _("2 (unsatisfactory)")
        PASSED = "passed", _("passed")
        NOT_PASSED = "not_passed", _("not passed")

    reviewer_field = "case__responsible"
    class_teacher_field = "case__class_teacher_account"

    retention = Retention(follows="case")
    case = models.ForeignKey(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="marks", verbose_name=_("pupil's case")
    )
    subject = models.CharField(_("subject or course"), max_length=200)
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    mark = models.CharField(_("mark"), max_length=10, choices=Mark.choices)

    class Meta:
        ordering = ["case", "subject", "period"]
        verbose_name = _("attestation mark")
        verbose_name_plural = _("attestation marks")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "subject", "period"],
                name="homeschool_mark_unique_period",
                violation_error_message=_("This subject already has a mark for this period."),
            )
        ]

    def __str__(self):
        return f"{self.subject} · {self.get_period_display()} · {self.mark}"

    def clean(self):
        super().clean()
        if self.case_id:
            rules.check_mark_period(self)


class PromotionDecision(InstitutionRecord):
    """The decision that ends the school year (2.18, 3.1): only it moves the pupil to the next
    class (HS-R9); it goes into the case's history."""

    class Decision(models.TextChoices):
        PROMOTED = "promoted", _("Promoted to the next class")
        CONDITIONAL = "conditional", _("Promoted conditionally")
        NOT_PROMOTED = "not_promoted", _("Not promoted")
        GRADUATED = "graduated", _("Graduated")

    reviewer_field = "case__responsible"

    retention = Retention(follows="case")
    case = models.OneToOneField(
        HomeSchoolingCase, on_delete=models.PROTECT, related_name="promotion", verbose_name=_("pupil's case")
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    decided_on = models.DateField(_("date"))
    council_protocol = models.CharField(_("teachers' council protocol number"), max_length=40)

    class Meta:
        verbose_name = _("promotion decision")
        verbose_name_plural = _("promotion decisions")

    def __str__(self):
        return f"{self.case} · {self.get_decision_display()}"

    def clean(self):
        super().clean()
        if self.case_id:
            rules.check_promotion(self)

    def save(self, *args, **kwargs):
        """2.18: the decision goes into the case's history as well (a history row of the case)."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            with self.institution.localised():
                self.case._change_reason = _(
                    "Promotion decision: %(decision)s (protocol № %(protocol)s, clause 3.1)"
                ) % {
                    "decision": self.get_decision_display(),
                    "protocol": self.council_protocol,
                }
            self.case.save()


class SchoolCalendar(InstitutionRecord):
    """The calendar school schedule (календарный учебный график) of a school year (2.12, the eighth
    document of §4): start and end, quarters or half-years, holidays, attestation periods."""

    class Division(models.TextChoices):
        QUARTERS = "quarters", _("Quarters")
        HALF_YEARS = "half_years", _("Half-years")

    retention = Retention(
        kept="the school's calendar of a school year, a document of §4 of the regulation", person=("director_name",)
    )
    school_year = models.PositiveSmallIntegerField(_("school year"), choices=school_years)
    starts_on = models.DateField(_("school year starts on"))
    ends_on = models.DateField(_("school year ends on"))
    division = models.CharField(_("divided into"), max_length=10, choices=Division.choices, default=Division.QUARTERS)
    approved_on = models.DateField(_("approved by the director on"), null=True, blank=True)
    director_name = models.CharField(_("director"), max_length=200)

    class Meta:
        ordering = ["-school_year"]
        verbose_name = _("calendar school schedule")
        verbose_name_plural = _("calendar school schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "school_year"],
                name="homeschool_calendar_unique_year",
                violation_error_message=_("The school already has a calendar for this school year."),
            )
        ]

    def __str__(self):
        return self.school_year_label

    @property
    def school_year_label(self):
        return school_year_label(self.school_year, "/")

    def clean(self):
        super().clean()
        rules.check_calendar(self)

    def periods_of(self, kind):
        return [period for period in self.periods.all() if period.kind == kind]

    @classmethod
    def for_case(cls, case):
        """The calendar of the school year the case's period starts in (2.12)."""
        return cls.objects.filter(
            institution_id=case.institution_id, school_year=school_year_of(case.period_start)
        ).first()

    @classmethod
    def holiday_of(cls, institution, day):
        """The holidays ``day`` falls in, by the calendar of its school year; None on a school day."""
        return (
            CalendarPeriod.objects.filter(
                calendar__institution=institution,
                kind=CalendarPeriod.Kind.HOLIDAYS,
                starts_on__lte=day,
                ends_on__gte=day,
            )
            .order_by("starts_on")
            .first()
        )


class CalendarPeriod(InstitutionRecord):
    """A period of the calendar: a quarter or half-year of study, holidays or an attestation period."""

    class Kind(models.TextChoices):
        STUDY = "study", _("Period of study (quarter or half-year)")
        HOLIDAYS = "holidays", _("Holidays")
        ATTESTATION = "attestation", _("Interim attestation")

    retention = Retention(follows="calendar")
    calendar = models.ForeignKey(
        SchoolCalendar, on_delete=models.CASCADE, related_name="periods", verbose_name=_("calendar")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("For example 1st quarter, autumn holidays."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["calendar", "starts_on"]
        verbose_name = _("calendar period")
        verbose_name_plural = _("calendar periods")

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d.%m.%Y} – {self.ends_on:%d.%m.%Y})"

    @property
    def weeks(self):
        return ((self.ends_on - self.starts_on).days + 1 + 6) // 7

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The period ends before it starts.")})
        if self.calendar_id and self.starts_on and self.ends_on:
            calendar = self.calendar
            if self.starts_on < calendar.starts_on - timedelta(days=7) or self.ends_on > last_day_of_school_year(
                calendar.school_year
            ):
                raise ValidationError(
                    {
                        "ends_on": _("The period must lie within the school year %(year)s.")
                        % {"year": calendar.school_year_label}
                    }
                )
