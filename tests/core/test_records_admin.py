"""P-A1/P-A2: the shared records admin, scoped per institution in every view.

Two institutions, one record each; a member of the first may never see, change or delete
the second's record, whatever URL they type (wagtail-nest/wagtail-modeladmin#21).
"""

import pytest

from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/studysupport/pupil/"


@pytest.fixture
def setting():
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    return {
        "admin": admin,
        "ours": ours,
        "theirs": theirs,
        "our_pupil": PupilFactory(institution=ours, first_name="Eigen"),
        "their_pupil": PupilFactory(institution=theirs, first_name="Vreemd"),
    }


def test_list_shows_only_our_records(client, setting):
    client.force_login(setting["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert setting["our_pupil"].external_code in html
    assert setting["their_pupil"].external_code not in html


@pytest.mark.parametrize("action", ["edit", "inspect", "delete"])
def test_another_institutions_record_is_not_found_by_url(client, setting, action):
    client.force_login(setting["admin"])
    assert client.get(f"{URL}{action}/{setting['our_pupil'].pk}/").status_code == 200
    assert client.get(f"{URL}{action}/{setting['their_pupil'].pk}/").status_code == 404


def test_posting_to_another_institutions_record_changes_nothing(client, setting):
    client.force_login(setting["admin"])
    their = setting["their_pupil"]
    assert client.post(f"{URL}delete/{their.pk}/").status_code == 404
    assert client.post(f"{URL}edit/{their.pk}/", {"first_name": "Overgenomen"}).status_code == 404
    their.refresh_from_db()
    assert their.first_name == "Vreemd"


def test_create_form_offers_only_our_institution(client, setting):
    client.force_login(setting["admin"])
    response = client.get(f"{URL}create/")
    form = response.context["form"]
    assert list(form.fields["institution"].queryset) == [setting["ours"]]
    assert form["institution"].value() == setting["ours"].pk
    assert f'<option value="{setting["ours"].pk}" selected>' in response.content.decode()


def test_creating_a_record_for_another_institution_is_refused(client, setting):
    client.force_login(setting["admin"])
    data = {
        "institution": setting["theirs"].pk,
        "external_code": "X1",
        "first_name": "Nieuw",
        "last_name": "Kind",
        "school_level": "SO",
        "grade": 1,
        "status": "registered",
        "registered_on": "2026-11-24",
    }
    response = client.post(f"{URL}create/", data)
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not Pupil.objects.filter(external_code="X1").exists()
    data["institution"] = setting["ours"].pk
    assert client.post(f"{URL}create/", data).status_code == 302
    created = Pupil.objects.get(external_code="X1")
    assert created.history.get().history_user == setting["admin"], "the admin's change is audited with its user"


def test_superuser_sees_every_institution(client, setting, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "correct-horse-battery-staple")
    client.force_login(root)
    html = client.get(URL).content.decode()
    assert setting["our_pupil"].external_code in html and setting["their_pupil"].external_code in html
    assert client.get(f"{URL}edit/{setting['their_pupil'].pk}/").status_code == 200


def test_communication_staff_do_not_reach_records(client, communication_user, setting):
    client.force_login(communication_user)
    assert client.get(URL).status_code == 403


def test_signal_urls_answer_only_the_coordinator(client, setting):
    from studysupport.models import Signal
    from tests.factories import InitiativeFactory, VolunteerFactory

    ours = setting["ours"]
    coordinator = UserFactory(username="coordinator", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    initiative = InitiativeFactory(institution=ours, coordinator_user=coordinator)
    volunteer = VolunteerFactory(institution=ours, initiative=initiative)
    signal = Signal.objects.create(institution=ours, initiative=initiative, reported_by=volunteer, kind="Armoede")
    url = f"/admin/studysupport/signal/inspect/{signal.pk}/"

    client.force_login(setting["admin"])  # same institution, not the coordinator
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_a_list_page_costs_a_fixed_number_of_queries(client, setting, django_assert_max_num_queries):
    from studysupport.models import WaitingListEntry
    from tests.factories import InitiativeFactory

    ours = setting["ours"]
    initiative = InitiativeFactory(institution=ours)
    for number in range(30):
        pupil = PupilFactory(institution=ours, initiative=initiative, external_code=f"Q{number}")
        WaitingListEntry.objects.create(institution=ours, pupil=pupil, initiative=initiative)
    client.force_login(setting["admin"])
    client.get(URL)  # warm the per-process caches (site, permissions)
    with django_assert_max_num_queries(25):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/admin/studysupport/waitinglistentry/").status_code == 200


def test_reviewers_see_only_records_assigned_to_them(setting):
    from core.roles import REVIEWER

    reviewer = UserFactory(username="reviewer", role=REVIEWER, institution=setting["ours"])
    # No Ghent record names a reviewer, so a reviewer sees none of them.
    assert not Pupil.objects.for_user(reviewer).exists()
    assert Pupil.objects.for_user(setting["admin"]).exists()
