"""Pupil portfolio at МОУ Емишевская ОШ: spec ``portfolio.md``, source ``seeds/001``.

A pupil (the title page) belongs to a class of grades 1-9; the portfolio's sections (Appendix 1)
are records of the pupil: "My portrait", "Reviews" and "Miscellaneous" entries, works, and
achievements with their documents. The class teacher confirms achievements (PF-R5) and scores
each pupil once per half-year (PF-R1) by the points table of Appendix 2, which the school edits
(PF-R6 scales, validity dates). The summary sheets (Appendices 3-4) and the annual rating
(7.7) are computed from the scored half-years, never typed. Rules: ``rules.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import InstitutionRecord, Need, NumberedRecord, private_storage, refuse_unless_met, workflow_step
from core.retention import Retention
from core.school_year import first_day_of_school_year, last_day_of_school_year, school_year_label
from core.scoping import institutions_for
from portfolio import rules

REFERENCE_SERIES = "PF"
POINTS = {"max_digits": 6, "decimal_places": 2}
PUPILS_CLASS_TEACHER = "pupil__school_class__class_teacher"  # who reviews a pupil's portfolio (5.1)


class Level(models.TextChoices):
    """Levels of a contest or competition (Appendix 2)."""

    SCHOOL = "school", _("School")
    CITY = "city", _("City")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class Result(models.TextChoices):
    """A result in a contest, or a level of an assessment (Appendix 2, PF-R6)."""

    WINNER = "winner", _("Winner")
    PRIZE_WINNER = "prize_winner", _("Prize-winner")
    PARTICIPANT = "participant", _("Participant")
    FIRST_PLACE = "first_place", _("1st place")
    SECOND_PLACE = "second_place", _("2nd place")
    THIRD_PLACE = "third_place", _("3rd place")
    HIGH = "high", _("High")
    GOOD = "good", _("Good")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Category(models.TextChoices):
    """The seven rows of the summary sheets (Appendices 3-4, PF-R1)."""

    STUDY = "study", _("Study")
    OLYMPIADS = "olympiads", _("Olympiads and contests")
    SPORTS = "sports", _("Sports")
    CREATIVE = "creative", _("Creative work")
    ADDITIONAL = "additional", _("Additional education")
    EVENTS = "events", _("Events and practices")
    PUBLIC_LIFE = "public_life", _("Public life")


class Indicator(models.TextChoices):
    """The indicators of the points table (Appendix 2), by its four parts."""

    FINAL_MARKS = "final_marks", _("Final marks in the subjects (average mark)")
    CONTROL_WORKS = "control_works", _("Control, diagnostic and monitoring works (average mark)")
    INTELLECTUAL_CONTEST = "intellectual_contest", _("Intellectual contest or project")
    PROJECT_ACTIVITY = "project_activity", _("Project activity")
    DISTANCE_CONTEST = "distance_contest", _("Distance contest (“Русский медвежонок”, “Кенгуру”…)")
    CLASS_SELF_GOVERNMENT = "class_self_government", _("Class self-government")
    CLASS_AFFAIRS = "class_affairs", _("Class and school affairs")
    SPORTS_COMPETITION = "sports_competition", _("Sports competition")
    SPORTS_SECTION = "sports_section", _("Sports section or club")
    CREATIVE_CONTEST = "creative_contest", _("Creative contest")
    STUDIO = "studio", _("Studio or circle")
    ACTIVITY_REVIEW = "activity_review", _("Reviews of the pupil's activity")
    WORKS_REVIEW = "works_review", _("Reviews of the pupil's works")
    MEDIA_ARTICLE = "media_article", _("Media article about the pupil")
    COMMENDATION = "commendation", _("Commendation at the end of the year")
    CLASS_LIFE_LETTER = "class_life_letter", _("Certificate or letter of thanks for class life")
    ADMINISTRATION_LETTER = "administration_letter", _("Letter of thanks from the school administration")
    PARTNER_LETTER = "partner_letter", _("Letter of thanks from social partners")
    WORKSHOP_WORKS = "workshop_works", _("Creative workshop: works presented")
    WORKSHOP_VARIETY = "workshop_variety", _("Creative workshop: variety of the works")
    WORKSHOP_PHOTOS = "workshop_photos", _("Creative workshop: photos of participation")


# What a document proves (section 3.3): the indicators an achievement may be.
ACHIEVEMENTS = (
    Indicator.INTELLECTUAL_CONTEST,
    Indicator.PROJECT_ACTIVITY,
    Indicator.DISTANCE_CONTEST,
    Indicator.SPORTS_COMPETITION,
    Indicator.SPORTS_SECTION,
    Indicator.CREATIVE_CONTEST,
    Indicator.STUDIO,
    Indicator.MEDIA_ARTICLE,
    Indicator.COMMENDATION,
    Indicator.CLASS_LIFE_LETTER,
    Indicator.ADMINISTRATION_LETTER,
    Indicator.PARTNER_LETTER,
)


class Scale(models.TextChoices):
    """PF-R6 (7.5): the scales a mark is given on when it is not points."""

    MARK = "mark", _("Mark from 2 to 5")
    PASS_FAIL = "pass_fail", _("Pass / fail")
    LEVEL = "level", _("High / medium / low")
    QUALITY = "quality", _("Good / excellent")


class Mark(models.TextChoices):
    FIVE = "5", "5"
    FOUR = "4", "4"
    THREE = "3", "3"
    TWO = "2", "2"
    PASS = "pass", pgettext_lazy("mark", "Pass")
    FAIL = "fail", pgettext_lazy("mark", "Fail")
    HIGH = "high", pgettext_lazy("mark", "High")
    MEDIUM = "medium", pgettext_lazy("mark", "Medium")
    LOW = "low", pgettext_lazy("mark", "Low")
    EXCELLENT = "excellent", pgettext_lazy("mark", "Excellent")
    GOOD = "good", pgettext_lazy("mark", "Good")


HIGH_MEDIUM_LOW = [(result.value, result.label) for result in (Result.HIGH, Result.MEDIUM, Result.LOW)]
FOUR_LEVELS = [(result.value, result.label) for result in (Result.HIGH, Result.GOOD, Result.MEDIUM, Result.LOW)]


class SchoolClass(InstitutionRecord):
    """A class of the basic school (grades 1-9, clause 4.2) in one school year, with its class
    teacher, who organises and evaluates its pupils' portfolios (5.1, 7.4)."""

    reviewer_field = "class_teacher"

    retention = Retention(ends="school_year")
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("Left empty, it is made of the year and the class: 2026-5А.")
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year it starts: 2026 for 2026/2027.")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(rules.FIRST_GRADE), MaxValueValidator(rules.LAST_GRADE)]
    )
    letter = models.CharField(_("letter"), max_length=2, blank=True)
    class_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portfolio_classes",
        verbose_name=_("class teacher's account"),
        help_text=_("A reviewer sees only the portfolios of the classes they lead."),
    )

    class Meta:
        ordering = ["-school_year", "grade", "letter"]
        verbose_name = _("school class")
        verbose_name_plural = _("school classes")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="portfolio_class_unique_code"),
            models.UniqueConstraint(
                fields=["institution", "school_year", "grade", "letter"], name="portfolio_class_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year_label})"

    @property
    def name(self):
        return f"{self.grade} {self.letter}".strip()

    @property
    def school_year_label(self):
        return school_year_label(self.school_year, "/")

    def clean(self):
        super().clean()
        if not self.code and self.school_year and self.grade:
            self.code = f"{self.school_year}-{self.grade}{self.letter}"


class Pupil(InstitutionRecord):
    """A pupil and the title page of their portfolio (section 3): name, school, class, contacts
    and a photo only with the recorded consent of the parents and of the pupil."""

    reviewer_field = "school_class__class_teacher"

    retention = Retention(
        ends="school_class__school_year",
        person=("last_name", "first_name", "patronymic", "parent_name", "family_email", "phone"),
    )
    code = models.CharField(_("pupil's code"), max_length=40, help_text=_("The school's own number of the pupil."))
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="pupils", verbose_name=_("class")
    )
    parent_name = models.CharField(_("parent (legal representative)"), max_length=200, blank=True)
    family_email = models.EmailField(
        _("family's e-mail"), blank=True, help_text=_("Where the family is written to about the portfolio.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    photo = models.FileField(_("photo"), upload_to="portfolio/photos/", storage=private_storage, blank=True)
    parents_consent_on = models.DateField(_("parents' consent to the photo given on"), null=True, blank=True)
    pupil_consent_on = models.DateField(_("pupil's consent to the photo given on"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="portfolio_pupil_unique_code")]

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    @property
    def full_name(self):
        return " ".join(filter(None, (self.last_name, self.first_name, self.patronymic)))

    @property
    def short_name(self):
        """Last and first name, as the class summary sheet lists pupils (Appendix 4)."""
        return f"{self.last_name} {self.first_name}"

    def clean(self):
        super().clean()
        rules.check_photo_consent(self)

    def missing_standardised_works(self, school_year):
        """3.2.1: {subject: the compulsory works of ``school_year`` still missing in the portfolio}."""
        works = self.works.filter(
            kind__in=rules.STANDARDISED_WORKS,
            done_on__range=(first_day_of_school_year(school_year), last_day_of_school_year(school_year)),
        )
        return rules.missing_standardised_works(works.values_list("subject", "kind"))

    def summary_sheet(self, school_year):
        """Appendix 3 (PF-R2): each category's points in both half-years, and the totals, from the
        scored half-years; computed, never typed."""
        scored = self.half_years.filter(school_class__school_year=school_year, scored_on__isnull=False)
        return rules.summary_sheet(scored)

    def summary_sheets(self):
        """Appendix 3 for every school year the pupil has scored half-years in, latest first, each
        with the class the pupil was scored in (printed, and shown to the family)."""
        scored = self.half_years.filter(scored_on__isnull=False).select_related("school_class")
        classes = {score.school_class.school_year: score.school_class for score in scored}
        return [{"school_class": classes[year], **self.summary_sheet(year)} for year in sorted(classes, reverse=True)]


def scale_field():
    return models.CharField(_("scale"), max_length=10, choices=Scale.choices, blank=True)


def mark_field():
    """A mark on one of the regulation's scales (PF-R6), checked by ``rules.check_mark``."""
    return models.CharField(_("mark"), max_length=10, choices=Mark.choices, blank=True)


class PortfolioEntry(InstitutionRecord):
    """An entry of the sections "My portrait" (3.1), "Reviews" (3.4) or "Miscellaneous" (3.5)."""

    class Section(models.TextChoices):
        PORTRAIT = "portrait", _("My portrait")
        REVIEWS = "reviews", _("Reviews")
        MISCELLANEOUS = "miscellaneous", _("Miscellaneous")

    class Kind(models.TextChoices):
        ABOUT_ME = "about_me", _("About me")
        FAMILY = "family", _("My family")
        INTERESTS = "interests", _("What I like to do")
        I_AM_A_PUPIL = "pupil", _("I am a pupil")
        GOALS = "goals", _("Goals and their analysis")
        SELF_DETERMINATION = "self_determination", _("Professional and personal self-determination")
        OBSERVATION = "observation", _("Observation sheet")
        TEACHER_CHARACTERISTIC = "teacher", _("Characteristic by a teacher")
        PARENT_CHARACTERISTIC = "parent", _("Characteristic by a parent")
        CLASSMATE_CHARACTERISTIC = "classmate", _("Characteristic by a classmate")
        OTHER_CHARACTERISTIC = "other_characteristic", _("Characteristic by others")
        SELF_ANALYSIS = "self_analysis", _("Self-analysis")
        OWN_CHOICE = "own_choice", _("The pupil's own choice")

    reviewer_field = PUPILS_CLASS_TEACHER

    retention = Retention(follows="pupil")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="entries", verbose_name=_("pupil"))
    section = models.CharField(_("section"), max_length=14, choices=Section.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    added_on = models.DateField(_("date"), default=timezone.localdate)
    scale = scale_field()
    mark = mark_field()
    attachment = models.FileField(
        _("attachment"), upload_to="portfolio/entries/%Y/", storage=private_storage, blank=True
    )

    class Meta:
        ordering = ["pupil", "section", "-added_on"]
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")

    def __str__(self):
        return f"{self.pupil.full_name} · {self.title}"

    def clean(self):
        super().clean()
        rules.check_entry_kind(self)
        rules.check_mark(self.scale, self.mark)


class Work(InstitutionRecord):
    """An entry of the section "Works" (3.2): the compulsory standardised works per subject
    (3.2.1) and the pupil's other works, activities and participations."""

    class Kind(models.TextChoices):
        START_DIAGNOSTICS = "start_diagnostics", _("Start diagnostics")
        INTERMEDIATE = "intermediate", _("Intermediate standardised work")
        FINAL = "final", _("Final standardised work")
        RESEARCH = "research", _("Research work or essay")
        PROJECT = "project", _("Project")
        TECHNICAL = "technical", _("Technical work")
        ART = "art", _("Work of art")
        PERFORMANCE = "performance", _("Theatre, orchestra, choir")
        ADDITIONAL_EDUCATION = "additional_education", _("Additional education and courses")
        OLYMPIAD = "olympiad", _("Olympiad or contest")
        CONFERENCE = "conference", _("Conference, seminar or camp")
        SPORT = "sport", _("Sports event")
        OTHER = "other", _("Other")

    reviewer_field = PUPILS_CLASS_TEACHER

    retention = Retention(follows="pupil")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="works", verbose_name=_("pupil"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    done_on = models.DateField(_("date"))
    scale = scale_field()
    mark = mark_field()
    description = models.TextField(_("description"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="portfolio/works/%Y/", storage=private_storage, blank=True)

    class Meta:
        ordering = ["pupil", "-done_on"]
        verbose_name = _("work")
        verbose_name_plural = _("works")

    def __str__(self):
        return f"{self.pupil.full_name} · {self.title}"

    def clean(self):
        super().clean()
        rules.check_standardised_work(self)
        rules.check_mark(self.scale, self.mark)


class PointsRow(InstitutionRecord):
    """A row of the points table (7.8, Appendix 2), which the school's administrator edits. A
    change from a date on is a new row valid from that date: each date has one row in force, by
    which the achievements of that date are scored (PF-R5)."""

    retention = Retention(kept="the school's table of points (Appendix 2), a reference catalogue")
    indicator = models.CharField(_("indicator"), max_length=24, choices=Indicator.choices)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices, blank=True)
    result = models.CharField(
        _("result"), max_length=14, choices=Result.choices, blank=True, help_text=_("Empty: any result.")
    )
    category = models.CharField(
        _("summary sheet category"),
        max_length=12,
        choices=Category.choices,
        help_text=_("The summary sheet row its points count in (Appendix 3)."),
    )
    points = models.DecimalField(
        _("points"), null=True, blank=True, help_text=_("Or the least of a range, with the most."), **POINTS
    )
    max_points = models.DecimalField(
        _("most points"), null=True, blank=True, help_text=_("For a range the class teacher scores within."), **POINTS
    )
    per_mark = models.DecimalField(
        _("points per average mark"), null=True, blank=True, help_text=_("10: the average mark × 10."), **POINTS
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator", "level", "result", "-valid_from"]
        verbose_name = _("points table row")
        verbose_name_plural = _("points table")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "indicator", "level", "result", "valid_from"], name="portfolio_points_row_key"
            )
        ]

    @classmethod
    def visible_to(cls, user):
        """The table is no one's personal data: every member of the school reads it, the class
        teacher who scores by it too (a reviewer); only who may edit changes it."""
        return Q() if user.is_superuser else Q(institution__in=institutions_for(user))

    def __str__(self):
        parts = [self.get_indicator_display(), self.get_level_display(), self.get_result_display()]
        return " · ".join(str(part) for part in parts if part)

    def clean(self):
        super().clean()
        rules.check_points_row(self)

    def score(self, value=None):
        """The row's points: fixed, the average mark × its factor, or ``value`` scored within its range."""
        if self.per_mark is not None:
            return (self.per_mark * value).quantize(Decimal("0.01")) if value is not None else Decimal("0")
        if self.max_points is not None:
            return value if value is not None else Decimal("0")
        return self.points


class Achievement(NumberedRecord):
    """A certified achievement (section 3.3, Appendix 1 part 4) with a copy of its diploma or
    certificate: it counts once the class teacher has confirmed it against that document (PF-R5)."""

    reference_series = REFERENCE_SERIES
    reference_date_field = "submitted_on"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        RETURNED = "returned", _("Returned")

    reviewer_field = PUPILS_CLASS_TEACHER

    retention = Retention(follows="pupil", person=("applicant_email",))
    reference = models.CharField(_("reference number"), max_length=20, blank=True)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="achievements", verbose_name=_("pupil"))
    indicator = models.CharField(_("kind"), max_length=24, choices=[(kind.value, kind.label) for kind in ACHIEVEMENTS])
    level = models.CharField(_("level"), max_length=14, choices=Level.choices, blank=True)
    result = models.CharField(_("result"), max_length=14, choices=Result.choices, blank=True)
    title = models.CharField(_("event"), max_length=300)
    achieved_on = models.DateField(_("date of the achievement"))
    document = models.FileField(
        _("copy of the diploma or certificate"), upload_to="portfolio/achievements/%Y/", storage=private_storage
    )
    applicant_email = models.EmailField(_("submitted by (e-mail)"), blank=True)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    return_reason = models.TextField(
        _("reason for returning"),
        blank=True,
        help_text=_("Write it before returning the achievement: the family reads it."),
    )
    decided_on = models.DateField(_("confirmed or returned on"), null=True, blank=True)

    class Meta:
        ordering = ["-achieved_on", "pupil"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"], condition=~Q(reference=""), name="portfolio_achievement_reference"
            )
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}" if self.reference else self.title

    def clean(self):
        super().clean()
        rules.check_achievement(self)

    def rows(self):
        """PF-R5: the rows of the table in force on the achievement's date that it earns: those of
        its kind whose level and result are its own or left empty (a distance contest earns the
        participation row and its place's bonus)."""
        return rules.rows_in_force(self.institution, self.indicator, self.achieved_on).filter(
            Q(level="") | Q(level=self.level), Q(result="") | Q(result=self.result)
        )

    def points(self):
        """PF-R5: points only once confirmed, by the table in force on the achievement's date."""
        if self.status != self.Status.CONFIRMED:
            return Decimal("0")
        return sum((row.score() for row in self.rows()), Decimal("0"))

    points.short_description = _("points")

    def confirm_needs(self):
        """7.8: an achievement counts in a half-year not scored yet."""
        return [Need(rules.scored_message(self))] if rules.half_year_scored(self) else []

    @workflow_step(_("Confirm"), "status", "decided_on")
    def confirm(self):
        """PF-R5: the class teacher confirms the achievement against its document."""
        refuse_unless_met(self.confirm_needs())
        self._decide(self.Status.CONFIRMED)

    def return_needs(self):
        """PF-R5: an achievement goes back to the family with the reason written first."""
        return [] if self.return_reason.strip() else [Need(rules.reason_missing_message())]

    @workflow_step(_("Return"), "status", "decided_on")
    def send_back(self):
        refuse_unless_met(self.return_needs())
        self._decide(self.Status.RETURNED)

    def _decide(self, status):
        self.status = status
        self.decided_on = self.institution.today()
        self.save()


AWAITING_CONFIRMATION = Q(status=Achievement.Status.SUBMITTED)


class HalfYearScore(InstitutionRecord):
    """PF-R1 (7.8): the class teacher's scoring of one pupil in one half-year. The teacher gives
    the assessments of the points table (Appendix 2) and scores the half-year: the points per
    category of the summary sheet are then computed, with the pupil's confirmed achievements of
    the half-year, and never typed."""

    class Half(models.IntegerChoices):
        FIRST = 1, _("1st half-year")
        SECOND = 2, _("2nd half-year")

    reviewer_field = "school_class__class_teacher"

    retention = Retention(follows="pupil")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="half_years", verbose_name=_("pupil"))
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        related_name="half_year_scores",
        verbose_name=_("class"),
        help_text=_("The pupil's class in that school year: its summary sheet lists the score."),
    )
    half = models.PositiveSmallIntegerField(_("half-year"), choices=Half.choices)
    final_marks_average = models.DecimalField(
        _("average final mark"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
        help_text=_("The average of the pupil's marks in the subjects for the period."),
    )
    class_self_government = models.CharField(
        _("participation in class self-government"), max_length=8, choices=HIGH_MEDIUM_LOW, blank=True
    )
    class_affairs = models.CharField(
        _("participation in class and school affairs"), max_length=8, choices=HIGH_MEDIUM_LOW, blank=True
    )
    activity_review = models.CharField(
        _("reviews of the pupil's activity"), max_length=8, choices=FOUR_LEVELS, blank=True
    )
    works_review = models.CharField(_("reviews of the pupil's works"), max_length=8, choices=FOUR_LEVELS, blank=True)
    workshop_works = models.DecimalField(_("creative workshop: works presented"), null=True, blank=True, **POINTS)
    workshop_variety = models.DecimalField(_("creative workshop: variety"), null=True, blank=True, **POINTS)
    workshop_photos = models.DecimalField(_("creative workshop: photos"), null=True, blank=True, **POINTS)
    scored_on = models.DateField(_("scored on"), null=True, blank=True)
    study = models.DecimalField(_("study"), default=Decimal("0"), **POINTS)
    olympiads = models.DecimalField(_("olympiads and contests"), default=Decimal("0"), **POINTS)
    sports = models.DecimalField(_("sports"), default=Decimal("0"), **POINTS)
    creative = models.DecimalField(_("creative work"), default=Decimal("0"), **POINTS)
    additional = models.DecimalField(_("additional education"), default=Decimal("0"), **POINTS)
    events = models.DecimalField(_("events and practices"), default=Decimal("0"), **POINTS)
    public_life = models.DecimalField(_("public life"), default=Decimal("0"), **POINTS)
    total = models.DecimalField(_("total"), default=Decimal("0"), **POINTS)

    class Meta:
        ordering = ["school_class", "half", "pupil"]
        verbose_name = _("half-year score")
        verbose_name_plural = _("half-year scores")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_class", "half"],
                name="portfolio_one_score_per_half_year",
                violation_error_message=_("The pupil is scored once per half-year (clause 7.8 of the Regulation)."),
            )
        ]

    def __str__(self):
        return f"{self.pupil.full_name} · {self.get_half_display()} {self.school_class.school_year_label}"

    @classmethod
    def initial_from(cls, record):
        """A score added from a pupil starts in the pupil's present class."""
        return {"school_class": record.school_class_id} if isinstance(record, Pupil) else {}

    def clean(self):
        super().clean()
        rules.check_half_year_score(self)

    def score_needs(self):
        """7.8, PF-R5: the half-year is scored once the pupil's achievements in it are decided."""
        waiting = rules.achievements_in(self).filter(AWAITING_CONFIRMATION).count()
        return [Need(rules.undecided_message(waiting), Achievement, "pupil")] if waiting else []

    @workflow_step(_("Score the half-year"), "scored_on", *(category.value for category in Category), "total")
    def score(self):
        """PF-R1: the points of the half-year per category, computed by the table and summed."""
        refuse_unless_met(self.score_needs())
        points = rules.half_year_points(self)
        for category in Category:
            setattr(self, category.value, points[category])
        self.total = sum(points.values(), Decimal("0"))
        self.scored_on = self.institution.today()
        self.save()


class ClassSummarySheet(InstitutionRecord):
    """The class summary sheet of a school year (7.8, Appendix 4, PF-R3): a row per pupil with
    the categories and the total of both half-years, approved by the director. Its approval
    approves the pupils' own summary sheets (Appendix 3) of the year with it."""

    reviewer_field = "school_class__class_teacher"

    retention = Retention(follows="school_class")
    school_class = models.OneToOneField(
        SchoolClass, on_delete=models.PROTECT, related_name="summary_sheet", verbose_name=_("class")
    )
    approved_on = models.DateField(_("approved by the director on"), null=True, blank=True)

    class Meta:
        ordering = ["school_class"]
        verbose_name = _("class summary sheet")
        verbose_name_plural = _("class summary sheets")

    def __str__(self):
        return str(self.school_class)

    def rows(self):
        """PF-R3: per pupil of the class, the categories and the total of the year; computed."""
        return rules.class_rows(self.school_class)

    def approval_needs(self):
        """7.8: the director approves a sheet whose pupils are scored in both half-years."""
        unscored = rules.pupils_not_scored(self.school_class)
        return [Need(rules.unscored_message(unscored), HalfYearScore, "pupil")] if unscored else []

    @workflow_step(_("Approve"), "approved_on")
    def approve(self):
        refuse_unless_met(self.approval_needs())
        self.approved_on = self.institution.today()
        self.save()


class AnnualRating(InstitutionRecord):
    """The annual rating of a school year (7.7, PF-R4): the highest totals in each class and in
    the school. 3.3.3: it shows no names unless the school chooses to publish them."""

    retention = Retention(ends="school_year")
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year it starts: 2026 for 2026/2027.")
    )
    names_published = models.BooleanField(
        _("published with the pupils' names"),
        default=False,
        help_text=_("Only if the school chooses to (clause 3.3.3): otherwise the rating shows no names."),
    )

    class Meta:
        ordering = ["-school_year"]
        verbose_name = _("annual rating")
        verbose_name_plural = _("annual ratings")
        constraints = [
            models.UniqueConstraint(fields=["institution", "school_year"], name="portfolio_rating_unique_year")
        ]

    def __str__(self):
        return school_year_label(self.school_year, "/")

    def in_school(self):
        """PF-R4: the pupils of the school with the year's highest total (ties share the place)."""
        return rules.rating(self, rules.year_totals(self.institution, self.school_year))

    def by_class(self):
        """PF-R4: each class of the year with its rating."""
        classes = SchoolClass.objects.filter(institution=self.institution, school_year=self.school_year)
        return [(school_class, self.in_class(school_class)) for school_class in classes.order_by("grade", "letter")]

    def in_class(self, school_class):
        """PF-R4: the pupils of ``school_class`` with the class's highest total."""
        return rules.rating(self, rules.year_totals(self.institution, self.school_year, school_class))
