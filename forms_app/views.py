"""Admin view of applicants' files: for authorised staff only (P-F4, P-A2)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.admin import user_may_read
from core.private_files import file_response
from forms_app.models import SubmissionFile


def download_file(request, pk):
    """A file attached to a submission, for staff who may read the record it became; 404 for
    anyone else, as for a file that does not exist, so the answer tells nothing (P-A2)."""
    attached = get_object_or_404(SubmissionFile.objects.select_related("submission"), pk=pk)
    record = attached.submission.record
    if record is None or not user_may_read(request.user, record):
        raise Http404
    return file_response(attached.file, attached.original_name, attached.content_type)
