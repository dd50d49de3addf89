from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks

from forms_app import inbox, submissions, views
from forms_app.models import Submission


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("application-files/<int:pk>/", views.download_file, name="forms_app_file")]


@hooks.register("record_inspect_sections")
def submissions_of_record(request, record):
    """The submission a record came from, with its applicant and files, on the record's inspect view."""
    submissions = Submission.objects.filter(
        record_type__app_label=record._meta.app_label, record_type__model=record._meta.model_name, record_id=record.pk
    ).prefetch_related("files")
    if not submissions:
        return ""
    return render_to_string("forms_app/admin/record_submissions.html", {"submissions": submissions}, request=request)


hooks.register("inbox_groups", inbox.new_applications, order=0)
hooks.register("record_applicant", submissions.applicant_of_record)
