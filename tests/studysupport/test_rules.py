"""Rules of Ghent study support (spec studysupport.md)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from studysupport.models import WaitingListEntry
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent():
    return InstitutionFactory(code="gent-test", name="Stad Gent (test)")


def test_ss_r1_one_open_waiting_list_entry_per_pupil_and_initiative(gent):
    initiative = InitiativeFactory(institution=gent)
    pupil = PupilFactory(institution=gent)
    WaitingListEntry.objects.create(institution=gent, pupil=pupil, initiative=initiative)

    second = WaitingListEntry(institution=gent, pupil=pupil, initiative=initiative)
    with pytest.raises(ValidationError, match="SS-R1"):
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


def test_a_record_cannot_point_into_another_institution(gent):
    elsewhere = InitiativeFactory(institution=InstitutionFactory(code="elders"))
    pupil = PupilFactory.build(institution=gent, initiative=elsewhere)
    with pytest.raises(ValidationError, match="another institution"):
        pupil.full_clean()


def test_every_change_has_a_history_row(gent):
    pupil = PupilFactory(institution=gent)
    pupil.status = "waiting"
    pupil.save()
    assert [row.history_type for row in pupil.history.all()] == ["~", "+"]
    assert pupil.history.first().status == "waiting"
