"""Import batches from the admin: checked and applied inline, or in the background when large (P-X6).

A large file is checked by a django-tasks job in chunks, updating ``rows_checked`` as it goes,
and applied by another job in one transaction; the admin page shows the progress and, at the
end, the report or the line-numbered problems, which stay with the batch.
"""

import shutil
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from core import leases
from core.exchange import apply, check, prepare, read_table, require_rows
from core.models import ImportBatch
from core.tasks import job

RUNNING = (ImportBatch.Status.CHECKING, ImportBatch.Status.APPLYING)


def _prepared(batch, table=None):
    """The batch's resource and table: the table the upload request read, or else (a job in
    another process, the confirm) read again from the stored file."""
    if table is None:
        table = require_rows(read_table(_local_copy(batch.file), batch.original_name))
        if batch.rows_total != table.height:  # an upload too large to count in its request
            batch.rows_total = table.height
            ImportBatch.objects.filter(pk=batch.pk).update(rows_total=table.height)
    institution = batch.institution.code if batch.institution else None
    return prepare(batch.model_label, table, batch.original_name, user=batch.user, institution=institution)


def _local_copy(stored):
    """The stored file copied a block at a time into a temporary file of this process, which the
    import walks as it reads (constant memory, issue 15.7; a spreadsheet needs to seek)."""
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - the import walks it after this returns; closed when dropped
    with stored.open("rb") as source:
        shutil.copyfileobj(source, copy)
    copy.seek(0)
    return copy


def is_large(batch):
    return batch.rows_total > settings.IMPORT_BACKGROUND_ROWS


def _progress_of(batch):
    def progress(rows):
        ImportBatch.objects.filter(pk=batch.pk).update(rows_checked=rows)

    return progress


def check_batch(batch, table=None):
    resource, table = _prepared(batch, table)
    report = check(resource, table, on_progress=_progress_of(batch))
    batch.refresh_from_db()
    batch.report, batch.status, batch.ended_at = report.as_json(), ImportBatch.Status.PREVIEW, timezone.now()
    batch.save(update_fields=["report", "status", "ended_at"])
    return report


def _written_key(batch_pk):
    return f"core:import-written:{batch_pk}"


def rows_written(batch):
    """How many rows the running import has written so far. Its transaction hides them (and any
    count kept on the batch) from every other connection until the end, so the job reports them
    through the shared cache: Redis or the file cache, never a process's memory."""
    return cache.get(_written_key(batch.pk), 0)


def apply_batch(batch):
    """Check again while writing (the records may have changed since the preview): all or nothing."""
    resource, table = _prepared(batch)
    report = apply(resource, table, on_progress=lambda rows: cache.set(_written_key(batch.pk), rows, 24 * 3600))
    cache.delete(_written_key(batch.pk))
    batch.report = report.as_json()
    batch.status = ImportBatch.Status.APPLIED if report.applied else ImportBatch.Status.PREVIEW
    batch.ended_at = timezone.now()
    batch.save(update_fields=["report", "status", "ended_at"])
    return report


def _lease(batch_pk):
    return f"import-batch:{batch_pk}"


def _language_of(batch):
    return translation.override(UserProfile.get_for_user(batch.user).get_preferred_language())


def _run_guarded(batch_id, operation):
    """Run a job under the batch's lease, in the language of the user who imports: the report's
    messages are theirs."""
    with leases.held(_lease(batch_id)):
        batch = ImportBatch.objects.select_related("user", "institution").get(pk=batch_id)
        if batch.status not in RUNNING:  # failed as abandoned meanwhile, or run twice
            return
        ImportBatch.objects.filter(pk=batch_id).update(started_at=timezone.now())
        try:
            with _language_of(batch):
                operation(batch)
        except Exception as error:
            ImportBatch.objects.filter(pk=batch_id).update(
                status=ImportBatch.Status.FAILED, error=str(error), ended_at=timezone.now()
            )
            raise


def fail_if_abandoned(batch):
    """Fail a running batch whose worker died; returns whether it did."""
    if batch.status not in RUNNING or batch.started_at is None or leases.is_held(_lease(batch.pk)):
        return False
    with _language_of(batch):
        error = _("The background worker stopped before the import ended.")
    failed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status, started_at=batch.started_at).update(
        status=ImportBatch.Status.FAILED, error=error, ended_at=timezone.now()
    )
    batch.refresh_from_db()
    return bool(failed)


def fail_abandoned_batches():
    """The daily sweep: every running batch that lost its worker ends, seen or not."""
    started = ImportBatch.objects.filter(status__in=RUNNING, started_at__isnull=False).select_related("user")
    return sum(fail_if_abandoned(batch) for batch in started)


@job(resumable=False, backend="background")
def check_batch_task(batch_id):
    _run_guarded(batch_id, check_batch)


@job(resumable=False, backend="background")
def apply_batch_task(batch_id):
    _run_guarded(batch_id, apply_batch)


def start_check(batch, table=None):
    """Check now a small file (``table``, as the upload request read it, or the stored file),
    or queue the check of a large one (the job reads the stored file, and counts its rows where
    the request did not read it: nothing that grows with the file runs in a web request);
    returns whether it runs in the background."""
    counted = table is not None or batch.rows_total
    if counted and not is_large(batch):
        check_batch(batch, table)
        return False
    batch.status, batch.started_at = ImportBatch.Status.CHECKING, None
    batch.save(update_fields=["status", "started_at"])
    transaction.on_commit(lambda: check_batch_task.enqueue(batch.pk))
    return True


def check_again(batch):
    """A failed batch's file checked from the start, as when it was uploaded."""
    batch.report, batch.error, batch.rows_checked, batch.started_at = {}, "", 0, None
    batch.save(update_fields=["report", "error", "rows_checked", "started_at"])
    return start_check(batch, None)


def start_apply(batch):
    if not is_large(batch):
        return apply_batch(batch)
    batch.status, batch.started_at = ImportBatch.Status.APPLYING, None
    batch.save(update_fields=["status", "started_at"])
    transaction.on_commit(lambda: apply_batch_task.enqueue(batch.pk))
    return None
