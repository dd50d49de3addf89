"""Issue 21 items 1 and 2: import files and records' documents in a real S3-compatible store
(SeaweedFS, the ``in_buckets`` fixture): the worker reads the import from the bucket, the purge
and a record's deletion remove their objects, ``manage.py check`` names a bucket it cannot reach."""

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
