"""Issue 15.5: an export too large for a request is written by a background job and downloaded
only once complete; the streamed path refuses it; a large upload is not read in its request."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import override_settings

from core import exchange
from core.models import ExportJob, ImportBatch, Membership
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory, LoanFactory

pytestmark = pytest.mark.django_db

URL = "/admin/testdomain/loan/"


@pytest.fixture
def ours():
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    for institution, count in ((ours, 5), (theirs, 2)):
        book = BookFactory(institution=institution, code="b1")
        for number in range(count):
            LoanFactory(institution=institution, book=book, borrower=f"{institution.code} {number}")
    return ours


@pytest.fixture
def admin_user(ours):
    return UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def ask_export(client, capture, file_format="csv", **query):
    """The list's export button; the job (immediate in the tests) runs when the request commits."""
    with capture(execute=True):
        return client.get(f"{URL}export/", {"format": file_format, **query})


@override_settings(EXPORT_STREAM_MAX_ROWS=5)
def test_an_export_within_the_limit_streams(admin_client):
    response = admin_client.get(f"{URL}export/?format=csv")
    assert isinstance(response, StreamingHttpResponse)
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))) == 6
    assert not ExportJob.objects.exists()


@override_settings(EXPORT_STREAM_MAX_ROWS=4)
def test_the_streamed_path_refuses_a_large_export_and_the_job_writes_it_whole(
    admin_client, django_capture_on_commit_callbacks
):
    response = ask_export(admin_client, django_capture_on_commit_callbacks, o="2")
    assert not isinstance(response, StreamingHttpResponse), "5 rows over a limit of 4 must not stream"
    export = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}export_job/{export.pk}/"
    assert (export.status, export.rows_total, export.rows_written) == ("done", 5, 5)
    assert export.query == "o=2", "the job asks the list with its ordering"

    page = admin_client.get(response["Location"]).content.decode()
    assert "The file is ready: 5 rows." in page and 'http-equiv="refresh"' not in page
    download = admin_client.get(f"{URL}export_download/{export.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 6 and all(row[0] == "ours" for row in rows[1:]), "only our records, every one"
    assert export.institutions == [admin_user_institution(export)]


def admin_user_institution(export):
    return Membership.objects.get(user=export.user).institution_id


@override_settings(EXPORT_STREAM_MAX_ROWS=0)
@pytest.mark.parametrize("file_format", ["xlsx", "json"])
def test_xlsx_and_json_exports_run_as_jobs_too(admin_client, django_capture_on_commit_callbacks, file_format):
    ask_export(admin_client, django_capture_on_commit_callbacks, file_format, q="ours 3")
    export = ExportJob.objects.get()
    content = b"".join(admin_client.get(f"{URL}export_download/{export.pk}/").streaming_content)
    if file_format == "json":
        rows = json.loads(content)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len(rows) == 1 and export.filename.endswith(f".{file_format}"), "the list's search holds in the job"


@override_settings(EXPORT_STREAM_MAX_ROWS=1)
def test_a_job_that_fails_midway_leaves_nothing_to_download(
    admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    def fail_after_one_chunk(chunks):
        yield next(chunks)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(exchange, "EXPORT_CHUNK_ROWS", 2)
    real_chunks = exchange._export_chunks
    monkeypatch.setattr(exchange, "_export_chunks", lambda *args: fail_after_one_chunk(real_chunks(*args)))
    ask_export(admin_client, django_capture_on_commit_callbacks)  # the queue keeps the job's exception
    export = ExportJob.objects.get()
    assert export.status == "failed" and not export.file, "no file stored before the last row"
    assert admin_client.get(f"{URL}export_download/{export.pk}/").status_code == 404
    page = admin_client.get(f"{URL}export_job/{export.pk}/").content.decode()
    assert "The export failed" in page and 'http-equiv="refresh"' not in page


def test_a_running_export_shows_its_progress_and_no_download(admin_client, admin_user):
    export = ExportJob.objects.create(
        model_label="testdomain.Loan", file_format="csv", user=admin_user, filename="x.csv", status="running"
    )
    ExportJob.objects.filter(pk=export.pk).update(rows_total=10, rows_written=4)
    page = admin_client.get(f"{URL}export_job/{export.pk}/").content.decode()
    assert "Writing the rows: 4 of 10" in page and 'http-equiv="refresh"' in page
    assert admin_client.get(f"{URL}export_download/{export.pk}/").status_code == 404


@override_settings(EXPORT_STREAM_MAX_ROWS=1)
def test_only_the_user_who_asked_downloads_and_only_while_they_see_its_institutions(
    client, admin_user, ours, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    ask_export(client, django_capture_on_commit_callbacks)
    export = ExportJob.objects.get()
    download = f"{URL}export_download/{export.pk}/"
    colleague = UserFactory(username="colleague", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    client.force_login(colleague)
    assert client.get(download).status_code == 404
    assert client.get(f"{URL}export_job/{export.pk}/").status_code == 404

    client.force_login(admin_user)
    Membership.objects.filter(user=admin_user).update(institution=InstitutionFactory(code="elsewhere"))
    assert client.get(download).status_code == 403, "moved to another institution: not our records any more"


@override_settings(IMPORT_BACKGROUND_BYTES=10)
def test_a_large_upload_is_not_read_in_its_request(admin_client, django_capture_on_commit_callbacks, monkeypatch):
    from core import exchange_views

    read_in_request = []
    monkeypatch.setattr(exchange_views, "read_table", lambda *args: read_in_request.append(args))
    file = SimpleUploadedFile("groot.csv", b"institution;book;borrower;email;lent_on\nours;b1;Lina;;01.09.2026\n")
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(f"{URL}import/", {"file": file})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and not read_in_request
    assert (batch.status, batch.rows_total) == ("checking", 0), "the worker counts the rows"

    from core.imports import check_batch_task

    check_batch_task.enqueue(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.rows_total, batch.report["new"]) == ("preview", 1, 1)


@override_settings(IMPORT_BACKGROUND_BYTES=10)
def test_an_unreadable_large_upload_fails_in_the_worker(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{URL}import/", {"file": SimpleUploadedFile("leeg.csv", b"institution;book;borrower\n")})
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "header but no rows" in batch.error
    assert "header but no rows" in admin_client.get(f"{URL}import_preview/{batch.pk}/").content.decode()
