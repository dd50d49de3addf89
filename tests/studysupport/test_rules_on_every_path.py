"""Ghent's range rules of the public forms hold in the model: the admin and an import refuse what
the registration and subsidy forms refuse (issue 11, item 2; P-A3)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forms_app.models import DomainFormPage
from studysupport.models import SubsidyApplication, WaitingListEntry
from tests.factories import InitiativeFactory, PupilFactory
from tests.forms_app.conftest import registration_data, subsidy_data
from tests.rule_paths import admin_form_errors, import_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration_page():
    return DomainFormPage.objects.get(slug="inschrijven-leerling")


@pytest.fixture
def subsidy_page():
    return DomainFormPage.objects.get(slug="erkenning-en-subsidie-aanvragen")


@pytest.mark.parametrize(("level", "grade"), [("SO", 9), ("SO", 8), ("BaO", 7), ("BaO", 0)])
def test_a_grade_that_does_not_exist_at_the_school_level_is_refused_everywhere(level, grade):
    pupil = PupilFactory(school_level="SO", grade=3)
    assert admin_form_errors(pupil, school_level=level, grade=str(grade)).get("grade")
    assert import_problems(pupil, school_level=level, grade=str(grade))
    with pytest.raises(ValidationError) as refused:
        PupilFactory.build(institution=pupil.institution, school_level=level, grade=grade).full_clean()
    assert "grade" in refused.value.message_dict


@pytest.mark.parametrize(("level", "grade"), [("SO", 7), ("SO", 1), ("BaO", 6)])
def test_the_grades_of_each_level_are_taken(level, grade):
    pupil = PupilFactory(school_level="SO", grade=3)
    assert not admin_form_errors(pupil, school_level=level, grade=str(grade))
    assert not import_problems(pupil, school_level=level, grade=str(grade))


def test_the_registration_form_refuses_grade_7_of_primary_school(client, registration_page):
    response = client.post(registration_page.url, registration_data(school_level="BaO", grade="7"))
    assert response.status_code == 200
    assert "Basisonderwijs (BaO) heeft leerjaren 1 tot en met 6." in response.context["form"].errors["grade"]


def test_a_requested_amount_of_nothing_is_refused_everywhere(client, subsidy_page):
    initiative = InitiativeFactory()
    application = SubsidyApplication.objects.create(
        institution=initiative.institution,
        initiative=initiative,
        school_year="2026-2027",
        requested_amount=Decimal("1500.00"),
        declares_support_free=True,
        declares_ghent_pupils=True,
    )
    assert admin_form_errors(application, requested_amount="0.00").get("requested_amount")
    assert import_problems(application, requested_amount="0")
    response = client.post(subsidy_page.url, subsidy_data(requested_amount="0"))
    assert response.context["form"].errors["requested_amount"]


def test_ss_r5_no_open_entry_at_an_initiative_without_a_waiting_list(client, registration_page):
    pupil = PupilFactory()
    keeps, keeps_none = (
        InitiativeFactory(institution=pupil.institution, keeps_waiting_list=keeps) for keeps in (True, False)
    )
    entry = WaitingListEntry.objects.create(institution=pupil.institution, pupil=pupil, initiative=keeps)
    message = f"{keeps_none} houdt geen wachtlijst bij."
    with translation.override("nl"):
        assert admin_form_errors(entry, initiative=str(keeps_none.pk))["initiative"] == [message]
        assert message in import_problems(entry, initiative=keeps_none.code)
    entry.closed_on = entry.since
    entry.initiative = keeps_none
    entry.full_clean()  # a closed entry stays as it was when the initiative kept a list
