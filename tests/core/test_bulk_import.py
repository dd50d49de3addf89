"""Issue #4, speed without an audit hole: the bulk import path keeps every rule and every history row."""

from datetime import date

import pytest

from core.exchange import run_import
from studysupport.models import Initiative, Pupil
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "institution;external_code;first_name;last_name;school_level;grade;initiative;registered_on"


@pytest.fixture
def gent():
    institution = InstitutionFactory(code="gent-b", name="Stad Gent (b)")
    for number in range(3):
        InitiativeFactory(institution=institution, code=f"init-{number}")
    return institution


def pupils_csv(count, changed=(), grade=3):
    lines = [HEADER]
    for number in range(count):
        name = "Gewijzigd" if number in changed else "Leerling"
        lines.append(f"gent-b;P{number:04d};{name};{number:04d};BaO;{grade};init-{number % 3};01.09.2026")
    return ("\n".join(lines) + "\n").encode()


def test_every_imported_record_has_its_history_row_with_user_and_batch(gent):
    user = UserFactory(is_superuser=True)
    report = run_import("studysupport.Pupil", pupils_csv(250), "jaar.csv", user=user)
    assert report.applied and report.new == 250
    histories = Pupil.history.filter(institution=gent)
    assert histories.count() == 250
    assert set(histories.values_list("history_type", flat=True)) == {"+"}
    assert set(histories.values_list("history_user", flat=True)) == {user.pk}
    reasons = set(histories.values_list("history_change_reason", flat=True))
    assert len(reasons) == 1 and "jaar.csv" in reasons.pop()


def test_reimport_writes_and_records_only_the_changed_rows(gent):
    run_import("studysupport.Pupil", pupils_csv(100), "jaar.csv")
    changed = set(range(0, 100, 10))
    report = run_import("studysupport.Pupil", pupils_csv(100, changed=changed), "jaar-2.csv")
    assert (report.new, report.updated, report.unchanged) == (0, 10, 90)
    updates = Pupil.history.filter(history_type="~")
    assert updates.count() == 10
    assert set(updates.values_list("first_name", flat=True)) == {"Gewijzigd"}
    assert Pupil.objects.filter(first_name="Gewijzigd").count() == 10


def test_queries_do_not_grow_with_the_rows(gent, django_assert_max_num_queries):
    """The stock path makes about seven queries per row; here fewer than one per ten rows
    (SQLite's parameter limit splits a bulk insert into a few statements)."""
    with django_assert_max_num_queries(30):
        report = run_import("studysupport.Pupil", pupils_csv(300), "jaar.csv")
    assert report.applied and Pupil.objects.count() == 300
    with django_assert_max_num_queries(30):
        report = run_import("studysupport.Pupil", pupils_csv(300, changed={1, 2}), "jaar-2.csv")
    assert report.updated == 2


def test_model_rules_still_run_per_row_in_bulk(gent):
    other = InstitutionFactory(code="elders")
    InitiativeFactory(institution=other, code="init-x")
    raw = HEADER + "\ngent-b;P1;A;B;BaO;3;init-x;01.09.2026\ngent-b;P2;A;B;XX;3;init-1;01.09.2026\n"
    report = run_import("studysupport.Pupil", raw.encode(), "x.csv")
    assert not report.applied and Pupil.objects.count() == 0
    assert [(problem.line, problem.column) for problem in report.problems] == [
        (2, "Initiative"),
        (3, "School level"),
    ]


def test_a_key_stored_since_the_preview_fails_the_whole_import(gent, monkeypatch):
    """The loader sees stored keys; should a record appear between loading and writing, the
    database constraint refuses the batch and nothing of the file is kept."""
    from core import resources

    monkeypatch.setattr(resources.KeyedInstanceLoader, "get_instance", lambda self, row: None)
    PupilFactory(institution=gent, external_code="P0001")
    report = run_import("studysupport.Pupil", pupils_csv(5), "x.csv")
    assert not report.applied and report.problems
    assert Pupil.objects.count() == 1


def test_streamed_export_rows_equal_the_resources_own_export(gent):
    """The export reads plain values instead of whole records; what it writes must not differ."""
    from core.exchange import export_rows, resource_for

    PupilFactory(institution=gent, first_name="=SUM(A1)", initiative=None)
    PupilFactory(institution=gent, initiative=Initiative.objects.get(code="init-1"), registered_on=date(2026, 9, 1))
    resource = resource_for("studysupport.Pupil")()
    queryset = Pupil.objects.filter(institution=gent).order_by("pk")
    streamed = list(export_rows(resource, queryset))
    assert streamed == [resource.export_resource(pupil) for pupil in queryset]
    assert streamed[0][resource.get_export_headers().index("First name")] == "'=SUM(A1)"
