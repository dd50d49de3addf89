"""P-X6: a large file is checked and imported by django-tasks jobs, with progress and a kept report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from core.models import ImportBatch
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

URL = "/admin/testdomain/loan/"
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def rows(count, bad_line=None):
    lines = ["institution;book;borrower;email;lent_on"]
    for number in range(count):
        email = "geen-adres" if number + 2 == bad_line else ""
        lines.append(f"ours;b1;Lener {number};{email};01.09.2026")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def admin_client(client):
    ours = InstitutionFactory(code="ours")
    BookFactory(institution=ours, code="b1")
    client.force_login(UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours))
    return client


@pytest.fixture
def run_worker(monkeypatch):
    """Work off the queue in this process, as `db_worker` does beside the web server. The worker's
    connection hygiene would close the test's transaction (on PostgreSQL), so it is left out here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay", verbosity=0)


@override_settings(IMPORT_BACKGROUND_ROWS=10, TASKS=DATABASE_QUEUE)
def test_large_file_is_checked_and_imported_by_the_worker(admin_client, django_capture_on_commit_callbacks, run_worker):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{URL}import/", {"file": SimpleUploadedFile("groot.csv", rows(25))})
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_total) == ("checking", 25)
    progress = admin_client.get(response["Location"])
    assert "Waiting for the background worker to take the file" in progress.content.decode()

    run_worker()
    batch.refresh_from_db()
    assert batch.status == "preview" and batch.rows_checked == 25 and batch.report["new"] == 25
    assert not Loan.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{URL}import_confirm/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == "applying"
    assert "Waiting for the background worker" in admin_client.get(response["Location"]).content.decode()

    run_worker()
    batch.refresh_from_db()
    assert batch.status == "applied"
    assert Loan.objects.count() == 25
    assert "groot.csv" in Loan.objects.first().history.get().history_change_reason


@override_settings(IMPORT_BACKGROUND_ROWS=10, TASKS=DATABASE_QUEUE)
def test_problems_of_a_large_file_are_kept_with_line_numbers(
    admin_client, django_capture_on_commit_callbacks, run_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{URL}import/", {"file": SimpleUploadedFile("groot.csv", rows(2500, 1777))})
    run_worker()
    preview = admin_client.get(response["Location"] + "?errors=1")
    assert [row["line"] for row in preview.context["rows"]] == [1777]
    assert ImportBatch.objects.get().report["invalid"] == 1
    first_page = admin_client.get(response["Location"])
    assert len(first_page.context["rows"]) == 100 and 'href="?p=2"' in first_page.content.decode()


def test_rows_repeating_a_key_are_invalid(admin_client):
    data = rows(3) + b"ours;b1;Lener 1;dubbel@example.org;01.09.2026\n"
    response = admin_client.post(f"{URL}import/", {"file": SimpleUploadedFile("dubbel.csv", data)})
    preview = admin_client.get(response["Location"])
    problems = [problem for row in preview.context["rows"] for problem in row["problems"]]
    assert ("Lent on", "This row repeats line 3.") in problems
