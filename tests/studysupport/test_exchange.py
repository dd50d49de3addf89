"""Every Ghent record exchanges through the shared mechanism (P-X1..P-X3), its rules included."""

from datetime import date
from decimal import Decimal

import pytest

from core.exchange import resource_for, run_import, stream_export
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Signal, SubsidyApplication, Support, TrainingSession, WaitingListEntry
from tests.factories import (
    InitiativeFactory,
    InstitutionFactory,
    IntakeFactory,
    PupilFactory,
    UserFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent():
    institution = InstitutionFactory(code="gent-e")
    initiative = InitiativeFactory(institution=institution, code="vlieger", support_is_free=True)
    volunteer = VolunteerFactory(institution=institution, email="jonas@example.org", initiative=initiative)
    pupils = [PupilFactory(institution=institution, external_code=f"P{n}", initiative=initiative) for n in (1, 2)]
    for pupil in pupils:  # SS-R6: screened, so they may be taken into support
        IntakeFactory(institution=institution, pupil=pupil)
    return institution, initiative, volunteer, pupils


def export_bytes(label, file_format="csv"):
    resource = resource_for(label)()
    return b"".join(stream_export(resource, resource._meta.model.objects.all(), file_format))


def reimports_unchanged(label, file_format="csv"):
    report = run_import(label, export_bytes(label, file_format), f"export.{file_format}")
    assert report.applied, report.problems
    return report.new == report.updated == 0 and report.unchanged > 0


def test_waiting_list_entries_round_trip_including_the_citys_own_list(gent):
    """P-X2: an export re-imports unchanged."""
    institution, initiative, _volunteer, pupils = gent
    WaitingListEntry.objects.create(institution=institution, pupil=pupils[0], initiative=initiative)
    WaitingListEntry.objects.create(institution=institution, pupil=pupils[1], initiative=None)
    assert reimports_unchanged("studysupport.WaitingListEntry")
    assert WaitingListEntry.objects.count() == 2


def test_importing_a_support_closes_the_pupils_waiting_list_entries_ss_r1(gent):
    institution, initiative, _volunteer, pupils = gent
    entry = WaitingListEntry.objects.create(institution=institution, pupil=pupils[0], initiative=initiative)
    raw = (
        b"institution;initiative;volunteer;start;setting;format;focus;pupils\n"
        b"gent-e;vlieger;jonas@example.org;01.10.2026;home;small_group;language;P1,P2\n"
    )
    report = run_import("studysupport.Support", raw, "begeleidingen.csv")
    assert report.applied, report.problems
    support = Support.objects.get()
    assert sorted(support.pupils.values_list("external_code", flat=True)) == ["P1", "P2"]
    entry.refresh_from_db()
    assert entry.closed_on == date(2026, 10, 1)
    assert reimports_unchanged("studysupport.Support")
    fewer = run_import("studysupport.Support", raw.replace(b"P1,P2", b"P1"), "begeleidingen-2.csv")
    assert not fewer.applied, "SS-R7: a small group has two pupils or more"
    assert [problem.message for problem in fewer.problems] == ["A small group has two pupils or more."]
    one = run_import(
        "studysupport.Support", raw.replace(b"P1,P2", b"P1").replace(b"small_group", b"one_to_one"), "b-3.csv"
    )
    assert one.updated == 1 and list(support.pupils.values_list("external_code", flat=True)) == ["P1"]


def test_a_pupil_code_of_another_institution_is_refused_by_line_and_column(gent):
    """P-X3, P-X4, P-A2: a natural key names only a record of the row's institution."""
    InstitutionFactory(code="elders")
    PupilFactory(institution=InstitutionFactory(code="elders"), external_code="X9")
    raw = (
        b"institution;initiative;volunteer;start;setting;format;focus;pupils\n"
        b"gent-e;vlieger;jonas@example.org;01.10.2026;home;one_to_one;language;P1,X9\n"
    )
    report = run_import("studysupport.Support", raw, "begeleidingen.csv")
    assert not report.applied and Support.objects.count() == 0
    assert [(problem.line, problem.column) for problem in report.problems] == [(2, "Pupils")]
    assert "X9" in report.problems[0].message


def test_training_sessions_round_trip_with_attendees(gent):
    """P-X2: an export re-imports unchanged."""
    institution, initiative, volunteer, _pupils = gent
    session = TrainingSession.objects.create(
        institution=institution, initiative=None, date=date(2026, 9, 5), topic="Start"
    )
    session.attendees.add(volunteer)
    assert reimports_unchanged("studysupport.TrainingSession", "xlsx")


def test_subsidy_applications_import_applies_ss_r3(gent):
    _institution, initiative, _volunteer, _pupils = gent
    header = "institution;initiative;school_year;requested_amount;declares_support_free;declares_ghent_pupils\n"
    refused = run_import(
        "studysupport.SubsidyApplication", (header + "gent-e;vlieger;2026-2027;1500;0;1\n").encode(), "a.csv"
    )
    assert not refused.applied and "DS1" in refused.problems[0].message
    accepted = run_import(
        "studysupport.SubsidyApplication", (header + "gent-e;vlieger;2026-2027;1500,50;1;1\n").encode(), "a.csv"
    )
    assert accepted.applied and SubsidyApplication.objects.get().initiative == initiative
    assert SubsidyApplication.objects.get().requested_amount == Decimal("1500.50")
    assert reimports_unchanged("studysupport.SubsidyApplication", "json")


def test_only_the_coordinator_imports_an_initiatives_signals(gent):
    """SS-R8, P-A2: signals are the coordinator's, in the import too."""
    institution, initiative, _volunteer, _pupils = gent
    coordinator = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=institution)
    colleague = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=institution)
    initiative.coordinator_user = coordinator
    initiative.save()
    raw = (
        "institution;initiative;pupil;reported_by;reported_on;kind\n"
        "gent-e;vlieger;P1;jonas@example.org;02.10.2026;Huur\n"
    )
    refused = run_import("studysupport.Signal", raw.encode(), "s.csv", user=colleague)
    assert not refused.applied and "coordinator" in refused.problems[0].message
    assert run_import("studysupport.Signal", raw.encode(), "s.csv", user=coordinator).applied
    assert Signal.objects.get().history.get().history_user == coordinator
