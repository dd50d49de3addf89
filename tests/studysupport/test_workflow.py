"""Ghent's workflow steps in the records admin (#4): screening (SS-R2), subsidy decisions
(SS-R3), signals' follow-up and waiting-list entries, each recorded in history."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Signal, SubsidyApplication, Support, Volunteer, WaitingListEntry
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ghent(client):
    institution = InstitutionFactory(code="gent-w")
    admin = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=institution)
    initiative = InitiativeFactory(institution=institution, support_is_free=True, coordinator_user=admin)
    client.force_login(admin)
    return institution, initiative, admin


def step(client, record, method):
    opts = record._meta
    return client.post(f"/admin/{opts.app_label}/{opts.model_name}/workflow/{record.pk}/{method}/", follow=True)


def test_approving_a_screening_lets_the_volunteer_give_support_ss_r2(client, ghent):
    institution, initiative, admin = ghent
    volunteer = VolunteerFactory(institution=institution, initiative=initiative, screening_status="pending")
    support = Support(
        institution=institution,
        initiative=initiative,
        volunteer=volunteer,
        setting="home",
        format="one_to_one",
        focus="language",
    )
    with translation.override("nl"), pytest.raises(ValidationError, match="Opleiding en omkadering"):
        support.full_clean()
    step(client, volunteer, "approve_screening")
    volunteer.refresh_from_db()
    assert volunteer.screening_status == Volunteer.Screening.APPROVED
    assert volunteer.screened_on == timezone.localdate()
    assert volunteer.history.first().history_change_reason == "Approve screening"
    assert volunteer.history.first().history_user == admin
    support.volunteer = volunteer
    support.full_clean()
    html = client.get("/admin/studysupport/volunteer/").content.decode()
    assert "approve_screening" not in html, "the step is no longer offered once taken"


def test_accepting_a_subsidy_application_checks_ss_r3_again(client, ghent):
    institution, initiative, _admin = ghent
    application = SubsidyApplication.objects.create(
        institution=institution,
        initiative=initiative,
        school_year="2026-2027",
        requested_amount=1000,
        declares_support_free=True,
        declares_ghent_pupils=True,
        decided_on="2026-10-01",
        awarded_amount=900,
        decision="Het initiatief vraagt sinds de aanvraag een bijdrage.",
    )
    initiative.support_is_free = False  # the initiative started charging since it applied
    initiative.save()
    response = step(client, application, "accept")
    assert "DS1" in response.content.decode()
    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.SUBMITTED
    step(client, application, "reject")
    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.REJECTED


def test_a_signal_is_referred_only_to_a_named_partner_then_closed(client, ghent):
    """P-A1: a signal's follow-up as workflow steps (pillar 4)."""
    institution, initiative, _admin = ghent
    signal = Signal.objects.create(
        institution=institution,
        initiative=initiative,
        kind="Huur",
        reported_by=VolunteerFactory(institution=institution),
    )
    assert "welfare partner" in step(client, signal, "refer").content.decode()
    signal.referred_to = "OCMW Gent"
    signal.save()
    step(client, signal, "refer")
    step(client, signal, "close")
    signal.refresh_from_db()
    assert signal.follow_up == Signal.FollowUp.CLOSED
    assert [entry.history_change_reason for entry in signal.history.all()[:2]] == ["Close", "Referred"]


def test_closing_a_waiting_list_entry_of_another_institution_is_not_found(client, ghent):
    """P-A2: a workflow step reaches only the user's institution's records."""
    institution, initiative, _admin = ghent
    ours = WaitingListEntry.objects.create(
        institution=institution, pupil=PupilFactory(institution=institution), initiative=initiative
    )
    other = InstitutionFactory(code="elders-w")
    theirs = WaitingListEntry.objects.create(institution=other, pupil=PupilFactory(institution=other))
    assert step(client, theirs, "close").status_code == 404
    step(client, ours, "close")
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.closed_on == timezone.localdate() and theirs.closed_on is None
