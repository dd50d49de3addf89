"""Every public form of every domain leaves its field rules to the model (issue 11 item 2, P-A3),
so the admin and an import refuse what the form refuses: no ``clean_<field>`` of a form's own,
and each validator of a form field is also a validator of the model field it fills."""

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import BaseValidator, ProhibitNullCharactersValidator

from core.domains import all_forms

FORMS = sorted(all_forms().items())
# Input hygiene every Django text field adds, not a rule of the regulation.
HYGIENE = (ProhibitNullCharactersValidator,)


def filled_model_fields(form_class, name):
    """The model fields a form field fills: its model form's model, or the same-named fields of
    the record models of the form's domain (a form of several records)."""
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    models = [model] if model else apps.get_containing_app_config(form_class.__module__).get_models()
    found = []
    for candidate in models:
        try:
            found.append(candidate._meta.get_field(name))
        except FieldDoesNotExist:
            continue
    return found


def test_the_walk_covers_every_domain():
    assert {key.split(".")[0] for key, _form in FORMS} >= {"studysupport", "homeschool", "testdomain"}


def holds_in_model(validator, model_validators):
    """The model has ``validator``, or a limit of the same kind at least as strict (a form's
    e-mail may be 320 characters long where the model stores 254)."""
    if isinstance(validator, BaseValidator):
        return any(
            type(other) is type(validator) and not validator.compare(other.limit_value, validator.limit_value)
            for other in model_validators
        )
    return validator in model_validators


@pytest.mark.parametrize(("key", "form_class"), FORMS, ids=[key for key, _form in FORMS])
def test_a_public_form_has_no_field_rule_of_its_own(key, form_class):
    own = [name for name in vars(form_class) if name.startswith("clean_")]
    assert own == [], f"{key}: move {own} into the model's clean() or the domain's rules.py"


@pytest.mark.parametrize(("key", "form_class"), FORMS, ids=[key for key, _form in FORMS])
def test_each_form_validator_is_the_models(key, form_class):
    for name, field in form_class.base_fields.items():
        model_fields = filled_model_fields(form_class, name)
        if not model_fields:
            continue  # the applicant's contact, consent, uploads kept with the submission
        for validator in field.validators:
            if isinstance(validator, HYGIENE):
                continue
            assert any(holds_in_model(validator, model_field.validators) for model_field in model_fields), (
                f"{key}.{name}: {validator!r} only in the form"
            )
