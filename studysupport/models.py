"""Ghent study support (studieondersteuning): spec ``studysupport.md``, source ``seeds/000``."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import InstitutionRecord, workflow_step
from core.retention import Retention
from core.school_year import parse_school_year


class Initiative(InstitutionRecord):
    """An organisation whose volunteers give study support; recognised and subsidised by the city."""

    class Kind(models.TextChoices):
        HIGHER_EDUCATION = "higher_education", _("Higher-education programme")
        NON_PROFIT = "non_profit", _("Non-profit association (vzw)")
        DE_FACTO = "de_facto", _("De facto association")
        PUBLIC_BODY = "public_body", _("Public body")

    retention = Retention(
        kept="an organisation the city recognises, not a person's case",
        person=("coordinator_name", "coordinator_email", "coordinator_phone"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    coordinator_name = models.CharField(_("coordinator"), max_length=200)
    coordinator_email = models.EmailField(_("coordinator's e-mail"))
    coordinator_phone = models.CharField(_("coordinator's phone"), max_length=40, blank=True)
    coordinator_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_initiatives",
        verbose_name=_("coordinator's account"),
        help_text=_("The only account, besides superusers, that may read this initiative's signals."),
    )
    keeps_waiting_list = models.BooleanField(_("keeps a waiting list"), default=True)
    support_is_free = models.BooleanField(_("support is free of charge"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="studysupport_initiative_unique_code")
        ]

    def __str__(self):
        return self.name


# The series of the numbers the registration form gives; a pupil registered online keeps it as its code.
PUPIL_REFERENCE_SERIES = "SS"


class Pupil(InstitutionRecord):
    """A pupil registered for study support; only what a coordinator needs (data minimisation)."""

    class SchoolLevel(models.TextChoices):
        PRIMARY = "BaO", _("Primary (BaO)")
        SECONDARY = "SO", _("Secondary (SO)")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On a waiting list")
        SUPPORTED = "supported", _("Supported")
        CLOSED = "closed", _("Closed")

    # Flemish education: six grades of primary school, six of secondary plus a seventh year
    # (the specialisation year of vocational and technical secondary education).
    LAST_GRADE = {SchoolLevel.PRIMARY: 6, SchoolLevel.SECONDARY: 7}

    retention = Retention(ends=Q(status=Status.CLOSED), person=("first_name", "last_name"))
    external_code = models.CharField(_("external code"), max_length=40)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    school_level = models.CharField(_("school level"), max_length=3, choices=SchoolLevel.choices)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(max(LAST_GRADE.values()))]
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, null=True, blank=True, related_name="pupils", verbose_name=_("initiative")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        constraints = [
            models.UniqueConstraint(fields=["institution", "external_code"], name="studysupport_pupil_unique_code")
        ]
        # The list at a million rows (issue 15.6); its sort's covering index and the search's
        # trigram indexes are PostgreSQL's own (migration 0006).
        indexes = [
            models.Index(fields=["status"], name="studysupport_pupil_status"),
            models.Index(fields=["school_level"], name="studysupport_pupil_level"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.external_code})"

    def clean(self):
        """The grade exists at the pupil's school level (studysupport.md, Records: Pupil, "school
        level (BaO / SO) and grade"): the registration form, the admin and an import refuse grade 9."""
        super().clean()
        last = self.LAST_GRADE.get(self.school_level)
        if last and self.grade and self.grade > last:
            raise ValidationError(
                {
                    "grade": _("%(level)s has grades 1 to %(last)s.")
                    % {"level": self.SchoolLevel(self.school_level).label, "last": last}
                }
            )


class WaitingListEntry(InstitutionRecord):
    """A pupil waiting for support at an initiative (or at the city when no initiative is set)."""

    retention = Retention(ends="closed_on")
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="waiting_list_entries", verbose_name=_("pupil")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waiting_list_entries",
        verbose_name=_("initiative"),
        help_text=_("Empty: the city's own waiting list."),
    )
    since = models.DateField(_("on the list since"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["since", "pk"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        constraints = [
            # SS-R1: at most one open entry per pupil and initiative.
            models.UniqueConstraint(
                fields=["pupil", "initiative"],
                condition=Q(closed_on__isnull=True),
                name="studysupport_waitinglist_one_open_entry",
                violation_error_message=_("This pupil is already on this initiative's waiting list."),
            ),
            # SS-R1 on the city's own list: the constraint above cannot see it (NULLs are distinct).
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(closed_on__isnull=True, initiative__isnull=True),
                name="studysupport_waitinglist_one_open_city_entry",
                violation_error_message=_("This pupil is already on the city's waiting list."),
            ),
        ]

    def __str__(self):
        return f"{self.pupil} · {self.initiative or _('city')}"

    def clean(self):
        """SS-R5 ("not all initiatives keep a waiting list", seeds/000): an open entry only on the
        list of an initiative that keeps one, or on the city's."""
        super().clean()
        if self.is_open() and self.initiative_id and not self.initiative.keeps_waiting_list:
            raise ValidationError(
                {"initiative": _("%(initiative)s keeps no waiting list.") % {"initiative": self.initiative}}
            )

    def is_open(self):
        return self.closed_on is None

    def close(self):
        """The pupil leaves the list without support here (moved, support found elsewhere)."""
        self.closed_on = self.institution.today()
        self.save()


class Volunteer(InstitutionRecord):
    class Screening(models.TextChoices):
        PENDING = "pending", _("Awaiting screening")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    retention = Retention(ends="active_to", person=("first_name", "last_name", "email", "phone"))
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("initiative"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    screening_status = models.CharField(
        _("screening"), max_length=10, choices=Screening.choices, default=Screening.PENDING
    )
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    # Workflow steps (buttons in the admin's list; when each is open: WorkflowAction.when in admin.py)
    @workflow_step(_("Approve screening"), "screening_status", "screened_on")
    def approve_screening(self):
        """SS-R2: from now on this volunteer may give support."""
        self._record_screening(self.Screening.APPROVED)

    @workflow_step(_("Refuse screening"), "screening_status", "screened_on")
    def refuse_screening(self):
        self._record_screening(self.Screening.REJECTED)

    def _record_screening(self, outcome):
        self.screening_status = outcome
        self.screened_on = self.institution.today()
        self.full_clean()
        self.save()


class Support(InstitutionRecord):
    """A volunteer's support (begeleiding) of one pupil or a small group."""

    class Setting(models.TextChoices):
        HOME = "home", _("At home")
        ORGANISATION = "organisation", _("At the organisation")
        SCHOOL = "school", _("At school")

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one")
        SMALL_GROUP = "small_group", _("Small group")

    class Focus(models.TextChoices):
        LANGUAGE = "language", _("Language")
        LEARNING_TO_LEARN = "learning_to_learn", _("Learning to learn")
        EXECUTIVE_SKILLS = "executive_skills", _("Executive skills")
        E_INCLUSION = "e_inclusion", _("E-inclusion")
        TRANSBASO = "transbaso", _("Transbaso (primary to secondary)")

    retention = Retention(ends="end")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="supports", verbose_name=_("initiative")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="supports", verbose_name=_("volunteer")
    )
    pupils = models.ManyToManyField(Pupil, related_name="supports", verbose_name=_("pupils"))
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    focus = models.CharField(_("focus"), max_length=20, choices=Focus.choices)
    start = models.DateField(_("start"), default=timezone.localdate)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self):
        return f"{self.volunteer} · {self.get_focus_display()}"

    def clean(self):
        super().clean()
        # SS-R2: only a volunteer whose screening is approved may give support.
        if self.volunteer_id and self.volunteer.screening_status != Volunteer.Screening.APPROVED:
            raise ValidationError(
                {
                    "volunteer": _(
                        "This volunteer's screening is not approved yet "
                        "(Ghent's vision text on study support, section “Training and guidance”)."
                    )
                }
            )
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})

    def take_into_support(self, pupils):
        """Add pupils to this support; ``close_waiting_list_entries`` applies SS-R1 on every path
        (this method, the admin's form, an import), because it listens to the relation itself."""
        self.pupils.add(*pupils)


def close_waiting_list_entries(sender, instance, action, pk_set, **kwargs):
    """SS-R1: taking a pupil into support closes their open entry on the initiative's list."""
    if action != "post_add" or not pk_set:
        return
    # Saved one by one, not with update(): each change keeps its history row (P-H1).
    open_entries = WaitingListEntry.objects.filter(
        pupil__in=pk_set, initiative=instance.initiative, closed_on__isnull=True
    )
    for entry in open_entries:
        entry.closed_on = instance.start
        entry.save(update_fields=["closed_on"])
    for pupil in Pupil.objects.filter(pk__in=pk_set).exclude(status=Pupil.Status.SUPPORTED):
        pupil.status = Pupil.Status.SUPPORTED
        pupil.save(update_fields=["status"])


models.signals.m2m_changed.connect(close_waiting_list_entries, sender=Support.pupils.through)


class Signal(InstitutionRecord):
    """A (poverty) signal a volunteer picked up in a family (pillar 4, signalling)."""

    class FollowUp(models.TextChoices):
        OPEN = "open", _("Open")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    retention = Retention(ends=Q(follow_up__in=[FollowUp.REFERRED, FollowUp.CLOSED]))
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="signals", verbose_name=_("initiative")
    )
    reported_by = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="signals", verbose_name=_("reported by")
    )
    kind = models.CharField(_("kind"), max_length=100)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    referred_to = models.CharField(_("welfare partner referred to"), max_length=200, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=10, choices=FollowUp.choices, default=FollowUp.OPEN)

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self):
        return f"{self.kind} ({self.reported_on:%d.%m.%Y})"

    @classmethod
    def visible_to(cls, user):
        """Signals are sensitive: only the initiative's coordinator (and superusers) read them."""
        if user.is_superuser:
            return Q()
        return super().visible_to(user) & Q(initiative__coordinator_user=user)

    @workflow_step(_("Referred"), "follow_up")
    def refer(self):
        """Pillar 4: a signal is handed to a welfare partner, who must be named."""
        if not self.referred_to:
            raise ValidationError(_("Name the welfare partner the signal is referred to first."))
        self.follow_up = self.FollowUp.REFERRED
        self.save()

    @workflow_step(_("Close"), "follow_up")
    def close(self):
        self.follow_up = self.FollowUp.CLOSED
        self.save()


class TrainingSession(InstitutionRecord):
    """Training or intervision for volunteers, at the start, during and after their support."""

    retention = Retention(ends="date")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("initiative"),
        help_text=_("Empty: organised by the city for every initiative."),
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    attendees = models.ManyToManyField(
        Volunteer, blank=True, related_name="training_sessions", verbose_name=_("attendees")
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("training or intervision session")
        verbose_name_plural = _("training and intervision sessions")

    def __str__(self):
        return f"{self.topic} ({self.date:%d.%m.%Y})"


class SubsidyApplication(InstitutionRecord):
    """An initiative's application for recognition and subsidy (objective DS1)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    retention = Retention(kept="an initiative's subsidy file: an organisation's, with no personal data")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="subsidy_applications", verbose_name=_("initiative")
    )
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("For example 2026-2027."))
    # A request for nothing is no application: the public form's minimum, on every path.
    requested_amount = models.DecimalField(
        _("requested amount (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    declares_support_free = models.BooleanField(_("the support is free for pupils"))
    declares_ghent_pupils = models.BooleanField(_("the pupils are Ghent pupils"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["-school_year", "initiative__name"]
        verbose_name = _("recognition and subsidy application")
        verbose_name_plural = _("recognition and subsidy applications")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "school_year"], name="studysupport_subsidy_one_per_school_year"
            )
        ]

    def __str__(self):
        return f"{self.initiative} · {self.school_year}"

    def clean(self):
        super().clean()
        # SS-R3: only initiatives whose support is free may be recognised and subsidised.
        if self.initiative_id and not (self.initiative.support_is_free and self.declares_support_free):
            raise ValidationError(
                _(
                    "Only initiatives that give study support free of charge can apply "
                    "(Ghent's vision text on study support, objective DS1)."
                )
            )
        # SS-R3 as the vision text words objective DS1: free support "aan Gentse leerlingen";
        # the spec leaves the Ghent pupils out, the document wins.
        if not self.declares_ghent_pupils:
            raise ValidationError(
                {
                    "declares_ghent_pupils": _(
                        "Only initiatives that support Ghent pupils can apply "
                        "(Ghent's vision text on study support, objective DS1)."
                    )
                }
            )
        if parse_school_year(self.school_year) is None:
            raise ValidationError({"school_year": _("Write the school year as 2026-2027.")})

    @workflow_step(_("Accept"), "status")
    def accept(self):
        """Recognised and subsidised; SS-R3 is checked again against the initiative as it is now."""
        self.status = self.Status.ACCEPTED
        self.full_clean()
        self.save()

    @workflow_step(_("Reject"), "status")
    def reject(self):
        self.status = self.Status.REJECTED
        self.save()
