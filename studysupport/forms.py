"""Ghent's public forms (studysupport.md, "Forms"): each becomes records through the model's rules."""

from decimal import Decimal

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from forms_app.forms import DomainForm, DomainModelForm, UploadField, same_text
from studysupport.models import (
    PUPIL_REFERENCE_SERIES,
    District,
    Initiative,
    Pupil,
    SubsidyApplication,
    Volunteer,
    WaitingListEntry,
)


def consent_field(label):
    return forms.BooleanField(
        label=label, error_messages={"required": _("Without your consent we cannot accept the form.")}
    )


def initiative_field(empty_label):
    """The initiative to apply at; its choices are the page's institution's (set in ``__init__``)."""
    return forms.ModelChoiceField(
        queryset=Initiative.objects.none(), required=False, empty_label=empty_label, label=_("Initiative")
    )


class ApplicantFields(forms.Form):
    """Who fills in the form: the contact the coordinator answers (and nothing more)."""

    applicant_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"))
    phone = forms.CharField(label=_("Your phone number"), max_length=40, required=False)


REGISTERED_BY = [("parent", _("A parent")), ("school", _("The school"))]


class PupilRegistrationForm(DomainForm, ApplicantFields):
    """A parent or a school registers a pupil → a Pupil on a waiting list (SS-R1)."""

    label = _("Study support: pupil registration")
    reference_series = PUPIL_REFERENCE_SERIES

    registered_by = forms.ChoiceField(
        label=_("Who registers the pupil?"), choices=REGISTERED_BY, widget=forms.RadioSelect
    )
    first_name = forms.CharField(label=_("Pupil's first name"), max_length=100)
    last_name = forms.CharField(label=_("Pupil's last name"), max_length=100)
    school_level = forms.ChoiceField(
        label=_("School level"), choices=Pupil.SchoolLevel.choices, widget=forms.RadioSelect
    )
    # The model checks the grade against the school level chosen (Pupil.clean).
    grade = forms.IntegerField(label=_("Grade (year)"), min_value=1, max_value=max(Pupil.LAST_GRADE.values()))
    school = forms.CharField(label=_("School"), max_length=200)
    # The city's list of districts (editable in the admin), not free text.
    district = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, empty_label=_("I don't know"), label=_("District")
    )
    initiative = initiative_field(_("No preference: the city's waiting list"))
    consent = consent_field(_("I agree that the city and the initiative process these data to organise study support."))

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        # SS-R4: only initiatives recognised for this school year; SS-R5: only those that keep a
        # waiting list can take a registration ("not all do", seeds/000).
        self.fields["initiative"].queryset = Initiative.objects.recognised_now(institution).filter(
            keeps_waiting_list=True
        )
        self.fields["district"].queryset = District.objects.filter(institution=institution)
        self.order_fields(
            ["registered_by", "first_name", "last_name", "school_level", "grade", "school", "district", "initiative"]
            + ["applicant_name", "email", "phone", "consent"]
        )

    def applicant(self):
        return {**super().applicant(), "role": str(dict(REGISTERED_BY)[self.cleaned_data["registered_by"]])}

    def save_records(self, reference):
        """A pupil registered before (same name and school, not yet supported) gets a new entry,
        not a second record; SS-R1 then refuses a second open entry on the same list."""
        data = self.cleaned_data
        pupil = self.registered_pupil() or self.save_record(
            Pupil(
                external_code=reference,
                **{
                    name: data[name]
                    for name in ("first_name", "last_name", "school_level", "grade", "school", "district", "initiative")
                },
            )
        )
        self.save_record(WaitingListEntry(pupil=pupil, initiative=data["initiative"]))
        if pupil.status == Pupil.Status.REGISTERED:  # SS-R5: the step, now that its entry exists
            pupil._change_reason = _("Application form, reference %(reference)s") % {"reference": self.reference}
            pupil.put_on_waiting_list()
        return pupil

    def registered_pupil(self):
        data = self.cleaned_data
        return Pupil.objects.filter(
            institution=self.institution,
            first_name__iexact=data["first_name"],
            last_name__iexact=data["last_name"],
            school__iexact=data["school"],
            status__in=[Pupil.Status.REGISTERED, Pupil.Status.WAITING],
        ).first()


class VolunteerSignUpForm(DomainModelForm):
    """Someone offers to volunteer → a Volunteer awaiting screening (the model's default)."""

    label = _("Study support: volunteer sign-up")
    reference_series = "SV"

    initiative = initiative_field(_("No preference: the city finds a match"))
    certificate = UploadField(
        label=_("Extract from the criminal record (model 2)"),
        required=False,
        help_text=_("PDF, JPEG or PNG. You may also bring it to the screening interview."),
    )
    consent = consent_field(_("I agree that my data are used to screen and match volunteers."))

    class Meta:
        model = Volunteer
        fields = ["first_name", "last_name", "email", "phone", "initiative"]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.recognised_now(institution)  # SS-R4

    def applicant(self):
        data = self.cleaned_data
        return {**super().applicant(), "name": f"{data['first_name']} {data['last_name']}"}


class SubsidyApplicationForm(DomainForm):
    """An initiative applies for recognition and subsidy → a SubsidyApplication (SS-R3)."""

    label = _("Study support: recognition and subsidy application")
    reference_series = "SA"

    initiative_name = forms.CharField(label=_("Name of the initiative"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=Initiative.Kind.choices, widget=forms.RadioSelect)
    kind_description = forms.CharField(
        label=_("Other kind: which?"), max_length=200, required=False, help_text=_("Only when you chose “Other”.")
    )
    applicant_name = forms.CharField(label=_("Coordinator (contact person)"), max_length=200)
    email = forms.EmailField(label=_("Coordinator's e-mail address"))
    phone = forms.CharField(label=_("Coordinator's phone number"), max_length=40, required=False)
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("For example 2026-2027."))
    requested_amount = forms.DecimalField(
        label=_("Requested amount (EUR)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    declares_support_free = forms.BooleanField(
        label=_("Our study support is free of charge for pupils."), required=False
    )
    declares_ghent_pupils = forms.BooleanField(
        label=_("We support pupils who live or go to school in Ghent."), required=False
    )
    budget = UploadField(label=_("Budget and activity plan"), help_text=_("PDF, JPEG or PNG."))

    def save_records(self, reference):
        """SS-R4: a new initiative is created as applied (no recognition until a decision accepts it);
        one that is known, named from another address than its coordinator's, is to verify and
        nothing of the initiative changes."""
        data = self.cleaned_data
        initiative = Initiative.objects.filter(
            institution=self.institution, name__iexact=data["initiative_name"]
        ).first()
        to_verify = ""
        if initiative is None:
            initiative = self.save_record(
                Initiative(
                    code=slugify(data["initiative_name"])[:40],
                    name=data["initiative_name"],
                    kind=data["kind"],
                    kind_description=data["kind_description"],
                    coordinator_name=data["applicant_name"],
                    coordinator_email=data["email"],
                    coordinator_phone=data["phone"],
                    support_is_free=data["declares_support_free"],
                )
            )
        elif not same_text(initiative.coordinator_email, data["email"]):
            to_verify = _("sent from %(email)s (%(name)s), not from the coordinator's address %(coordinator)s") % {
                "email": data["email"],
                "name": data["applicant_name"],
                "coordinator": initiative.coordinator_email,
            }
        return self.save_record(
            SubsidyApplication(
                initiative=initiative,
                to_verify=to_verify,
                **{
                    name: data[name]
                    for name in ("school_year", "requested_amount", "declares_support_free", "declares_ghent_pupils")
                },
            )
        )
