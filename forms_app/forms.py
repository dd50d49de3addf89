"""What a domain's form derives from (P-F1): declare fields and ``save_records``; the rest is here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.file_types import DOCUMENTS, endings
from forms_app.abuse import protection_fields
from forms_app.submissions import submit
from forms_app.uploads import validate_upload


class UploadField(forms.FileField):
    """A document of ``types`` (core.file_types: PDF, JPEG or PNG unless a form says otherwise) by
    content, within the size limit (P-F4)."""

    def __init__(self, types=DOCUMENTS, **kwargs):
        self.types = types
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ",".join((*endings(types), *types))}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            uploaded.detected_type = validate_upload(uploaded, self.types)
        return uploaded


def written_as_people_write(field):
    """An amount typed as the form's language writes it (3000,00 in Dutch): a number input would
    drop the comma in a browser of another locale and keep 300000."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})


class DomainFormMixin:
    """Base of every domain form offered on a form page.

    A domain sets ``label`` (shown to editors), ``reference_series`` (P-F2) and
    names the applicant's contact fields ``applicant_name``, ``email`` and ``phone`` (or
    overrides ``applicant``). A form of one model derives from ``DomainModelForm`` and is
    done; others implement ``save_records(reference)`` with ``save_record``, so that every
    record passes the model's rules (P-A3).
    """

    label = ""
    reference_series = ""
    # Optional groups of fields shown under a legend: ((legend, [field names]), ...); the
    # fields in none of them follow the groups.
    fieldsets = ()

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.reference = None
        self.fields.update(protection_fields())
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                written_as_people_write(field)

    @property
    def sections(self):
        """The visible fields by ``fieldsets`` for the template, the rest last without a legend."""
        if not self.fieldsets:
            return []
        grouped = {name for _legend, names in self.fieldsets for name in names}
        rest = [field for field in self.visible_fields() if field.name not in grouped]
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets] + [(None, rest)]

    @property
    def upload_fields(self):
        return [name for name, field in self.fields.items() if isinstance(field, UploadField)]

    @property
    def attachment_fields(self):
        """The uploads kept as the submission's attached files."""
        return self.upload_fields

    def applicant(self):
        """The contact kept with the submission, so the institution can answer the applicant."""
        data = self.cleaned_data
        return {
            "name": data.get("applicant_name", ""),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
            "role": "",
        }

    def submit(self, request, page):
        """The valid form submitted on ``page``: its Submission, or None when a rule refused it."""
        return submit(request, page, self)

    def save_records(self, reference):
        """Create (or update) the domain's records; return the main one."""
        raise NotImplementedError

    def save_record(self, record):
        """Save a record of the page's institution through its rules, with the submission in its history."""
        record.institution = self.institution
        record.full_clean()
        record._change_reason = _("Application form, reference %(reference)s") % {"reference": self.reference}
        record.save()
        return record

    def add_model_errors(self, error):
        """Show a rule's refusal beside the field it concerns, or above the form."""
        for field, messages in error.update_error_dict({}).items():
            self.add_error(field if field in self.fields else None, ValidationError(messages))


class DomainForm(DomainFormMixin, forms.Form):
    pass


class DomainModelForm(DomainFormMixin, forms.ModelForm):
    """A form that becomes one record: ``Meta.model`` and ``Meta.fields`` are the declaration."""

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        # Set before validation, so the model's rules that look at the institution can run.
        self.instance.institution = institution

    @property
    def attachment_fields(self):
        """A document the record keeps in its own file field is stored there, not attached twice."""
        return [name for name in self.upload_fields if name not in self._meta.fields]

    def save_records(self, reference):
        return self.save_record(self.instance)


def same_text(recorded, typed):
    """A typed value as the records hold it: case and spacing do not matter."""
    return plain(recorded) == plain(typed)


def plain(text):
    """A typed value as compared with the records: case and spacing do not matter."""
    return " ".join(str(text).split()).casefold()
