"""Issue 21 item 2: an application's documents in a real S3-compatible store (SeaweedFS, the
``in_buckets`` fixture), as on disk: stored privately, checked by content, downloaded by staff
only through the portal, removed with the record; an outage of the store loses nothing typed."""

import urllib.error
import urllib.request

import pytest

from config.settings.buckets import bucket_storages
from forms_app.models import Submission, SubmissionFile
from studysupport.models import SubsidyApplication
from tests.forms_app.conftest import subsidy_data
from tests.forms_app.files import PDF, PNG, upload
from tests.object_store import free_ports

pytestmark = pytest.mark.django_db


def submit_budget(client, page, uploaded, **fields):
    return client.post(page.url, {**subsidy_data(**fields), "budget": uploaded})


def test_an_upload_is_an_object_in_the_private_bucket_and_nowhere_on_disk(client, subsidy_page, in_buckets):
    assert submit_budget(client, subsidy_page, upload("begroting.pdf", PDF)).status_code == 302
    attached = SubmissionFile.objects.get()
    assert in_buckets.objects("private") == [attached.file.name] and in_buckets.objects("media") == []
    assert in_buckets.client().get_object(Bucket="private", Key=attached.file.name)["Body"].read() == PDF
    assert Submission.objects.get().reference.startswith("SA-")  # the applicant's reference, as on disk


def test_an_unsigned_request_for_the_object_is_refused(client, subsidy_page, in_buckets):
    submit_budget(client, subsidy_page, upload("begroting.pdf", PDF))
    name = SubmissionFile.objects.get().file.name
    for url in (f"{in_buckets.endpoint_url}/private/{name}", f"{in_buckets.endpoint_url}/private/"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url)  # noqa: S310 - the test's own loopback store
        assert refused.value.code == 403


def test_staff_download_it_through_the_portal(client, subsidy_page, in_buckets, institution_admin):
    submit_budget(client, subsidy_page, upload("begroting.pdf", PDF))
    attached = SubmissionFile.objects.get()
    client.force_login(institution_admin)
    response = client.get(f"/admin/application-files/{attached.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("attachment")
    client.logout()
    assert client.get(f"/admin/application-files/{attached.pk}/").status_code == 302  # to the login


def test_a_file_whose_content_does_not_match_is_refused_and_not_stored(client, subsidy_page, in_buckets):
    response = submit_budget(client, subsidy_page, upload("begroting.pdf", PNG, "application/pdf"))
    assert "De naam van het bestand past niet bij de inhoud" in response.content.decode()
    assert in_buckets.objects("private") == [] and not SubsidyApplication.objects.exists()


def test_deleting_the_record_removes_its_objects(client, subsidy_page, in_buckets, django_capture_on_commit_callbacks):
    submit_budget(client, subsidy_page, upload("begroting.pdf", PDF))
    assert len(in_buckets.objects("private")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        SubsidyApplication.objects.get().delete()
    assert in_buckets.objects("private") == []


def test_a_store_that_is_down_keeps_what_was_typed_and_says_so(client, subsidy_page, in_buckets, settings):
    down = {**in_buckets.env, "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_ports(1)[0]}"}
    settings.STORAGES = {**settings.STORAGES, **bucket_storages(down)}
    response = submit_budget(client, subsidy_page, upload("begroting.pdf", PDF), initiative_name="Huiswerkklas Rabot")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Uw bestanden konden nu niet bewaard worden" in content
    assert 'value="Huiswerkklas Rabot"' in content
    assert not SubsidyApplication.objects.exists() and not Submission.objects.exists()


def test_documents_stored_before_a_failure_are_removed_again(client, subsidy_page, in_buckets, monkeypatch):
    """The budget is stored, then writing its row fails: the object goes with the rolled-back records."""
    write_row = SubmissionFile.save

    def store_then_fail(attached, *args, **kwargs):
        write_row(attached, *args, **kwargs)
        raise OSError("the store went away")

    monkeypatch.setattr(SubmissionFile, "save", store_then_fail)
    response = submit_budget(client, subsidy_page, upload("begroting.pdf", PDF))
    assert "Uw bestanden konden nu niet bewaard worden" in response.content.decode()
    assert in_buckets.objects("private") == [] and not SubsidyApplication.objects.exists()
