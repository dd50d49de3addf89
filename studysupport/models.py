"""Ghent study support (studieondersteuning): spec ``studysupport.md``, source ``seeds/000``."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import InstitutionRecord, Need, refuse_unless_met, workflow_step
from core.retention import Retention
from core.school_year import parse_school_year, school_year_label, school_year_of
from core.scoping import InstitutionScopedQuerySet


def coordinator_scope(user, initiative_path):
    """SS-R8 («minimaliseer per initiatief»): an account named as an initiative's coordinator sees only
    the records of the initiatives it coordinates; the city's staff (who coordinate none) see all of
    their institution's. ``initiative_path`` leads from the model to its initiative (history rows keep
    the same names, so the audit log is scoped alike); empty for the initiative itself."""
    if user.is_superuser:
        return Q()
    coordinates = Initiative._base_manager.filter(coordinator_user=user)
    own = f"{initiative_path}__coordinator_user" if initiative_path else "coordinator_user"
    return Q(**{own: user}) | ~Exists(coordinates)


class CoordinatorScoped:
    """A study-support record an initiative's coordinator sees only for their own initiatives (SS-R8),
    reached from the record by ``initiative_path``."""

    initiative_path = "initiative"

    @classmethod
    def visible_to(cls, user):
        return super().visible_to(user) & coordinator_scope(user, cls.initiative_path)


class District(InstitutionRecord):
    """A district (wijk) of the city, from the city's own list (studysupport.md, Records: District):
    editable data, not typed per record; a pupil lives in one, an initiative serves several."""

    retention = Retention(kept="the city's list of districts, no personal data")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="studysupport_district_unique_name")
        ]

    def __str__(self):
        return self.name


class InitiativeQuerySet(InstitutionScopedQuerySet):
    def recognised_in(self, start_year):
        """SS-R4: the initiatives an accepted decision recognises for the school year starting in ``start_year``."""
        accepted = SubsidyApplication._base_manager.filter(
            initiative=OuterRef("pk"),
            school_year=school_year_label(start_year),
            status=SubsidyApplication.Status.ACCEPTED,
        )
        return self.filter(Exists(accepted))

    def recognised_now(self, institution):
        """SS-R4: recognised for the institution's current school year (what public forms offer, figures count)."""
        return self.filter(institution=institution).recognised_in(school_year_of(institution.today()))


class Initiative(CoordinatorScoped, InstitutionRecord):
    """An organisation whose volunteers give study support; recognised and subsidised by the city."""

    initiative_path = ""

    class Kind(models.TextChoices):
        HIGHER_EDUCATION = "higher_education", _("Higher-education programme")
        NON_PROFIT = "non_profit", _("Non-profit association (vzw)")
        DE_FACTO = "de_facto", _("De facto association")
        PUBLIC_BODY = "public_body", _("Public body")
        # The vision text's list of kinds ends with «…»: it is open.
        OTHER = "other", _("Other (describe)")

    retention = Retention(
        kept="an organisation the city recognises, not a person's case",
        person=("coordinator_name", "coordinator_email", "coordinator_phone"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    kind_description = models.CharField(
        _("kind (other)"), max_length=200, blank=True, help_text=_("What kind of organisation, when none of the above.")
    )
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
    districts = models.ManyToManyField(
        District, blank=True, related_name="initiatives", verbose_name=_("districts served")
    )
    support_is_free = models.BooleanField(_("support is free of charge"), default=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="studysupport_initiative_unique_code")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # The kinds of the vision text end with «…»: "other" is taken with what it is.
        if self.kind == self.Kind.OTHER and not self.kind_description.strip():
            raise ValidationError({"kind_description": _("Describe the kind of organisation.")})

    def recognition_in(self, start_year):
        """SS-R4: this initiative's standing for the school year starting in ``start_year``, in words."""
        application = self.subsidy_applications.filter(school_year=school_year_label(start_year)).first()
        if application is None:
            return _("Not recognised")
        return application.standing()

    def recognition_now(self):
        return self.recognition_in(school_year_of(self.institution.today()))

    recognition_now.short_description = _("recognition this school year")


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


# The series of the numbers the registration form gives; a pupil registered online keeps it as its code.
PUPIL_REFERENCE_SERIES = "SS"


class Pupil(CoordinatorScoped, InstitutionRecord):
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
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pupils",
        verbose_name=_("district"),
    )
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

    def notified_staff(self):
        """SS-R8: a registration for an initiative is mailed to its coordinator (forms_app's staff notice)."""
        return [self.initiative.coordinator_email] if self.initiative_id else []

    # SS-R5: the status moves by steps (registered → waiting list → supported → closed), never by an edit.
    @workflow_step(_("Put on the waiting list"), "status")
    def put_on_waiting_list(self):
        refuse_unless_met(self.waiting_list_needs())
        self.status = self.Status.WAITING
        self.save()

    def waiting_list_needs(self):
        """SS-R5: a pupil is "on a waiting list" only with an open entry on one."""
        if self.waiting_list_entries.filter(closed_on__isnull=True).exists():
            return []
        return [Need(_("The pupil is on no waiting list yet: add the entry first."), WaitingListEntry, "pupil")]

    @workflow_step(_("Take into support"), "status")
    def start_support(self, on):
        """SS-R5: supported, the pupil leaves every waiting list it is on, the city's included
        (saved one by one, not with update(): each closing keeps its history row, P-H1)."""
        for entry in self.waiting_list_entries.filter(closed_on__isnull=True):
            entry.closed_on = on
            entry.save(update_fields=["closed_on"])
        if self.status != self.Status.SUPPORTED:
            self.status = self.Status.SUPPORTED
            self.save(update_fields=["status"])

    @workflow_step(_("Close"), "status")
    def close(self):
        """The pupil's file ends (support over, moved away): no list keeps them waiting."""
        today = self.institution.today()
        for entry in self.waiting_list_entries.filter(closed_on__isnull=True):
            entry.closed_on = today
            entry.save(update_fields=["closed_on"])
        self.status = self.Status.CLOSED
        self.save()

    def intake_done(self):
        """SS-R6: whether the pupil's intake (screening) is done."""
        return self.intakes.filter(done_on__isnull=False).exists()


class Intake(CoordinatorScoped, InstitutionRecord):
    """The screening of a pupil (SS-R6: «screening van … vrijwilligers en leerlingen»): what the
    pupil asks for, for a good match with a volunteer."""

    initiative_path = "pupil__initiative"

    retention = Retention(follows="pupil")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="intakes", verbose_name=_("pupil"))
    date = models.DateField(_("date"), default=timezone.localdate)
    held_by = models.CharField(_("by whom"), max_length=200)
    requested_focus = models.CharField(_("requested focus"), max_length=20, choices=Focus.choices)
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self):
        return f"{self.pupil} · {self.date:%d.%m.%Y}"

    @workflow_step(_("Intake done"), "done_on")
    def mark_done(self):
        """SS-R6: from now on the pupil may be taken into support."""
        today = self.institution.today()
        if self.date > today:
            raise ValidationError(
                _("The intake is planned for %(date)s: it cannot be done before.") % {"date": f"{self.date:%d.%m.%Y}"}
            )
        self.done_on = today
        self.save()


class WaitingListEntry(CoordinatorScoped, InstitutionRecord):
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
        # SS-R5: the longest waiting on top.
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

    def days_waiting(self):
        """SS-R5: derived, never typed: days from ``since`` to the closing, or to today."""
        return ((self.closed_on or self.institution.today()) - self.since).days

    days_waiting.short_description = _("days waiting")
    days_waiting.admin_order_field = "since"

    def close(self):
        """The pupil leaves the list without support here (moved, support found elsewhere)."""
        self.closed_on = self.institution.today()
        self.save()


class Volunteer(CoordinatorScoped, InstitutionRecord):
    class Screening(models.TextChoices):
        PENDING = "pending", _("Awaiting screening")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    class RefusalReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity to take on volunteers")
        NOT_SUITABLE = "not_suitable", _("Not suitable")

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
    refusal_reason = models.CharField(
        _("reason for refusing"),
        max_length=20,
        choices=RefusalReason.choices,
        blank=True,
        help_text=_("Chosen before the screening is refused."),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def notified_staff(self):
        """SS-R8: a sign-up for an initiative is mailed to its coordinator (forms_app's staff notice)."""
        return [self.initiative.coordinator_email] if self.initiative_id else []

    def clean(self):
        super().clean()
        # SS-R6: an "approved" screening carries its date.
        if self.screening_status == self.Screening.APPROVED and not self.screened_on:
            raise ValidationError({"screened_on": _("An approved screening carries the date it was approved.")})
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The end lies before the start.")})

    # Workflow steps (buttons in the admin's list; when each is open: WorkflowAction.when in admin.py)
    @workflow_step(_("Approve screening"), "screening_status", "screened_on")
    def approve_screening(self):
        """SS-R2: from now on this volunteer may give support."""
        self._record_screening(self.Screening.APPROVED)

    @workflow_step(_("Refuse screening"), "screening_status", "screened_on")
    def refuse_screening(self):
        refuse_unless_met(self.refusal_needs())
        self._record_screening(self.Screening.REJECTED)

    def refusal_needs(self):
        """A refused volunteer is told why (studysupport.md, Records: Volunteer, "a refusal with its reason")."""
        return (
            [] if self.refusal_reason else [Need(_("Choose the reason for refusing in the volunteer's record first."))]
        )

    def _record_screening(self, outcome):
        self.screening_status = outcome
        self.screened_on = self.institution.today()
        self.full_clean()
        self.save()


class Support(CoordinatorScoped, InstitutionRecord):
    """A volunteer's support (begeleiding) of one pupil or a small group."""

    Setting, Format, Focus = Setting, Format, Focus

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
        # SS-R6, SS-R7 for the pupils a form or an import is about to give this support (its
        # ``pending_pupils``): refused here, before anything is saved, on every such path.
        if self.pending_pupils is not None and (errors := self.pupil_errors(self.pending_pupils)):
            raise ValidationError({"pupils": errors})

    # The pupils a form or an import will set once the support is saved (None: not known here;
    # the relation's own check, ``take_pupils_into_support``, then applies the rules).
    pending_pupils = None

    def take_into_support(self, pupils):
        """Add pupils to this support; ``take_pupils_into_support`` applies SS-R5..SS-R7 on every path
        (this method, the admin's form, an import), because it listens to the relation itself."""
        self.pupils.add(*pupils)

    def pupil_errors(self, pupils, whole=True):
        """Why these pupils cannot make up this support; ``whole`` when they are all of them (a form),
        not some added to those it has."""
        errors = []
        count = len(pupils) if whole else len(pupils) + (self.pupils.count() if self.pk else 0)
        # SS-R7: one-to-one means exactly one pupil, a small group two or more.
        if self.format == Format.ONE_TO_ONE and count > 1:
            errors.append(_("One-to-one support is for exactly one pupil, not %(count)s.") % {"count": count})
        if self.format == Format.SMALL_GROUP and count < 2:
            errors.append(_("A small group has two pupils or more."))
        # SS-R6: «screening van … vrijwilligers en leerlingen»: no support before the pupil's intake.
        unscreened = [str(pupil) for pupil in pupils if not pupil.intake_done()]
        if unscreened:
            errors.append(
                _("The intake of %(pupils)s is not done yet: support starts after the intake.")
                % {"pupils": ", ".join(unscreened)}
            )
        return errors


def take_pupils_into_support(sender, instance, action, pk_set, model, **kwargs):
    """SS-R6, SS-R7 refuse the pupils before they are added; once added, SS-R5 closes every
    open waiting-list entry of theirs and marks them supported."""
    if not pk_set or not isinstance(instance, Support):
        return
    pupils = list(Pupil._base_manager.filter(pk__in=pk_set))
    if action == "pre_add":
        if errors := instance.pupil_errors(pupils, whole=False):
            raise ValidationError({"pupils": errors})
    elif action == "post_add":
        for pupil in pupils:
            pupil.start_support(instance.start)


models.signals.m2m_changed.connect(take_pupils_into_support, sender=Support.pupils.through)


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
    # Pillar 4: the signal is about a family, named by its pupil at the coordinator's initiative.
    # Empty only on signals stored before the pupil was asked (the form and an import require it).
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, related_name="signals", verbose_name=_("pupil (family)")
    )
    kind = models.CharField(_("kind"), max_length=100)
    description = models.TextField(_("short description"), max_length=1000, blank=True)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    referred_to = models.CharField(_("welfare partner referred to"), max_length=200, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=10, choices=FollowUp.choices, default=FollowUp.OPEN)

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self):
        return f"{self.kind} ({self.reported_on:%d.%m.%Y})"

    def clean(self):
        """Pillar 4 (studysupport.md, Records: Signal): the family is a pupil of the initiative
        whose coordinator follows the signal up, and the volunteer who reported it works there."""
        super().clean()
        if self.pupil_id and self.initiative_id and self.pupil.initiative_id != self.initiative_id:
            raise ValidationError(
                {
                    "pupil": _("%(pupil)s is not a pupil of %(initiative)s.")
                    % {"pupil": self.pupil, "initiative": self.initiative}
                }
            )

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


class TrainingSession(CoordinatorScoped, InstitutionRecord):
    """Training or intervision for volunteers, at the start, during and after their support."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training (opleiding)")
        COACHING = "coaching", _("Coaching (begeleiding)")
        INTERVISION = "intervision", _("Intervision (intervisie)")

    class Phase(models.TextChoices):
        START = "start", _("At the start")
        DURING = "during", _("During the support")
        AFTER = "after", _("After the support")

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
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TRAINING)
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices, default=Phase.START)
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


class SubsidyApplication(CoordinatorScoped, InstitutionRecord):
    """An initiative's application for recognition and subsidy for one school year (objective DS1).

    SS-R4: an accepted decision recognises the initiative for that school year, and nothing else
    does. SS-R9: the decision is dated and motivated (Belgian law of 29 July 1991 on the explicit
    motivation of administrative acts), and printed as a Dutch letter."""

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
    # SS-R4: set by the public form only, cleared by the step "Verified"; never typed.
    to_verify = models.CharField(_("to verify"), max_length=300, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    awarded_amount = models.DecimalField(
        _("awarded amount (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    decision = models.TextField(
        _("motivation of the decision"),
        blank=True,
        help_text=_("Required for a refusal: the facts and the rules it rests on."),
    )

    class Meta:
        ordering = ["-school_year", "initiative__name"]
        verbose_name = _("recognition and subsidy application")
        verbose_name_plural = _("recognition and subsidy applications")
        constraints = [
            # SS-R4: one application per initiative and school year; one "to verify" does not block it.
            models.UniqueConstraint(
                fields=["initiative", "school_year"],
                condition=Q(to_verify=""),
                name="studysupport_subsidy_one_per_school_year",
                violation_error_message=_("This initiative has applied for this school year already."),
            )
        ]

    def __str__(self):
        return f"{self.initiative} · {self.school_year}"

    def clean(self):
        super().clean()
        if errors := self.decision_errors():
            raise ValidationError(errors)
        if self.status == self.Status.REJECTED:
            return  # SS-R3 failing is a reason to refuse, never a bar to refusing
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

    def decision_errors(self):
        """SS-R9 on every path (the steps, an edit, an import): an award is never above the request,
        an accepted decision carries its date and amount, a refusal its date and motivation."""
        errors = {}
        awarded, requested = self.awarded_amount, self.requested_amount
        if awarded is not None and requested is not None and awarded > requested:
            errors["awarded_amount"] = _(
                "The awarded amount (EUR %(awarded)s) is above the requested amount (EUR %(requested)s)."
            ) % {"awarded": formats.localize(awarded), "requested": formats.localize(requested)}
        if self.status != self.Status.SUBMITTED and not self.decided_on:
            errors["decided_on"] = _("A decision carries its date.")
        if self.status == self.Status.ACCEPTED and self.awarded_amount is None:
            errors.setdefault("awarded_amount", _("An accepted application carries the awarded amount."))
        if self.status == self.Status.REJECTED and not self.decision.strip():
            errors["decision"] = _(
                "A refusal is motivated in writing (law of 29 July 1991 on the explicit motivation of "
                "administrative acts)."
            )
        return errors

    def standing(self):
        """SS-R4: what this application makes of the initiative for its school year, in words."""
        if self.to_verify:
            return _("To verify")
        return {
            self.Status.SUBMITTED: _("Applied"),
            self.Status.ACCEPTED: _("Recognised"),
            self.Status.REJECTED: _("Not recognised"),
        }[self.status]

    standing.short_description = _("recognition")

    @property
    def applicant_email(self):
        """The decision is mailed to the initiative's coordinator (SS-R9), where no form's applicant is named."""
        return self.initiative.coordinator_email

    @property
    def applicant_name(self):
        return self.initiative.coordinator_name

    def notice_details(self):
        """What the coordinator's e-mail of the decision repeats from the record."""
        details = [(_("school year"), self.school_year), (_("decision date"), formats.localize(self.decided_on))]
        if self.status == self.Status.ACCEPTED:
            details += [
                (_("requested amount (EUR)"), formats.localize(self.requested_amount)),
                (_("awarded amount (EUR)"), formats.localize(self.awarded_amount)),
            ]
        if self.decision:
            details.append((_("motivation of the decision"), self.decision))
        return details

    @workflow_step(_("Verified"), "status")
    def verify(self):
        """SS-R4: staff confirmed with the coordinator that the initiative itself applied."""
        self.to_verify = ""
        self.full_clean()
        self.save()

    @workflow_step(_("Accept"), "status")
    def accept(self):
        """SS-R9 and SS-R4: dated, with the awarded amount, it recognises the initiative for the school
        year; SS-R3 is checked again against the initiative as it is now."""
        refuse_unless_met(self.accept_needs())
        self.status = self.Status.ACCEPTED
        self.full_clean()
        self.save()

    def accept_needs(self):
        needs = self._verification_needs() + self._date_needs()
        if self.awarded_amount is None:
            needs.append(
                Need(
                    _("Enter the awarded amount in the application first."),
                    short=pgettext_lazy("what a step lacks", "awarded amount"),
                )
            )
        return needs

    @workflow_step(_("Reject"), "status")
    def reject(self):
        """SS-R9: a refusal is dated and motivated in writing."""
        refuse_unless_met(self.reject_needs())
        self.status = self.Status.REJECTED
        self.full_clean()
        self.save()

    def reject_needs(self):
        needs = self._date_needs()
        if not self.decision.strip():
            needs.append(
                Need(
                    _(
                        "Write the motivation of the refusal in the application first (law of 29 July 1991 "
                        "on the explicit motivation of administrative acts)."
                    ),
                    short=_("motivation"),
                )
            )
        return needs

    def _date_needs(self):
        if self.decided_on:
            return []
        return [
            Need(
                _("Enter the decision date in the application first."),
                short=pgettext_lazy("what a step lacks", "decision date"),
            )
        ]

    def _verification_needs(self):
        if not self.to_verify:
            return []
        return [
            Need(
                _("Verify first that the initiative itself applied: %(why)s") % {"why": self.to_verify},
                short=_("verification"),
            )
        ]
