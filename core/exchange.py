"""Reading real-world files and running an import all or nothing (P-X4, P-X5).

Files come from Excel on Windows as often as from anywhere: UTF-8 with or without BOM,
Windows-1251 (Cyrillic) or Windows-1252 (Western), ``,`` or ``;`` between cells, XLSX or
JSON. Everything is detected; the user never picks an encoding.
"""

import codecs
import csv
import gc
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from itertools import chain, islice
from operator import call
from pathlib import Path

import openpyxl
import tablib
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor, ManyToManyDescriptor
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.widgets import ForeignKeyWidget

from core.domains import record_admin_class
from core.references import numbered_last
from core.resources import RecordResource, may_need_escape

XLSX_MAGIC = b"PK\x03\x04"


class ExchangeError(Exception):
    """A file that cannot be read at all (as opposed to rows with errors)."""


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_mixed_encodings(raw, error)
    cyrillic = raw.decode("cp1251", errors="replace")
    return cyrillic if _reads_as_cyrillic(cyrillic) else raw.decode("cp1252", errors="replace")


def _refuse_mixed_encodings(raw, error):
    """A file that is UTF-8 in some lines and not in others (rows pasted from two programs) has no
    one encoding: read in either, some names would be stored garbled ("Anaïs" as "AnaÃ¯s"), so it
    is refused, naming the first line that is not UTF-8 (issue 16.6). A line of Windows-1251 or
    -1252 text with accents is practically never valid UTF-8, so a line that is, and has letters
    beyond ASCII, is UTF-8."""
    if any(not line.isascii() and _is_utf8(line) for line in raw.splitlines()):
        line = raw.count(b"\n", 0, error.start) + 1
        raise ExchangeError(
            _(
                "Line %(line)s is written in another character encoding than the lines before it, so "
                "some letters would be stored garbled. Save the whole file again from one program, "
                "as CSV UTF-8 or as .xlsx."
            )
            % {"line": line}
        ) from error


def _is_utf8(line):
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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


class Table:
    """A file's header and rows, walked a row at a time. A CSV or XLSX file (the formats of large
    exchanges) is parsed as it is walked, never held as one table of 100 000 rows; JSON comes
    through tablib whole."""

    def __init__(self, headers, rows):
        self.headers = list(headers)
        self._rows = rows  # a callable returning a fresh iterator of rows

    def __iter__(self):
        width = len(self.headers)
        for line, row in enumerate(self._rows(), start=2):
            if len(row) > width:
                raise ExchangeError(
                    _("The file cannot be read: line %(line)s has more cells than the header.") % {"line": line}
                )
            yield list(row) + [""] * (width - len(row))

    @cached_property
    def height(self):
        return sum(1 for _row in self._rows())

    def chunks(self, size):
        """Datasets of ``size`` rows with the first row's line (the header is line 1)."""
        rows, first_line = [], 2
        for row in self:
            rows.append(row)
            if len(rows) == size:
                yield tablib.Dataset(*rows, headers=self.headers), first_line
                rows, first_line = [], first_line + size
        if rows:
            yield tablib.Dataset(*rows, headers=self.headers), first_line


READABLE_SUFFIXES = {"", ".csv", ".txt", ".xlsx", ".json"}
UTF8_BOM = b"\xef\xbb\xbf"
BLOCK = 1024 * 1024


def read_table(raw, name=""):
    """The ``Table`` of a CSV, XLSX or JSON file (its bytes, or a binary file open for reading);
    format, encoding and delimiter detected. A UTF-8 CSV or an XLSX file is read from the file as
    it is walked, at constant memory for any length (issue 15.7)."""
    file = io.BytesIO(raw) if isinstance(raw, bytes | bytearray) else raw
    file.seek(0)
    head = file.read(4096)
    suffix = Path(name).suffix.lower()
    if suffix not in READABLE_SUFFIXES or (not head.startswith(XLSX_MAGIC) and b"\x00" in head):
        raise ExchangeError(
            _("This is not a CSV, XLSX or JSON file. Save the list from your spreadsheet program as .xlsx or .csv.")
        )
    if head.startswith(XLSX_MAGIC) or suffix == ".xlsx":
        return _xlsx_table(file)
    start = len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0
    if not _is_utf8_file(file, start):  # Windows-1251/-1252 files come from desktop programs, small
        file.seek(0)
        return _text_table(decode(file.read()), suffix)
    file.seek(start)
    sample = io.TextIOWrapper(io.BytesIO(file.read(64 * 1024)), "utf-8", errors="ignore").read()
    if suffix == ".json" or sample.lstrip().startswith("["):
        file.seek(start)
        return _text_table(file.read().decode("utf-8"), suffix)

    def lines():
        file.seek(start)
        text = io.TextIOWrapper(file, "utf-8", newline="")
        try:
            for line in text:  # noqa: UP028 - ``yield from`` would close the file with this walk
                yield line
        finally:
            text.detach()  # the file stays open for the next walk

    return _csv_table(lines, sniff_delimiter(sample))


def _is_utf8_file(file, start):
    decoder = codecs.getincrementaldecoder("utf-8")()
    file.seek(start)
    try:
        for block in iter(lambda: file.read(BLOCK), b""):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _text_table(text, suffix):
    if suffix == ".json" or text.lstrip().startswith("["):
        return _whole_table(text, "json")
    return _csv_table(lambda: io.StringIO(text), sniff_delimiter(text))


def _csv_table(lines, delimiter):
    """A CSV table over ``lines`` (a callable giving the text's lines afresh); every row read once
    here, so a broken file fails now, not mid-import."""

    def rows():
        reader = csv.reader(lines(), delimiter=delimiter)
        next(reader, None)
        return (row for row in reader if row)

    try:
        table = Table(next(csv.reader(lines(), delimiter=delimiter), []), rows)
        table.height  # noqa: B018 - reads every row once
    except csv.Error as error:
        raise ExchangeError(
            _('The file cannot be read as CSV: check that every quotation mark (") is closed.')
        ) from error
    return table


UNREADABLE = {
    "xlsx": gettext_lazy(
        "The file cannot be read as a spreadsheet. Save it again from your spreadsheet program as .xlsx or .csv."
    ),
    "json": gettext_lazy("The file cannot be read as JSON: it must be a list of rows, as the export writes it."),
}


def _xlsx_table(file):
    """An XLSX file's active sheet, walked a row at a time (openpyxl's read-only mode), once the file
    has shown it is no bomb (issue 16.5): its unpacked size and its sheet's declared dimensions are
    checked before a cell is read, and a sheet that understates its rows stops at the limit."""
    _refuse_oversized_xlsx(file)

    def sheet_rows():
        try:
            file.seek(0)
            sheet = openpyxl.load_workbook(file, read_only=True, data_only=True).active
            # Read-only mode trusts the declared dimensions, which programs write wrong: forget
            # them, or rows past them would be dropped without a word.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ExchangeError(str(UNREADABLE["xlsx"])) from error
        for line, row in enumerate(rows, start=1):
            if line > settings.IMPORT_MAX_ROWS + 1:
                raise ExchangeError(too_large(line, len(row)))
            yield row

    def rows():
        body = sheet_rows()
        next(body, None)
        # An empty cell reads as an empty CSV cell does.
        return (["" if cell is None else cell for cell in row] for row in body)

    return Table(next(sheet_rows(), ()), rows)


def _refuse_oversized_xlsx(file):
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
            rows, columns = _declared_dimensions(archive, sheets[0]) if sheets else (0, 0)
    except (zipfile.BadZipFile, OSError) as error:
        raise ExchangeError(str(UNREADABLE["xlsx"])) from error
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise ExchangeError(
            _("The spreadsheet unpacks to %(size)s, more than the %(limit)s an import reads.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(settings.IMPORT_MAX_UNPACKED_BYTES)}
            + " "
            + _("Split it into smaller files.")
        )
    if rows > settings.IMPORT_MAX_ROWS + 1 or columns > settings.IMPORT_MAX_COLUMNS:
        raise ExchangeError(too_large(rows, columns))


def too_large(rows, columns):
    return _(
        "The spreadsheet has at least %(rows)s rows and %(columns)s columns; an import reads at most "
        "%(max_rows)s rows and %(max_columns)s columns. Split it into smaller files, or delete the empty "
        "rows and columns at its end."
    ) % {
        "rows": rows,
        "columns": columns,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_columns": settings.IMPORT_MAX_COLUMNS,
    }


def _declared_dimensions(archive, sheet):
    """(rows, columns) of a sheet's ``<dimension ref="A1:K120"/>``, read from its first bytes only."""
    with archive.open(sheet) as stream:
        head = stream.read(4096).decode("utf-8", errors="ignore")
    match = re.search(r'<(?:\w+:)?dimension ref="[A-Z]*\d*:?([A-Z]+)(\d+)"', head)
    if not match:
        return 0, 0
    return int(match.group(2)), openpyxl.utils.column_index_from_string(match.group(1))


def _whole_table(source, file_format):
    try:
        dataset = tablib.Dataset().load(source, format=file_format)
    except Exception as error:  # tablib raises many kinds for a broken file
        raise ExchangeError(str(UNREADABLE[file_format])) from error
    # An empty spreadsheet cell (or JSON null) reads as an empty CSV cell does.
    return Table(dataset.headers or [], lambda: (["" if cell is None else cell for cell in row] for row in dataset))


def require_rows(table):
    """A file to import has a header and at least one row below it."""
    if not table.headers:
        raise ExchangeError(_("The file is empty."))
    if not table.height:
        raise ExchangeError(_("The file has a header but no rows below it."))
    return table


def resource_for(label):
    """The resource class the records list of ``app_label.Model`` declares (its ``resource_class``)."""
    record_admin = record_admin_class(apps.get_model(label))
    if record_admin is None or record_admin.resource_class is None:
        raise ExchangeError(_("%(model)s has no import/export resource.") % {"model": label})
    return record_admin.resource_class


@dataclass
class RowProblem:
    line: int  # 0: the file as a whole
    column: str  # the column as the export heads it, or "" for the whole row
    message: str


# The preview shows the values (and an update's changes) of the first rows and of rows with a
# problem, up to these numbers: a 100 000-row file keeps its letters, not 100 000 rows of cells.
DETAIL_FIRST_ROWS = 200
DETAIL_PROBLEM_ROWS = 1000


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)  # what the import ignores, said once
    # One letter per row of the file (see ROW_LETTERS), for the preview: 100 000 rows are
    # 100 000 characters, not 100 000 tuples.
    kinds: str = ""
    columns: list = field(default_factory=list)  # the file's columns as the export heads them
    details: dict = field(default_factory=dict)  # line: {"values": [...], "changes": [[column, old, new]]}
    applied: bool = False
    missing_columns: set = field(default_factory=set)  # reported once for the file

    @property
    def invalid_lines(self):
        return {problem.line for problem in self.problems if problem.line}

    @property
    def invalid(self):
        return self.kinds.count(ROW_LETTERS["invalid"])

    def as_json(self):
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "kinds": self.kinds,
            "problems": [[problem.line, problem.column, problem.message] for problem in self.problems],
            "notices": self.notices,
            "columns": self.columns,
            "details": {str(line): detail for line, detail in self.details.items()},
        }


CHECK_CHUNK_ROWS = 1000


def batch_reason(name, user, rows):
    return _("Import of %(file)s by %(user)s at %(time)s, %(rows)s rows") % {
        "file": Path(name).name,
        "user": user or "command line",
        "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "rows": rows,
    }


def prepare(label, table, name, user=None, institution=None):
    """The resource for a file's ``Table`` (read once by ``read_table``), its headers mapped to field names."""
    resource = resource_for(label)(user=user, institution=institution, batch=batch_reason(name, user, table.height))
    table.headers = resource.import_headers(table.headers)
    return resource, table


def file_problems(resource, headers):
    """What is wrong with the file as a whole, said once before any row is read: the problems
    that leave no row worth checking, and notices of columns the import ignores."""
    label = resource.column_label
    problems = []
    if "institution" not in headers and not resource.default_institution:
        column = label("institution")
        message = _("The rows name no institution. Choose the institution above, or add a column “%(column)s”.")
        problems.append(RowProblem(0, column, message % {"column": column}))
    for name in resource.get_import_id_fields():
        if name not in {"institution", *resource.numbered_fields} and resource.fields[name].column_name not in headers:
            message = _("The file has no column “%(column)s”, which tells which record each row is.")
            problems.append(RowProblem(0, label(name), message % {"column": label(name)}))
    known = {field.column_name for field in resource.fields.values()}
    notices = [
        _("The column “%(column)s” is not one of this list's columns; it is ignored.") % {"column": header}
        for header in headers
        if str(header).strip() and header not in known
    ]
    return problems, notices


def run_rows(resource, table, dry_run, on_progress=None):
    """Every row through the resource, a chunk at a time (no transaction held long, progress
    shown, a chunk's records loaded in one query); once a problem is found nothing more is
    written, and ``apply`` rolls back what was."""
    report = ImportReport()
    report.problems, report.notices = file_problems(resource, table.headers)
    if report.problems:
        return report
    repeats = RepeatedKeys(resource, table.headers)
    resource.changes_until_line = 2 + DETAIL_FIRST_ROWS
    kinds = []
    try:
        with young_collections_only() as collect_young:
            for chunk, first_line in table.chunks(CHECK_CHUNK_ROWS):
                known_problems = len(report.problems)
                report.problems += repeats.in_chunk(chunk, first_line)
                resource.first_line = first_line
                result = resource.import_data(chunk, dry_run=dry_run or bool(report.problems), use_transactions=True)
                kinds.append(summarise(result, report, resource, chunk.headers, first_line=first_line))
                keep_details(report, resource, chunk, first_line, report.problems[known_problems:])
                collect_young()
                if on_progress:
                    on_progress(first_line - 2 + chunk.height)
    except ExchangeError as error:  # a line the file's header cannot hold
        report.problems.append(RowProblem(0, "", str(error)))
    report.problems.sort(key=lambda problem: problem.line)
    kinds = list("".join(kinds))
    for line in report.invalid_lines:
        kinds[line - 2] = ROW_LETTERS["invalid"]
    report.kinds = "".join(kinds)
    report.new, report.updated, report.unchanged = (
        report.kinds.count(ROW_LETTERS[kind]) for kind in ("new", "updated", "unchanged")
    )
    return report


@contextmanager
def young_collections_only():
    """Python's cyclic garbage collector kept to young objects, collected when the block calls
    the function it gives (after each chunk). A chunk's records, history rows and results live
    until the chunk is written; left to itself the collector takes them for long-lived and
    scans every object of the process (Django, Wagtail, the apps) again and again, about a
    tenth of an import's time. The switch is the process's: enabled again after only if it
    was before, so two imports in two threads leave it as they found it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield partial(gc.collect, 1)
    finally:
        if enabled:
            gc.enable()


def keep_details(report, resource, chunk, first_line, problems):
    """The values of the chunk's rows the preview shows (the first rows, and rows with a
    problem up to a number), with an update's changes; the columns as the export heads them
    (the chunk's, after the resource mapped them and added the chosen institution)."""
    if not report.columns:
        report.columns = [resource.column_label(header) or str(header) for header in chunk.headers]
    problem_lines = {problem.line for problem in problems}
    for line, row in enumerate(chunk, start=first_line):
        if line - 2 < DETAIL_FIRST_ROWS or (
            line in problem_lines and len(report.details) < DETAIL_FIRST_ROWS + DETAIL_PROBLEM_ROWS
        ):
            values = ["" if cell is None else str(cell) for cell in row]
            report.details[line] = {"values": values, "changes": resource.changes.pop(line, [])}
    resource.changes.clear()


def check(resource, table, on_progress=None):
    """The preview: every row validated as the import would, nothing written."""
    return run_rows(resource, table, dry_run=True, on_progress=on_progress)


def apply(resource, table, on_progress=None):
    """Validate and write every row in one transaction, all or nothing: one problem anywhere
    (the records may have changed since the preview) rolls every row back. New records the
    portal numbers are numbered after the last row, so the import holds a series' counter only
    for that last step, never for the whole file (issue 15.2)."""
    with transaction.atomic(), numbered_last():
        report = run_rows(resource, table, dry_run=False, on_progress=on_progress)
        report.applied = not report.problems
        transaction.set_rollback(not report.applied)
    return report


class RepeatedKeys:
    """Rows naming the same record as an earlier row of the file, found chunk by chunk in the
    import's own walk of the file. A key cell the portal numbers (``numbered_fields``) left
    empty names no record: the row adds a new one. The keys seen are kept in a temporary SQLite
    file, not in memory: a million rows' keys are a million rows (issue 15.7)."""

    def __init__(self, resource, headers):
        self.resource = resource
        self.columns = [resource.fields[name].column_name for name in resource._meta.import_id_fields]
        self.given = {column: headers.index(column) for column in self.columns if column in headers}
        self.filled = {"institution": resource.default_institution or ""}  # what the chosen institution fills
        numbered = {resource.fields[name].column_name for name in resource.numbered_fields}
        self.numbered = {index for column, index in self.given.items() if column in numbered}
        self.complete = all(column in self.given or column in self.filled for column in self.columns)
        self.seen = sqlite3.connect("")  # "": a temporary file, deleted when closed
        self.seen.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")

    def _keys(self, rows, first_line):
        for line, row in enumerate(rows, start=first_line):
            if any(not str(row[index]).strip() for index in self.numbered):
                continue
            cells = (
                (str(row[self.given[column]]).strip() if column in self.given else "") or self.filled.get(column, "")
                for column in self.columns
            )
            yield "\x1f".join(cells), line

    def in_chunk(self, rows, first_line):
        if not self.complete:
            return []
        chunk = {}
        problems = []
        for key, line in self._keys(rows, first_line):
            if key in chunk:
                problems.append(self._problem(line, chunk[key]))
            else:
                chunk[key] = line
        placeholders = ",".join("?" * len(chunk))
        earlier = dict(self.seen.execute(f"SELECT key, line FROM seen WHERE key IN ({placeholders})", list(chunk)))  # noqa: S608
        problems += [self._problem(line, earlier[key]) for key, line in chunk.items() if key in earlier]
        self.seen.executemany(
            "INSERT INTO seen VALUES (?, ?)", [item for item in chunk.items() if item[0] not in earlier]
        )
        return problems

    def _problem(self, line, earlier_line):
        message = _("This row repeats line %(line)s.") % {"line": earlier_line}
        return RowProblem(line, self.resource.column_label(self.columns[-1]), message)


def run_import(label, raw, name, user=None, institution=None, dry_run=False):
    """Check every row; write all of them only when none is invalid (all or nothing). ``raw``: the
    file's bytes, or the file open for reading."""
    resource, table = prepare(label, require_rows(read_table(raw, name)), name, user, institution)
    return check(resource, table) if dry_run else apply(resource, table)


ROW_KINDS = {"new": "new", "update": "updated", "skip": "unchanged"}  # import-export's row types
ROW_LETTERS = {"new": "n", "updated": "u", "unchanged": "s", "invalid": "i"}
LETTER_KINDS = {letter: kind for kind, letter in ROW_LETTERS.items()}
EMPTY_CODES = {"blank", "null"}


def summarise(result, report, resource, headers, first_line=2):
    """Add an import-export result's problems to ``report``, each in the user's words against
    its column as the export heads it, and return its rows' letters; line numbers count the
    header as line 1. A column the file lacks is reported once, not on every new row."""
    absent = {field.attribute for field in resource.get_import_fields() if field.column_name not in headers}
    letters = []
    for number, row in enumerate(result.rows, start=first_line):
        invalid = row.errors or row.validation_error is not None
        letters.append(ROW_LETTERS["invalid"] if invalid else ROW_LETTERS[ROW_KINDS.get(row.import_type, "unchanged")])
        for error in row.errors:
            message = _("This row cannot be imported: %(error)s") % {"error": error.error}
            report.problems.append(RowProblem(number, "", message))
        if row.validation_error is not None:
            for name, error in _field_errors(row.validation_error):
                column = resource.column_label(name)
                if name in absent and _is_empty(error):
                    _report_missing_column(report, column)
                else:
                    report.problems.append(RowProblem(number, column, _message(resource, name, error)))
    for error in result.base_errors:
        report.problems.append(RowProblem(0, "", _("The file cannot be imported: %(error)s") % {"error": error.error}))
    return "".join(letters)


def _field_errors(error):
    """(field name, single ValidationError) of a row's validation error; "" for the whole row."""
    if hasattr(error, "error_dict"):
        return [(name, item) for name, items in error.error_dict.items() for item in items]
    return [("", item) for item in error.error_list]


def _is_empty(error):
    """Django's complaint about an empty value (a boolean's reads “None” must be True or False)."""
    params = error.params or {}
    return error.code in EMPTY_CODES or (error.code == "invalid" and "value" in params and params["value"] is None)


def _message(resource, name, error):
    if _is_empty(error):
        return _("This cell is empty, but it must be filled in.")
    if error.code == "invalid_choice":
        choices = resource._meta.model._meta.get_field(name).flatchoices
        return _("“%(value)s” is not one of the choices: %(choices)s.") % {
            "value": error.params["value"],
            "choices": ", ".join(str(value) for value, _label in choices),
        }
    return next(iter(error))


def _report_missing_column(report, column):
    if column not in report.missing_columns:
        report.missing_columns.add(column)
        message = _(
            "The file has no column “%(column)s”, which every new record needs: add it, or leave out the new records."
        )
        report.problems.append(RowProblem(0, column, message % {"column": column}))


class PreviewRows(Sequence):
    """(line, kind) of the rows a report lists, read off its letters: a page of a 100 000-row
    preview costs that page only."""

    def __init__(self, kinds, only=None):
        self.kinds = kinds
        self.indexes = [index for index, letter in enumerate(kinds) if letter == ROW_LETTERS[only]] if only else None

    def __len__(self):
        return len(self.kinds) if self.indexes is None else len(self.indexes)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[index] for index in range(*position.indices(len(self)))]
        index = position if self.indexes is None else self.indexes[position]
        return index + 2, LETTER_KINDS[self.kinds[index]]


def export_columns(resource):
    """Each export column as (path, render). A plain column has the path ``values_list`` reads
    it by and its widget's render. A column only the resource renders (a ``dehydrate_<field>``
    method, a many-to-many column, every column of a resource that overrides ``export_field``)
    has no path: ``resource.export_field`` renders it from the whole record."""
    model = resource._meta.model
    own_export = type(resource).export_field is not RecordResource.export_field
    return [
        (not own_export and plain_column(resource, model, column)) or (None, partial(resource.export_field, column))
        for column in resource.get_export_fields()
    ]


def plain_column(resource, model, column):
    """(path, render) of a column read as a stored value, or None."""
    method = column.get_dehydrate_method(resource.get_field_name(column))
    if callable(method) or hasattr(resource, method) or not column.attribute:
        return None
    try:
        model_field = model._meta.get_field(column.attribute)
    except FieldDoesNotExist:
        return None
    if not model_field.is_relation:
        return column.attribute, column.widget.render
    if model_field.many_to_one and isinstance(column.widget, ForeignKeyWidget) and not column.widget.key_is_id:
        return f"{column.attribute}__{column.widget.field}", _related_value
    return None


def _related_value(value):
    return "" if value is None else value


EXPORT_CHUNK_ROWS = 2000


def export_rows(resource, queryset, on_progress=None):
    """The export's rows one at a time (constant memory), told to ``on_progress`` as
    ``export_chunks`` tells it."""
    for rows in export_chunks(resource, queryset, on_progress):
        yield from rows


def export_chunks(resource, queryset, on_progress=None):
    """The export's rows in lists of ``EXPORT_CHUNK_ROWS`` (the last one shorter): constant
    memory, and a writer takes a list at once. Told to ``on_progress`` after every chunk and at
    the end (a background export's progress)."""
    count = 0
    for rows in _export_chunks(resource, queryset):
        yield rows
        count += len(rows)
        if on_progress is not None and count % EXPORT_CHUNK_ROWS == 0:
            on_progress(count)
    if on_progress is not None:
        on_progress(count)


def _export_chunks(resource, queryset):
    """Formula-like cells escaped as ``export_field`` does. Plain columns only: read as plain
    values (``values_list``) and rendered by the resource's widgets (``_plain_chunks``).
    Otherwise records are read, with their related ones, and only the columns the resource
    renders go through it."""
    columns = export_columns(resource)
    if all(path for path, _render in columns):
        return _plain_chunks(resource, queryset, columns)
    escape = resource.escape
    cells = [partial(_stored_cell, path.split("__"), render, escape) if path else render for path, render in columns]
    return _chunked([cell(record) for cell in cells] for record in _records(resource, queryset))


def _chunked(rows):
    return iter(lambda: list(islice(rows, EXPORT_CHUNK_ROWS)), [])


def _plain_chunks(resource, queryset, columns):
    """Chunks of rows of plain values, rendered a column at a time with no Python per cell
    (issue 15.8): a column of one type of value looks its cells up in a ``RememberedCells``, and
    a text column is written as read when ``may_need_escape`` finds nothing to escape in it."""
    model = resource._meta.model
    as_read = type(resource).escape is RecordResource.escape  # ``may_need_escape`` knows its rules
    column_cells = []
    for path, render in columns:
        model_field, nullable = _path_field(model, path)
        cell = _column_cells(model_field, render, resource.escape)
        is_text = as_read and not nullable and _writes_text_as_read(model_field, render)
        column_cells.append(partial(_text_cells, cell) if is_text else partial(map, cell))
    values = queryset.values_list(*(path for path, _render in columns)).iterator(chunk_size=EXPORT_CHUNK_ROWS)
    for chunk in _chunked(values):
        by_column = map(call, column_cells, zip(*chunk, strict=True))
        yield list(map(list, zip(*by_column, strict=True)))


def _text_cells(cell, column):
    """A text column's cells of a chunk: its values as they are, unless one may need escaping."""
    try:
        if not may_need_escape(column):
            return column
    except TypeError:  # a value that is no text (one its field does not give)
        pass
    return map(cell, column)


def _path_field(model, path):
    """The model field a ``values_list`` path ends on and whether a step of it may be NULL;
    (None, True) for a path it cannot follow."""
    nullable = False
    for name in path.split("__"):
        try:
            model_field = model._meta.get_field(name)
        except (AttributeError, FieldDoesNotExist):  # AttributeError: a step past a plain field
            return None, True
        nullable = nullable or model_field.null
        model = model_field.related_model
    return model_field, nullable


# Renders that return a text value as it is.
TEXT_AS_IS = {widgets.Widget.render, widgets.CharWidget.render}


def _writes_text_as_read(model_field, render):
    """Whether the column's values are text its render writes unchanged."""
    if not isinstance(model_field, models.CharField | models.TextField) or hasattr(model_field, "from_db_value"):
        return False
    return render is _related_value or getattr(render, "__func__", None) in TEXT_AS_IS


def _column_cells(model_field, render, escape):
    """The column's cell of a value, remembered: by value alone for a field whose values are of
    one type (a lookup in C), else by type and value."""
    if _one_type(model_field):
        return RememberedCells(render, escape).__getitem__
    return _remembered(render, escape)


# Fields whose values come from the database as one type (or None): within one column no two
# values of different types are equal (True == 1), so a cell can be remembered by value alone.
ONE_TYPE_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField)


def _one_type(model_field):
    return (
        isinstance(model_field, ONE_TYPE_FIELDS)
        and not isinstance(model_field, models.DateTimeField)  # equal instants render apart by zone
        and not hasattr(model_field, "from_db_value")  # a field that converts its values itself
    )


EXPORT_REMEMBERED_VALUES = 4096
REMEMBERED_TYPES = frozenset({str, int, bool, date, type(None)})  # equal values render alike (not so Decimal, datetime)


class RememberedCells(dict):
    """A column's cells by value, each rendered and escaped once: a level, a grade, a date or an
    initiative's code recurs on thousands of rows, and its widget (a number formatted for the
    language, a date) costs more than the lookup, which takes no Python call. At most
    ``EXPORT_REMEMBERED_VALUES`` values (then it starts anew), so memory stays constant. Only
    for a column whose values are of one type (see ``ONE_TYPE_FIELDS``)."""

    def __init__(self, render, escape):
        super().__init__()
        self.render = render
        self.escape = escape

    def __missing__(self, value):
        if len(self) >= EXPORT_REMEMBERED_VALUES:
            self.clear()
        self[value] = cell = self.escape(self.render(value))
        return cell


def _remembered(render, escape):
    """A column's cell of a value, rendered and escaped once per value the column holds, as
    ``RememberedCells`` does, for a column whose values may be of several types: remembered by
    type and value, and only for types whose equal values render alike."""
    seen = {}

    def cell(value):
        if type(value) not in REMEMBERED_TYPES:
            return escape(render(value))
        key = (type(value), value)  # True and 1 are equal, and render differently
        try:
            return seen[key]
        except KeyError:
            if len(seen) >= EXPORT_REMEMBERED_VALUES:
                seen.clear()
            seen[key] = rendered = escape(render(value))
            return rendered

    return cell


def _stored_cell(names, render, escape, record):
    value = record
    for name in names:
        value = None if value is None else getattr(value, name)
    return escape(render(value))


def _records(resource, queryset):
    model = resource._meta.model
    descriptors = [
        (field.attribute, getattr(model, field.attribute or "", None)) for field in resource.get_export_fields()
    ]
    related = [name for name, descriptor in descriptors if isinstance(descriptor, ForwardManyToOneDescriptor)]
    many = [name for name, descriptor in descriptors if isinstance(descriptor, ManyToManyDescriptor)]
    return queryset.select_related(*related).prefetch_related(*many).iterator(chunk_size=EXPORT_CHUNK_ROWS)


def stream_csv(resource, queryset, on_progress=None):
    """CSV text, BOM first (Excel), a chunk of rows at a time (``export_chunks``): constant memory
    for any size (P-X1)."""
    yield "\ufeff" + csv_text([resource.get_export_headers()])
    for rows in export_chunks(resource, queryset, on_progress):
        yield csv_text(rows)


# What csv.writer (its default dialect, Excel's) quotes a cell for.
CSV_QUOTED = re.compile('[,"\r\n]')


def csv_text(rows):
    """Rows (of one width) as csv.writer writes them. Text cells none of which the writer would
    quote are joined directly, several times faster; anything else goes through the writer, and
    so does a row of one cell (the writer quotes it when it is empty)."""
    try:
        as_joined = len(rows[0]) > 1 and not CSV_QUOTED.search("".join(chain.from_iterable(rows)))
    except TypeError:  # a cell that is no text
        as_joined = False
    if as_joined:
        return "\r\n".join(map(",".join, rows)) + "\r\n"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _stream_json(resource, queryset, on_progress=None):
    """A JSON list of objects keyed by the headers, as tablib writes it, one record at a time."""
    headers = resource.get_export_headers()
    separator = "[\n"
    for row in export_rows(resource, queryset, on_progress):
        yield separator + json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False, default=str)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def _stream_xlsx(resource, queryset, on_progress=None):
    """A workbook written row by row to a temporary file (openpyxl's write-only mode), then sent."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(resource.get_export_headers())
    for row in export_rows(resource, queryset, on_progress):
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


def stream_export(resource, queryset, file_format, on_progress=None):
    """The export file as byte chunks, never whole in memory (P-X1): CSV, XLSX or JSON."""
    if file_format == "xlsx":
        chunks = _stream_xlsx(resource, queryset, on_progress)
    else:
        stream = stream_csv if file_format == "csv" else _stream_json
        lines = stream(resource, queryset, on_progress)
        chunks = (line.encode("utf-8") for line in lines)
    return _in_language(translation.get_language(), chunks)


def _in_language(language, chunks):
    """A response streams after its view has returned, when the admin's per-user language is
    no longer active: the file speaks the language of the request that asked for it."""
    with translation.override(language):
        yield from chunks
