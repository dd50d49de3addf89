"""Exports too large for a web request, written by a background job (issue 15.5, P-X1).

A streamed export that outlives the web worker's timeout arrives cut off and looks complete.
So a list whose export would hold more than ``EXPORT_STREAM_MAX_ROWS`` rows is written by a
job: it asks the list again as its user (the same filters, search, ordering and scope), writes
every row to a temporary file, and only then stores the file and marks the export ready, in one
step. Until then there is nothing to download; a job that fails stores nothing, and a job whose
worker died while storing the file leaves an object its next run removes.
"""

import logging
import tempfile

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from core.exchange import stream_export
from core.list_paging import capped_count
from core.models import ExportJob
from core.storage import STORAGE_ERRORS
from core.tasks import job

logger = logging.getLogger(__name__)


def streams(queryset):
    """Whether the export of ``queryset`` finishes well within a request: a count capped at the
    limit, so asking costs the same for a million rows as for the limit."""
    limit = settings.EXPORT_STREAM_MAX_ROWS
    return capped_count(queryset, limit) <= limit


def start(request, model_admin, file_format, filename, list_query):
    """The export job of the list as ``list_query`` shows it, queued once the request commits."""
    export = ExportJob.objects.create(
        model_label=model_admin.model._meta.label,
        file_format=file_format,
        query=list_query,
        user=request.user,
        filename=filename,
    )
    transaction.on_commit(lambda: write_export_task.enqueue(export.pk))
    return export


@job(resumable=True, backend="background")  # a second run writes the whole file again
def write_export_task(export_id):
    write(export_id)


def write(export_id):
    export = ExportJob.objects.select_related("user").get(pk=export_id)
    if export.status == ExportJob.Status.DONE:
        return
    _remove_unfinished_file(export)  # of a run whose worker was killed while storing it
    ExportJob.objects.filter(pk=export.pk).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now(), rows_written=0, error=""
    )
    try:
        _ask_the_list(export)
    except Exception as error:
        export.refresh_from_db(fields=["file"])
        try:
            _remove_unfinished_file(export)
        except STORAGE_ERRORS:  # the store is down: the name stays recorded, for the purge
            logger.warning("Could not remove the unfinished file of export %s", export.pk, exc_info=True)
        ExportJob.objects.filter(pk=export.pk).update(
            status=ExportJob.Status.FAILED, error=str(error), ended_at=timezone.now()
        )
        raise


def _remove_unfinished_file(export):
    """Delete the object a run began to store and never marked ready (a partial file on disk, an
    object stored just before the worker died), so that no file outlives its export unrecorded."""
    if export.file and export.status != ExportJob.Status.DONE:
        export.file.storage.delete(export.file.name)
        ExportJob.objects.filter(pk=export.pk).update(file="")
        export.file = None


def _ask_the_list(export):
    """The list's own view, asked as the export's user, hands its queryset to ``write_file``
    (through ``core.exchange_views.export_response``): the job exports exactly what the list showed."""
    from core.admin import record_admin_for  # core.admin's views start these jobs

    model_admin = record_admin_for(apps.get_model(export.model_label))
    params = QueryDict(export.query, mutable=True)
    params[model_admin.index_view_class.EXPORT_VAR] = export.file_format
    request = RequestFactory().get(model_admin.url_helper.index_url, params)
    request.user = export.user
    request.export_job = export
    language = UserProfile.get_for_user(export.user).get_preferred_language()
    with translation.override(language):
        model_admin.index_view(request)


def write_file(export, resource, queryset):
    """Every row to a temporary file, then the file to private storage and the export marked
    ready in one step: the download never exists before the last row is written."""
    ExportJob.objects.filter(pk=export.pk).update(rows_total=queryset.count())

    def progress(rows):
        ExportJob.objects.filter(pk=export.pk).update(rows_written=rows)

    with tempfile.TemporaryFile() as file:
        for chunk in stream_export(resource, queryset, export.file_format, on_progress=progress):
            file.write(chunk)
        file.seek(0)
        institutions = sorted(set(queryset.order_by().values_list("institution", flat=True).distinct()))
        # The name is recorded before the object is written: should the worker die while storing it,
        # the run that takes the job again (or the failure) removes what it left (``_remove_unfinished_file``).
        field, storage = export.file.field, export.file.storage
        name = storage.get_available_name(field.generate_filename(export, export.filename), field.max_length)
        ExportJob.objects.filter(pk=export.pk).update(file=name)
        export.file.name = storage.save(name, File(file), max_length=field.max_length)
    ExportJob.objects.filter(pk=export.pk).update(
        file=export.file.name, institutions=institutions, status=ExportJob.Status.DONE, ended_at=timezone.now()
    )
    return export
