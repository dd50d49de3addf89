"""A person's request about their data (P-O3, issue 16.9): find one person across every domain,
export everything the portal holds about them, erase it where no regulation requires keeping it.

A record is the person's when one of its personal fields (its ``retention.person``, core.retention)
holds the name or the e-mail address asked for; the administrator ticks those that are really
theirs (two people may share a name). Their case is those records and every record that links to
them (a pupil's achievements, a case's contract, a student's works), with the history rows and
documents of each: the export holds all of it. The erasure anonymises it: the personal fields, in
each record and in every history row, become "—" or empty, the documents leave the disk, and the
log entries that quote them go. A record whose period a regulation sets (home control works, clause 6.20) is
kept until the daily purge takes it. What was erased is recorded with counts only.
"""

import io
import json
import zipfile
from collections import Counter, defaultdict
from functools import reduce
from operator import or_

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q

from core.models import DataRemoval, private_file_fields
from core.private_files import delete_unreferenced
from core.purge import forget_log_entries, record_models
from core.retention import expired, person_fields, retention_of
from core.roles import INSTITUTION_ADMINISTRATOR
from core.scoping import institutions_for

ERASED = "—"
HISTORY_ROWS = "history rows"
DOCUMENTS = "documents"


def institutions_handled_by(user):
    """The institutions whose people's requests ``user`` handles: a superuser all, an institution
    administrator their own."""
    if user.is_superuser:
        return institutions_for(user)
    if user.is_authenticated and user.groups.filter(name=INSTITUTION_ADMINISTRATOR).exists():
        return institutions_for(user)
    return institutions_for(user).none()


def key_of(record):
    return f"{record._meta.label}:{record.pk}"


def find(institution, name="", email=""):
    """The records of ``institution`` whose personal fields hold every word of ``name`` or the address ``email``."""
    words, email = name.split(), email.strip()
    found = []
    for model in record_models():
        fields = person_fields(model)
        texts = [field.name for field in fields if isinstance(field, models.CharField | models.TextField)]
        conditions = []
        if words and texts:
            conditions.append(
                reduce(lambda q, word: q & reduce(or_, (Q(**{f"{t}__icontains": word}) for t in texts)), words, Q())
            )
        emails = [field.name for field in fields if isinstance(field, models.EmailField)]
        if email and emails:
            conditions.append(reduce(or_, (Q(**{f"{field}__iexact": email}) for field in emails)))
        if conditions:
            found += model._base_manager.filter(institution=institution).filter(reduce(or_, conditions))
    return found


def chosen(institution, keys):
    """The records named by ``keys`` ("app.Model:pk") in ``institution``; others are ignored."""
    labels = {model._meta.label: model for model in record_models()}
    pks = defaultdict(list)
    for key in keys:
        label, _colon, pk = key.rpartition(":")
        if label in labels and pk.isdigit():
            pks[labels[label]].append(int(pk))
    return [
        record
        for model, ids in pks.items()
        for record in model._base_manager.filter(institution=institution, pk__in=ids)
    ]


def linked(records):
    """``records`` and every record that links to one of them, again and again: a person's case.
    A record of a kept model (a teacher of the staff, an organisation) is the person alone: the
    works a teacher reviewed are the students'."""
    seen = {key_of(record): record for record in records}
    todo = [record for record in records if not retention_of(type(record)).kept]
    while todo:
        record = todo.pop()
        for relation in record._meta.related_objects:
            model = relation.related_model
            if relation.many_to_many or model not in record_models():
                continue
            for other in model._base_manager.filter(**{relation.field.name: record}):
                if key_of(other) not in seen:
                    seen[key_of(other)] = other
                    todo.append(other)
    return list(seen.values())


def export_archive(records):
    """A ZIP: per model a JSON file of its records, each with its history rows; the documents
    of each record and each of its versions under documents/."""
    archive = io.BytesIO()
    by_model = defaultdict(list)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for record in linked(records):
            rows = list(record.history.order_by("history_date").values())
            by_model[record._meta.label].append(
                {"id": record.pk, "record": serializers.serialize("python", [record])[0]["fields"], "history": rows}
            )
            for field, names in stored_documents(record).items():
                for name in sorted(names):
                    if field.storage.exists(name):
                        with field.storage.open(name, "rb") as document:
                            zipped.writestr(f"documents/{record._meta.label}/{record.pk}/{name}", document.read())
        for label, entries in sorted(by_model.items()):
            zipped.writestr(f"{label}.json", json.dumps(entries, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    return archive.getvalue()


def stored_documents(record):
    """{file field: the names of the documents the record and its history rows hold}."""
    fields = private_file_fields(type(record))
    rows = list(record.history.values(*[field.attname for field in fields])) if fields else []
    return {
        field: ({getattr(record, field.attname).name} | {row[field.attname] for row in rows}) - {"", None}
        for field in fields
    }


def held_by_regulation(record):
    """The clause that keeps ``record`` now, or "": its period is a regulation's and has not ended."""
    model, retention = type(record), retention_of(type(record))
    if retention.years is None or expired(model, record.institution).filter(pk=record.pk).exists():
        return ""
    return retention.regulation


def erasure_plan(records):
    """(to erase, kept with the clause that keeps them)."""
    erase, kept = [], []
    for record in linked(records):
        clause = held_by_regulation(record)
        (kept if clause else erase).append((record, clause))
    return [record for record, _clause in erase], kept


def anonymous(field):
    if field.null:
        return None
    return "" if field.blank else ERASED


def erase(institution, records, user):
    """Anonymise the records of the plan, their history and log entries; remove their documents.
    Returns the counts, as recorded."""
    to_erase, _kept = erasure_plan(records)
    counts = Counter()
    with transaction.atomic():
        for record in to_erase:
            model = type(record)
            values = {field.attname: anonymous(field) for field in person_fields(model)}
            documents = stored_documents(record)
            values.update((field.attname, "") for field in documents)
            if values:
                model._base_manager.filter(pk=record.pk).update(**values)
                counts[HISTORY_ROWS] += record.history.update(**values)
            for field, names in documents.items():
                for name in names:
                    delete_unreferenced(model, field, name)
                counts[DOCUMENTS] += len(names)
            forget_log_entries(model, [record.pk])
            counts[model._meta.label] += 1
        report = {institution.code: dict(counts)}
        DataRemoval.objects.create(kind=DataRemoval.Kind.ERASURE, user=user, institution=institution, counts=report)
    return report
