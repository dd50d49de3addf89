"""Import (upload → preview → confirm, P-X4) and streamed export (P-X1) in the records admin."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports, imports
from core.exchange import (
    DETAIL_FIRST_ROWS,
    DETAIL_PROBLEM_ROWS,
    EXPORT_CONTENT_TYPES,
    ExchangeError,
    PreviewRows,
    read_table,
    require_rows,
    resource_for,
    stream_export,
)
from core.models import ExportJob, ImportBatch
from core.private_files import file_response, kept_name
from core.scoping import institutions_for, institutions_running
from core.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE, atomic_with_files

logger = logging.getLogger(__name__)

PREVIEW_ROWS_PER_PAGE = 100
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("CSV (any common encoding, , or ;), XLSX or JSON.")
    )
    institution = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Institution for rows without one"),
    )

    def __init__(self, *args, user, app_label, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = institutions_running(user, app_label)
        self.fields["institution"].queryset = institutions
        if len(institutions[:2]) == 1:
            self.fields["institution"].initial = institutions[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


def _label(model_admin):
    return model_admin.model._meta.label


def user_can_import(model_admin, user):
    """An import adds and changes records: it needs both permissions, and a resource."""
    if model_admin.resource_class is None:
        return False
    helper = model_admin.permission_helper
    can_change = helper.user_has_specific_permission(user, helper.get_perm_codename("change"))
    return can_change and helper.user_can_create(user)


def _require_import_permission(request, model_admin):
    if not user_can_import(model_admin, request.user):
        raise PermissionDenied


def _context(model_admin, **extra):
    return {
        "view": {"model_admin": model_admin},
        "verbose_name_plural": model_admin.model._meta.verbose_name_plural,
        "index_url": model_admin.url_helper.index_url,
        **extra,
    }


def import_view(request, model_admin):
    _require_import_permission(request, model_admin)
    form = ImportForm(
        request.POST or None, request.FILES or None, user=request.user, app_label=model_admin.model._meta.app_label
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = _table_if_small(upload)
        except ExchangeError as error:
            form.add_error("file", str(error))
        else:
            upload.seek(0)
            try:  # a savepoint: a request in a transaction goes on after a store that failed
                with atomic_with_files():
                    batch = ImportBatch.objects.create(
                        model_label=_label(model_admin),
                        file=upload,
                        original_name=kept_name(upload.name),
                        user=request.user,
                        institution=form.cleaned_data["institution"],
                        rows_total=table.height if table else 0,
                    )
            except STORAGE_ERRORS:
                logger.exception("Could not store an import file")
                form.add_error("file", STORAGE_UNAVAILABLE)
            else:
                imports.start_check(batch, table)
                return redirect(model_admin.url_helper.get_action_url("import_preview", batch.pk))
    title = _("Import into the list “%(records)s”") % {"records": capfirst(model_admin.model._meta.verbose_name_plural)}
    template_url = model_admin.url_helper.get_action_url("import_template")
    context = _context(model_admin, form=form, page_title=title, template_url=template_url)
    return TemplateResponse(request, "core/import.html", context)


def _table_if_small(upload):
    """The upload's table, read here once (the check walks it) when the file is small; a larger
    one is left for the worker to read and count (issue 15.5): None."""
    if upload.size > settings.IMPORT_BACKGROUND_BYTES:
        return None
    table = require_rows(read_table(upload.read(), upload.name))
    upload.seek(0)
    return table


def _own_batch(request, model_admin, batch_pk):
    batches = ImportBatch.objects.filter(model_label=_label(model_admin))
    if not request.user.is_superuser:
        batches = batches.filter(user=request.user)
    return get_object_or_404(batches, pk=batch_pk)


def preview_view(request, model_admin, batch_pk):
    _require_import_permission(request, model_admin)
    batch = _own_batch(request, model_admin, batch_pk)
    imports.fail_if_abandoned(batch)
    if request.method == "POST" and batch.status == ImportBatch.Status.FAILED:
        imports.check_again(batch)
        return redirect(request.path)
    if batch.status in (*imports.RUNNING, ImportBatch.Status.FAILED):
        title = _("Import of %(file)s") % {"file": batch.original_name}
        context = _context(model_admin, batch=batch, page_title=title, rows_written=imports.rows_written(batch))
        return TemplateResponse(request, "core/import_progress.html", context)
    report = batch.report
    problems_by_line = {}
    for line, column, message in report["problems"]:
        problems_by_line.setdefault(line, []).append((column, message))
    errors_only = request.GET.get("errors") == "1"
    rows = PreviewRows(report["kinds"], only="invalid" if errors_only else None)
    page = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("p"))
    details = report.get("details", {})
    context = _context(
        model_admin,
        batch=batch,
        report=report,
        page=page,
        rows=[preview_row(line, kind, problems_by_line, details, report["columns"]) for line, kind in page],
        errors_only=errors_only,
        general_problems=problems_by_line.get(0, []),
        detail_first_rows=DETAIL_FIRST_ROWS,
        detail_problem_rows=DETAIL_PROBLEM_ROWS,
        confirm_url=model_admin.url_helper.get_action_url("import_confirm", batch.pk),
        page_title=_("Check the import of %(file)s") % {"file": batch.original_name},
    )
    return TemplateResponse(request, "core/import_preview.html", context)


def preview_row(line, kind, problems_by_line, details, columns):
    """What the preview shows of a row: its problems, and where the report kept them, its values
    ((column, value) of the filled cells) and an update's changes ((column, old, new))."""
    detail = details.get(str(line))
    values = (
        [(column, value) for column, value in zip(columns, detail["values"], strict=False) if value] if detail else []
    )
    return {
        "line": line,
        "kind": kind,
        "problems": problems_by_line.get(line, []),
        "kept": detail is not None,
        "values": values,
        "changes": detail["changes"] if detail else [],
    }


def confirm_view(request, model_admin, batch_pk):
    _require_import_permission(request, model_admin)
    batch = _own_batch(request, model_admin, batch_pk)
    preview_url = model_admin.url_helper.get_action_url("import_preview", batch.pk)
    if request.method != "POST" or batch.status != ImportBatch.Status.PREVIEW or batch.report.get("problems"):
        return redirect(preview_url)
    report = imports.start_apply(batch)
    if report is None:
        messages.info(request, _("The import runs in the background; this page shows its progress."))
        return redirect(preview_url)
    if report.applied:
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"new": report.new, "updated": report.updated, "unchanged": report.unchanged},
        )
        return redirect(model_admin.url_helper.index_url)
    messages.error(request, _("The file no longer imports cleanly; nothing was written."))
    return redirect(preview_url)


def export_view(request, model_admin):
    """The export of what the list shows: the list's own view reads its filters, search and
    ordering from the query string (and refuses an undeclared lookup with 400, as the list
    does), then hands its queryset to ``export_response`` through its export hook."""
    params = request.GET.copy()
    file_format = params.pop("format", ["csv"])[-1]
    params[model_admin.index_view_class.EXPORT_VAR] = file_format if file_format in EXPORT_CONTENT_TYPES else "csv"
    request.GET = params
    return model_admin.index_view(request)


def download_name(model_admin, suffix):
    """``leerlingen-2026-12-02.csv``: the list's name in the user's language and today's local date."""
    name = slugify(model_admin.model._meta.verbose_name_plural, allow_unicode=True)
    return f"{name}-{suffix}"


def export_response(request, model_admin, queryset, file_format):
    """Every format streams row by row at constant memory (P-X1), but only an export that
    finishes well within the request: a larger one goes to a background job (issue 15.5),
    and the user to its progress page. In that job (``core.exports``) the file is written here."""
    resource = resource_for(_label(model_admin))(user=request.user, escape_formulae=file_format != "json")
    export = getattr(request, "export_job", None)
    if export is not None:
        exports.write_file(export, resource, queryset)
        return HttpResponse(status=204)
    filename = download_name(model_admin, f"{timezone.localdate().isoformat()}.{file_format}")
    if not exports.streams(queryset):
        list_query = request.GET.copy()
        list_query.pop(model_admin.index_view_class.EXPORT_VAR, None)
        export = exports.start(request, model_admin, file_format, filename, list_query.urlencode())
        return redirect(model_admin.url_helper.get_action_url("export_job", export.pk))
    return _file_response(stream_export(resource, queryset, file_format), file_format, filename)


def _own_export(request, model_admin, export_pk):
    """An export job of this list asked by this user: anyone else's is as if it did not exist."""
    return get_object_or_404(ExportJob, pk=export_pk, model_label=_label(model_admin), user=request.user)


def export_job_view(request, model_admin, export_pk):
    """The background export's progress; once written, its download. The page refreshes
    itself only while the job runs."""
    export = _own_export(request, model_admin, export_pk)
    title = _("Export of %(file)s") % {"file": export.filename}
    download_url = model_admin.url_helper.get_action_url("export_download", export.pk)
    context = _context(model_admin, export=export, page_title=title, download_url=download_url)
    return TemplateResponse(request, "core/export_progress.html", context)


def export_download_view(request, model_admin, export_pk):
    """The written file, to the user who asked for it while they may still see every institution
    whose records it holds (P-A2); nothing before the job has written the last row."""
    export = _own_export(request, model_admin, export_pk)
    if export.status != ExportJob.Status.DONE or not export.file:
        raise Http404
    if not request.user.is_superuser:
        visible = set(institutions_for(request.user).values_list("pk", flat=True))
        if not set(export.institutions) <= visible:
            raise PermissionDenied
    return file_response(export.file, export.filename, EXPORT_CONTENT_TYPES[export.file_format])


def _file_response(chunks, file_format, filename):
    response = StreamingHttpResponse(chunks, content_type=EXPORT_CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


TEMPLATE_FORMATS = ("csv", "xlsx")


def template_view(request, model_admin):
    """An empty file with the list's columns, headed as the export heads them in the user's
    language: filled in, it imports like an export."""
    file_format = request.GET.get("format")
    if file_format not in TEMPLATE_FORMATS:
        file_format = "csv"
    resource = resource_for(_label(model_admin))(user=request.user)
    template = slugify(_("template"), allow_unicode=True)
    filename = download_name(model_admin, f"{template}.{file_format}")
    return _file_response(stream_export(resource, model_admin.model.objects.none(), file_format), file_format, filename)
