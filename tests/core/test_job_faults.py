"""Issue 16.1-2: a background job whose worker dies ends, with a message, nothing written, and a way to run it again."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from core import imports, leases, tasks
from core.models import ImportBatch
from tests.core.test_background_import import DATABASE_QUEUE, URL, admin_client, rows  # noqa: F401
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

HOLD_LEASE = {
    "sqlite": """
        import fcntl, os, sys, time
        descriptor = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        print("held", flush=True)
        time.sleep(120)
    """,
    "postgresql": """
        import sys, time, psycopg
        with psycopg.connect(sys.argv[1]) as database:  # in a transaction, as core.leases holds it
            database.execute("SELECT pg_advisory_xact_lock(%s)", [int(sys.argv[2])])
            print("held", flush=True)
            time.sleep(120)
    """,
}


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def hold_in_another_process(name):
    """A process holding the lease ``name`` the way a worker does, to be killed."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        dsn = f"host={params['host']} port={params.get('port', 5432)} user={params['user']} dbname={params['dbname']}"
        arguments = [dsn, str(leases._key(name))]
    else:
        arguments = [str(leases._lock_file(name))]
    script = textwrap.dedent(HOLD_LEASE[connection.vendor])
    holder = subprocess.Popen([sys.executable, "-c", script, *arguments], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_lease_is_seen_held_while_its_holder_works():
    assert not leases.is_held("lease-demo")
    with leases.held("lease-demo"):
        assert leases.is_held("lease-demo")
    assert not leases.is_held("lease-demo")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_holder_leaves_its_lease_free():
    # Transactional tests restore the serialized database (roles and their permissions) for the next ones.
    holder = hold_in_another_process("killed-demo")
    try:
        assert leases.is_held("killed-demo")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    wait_until(lambda: not leases.is_held("killed-demo"))


def batch_running(institution, user, status, started=True):
    return ImportBatch.objects.create(
        model_label="testdomain.Loan",
        file=ContentFile(rows(3), name="groot.csv"),
        original_name="groot.csv",
        user=user,
        institution=institution,
        rows_total=3,
        status=status,
        started_at=timezone.now() if started else None,
    )


@pytest.fixture
def ours(admin_client):  # noqa: F811
    user = admin_client.session.get("_auth_user_id")
    from django.contrib.auth import get_user_model

    return admin_client, get_user_model().objects.get(pk=user)


def test_an_abandoned_import_fails_with_a_message_and_can_be_checked_again(ours):
    client, user = ours
    batch = batch_running(user.memberships.get().institution, user, ImportBatch.Status.APPLYING)
    page = client.get(f"{URL}import_preview/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == "failed"
    text = page.content.decode()
    assert "The background worker stopped before the import ended." in text
    assert 'http-equiv="refresh"' not in text, "a page whose job ended stops refreshing"
    assert "Check the file again" in text

    response = client.post(f"{URL}import_preview/{batch.pk}/")
    batch.refresh_from_db()
    assert response.status_code == 302
    assert (batch.status, batch.error, batch.report["new"]) == ("preview", "", 3)


def test_a_running_import_whose_worker_holds_the_lease_is_left_alone(ours):
    client, user = ours
    batch = batch_running(user.memberships.get().institution, user, ImportBatch.Status.APPLYING)
    with leases.held(imports._lease(batch.pk)):
        page = client.get(f"{URL}import_preview/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == "applying"
    assert 'http-equiv="refresh"' in page.content.decode()


def test_a_queued_import_waits_for_a_worker_and_is_not_failed(ours):
    client, user = ours
    batch = batch_running(user.memberships.get().institution, user, ImportBatch.Status.CHECKING, started=False)
    assert imports.fail_abandoned_batches() == 0
    assert "Waiting for the background worker" in client.get(f"{URL}import_preview/{batch.pk}/").content.decode()


def test_the_page_counts_the_rows_written(ours):
    client, user = ours
    batch = batch_running(user.memberships.get().institution, user, ImportBatch.Status.APPLYING)
    cache.set(imports._written_key(batch.pk), 2)
    with leases.held(imports._lease(batch.pk)):
        text = client.get(f"{URL}import_preview/{batch.pk}/").content.decode()
    assert "Writing the rows: 2 of 3" in text and 'value="2"' in text


def test_an_import_reports_its_written_rows_while_it_writes(ours, monkeypatch):
    client, user = ours
    batch = batch_running(user.memberships.get().institution, user, ImportBatch.Status.APPLYING)
    seen = []
    monkeypatch.setattr(imports.cache, "set", lambda key, value, timeout: seen.append(value))
    imports.apply_batch(batch)
    assert seen == [3] and Loan.objects.count() == 3


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_job_whose_worker_died_fails_and_a_resumable_one_runs_again(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(tasks, "LEASE_GRACE", timedelta(0))
    died = tasks.run_daily_task.using(backend="background").enqueue()
    alive = tasks.run_daily_task.using(backend="background").enqueue()
    DBTaskResult.objects.filter(pk__in=[died.id, alive.id]).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5), worker_ids=["w1"]
    )
    with leases.held(tasks._lease(alive.id)):
        assert tasks.end_abandoned_jobs() == 1
    ended = DBTaskResult.objects.get(pk=died.id)
    assert ended.status == TaskResultStatus.FAILED and "stopped before the job ended" in ended.traceback
    assert DBTaskResult.objects.get(pk=alive.id).status == TaskResultStatus.RUNNING
    again = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path="core.tasks.run_daily_task")
    assert again.count() == 1, "the daily jobs may run twice: they are queued again"


@override_settings(TASKS=DATABASE_QUEUE)
def test_an_import_job_is_not_queued_again_its_batch_fails_instead(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(tasks, "LEASE_GRACE", timedelta(0))
    result = imports.apply_batch_task.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert tasks.end_abandoned_jobs() == 1
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_every_background_job_holds_a_lease():
    """A job made with plain ``@task`` would hang as RUNNING after its worker died."""
    from django_tasks.base import Task

    from core import notifications
    from forms_app import submissions

    found = [
        value
        for module in (tasks, imports, notifications, submissions)
        for value in vars(module).values()
        if isinstance(value, Task)
    ]
    assert len(found) >= 5
    assert all(hasattr(job.func, "resumable") for job in found)
    project = Path(settings.BASE_DIR)
    plain = [
        str(path.relative_to(project))
        for path in project.glob("*/**/*.py")
        if not {".venv", "tests", "node_modules"} & set(path.parts) and "@task(" in path.read_text()
    ]
    assert plain == []


WORKER_SETTINGS = """
from config.settings.test import *  # noqa
TASKS = {tasks!r}
PRIVATE_MEDIA_ROOT = {private!r}
DATABASES["default"]["NAME"] = {database!r}
"""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process needs the test database: SQLite's is in memory"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_killing_the_worker_mid_import_ends_the_job_with_nothing_written(ours, tmp_path, monkeypatch):
    """The real fault: a `db_worker` killed while it writes a file's rows in its transaction."""
    client, user = ours
    count = 4000
    batch = ImportBatch.objects.create(
        model_label="testdomain.Loan",
        file=ContentFile(rows(count), name="groot.csv"),
        original_name="groot.csv",
        user=user,
        institution=user.memberships.get().institution,
        rows_total=count,
        status=ImportBatch.Status.APPLYING,
    )
    imports.apply_batch_task.enqueue(batch.pk)
    (tmp_path / "worker_settings.py").write_text(
        WORKER_SETTINGS.format(
            tasks=DATABASE_QUEUE, private=str(settings.PRIVATE_MEDIA_ROOT), database=connection.settings_dict["NAME"]
        )
    )
    environment = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{settings.BASE_DIR}",
        "DJANGO_SETTINGS_MODULE": "worker_settings",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--backend", "background", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: ImportBatch.objects.get(pk=batch.pk).started_at is not None, seconds=60)
        with connection.cursor() as cursor:  # the worker's transaction has written rows
            wait_until(
                lambda: (
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND backend_xid IS NOT NULL"
                    )
                    or cursor.fetchone()[0] > 0
                ),
                seconds=30,
            )
        assert leases.is_held(imports._lease(batch.pk))
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()

    wait_until(lambda: not leases.is_held(imports._lease(batch.pk)))
    client.force_login(user)
    page = client.get(f"{URL}import_preview/{batch.pk}/")
    assert page.status_code == 200, page.get("Location")
    assert "The background worker stopped before the import ended." in page.content.decode()
    assert Loan.objects.count() == 0, "the import is all or nothing"
    monkeypatch.setattr(tasks, "LEASE_GRACE", timedelta(0))
    assert tasks.end_abandoned_jobs() == 1, "its task no longer shows as running"
