"""Import batches from the admin: checked and applied inline, or in the background when large (P-X6).

A large file is checked by a django-tasks job in chunks, updating ``rows_checked`` as it goes,
and applied by another job in one transaction; the admin page shows the progress and, at the
end, the report or the line-numbered problems, which stay with the batch.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task
from wagtail.users.models import UserProfile

from core.exchange import apply, check, prepare, read_table
from core.models import ImportBatch


def _prepared(batch, table=None):
    """The batch's resource and table: the table the upload request read, or else (a job in
    another process, the confirm) read again from the stored file."""
    if table is None:
        batch.file.open("rb")
        try:
            table = read_table(batch.file.read(), batch.original_name)
        finally:
            batch.file.close()
    institution = batch.institution.code if batch.institution else None
    return prepare(batch.model_label, table, batch.original_name, user=batch.user, institution=institution)


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


def apply_batch(batch):
    """Check again while writing (the records may have changed since the preview): all or nothing."""
    resource, table = _prepared(batch)
    report = apply(resource, table)
    batch.report = report.as_json()
    batch.status = ImportBatch.Status.APPLIED if report.applied else ImportBatch.Status.PREVIEW
    batch.ended_at = timezone.now()
    batch.save(update_fields=["report", "status", "ended_at"])
    return report


def _run_guarded(batch_id, operation):
    """Run a job in the language of the user who imports: the report's messages are theirs."""
    batch = ImportBatch.objects.select_related("user", "institution").get(pk=batch_id)
    try:
        with translation.override(UserProfile.get_for_user(batch.user).get_preferred_language()):
            operation(batch)
    except Exception as error:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, error=str(error), ended_at=timezone.now()
        )
        raise


@task(backend="background")
def check_batch_task(batch_id):
    _run_guarded(batch_id, check_batch)


@task(backend="background")
def apply_batch_task(batch_id):
    _run_guarded(batch_id, apply_batch)


def start_check(batch, table):
    """Check now, on the ``table`` the upload request read, or queue the check of a large file
    (the job reads the stored file); returns whether it runs in the background."""
    if not is_large(batch):
        check_batch(batch, table)
        return False
    batch.status = ImportBatch.Status.CHECKING
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: check_batch_task.enqueue(batch.pk))
    return True


def start_apply(batch):
    if not is_large(batch):
        return apply_batch(batch)
    batch.status = ImportBatch.Status.APPLYING
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: apply_batch_task.enqueue(batch.pk))
    return None
