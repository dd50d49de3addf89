"""Admin views: applicants' files for authorised staff only (P-F4), searchable ad-hoc submissions (P-F6)."""

import json

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from wagtail.contrib.forms.views import SubmissionsListView

from forms_app.models import SubmissionFile


def record_visible_to(user, record):
    """The user may read the record: the model's view permission and the record's institution (P-A2)."""
    opts = record._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return False
    return type(record).objects.for_user(user).filter(pk=record.pk).exists()


def download_file(request, pk):
    attached = get_object_or_404(SubmissionFile.objects.select_related("submission"), pk=pk)
    record = attached.submission.record
    if record is None or not record_visible_to(request.user, record):
        raise PermissionDenied
    response = FileResponse(
        attached.file.open("rb"),
        as_attachment=True,
        filename=attached.original_name,
        content_type=attached.content_type,
    )
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
