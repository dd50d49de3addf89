"""P-F4: documents allowed by content, limited in size, kept outside the web root, for authorised staff only."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import Submission, SubmissionFile
from forms_app.uploads import validate_upload
from studysupport.models import SubsidyApplication
from tests.factories import InstitutionFactory, UserFactory
from tests.forms_app.conftest import subsidy_data
from tests.forms_app.files import HTML, JPEG, PDF, PNG, upload

pytestmark = pytest.mark.django_db


def submit_budget(client, page, uploaded):
    return client.post(page.url, {**subsidy_data(), "budget": uploaded})


def stored_files():
    return [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (upload("begroting.pdf", PNG, "application/pdf"), "De naam van het bestand past niet bij de inhoud"),
        (
            upload("begroting.pdf", HTML, "application/pdf"),
            "Alleen bestanden van het type PDF, JPEG, PNG worden aanvaard",
        ),
        (upload("begroting.pdf", PDF + b"0" * 2048), "Het bestand is te groot"),
    ],
    ids=["png-renamed-pdf", "html-renamed-pdf", "oversize"],
)
def test_refused_with_a_clear_message_and_nothing_stored(client, subsidy_page, settings, uploaded, message):
    settings.FORMS_MAX_UPLOAD_BYTES = 1024
    before = stored_files()
    response = submit_budget(client, subsidy_page, uploaded)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SubsidyApplication.objects.exists() and not SubmissionFile.objects.exists()
    assert stored_files() == before


class NamedFile(io.BytesIO):
    """An upload whose name still holds a path (Django's own upload classes strip it on assignment)."""

    def __init__(self, name, content):
        super().__init__(content)
        self.name, self.size = name, len(content)


@pytest.mark.parametrize("name", ["../../etc/begroting.pdf", "..\\begroting.pdf", "/home/ouder/begroting.pdf"])
def test_a_path_in_the_file_name_is_refused(name):
    with pytest.raises(ValidationError, match="folder path"):
        validate_upload(NamedFile(name, PDF))


def test_over_http_a_path_never_reaches_the_storage(client, subsidy_page):
    """Django's parser strips the path from the posted name; the file is stored under our own name."""
    boundary = "formboundary"
    fields = {**subsidy_data()}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        for key, value in fields.items()
    ]
    body = (
        "".join(parts).encode()
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="budget"; filename="../../etc/begroting.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.generic("POST", subsidy_page.url, body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302
    attached = SubmissionFile.objects.get()
    assert attached.original_name == "begroting.pdf"
    assert Path(attached.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())


@pytest.mark.parametrize(
    ("name", "content"), [("scan.PDF", PDF), ("foto.jpeg", JPEG), ("foto.png", PNG), ("scan..final.pdf", PDF)]
)
def test_pdf_jpeg_and_png_pass(name, content):
    assert validate_upload(upload(name, content)) in {"application/pdf", "image/jpeg", "image/png"}


def test_stored_outside_the_public_web_root_under_a_name_of_our_own(client, subsidy_page):
    assert submit_budget(client, subsidy_page, upload("mijn begroting.pdf", PDF)).status_code == 302
    attached = SubmissionFile.objects.get()
    path = Path(attached.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "begroting" not in path.name and attached.original_name == "mijn begroting.pdf"
    assert attached.content_type == "application/pdf" and path.read_bytes() == PDF


@pytest.fixture
def attached(client, subsidy_page):
    submit_budget(client, subsidy_page, upload("begroting.pdf", PDF))
    client.logout()
    return SubmissionFile.objects.get()


def test_the_records_staff_download_it_from_the_inspect_view(client, attached, institution_admin):
    application = SubsidyApplication.objects.get()
    client.force_login(institution_admin)
    inspect = client.get(f"/admin/studysupport/subsidyapplication/inspect/{application.pk}/")
    content = inspect.content.decode()
    assert inspect.status_code == 200 and attached.submission.reference in content
    assert "begroting.pdf" in content and "an@example.org" in content
    response = client.get(f"/admin/application-files/{attached.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_institutions_staff_cannot_download_it(client, attached):
    """P-A2: 404, as for a file that does not exist, so the answer is no existence oracle."""
    elsewhere = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=InstitutionFactory())
    client.force_login(elsewhere)
    assert client.get(f"/admin/application-files/{attached.pk}/").status_code == 404
    assert client.get(f"/admin/application-files/{attached.pk + 1000}/").status_code == 404


def test_staff_without_the_records_permission_cannot_download_it(client, attached, communication_user, gent):
    from core.models import Membership

    Membership.objects.create(user=communication_user, institution=gent)
    client.force_login(communication_user)
    assert client.get(f"/admin/application-files/{attached.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, attached):
    response = client.get(f"/admin/application-files/{attached.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_deleting_the_record_deletes_the_submission_and_its_file(
    client, subsidy_page, django_capture_on_commit_callbacks
):
    submit_budget(client, subsidy_page, upload("begroting.pdf", PDF))
    path = Path(SubmissionFile.objects.get().file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        SubsidyApplication.objects.get().delete()
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()
    assert not path.exists()
