"""A record's own documents, by core alone (P-F4, P-A2, P-O3): shown on the record, served to
its staff only, kept while the record or its history names them, deleted after.

The record model is home schooling's case, whose scans are private file fields; nothing here
goes through an application form."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import resolve

from core.models import Membership
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.homeschool.factories import CaseFactory, school_8

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def file_url(case, field="medical_document"):
    return f"/admin/record-files/homeschool/homeschoolingcase/{case.pk}/{field}/"


@pytest.fixture
def case(django_capture_on_commit_callbacks):
    case = CaseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        case.medical_document.save("spravka.pdf", ContentFile(PDF))
    return case


@pytest.fixture
def school_admin(client):
    user = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    client.force_login(user)
    return user


def test_the_download_is_cores(case):
    assert resolve(file_url(case)).func.__module__ == "core.admin"


def test_the_record_shows_its_documents_through_the_checked_download(client, case, school_admin):
    inspect = client.get(f"/admin/homeschool/homeschoolingcase/inspect/{case.pk}/").content.decode()
    name = case.medical_document.name.rsplit("/", 1)[-1]
    assert f'<a href="{file_url(case)}">{name}</a>' in inspect
    assert file_url(case, "pmpk_document") not in inspect, "no document stored there"
    edit = client.get(f"/admin/homeschool/homeschoolingcase/edit/{case.pk}/").content.decode()
    assert f'href="{file_url(case)}"' in edit and "/media/" not in edit, "never a public media URL"


def test_its_staff_get_the_file_as_a_download(client, case, school_admin):
    response = client.get(file_url(case))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_everyone_else_gets_404_as_for_a_file_that_does_not_exist(client, case, communication_user):
    """P-A2: another institution's staff, a member without the list's permission, a missing
    record or field: the same 404, so the answer is no existence oracle."""
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=InstitutionFactory()))
    assert client.get(file_url(case)).status_code == 404
    Membership.objects.create(user=communication_user, institution=school_8())
    client.force_login(communication_user)
    assert client.get(file_url(case)).status_code == 404
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    for url in (
        file_url(case).replace(f"/{case.pk}/", f"/{case.pk + 1000}/"),
        file_url(case, "pmpk_document"),  # no document stored
        file_url(case, "child_name"),  # not a file field
        f"/admin/record-files/core/importbatch/{case.pk}/file/",  # private, but not a record's
    ):
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(file_url(case)).status_code == 302  # to the admin's login


def test_a_replaced_document_stays_while_the_history_names_it_and_a_revert_finds_it(
    client, case, school_admin, django_capture_on_commit_callbacks
):
    storage, first = case.medical_document.storage, case.medical_document.name
    first_version = case.history.latest()
    with django_capture_on_commit_callbacks(execute=True):
        case.medical_document.save("spravka-2.png", ContentFile(PNG))
    assert storage.exists(first), "an earlier history row names it"
    client.post(
        f"/admin/homeschool/homeschoolingcase/revert/{case.pk}/",
        {"history_id": first_version.history_id, "reason": "Не тот скан"},
    )
    case.refresh_from_db()
    assert case.medical_document.name == first
    assert b"".join(client.get(file_url(case)).streaming_content) == PDF


def test_a_document_goes_with_the_last_history_row_that_names_it(case, django_capture_on_commit_callbacks):
    storage, first = case.medical_document.storage, case.medical_document.name
    with django_capture_on_commit_callbacks(execute=True):
        case.medical_document.save("spravka-2.png", ContentFile(PNG))
    second = case.medical_document.name
    with django_capture_on_commit_callbacks(execute=True):
        case.history.filter(medical_document=first).delete()
    assert not storage.exists(first) and storage.exists(second), "the record keeps the new one"


def test_a_replaced_document_no_history_row_names_goes_at_once(case, django_capture_on_commit_callbacks):
    storage, first = case.medical_document.storage, case.medical_document.name
    with django_capture_on_commit_callbacks(execute=True):
        case.history.all().delete()
        case.skip_history_when_saving = True
        case.medical_document.save("spravka-2.png", ContentFile(PNG))
    assert not storage.exists(first) and storage.exists(case.medical_document.name)


def test_deleting_the_record_deletes_its_documents_and_their_earlier_versions(case, django_capture_on_commit_callbacks):
    """P-O3; the deleted record's history rows stay, its documents do not."""
    storage, first = case.medical_document.storage, case.medical_document.name
    with django_capture_on_commit_callbacks(execute=True):
        case.medical_document.save("spravka-2.png", ContentFile(PNG))
    second = case.medical_document.name
    with django_capture_on_commit_callbacks(execute=True):
        case.delete()
    assert not storage.exists(first) and not storage.exists(second)


def test_a_file_another_record_keeps_stays(case, django_capture_on_commit_callbacks):
    """A renewal keeps its case's ПМПК conclusion: the file goes with the last record naming it."""
    with django_capture_on_commit_callbacks(execute=True):
        case.pmpk_document.save("pmpk.pdf", ContentFile(PDF))
    storage, pmpk = case.pmpk_document.storage, case.pmpk_document.name
    renewal = CaseFactory(pmpk_document=pmpk)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.history.all().delete()  # a purge of old history rows
        case.delete()
    assert storage.exists(pmpk), "the renewal keeps it"
    with django_capture_on_commit_callbacks(execute=True):
        renewal.delete()
    assert not storage.exists(pmpk)


def test_a_rolled_back_deletion_keeps_the_files(case, django_capture_on_commit_callbacks):
    storage, name = case.medical_document.storage, case.medical_document.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        case.delete()
        raise RuntimeError("the request fails after the deletion")
    assert storage.exists(name)
