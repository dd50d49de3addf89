"""The correspondence and evening departments of the Novocheboksarsk chemical-mechanical
technical college: spec ``correspondence.md``, source ``seeds/004`` (the Regulation, «Положение о
заочном отделении»). Rules: ``rules.py``, each with its id (CO-R…) and clause.

A group studies in the evening (очно-заочная) or the correspondence (заочная) form; its curriculum
lines give each discipline's hours and attestation by course. Between sessions a student sends home
control works, which the secretary registers in the journal and the discipline's teacher reviews;
before a session the student gets a summons certificate, and after it the attestation results.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Institution, InstitutionRecord, Need, private_storage, refuse_unless_met, workflow_step
from core.references import next_in_sequence
from core.retention import LAST_CHANGE, Retention
from core.school_year import school_year_of
from correspondence import rules

HOURS = {"default": 0}


class StudyForm(models.TextChoices):
    EVENING = "evening", _("Evening (part-time)")
    CORRESPONDENCE = "correspondence", _("Correspondence")


class AttestationKind(models.TextChoices):
    """The forms of intermediate attestation (clause 4.11)."""

    EXAM = "exam", _("Exam")
    COMPLEX_EXAM = "complex_exam", _("Complex exam")
    CREDIT = "credit", pgettext_lazy("attestation", "Credit")
    DIFFERENTIATED_CREDIT = "differentiated_credit", _("Differentiated credit")
    COURSE_WORK = "course_work", _("Course work (project)")


class StudyGroup(InstitutionRecord):
    retention = Retention(kept="a group of the college, with no personal data")
    code = models.CharField(_("code"), max_length=20)
    specialty = models.CharField(
        _("specialty"), max_length=200, help_text=_("For example 15.02.08 Технология машиностроения.")
    )
    form = models.CharField(_("form of study"), max_length=14, choices=StudyForm.choices)
    course = models.PositiveSmallIntegerField(_("course"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The school year the group is in this course: 2026 for 2026/2027.")
    )
    study_weeks = models.PositiveSmallIntegerField(
        _("weeks of study a year"),
        default=43,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "The school year's weeks without the holidays, over which the weekly load is counted (clause 3.4): "
            "as a rule 43 in the correspondence form, nine weeks of holidays (clause 4.6)."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="correspondence_group_unique_code")]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        if self.pk and self.study_weeks:
            rules.check_weekly_load(self, self.course)  # CO-R1: fewer weeks, more hours a week

    def course_in(self, school_year):
        """The group's course in another school year (it moves up one course a year, clause 5.5)."""
        return self.course - (self.year - school_year)


class Student(InstitutionRecord):
    retention = Retention(ends=LAST_CHANGE, person=("name", "email"))
    code = models.CharField(_("record book number"), max_length=20)
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    group = models.ForeignKey(StudyGroup, on_delete=models.PROTECT, related_name="students", verbose_name=_("group"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="correspondence_student_unique_code")
        ]

    def __str__(self):
        return self.name

    def admission(self, discipline):
        """CO-R5: why the student is not admitted to the attestation in ``discipline`` (empty: admitted)."""
        return rules.admission_refusals(self, discipline)


class Discipline(InstitutionRecord):
    class Cycle(models.TextChoices):
        GENERAL = "general", _("General: general education, humanities, socio-economic, mathematics, science")
        PROFESSIONAL = "professional", _("Professional: general professional and special disciplines, МДК, ПМ")

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Discipline")
        INTERDISCIPLINARY_COURSE = "mdk", _("Interdisciplinary course (МДК)")
        PROFESSIONAL_MODULE = "pm", _("Professional module (ПМ)")

    retention = Retention(kept="the college's catalogue of disciplines")
    code = models.CharField(
        _("code"), max_length=20, help_text=_("As in the curriculum, for example ОП.01 or МДК.01.01.")
    )
    name = models.CharField(_("name"), max_length=200)
    cycle = models.CharField(
        _("cycle"),
        max_length=12,
        choices=Cycle.choices,
        help_text=_(
            "The review of a home control work takes 0.5 h in a general discipline (general economic ones "
            "included), 0.75 h in a professional or special one (clause 6.21)."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DISCIPLINE)
    physical_education = models.BooleanField(
        _("physical education"),
        default=False,
        help_text=_("Its credits do not count towards the ten a year (clause 4.11)."),
    )
    full_time_hours = models.PositiveIntegerField(
        _("full-time hours"), help_text=_("Its hours in the full-time curriculum.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="correspondence_discipline_unique_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def review_hours(self):
        """CO-R14 (clause 6.21): a teacher's time for reviewing one home control work."""
        return rules.REVIEW_HOURS[self.cycle]


class Teacher(InstitutionRecord):
    reviewer_field = "user"

    retention = Retention(
        kept="the college's staff, not a case: a teacher's name is erased on request", person=("name",)
    )
    name = models.CharField(_("full name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correspondence_teachers",
        verbose_name=_("account"),
        help_text=_("With the reviewer role, the account sees only the works this teacher reviews."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("college", "teacher")
        verbose_name_plural = pgettext_lazy("college", "teachers")
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="correspondence_teacher_unique_name")
        ]

    def __str__(self):
        return self.name


class SickLeave(InstitutionRecord):
    """A teacher's sick leave, marked «б/л с … по …» in the journal: its days excuse a late review (6.7)."""

    reviewer_field = "teacher__user"

    retention = Retention(ends="ends_on")
    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="sick_leaves", verbose_name=pgettext_lazy("college", "teacher")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["teacher", "-starts_on"]
        verbose_name = _("sick leave")
        verbose_name_plural = _("sick leaves")

    def __str__(self):
        return _("sick leave from %(start)s to %(end)s") % {
            "start": f"{self.starts_on:%d.%m.%Y}",
            "end": f"{self.ends_on:%d.%m.%Y}",
        }

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The sick leave ends before it starts.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        HomeControlWork.recount_due_dates(self.teacher)

    def delete(self, *args, **kwargs):
        teacher = self.teacher
        result = super().delete(*args, **kwargs)
        HomeControlWork.recount_due_dates(teacher)
        return result


class CurriculumLine(InstitutionRecord):
    """A discipline in a group's working curriculum for one course: its hours by kind, the
    attestation that ends it and the home control works it sets (clauses 3.4, 4.11, 5.1)."""

    retention = Retention(kept="a group's curriculum, with no personal data")
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="curriculum", verbose_name=_("group"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="curriculum_lines", verbose_name=_("discipline")
    )
    course = models.PositiveSmallIntegerField(_("course"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    classroom_hours = models.PositiveIntegerField(_("classroom hours"), **HOURS)
    practical_hours = models.PositiveIntegerField(_("laboratory and practical hours"), **HOURS)
    self_study_hours = models.PositiveIntegerField(_("self-study hours"), **HOURS)
    attestation = models.CharField(_("attestation"), max_length=21, choices=AttestationKind.choices, blank=True)
    home_control_works = models.PositiveSmallIntegerField(
        _("home control works"),
        default=0,
        validators=[MaxValueValidator(rules.MAX_WORKS_A_DISCIPLINE)],  # CO-R6
        help_text=_("At most two in a discipline (clause 6.3)."),
    )
    works_due_on = models.DateField(
        _("home control works due on"),
        null=True,
        blank=True,
        help_text=_("By the group's schedule (clause 6.2); later works are still accepted (6.15)."),
    )
    teacher = models.ForeignKey(
        Teacher,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curriculum_lines",
        verbose_name=pgettext_lazy("college", "teacher"),
        help_text=_("Reviews the group's home control works in the discipline (clause 6.5)."),
    )

    class Meta:
        ordering = ["group", "course", "discipline"]
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum lines")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "group", "discipline", "course"], name="correspondence_line_unique_course"
            )
        ]

    def __str__(self):
        return f"{self.group} · {self.discipline} · {self.course}"

    @property
    def contact_hours(self):
        return self.classroom_hours + self.practical_hours

    def full_time_share(self):
        """CO-R1 (clause 3.4): the line's hours with a teacher as a share of the full-time hours, in per cent."""
        if not self.discipline.full_time_hours:
            return None
        return round(Decimal(100 * self.contact_hours) / self.discipline.full_time_hours, 1)

    full_time_share.short_description = _("share of full-time hours, %")

    def clean(self):
        super().clean()
        if self.group_id and self.discipline_id:
            rules.check_curriculum_line(self)

    def advisories(self):
        return rules.curriculum_advisories(self.group, self.course)


class ExaminationSession(InstitutionRecord):
    """A (laboratory-)examination session of a group, or a part of one (clauses 4.2, 4.8, 5.4)."""

    retention = Retention(ends="ends_on")
    group = models.ForeignKey(StudyGroup, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("group"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    timetable_approved_on = models.DateField(
        _("timetable approved on"),
        null=True,
        blank=True,
        help_text=_("By the head of the college, at least 10 days before the session (clause 5.4)."),
    )

    class Meta:
        ordering = ["-starts_on", "group"]
        verbose_name = _("examination session")
        verbose_name_plural = _("examination sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "group", "starts_on"], name="correspondence_session_unique_start"
            )
        ]

    def __str__(self):
        return f"{self.group} · {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def days(self):
        """Calendar days, the first and the last included (clause 4.2)."""
        return (self.ends_on - self.starts_on).days + 1

    @property
    def school_year(self):
        return school_year_of(self.starts_on)

    @property
    def course(self):
        """The group's course in the session's school year."""
        return self.group.course_in(self.school_year)

    def timetable_due_on(self):
        """CO-R16 (clause 5.4): the last day the timetable may be approved."""
        return self.starts_on - timedelta(days=rules.TIMETABLE_DAYS_BEFORE)

    timetable_due_on.short_description = _("timetable due by")

    def clean(self):
        super().clean()
        if self.group_id and self.starts_on and self.ends_on:
            rules.check_session(self)

    def advisories(self):
        return rules.curriculum_advisories(self.group, self.course)


class HomeControlWork(InstitutionRecord):
    """An entry of the «Журнал учета домашних контрольных работ» (clauses 6.6-6.17): the work as
    it arrives, its registration number, the teacher's review and the defence.

    The public form creates it (student, group, discipline, variant, file, arrival date); the
    secretary registers it (CO-R7), the teacher reviews it within two weeks (CO-R8, CO-R9)."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")
        INCOMPLETE = "incomplete", _("Work not done in full")
        WRONG_VARIANT = "wrong_variant", _("Work not done in its variant")
        CARELESS = "careless", _("Work done carelessly")
        PASSED_WITHOUT_REVIEW = "passed_orally", _("Passed without review")

    reviewer_field = "teacher__user"

    # CO-R13 (clause 6.20): home control works are kept one year, then purged with their file.
    retention = Retention(ends="received_on", years=1, regulation=_("clause 6.20"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="works", verbose_name=_("student"))
    group = models.ForeignKey(StudyGroup, on_delete=models.PROTECT, related_name="works", verbose_name=_("group"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="works", verbose_name=_("discipline")
    )
    variant = models.CharField(_("variant"), max_length=20)
    file = models.FileField(
        _("work (file)"),
        upload_to="correspondence/works/%Y/",
        storage=private_storage,
        blank=True,
        help_text=_("Sent through the form; a work handed in on paper has none."),
    )
    received_on = models.DateField(_("arrived on"), default=timezone.localdate)
    redo_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redos",
        verbose_name=_("redo of"),
        help_text=_("The first work, when this is its redo after it was not passed (clause 6.14)."),
    )
    registration_number = models.PositiveIntegerField(_("registration number"), null=True, editable=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    teacher = models.ForeignKey(
        Teacher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="works",
        verbose_name=pgettext_lazy("college", "teacher"),
        help_text=_("The discipline's teacher of the group, unless another reviews it (clause 6.5)."),
    )
    review_due_on = models.DateField(_("review due on"), null=True, editable=False)
    reviewed_on = models.DateField(_("returned on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=14, choices=Result.choices, blank=True)
    defended_on = models.DateField(_("defended on"), null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("home control work")
        verbose_name_plural = _("home control works")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "discipline", "registration_number"], name="correspondence_work_unique_number"
            )
        ]

    def __str__(self):
        number = f"№ {self.registration_number} · " if self.registration_number else ""
        return f"{number}{self.student} · {self.discipline.code}"

    def notice_details(self):
        """The student keeps the work's number in the journal (clause 6.6) from the registration e-mail on."""
        if not self.registration_number:
            return []
        return [(_("registration number"), f"{self.registration_number} ({self.discipline}, {self.group})")]

    @classmethod
    def initial_from(cls, record):
        """A redo starts from the first work (clause 6.14); a work of a student from their group."""
        if isinstance(record, HomeControlWork):
            return {name: getattr(record, f"{name}_id") for name in ("student", "group", "discipline")} | {
                "variant": record.variant
            }
        if isinstance(record, Student):
            return {"group": record.group_id}
        return {}

    @property
    def applicant_email(self):
        """The student hears of each step of the journal (``WorkflowAction.decision``, core.notifications)."""
        return self.student.email

    @property
    def applicant_name(self):
        return self.student.name

    def clean(self):
        super().clean()
        rules.check_work(self)

    def save(self, *args, **kwargs):
        self.review_due_on = self.due_on()
        super().save(*args, **kwargs)

    def due_on(self):
        """CO-R8 (clause 6.7): two weeks from registration, plus the teacher's sick-leave days in them."""
        if not self.registered_on:
            return None
        leaves = self.teacher.sick_leaves.values_list("starts_on", "ends_on") if self.teacher_id else []
        return rules.review_due(self.registered_on, leaves)

    @classmethod
    def recount_due_dates(cls, teacher):
        """A sick leave entered or corrected moves the due dates of the teacher's works under review."""
        for work in teacher.works.filter(registered_on__isnull=False, reviewed_on__isnull=True):
            cls.objects.filter(pk=work.pk).update(review_due_on=work.due_on())

    def is_late(self):
        """CO-R11 (clause 6.15): sent after the group's schedule's date; accepted all the same."""
        # The journal's list annotates the date (``annotate_journal``), so a row costs no query.
        due = self.works_due if hasattr(self, "works_due") else getattr(self.curriculum_line(), "works_due_on", None)
        return bool(due and self.received_on > due)

    is_late.short_description = _("late")
    is_late.boolean = True

    def review_hours(self):
        """CO-R14 (clause 6.21): the teacher's review time, counted for a reviewed work only."""
        return self.discipline.review_hours if self.result in REVIEWED_RESULTS else Decimal("0")

    review_hours.short_description = _("review hours")

    def sick_leave_marks(self):
        """CO-R8 (clause 6.7): the teacher's sick leaves in the work's review period, marked in the
        journal «б/л с … по …» (the list prefetches them)."""
        if not (self.teacher_id and self.registered_on):
            return []
        end = self.reviewed_on or self.review_due_on
        return [
            leave
            for leave in self.teacher.sick_leaves.all()
            if leave.starts_on <= end and leave.ends_on >= self.registered_on
        ]

    def curriculum_line(self):
        return (
            CurriculumLine.objects.filter(group_id=self.group_id, discipline_id=self.discipline_id)
            .order_by("-course")
            .first()
        )

    # Workflow steps (buttons in the admin's list; when each is open: the queries below the class)
    def register_needs(self):
        """CO-R7 (clause 6.6): the journal registers a group's works of a discipline in order of arrival."""
        waits = getattr(self, "waits_for_earlier", None)  # annotated by the journal's list
        if waits is None:
            waits = annotate_journal(HomeControlWork.objects.filter(pk=self.pk)).filter(waits_for_earlier=True).exists()
        if not waits:
            return []
        return [
            Need(
                _(
                    "A work of the same group and discipline that arrived earlier is registered first: the journal "
                    "keeps the order of arrival (clause 6.6 of the Regulation)."
                )
            )
        ]

    @workflow_step(_("Register"), "registered_on")
    def register(self, on=None):
        """CO-R7: the next number of the group's journal of the discipline, taken in the transaction
        that stores it; the work goes to the discipline's teacher (clause 6.7)."""
        refuse_unless_met(self.register_needs())
        with transaction.atomic():
            works = HomeControlWork.objects.filter(group_id=self.group_id, discipline_id=self.discipline_id)
            self.registration_number = next_in_sequence(self.group, works, "registration_number")
            self.registered_on = on or self.institution.today()
            if self.teacher_id is None and (line := self.curriculum_line()) is not None:
                self.teacher = line.teacher
            self.full_clean()
            self.save()

    def _review(self, result, on):
        self.result, self.reviewed_on = result, on or self.institution.today()
        self.full_clean()
        self.save()

    @workflow_step(_("Review: passed"), "result", "reviewed_on")
    def pass_work(self, on=None):
        """CO-R9 (clause 6.8): «зачет»."""
        self._review(self.Result.PASSED, on)

    @workflow_step(_("Review: not passed"), "result", "reviewed_on")
    def fail_work(self, on=None):
        """CO-R9, CO-R10 (clauses 6.8, 6.14): «незачет»; the student redoes it in the same notebook."""
        self._review(self.Result.FAILED, on)

    @workflow_step(_("Return: not done in full"), "result", "reviewed_on")
    def return_incomplete(self, on=None):
        """CO-R9 (clause 6.9): returned without review, the reason on the title page."""
        self._review(self.Result.INCOMPLETE, on)

    @workflow_step(_("Return: not its variant"), "result", "reviewed_on")
    def return_wrong_variant(self, on=None):
        """CO-R9 (clause 6.9): returned without review, the reason on the title page."""
        self._review(self.Result.WRONG_VARIANT, on)

    @workflow_step(_("Return: done carelessly"), "result", "reviewed_on")
    def return_careless(self, on=None):
        """CO-R9 (clause 6.9): returned without review, the reason on the title page."""
        self._review(self.Result.CARELESS, on)

    @workflow_step(_("Passed without review"), "result", "reviewed_on")
    def pass_without_review(self, on=None):
        """CO-R11 (clause 6.15): a work handed in during the group's session, taken orally instead of reviewed."""
        if not HomeControlWork.objects.filter(pk=self.pk).filter(handed_in_during_session()).exists():
            raise ValidationError(
                _(
                    "Only a work handed in during the group's session is passed without review "
                    "(clause 6.15 of the Regulation)."
                )
            )
        self._review(self.Result.PASSED_WITHOUT_REVIEW, on)

    @workflow_step(_("Defended"), "defended_on")
    def defend(self, on=None):
        """CO-R12 (clause 6.17): the defence («Защита») before the exam or at it."""
        self.defended_on = on or self.institution.today()
        rules.check_defence(self)
        self.save()


REVIEWED_RESULTS = (HomeControlWork.Result.PASSED, HomeControlWork.Result.FAILED)
PASSED_RESULTS = (HomeControlWork.Result.PASSED, HomeControlWork.Result.PASSED_WITHOUT_REVIEW)
REDONE_RESULTS = (
    HomeControlWork.Result.FAILED,
    HomeControlWork.Result.INCOMPLETE,
    HomeControlWork.Result.WRONG_VARIANT,
    HomeControlWork.Result.CARELESS,
)
# When each step of a work is open: the admin's buttons, the inbox and "Waiting for me" read these.
TO_REGISTER = Q(registered_on__isnull=True)  # 6.6
UNDER_REVIEW = Q(registered_on__isnull=False, reviewed_on__isnull=True)  # 6.7-6.9
TO_DEFEND = Q(result=HomeControlWork.Result.PASSED, defended_on__isnull=True)  # 6.17


def handed_in_during_session():
    """CO-R11 (6.15): a work under review that arrived during a session of its group. A function, as
    its subquery needs the models loaded."""
    sessions = ExaminationSession.objects.filter(
        group=OuterRef("group"), starts_on__lte=OuterRef("received_on"), ends_on__gte=OuterRef("received_on")
    )
    return UNDER_REVIEW & Q(Exists(sessions))


def annotate_journal(works):
    """What the journal's rows show without a query each: the group's date for the works of the
    discipline (CO-R11) and whether an earlier arrival waits to be registered first (CO-R7)."""
    same = {"group": OuterRef("group"), "discipline": OuterRef("discipline")}
    lines = CurriculumLine.objects.filter(**same).order_by("-course").values("works_due_on")[:1]
    earlier = HomeControlWork.objects.filter(**same, registered_on__isnull=True).filter(
        Q(received_on__lt=OuterRef("received_on")) | Q(received_on=OuterRef("received_on"), pk__lt=OuterRef("pk"))
    )
    return works.annotate(works_due=Subquery(lines), waits_for_earlier=Exists(earlier))


def overdue_reviews(queryset):
    """CO-R8 (6.7, 6.22): the works of ``queryset`` under review past their due date, each counted
    in its institution's today."""
    institutions = Institution.objects.filter(pk__in=queryset.values("institution"))
    late = Q(pk__in=[])
    for institution in institutions:
        late |= Q(institution=institution, review_due_on__lt=institution.today())
    return queryset.filter(UNDER_REVIEW & late)


def with_review_hours(teachers, start, end):
    """CO-R14 (clause 6.21): each teacher with ``review_hours``, the hours of the works they reviewed
    from ``start`` to ``end``: 0.5 h for a general discipline, 0.75 h for a professional one."""
    reviewed = Q(works__result__in=REVIEWED_RESULTS, works__reviewed_on__range=(start, end))
    hours = Case(
        *(When(reviewed & Q(works__discipline__cycle=cycle), then=Value(h)) for cycle, h in rules.REVIEW_HOURS.items()),
        default=Value(Decimal("0")),
        output_field=models.DecimalField(max_digits=8, decimal_places=2),
    )
    return teachers.annotate(review_hours=Sum(hours))


class SummonsCertificate(InstitutionRecord):
    """A summons certificate (справка-вызов, form of order No. 1368 of 19.12.2013) for a session:
    issued at least two weeks before it, numbered in the issue journal, sent by post on request
    (CO-R15, clause 5.3). The public form creates it with the request."""

    retention = Retention(ends="session__ends_on", person=("employer", "postal_address"))
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("student")
    )
    session = models.ForeignKey(
        ExaminationSession, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("examination session")
    )
    employer = models.CharField(_("employer"), max_length=300, blank=True, help_text=_("Whom the certificate is for."))
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    by_post = models.BooleanField(_("send by post"), default=False)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    journal_number = models.PositiveIntegerField(_("number in the issue journal"), null=True, editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("summons certificate")
        verbose_name_plural = _("summons certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "journal_number"], name="correspondence_certificate_unique_number"
            )
        ]

    def __str__(self):
        number = f"№ {self.journal_number} · " if self.journal_number else ""
        return f"{number}{self.student}"

    @property
    def applicant_email(self):
        """The student hears that the certificate is issued (core.notifications)."""
        return self.student.email

    @property
    def applicant_name(self):
        return self.student.name

    def issue_by(self):
        """CO-R15 (clause 5.3): the last day the certificate may be issued."""
        return self.session.starts_on - timedelta(days=rules.CERTIFICATE_DAYS_BEFORE)

    issue_by.short_description = _("issue by")

    def clean(self):
        super().clean()
        rules.check_certificate(self)

    def issue_needs(self):
        """CO-R15 (clause 5.3): said before the click, not after it."""
        message = rules.certificate_too_late(self, self.institution.today())
        return [Need(message)] if message else []

    @workflow_step(_("Issue"), "issued_on")
    def issue(self, on=None):
        """CO-R15: issued today (or ``on``) with the next number of the institution's issue journal."""
        self.issued_on = on or self.institution.today()
        with transaction.atomic():
            certificates = SummonsCertificate.objects.filter(institution_id=self.institution_id)
            self.journal_number = next_in_sequence(self.institution, certificates, "journal_number")
            self.full_clean()
            self.save()


class AttestationResult(InstitutionRecord):
    """A student's result of intermediate attestation in a discipline (clause 4.11)."""

    class Grade(models.TextChoices):
        EXCELLENT = "5", _("5 (excellent)")
        GOOD = "4", _("4 (good)")
        SATISFACTORY = "3", _("3 (satisfactory)")
        UNSATISFACTORY = "2", _("2 (unsatisfactory)")
        PASSED = "passed", _("Passed (credit)")
        FAILED = "failed", _("Not passed (credit)")
        NOT_ADMITTED = "not_admitted", _("Not admitted")

    retention = Retention(ends="held_on")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="results", verbose_name=_("student"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="results", verbose_name=_("discipline")
    )
    session = models.ForeignKey(
        ExaminationSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("examination session"),
    )
    kind = models.CharField(_("form of attestation"), max_length=21, choices=AttestationKind.choices)
    held_on = models.DateField(_("held on"))
    grade = models.CharField(_("mark"), max_length=12, choices=Grade.choices)

    class Meta:
        ordering = ["-held_on", "student"]
        verbose_name = _("attestation result")
        verbose_name_plural = _("attestation results")

    def __str__(self):
        return f"{self.student} · {self.discipline.code} · {self.get_grade_display()}"

    def clean(self):
        super().clean()
        if self.student_id and self.discipline_id:
            rules.check_result(self)


class IndividualSchedule(InstitutionRecord):
    """Another term for a student who could not keep the schedule for a valid, documented reason:
    an individual schedule of the study process, set by the college's order (clause 5.5)."""

    class Reason(models.TextChoices):
        MEDICAL = "medical", _("Medical grounds")
        WORK = "work", _("Needs of the student's work")
        FAMILY = "family", _("Family circumstances")

    retention = Retention(ends="ends_on")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="individual_schedules", verbose_name=_("student")
    )
    session = models.ForeignKey(
        ExaminationSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="individual_schedules",
        verbose_name=_("examination session"),
        help_text=_("The session whose term is moved."),
    )
    reason = models.CharField(_("reason"), max_length=8, choices=Reason.choices)
    document = models.CharField(_("supporting document"), max_length=300)
    order = models.CharField(
        _("order"), max_length=100, blank=True, help_text=_("Number and date of the college's order.")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["-starts_on", "student"]
        verbose_name = _("individual study schedule")
        verbose_name_plural = _("individual study schedules")

    def __str__(self):
        return f"{self.student} · {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The schedule ends before it starts.")})
        if self.session_id and self.student_id and self.session.group_id != self.student.group_id:
            raise ValidationError({"session": _("Choose a session of the student's group.")})
