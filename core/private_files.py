"""A record's own documents (P-F4, P-O3): how they are served, and their files' removal once
nothing refers to them any more. The admin's checked download and its links are in core.admin.

A record keeps a document in a file field with ``storage=private_storage`` (core.models). Its
history keeps each version's file name and a revert restores it, so a replaced document stays
on disk while a history row of the record names it. A file goes when neither a record nor a
history row of a record that still exists refers to it: with the record (a deleted record is
not reverted; its history rows stay as the audit trail), or with the last history row that
named it.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import FileResponse

from core.models import private_file_fields


def kept_name(name, limit=255):
    """An uploaded file's own name, kept as data for display, within ``limit`` characters with its
    ending kept (a long name must neither answer 500 nor lose what kind of file it is)."""
    if len(name) <= limit:
        return name
    stem, dot, ending = name.rpartition(".")
    if not dot or len(ending) >= limit // 2:
        return name[:limit]
    return stem[: limit - len(dot + ending)] + dot + ending


def file_response(file, filename, content_type):
    """A download that the browser saves and never renders as a page of ours (P-F4)."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def connect():
    """Replaced and deleted documents leave the disk, for every record model that has any."""
    for model in apps.get_models():
        if private_file_fields(model):
            uid = f"core_private_files_{model._meta.label}"
            pre_save.connect(remember_stored, sender=model, dispatch_uid=uid)
            post_save.connect(delete_replaced, sender=model, dispatch_uid=uid)
            post_delete.connect(delete_with_record, sender=model, dispatch_uid=uid)
            post_delete.connect(delete_with_history_row, sender=model.history.model, dispatch_uid=uid)


def remember_stored(sender, instance, raw=False, **kwargs):
    """The names the record's documents had before this save, compared once it is saved."""
    if raw or instance._state.adding:
        return
    names = [field.attname for field in private_file_fields(sender)]
    instance._stored_documents = sender._base_manager.filter(pk=instance.pk).values(*names).first() or {}


def delete_replaced(sender, instance, raw=False, **kwargs):
    """A document replaced or cleared: the old file goes, unless an older history row keeps it
    for a revert (as it does whenever the record's history was written)."""
    stored = vars(instance).pop("_stored_documents", {})
    for field in private_file_fields(sender):
        old = stored.get(field.attname)
        if old and old != getattr(instance, field.attname).name:
            delete_unreferenced(sender, field, old)


def delete_with_record(sender, instance, **kwargs):
    """The record's documents and every earlier version its history names (P-O3), unless another
    record keeps the same file (a renewal keeps its case's ПМПК conclusion, say)."""
    fields = private_file_fields(sender)
    versions = list(instance.history.values(*[field.attname for field in fields]))
    for field in fields:
        names = {getattr(instance, field.attname).name} | {version[field.attname] for version in versions}
        for name in names - {"", None}:
            delete_unreferenced(sender, field, name)


def delete_with_history_row(sender, instance, **kwargs):
    """A history row purged: the version's document goes once nothing else refers to it."""
    model = sender.instance_type
    for field in private_file_fields(model):
        if name := getattr(instance, field.attname):
            delete_unreferenced(model, field, name)


def delete_unreferenced(model, field, name):
    """Delete the file ``name`` of ``field`` once the change is committed (a rolled-back one must
    find it still there), unless a record of ``model``, or a history row of one, refers to it."""

    def delete():
        records = model._base_manager.all()
        pk = model._meta.pk.attname
        referenced = (
            records.filter(**{field.attname: name}).exists()
            or model.history.filter(**{field.attname: name, f"{pk}__in": records.values(pk)}).exists()
        )
        if not referenced:
            field.storage.delete(name)

    transaction.on_commit(delete)
