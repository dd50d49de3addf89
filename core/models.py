import functools
import re
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from core.domains import domain_for, domains
from core.scoping import InstitutionScopedQuerySet, institutions_for, is_reviewer_only
from core.storage import PrivateFiles, private_files


def validate_domains(labels):
    """An institution's domains: a list of the app labels of registered domains (core.domains)."""
    known = {domain.app_label for domain in domains()}
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise ValidationError(_("List the domains by their app labels."))
    if unknown := sorted(set(labels) - known):
        raise ValidationError(
            _("No such domain: %(unknown)s. The domains are: %(known)s."),
            params={"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))},
        )


@functools.cache
def time_zone_names():
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(name):
    if name not in time_zone_names():
        raise ValidationError(
            _("%(name)s is not a time zone: give its IANA name, such as Europe/Brussels or Asia/Yekaterinburg."),
            code="invalid_time_zone",
            params={"name": name},
        )


def default_time_zone():
    return settings.TIME_ZONE


def default_retention_years():
    return settings.RETENTION_YEARS


class InstitutionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Institution(models.Model):
    """A school, college, university or city whose regulations the portal publishes.

    Every structured record belongs to one; its ``code`` is the natural key used in
    imports, exports and URLs, never the database id (P-X3).
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 code, e.g. BE, RU, UA; it sets the public holidays.")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    website = models.URLField(_("website"), blank=True)
    domains = models.JSONField(
        _("domains"),
        default=list,
        blank=True,
        validators=[validate_domains],
        help_text=_("The regulation domains the institution runs: only their records, lists and forms are its."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The IANA name, e.g. Europe/Brussels: its times are shown and its deadlines counted in it."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("years records are kept"),
        default=default_retention_years,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many years after its case ends a record and its history are kept, where no regulation "
            "sets the period (home control works: one year); then the daily purge deletes them."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="institutions", verbose_name=_("members")
    )
    history = HistoricalRecords()

    objects = InstitutionManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.short_name or self.name

    def natural_key(self):
        return (self.code,)

    def runs(self, app_label):
        """Whether the institution runs the domain of that app label (its records, lists and forms)."""
        return app_label in self.domains

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self):
        """The date at the institution now: what a record's "today" and its deadlines count from."""
        return timezone.localdate(timezone=self.zone)

    @contextmanager
    def localised(self):
        """The institution's language and time zone for what is rendered inside: its e-mails and
        printed documents, whoever or whatever process renders them."""
        with translation.override(self.language), timezone.override(self.zone):
            yield


def local_date(institution=None):
    """Today at ``institution``, or in the portal's time zone (settings.TIME_ZONE) without one."""
    return institution.today() if institution is not None else timezone.localdate()


class Membership(models.Model):
    """A user's membership of an institution: the scope of the records they may see (P-A2)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("institution")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        permissions = [("view_audit_log", _("Can view the audit log of their institutions"))]
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="core_membership_unique_user_institution")
        ]

    def __str__(self):
        return f"{self.user} · {self.institution}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            take_institution_language(self.user, self.institution)


def take_institution_language(user, institution):
    """A new account works in its institution's language (P-C3; Ghent: Dutch) until the user
    picks another on their account page: an admin language already set is kept."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = institution.language
        profile.save(update_fields=["preferred_language"])


class InstitutionRecord(models.Model):
    """Base of every structured record: it belongs to one institution (P-A2) and keeps
    a history of every change, with who and why (P-H1)."""

    # Out of Wagtail's reference index on purpose (issue 15.8). The index answers "where is this
    # page, image, document or snippet used"; a record refers only to its institution and other
    # records, never to those, and its deletion is guarded by the database's PROTECT and the records
    # admin's own list of linked records, not by the index. Indexed, every stock save wrote index
    # rows nobody reads (38 % of a stock import) and the portal's bulk writes left them stale.
    wagtail_reference_index_ignore = True

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("institution"),
    )
    history = HistoricalRecords(inherit=True)

    objects = InstitutionScopedQuerySet.as_manager()

    # A reviewer sees only the records this path names them in (say "case__responsible").
    reviewer_field = None
    # How long the record is kept after its case ends and which fields are a person's (P-O3): a
    # core.retention.Retention each record model declares (a registry test checks that it does).
    retention = None
    # The workflow fields the step now running on this record may set (see ``workflow_step``).
    _in_step = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Refuses a workflow field set outside its step on every path that saves (an edit, a
        revert, code). Bulk writes and ``QuerySet.update`` lie beneath the model: the import
        reports the same refusal per row from ``full_clean`` before it writes."""
        errors = self.workflow_errors(kwargs.get("update_fields"))
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)
        self.keep_workflow_state()

    def advisories(self):
        """What a rule that holds "as a rule" («как правило») says about the saved record: the
        admin shows each as a warning after saving, as the regulation allows the exception."""
        return []

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record.keep_workflow_state()
        return record

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using, fields, from_queryset)
        self.keep_workflow_state(fields)

    def keep_workflow_state(self, names=None):
        """Remember the workflow fields as stored, as loaded or saved: a query-free comparison later."""
        loaded = self.__dict__
        kept = [name for name in workflow_fields(type(self)) if name in loaded and (names is None or name in names)]
        if kept:
            loaded.setdefault("_stored_workflow", {}).update((name, loaded[name]) for name in kept)

    def workflow_errors(self, names=None):
        """{field: [message]} for each workflow field (of ``names``) set outside its step: a new
        record with another value than the field's default, a stored one with another value
        than it has in the database."""
        steps = workflow_fields(type(self))
        checked = [name for name in steps if name not in self._in_step and (names is None or name in names)]
        if not checked:
            return {}
        before = {name: self._meta.get_field(name).get_default() for name in checked}
        if not self._state.adding:
            stored = self.__dict__.get("_stored_workflow", {})
            if missing := [name for name in checked if name not in stored]:
                # A record not loaded as such (say, a history version being restored): ask once.
                stored = {**stored, **(type(self)._base_manager.filter(pk=self.pk).values(*missing).first() or {})}
            before.update((name, stored[name]) for name in checked if name in stored)
        return {
            name: [workflow_field_message(self._meta.get_field(name), steps[name])]
            for name in checked
            if getattr(self, name) != before[name]
        }

    @classmethod
    def initial_from(cls, record):
        """What a new record created from ``record`` (the case a contract is concluded for) takes
        over from it, {field: value}; the admin's add form opened from ``record`` starts there."""
        return {}

    @classmethod
    def visible_to(cls, user):
        """P-A2: the rows ``user`` may see, as a condition on the model's fields.

        History rows keep the same field names, so the one condition scopes the list, every
        view of a record and the audit log alike. A model with a narrower rule (say, only a
        coordinator reads signals) extends this method.
        """
        if user.is_superuser:
            return Q()
        visible = Q(institution__in=institutions_for(user))
        if is_reviewer_only(user):
            visible &= Q(**{cls.reviewer_field: user}) if cls.reviewer_field else Q(pk__in=[])
        return visible

    def clean_fields(self, exclude=None):
        """Every field's own checks, then P-A2 for every link: a record this one refers to
        belongs to the same institution (checked here once, for every domain).

        Links are checked whatever ``exclude`` says: an import excludes the links its widgets
        already found, and those must match too. The related records are in memory by then,
        so the check costs no query."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in linked_record_fields(type(self)):
            if field.name in errors:
                continue
            if getattr(self, field.attname) is not None and not self.shares_institution(getattr(self, field.name)):
                errors[field.name] = [OTHER_INSTITUTION]
        for name, messages in self.workflow_errors().items():
            errors.setdefault(name, messages)
        for field in text_fields(type(self)):
            if field.name not in errors and DIRECTION_OVERRIDES.search(getattr(self, field.attname) or ""):
                errors[field.name] = [DIRECTION_OVERRIDE_MESSAGE]
        if "institution" not in errors and (message := self.domain_error()):
            errors["institution"] = [message]
        if errors:
            raise ValidationError(errors)

    def domain_error(self):
        """Why the record cannot belong to its institution, or None: the institution must run the
        record's domain (issue 11.7). Here rather than in ``clean()``, which domains override."""
        if self.institution_id is None or self.institution.runs(self._meta.app_label):
            return None
        domain = domain_for(self._meta.app_label)
        return _("%(institution)s does not run %(domain)s, so it cannot hold this record.") % {
            "institution": self.institution,
            "domain": domain.label if domain else self._meta.app_config.verbose_name,
        }

    def shares_institution(self, record):
        return self.institution_id is None or record.institution_id == self.institution_id


class NumberedRecord(InstitutionRecord):
    """A record the portal numbers (P-F2: ``HS-2026-00042``), on a form, an import or in code.

    The number is taken from the shared counter inside the transaction that stores the record, so
    it is unique and a refused save gives it back; inside ``core.references.numbered_last`` (a
    form's submission, an import) it is taken at the transaction's end instead. A subclass
    declares its ``reference`` field, ``reference_series`` and ``reference_date_field``, the date
    whose year the number carries (the institution's today when it is empty)."""

    reference_series = ""
    reference_date_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            self.take_reference()
            return super().save(*args, **kwargs)

    def take_reference(self):
        from core.references import reference_for  # core.references reads this module's counter

        on = getattr(self, self.reference_date_field) or self.institution.today()
        self.reference = reference_for(self.reference_series, on.year)


OTHER_INSTITUTION = _("This record belongs to another institution.")
# Invisible characters that turn the text after them around ("Anna\u202eexe.pdf" reads as
# "Annafdp.exe"): a name with one could pass for another (issue 16.7). Marks that only say which
# way a word runs (U+200E, U+200F) belong to real right-to-left names and stay.
DIRECTION_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
DIRECTION_OVERRIDE_MESSAGE = _(
    "The text holds an invisible character that turns the text around it, so it could pass for another: type it again."
)


@dataclass(frozen=True)
class Need:
    """What a workflow step still lacks, as the model states it: a sentence naming the clause, and
    where the lack is a record to create, its model and the field that names this record there (the
    admin links to that record's add form, started from this one)."""

    message: str
    create: type | None = None
    field: str = ""
    # The lack in a few words ("decision date"): the records list shows "missing: …" beside the
    # step's button, whose tooltip keeps the message. Empty: the list shows the message.
    short: str = ""


def refuse_unless_met(needs):
    """A step's own check: refuse with every lack at once, as the button said before the click."""
    if needs:
        raise ValidationError([need.message for need in needs])


def workflow_step(label, *fields):
    """Mark a record's method as the workflow step ``label``, the one way ``fields`` change.

    The method runs the step's checks, sets the fields and saves; while it runs, the record
    lets it set them. Anywhere else (an edit, an import, a revert, other code) a record refuses
    a new value of a workflow field: created with another value than the default, or changed
    from the stored one. ``workflow_fields`` reads the steps off the model."""

    def mark(method):
        @functools.wraps(method)
        def step(record, *args, **kwargs):
            outer = record._in_step
            record._in_step = outer | set(fields)
            try:
                return method(record, *args, **kwargs)
            finally:
                record._in_step = outer

        step.workflow_step = (label, fields)
        return step

    return mark


@functools.cache
def workflow_fields(model):
    """{field name: labels of the steps that set it} for ``model``'s ``workflow_step`` methods."""
    attributes = {}
    for klass in reversed(model.__mro__):
        attributes.update(vars(klass))
    fields = {}
    steps = (value.workflow_step for value in attributes.values() if hasattr(value, "workflow_step"))
    for label, names in steps:
        for name in names:
            fields.setdefault(name, []).append(label)
    return fields


def workflow_field_message(field, steps):
    labels = ", ".join(f"“{label}”" for label in steps)
    return ngettext(
        "%(field)s is set only by the workflow step %(steps)s, not by an edit or an import.",
        "%(field)s is set only by the workflow steps %(steps)s, not by an edit or an import.",
        len(steps),
    ) % {"field": capfirst(field.verbose_name), "steps": labels}


@functools.cache
def linked_record_fields(model):
    """The foreign keys from ``model`` to other institution records (read once per model: every
    imported row asks)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and issubclass(field.related_model, InstitutionRecord)
    ]


@functools.cache
def linked_record_sets(model):
    """The many-to-many fields from ``model`` to other institution records."""
    return [field for field in model._meta.local_many_to_many if issubclass(field.related_model, InstitutionRecord)]


def refuse_links_across_institutions(sender, instance, action, model, pk_set, **kwargs):
    """P-A2 for many-to-many links, on every path that adds them (a form, an import, code):
    adding a record of another institution raises ValidationError before anything is written.
    Either side may add (``support.pupils.add`` or ``pupil.supports.add``): ``model`` is the other."""
    if action != "pre_add" or not pk_set:
        return
    others = model._base_manager.filter(pk__in=pk_set).exclude(institution_id=instance.institution_id)
    if others.exists():
        raise ValidationError(OTHER_INSTITUTION)


def private_storage():
    """The storage of a private file field, ``storages["private"]`` (core.storage); a callable, so
    that migrations name it instead of a path or a bucket."""
    return private_files


@functools.cache
def text_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.CharField | models.TextField)]


@functools.cache
def private_file_fields(model):
    """A record's documents: its file fields in private storage, which core.private_files serves,
    replaces and deletes. Only institution records have them, so every download is scoped (P-A2)."""
    if not issubclass(model, InstitutionRecord):
        return []
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and isinstance(field.storage, PrivateFiles)
    ]


class ImportBatch(models.Model):
    """One uploaded file on its way from preview to confirmed import (P-X4); kept as the audit trail."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        PREVIEW = "preview", _("Previewed")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Failed")

    model_label = models.CharField(_("records"), max_length=100)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("institution for rows without one")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    # Set by the background job when it starts (it then holds the batch's lease, core.leases):
    # a running batch that has started and whose lease nobody holds lost its worker.
    started_at = models.DateTimeField(_("job started at"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict)
    error = models.TextField(_("error"), blank=True)
    # When its last job (the check, the import) ended: the file goes IMPORT_FILES_KEPT_DAYS later (P-O3).
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"{self.original_name} ({self.created_at:%Y-%m-%d %H:%M})"


class ExportJob(models.Model):
    """An export too large to stream within a request (issue 15.5): a background job writes the
    whole file, then stores it, so its download exists only once the last row is written."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    model_label = models.CharField(_("records"), max_length=100)
    file_format = models.CharField(_("format"), max_length=10)
    # The list's filters, search and ordering as its address gave them: the job asks the list again.
    query = models.TextField(_("list query"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    started_at = models.DateTimeField(_("job started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", storage=private_storage, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    # The institutions whose records the file holds: only a user who may still see them all downloads it.
    institutions = models.JSONField(_("institutions"), default=list)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class DataRemoval(models.Model):
    """That personal data left the portal (P-O3): a purge of what expired, or one person's data
    erased on request. Counts only, never what was removed."""

    class Kind(models.TextChoices):
        PURGE = "purge", _("Purge of expired records")
        ERASURE = "erasure", _("Erasure on a person's request")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("institution")
    )
    counts = models.JSONField(_("counts"), default=dict)  # {institution code: {model label: count}}

    class Meta:
        ordering = ["-done_at"]
        verbose_name = _("data removal")
        verbose_name_plural = _("data removals")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.done_at:%Y-%m-%d %H:%M})"


class ReferenceCounter(models.Model):
    """The last reference number handed out per series and year (P-F2).

    One row per series and year, locked while a number is taken, so numbers are unique
    and gap-free across processes: see ``core.references.next_reference``.
    """

    series = models.CharField(_("series"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="core_referencecounter_unique_series")]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last_number}"
