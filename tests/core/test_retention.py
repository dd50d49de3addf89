"""Every registered record model says how long it is kept and which of its fields are a person's
(P-O3): a new domain cannot forget either."""

import re

import pytest
from django.db import models

from core.purge import record_models
from core.retention import Retention, retention_of

RECORD_MODELS = sorted(record_models(), key=lambda model: model._meta.label)
# Fields that by their kind or name hold who someone is or how to reach them.
PERSONAL_NAME = re.compile(
    r"(^|_)(first|last|full|parent|applicant|child|teacher|director|coordinator)_name$|"
    r"patronymic|phone|(?<!organisation_)address$|passport|borrower"
)


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model._meta.label)
def test_each_record_model_declares_its_retention(model):
    retention = retention_of(model)
    assert isinstance(retention, Retention), f"{model._meta.label} declares no retention (core.retention)"
    if retention.follows:
        assert retention_of(model._meta.get_field(retention.follows).related_model), "it follows a declared model"
    elif isinstance(retention.ends, str):
        field = ended_field(model, retention.ends)
        assert isinstance(field, models.DateField | models.PositiveSmallIntegerField), "a date or a school year"


def ended_field(model, path):
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model
    return field


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model._meta.label)
def test_each_model_with_personal_fields_declares_them(model):
    declared = set(retention_of(model).person)
    personal = {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField)
        or (isinstance(field, models.CharField | models.TextField) and PERSONAL_NAME.search(field.name))
    }
    assert personal <= declared, f"{model._meta.label} does not declare {sorted(personal - declared)} as personal"


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model._meta.label)
def test_each_personal_field_can_be_erased(model):
    for name in retention_of(model).person:
        field = model._meta.get_field(name)
        assert field.null or isinstance(field, models.CharField | models.TextField), f"{model._meta.label}.{name}"
        assert not field.unique, f"{model._meta.label}.{name}: an erased value would collide"


def test_a_period_of_its_own_cites_its_regulation():
    with pytest.raises(ValueError, match="regulation"):
        Retention(ends="received_on", years=1)
    with pytest.raises(ValueError, match="one of"):
        Retention(ends="closed_on", kept="a catalogue")
