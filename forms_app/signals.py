"""A submission lives as long as its record: deleting the record deletes the applicant's
contact and attached files too (data minimisation, platform spec P-O3). The documents a record
keeps in its own private file fields go with it through core.private_files."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete

from core.models import InstitutionRecord
from forms_app.models import Submission, SubmissionFile


def delete_submissions(sender, instance, **kwargs):
    record_type = ContentType.objects.get_for_model(sender)
    for submission in Submission.objects.filter(record_type=record_type, record_id=instance.pk):
        submission.delete()


def delete_stored_file(sender, instance, **kwargs):
    """Once the deletion is committed: a rolled-back one must find its file still there."""
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name))


def connect():
    for model in apps.get_models():
        if issubclass(model, InstitutionRecord):
            post_delete.connect(
                delete_submissions, sender=model, dispatch_uid=f"forms_app_submissions_{model._meta.label}"
            )
    post_delete.connect(delete_stored_file, sender=SubmissionFile, dispatch_uid="forms_app_submission_file")
