"""The school year both domains count in (HS-R2, SS-R4): 1 September to 31 August."""

from datetime import UTC, date, datetime

from django.utils import timezone

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


def test_today_is_the_portals_local_day(monkeypatch, settings):
    """At 22:30 UTC on 31 August it is already 1 September in Brussels (UTC+2): the new school year."""
    settings.TIME_ZONE = "Europe/Brussels"
    for hour, start_year in ((21, 2025), (22, 2026)):
        monkeypatch.setattr(timezone, "now", lambda hour=hour: datetime(2026, 8, 31, hour, 30, tzinfo=UTC))
        assert school_year_of() == start_year


def test_labels_name_two_consecutive_years():
    assert school_year_label(2026) == "2026-2027"
    assert school_year_label(2026, "/") == "2026/2027"
    assert parse_school_year("2026-2027") == 2026
    assert [parse_school_year(label) for label in ("2026-2028", "2026/2027", "2026", "", None)] == [None] * 5
