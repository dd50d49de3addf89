"""The purge of what has been kept long enough (P-O3, issue 16.8; CO-R13 for home control works),
walked over every registered record model: one institution's records have expired, the other's
have not; the expired ones leave with their documents, history rows and log entries."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from core.models import DataRemoval, ImportBatch, private_file_fields
from core.purge import HISTORY_ROWS, IMPORT_FILES, purge_expired, record_models
from core.retention import retention_of
from correspondence.models import HomeControlWork
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each
from tests.testdomain.factories import LoanFactory
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

LONG_AGO = date(2001, 1, 15)
PDF = b"%PDF-1.4\n%%EOF\n"


def end_case(record):
    """Make ``record``'s case end long ago, as its model's retention says a case ends."""
    retention = retention_of(type(record))
    if retention.follows:
        end_case(getattr(record, retention.follows))
    elif isinstance(retention.ends, Q):
        ended = {
            key.removesuffix("__in"): value[0] if key.endswith("__in") else value
            for key, value in retention.ends.children
        }
        type(record)._base_manager.filter(pk=record.pk).update(**ended)
    elif retention.ends:
        *path, name = retention.ends.split("__")
        target = record
        for link in path:
            target = getattr(target, link)
        dated = isinstance(type(target)._meta.get_field(name), models.DateField)
        value = LONG_AGO if dated else LONG_AGO.year  # a date, or the year a school year starts in
        type(target)._base_manager.filter(pk=target.pk).update(**{name: value})


def store_documents(record):
    """A document in each of the record's private file fields: {field: stored name}."""
    stored = {}
    for field in private_file_fields(type(record)):
        name = field.storage.save(f"purge-test/{record._meta.model_name}.pdf", ContentFile(PDF))
        type(record)._base_manager.filter(pk=record.pk).update(**{field.attname: name})
        stored[field] = name
    return stored


@pytest.fixture
def world():
    expiring, current = InstitutionFactory(code="expiring"), InstitutionFactory(code="current")
    worlds = {}
    for institution in (expiring, current):
        records = one_record_of_each(institution)
        for record in records.values():
            log(instance=record, action="wagtail.edit")
        worlds[institution.code] = {"records": records, "files": {m: store_documents(r) for m, r in records.items()}}
    for record in worlds["expiring"]["records"].values():
        end_case(record)
    for model in record_models():
        model.history.filter(institution=expiring).update(history_date=timezone.now() - timedelta(days=365 * 20))
    return worlds


def purged(model):
    """Whether the purge removes ``model``'s records: not where they, or the records they follow, are kept."""
    retention = retention_of(model)
    while retention.follows:
        model = model._meta.get_field(retention.follows).related_model
        retention = retention_of(model)
    return not retention.kept


def test_every_registered_record_model_is_covered(world):
    assert set(world["expiring"]["records"]) == set(record_models())


def test_the_expired_records_leave_with_their_documents_history_and_log_entries(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = purge_expired()
    for institution, expect_gone in (("expiring", True), ("current", False)):
        for model, record in world[institution]["records"].items():
            gone = expect_gone and purged(model)
            label = f"{institution} {model._meta.label}"
            assert model._base_manager.filter(pk=record.pk).exists() is not gone, label
            assert model.history.filter(id=record.pk).exists() is not gone, f"{label}: history rows"
            assert ModelLogEntry.objects.for_instance(record).exists() is not gone, f"{label}: log entries"
            for field, name in world[institution]["files"][model].items():
                assert field.storage.exists(name) is not gone, f"{label}: {field.name}"
    assert "current" not in report
    counts = report["expiring"]
    assert {label for label in counts if label != HISTORY_ROWS} == {m._meta.label for m in record_models() if purged(m)}
    assert counts[HISTORY_ROWS] >= len(counts) - 1


def test_a_purge_is_recorded_with_counts_only(world):
    report = purge_expired()
    removal = DataRemoval.objects.get()
    assert removal.kind == DataRemoval.Kind.PURGE and removal.counts == report
    kept = json.dumps(removal.counts, ensure_ascii=False)
    for record in world["expiring"]["records"].values():
        assert str(record) not in kept or not str(record).strip(), record


def test_a_second_run_purges_nothing(world):
    assert purge_expired()
    assert purge_expired() == {}


def test_a_dry_run_reports_what_a_run_purges_and_changes_nothing(world, django_capture_on_commit_callbacks):
    def snapshot():
        return {m: (m._base_manager.count(), m.history.count()) for m in record_models()}, ModelLogEntry.objects.count()

    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        report = purge_expired(dry_run=True)
    assert snapshot() == before
    assert not DataRemoval.objects.exists()
    for files in world["expiring"]["files"].values():
        assert all(field.storage.exists(name) for field, name in files.items())
    assert purge_expired() == report


def test_the_command_prints_the_dry_run_per_institution_and_model(world, capsys):
    call_command("purge_expired", "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("Would purge:")
    assert "expiring" in out and "correspondence.HomeControlWork: 1" in out and "current" not in out
    assert HomeControlWork.objects.count() == 2


def test_the_history_of_a_record_deleted_by_hand_leaves_once_its_deletion_is_old():
    institution = InstitutionFactory()
    loan = LoanFactory(institution=institution)
    pk = loan.pk
    loan.delete()
    assert Loan.history.filter(id=pk).count() == 2, "created and deleted"
    assert purge_expired() == {}, "deleted today: its trail stays for the period"
    Loan.history.filter(id=pk).update(history_date=timezone.now() - timedelta(days=365 * 6))
    assert purge_expired()[institution.code] == {HISTORY_ROWS: 2}
    assert not Loan.history.filter(id=pk).exists()


def test_co_r13_home_control_works_are_kept_one_year_whatever_the_institution_keeps():
    institution = InstitutionFactory(retention_years=10)
    work = one_record_of_each(institution)[HomeControlWork]
    today = institution.today()
    HomeControlWork.objects.filter(pk=work.pk).update(received_on=today - timedelta(days=360))
    assert HomeControlWork.objects.filter(pk=work.pk).exists() and purge_expired() == {}
    HomeControlWork.objects.filter(pk=work.pk).update(received_on=today - timedelta(days=370))
    assert purge_expired()[institution.code]["correspondence.HomeControlWork"] == 1
    assert not HomeControlWork.objects.filter(pk=work.pk).exists()
    assert not HomeControlWork.history.filter(id=work.pk).exists()


def test_a_case_still_running_keeps_what_it_shares_with_an_expired_one():
    """An order names two cases' teachers: it stays while one case runs."""
    from tests.homeschool.factories import AssignmentFactory

    institution = InstitutionFactory()
    old = AssignmentFactory(institution=institution, order__institution=institution, case__institution=institution)
    running = AssignmentFactory(institution=institution, order=old.order, case__institution=institution)
    type(old.case).objects.filter(pk=old.case.pk).update(closed_on=LONG_AGO)
    type(old.order).objects.filter(pk=old.order.pk).update(issued_on=LONG_AGO)
    report = purge_expired()[institution.code]
    assert "homeschool.HomeSchoolingOrder" not in report
    assert (
        type(old.order).objects.filter(pk=old.order.pk).exists()
        and type(running).objects.filter(pk=running.pk).exists()
    )


def test_import_files_leave_some_days_after_their_job_ended(settings, django_capture_on_commit_callbacks):
    settings.IMPORT_FILES_KEPT_DAYS = 30
    user = UserFactory()
    batches = {}
    for days in (31, 29):
        batch = ImportBatch.objects.create(model_label="testdomain.Loan", original_name="rows.csv", user=user)
        batch.file.save("rows.csv", ContentFile(b"code\n"), save=False)
        batch.ended_at = timezone.now() - timedelta(days=days)
        batch.save()
        batches[days] = (batch, batch.file.name)
    storage = batches[31][0].file.storage
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired()[""] == {IMPORT_FILES: 1}
    assert not storage.exists(batches[31][1]) and storage.exists(batches[29][1])
    assert ImportBatch.objects.get(pk=batches[31][0].pk).file.name == ""


def test_sign_in_links_leave_a_day_after_they_expired():
    """A families' sign-in link holds an e-mail address (P-O3): the purge takes it once spent."""
    from visitors.models import SignInLink

    SignInLink.issue("ouder@example.org")
    SignInLink.issue("verlopen@example.org")
    SignInLink.objects.filter(email="verlopen@example.org").update(expires_at=timezone.now() - timedelta(days=2))
    assert purge_expired()[""] == {"sign-in links": 1}
    assert list(SignInLink.objects.values_list("email", flat=True)) == ["ouder@example.org"]
