"""The family's achievement form (issue 14 item 2, section 3.3): a parent or the pupil sends a
certified achievement with a copy of its diploma or certificate → an achievement awaiting the
class teacher (PF-R5), with its reference number.

The public never sees a list of pupils: the family names the pupil and their class and gives the
e-mail address the school holds for the family; the form finds the pupil only when all three match.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.school_year import school_year_of
from forms_app.forms import DomainModelForm, UploadField, plain
from portfolio.models import REFERENCE_SERIES, Achievement, Pupil, SchoolClass

NOT_FOUND = _(
    "The school has no pupil with this name in this class and this family e-mail: check them, or ask the "
    "class teacher to record the family's e-mail (section 3.3 of the Regulation)."
)


class AchievementForm(DomainModelForm):
    """A family submits an achievement with its document → an Achievement awaiting confirmation."""

    label = _("Pupil portfolio: a family's achievement")
    reference_series = REFERENCE_SERIES

    pupil_name = forms.CharField(label=_("Pupil's last and first name"), max_length=200)
    school_class = forms.ModelChoiceField(queryset=SchoolClass.objects.none(), label=_("Class"))
    email = forms.EmailField(
        label=_("Family's e-mail address"), help_text=_("The address the school holds for your family.")
    )
    achieved_on = forms.DateField(
        label=_("Date of the achievement"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("As on the diploma, for example 15.03.2026."),
    )
    document = UploadField(label=_("Copy of the diploma or certificate"), help_text=_("PDF, JPEG or PNG."))
    consent = forms.BooleanField(
        label=_("I agree that the school processes these data and the document for the pupil's portfolio."),
        error_messages={"required": _("Without your consent we cannot accept the form.")},
    )

    class Meta:
        model = Achievement
        fields = ["indicator", "level", "result", "title", "achieved_on", "document"]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        # The classes of this school year: a family's child is in one of them.
        this_year = school_year_of(institution.today())
        self.fields["school_class"].queryset = SchoolClass.objects.filter(
            institution=institution, school_year=this_year
        ).order_by("grade", "letter")
        self.fields["school_class"].label_from_instance = lambda school_class: school_class.name
        self.order_fields(["pupil_name", "school_class", "email", *self._meta.fields, "consent"])

    def _post_clean(self):
        """The pupil before the model's rules: they read the pupil's institution and class."""
        pupil = self.find_pupil(self.cleaned_data)
        if pupil is None:
            return  # the model's rules need the pupil; the form already says what is wrong
        self.instance.pupil = pupil
        self.instance.applicant_email = self.cleaned_data["email"]
        self.instance.submitted_on = self.institution.today()
        super()._post_clean()

    def find_pupil(self, data):
        """The pupil of the class whose name and family e-mail are as typed; None (and the reason,
        the same whichever of the three differs) otherwise."""
        name, school_class, email = data.get("pupil_name"), data.get("school_class"), data.get("email")
        if not (name and school_class and email):
            return None
        candidates = Pupil.objects.filter(
            institution=self.institution, school_class=school_class, family_email__iexact=email.strip()
        )
        typed = plain(name)
        named = (pupil for pupil in candidates if typed in (plain(pupil.short_name), plain(pupil.full_name)))
        pupil = next(named, None)
        if pupil is None:
            self.add_error("pupil_name", NOT_FOUND)
        return pupil

    def applicant(self):
        return {**super().applicant(), "name": self.instance.pupil.full_name}

    def save_records(self, reference):
        self.instance.reference = reference
        return self.save_record(self.instance)
