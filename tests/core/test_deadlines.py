"""P-A4: working days with the country's public holidays; the dashboard panel."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core import deadlines
from core.calendar import is_working_day, next_working_day
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.domain import Library
from tests.testdomain.factories import LoanFactory


def test_weekends_and_public_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 11), "BE"), "Armistice Day in Belgium"
    assert is_working_day(date(2026, 11, 11), "RU")
    assert not is_working_day(date(2026, 11, 14), "BE"), "a Saturday"


def test_a_day_off_moves_to_the_next_working_day_of_the_institutions_country():
    assert next_working_day(date(2026, 11, 11), "BE") == date(2026, 11, 12)
    assert next_working_day(date(2026, 11, 11), "RU") == date(2026, 11, 11)
    assert next_working_day(date(2027, 1, 1), "RU") == date(2027, 1, 11), "New Year holidays to 8 January"


@pytest.fixture
def loan_deadline(monkeypatch):
    """Only the library's deadline: a book comes back within two weeks."""
    monkeypatch.setattr(deadlines, "all_deadlines", lambda: list(Library.deadlines))


@pytest.mark.django_db
def test_dashboard_lists_overdue_and_due_soon_records_of_our_institution(client, loan_deadline):
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    today = timezone.localdate()
    late = LoanFactory(institution=ours, borrower="LATE", lent_on=today - timedelta(days=30))
    soon = LoanFactory(institution=ours, borrower="SOON", lent_on=today - timedelta(days=10))
    LoanFactory(institution=ours, borrower="FRESH", lent_on=today)
    LoanFactory(institution=theirs, borrower="THEIRS", lent_on=today - timedelta(days=30))
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)

    overdue, due_soon = deadlines.deadlines_for(admin)
    assert [entry["record"] for entry in overdue] == [late]
    assert [entry["record"] for entry in due_soon] == [soon]

    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    start = page.index('id="deadlines-section"')  # the panel, not the inbox beside it (FRESH waits there)
    html = page[start : page.index("</section>", start)]
    assert "Deadlines" in html and "LATE" in html and "SOON" in html and "THEIRS" not in html and "FRESH" not in html
    assert "THEIRS" not in page
