"""Issue 21 items 1 and 2: import files and records' documents in a real S3-compatible store
(SeaweedFS, the ``in_buckets`` fixture): the worker reads the import from the bucket, the purge
and a record's deletion remove their objects, ``manage.py check`` names a bucket it cannot reach."""

import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from config.settings.buckets import bucket_storages
from core.models import ImportBatch
from core.purge import IMPORT_FILES, purge_expired
from core.storage import check_buckets
from tests.core.test_background_import import DATABASE_QUEUE, URL, admin_client, rows, run_worker  # noqa: F401
from tests.factories import UserFactory
from tests.object_store import free_ports
from tests.testdomain.factories import LoanFactory
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@override_settings(IMPORT_BACKGROUND_ROWS=10, TASKS=DATABASE_QUEUE)
def test_the_worker_reads_an_uploaded_import_from_the_bucket(
    admin_client,  # noqa: F811
    run_worker,  # noqa: F811
    in_buckets,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{URL}import/", {"file": SimpleUploadedFile("groot.csv", rows(25))})
    batch = ImportBatch.objects.get()
    assert in_buckets.objects("private") == [batch.file.name]
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "preview" and batch.report["new"] == 25
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{URL}import_confirm/{batch.pk}/")
    run_worker()
    assert Loan.objects.count() == 25


def test_the_purge_removes_an_old_import_file_from_the_bucket(in_buckets, django_capture_on_commit_callbacks):
    batch = ImportBatch.objects.create(model_label="testdomain.Loan", original_name="rows.csv", user=UserFactory())
    batch.file.save("rows.csv", ContentFile(b"code\n"), save=False)
    batch.ended_at = timezone.now() - timedelta(days=365)
    batch.save()
    assert in_buckets.objects("private") == [batch.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired()[""] == {IMPORT_FILES: 1}
    assert in_buckets.objects("private") == []


def test_a_records_document_is_served_from_the_bucket_and_leaves_with_the_record(
    client, in_buckets, django_capture_on_commit_callbacks
):
    from core.roles import INSTITUTION_ADMINISTRATOR

    loan = LoanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        loan.slip.save("slip.pdf", ContentFile(PDF))
    assert in_buckets.objects("private") == [loan.slip.name]
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=loan.institution))
    response = client.get(f"/admin/record-files/testdomain/loan/{loan.pk}/slip/")
    assert b"".join(response.streaming_content) == PDF and response["Content-Type"] == "application/pdf"
    with django_capture_on_commit_callbacks(execute=True):
        loan.delete()
    assert in_buckets.objects("private") == []


def test_the_check_names_a_missing_bucket_and_an_unreachable_store(in_buckets, settings):
    assert check_buckets() == []
    settings.STORAGES = {
        **settings.STORAGES,
        **bucket_storages({**in_buckets.env, "PRIVATE_STORAGE_BUCKET_NAME": "gone"}),
    }
    [missing] = check_buckets()
    assert "private storage's bucket 'gone'" in missing.msg and "does not exist" in missing.msg
    down = {**in_buckets.env, "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_ports(1)[0]}"}
    settings.STORAGES = {**settings.STORAGES, **bucket_storages(down)}
    assert [error.msg.split(" at ")[0] for error in check_buckets()] == [
        "The default storage's bucket 'media'",
        "The private storage's bucket 'private'",
    ]
    assert all("cannot be reached" in error.msg for error in check_buckets())


def test_an_import_upload_while_the_store_is_down_says_so(admin_client, in_buckets, settings):  # noqa: F811
    down = {**in_buckets.env, "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_ports(1)[0]}"}
    settings.STORAGES = {**settings.STORAGES, **bucket_storages(down)}
    response = admin_client.post(f"{URL}import/", {"file": SimpleUploadedFile("rijen.csv", rows(3))})
    assert response.status_code == 200
    assert "Your files could not be stored just now" in response.content.decode()
    assert not ImportBatch.objects.exists()


@override_settings(EXPORT_STREAM_MAX_ROWS=0)
def test_an_export_is_written_to_the_bucket_and_downloaded_by_its_owner_alone(
    client, in_buckets, django_capture_on_commit_callbacks
):
    """Issue 21 item 2: the background export's file is an object of the private bucket, which the
    portal streams to the user who asked for it and to nobody else; the store refuses an unsigned GET."""
    from core.models import ExportJob
    from core.roles import INSTITUTION_ADMINISTRATOR

    loan = LoanFactory(borrower="Lina Bucketlezer")
    owner = UserFactory(username="owner", role=INSTITUTION_ADMINISTRATOR, institution=loan.institution)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get("/admin/testdomain/loan/export/", {"format": "csv"})
    export = ExportJob.objects.get()
    assert started.status_code == 302 and export.status == "done"
    assert in_buckets.objects("private") == [export.file.name]

    download = client.get(f"/admin/testdomain/loan/export_download/{export.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert "Lina Bucketlezer" in b"".join(download.streaming_content).decode("utf-8-sig")

    client.force_login(UserFactory(username="colleague", role=INSTITUTION_ADMINISTRATOR, institution=loan.institution))
    assert client.get(f"/admin/testdomain/loan/export_download/{export.pk}/").status_code == 404
    for url in (f"{in_buckets.endpoint_url}/private/{export.file.name}", f"{in_buckets.endpoint_url}/private/"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url)  # noqa: S310 - the test's own loopback store
        assert refused.value.code == 403


def edit_loan(client, loan, **changes):
    """The loan's admin edit form sent with a new signed slip and ``changes``."""
    data = {
        "institution": loan.institution_id,
        "book": loan.book_id,
        "borrower": loan.borrower,
        "email": loan.email,
        "lent_on": loan.lent_on.isoformat(),
        "slip": SimpleUploadedFile("getekend.pdf", PDF, "application/pdf"),
        **changes,
    }
    return client.post(f"/admin/testdomain/loan/edit/{loan.pk}/", data)


@pytest.fixture
def dutch_librarian(client):
    from wagtail.users.models import UserProfile

    from core.roles import INSTITUTION_ADMINISTRATOR

    loan = LoanFactory(borrower="Lina")
    user = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=loan.institution)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    client.force_login(user)
    return loan


def test_an_admin_edit_with_a_document_while_the_store_is_down_keeps_the_form_and_saves_nothing(
    client, dutch_librarian, in_buckets, settings
):
    """Issue 21: a storage outage during an upload in the admin is no 500: the form comes back in the
    user's language with what they typed, and neither the record nor its history changed."""
    loan, versions = dutch_librarian, dutch_librarian.history.count()
    down = {**in_buckets.env, "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_ports(1)[0]}"}
    settings.STORAGES = {**settings.STORAGES, **bucket_storages(down)}
    response = edit_loan(client, loan, borrower="Lina Vandevelde")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Uw bestanden konden nu niet bewaard worden, dus er is niets opgeslagen" in content
    assert 'value="Lina Vandevelde"' in content, "what was typed stays in the form"
    loan.refresh_from_db()
    assert (loan.borrower, loan.slip.name, loan.history.count()) == ("Lina", "", versions)


def test_an_admin_document_stored_before_a_failure_is_removed_with_the_rolled_back_change(
    client, dutch_librarian, in_buckets, monkeypatch
):
    """The slip reaches the bucket, then the store fails while the change is written (here: its history
    row): the change rolls back and the object stored for it is deleted again, nothing half kept."""
    from botocore.exceptions import EndpointConnectionError
    from simple_history.models import HistoricalRecords

    loan, versions = dutch_librarian, dutch_librarian.history.count()
    stored = []

    def fail_after_the_slip(*args, **kwargs):
        stored.extend(in_buckets.objects("private"))
        raise EndpointConnectionError(endpoint_url=in_buckets.endpoint_url)

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", fail_after_the_slip)
    response = edit_loan(client, loan, borrower="Lina Vandevelde")
    assert response.status_code == 200 and "Uw bestanden konden nu niet bewaard worden" in response.content.decode()
    assert len(stored) == 1, "the slip was in the bucket when the change failed"
    assert in_buckets.objects("private") == []
    loan.refresh_from_db()
    assert (loan.borrower, loan.slip.name, loan.history.count()) == ("Lina", "", versions)


@pytest.fixture
def queued_export():
    from core.models import ExportJob
    from core.roles import INSTITUTION_ADMINISTRATOR

    loan = LoanFactory(borrower="Lina Bucketlezer")
    owner = UserFactory(username="owner", role=INSTITUTION_ADMINISTRATOR, institution=loan.institution)
    return ExportJob.objects.create(model_label="testdomain.Loan", file_format="csv", user=owner, filename="loans.csv")


def test_a_run_taking_over_a_killed_export_removes_the_object_the_dead_one_left(in_buckets, queued_export):
    """The worker died after naming and storing the file but before marking the export ready: the
    run that takes the job again removes that object and stores the whole file anew."""
    from core import exports
    from core.storage import private_files

    left = private_files.save("exports/2026/12/loans.csv", ContentFile(b"institution;book\nhalf"))
    type(queued_export).objects.filter(pk=queued_export.pk).update(status="running", file=left)
    exports.write(queued_export.pk)
    queued_export.refresh_from_db()
    assert queued_export.status == "done" and in_buckets.objects("private") == [queued_export.file.name]
    written = queued_export.file.open().read().decode("utf-8-sig")
    assert "Lina Bucketlezer" in written and "half" not in written, "the dead run's object went"


def test_an_export_whose_store_fails_while_writing_keeps_no_object(in_buckets, queued_export, monkeypatch):
    """The object arrives, then the connection drops before the store answers: the export fails and
    the object goes, nothing half kept."""
    from botocore.exceptions import EndpointConnectionError

    from core import exports
    from core.storage import PrivateS3Storage

    real_save = PrivateS3Storage._save

    def stored_then_lost(storage, name, content):
        real_save(storage, name, content)
        raise EndpointConnectionError(endpoint_url=in_buckets.endpoint_url)

    monkeypatch.setattr(PrivateS3Storage, "_save", stored_then_lost)
    with pytest.raises(EndpointConnectionError):
        exports.write(queued_export.pk)
    queued_export.refresh_from_db()
    assert queued_export.status == "failed" and not queued_export.file
    assert in_buckets.objects("private") == []
