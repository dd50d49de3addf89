"""The school year both domains count in (HS-R2, SS-R4): 1 September to 31 August."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from core.models import Institution, local_date
from core.school_year import (
    first_day_of_school_year,
    last_day_of_school_year,
    parse_school_year,
    school_year_label,
    school_year_of,
)


def test_a_school_year_runs_from_1_september_to_31_august():
    assert school_year_of(date(2026, 8, 31)) == 2025
    assert school_year_of(date(2026, 9, 1)) == 2026
    assert (first_day_of_school_year(2026), last_day_of_school_year(2026)) == (date(2026, 9, 1), date(2027, 8, 31))


@pytest.mark.django_db
def test_today_is_the_institutions_local_day(monkeypatch):
    """At 19:30 UTC on 31 August it is already 1 September in Verkhny Tagil (UTC+5), the new school
    year, while Ghent (UTC+2) is still in the old one."""
    ghent, vtagil = Institution.objects.get(code="gent"), Institution.objects.get(code="vtagil-school-8")
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 8, 31, 19, 30, tzinfo=UTC))
    assert (school_year_of(local_date(ghent)), school_year_of(local_date(vtagil))) == (2025, 2026)


def test_labels_name_two_consecutive_years():
    assert school_year_label(2026) == "2026-2027"
    assert school_year_label(2026, "/") == "2026/2027"
    assert parse_school_year("2026-2027") == 2026
    assert [parse_school_year(label) for label in ("2026-2028", "2026/2027", "2026", "", None)] == [None] * 5
