"""Rules of Ghent study support (spec studysupport.md): SS-R1..SS-R4, SS-R8, and the platform's P-A2, P-H1."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from studysupport.models import WaitingListEntry
from tests.factories import (
    InitiativeFactory,
    InstitutionFactory,
    IntakeFactory,
    PupilFactory,
    UserFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent():
    return InstitutionFactory(code="gent-test", name="Stad Gent (test)")


def test_ss_r1_one_open_waiting_list_entry_per_pupil_and_initiative(gent):
    initiative = InitiativeFactory(institution=gent)
    pupil = PupilFactory(institution=gent)
    WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)

    second = WaitingListEntry(institution=gent, pupil=pupil, initiative=initiative)
    with pytest.raises(ValidationError, match="already on this initiative's waiting list"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_ss_r1_holds_on_the_citys_own_list(gent):
    pupil = PupilFactory(institution=gent)
    WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=None)
    second = WaitingListEntry(institution=gent, pupil=pupil, initiative=None)
    with pytest.raises(ValidationError, match="already on the city's waiting list"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_ss_r1_a_closed_entry_does_not_block_a_new_one(gent):
    initiative = InitiativeFactory(institution=gent)
    pupil = PupilFactory(institution=gent)
    WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative, closed_on="2026-01-15")
    again = WaitingListEntry(institution=gent, pupil=pupil, initiative=initiative)
    again.full_clean()
    again.save()
    other = WaitingListEntry(institution=gent, pupil=pupil, initiative=InitiativeFactory(institution=gent))
    other.full_clean()  # another initiative's list is fine too


def test_ss_r1_holds_when_a_closed_entry_is_reverted(gent, client):
    """A revert in the admin (P-H2) may not reopen an entry beside an open one."""
    from core.roles import INSTITUTION_ADMINISTRATOR

    initiative, pupil = InitiativeFactory(institution=gent), PupilFactory(institution=gent)
    entry = WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)
    entry.closed_on = "2026-10-01"
    entry.save()
    WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)
    client.force_login(UserFactory(username="gent-test-admin", role=INSTITUTION_ADMINISTRATOR, institution=gent))

    url = f"/admin/studysupport/waitinglistentry/revert/{entry.pk}/"
    client.post(url, {"history_id": entry.history.earliest().history_id, "reason": "Heropenen"})

    entry.refresh_from_db()
    assert str(entry.closed_on) == "2026-10-01"


def test_a_record_cannot_point_into_another_institution(gent):
    """P-A2: a record links only records of its own institution."""
    elsewhere = InitiativeFactory(institution=InstitutionFactory(code="elders"))
    pupil = PupilFactory.build(institution=gent, initiative=elsewhere)
    with pytest.raises(ValidationError, match="another institution"):
        pupil.full_clean()


def test_every_change_has_a_history_row(gent):
    """P-H1."""
    pupil = PupilFactory(institution=gent)
    pupil.school = "Basisschool De Wijze Boom"
    pupil.save()
    assert [row.history_type for row in pupil.history.all()] == ["~", "+"]
    assert pupil.history.first().school == "Basisschool De Wijze Boom"


def make_support(institution, volunteer, **extra):
    from studysupport.models import Support

    return Support(
        institution=institution,
        initiative=volunteer.initiative,
        volunteer=volunteer,
        setting="home",
        format="one_to_one",
        focus="language",
        **extra,
    )


def test_ss_r2_support_needs_an_approved_volunteer(gent):
    initiative = InitiativeFactory(institution=gent)
    pending = VolunteerFactory(institution=gent, initiative=initiative, screening_status="pending")
    with pytest.raises(ValidationError, match="screening is not approved yet"):
        make_support(gent, pending).full_clean()
    approved = VolunteerFactory(institution=gent, initiative=initiative, screening_status="approved")
    make_support(gent, approved).full_clean()


def test_ss_r1_taking_a_pupil_into_support_closes_the_waiting_list_entry(gent):
    initiative = InitiativeFactory(institution=gent)
    pupil = PupilFactory(institution=gent, initiative=initiative, status="waiting")
    IntakeFactory(institution=gent, pupil=pupil)
    entry = WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)
    support = make_support(gent, VolunteerFactory(institution=gent, initiative=initiative))
    support.save()

    support.take_into_support([pupil])

    entry.refresh_from_db()
    pupil.refresh_from_db()
    assert entry.closed_on == support.start
    assert pupil.status == "supported"
    assert list(support.pupils.all()) == [pupil]


def application(initiative, **extra):
    from studysupport.models import SubsidyApplication

    values = {
        "institution": initiative.institution,
        "initiative": initiative,
        "school_year": "2026-2027",
        "requested_amount": "2500.00",
        "declares_support_free": True,
        "declares_ghent_pupils": True,
    }
    values.update(extra)
    return SubsidyApplication(**values)


def test_ss_r3_only_free_support_can_apply(gent):
    application(InitiativeFactory(institution=gent)).full_clean()
    with pytest.raises(ValidationError, match="free of charge"):
        application(InitiativeFactory(institution=gent, support_is_free=False)).full_clean()
    with pytest.raises(ValidationError, match="free of charge"):
        application(InitiativeFactory(institution=gent), declares_support_free=False).full_clean()


def test_ss_r3_as_ds1_words_it_the_support_is_for_ghent_pupils(gent):
    """The vision text's DS1: free study support "aan Gentse leerlingen" (the spec omits it)."""
    with pytest.raises(ValidationError, match="Ghent pupils") as refused:
        application(InitiativeFactory(institution=gent), declares_ghent_pupils=False).full_clean()
    assert "declares_ghent_pupils" in refused.value.message_dict


def test_school_year_is_two_consecutive_years(gent):
    """SS-R4: recognition is per school year (DS1), written as 2026-2027."""
    with pytest.raises(ValidationError, match="2026-2027"):
        application(InitiativeFactory(institution=gent), school_year="2026-2028").full_clean()


def test_signals_are_read_by_the_coordinator_only(gent):
    """SS-R8, P-A2: a signal is the coordinator's only, not the city staff's."""
    from core.roles import INSTITUTION_ADMINISTRATOR
    from studysupport.models import Signal

    coordinator = UserFactory(username="coordinator", institution=gent)
    colleague = UserFactory(username="colleague", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    initiative = InitiativeFactory(institution=gent, coordinator_user=coordinator)
    volunteer = VolunteerFactory(institution=gent, initiative=initiative)
    signal = Signal.objects.create(institution=gent, initiative=initiative, reported_by=volunteer, kind="Armoede")

    assert list(Signal.objects.for_user(coordinator)) == [signal]
    assert list(Signal.objects.for_user(colleague)) == []


def test_a_signals_admin_urls_answer_only_the_coordinator(gent, client):
    """SS-R8, P-A2 in the admin: the colleague gets 404, as for a signal that does not exist."""
    from core.roles import INSTITUTION_ADMINISTRATOR
    from studysupport.models import Signal

    coordinator = UserFactory(username="coordinator", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    colleague = UserFactory(username="colleague", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    initiative = InitiativeFactory(institution=gent, coordinator_user=coordinator)
    volunteer = VolunteerFactory(institution=gent, initiative=initiative)
    signal = Signal.objects.create(institution=gent, initiative=initiative, reported_by=volunteer, kind="Armoede")
    url = f"/admin/studysupport/signal/inspect/{signal.pk}/"

    client.force_login(colleague)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_ss_r1_holds_when_the_admin_form_adds_pupils(gent):
    """The admin's form saves the relation directly, without take_into_support."""
    initiative = InitiativeFactory(institution=gent)
    pupil = PupilFactory(institution=gent, initiative=initiative, status="waiting")
    IntakeFactory(institution=gent, pupil=pupil)
    entry = WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)
    support = make_support(gent, VolunteerFactory(institution=gent, initiative=initiative))
    support.save()
    support.pupils.set([pupil])
    entry.refresh_from_db()
    assert entry.closed_on == support.start
    assert entry.history.latest().closed_on == support.start, "the closing is audited"
