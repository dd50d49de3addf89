"""An export renders each distinct value of a column once (issue 15.8: the export at a fair baseline),
and the remembered cell is always the one the widget would write for that row's value."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from core import exchange


def counting_render(calls):
    def render(value):
        calls.append(value)
        return repr(value)

    return render


def test_a_recurring_value_is_rendered_once():
    calls = []
    cell = exchange._remembered(counting_render(calls), str.upper)
    cells = [cell(value) for value in ["BaO", "SO", "BaO", "BaO", 4, 4, date(2026, 9, 1), date(2026, 9, 1), None, None]]
    day = "DATETIME.DATE(2026, 9, 1)"
    assert cells == ["'BAO'", "'SO'", "'BAO'", "'BAO'", "4", "4", day, day, "NONE", "NONE"]
    assert calls == ["BaO", "SO", 4, date(2026, 9, 1), None]


def test_equal_values_that_render_apart_are_never_mixed_up():
    """True equals 1, Decimal("1.0") equals Decimal("1.00"), and two datetimes of one instant in
    two zones are equal: each row still gets its own value's cell."""
    cell = exchange._remembered(repr, lambda value: value)
    assert [cell(1), cell(True)] == ["1", "True"]
    assert [cell(Decimal("1.0")), cell(Decimal("1.00"))] == ["Decimal('1.0')", "Decimal('1.00')"]
    brussels = datetime(2026, 9, 1, 10, tzinfo=UTC).astimezone(timezone(timedelta(hours=2)))
    assert [cell(datetime(2026, 9, 1, 10, tzinfo=UTC)), cell(brussels)] == [
        repr(datetime(2026, 9, 1, 10, tzinfo=UTC)),
        repr(brussels),
    ]


def test_a_column_of_many_values_starts_anew_past_the_limit(monkeypatch):
    """Memory stays constant: past the limit the column forgets and renders again, still right."""
    monkeypatch.setattr(exchange, "EXPORT_REMEMBERED_VALUES", 2)
    calls = []
    cell = exchange._remembered(counting_render(calls), lambda value: value)
    assert [cell(value) for value in ["a", "b", "c", "a"]] == ["'a'", "'b'", "'c'", "'a'"]
    assert calls == ["a", "b", "c", "a"]
