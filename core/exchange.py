"""Reading real-world files and running an import all or nothing (P-X4, P-X5).

Files come from Excel on Windows as often as from anywhere: UTF-8 with or without BOM,
Windows-1251 (Cyrillic) or Windows-1252 (Western), ``,`` or ``;`` between cells, XLSX or
JSON. Everything is detected; the user never picks an encoding.
"""

import csv
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import tablib
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor, ManyToManyDescriptor
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.widgets import ForeignKeyWidget

XLSX_MAGIC = b"PK\x03\x04"


class ExchangeError(Exception):
    """A file that cannot be read at all (as opposed to rows with errors)."""


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    cyrillic = raw.decode("cp1251", errors="replace")
    return cyrillic if _reads_as_cyrillic(cyrillic) else raw.decode("cp1252", errors="replace")


def _reads_as_cyrillic(text):
    """Windows-1252 accents read as Windows-1251 give Cyrillic letters inside Latin words
    ("Anaïs" becomes "Anaпs"); real Russian or Ukrainian gives whole Cyrillic words."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    cyrillic = [any("\u0400" <= char <= "\u04ff" for char in word) for word in words]
    pure = sum(1 for word, has in zip(words, cyrillic, strict=True) if has and not re.search(r"[A-Za-z]", word))
    mixed = sum(1 for word, has in zip(words, cyrillic, strict=True) if has and re.search(r"[A-Za-z]", word))
    return pure > mixed


def sniff_delimiter(text):
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if sample.count(";") > sample.count(",") else ","


def read_dataset(raw, name=""):
    """A tablib Dataset from the bytes of a CSV, XLSX or JSON file."""
    suffix = Path(name).suffix.lower()
    try:
        if raw.startswith(XLSX_MAGIC) or suffix == ".xlsx":
            return tablib.Dataset().load(io.BytesIO(raw), format="xlsx")
        text = decode(raw)
        if suffix == ".json" or text.lstrip().startswith("["):
            return tablib.Dataset().load(text, format="json")
        return tablib.Dataset().load(text, format="csv", delimiter=sniff_delimiter(text))
    except Exception as error:  # tablib raises many kinds for a broken file
        raise ExchangeError(_("The file cannot be read: %(error)s") % {"error": error}) from error


RESOURCES = {}


def register(resource_class):
    """Class decorator for a domain's ``resources.py``: makes the resource the model's exchange."""
    RESOURCES[resource_class._meta.model._meta.label_lower] = resource_class
    return resource_class


def resource_for(label):
    """The registered resource class of ``app_label.Model``."""
    model = apps.get_model(label)
    try:
        return RESOURCES[model._meta.label_lower]
    except KeyError:
        raise ExchangeError(_("%(model)s has no import/export resource.") % {"model": label}) from None


@dataclass
class RowProblem:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (line, kind) for the preview
    applied: bool = False

    @property
    def invalid_lines(self):
        return {problem.line for problem in self.problems if problem.line}

    @property
    def invalid(self):
        return len(self.invalid_lines)

    def as_json(self):
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "rows": self.rows,
            "problems": [[problem.line, problem.column, problem.message] for problem in self.problems],
        }


CHECK_CHUNK_ROWS = 1000


def batch_reason(name, user, rows):
    return _("Import of %(file)s by %(user)s at %(time)s, %(rows)s rows") % {
        "file": Path(name).name,
        "user": user or "command line",
        "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "rows": rows,
    }


def prepare(label, raw, name, user=None, institution=None):
    """The resource and the dataset of a file, headers already mapped to field names."""
    dataset = read_dataset(raw, name)
    resource = resource_for(label)(user=user, institution=institution, batch=batch_reason(name, user, dataset.height))
    resource.before_import(dataset)
    return resource, dataset


def chunks(dataset):
    """The dataset a chunk at a time, with the file line of its first row (the header is line 1):
    no transaction is held long, progress can be shown, and a chunk's records load in one query."""
    for first in range(0, dataset.height, CHECK_CHUNK_ROWS):
        yield tablib.Dataset(*dataset[first : first + CHECK_CHUNK_ROWS], headers=dataset.headers), first + 2


def run_rows(resource, dataset, dry_run, on_progress=None):
    """Every row through the resource; once a problem is found nothing more is written."""
    report = ImportReport()
    report.problems += repeated_keys(resource, dataset)
    for chunk, first_line in chunks(dataset):
        result = resource.import_data(chunk, dry_run=dry_run or bool(report.problems), use_transactions=True)
        summarise(result, report, first_line=first_line)
        if on_progress:
            on_progress(min(first_line - 2 + CHECK_CHUNK_ROWS, dataset.height))
    report.problems.sort(key=lambda problem: problem.line)
    invalid = report.invalid_lines
    report.rows = [(line, "invalid" if line in invalid else kind) for line, kind in report.rows]
    for kind in ("new", "updated", "unchanged"):
        setattr(report, kind, sum(1 for _line, row_kind in report.rows if row_kind == kind))
    return report


def check(resource, dataset, on_progress=None):
    """The preview: every row validated as the import would, nothing written."""
    return run_rows(resource, dataset, dry_run=True, on_progress=on_progress)


def apply(resource, dataset, on_progress=None):
    """Validate and write every row in one transaction, all or nothing: one problem anywhere
    (the records may have changed since the preview) rolls every row back."""
    with transaction.atomic():
        report = run_rows(resource, dataset, dry_run=False, on_progress=on_progress)
        report.applied = not report.problems
        transaction.set_rollback(not report.applied)
    return report


def repeated_keys(resource, dataset):
    columns = [resource.fields[name].column_name for name in resource._meta.import_id_fields]
    if not all(column in dataset.headers for column in columns):
        return []
    seen, problems = {}, []
    for line, row in enumerate(dataset.dict, start=2):
        key = tuple(str(row[column]).strip() for column in columns)
        if key in seen:
            problems.append(RowProblem(line, columns[-1], _("This row repeats line %(line)s.") % {"line": seen[key]}))
        else:
            seen[key] = line
    return problems


def run_import(label, raw, name, user=None, institution=None, dry_run=False):
    """Check every row; write all of them only when none is invalid (all or nothing)."""
    resource, dataset = prepare(label, raw, name, user, institution)
    return check(resource, dataset) if dry_run else apply(resource, dataset)


ROW_KINDS = {"new": "new", "update": "updated", "skip": "unchanged"}  # import-export's row types


def summarise(result, report, first_line=2):
    """Add an import-export result to ``report``; line numbers count the header as line 1."""
    for number, row in enumerate(result.rows, start=first_line):
        invalid = row.errors or row.validation_error is not None
        kind = "invalid" if invalid else ROW_KINDS.get(row.import_type, "unchanged")
        report.rows.append((number, kind))
        for error in row.errors:
            report.problems.append(RowProblem(number, "", str(error.error)))
        error = row.validation_error
        if error is not None:
            by_column = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for column, messages in by_column.items():
                report.problems.extend(RowProblem(number, column, message) for message in messages)
    for error in result.base_errors:
        report.problems.append(RowProblem(0, "", str(error.error)))
    return report


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def export_columns(resource):
    """Each export column as (the path ``values_list`` reads it by, the widget's render), or
    None when a column is computed by the resource (a dehydrate method), which only it can do."""
    model = resource._meta.model
    columns = []
    for column in resource.get_export_fields():
        method = column.get_dehydrate_method(resource.get_field_name(column))
        if callable(method) or hasattr(resource, method) or not column.attribute:
            return None
        try:
            model_field = model._meta.get_field(column.attribute)
        except FieldDoesNotExist:
            return None
        if not model_field.is_relation:
            columns.append((column.attribute, column.widget.render))
        elif model_field.many_to_one and isinstance(column.widget, ForeignKeyWidget) and not column.widget.key_is_id:
            columns.append((f"{column.attribute}__{column.widget.field}", _related_value))
        else:
            return None
    return columns


def _related_value(value):
    return "" if value is None else value


def export_rows(resource, queryset):
    """The export's rows one at a time (constant memory): read as plain values, rendered by
    the resource's own widgets, formula-like cells escaped as ``export_field`` does."""
    columns = export_columns(resource)
    if columns is None:
        model = resource._meta.model
        descriptors = [
            (field.attribute, getattr(model, field.attribute or "", None)) for field in resource.get_export_fields()
        ]
        related = [name for name, descriptor in descriptors if isinstance(descriptor, ForwardManyToOneDescriptor)]
        many = [name for name, descriptor in descriptors if isinstance(descriptor, ManyToManyDescriptor)]
        for instance in queryset.select_related(*related).prefetch_related(*many).iterator(chunk_size=2000):
            yield resource.export_resource(instance)
        return
    paths, renders = zip(*columns, strict=True)
    escape = resource.escape
    for values in queryset.values_list(*paths).iterator(chunk_size=2000):
        yield [escape(render(value)) for render, value in zip(renders, values, strict=True)]


def stream_csv(resource, queryset):
    """CSV lines, BOM first (Excel), one record at a time: constant memory for any size (P-X1)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(resource.get_export_headers())
    for row in export_rows(resource, queryset):
        yield writer.writerow(row)


def _stream_json(resource, queryset):
    """A JSON list of objects keyed by the headers, as tablib writes it, one record at a time."""
    headers = resource.get_export_headers()
    separator = "[\n"
    for row in export_rows(resource, queryset):
        yield separator + json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False, default=str)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def _stream_xlsx(resource, queryset):
    """A workbook written row by row to a temporary file (openpyxl's write-only mode), then sent."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(resource.get_export_headers())
    for row in export_rows(resource, queryset):
        sheet.append(row)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        yield from iter(lambda: file.read(64 * 1024), b"")


EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def stream_export(resource, queryset, file_format):
    """The export file as byte chunks, never whole in memory (P-X1): CSV, XLSX or JSON."""
    if file_format == "xlsx":
        return _stream_xlsx(resource, queryset)
    lines = stream_csv(resource, queryset) if file_format == "csv" else _stream_json(resource, queryset)
    return (line.encode("utf-8") for line in lines)
