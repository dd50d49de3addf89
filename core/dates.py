"""Dates in admin forms as people type them (issue 11): nothing typed is replaced unseen.

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
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import PublishingPanel
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput
from wagtail.models.panels import CommentPanelPlaceholder


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

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs, **kwargs)
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


def install():
    """Every Wagtail admin form reads dates this way: records, pages (their go-live and expiry
    dates), snippets and settings. Wagtail's registry keeps the last override per field class."""
    register_form_field_override(
        models.DateTimeField, override={"widget": LocalDateTimeInput, "error_messages": {"invalid": INVALID_DATETIME}}
    )
    register_form_field_override(
        models.DateField, override={"widget": LocalDateInput, "error_messages": {"invalid": INVALID_DATE}}
    )
    register_form_field_override(models.TimeField, override={"widget": LocalTimeInput})


class LocalPublishingPanel(PublishingPanel):
    """Wagtail's go-live and expiry fields with the local picker: PublishingPanel builds its own
    stock widgets, which the field overrides above do not reach."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            child.widget = LocalDateTimeInput(
                attrs=child.widget.attrs, js_overlay_parent_selector=child.widget.js_overlay_parent_selector
            )


# Every page model's settings tab: Wagtail's own, with the go-live and expiry dates read as typed.
PAGE_SETTINGS_PANELS = [LocalPublishingPanel(), CommentPanelPlaceholder()]
