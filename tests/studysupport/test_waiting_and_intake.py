"""SS-R5 (truthful waiting lists, the pupil's status by steps), SS-R6 (pupils screened too: the
intake; an approved screening carries its date), SS-R7 (one-to-one is one pupil, a group two or more)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.figures import key_figures
from studysupport.models import Intake, Pupil, Volunteer, WaitingListEntry
from tests.factories import (
    InitiativeFactory,
    IntakeFactory,
    PupilFactory,
    SupportFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.rule_paths import admin_form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(gent):
    initiative = InitiativeFactory(institution=gent)
    volunteer = VolunteerFactory(institution=gent, initiative=initiative)
    return gent, initiative, volunteer


def screened_pupil(institution, **extra):
    return IntakeFactory(institution=institution, pupil__institution=institution, **extra).pupil


def test_ss_r5_support_closes_every_open_entry_the_citys_included(place):
    gent, initiative, volunteer = place
    pupil = screened_pupil(gent, pupil__status="waiting")
    elsewhere = InitiativeFactory(institution=gent)
    entries = [
        WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=at, since=date(2026, 9, 1))
        for at in (initiative, elsewhere, None)
    ]
    SupportFactory(volunteer=volunteer).take_into_support([pupil])
    assert [entry.__class__.objects.get(pk=entry.pk).closed_on for entry in entries] == [date(2026, 10, 1)] * 3
    pupil.refresh_from_db()
    assert pupil.status == "supported"


def waiting_figure(school_year):
    with translation.override("en"):
        return {figure["label"]: figure["value"] for figure in key_figures("gent", school_year)}["on a waiting list"]


def test_ss_r5_the_figure_counts_pupils_not_entries(place):
    gent, initiative, _volunteer = place
    pupil = PupilFactory(institution=gent, registered_on=date(2026, 9, 5))
    before = waiting_figure("2026-2027")
    for at in (initiative, InitiativeFactory(institution=gent), None):
        WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=at, since=date(2026, 9, 5))
    after = waiting_figure("2026-2027")
    assert int(after) == int(before) + 1


def test_ss_r5_the_list_shows_position_and_days_waiting(client, place):
    gent, initiative, _volunteer = place
    client.force_login(UserFactory(username="gent-list", role=INSTITUTION_ADMINISTRATOR, institution=gent))
    today = gent.today()
    late, early = (
        WaitingListEntry.objects.create(
            institution=gent, pupil=PupilFactory(institution=gent), initiative=initiative, since=today - timedelta(days)
        )
        for days in (3, 40)
    )
    response = client.get("/admin/studysupport/waitinglistentry/", {"initiative__id__exact": initiative.pk})
    rows = list(response.context["view"].queryset)
    assert [(row.pk, row.place) for row in rows] == [(early.pk, 1), (late.pk, 2)]
    assert early.days_waiting() == 40
    html = response.content.decode()
    assert "Position" in html and "Days waiting" in html


def test_ss_r5_the_pupils_status_moves_by_steps_only(place):
    gent, initiative, _volunteer = place
    pupil = PupilFactory(institution=gent, initiative=initiative)
    pupil.status = Pupil.Status.SUPPORTED
    with pytest.raises(ValidationError, match="workflow step"):
        pupil.save()
    pupil.refresh_from_db()
    with pytest.raises(ValidationError, match="no waiting list"):
        pupil.put_on_waiting_list()
    WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)
    pupil.put_on_waiting_list()
    assert pupil.status == "waiting"
    pupil.close()
    assert pupil.status == "closed"
    assert not pupil.waiting_list_entries.filter(closed_on__isnull=True).exists()


def test_ss_r6_no_support_before_the_pupils_intake(place):
    gent, initiative, volunteer = place
    unscreened = PupilFactory(institution=gent, initiative=initiative)
    intake = IntakeFactory(institution=gent, pupil=unscreened, done_on=None, date=gent.today())
    support = SupportFactory(volunteer=volunteer)
    with pytest.raises(ValidationError, match="intake"), transaction.atomic():
        support.take_into_support([unscreened])
    assert admin_form_errors(support, pupils=[str(unscreened.pk)])["pupils"]
    intake.mark_done()
    assert intake.done_on == gent.today()
    support.take_into_support([unscreened])
    assert list(support.pupils.all()) == [unscreened]


def test_ss_r6_an_intake_planned_later_cannot_be_done_yet(gent):
    intake = IntakeFactory(institution=gent, pupil__institution=gent, done_on=None, date=gent.today() + timedelta(7))
    with pytest.raises(ValidationError, match="planned"):
        intake.mark_done()
    assert Intake.objects.get(pk=intake.pk).done_on is None


def test_ss_r6_an_approved_screening_carries_its_date(place):
    gent, initiative, _volunteer = place
    volunteer = VolunteerFactory.build(institution=gent, initiative=initiative, screened_on=None)
    with pytest.raises(ValidationError) as refused:
        volunteer.full_clean()
    assert "screened_on" in refused.value.message_dict


def test_a_refused_volunteer_gets_a_reason(place):
    gent, initiative, _volunteer = place
    candidate = VolunteerFactory(institution=gent, initiative=initiative, screening_status="pending")
    with pytest.raises(ValidationError, match="reason"):
        candidate.refuse_screening()
    candidate.refusal_reason = Volunteer.RefusalReason.NO_CAPACITY
    candidate.save()
    candidate.refuse_screening()
    assert candidate.screening_status == "rejected"


def test_ss_r7_one_to_one_is_exactly_one_pupil_a_group_two_or_more(place):
    gent, _initiative, volunteer = place
    first, second = screened_pupil(gent), screened_pupil(gent)
    one_to_one = SupportFactory(volunteer=volunteer)
    with pytest.raises(ValidationError, match="exactly one pupil"), transaction.atomic():
        one_to_one.take_into_support([first, second])
    one_to_one.take_into_support([first])
    with pytest.raises(ValidationError, match="exactly one pupil"), transaction.atomic():
        one_to_one.take_into_support([second])
    assert admin_form_errors(one_to_one, pupils=[str(first.pk), str(second.pk)])["pupils"]
    group = SupportFactory(volunteer=volunteer, format="small_group")
    assert admin_form_errors(group, pupils=[str(first.pk)])["pupils"] == ["A small group has two pupils or more."]
    assert "pupils" not in admin_form_errors(group, pupils=[str(first.pk), str(second.pk)])
