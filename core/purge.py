"""The daily purge of what has been kept long enough (P-O3; CO-R13 for home control works).

A record whose case ended more than its period ago (core.retention) goes with its documents,
its history rows (the audit log reads those) and the admin log entries that name it. So do the
history rows of a record deleted by hand once its deletion is that old, and an import's uploaded
file IMPORT_FILES_KEPT_DAYS after its job ended. A record goes only with everything that would
go with it expired too: a case still running keeps the order it is in. Idempotent; a dry run does
the same in a transaction it rolls back, so its report is exactly what a run would purge.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail import hooks

from core.domains import domains
from core.models import DataRemoval, ExportJob, ImportBatch, Institution
from core.retention import cutoff, expired, period_for

HISTORY_ROWS = "history rows"
IMPORT_FILES = "import files"
EXPORT_FILES = "export files"


def record_models():
    return [model for domain in domains() for model in domain.record_models]


def forget_log_entries(model, pks):
    """Delete the admin log entries that name the records ``pks`` of ``model`` (Wagtail's, and
    Django's where its admin is installed): their labels quote the record."""
    from wagtail.models import ModelLogEntry

    names = [str(pk) for pk in pks]
    content_type = ContentType.objects.get_for_model(model)
    ModelLogEntry.objects.filter(content_type=content_type, object_id__in=names).delete()
    if apps.is_installed("django.contrib.admin"):
        from django.contrib.admin.models import LogEntry

        LogEntry.objects.filter(content_type=content_type, object_id__in=names).delete()


def forget(model, pks):
    """Remove what remembers the records ``pks`` of ``model`` beyond themselves: their history rows
    (their documents with them, core.private_files) and the log entries that name them.
    Returns the number of history rows removed."""
    pks = list(pks)
    if not pks:
        return 0
    forget_log_entries(model, pks)
    rows = model.history.filter(id__in=pks)
    count = rows.count()
    for row in rows.iterator():
        row.delete()  # one by one: its document goes once nothing refers to it
    return count


def purge_expired(dry_run=False, today=None):
    """Purge what has expired, in every institution: {institution code: {what: count}}."""
    with transaction.atomic():
        report = _purge(today)
        if dry_run:
            transaction.set_rollback(True)  # documents go on commit only: a dry run keeps them
        else:
            DataRemoval.objects.create(kind=DataRemoval.Kind.PURGE, counts=report)
    return report


def _purge(today):
    report = defaultdict(Counter)
    models = record_models()
    for institution in Institution.objects.all():
        on = today or institution.today()
        counts = report[institution.code]
        deleted = _delete_expired(models, institution, on, counts)
        for model in models:
            counts[HISTORY_ROWS] += forget(model, deleted[model])
            counts[HISTORY_ROWS] += forget(model, _deleted_long_ago(model, institution, on))
    for what, files in ((IMPORT_FILES, _expired_import_files()), (EXPORT_FILES, _expired_export_files())):
        if files:
            report[""][what] = files
    # What no record model holds: each app's own ``purge_expired`` hook returns {what: count}.
    for purge_own in hooks.get_hooks("purge_expired"):
        report[""].update(purge_own())
    return {code: dict(counts) for code, counts in report.items() if any(counts.values())}


def _delete_expired(models, institution, on, counts):
    """Delete the expired records, pass by pass (a renewal before the case it renews): {model: pks}."""
    candidates = {model: set(expired(model, institution, on).values_list("pk", flat=True)) for model in models}
    deleted = defaultdict(set)
    progress = True
    while progress:
        progress = False
        for model in models:
            for record in model._base_manager.filter(pk__in=candidates[model] - deleted[model]):
                if gone := _delete_with_dependants(record, candidates):
                    progress = True
                    for gone_model, pks in gone.items():
                        deleted[gone_model] |= pks
                        counts[gone_model._meta.label] += len(pks)
    return deleted


def _delete_with_dependants(record, candidates):
    """Delete ``record`` and what goes with it, if all of that has expired: {model: pks} or {}."""
    collector = Collector(using=record._state.db)
    try:
        collector.collect([record])
    except (ProtectedError, RestrictedError):
        return {}  # a record that has not expired still refers to it
    gone = {model: {item.pk for item in items} for model, items in collector.data.items()}
    if any(pks - candidates.get(model, pks) for model, pks in gone.items()):
        return {}
    collector.delete()
    return {model: pks for model, pks in gone.items() if model in candidates}


def _deleted_long_ago(model, institution, on):
    """The ids of records deleted by hand whose last history row (their deletion) is past the period."""
    years = period_for(model, institution)
    live = model._base_manager.values("pk")
    rows = model.history.filter(institution=institution).exclude(id__in=live)
    old = rows.values("id").annotate(last=Max("history_date")).filter(last__date__lt=cutoff(on, years))
    return [row["id"] for row in old]


def _expired_import_files():
    """Delete the uploaded files of import batches whose last job ended long enough ago; the batch
    stays as the trail of the import, without its file."""
    running = [ImportBatch.Status.CHECKING, ImportBatch.Status.APPLYING]
    return _expired_files(ImportBatch, running, settings.IMPORT_FILES_KEPT_DAYS)


def _expired_export_files():
    """The files of background exports written long enough ago; the job stays as the trail of who
    exported what."""
    running = [ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    return _expired_files(ExportJob, running, settings.EXPORT_FILES_KEPT_DAYS)


def _expired_files(model, running, kept_days):
    ended = Coalesce("ended_at", "created_at")
    rows = (
        model.objects.exclude(file="")
        .exclude(status__in=running)
        .alias(ended=ended)
        .filter(ended__lt=timezone.now() - timedelta(days=kept_days))
    )
    count = 0
    for row in rows:
        name, storage = row.file.name, row.file.storage
        model.objects.filter(pk=row.pk).update(file="")
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        count += 1
    return count
