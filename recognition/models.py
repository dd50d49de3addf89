"""Recognition of learning outcomes from non-formal and informal education at the Technical
University "Metinvest Polytechnic": spec ``recognition.md``, source ``seeds/003``.

The curriculum (programmes, their disciplines and the disciplines' content modules) and the
students come in by import. A student's application (Appendix 1, two variants) carries the
declaration of prior learning (Appendix 2) and its supporting documents; the department
registers it, sends inquiries and decides to proceed (2.11-2.12); the subject commission or
the teacher decides (2.13-2.16, the first protocol of Appendix 3); a validation ends in the
second protocol (2.17-2.20); the credited result follows (2.21-2.22). Rules: ``rules.py``.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import InstitutionRecord, NumberedRecord, private_storage, workflow_step
from core.retention import LAST_CHANGE, Retention
from recognition import rules

REFERENCE_SERIES = "RC"
CREDITS = {"max_digits": 5, "decimal_places": 1}
POINTS = {"validators": [MaxValueValidator(rules.MAX_POINTS)]}


class Level(models.TextChoices):
    """The levels of higher education (Appendix 1: "Студента/аспіранта")."""

    BACHELOR = "bachelor", _("First (bachelor's) level")
    MASTER = "master", _("Second (master's) level")
    DOCTOR = "doctor", _("Third (educational and scientific) level")


class Programme(InstitutionRecord):
    """An educational programme: its total ECTS credits and field of knowledge set the RC-R2 cap."""

    retention = Retention(kept="the university's catalogue of programmes")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    level = models.CharField(_("level of higher education"), max_length=10, choices=Level.choices)
    credits = models.DecimalField(_("ECTS credits"), **CREDITS, validators=[MinValueValidator(Decimal("1"))])
    field_of_knowledge = models.CharField(
        _("field of knowledge"),
        max_length=4,
        help_text=_("Its code, for example 12 for Information technologies (clause 2.8)."),
    )
    department = models.CharField(
        _("graduating department"), max_length=300, help_text=_("It receives and considers the applications (2.9).")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("educational programme")
        verbose_name_plural = _("educational programmes")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="recognition_programme_unique_code")
        ]

    def __str__(self):
        return self.name

    def credit_cap(self):
        """RC-R2: the most credits recognised for one student of the programme."""
        return rules.credit_cap(self)

    credit_cap.short_description = _("most credits recognised")


class Discipline(InstitutionRecord):
    """A discipline (educational component) of a programme's curriculum."""

    class Kind(models.TextChoices):
        COMPULSORY = "compulsory", _("Compulsory")
        ELECTIVE = "elective", _("Elective")

    class Component(models.TextChoices):
        DISCIPLINE = "discipline", _("Discipline")
        COURSE_WORK = "course_work", _("Course work")
        COURSE_PROJECT = "course_project", _("Course project")
        DIPLOMA_PROJECT = "diploma_project", _("Diploma project")

    retention = Retention(kept="the university's catalogue of disciplines")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="disciplines", verbose_name=_("educational programme")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    credits = models.DecimalField(_("ECTS credits"), **CREDITS, validators=[MinValueValidator(Decimal("0.5"))])
    semester = models.PositiveSmallIntegerField(_("semester"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    kind = models.CharField(_("part of the programme"), max_length=10, choices=Kind.choices)
    component = models.CharField(
        _("type of component"),
        max_length=16,
        choices=Component.choices,
        default=Component.DISCIPLINE,
        help_text=_("Diploma projects, course works and course projects are not recognised (clause 2.5)."),
    )
    english = models.BooleanField(
        _("English language discipline"),
        default=False,
        help_text=_("An international certificate at B2 or higher credits it with the maximum grade (clause 2.3)."),
    )
    professional_standard = models.BooleanField(
        _("outcomes set by a professional standard"),
        default=False,
        help_text=_(
            "Its outcomes are defined by professional standards of a profession with additional regulation: "
            "they are not recognised (clause 2.2)."
        ),
    )

    class Meta:
        ordering = ["programme", "semester", "name"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="recognition_discipline_unique_code")
        ]

    def __str__(self):
        return f"{self.name} ({self.semester})"


class DisciplineModule(InstitutionRecord):
    """A content module or topic of a discipline, with the current-control points it carries (2.6)."""

    retention = Retention(kept="the university's catalogue of disciplines")
    discipline = models.ForeignKey(
        Discipline, on_delete=models.CASCADE, related_name="modules", verbose_name=_("discipline")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    points = models.PositiveSmallIntegerField(_("points"), **POINTS)
    credits = models.DecimalField(
        _("ECTS credits"),
        **CREDITS,
        default=Decimal("0"),
        help_text=_("The share of the discipline's credits it stands for, when recognised alone (clause 2.22)."),
    )

    class Meta:
        ordering = ["discipline", "code"]
        verbose_name = _("content module")
        verbose_name_plural = _("content modules")
        constraints = [
            models.UniqueConstraint(fields=["institution", "discipline", "code"], name="recognition_module_unique_code")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.discipline_id and self.credits and self.credits > self.discipline.credits:
            raise ValidationError({"credits": _("A module cannot carry more credits than its discipline.")})


class Student(InstitutionRecord):
    """A student or postgraduate of the university (the header of Appendix 1)."""

    retention = Retention(ends=LAST_CHANGE, person=("full_name", "email"))
    code = models.SlugField(_("student's code"), max_length=40, help_text=_("The record book's number."))
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="students", verbose_name=_("educational programme")
    )
    course = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    group = models.CharField(_("group"), max_length=40)
    faculty = models.CharField(_("faculty"), max_length=200)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="recognition_student_unique_code")]

    def __str__(self):
        return self.full_name

    @property
    def level(self):
        return self.programme.level

    def recognised_credits(self, without=None):
        """RC-R2: the credits recognised by the student's decisions, but ``without`` one application."""
        applications = self.applications.exclude(pk=getattr(without, "pk", None))
        return sum((application.recognised_credits() for application in applications), Decimal("0"))


class RecognitionApplication(NumberedRecord):
    """The student's application (Appendix 1) and where it stands."""

    reference_series = REFERENCE_SERIES
    reference_date_field = "applied_on"

    class Variant(models.TextChoices):
        DISCIPLINE = "discipline", _("Whole discipline as semester control")
        MODULE = "module", _("Content module or topic as current control")

    class LearningKind(models.TextChoices):
        NON_FORMAL = "non_formal", _("Non-formal education")
        INFORMAL = "informal", _("Informal education")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("recognition application", "Submitted")
        REGISTERED = "registered", pgettext_lazy("recognition application", "Registered")
        MORE_INFORMATION = "more_information", _("More information asked")
        SUFFICIENT = "sufficient", _("Information sufficient")
        DECLINED = "declined", _("Not taken further")
        COMMISSION = "commission", _("Under consideration")
        VALIDATION = "validation", _("Validation ordered")
        RECOGNISED = "recognised", _("Recognised")
        NOT_RECOGNISED = "not_recognised", _("Not recognised")
        CREDITED = "credited", _("Credited")

    retention = Retention(ends=Q(status__in=[Status.DECLINED, Status.NOT_RECOGNISED, Status.CREDITED]))
    reference = models.CharField(_("reference number"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="applications", verbose_name=_("student")
    )
    variant = models.CharField(_("what is to be recognised"), max_length=10, choices=Variant.choices)
    learning_kind = models.CharField(_("type of education"), max_length=10, choices=LearningKind.choices)
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="applications", verbose_name=_("discipline")
    )
    module = models.ForeignKey(
        DisciplineModule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("content module or topic"),
    )
    applied_on = models.DateField(_("application date"), default=timezone.localdate)
    acknowledged = models.BooleanField(_("has read the validation procedure"), default=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    more_information_asked_on = models.DateField(_("more information asked on"), null=True, blank=True)
    department_protocol_number = models.CharField(
        _("department meeting's protocol number"),
        max_length=40,
        blank=True,
        help_text=_("The meeting that decides whether to take the application further (clause 2.11)."),
    )
    department_protocol_date = models.DateField(_("department meeting's date"), null=True, blank=True)
    handed_to_teacher = models.BooleanField(
        _("handed to the teacher instead of a commission"),
        default=False,
        help_text=_("Only for a content module or topic (clause 2.16)."),
    )
    commission_order_number = models.CharField(
        _("number of the order forming the commission"), max_length=40, blank=True
    )
    commission_order_date = models.DateField(_("date of the order forming the commission"), null=True, blank=True)
    proceeded_on = models.DateField(_("taken further on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_on", "-reference"]
        verbose_name = _("recognition application")
        verbose_name_plural = _("recognition applications")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                condition=~Q(reference=""),
                name="recognition_application_unique_reference",
            )
        ]

    def __str__(self):
        return f"{self.reference} · {self.student}" if self.reference else str(self.student)

    def clean(self):
        super().clean()
        rules.check_application(self)

    # The applicant of core.notifications' decision e-mails is the student.
    @property
    def applicant_email(self):
        return self.student.email

    @property
    def applicant_name(self):
        return self.student.full_name

    def decide_by(self):
        """RC-R6: the day the department decides whether to proceed, or None when it has or while
        an inquiry is open."""
        if self.status not in (self.Status.REGISTERED, self.Status.MORE_INFORMATION, self.Status.SUFFICIENT):
            return None
        return rules.decide_by(self.registered_on, self.inquiries.all(), self.institution.country)

    decide_by.short_description = _("decide by")

    def considered_documents(self):
        """The supporting documents the decision rests on: RC-R3 keeps some out (clause 2.1)."""
        return self.documents.filter(excluded_reason="")

    def recognised_credits(self):
        """RC-R2: the credits this application's decision recognises (2.21-2.22); none before it."""
        return rules.recognised_credits(self)

    def final_points(self):
        """The grade on the 100-point scale: the validation's, else the decision's."""
        validation = getattr(self, "validation", None)
        if validation is not None and validation.points is not None:
            return validation.points
        decision = getattr(self, "decision", None)
        return decision.points if decision is not None else None

    # Workflow steps (buttons in the admin's list) ---------------------------------------------
    @workflow_step(_("Register"), "status", "registered_on")
    def register(self, on=None):
        """Clause 2.11: registered today (or ``on``); the 10 working days of 2.12 (RC-R6) start."""
        self.status, self.registered_on = self.Status.REGISTERED, on or self.institution.today()
        self.save()

    @workflow_step(_("Ask for more information"), "status", "more_information_asked_on")
    def ask_for_more(self):
        """Clause 2.11: the information is not sufficient; the student is asked for more."""
        self.status, self.more_information_asked_on = self.Status.MORE_INFORMATION, self.institution.today()
        self.save()

    @workflow_step(_("Information sufficient"), "status")
    def mark_sufficient(self):
        self.status = self.Status.SUFFICIENT
        self.save()

    @workflow_step(_("Take further"), "status", "proceeded_on")
    def proceed(self):
        """Clause 2.11: the head's decision to proceed, recorded in the department meeting's protocol."""
        rules.check_department_decision(self)
        self.status, self.proceeded_on = self.Status.COMMISSION, self.institution.today()
        self.save()

    @workflow_step(_("Do not take further"), "status", "proceeded_on")
    def decline(self):
        """Clause 2.12: the head decides that the recognition cannot go on (same protocol)."""
        rules.check_department_decision(self)
        self.status, self.proceeded_on = self.Status.DECLINED, self.institution.today()
        self.save()

    def _decision(self):
        return getattr(self, "decision", None)

    @workflow_step(_("Decide"), "status", "decided_on")
    def decide(self):
        """Clause 2.14 (or 2.16): the first protocol recognises the outcomes or does not."""
        decision = rules.check_protocol(self, self._decision())
        recognised = decision.outcome != Decision.Outcome.NOT_RECOGNISED
        self.status = self.Status.RECOGNISED if recognised else self.Status.NOT_RECOGNISED
        self.decided_on = decision.decided_on
        self.save()

    @workflow_step(_("Order validation"), "status")
    def order_validation(self):
        """Clauses 2.14 (5), 2.16 (3): the first protocol cannot establish the correspondence and
        orders an assessment in a named form."""
        rules.check_protocol(self, self._decision())
        self.status = self.Status.VALIDATION
        self.save()

    @workflow_step(_("Announce the results"), "status", "decided_on")
    def announce_results(self):
        """Clause 2.20: the second protocol, signed by every member, is announced right away."""
        validation = rules.check_protocol(self, self.validation)
        validation.announce()
        recognised = validation.result == Validation.Result.RECOGNISED
        self.status = self.Status.RECOGNISED if recognised else self.Status.NOT_RECOGNISED
        self.decided_on = validation.assessed_on
        self.save()

    @workflow_step(_("Credit"), "status")
    def credit(self):
        """Clauses 2.21-2.22: the credits and the grade go on the student's record, within RC-R2."""
        CreditedResult.credit(self)
        self.status = self.Status.CREDITED
        self.save()

    @workflow_step(_("Recognise English by certificate"), "status", "decided_on")
    def recognise_english(self, others=True):
        """RC-R5 (clause 2.3): a B2 or higher international English certificate credits the
        English discipline of each of the bachelor's semesters with the maximum grade: this
        application's, and ``others``, a new application for each one not yet applied for."""
        with transaction.atomic():
            decision = Decision.for_english_certificate(self)
            self.status, self.decided_on = self.Status.RECOGNISED, decision.decided_on
            self.save()
            for application in rules.other_english_applications(self) if others else ():
                application._change_reason = getattr(self, "_change_reason", "")
                application.full_clean()
                application.save()
                application.recognise_english(others=False)


class PriorLearning(InstitutionRecord):
    """A line of the declaration of prior learning (Appendix 2)."""

    retention = Retention(follows="application")
    application = models.ForeignKey(
        RecognitionApplication, on_delete=models.CASCADE, related_name="prior_learning", verbose_name=_("application")
    )
    outcomes = models.TextField(_("learning outcomes"))
    provider = models.CharField(
        _("provider or activity"),
        max_length=300,
        help_text=_("Who provided the non-formal learning, or the activity in which the outcomes were gained."),
    )
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["application", "period_from", "pk"]
        verbose_name = _("declared prior learning")
        verbose_name_plural = _("declared prior learning")

    def __str__(self):
        return self.provider

    def clean(self):
        super().clean()
        if self.period_from and self.period_until and self.period_until < self.period_from:
            raise ValidationError({"period_until": _("The period ends before it starts.")})


class SupportingDocument(InstitutionRecord):
    """A document confirming the declared learning (Appendix 2's list; the protocol's details)."""

    class IssuedIn(models.TextChoices):
        UKRAINE = "ukraine", _("Ukraine")
        OTHER_STATE = "other_state", _("Another state")
        OCCUPIED = "occupied", _("Temporarily occupied territory of Ukraine")
        AGGRESSOR = "aggressor", _("A state recognised as aggressor or occupier")

    class EnglishLevel(models.TextChoices):
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    retention = Retention(follows="application")
    application = models.ForeignKey(
        RecognitionApplication, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=300)
    issuer_website = models.URLField(_("issuer's website"), blank=True)
    course_name = models.CharField(_("course"), max_length=300, blank=True)
    volume = models.CharField(_("volume"), max_length=100, blank=True, help_text=_("For example 30 hours or 1 credit."))
    issued_in = models.CharField(_("where issued"), max_length=12, choices=IssuedIn.choices)
    english_level = models.CharField(
        _("international English certificate's level"),
        max_length=2,
        choices=EnglishLevel.choices,
        blank=True,
        help_text=_("Only for an international English certificate at B2 or higher (clause 2.3)."),
    )
    scan = models.FileField(_("scan"), upload_to="recognition/documents/%Y/", storage=private_storage, blank=True)
    excluded_reason = models.CharField(_("not considered because"), max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["application", "issued_on", "pk"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        self.excluded_reason = rules.document_exclusion(self)


class Inquiry(InstitutionRecord):
    """An inquiry to a provider named in the declaration (clause 2.11); open ones pause RC-R6."""

    retention = Retention(follows="application")
    application = models.ForeignKey(
        RecognitionApplication, on_delete=models.CASCADE, related_name="inquiries", verbose_name=_("application")
    )
    addressee = models.CharField(_("addressee"), max_length=300)
    question = models.TextField(_("question"), blank=True)
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    applicant_told_on = models.DateField(_("applicant told of the extension on"), null=True, blank=True)

    class Meta:
        ordering = ["application", "sent_on", "pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self):
        return f"{self.addressee} ({self.sent_on:%d.%m.%Y})"

    def clean(self):
        super().clean()
        if self.sent_on and self.answered_on and self.answered_on < self.sent_on:
            raise ValidationError({"answered_on": _("The answer cannot come before the inquiry was sent.")})

    @property
    def applicant_email(self):
        return self.application.student.email

    @property
    def applicant_name(self):
        return self.application.student.full_name

    @workflow_step(_("Tell the applicant of the extension"), "applicant_told_on")
    def tell_applicant(self):
        """Clause 2.12: the term extends until the answers arrive, and the applicant is told."""
        self.applicant_told_on = self.institution.today()
        self.save()


class CommissionMember(InstitutionRecord):
    """A member of the subject commission (2.13), or the teacher a module is handed to (2.16)."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of the graduating department")
        GUARANTOR = "guarantor", _("Programme guarantor")
        TEACHER = "teacher", _("Teacher of the discipline")
        SUPERVISOR = "supervisor", _("Scientific supervisor")

    retention = Retention(follows="application", person=("full_name",))
    application = models.ForeignKey(
        RecognitionApplication,
        on_delete=models.CASCADE,
        related_name="commission",
        verbose_name=_("application"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    chairs = models.BooleanField(_("chairs the commission"), default=False)
    conflict_of_interest = models.BooleanField(_("declares a conflict of interest"), default=False)
    conflict_note = models.CharField(_("conflict of interest"), max_length=300, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        ordering = ["application", "-chairs", "full_name"]
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        rules.check_member(self)

    @workflow_step(_("Sign"), "signed_on")
    def sign(self):
        """RC-R8 (clause 2.17): a member who declared a conflict of interest cannot sign."""
        rules.check_signature(self)
        self.signed_on = self.institution.today()
        self.save()


class Decision(InstitutionRecord):
    """The first protocol (Appendix 3): the commission's decision of 2.14, or the teacher's of 2.16."""

    class Outcome(models.TextChoices):
        SEMESTER_CONTROL = "semester_control", _("Recognise as a semester-control grade without validation")
        NOT_RECOGNISED = "not_recognised", _("Do not recognise and return the documents with the reasons")
        CURRENT_CONTROL = "current_control", _("Recognise within components as current-control grades")
        ELECTIVE = "elective", _("Recognise within the elective part of the programme")
        VALIDATION = "validation", _("Order validation (assessment)")

    retention = Retention(follows="application")
    application = models.OneToOneField(
        RecognitionApplication, on_delete=models.CASCADE, related_name="decision", verbose_name=_("application")
    )
    protocol_number = models.CharField(_("protocol number"), max_length=40)
    decided_on = models.DateField(_("date"), default=timezone.localdate)
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    points = models.PositiveSmallIntegerField(_("grade in points"), null=True, blank=True, **POINTS)
    assessment_form = models.CharField(
        _("form of the assessment"), max_length=200, blank=True, help_text=_("For a validation: an interview, a test…")
    )

    class Meta:
        ordering = ["-decided_on", "protocol_number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"№ {self.protocol_number} · {self.application}"

    def clean(self):
        super().clean()
        rules.check_decision(self)

    @property
    def orders_validation(self):
        return self.outcome == self.Outcome.VALIDATION

    def ects_grade(self):
        """RC-R7: the grade's ECTS letter by the table valid on the decision's day."""
        return rules.ects_grade(self.institution, self.points, self.decided_on)

    ects_grade.short_description = _("ECTS grade")

    @classmethod
    def for_english_certificate(cls, application):
        """RC-R5: the maximum grade without a commission (clause 2.3)."""
        decision = cls(
            institution=application.institution,
            application=application,
            protocol_number=application.reference,
            decided_on=application.institution.today(),
            outcome=cls.Outcome.SEMESTER_CONTROL,
            points=rules.MAX_POINTS,
            reasons=rules.english_reason(application.institution),
        )
        decision.full_clean()
        decision._change_reason = getattr(application, "_change_reason", "")
        decision.save()
        return decision


class RecognisedModule(InstitutionRecord):
    """A content module or topic a partial decision credits, with its points (the protocol's list)."""

    retention = Retention(follows="decision")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="recognised_modules", verbose_name=_("decision")
    )
    module = models.ForeignKey(
        DisciplineModule, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("content module")
    )
    points = models.PositiveSmallIntegerField(_("points"), **POINTS)

    class Meta:
        ordering = ["decision", "module"]
        verbose_name = _("recognised module")
        verbose_name_plural = _("recognised modules")
        constraints = [
            models.UniqueConstraint(fields=["decision", "module"], name="recognition_recognised_module_unique")
        ]

    def __str__(self):
        return f"{self.module} · {self.points}"

    def clean(self):
        super().clean()
        rules.check_recognised_module(self)


class Validation(InstitutionRecord):
    """The assessment a decision ordered (2.17-2.19) and its second protocol (2.20)."""

    class Result(models.TextChoices):
        RECOGNISED = "recognised", _("Full correspondence: recognised")
        NOT_RECOGNISED = "not_recognised", _("Not recognised")

    retention = Retention(follows="application")
    application = models.OneToOneField(
        RecognitionApplication, on_delete=models.CASCADE, related_name="validation", verbose_name=_("application")
    )
    syllabus_given_on = models.DateField(_("syllabus and methods given on"), null=True, blank=True)
    assessment_on = models.DateField(
        _("assessment date agreed"),
        null=True,
        blank=True,
        help_text=_("The preparation time agreed with the applicant (2.19)."),
    )
    assessment_form = models.CharField(_("form of the assessment"), max_length=200)
    assessors = models.ManyToManyField(
        CommissionMember, blank=True, related_name="assessments", verbose_name=_("assessors present")
    )
    methods = models.TextField(_("methods of demonstration and measurement"), blank=True)
    protocol_number = models.CharField(_("second protocol's number"), max_length=40, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    points = models.PositiveSmallIntegerField(_("grade in points"), null=True, blank=True, **POINTS)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)

    class Meta:
        ordering = ["-assessment_on"]
        verbose_name = _("validation")
        verbose_name_plural = _("validations")

    def __str__(self):
        return str(self.application)

    def clean(self):
        super().clean()
        rules.check_validation(self)

    def ects_grade(self):
        """RC-R7: the grade's ECTS letter by the table valid on the assessment's day."""
        return rules.ects_grade(self.institution, self.points, self.assessed_on)

    ects_grade.short_description = _("ECTS grade")

    @workflow_step(_("Announce the results"), "announced_on")
    def announce(self):
        self.announced_on = self.institution.today()
        self.save()


class GradeScale(InstitutionRecord):
    """RC-R7: a row of the university's table from 100-point grades to ECTS letters."""

    class Letter(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"
        FX = "FX", "FX"
        F = "F", "F"

    retention = Retention(kept="the university's grade scale, a reference catalogue")
    letter = models.CharField(_("ECTS grade"), max_length=2, choices=Letter.choices)
    min_points = models.PositiveSmallIntegerField(_("from points"), **POINTS)
    max_points = models.PositiveSmallIntegerField(_("to points"), **POINTS)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from", "-min_points"]
        verbose_name = _("grade scale row")
        verbose_name_plural = _("grade scale")

    def __str__(self):
        return f"{self.letter}: {self.min_points}–{self.max_points}"

    def clean(self):
        super().clean()
        rules.check_scale_row(self)


class CreditedResult(InstitutionRecord):
    """What an application credits to the student (2.21-2.22): the credits and the grade."""

    retention = Retention(follows="application")
    application = models.OneToOneField(
        RecognitionApplication, on_delete=models.PROTECT, related_name="credited", verbose_name=_("application")
    )
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="credits", verbose_name=_("student"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="credited", verbose_name=_("discipline")
    )
    credits = models.DecimalField(_("ECTS credits"), **CREDITS)
    points = models.PositiveSmallIntegerField(_("grade in points"), null=True, blank=True, **POINTS)
    ects_grade = models.CharField(_("ECTS grade"), max_length=2, choices=GradeScale.Letter.choices, blank=True)
    credited_on = models.DateField(_("credited on"))

    class Meta:
        ordering = ["-credited_on"]
        verbose_name = _("credited result")
        verbose_name_plural = _("credited results")

    def __str__(self):
        return f"{self.student} · {self.discipline}"

    def clean(self):
        super().clean()
        rules.check_credited(self)

    @classmethod
    def credit(cls, application):
        """The application's credits and grade (RC-R7's letter as of today), within RC-R2."""
        today = application.institution.today()
        points = application.final_points()
        result = cls(
            institution=application.institution,
            application=application,
            student=application.student,
            discipline=application.discipline,
            credits=application.recognised_credits(),
            points=points,
            ects_grade=rules.ects_grade(application.institution, points, today) or "",
            credited_on=today,
        )
        result.full_clean()  # RC-R2 among its rules
        result._change_reason = getattr(application, "_change_reason", "")
        result.save()
        return result


# When each step of an application is open (clauses 2.10-2.22): the admin's buttons, the inbox and
# "Waiting for me" read these, and nothing else states them.
_Status = RecognitionApplication.Status
TO_REGISTER = Q(status=_Status.SUBMITTED)
REGISTERED = Q(status=_Status.REGISTERED)
TO_CHECK = Q(status__in=[_Status.REGISTERED, _Status.MORE_INFORMATION])
SUFFICIENT = Q(status=_Status.SUFFICIENT)
TO_DECLINE = Q(status__in=[_Status.SUFFICIENT, _Status.MORE_INFORMATION])
DECIDED_BY_PROTOCOL = Q(status=_Status.COMMISSION, decision__isnull=False) & ~Q(
    decision__outcome=Decision.Outcome.VALIDATION
)
VALIDATION_ORDERED = Q(status=_Status.COMMISSION, decision__outcome=Decision.Outcome.VALIDATION)
ASSESSED = Q(status=_Status.VALIDATION, validation__isnull=False) & ~Q(validation__result="")
RECOGNISED = Q(status=_Status.RECOGNISED)


def english_recognisable():
    """RC-R5 (clause 2.3): a bachelor's application for an English discipline, not yet decided, with a
    considered international certificate at B2 or higher. A function: its subquery needs the models."""
    certificates = SupportingDocument.objects.filter(
        application=OuterRef("pk"), excluded_reason="", english_level__in=rules.ENGLISH_LEVELS
    )
    return Q(
        status__in=[_Status.SUFFICIENT, _Status.COMMISSION],
        decision__isnull=True,
        discipline__english=True,
        student__programme__level="bachelor",
    ) & Q(Exists(certificates))
