"""Form pages (P-F1..P-F7): editable pages around a domain's form, and ad-hoc forms (P-F6)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.template.response import SimpleTemplateResponse, TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.dates import PAGE_SETTINGS_PANELS
from core.models import private_storage
from forms_app import abuse, registry
from forms_app.uploads import stored_name


class FieldTextBlock(blocks.StructBlock):
    field = blocks.ChoiceBlock(label=_("Field"), choices=registry.field_choices)
    label = blocks.CharBlock(label=_("Label"), max_length=200, required=False)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)

    class Meta:
        icon = "help"
        label = _("Field text")


def validate_addresses(value):
    for address in split_addresses(value):
        validate_email(address)


def split_addresses(value):
    return [address.strip() for address in value.replace("\n", ",").split(",") if address.strip()]


class FormPageTexts(models.Model):
    """What every public form page tells the applicant besides the fields (P-F1, privacy)."""

    intro = models.TextField(_("introduction"), blank=True)
    # The rich text of the default editor (settings: WAGTAILADMIN_RICH_TEXT_EDITORS), as on every page.
    privacy_text = RichTextField(
        _("privacy statement"), help_text=_("Who processes the data, why, and how long they are kept.")
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    class Meta:
        abstract = True


class DomainFormPageForm(WagtailAdminPageForm):
    """Offers only the forms of the domains the page's institution runs (issue 11.7): the page's
    own institution, or for a new page the institution of the index page it is added under."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("form_key")
        institution = self.instance.institution if self.instance.institution_id else None
        if institution is None and self.parent_page is not None:
            institution = getattr(self.parent_page.specific, "institution", None)
        if field is not None and institution is not None:
            blank = [choice for choice in field.choices if not choice[0]]
            field.choices = blank + registry.form_choices(institution)


class DomainFormPage(RoutablePageMixin, FormPageTexts, Page):  # noqa: DJ008 (Page gives __str__)
    """A public form whose fields a domain declares and whose submission becomes its records.

    Editors choose the form and write everything around it: introduction, labels and help
    texts per field, privacy statement, thank-you text and who is notified.
    """

    form_key = models.CharField(_("form"), max_length=100, choices=registry.form_choices)
    institution = models.ForeignKey(
        "core.Institution",
        on_delete=models.PROTECT,
        related_name="form_pages",
        verbose_name=_("institution"),
        help_text=_("The institution whose records the submissions become."),
    )
    field_texts = StreamField(
        [("field", FieldTextBlock())],
        verbose_name=_("labels and help texts per field"),
        blank=True,
    )
    notification_addresses = models.TextField(
        _("notification addresses"),
        blank=True,
        validators=[validate_addresses],
        help_text=_("E-mail addresses, separated by commas, that receive every submission."),
    )

    settings_panels = PAGE_SETTINGS_PANELS
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("form_key"), FieldPanel("institution")]),
        FieldPanel("intro"),
        FieldPanel("field_texts"),
        FieldPanel("privacy_text"),
        FieldPanel("thank_you_text"),
        FieldPanel("notification_addresses"),
    ]

    base_form_class = DomainFormPageForm
    parent_page_types = ["cms.InstitutionIndexPage"]
    subpage_types = []
    template = "forms_app/domain_form_page.html"
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("application form page")

    def clean(self):
        super().clean()
        if self.form_key not in dict(registry.form_choices()):
            return
        if self.institution_id and not self.institution.runs(registry.domain_of(self.form_key)):
            raise ValidationError(
                {
                    "form_key": _("%(institution)s does not run the domain of this form.")
                    % {"institution": self.institution}
                }
            )
        known = set(self.get_form_class().base_fields)
        unknown = sorted({block.value["field"] for block in self.field_texts} - known)
        if unknown:
            raise ValidationError(
                {
                    "field_texts": _("Unknown field(s): %(unknown)s. The form's fields are: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))}
                }
            )

    def get_form_class(self):
        return registry.get_form_class(self.form_key)

    def get_form(self, data=None, files=None):
        form = self.get_form_class()(data, files, institution=self.institution)
        for block in self.field_texts:
            field = form.fields.get(block.value["field"])
            if field is not None:
                field.label = block.value["label"] or field.label
                field.help_text = block.value["help_text"] or field.help_text
        return form

    @path("")
    def form_view(self, request):
        return self.in_own_language(lambda: self.form_response(request))

    @path("confirmation/<uuid:token>/", name="confirmation")
    def confirmation_view(self, request, token):
        """The confirmation (P-F2): reachable only with the submission's one-time token."""
        submission = Submission.objects.filter(page=self, token=token).first()
        if submission is None:
            return redirect(self.url)
        return self.in_own_language(
            lambda: self.render(
                request, template="forms_app/confirmation.html", context_overrides={"submission": submission}
            )
        )

    def in_own_language(self, respond):
        """Validate and render in the form's language (P-F3), whatever the URL or the browser asked for,
        and in the institution's time zone: an application's date and reference year are its day."""
        with translation.override(self.locale.language_code), timezone.override(self.institution.zone):
            response = respond()
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            return response

    def form_response(self, request):
        if request.method != "POST":
            return self.render(request, context_overrides={"form": self.get_form()})
        if not abuse.allow_submission(request, self):
            return TemplateResponse(request, "forms_app/rate_limited.html", {"page": self}, status=429)
        form = self.get_form(request.POST, request.FILES)
        submission = form.submit(request, self) if form.is_valid() else None
        if submission is None:
            # The fields whose file the applicant attached: only those ask for it again.
            return self.render(request, context_overrides={"form": form, "files_dropped": list(request.FILES)})
        return redirect(self.url + self.reverse_subpage("confirmation", args=[submission.token]))


class Submission(models.Model):
    """One accepted submission: its reference number, the record it became and the applicant's contact."""

    token = models.UUIDField(_("submission token"), unique=True, editable=False)
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    page = models.ForeignKey(
        DomainFormPage, on_delete=models.SET_NULL, null=True, related_name="submissions", verbose_name=_("form page")
    )
    institution = models.ForeignKey(
        "core.Institution", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("institution")
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=40, blank=True)
    applicant_role = models.CharField(_("applies as"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self):
        return self.reference


class SubmissionFile(models.Model):
    """A document an applicant attached, stored outside the public web root (P-F4)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_name = models.CharField(_("field"), max_length=60)
    file = models.FileField(_("file"), upload_to=stored_name, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self):
        return self.original_name


class AdHocFormSubmission(AbstractFormSubmission):
    """Wagtail's form submission with the one-time token that makes a double submit one (P-F5)."""

    token = models.UUIDField(_("submission token"), unique=True, editable=False)


class AdHocFormField(AbstractFormField):
    page = ParentalKey("AdHocFormPage", on_delete=models.CASCADE, related_name="form_fields")


class AdHocFormPage(FormPageTexts, AbstractEmailForm):  # noqa: DJ008 (Page gives __str__)
    """A form communication staff build without code (P-F6); submissions stay in Wagtail's form data."""

    settings_panels = PAGE_SETTINGS_PANELS
    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("privacy_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]

    parent_page_types = ["cms.InstitutionIndexPage"]
    subpage_types = []
    template = "forms_app/ad_hoc_form_page.html"
    landing_page_template = "forms_app/ad_hoc_form_page_landing.html"

    class Meta:
        verbose_name = _("ad-hoc form page")

    def get_submissions_list_view_class(self):
        from forms_app.ad_hoc_views import SearchableSubmissionsListView  # an admin view: loaded after the models

        return SearchableSubmissionsListView

    def get_form_class(self):
        """The editors' fields plus what every public form has: a honeypot and a one-time token (P-F5)."""
        return type("AdHocForm", (super().get_form_class(),), abuse.protection_fields())

    def get_submission_class(self):
        return AdHocFormSubmission

    def process_form_submission(self, form):
        """One submission per one-time token, however often it is sent (P-F5); e-mailed once."""
        token = form.cleaned_data.pop("submission_token")
        form.cleaned_data.pop("website", None)
        try:
            with transaction.atomic():
                submission, created = AdHocFormSubmission.objects.get_or_create(
                    token=token, defaults={"page": self, "form_data": form.cleaned_data}
                )
        except IntegrityError:  # the same token stored by a parallel request a moment ago
            submission, created = AdHocFormSubmission.objects.get(token=token), False
        if created and self.to_address:
            self.send_mail(form)
        return submission

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and not abuse.allow_submission(request, self):
            return TemplateResponse(request, "forms_app/rate_limited.html", {"page": self}, status=429)
        return super().serve(request, *args, **kwargs)
