"""Admin views: applicants' files for authorised staff only (P-F4), searchable ad-hoc submissions (P-F6)."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import FileField, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from wagtail.contrib.forms.views import SubmissionsListView

from core.admin import user_may_read
from core.models import InstitutionRecord
from forms_app.models import SubmissionFile
from forms_app.uploads import sniff


def download_file(request, pk):
    """A file attached to a submission, for staff who may read the record it became; 404 for
    anyone else, as for a file that does not exist, so the answer tells nothing (P-A2)."""
    attached = get_object_or_404(SubmissionFile.objects.select_related("submission"), pk=pk)
    record = attached.submission.record
    if record is None or not user_may_read(request.user, record):
        raise Http404
    return file_response(attached.file, attached.original_name, attached.content_type)


def private_file_fields(model):
    """The model's file fields kept in private storage: documents served only through this module."""
    if not issubclass(model, InstitutionRecord):  # scoped records only (P-A2)
        return []
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, FileField) and Path(field.storage.location).resolve() == private_root
    ]


def download_record_file(request, app_label, model_name, pk, field_name):
    """A document a record keeps in its own private file field (say, a case's medical conclusion),
    checked like an attached file: the record's list permission and its scope."""
    try:
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
    except (LookupError, FieldDoesNotExist) as missing:
        raise Http404 from missing
    if field not in private_file_fields(model):
        raise Http404
    record = get_object_or_404(model, pk=pk)
    if not user_may_read(request.user, record):
        raise Http404
    stored = getattr(record, field_name)
    if not stored:
        raise Http404
    return file_response(stored, Path(stored.name).name, sniff(stored) or "application/octet-stream")


def file_response(file, filename, content_type):
    """A download that the browser saves and never renders as a page of ours (P-F4)."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SearchableSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions list with a search over the submitted values."""

    is_searchable = True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Stored JSON escapes non-ASCII on some databases (SQLite): look for both spellings.
        escaped = json.dumps(self.search_query)[1:-1]
        return queryset.filter(Q(form_data__icontains=self.search_query) | Q(form_data__icontains=escaped))
