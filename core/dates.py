"""Dates in record forms as people type them (issue 11): nothing typed is replaced unseen.

Wagtail's date picker (the vendored xdsoft datetimepicker of ``date-time-chooser.js``) checks
the field when it loses focus against its one format (WAGTAIL_DATE_FORMAT, ISO by default) and
writes *the current date* over anything it cannot read: 15.03.2012 became today. Here the
picker never rewrites what was typed (``validateOnBlur``), writes and reads the user's own
format (the language's first DATE_INPUT_FORMATS entry, core/formats), and the server reads
every spelling of that language or refuses it with an example.
"""

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.admin.datetimepicker import to_datetimepicker_format
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput


def first_format(format_type):
    """The format of the active language in which a form shows a date and the picker writes one."""
    return formats.get_format(format_type)[0]


class KeepsTypedTextMixin:
    """A Wagtail picker that never rewrites typed text, and still closes when its field is left."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}

    @property
    def media(self):
        return super().media + forms.Media(js=["core/js/local-date-input.js"])


class LocalPickerMixin(KeepsTypedTextMixin):
    """An admin picker that shows and writes the active language's format (Django renders the
    value in it when the widget's own ``format`` is None)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.format = None

    def get_config(self):
        return {**super().get_config(), "format": to_datetimepicker_format(first_format(self.format_key))}


class LocalDateInput(LocalPickerMixin, AdminDateInput):
    pass


class LocalDateTimeInput(LocalPickerMixin, AdminDateTimeInput):
    pass


class LocalTimeInput(KeepsTypedTextMixin, AdminTimeInput):
    """Times keep Wagtail's HH:MM, but typed text is never replaced by the current time."""


def _example(format_type):
    return timezone.localtime().strftime(first_format(format_type))


def _invalid_date():
    return gettext("Enter a valid date, for example %(example)s.") % {"example": _example("DATE_INPUT_FORMATS")}


def _invalid_datetime():
    return gettext("Enter a valid date and time, for example %(example)s.") % {
        "example": _example("DATETIME_INPUT_FORMATS")
    }


# Rendered in the language of the form that shows them, with today as the example.
INVALID_DATE = lazy(_invalid_date, str)()
INVALID_DATETIME = lazy(_invalid_datetime, str)()

# Checked most specific first: a DateTimeField is not a DateField, but a custom field may
# derive from either.
LOCAL_FORM_FIELDS = (
    (models.DateTimeField, {"widget": LocalDateTimeInput, "error_messages": {"invalid": INVALID_DATETIME}}),
    (models.DateField, {"widget": LocalDateInput, "error_messages": {"invalid": INVALID_DATE}}),
    (models.TimeField, {"widget": LocalTimeInput}),
)


def record_formfield(db_field, **kwargs):
    """The form field of a record model's field: Wagtail's, with the local date widgets."""
    for field_class, overrides in LOCAL_FORM_FIELDS:
        if isinstance(db_field, field_class):
            kwargs = {**overrides, **kwargs}
            break
    return formfield_for_dbfield(db_field, **kwargs)


class RecordForm(WagtailAdminModelForm):
    """The base of every record's create and edit form (core.admin.RecordAdmin)."""

    class Meta(WagtailAdminModelForm.Meta):
        formfield_callback = record_formfield
