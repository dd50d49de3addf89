"""Ghent study support (studieondersteuning): spec ``studysupport.md``, source ``seeds/000``."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import InstitutionRecord


class Initiative(InstitutionRecord):
    """An organisation whose volunteers give study support; recognised and subsidised by the city."""

    class Kind(models.TextChoices):
        HIGHER_EDUCATION = "higher_education", _("Higher-education programme")
        NON_PROFIT = "non_profit", _("Non-profit association (vzw)")
        DE_FACTO = "de_facto", _("De facto association")
        PUBLIC_BODY = "public_body", _("Public body")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    coordinator_name = models.CharField(_("coordinator"), max_length=200)
    coordinator_email = models.EmailField(_("coordinator's e-mail"))
    coordinator_phone = models.CharField(_("coordinator's phone"), max_length=40, blank=True)
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

    external_code = models.CharField(_("external code"), max_length=40)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    school_level = models.CharField(_("school level"), max_length=3, choices=SchoolLevel.choices)
    grade = models.PositiveSmallIntegerField(_("grade"))
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

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.external_code})"

    def clean(self):
        super().clean()
        if self.initiative_id and self.initiative.institution_id != self.institution_id:
            raise ValidationError({"initiative": _("The initiative belongs to another institution.")})


class WaitingListEntry(InstitutionRecord):
    """A pupil waiting for support at an initiative (or at the city when no initiative is set)."""

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
                violation_error_message=_("This pupil is already on this initiative's waiting list (rule SS-R1)."),
            )
        ]

    def __str__(self):
        return f"{self.pupil} · {self.initiative or _('city')}"

    def clean(self):
        super().clean()
        if self.pupil_id and self.pupil.institution_id != self.institution_id:
            raise ValidationError({"pupil": _("The pupil belongs to another institution.")})
