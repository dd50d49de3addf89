"""An export renders each distinct value of a column once (issue 15.8: the export at a fair baseline),
and the remembered cell is always the one the widget would write for that row's value."""

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import models

from core import exchange
from core.resources import FORMULA_STARTS, may_need_escape
from studysupport.models import Pupil
from studysupport.resources import PupilResource
from tests.factories import InitiativeFactory, PupilFactory


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


def test_an_equal_value_of_another_type_is_remembered_by_value_only_in_a_column_of_one_type():
    """A column's cells are looked up by value alone only where the field gives one type of value."""
    assert isinstance(exchange._column_cells(models.IntegerField(), repr, str).__self__, exchange.RememberedCells)
    decimals = exchange._column_cells(models.DecimalField(), repr, lambda value: value)
    assert [decimals(Decimal("1.0")), decimals(Decimal("1.00"))] == ["Decimal('1.0')", "Decimal('1.00')"]
    times = exchange._column_cells(models.DateTimeField(), repr, lambda value: value)
    brussels = datetime(2026, 9, 1, 10, tzinfo=UTC).astimezone(timezone(timedelta(hours=2)))
    assert times(datetime(2026, 9, 1, 10, tzinfo=UTC)) != times(brussels)


def test_one_search_over_a_rows_text_finds_every_cell_the_escape_would_change():
    for start in FORMULA_STARTS:
        assert may_need_escape([f"{start}1", "Lina"]) and may_need_escape(["Lina", f"{start}1"]), start
    assert may_need_escape(["Lina", "Pee\u2067ters"]), "a character that turns the text around"
    assert not may_need_escape(["Lina", "Anaïs", "1-2", "a=b", ""])


def test_a_text_column_holding_anything_but_text_is_rendered_cell_by_cell():
    assert exchange._text_cells(str.upper, ("a", "b")) == ("a", "b"), "written as read"
    assert list(exchange._text_cells(lambda value: "" if value is None else value.upper(), ("a", None))) == ["A", ""]


@pytest.mark.django_db
def test_among_many_rows_only_the_cells_that_need_it_are_escaped(monkeypatch):
    """A text column is written as read, but for its cells that need escaping, in whichever chunk
    of rows they come; a column of remembered cells escapes them too."""
    monkeypatch.setattr(exchange, "EXPORT_CHUNK_ROWS", 3)
    initiative = InitiativeFactory(code="-kern")
    pupils = [PupilFactory(institution=initiative.institution, initiative=initiative) for _number in range(7)]
    Pupil.objects.filter(pk=pupils[1].pk).update(last_name="=1+1")
    Pupil.objects.filter(pk=pupils[5].pk).update(first_name="Li\u202ena")  # stored before records refused it
    resource, queryset = PupilResource(), Pupil.objects.order_by("pk")
    rows = list(exchange.export_rows(resource, queryset))
    assert rows == [resource.export_resource(pupil) for pupil in queryset]
    headers = resource.get_export_headers()
    first_names, last_names, initiatives = (
        [row[headers.index(header)] for row in rows] for header in ("First name", "Last name", "Initiative")
    )
    assert last_names[:3] == [pupils[0].last_name, "'=1+1", pupils[2].last_name]
    assert first_names[3:] == ["Lina", "Lina", "Li<U+202E>na", "Lina"]
    assert set(initiatives) == {"'-kern"}
    shouting = ShoutingPupilResource()
    assert list(exchange.export_rows(shouting, queryset)) == [shouting.export_resource(pupil) for pupil in queryset]


class ShoutingPupilResource(PupilResource):
    """A resource with an escape of its own, which every cell goes through."""

    def escape(self, value):
        return super().escape(value).upper() if isinstance(value, str) else value


@pytest.mark.django_db
def test_progress_is_told_after_every_chunk_and_at_the_end(monkeypatch):
    monkeypatch.setattr(exchange, "EXPORT_CHUNK_ROWS", 2)
    for count, told in [(5, [2, 4, 5]), (4, [2, 4, 4])]:
        Pupil.objects.all().delete()
        PupilFactory.create_batch(count)
        calls = []
        assert len(list(exchange.export_rows(PupilResource(), Pupil.objects.all(), calls.append))) == count
        assert calls == told


@pytest.mark.parametrize(
    "rows",
    [
        [["Lina", "Peeters"], ["An", "Claes"]],
        [["a,b", "c"], ['a"b', ""]],
        [["a\nb", "c"], ["a\rb", "c"]],
        [[""], ["x"]],
        [[1, None], [2.5, "x"]],
    ],
)
def test_the_csv_text_is_what_the_csv_writer_writes(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    assert exchange.csv_text(rows) == buffer.getvalue()
