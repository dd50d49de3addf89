"""Issue 11, item 1: every date field of every record form reads what a person of the user's
language types, shows dates the way the picker writes them, and refuses what it cannot read
with a message in that language; the picker never rewrites typed text (core.dates)."""

import json
import re
from datetime import date, datetime

import pytest
from django import forms
from django.apps import apps
from django.utils import timezone, translation
from wagtail.models import Page

from core.admin import record_admins
from core.dates import LocalDateInput, LocalDateTimeInput, LocalTimeInput

MARCH_15 = date(2012, 3, 15)
# What people type for the 15th of March 2012, per admin language; ISO everywhere.
TYPED = {
    "nl": ["15.03.2012", "15/03/2012", "15-03-2012", "2012-03-15"],
    "ru": ["15.03.2012", "15/03/2012", "2012-03-15"],
    "uk": ["15.03.2012", "15/03/2012", "2012-03-15"],
    "en": ["2012-03-15", "15.03.2012", "15/03/2012"],
}
# As the form shows a stored date, and the picker writes a chosen one.
SHOWN = {"nl": "15.03.2012", "ru": "15.03.2012", "uk": "15.03.2012", "en": "2012-03-15"}
PICKER_FORMAT = {"nl": "d.m.Y", "ru": "d.m.Y", "uk": "d.m.Y", "en": "Y-m-d"}
# Nothing read, nothing guessed: a 13th month, a US month-first date, a two-digit year, words.
GARBAGE = ["15.13.2012", "03/15/2012", "15.03.12", "gisteren"]
INVALID = {
    "nl": "Voer een geldige datum in, bijvoorbeeld {}.",
    "ru": "Введите правильную дату, например {}.",
    "uk": "Введіть правильну дату, наприклад {}.",
    "en": "Enter a valid date, for example {}.",
}


def form_class(model_admin):
    return model_admin.get_edit_handler().bind_to_model(model_admin.model).get_form_class()


def temporal_fields(kind):
    """(form class, field name) of every ``kind`` field in every record form."""
    return [
        pytest.param(form_class(model_admin), name, id=f"{model_admin.model._meta.label}.{name}")
        for model_admin in record_admins()
        for name, field in form_class(model_admin).base_fields.items()
        if type(field) is kind
    ]


DATE_FIELDS = temporal_fields(forms.DateField)


def test_the_walk_finds_the_date_fields_of_every_domain():
    labels = {param.id.split(".")[0] for param in DATE_FIELDS}
    assert {"studysupport", "homeschool", "testdomain"} <= labels


def picker_config(html):
    return json.loads(re.search(r"init(?:Date|DateTime)Chooser\(\"[^\"]*\", (\{.*?\})\);", html).group(1))


@pytest.mark.parametrize("language", TYPED)
@pytest.mark.parametrize(("form_class", "name"), DATE_FIELDS)
def test_typed_dates_are_read(form_class, name, language):
    assert isinstance(form_class.base_fields[name].widget, LocalDateInput)
    with translation.override(language):
        for typed in TYPED[language]:
            bound = form_class(data={name: typed})[name]
            assert bound.field.clean(bound.data) == MARCH_15, typed


@pytest.mark.parametrize("language", TYPED)
@pytest.mark.parametrize(("form_class", "name"), DATE_FIELDS)
def test_a_date_is_shown_as_the_picker_writes_it_and_the_picker_keeps_typed_text(form_class, name, language):
    with translation.override(language):
        html = str(form_class(initial={name: MARCH_15})[name])
    assert f'value="{SHOWN[language]}"' in html
    config = picker_config(html)
    assert config["format"] == PICKER_FORMAT[language]
    assert config["validateOnBlur"] is False, "the picker would write today's date over typed text"
    assert "core/js/local-date-input.js" in str(form_class().media), "the picker closes when the field is left"


@pytest.mark.django_db
@pytest.mark.parametrize("language", TYPED)
@pytest.mark.parametrize(("form_class", "name"), DATE_FIELDS)
def test_unreadable_dates_are_refused_with_an_example(form_class, name, language):
    with translation.override(language):
        today = timezone.localdate().strftime("%Y-%m-%d" if language == "en" else "%d.%m.%Y")
        message = INVALID[language].format(today)
        for typed in GARBAGE:
            form = form_class(data={name: typed})
            assert not form.is_valid()
            assert message in form.errors[name], typed


def test_date_times_and_times_get_the_local_pickers():
    """No record has an editable date-time yet; a future one is covered by the same overrides."""
    from django.db import models
    from wagtail.admin.forms.models import formfield_for_dbfield

    with translation.override("ru"):
        field = formfield_for_dbfield(models.DateTimeField("at"))
        assert isinstance(field.widget, LocalDateTimeInput)
        assert field.clean("15.03.2012 10:30") == timezone.make_aware(datetime(2012, 3, 15, 10, 30))
        with pytest.raises(forms.ValidationError, match="Введите правильные дату и время"):
            field.clean("15.03.2012 25:00")
        config = picker_config(field.widget.render("at", None))
        assert (config["format"], config["validateOnBlur"]) == ("d.m.Y H:i", False)
        time_field = formfield_for_dbfield(models.TimeField("from"))
        assert isinstance(time_field.widget, LocalTimeInput)
        assert time_field.widget.get_config()["validateOnBlur"] is False


@pytest.mark.parametrize(
    "page_model", [model for model in apps.get_models() if issubclass(model, Page) and model.is_creatable], ids=str
)
def test_every_page_models_go_live_and_expiry_dates_are_read_as_typed(page_model):
    """Communication staff schedule a page in Dutch: 15.03.2027 10:30 is not replaced by today
    (Wagtail's PublishingPanel builds the stock picker, so each page model takes ours)."""
    form_class = page_model.get_edit_handler().get_form_class()
    with translation.override("nl"):
        for name in ("go_live_at", "expire_at"):
            field = form_class.base_fields[name]
            assert isinstance(field.widget, LocalDateTimeInput), name
            assert field.clean("15.03.2027 10:30") == timezone.make_aware(datetime(2027, 3, 15, 10, 30))
            config = picker_config(field.widget.render(name, None))
            assert (config["format"], config["validateOnBlur"]) == ("d.m.Y H:i", False)
