from pathlib import Path

from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks

from forms_app import views
from forms_app.models import Submission


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("application-files/<int:pk>/", views.download_file, name="forms_app_file"),
        path(
            "application-files/<str:app_label>/<str:model_name>/<int:pk>/<str:field_name>/",
            views.download_record_file,
            name="forms_app_record_file",
        ),
    ]


@hooks.register("record_inspect_sections")
def submissions_of_record(request, record):
    """The submission a record came from, with its applicant and files, on the record's inspect view."""
    submissions = Submission.objects.filter(
        record_type__app_label=record._meta.app_label, record_type__model=record._meta.model_name, record_id=record.pk
    ).prefetch_related("files")
    if not submissions:
        return ""
    return render_to_string("forms_app/admin/record_submissions.html", {"submissions": submissions}, request=request)


@hooks.register("record_file_url")
def record_file_url(record, field_name):
    """The checked download of a record's private document (for the admin's edit form)."""
    if field_name not in {field.name for field in views.private_file_fields(type(record))}:
        return None
    opts = record._meta
    return reverse("forms_app_record_file", args=[opts.app_label, opts.model_name, record.pk, field_name])


@hooks.register("record_inspect_sections")
def documents_of_record(request, record):
    """The documents a record keeps in its own private file fields, each through the checked download."""
    documents = [
        {
            "label": field.verbose_name,
            "name": Path(stored.name).name,
            "url": record_file_url(record, field.name),
        }
        for field in views.private_file_fields(type(record))
        if (stored := getattr(record, field.name))
    ]
    if not documents:
        return ""
    return render_to_string("forms_app/admin/record_files.html", {"documents": documents}, request=request)
