"""P-H1/P-H2: every change audited; a history view with field diffs and a recorded revert."""

import pytest
from django.contrib.auth.models import Permission

from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import WaitingListEntry
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_and_pupil():
    ours = InstitutionFactory(code="ours")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    pupil = PupilFactory(institution=ours, first_name="Eerst", school="De Vlieger")
    pupil.first_name, pupil.school = "Daarna", "Het Anker"
    pupil._change_reason = "Naam verbeterd"
    pupil.save()
    return admin, pupil


def history_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/history/{record.pk}/"


def revert_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/revert/{record.pk}/"


def test_history_view_lists_field_level_changes(client, admin_and_pupil):
    admin, pupil = admin_and_pupil
    client.force_login(admin)
    response = client.get(history_url(pupil))
    assert response.status_code == 200
    latest = response.context["entries"][0]
    assert ("first name", "Eerst", "Daarna") in latest["changes"]
    assert ("school", "De Vlieger", "Het Anker") in latest["changes"]
    assert "Naam verbeterd" in response.content.decode()


def test_revert_restores_an_earlier_version_and_records_why(client, admin_and_pupil):
    admin, pupil = admin_and_pupil
    client.force_login(admin)
    first_version = pupil.history.earliest()

    response = client.post(revert_url(pupil), {"history_id": first_version.history_id, "reason": "Foutieve wijziging"})

    assert response.status_code == 302
    pupil.refresh_from_db()
    assert (pupil.first_name, pupil.school) == ("Eerst", "De Vlieger")
    latest = pupil.history.latest()
    assert latest.history_user == admin
    assert "Foutieve wijziging" in latest.history_change_reason
    assert pupil.history.count() == 3, "the revert is a change of its own"


def test_revert_needs_a_reason(client, admin_and_pupil):
    admin, pupil = admin_and_pupil
    client.force_login(admin)
    client.post(revert_url(pupil), {"history_id": pupil.history.earliest().history_id, "reason": " "})
    pupil.refresh_from_db()
    assert pupil.first_name == "Daarna"


def test_revert_goes_through_the_rules(client, admin_and_pupil):
    admin, pupil = admin_and_pupil
    initiative = InitiativeFactory(institution=pupil.institution)
    entry = WaitingListEntry.objects.create(institution=pupil.institution, pupil=pupil, initiative=initiative)
    entry.closed_on = "2026-10-01"
    entry.save()
    WaitingListEntry.objects.create(institution=pupil.institution, pupil=pupil, initiative=initiative)
    client.force_login(admin)

    # Reopening the first entry would put the pupil twice on the list (SS-R1).
    client.post(revert_url(entry), {"history_id": entry.history.earliest().history_id, "reason": "Heropenen"})

    entry.refresh_from_db()
    assert str(entry.closed_on) == "2026-10-01"


def test_history_and_revert_are_scoped(client, admin_and_pupil):
    admin, _pupil = admin_and_pupil
    theirs = PupilFactory(institution=InstitutionFactory(code="theirs"))
    client.force_login(admin)
    assert client.get(history_url(theirs)).status_code == 404
    version = theirs.history.earliest().history_id
    assert client.post(revert_url(theirs), {"history_id": version, "reason": "x"}).status_code == 404


def test_revert_needs_the_change_permission(client, admin_and_pupil):
    _admin, pupil = admin_and_pupil
    reader = UserFactory(username="reader", institution=pupil.institution)
    reader.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_pupil"]))
    client.force_login(reader)
    assert client.get(history_url(pupil)).status_code == 200
    version = pupil.history.earliest().history_id
    assert client.post(revert_url(pupil), {"history_id": version, "reason": "x"}).status_code == 403
