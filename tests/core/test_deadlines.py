"""P-A4: working days with the country's public holidays; the dashboard panel."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core import deadlines
from core.calendar import is_working_day, next_working_day
from core.domains import Deadline
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import WaitingListEntry
from tests.factories import InstitutionFactory, PupilFactory, UserFactory


def test_weekends_and_public_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 11), "BE"), "Armistice Day in Belgium"
    assert is_working_day(date(2026, 11, 11), "RU")
    assert not is_working_day(date(2026, 11, 14), "BE"), "a Saturday"


def test_a_day_off_moves_to_the_next_working_day_of_the_institutions_country():
    assert next_working_day(date(2026, 11, 11), "BE") == date(2026, 11, 12)
    assert next_working_day(date(2026, 11, 11), "RU") == date(2026, 11, 11)
    assert next_working_day(date(2027, 1, 1), "RU") == date(2027, 1, 11), "New Year holidays to 8 January"


@pytest.fixture
def waiting_deadline(monkeypatch):
    """A deadline a domain might declare: a waiting pupil is called within two weeks."""

    def open_entries(queryset):
        for entry in queryset.filter(closed_on__isnull=True).select_related("pupil", "institution"):
            yield entry, entry.since + timedelta(days=14)

    declared = [Deadline(WaitingListEntry, "Call the family", open_entries)]
    monkeypatch.setattr(deadlines, "all_deadlines", lambda: declared)


@pytest.mark.django_db
def test_dashboard_lists_overdue_and_due_soon_records_of_our_institution(client, waiting_deadline):
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    today = timezone.localdate()
    late = WaitingListEntry.objects.create(
        institution=ours, pupil=PupilFactory(institution=ours, external_code="LATE"), since=today - timedelta(days=30)
    )
    soon = WaitingListEntry.objects.create(
        institution=ours, pupil=PupilFactory(institution=ours, external_code="SOON"), since=today - timedelta(days=10)
    )
    foreign_pupil = PupilFactory(institution=theirs, external_code="THEIRS")
    WaitingListEntry.objects.create(institution=theirs, pupil=foreign_pupil, since=today - timedelta(days=30))
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)

    overdue, due_soon = deadlines.deadlines_for(admin)
    assert [entry["record"] for entry in overdue] == [late]
    assert [entry["record"] for entry in due_soon] == [soon]

    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "Deadlines" in html and "LATE" in html and "SOON" in html and "THEIRS" not in html
