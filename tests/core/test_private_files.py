"""A record's own documents, by core alone (P-F4, P-A2, P-O3): shown on the record, served to
its staff only, kept while the record or its history names them, deleted after.

The record model is the test domain's loan, whose signed slip is a private file field; nothing
here goes through an application form."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import resolve

from core.models import Membership
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import LoanFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


LOANS = "/admin/testdomain/loan/"


def file_url(loan, field="slip"):
    return f"/admin/record-files/testdomain/loan/{loan.pk}/{field}/"


@pytest.fixture
def library():
    return InstitutionFactory(code="library")


@pytest.fixture
def loan(library, django_capture_on_commit_callbacks):
    loan = LoanFactory(institution=library)
    with django_capture_on_commit_callbacks(execute=True):
        loan.slip.save("slip.pdf", ContentFile(PDF))
    return loan


@pytest.fixture
def librarian(client, library):
    user = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=library)
    client.force_login(user)
    return user


def test_the_download_is_cores(loan):
    assert resolve(file_url(loan)).func.__module__ == "core.admin"


def test_the_record_shows_its_documents_through_the_checked_download(client, loan, librarian):
    inspect = client.get(f"{LOANS}inspect/{loan.pk}/").content.decode()
    name = loan.slip.name.rsplit("/", 1)[-1]
    assert f'<a href="{file_url(loan)}">{name}</a>' in inspect
    unsigned = LoanFactory(institution=loan.institution)
    assert "/admin/record-files/" not in client.get(f"{LOANS}inspect/{unsigned.pk}/").content.decode(), "none stored"
    edit = client.get(f"{LOANS}edit/{loan.pk}/").content.decode()
    assert f'href="{file_url(loan)}"' in edit and "/media/" not in edit, "never a public media URL"


def test_its_staff_get_the_file_as_a_download(client, loan, librarian):
    response = client.get(file_url(loan))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_everyone_else_gets_404_as_for_a_file_that_does_not_exist(client, loan, communication_user):
    """P-A2: another institution's staff, a member without the list's permission, a missing
    record or field: the same 404, so the answer is no existence oracle."""
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=InstitutionFactory()))
    assert client.get(file_url(loan)).status_code == 404
    Membership.objects.create(user=communication_user, institution=loan.institution)
    client.force_login(communication_user)
    assert client.get(file_url(loan)).status_code == 404
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=loan.institution))
    for url in (
        file_url(loan).replace(f"/{loan.pk}/", f"/{loan.pk + 1000}/"),
        file_url(LoanFactory(institution=loan.institution)),  # no document stored
        file_url(loan, "borrower"),  # not a file field
        f"/admin/record-files/core/importbatch/{loan.pk}/file/",  # private, but not a record's
    ):
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(file_url(loan)).status_code == 302  # to the admin's login


def test_a_replaced_document_stays_while_the_history_names_it_and_a_revert_finds_it(
    client, loan, librarian, django_capture_on_commit_callbacks
):
    storage, first = loan.slip.storage, loan.slip.name
    first_version = loan.history.latest()
    with django_capture_on_commit_callbacks(execute=True):
        loan.slip.save("slip-2.png", ContentFile(PNG))
    assert storage.exists(first), "an earlier history row names it"
    client.post(
        f"{LOANS}revert/{loan.pk}/",
        {"history_id": first_version.history_id, "reason": "Verkeerde scan"},
    )
    loan.refresh_from_db()
    assert loan.slip.name == first
    assert b"".join(client.get(file_url(loan)).streaming_content) == PDF


def test_a_document_goes_with_the_last_history_row_that_names_it(loan, django_capture_on_commit_callbacks):
    storage, first = loan.slip.storage, loan.slip.name
    with django_capture_on_commit_callbacks(execute=True):
        loan.slip.save("slip-2.png", ContentFile(PNG))
    second = loan.slip.name
    with django_capture_on_commit_callbacks(execute=True):
        loan.history.filter(slip=first).delete()
    assert not storage.exists(first) and storage.exists(second), "the record keeps the new one"


def test_a_replaced_document_no_history_row_names_goes_at_once(loan, django_capture_on_commit_callbacks):
    storage, first = loan.slip.storage, loan.slip.name
    with django_capture_on_commit_callbacks(execute=True):
        loan.history.all().delete()
        loan.skip_history_when_saving = True
        loan.slip.save("slip-2.png", ContentFile(PNG))
    assert not storage.exists(first) and storage.exists(loan.slip.name)


def test_deleting_the_record_deletes_its_documents_and_their_earlier_versions(loan, django_capture_on_commit_callbacks):
    """P-O3; the deleted record's history rows stay, its documents do not."""
    storage, first = loan.slip.storage, loan.slip.name
    with django_capture_on_commit_callbacks(execute=True):
        loan.slip.save("slip-2.png", ContentFile(PNG))
    second = loan.slip.name
    with django_capture_on_commit_callbacks(execute=True):
        loan.delete()
    assert not storage.exists(first) and not storage.exists(second)


def test_a_file_another_record_keeps_stays(loan, django_capture_on_commit_callbacks):
    """A renewed loan keeps the slip its loan had: the file goes with the last record naming it."""
    storage, slip = loan.slip.storage, loan.slip.name
    renewal = LoanFactory(institution=loan.institution, book=loan.book, slip=slip)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.history.all().delete()  # a purge of old history rows
        loan.delete()
    assert storage.exists(slip), "the renewal keeps it"
    with django_capture_on_commit_callbacks(execute=True):
        renewal.delete()
    assert not storage.exists(slip)


def test_a_rolled_back_deletion_keeps_the_files(loan, django_capture_on_commit_callbacks):
    storage, name = loan.slip.storage, loan.slip.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        loan.delete()
        raise RuntimeError("the request fails after the deletion")
    assert storage.exists(name)


def test_a_long_name_is_shortened_to_what_a_file_system_keeps_with_its_ending(
    library, django_capture_on_commit_callbacks
):
    """Issue 16.10: 120 four-byte letters are 480 bytes; a file system keeps 255 of a name."""
    loan = LoanFactory(institution=library)
    with django_capture_on_commit_callbacks(execute=True):
        loan.slip.save("𠜎" * 120 + ".pdf", ContentFile(PDF))
    stored = loan.slip.name.rsplit("/", 1)[-1]
    assert len(stored.encode()) <= 255 and stored.startswith("𠜎") and stored.endswith(".pdf")
    assert loan.slip.read() == PDF


def test_a_long_original_name_is_kept_for_display_within_its_column():
    from core.private_files import kept_name

    assert kept_name("a" * 300 + ".xlsx") == "a" * 250 + ".xlsx"
    assert kept_name("begroting.pdf") == "begroting.pdf"
