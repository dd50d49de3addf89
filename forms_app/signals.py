"""A submission lives as long as its record: deleting the record deletes the applicant's
contact and documents too, the documents the record keeps in its own private file fields
included (data minimisation, platform spec P-O3)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete


def delete_submissions(sender, instance, **kwargs):
    from forms_app.models import Submission

    record_type = ContentType.objects.get_for_model(sender)
    for submission in Submission.objects.filter(record_type=record_type, record_id=instance.pk):
        submission.delete()


def delete_stored_file(sender, instance, **kwargs):
    """Once the deletion is committed: a rolled-back one must find its file still there."""
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name))


def delete_private_documents(sender, instance, **kwargs):
    """The record's own documents, once the deletion is committed, unless another record of the
    model still keeps the same file (a renewal keeps its case's ПМПК conclusion, say)."""
    from forms_app.views import private_file_fields

    for field in private_file_fields(sender):
        stored = getattr(instance, field.name)
        if stored:
            transaction.on_commit(lambda field=field, name=stored.name: _delete_unless_kept(sender, field, name))


def _delete_unless_kept(model, field, name):
    if not model._default_manager.filter(**{field.name: name}).exists():
        field.storage.delete(name)


def connect():
    from core.models import InstitutionRecord
    from forms_app.models import SubmissionFile

    for model in apps.get_models():
        if issubclass(model, InstitutionRecord):
            post_delete.connect(
                delete_submissions, sender=model, dispatch_uid=f"forms_app_submissions_{model._meta.label}"
            )
            post_delete.connect(
                delete_private_documents, sender=model, dispatch_uid=f"forms_app_documents_{model._meta.label}"
            )
    post_delete.connect(delete_stored_file, sender=SubmissionFile, dispatch_uid="forms_app_submission_file")
