"""The parent's application for home schooling (seeds/002, Appendix 1; rule HS-R1).

Every field of the appendix, the medical conclusion and (for an adapted programme) the ПМПК
conclusion as scans kept in the case's own file fields. The parent's passport data is not
asked: staff enter it in the contract (homeschool.md, "Records").
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_app.forms import DomainModelForm, UploadField
from homeschool import rules
from homeschool.models import REFERENCE_SERIES, HomeSchoolingCase, Programme


def date_field(label, **kwargs):
    # An ISO value, so the browser's date picker shows a date sent back with an error again.
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


class HomeSchoolingApplicationForm(DomainModelForm):
    """A parent applies to the director → a HomeSchoolingCase awaiting its documents' check."""

    label = _("Home schooling: parent's application")
    reference_series = REFERENCE_SERIES
    # In the order of the appendix: who applies, for whom, on which conclusions, for which period.
    fieldsets = (
        (_("Applicant"), ["applicant_name", "applicant_address", "applicant_phone", "applicant_email"]),
        (_("Child"), ["child_name", "child_birth_year", "class_name", "programme"]),
        (_("ПМПК conclusion (if there is one)"), ["pmpk_conclusion_date", "pmpk_conclusion_number", "pmpk_document"]),
        (
            _("Medical conclusion and period of home schooling"),
            [
                "medical_conclusion",
                "medical_organisation",
                "medical_organisation_address",
                "medical_document",
                "period_start",
                "period_end",
            ],
        ),
    )

    programme = forms.ChoiceField(
        label=_("Home schooling under the programme"), choices=Programme.choices, widget=forms.RadioSelect
    )
    pmpk_conclusion_date = date_field(_("Date of the ПМПК conclusion"), required=False)
    period_start = date_field(_("Home schooling from"))
    period_end = date_field(_("Home schooling until"))
    medical_document = UploadField(
        label=_("Medical conclusion (scan or photo)"),
        help_text=_("PDF, JPEG or PNG of the conclusion with the recommended period of home schooling."),
        error_messages={"required": _("Attach the medical conclusion (clause 2.2 of the regulation).")},  # HS-R1
    )
    pmpk_document = UploadField(
        label=_("ПМПК conclusion (scan or photo)"),
        required=False,
        help_text=_("Required for an adapted programme. PDF, JPEG or PNG."),
    )
    acknowledged = forms.BooleanField(
        label=_(
            "I have read the regulations on home schooling, the individual curriculum and the individual "
            "schedule, and undertake to provide the conditions for lessons: a workplace, and an adult family "
            "member present during the lessons according to the schedule."
        ),
        error_messages={"required": _("Confirm that you have read the regulations and will provide the conditions.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that the school processes these data and documents to organise home schooling."),
        error_messages={"required": _("Without your consent we cannot accept the form.")},
    )

    class Meta:
        model = HomeSchoolingCase
        fields = [
            "applicant_name",
            "applicant_address",
            "applicant_phone",
            "applicant_email",
            "child_name",
            "child_birth_year",
            "class_name",
            "programme",
            "pmpk_conclusion_date",
            "pmpk_conclusion_number",
            "medical_conclusion",
            "medical_organisation",
            "medical_organisation_address",
            "period_start",
            "period_end",
            "medical_document",
            "pmpk_document",
            "acknowledged",
        ]
        labels = {
            "applicant_name": _("Your full name"),
            "applicant_address": _("Your address"),
            "applicant_phone": _("Your phone number"),
            "applicant_email": _("Your e-mail address"),
            "child_name": _("Child's full name"),
            "pmpk_conclusion_number": _("Details of the ПМПК conclusion"),
            "medical_conclusion": _("Details of the medical conclusion"),
            "medical_organisation": _("Name of the medical organisation"),
            "medical_organisation_address": _("Address of the medical organisation"),
        }
        help_texts = {"class_name": _("The class the child is enrolled in, for example 5 Б.")}

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        # The appendix asks the ПМПК conclusion "при наличии" and the e-mail for the confirmation.
        self.fields["applicant_email"].required = True
        self.fields["pmpk_conclusion_number"].required = False
        # The browser's hint; the rule itself is the model's (rules.check_child).
        years = rules.birth_years(timezone.localdate().year)
        self.fields["child_birth_year"].widget.attrs.update(dict(zip(("min", "max"), years, strict=True)))
        self.order_fields([name for _legend, names in self.fieldsets for name in names])

    def clean(self):
        data = super().clean()
        try:
            rules.check_pmpk_document(data.get("programme"), data.get("pmpk_document"))
        except ValidationError as error:
            self.add_model_errors(error)
        return data

    def _post_clean(self):
        # The level of education follows from the class (Appendix 1 does not ask it); set before
        # the model's rules (HS-R1, the class's number) run in ModelForm's validation.
        self.instance.education_level = rules.education_level_of_class(self.cleaned_data.get("class_name", ""))
        super()._post_clean()

    def applicant(self):
        data = self.cleaned_data
        return {
            "name": data["applicant_name"],
            "email": data["applicant_email"],
            "phone": data["applicant_phone"],
            "role": "",
        }

    def save_records(self, reference):
        # The parent is given the case's own reference number (P-F2), one counter for both.
        self.instance.reference = reference
        return self.save_record(self.instance)
