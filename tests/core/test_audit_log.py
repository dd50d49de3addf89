"""P-H2: the global audit log, filterable by user, model, institution and date, scoped and paginated."""

import pytest

from core.audit import PER_PAGE
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/audit-log/"


@pytest.fixture
def world():
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    pupil = PupilFactory(institution=ours, external_code="OURS1")
    initiative = InitiativeFactory(institution=ours, code="ours-init")
    foreign = PupilFactory(institution=theirs, external_code="THEIRS1")
    return {"admin": admin, "ours": ours, "pupil": pupil, "initiative": initiative, "foreign": foreign}


def codes(response):
    return {str(entry["row"].history_object) for entry in response.context["entries"]}


def test_log_merges_every_record_model_of_our_institution_only(client, world):
    client.force_login(world["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    shown = codes(response)
    assert str(world["pupil"]) in shown and str(world["initiative"]) in shown
    assert str(world["foreign"]) not in shown


def test_filters_by_model_user_and_date(client, world):
    pupil = world["pupil"]
    pupil._history_user = world["admin"]
    pupil.first_name = "Gewijzigd"
    pupil.save()
    client.force_login(world["admin"])
    by_model = client.get(URL, {"model": "studysupport.initiative"})
    assert codes(by_model) == {str(world["initiative"])}
    by_user = client.get(URL, {"user": world["admin"].pk})
    assert [entry["row"].history_type for entry in by_user.context["entries"]] == ["~"]
    assert client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-12-31"}).context["entries"] == []
    labels = {entry["model"] for entry in client.get(URL).context["entries"]}
    assert labels == {"pupil", "initiative"}


def test_log_is_paginated_newest_first(client, world):
    for number in range(PER_PAGE + 5):
        PupilFactory(institution=world["ours"], external_code=f"BULK{number}")
    client.force_login(world["admin"])
    first = client.get(URL)
    assert len(first.context["entries"]) == PER_PAGE and first.context["has_next"]
    dates = [entry["row"].history_date for entry in first.context["entries"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get(URL, {"p": 2})
    assert len(second.context["entries"]) == first.context["total"] - PER_PAGE


def test_only_permitted_users_see_the_log(client, communication_user):
    client.force_login(communication_user)
    assert client.get(URL).status_code == 403
