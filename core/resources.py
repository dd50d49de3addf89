"""The one import/export base (P-X1..P-X5) on django-import-export; a domain declares fields only.

- headers are the fields' verbose names in the active language; an import also accepts the
  field names and the verbose names in any of the portal's languages (P-X2);
- foreign keys by natural key: an institution by its code, a record of the same institution by
  its code (P-X3), never a database id;
- every row goes through the model's ``full_clean`` (the regulation rules, P-A3) and is limited
  to the institutions of the user who imports (P-A2);
- each imported change gets a history row whose reason names the batch (P-H1);
- exported cells that a spreadsheet would run as a formula are prefixed with ``'`` (P-X5), and
  the prefix is dropped again on import so that an export re-imports unchanged.

Speed (issue #4): the stock path makes about seven queries per row (two lookups of the same
institution, the record, two inserts, two savepoints) and keeps every row's result. Here,
inside the library's own extension points: each related record is looked up once per import
(``LookupOnceMixin``), the records a chunk of rows names come in one query
(``KeyedInstanceLoader``), rows run in bulk mode without savepoints, unchanged rows are
recognised without a write, and the writes go through simple-history's bulk utilities, so
every created or changed record still gets its history row with the batch as reason.
"""

import re
from decimal import Decimal, InvalidOperation
from functools import cached_property, partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import NOT_PROVIDED, Q
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from simple_history.utils import bulk_update_with_history

from core.bulk_writes import create_with_history
from core.models import DIRECTION_OVERRIDES, Institution
from core.references import is_reference, written
from core.scoping import institutions_for

# What a spreadsheet may run as a formula at a cell's start (P-X5; OWASP's CSV injection list,
# the tab and carriage return included: some programs strip them and read on).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cells are joined by a character text practically never holds, so that a formula-like start
# shows as this character followed by it (``may_need_escape``).
CELL_SEPARATOR = "\x1f"
FORMULA_CELL = re.compile(CELL_SEPARATOR + "[" + re.escape("".join(FORMULA_STARTS)) + "]")


def may_need_escape(cells):
    """Whether ``RecordResource.escape`` could change any of these text cells: one search over
    all of them, where an export would search each (its hot path). A cell holding the separator
    may give a yes that ``escape`` then finds nothing for, never a wrong no."""
    text = CELL_SEPARATOR + CELL_SEPARATOR.join(cells)
    if FORMULA_CELL.search(text):
        return True
    return not text.isascii() and DIRECTION_OVERRIDES.search(text) is not None


def unescape(value):
    """Drop the ``'`` an export put before a formula-like cell, so the value re-imports as it was."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def unescape_formulae(row):
    for key, value in row.items():
        row[key] = unescape(value)
    return row


ABSENT = object()  # a key cell of a column the file does not have


class CellError(ValueError):
    """A cell the portal cannot read, with the message a person reads in the preview."""


# What a cell a stock widget cannot read gets instead of the library's English (or, for a whole
# number, a Python class name): the closest widget class in a widget's ancestry names it.
CELL_MESSAGES = {
    widgets.DateWidget: gettext_lazy("“%(value)s” is not a date: write it as 31.12.2026 or 2026-12-31."),
    widgets.DateTimeWidget: gettext_lazy("“%(value)s” is not a date and time: write it as 2026-12-31 14:30."),
    widgets.TimeWidget: gettext_lazy("“%(value)s” is not a time: write it as 14:30."),
    widgets.IntegerWidget: gettext_lazy("“%(value)s” is not a whole number."),
    widgets.NumberWidget: gettext_lazy("“%(value)s” is not a number."),
    widgets.DurationWidget: gettext_lazy("“%(value)s” is not a duration: write it as 1:30:00."),
    widgets.JSONWidget: gettext_lazy("“%(value)s” is not valid JSON."),
}


def cell_message(widget, value):
    template = next(
        (CELL_MESSAGES[kind] for kind in type(widget).__mro__ if kind in CELL_MESSAGES),
        gettext_lazy("“%(value)s” cannot be read in this column."),
    )
    return template % {"value": value}


class LookupOnceMixin:
    """A related record is looked up once per import, however many rows name it.

    The cache lives on the widget, which each resource instance copies for itself, so it lasts
    one import and is never shared between requests or processes."""

    def cache_key(self, value, row):
        return value

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        found = self.__dict__.setdefault("_found", {})
        key = self.cache_key(value, row)
        if key not in found:
            try:
                found[key] = super().get_instance_by_lookup_fields(value, row, **kwargs)
            except ObjectDoesNotExist as missing:
                found[key] = missing
        if isinstance(found[key], ObjectDoesNotExist):
            raise found[key]
        return found[key]

    def clean(self, value, row=None, **kwargs):
        """A code that names no record is a cell the preview reports against its column."""
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise CellError(self.missing % {"model": self.model._meta.verbose_name, "code": value}) from None


class CodeWidget(LookupOnceMixin, widgets.ForeignKeyWidget):
    """A related record by a unique field (an institution by its code)."""

    missing = gettext_lazy("There is no %(model)s with code “%(code)s”.")


class SameInstitutionWidget(LookupOnceMixin, widgets.ForeignKeyWidget):
    """A related record by its code, looked up within the row's institution only."""

    missing = gettext_lazy("No %(model)s with code “%(code)s” in this institution.")

    def __init__(self, model, field="code"):
        super().__init__(model, field=field)

    def cache_key(self, value, row):
        return row.get("institution"), value

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(institution__code=row.get("institution"))


class MemberWidget(SameInstitutionWidget):
    """A staff account by its user name, among the row's institution's members only (a class
    teacher): a file can never link an account of another institution."""

    missing = gettext_lazy("No account “%(code)s” among this institution's staff.")

    def __init__(self):
        super().__init__(get_user_model(), field="username")

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(memberships__institution__code=row.get("institution"))


def member_by_username(name):
    """A column naming a staff account of the row's institution by its user name."""
    return fields.Field(attribute=name, column_name=name, widget=MemberWidget())


class SameInstitutionManyWidget(widgets.ManyToManyWidget):
    """Records of the row's own institution by their codes, separated by commas."""

    def clean(self, value, row=None, **kwargs):
        codes = [code.strip() for code in str(value or "").split(self.separator) if code.strip()]
        found = self.model.objects.filter(institution__code=row.get("institution"), **{f"{self.field}__in": codes})
        missing = sorted(set(codes) - {str(getattr(record, self.field)) for record in found})
        if missing:
            raise CellError(
                _("No %(model)s with code “%(code)s” in this institution.")
                % {"model": self.model._meta.verbose_name, "code": ", ".join(missing)}
            )
        return found


class DecimalWidget(widgets.DecimalWidget):
    """A decimal as people type it, whatever the importing user's language: ``3,5`` or ``3.5``,
    ``1 500,00``, ``1.500,00`` or ``1,500.00`` (the last mark is the decimal one). The stock
    widget reads marks by the active language, so ``3,5`` became 35 for an English user. A lone
    mark followed by three digits (``1.500``) could be read either way and is refused."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if not isinstance(value, str):
            return Decimal(str(value))
        text = re.sub(r"[\s']", "", value)
        marks = re.findall(r"[.,]", text)
        if len(set(marks)) == 2:
            decimal_mark = marks[-1]
            text = text.replace("," if decimal_mark == "." else ".", "").replace(decimal_mark, ".")
        elif len(marks) > 1:
            text = text.replace(marks[0], "")
        elif marks and re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}", text):
            raise CellError(
                _("“%(value)s” can be read two ways: write it without a thousands mark, e.g. 1500 or 1500,00.")
                % {"value": value}
            )
        else:
            text = text.replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None


class ReadOnceMixin:
    """A cell read once per distinct text per import: a file's dates and numbers repeat (a class
    registered on one day, grade 4 on a thousand rows), and each reading costs ``strptime``
    through every accepted format, or the language's number format. Like the lookups above, the
    memory lives on the resource's own widget, for one import; at most ``REMEMBERED`` texts."""

    REMEMBERED = 4096

    def clean(self, value, row=None, **kwargs):
        if not isinstance(value, str):
            return super().clean(value, row, **kwargs)
        read = self.__dict__.setdefault("_read", {})
        if value not in read:
            if len(read) >= self.REMEMBERED:
                read.clear()
            try:
                read[value] = (super().clean(value, row, **kwargs), None)
            except (ValueError, ArithmeticError) as error:
                read[value] = (None, error)
        cleaned, error = read[value]
        if error is not None:
            raise error.with_traceback(None)  # reported in the user's words by ``import_field``
        return cleaned


class DateWidget(ReadOnceMixin, widgets.DateWidget):
    pass


class IntegerWidget(ReadOnceMixin, widgets.IntegerWidget):
    pass


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no as people write it (1 or 0, true or false, yes or no in the portal's
    languages); anything else is refused, where the stock widget read it as no."""

    YES = {"1", "true", "yes", "ja", "да", "так"}
    NO = {"0", "false", "no", "nee", "нет", "ні"}

    def clean(self, value, row=None, **kwargs):
        if value in self.NULL_VALUES:
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.YES or text in self.NO:
            return text in self.YES
        raise CellError(_("“%(value)s” is not yes or no: write 1 for yes or 0 for no.") % {"value": value})


def related_by_code(model, name, field="code"):
    """A column naming a record of the row's own institution by its code."""
    return fields.Field(attribute=name, column_name=name, widget=SameInstitutionWidget(model, field=field))


def many_related_by_code(model, name, field="code"):
    """A column naming records of the row's own institution by their codes, comma-separated."""
    return fields.Field(
        attribute=name, column_name=name, widget=SameInstitutionManyWidget(model, field=field), m2m_add=False
    )


def institution_field():
    return fields.Field(
        attribute="institution",
        column_name="institution",
        widget=CodeWidget(Institution, field="code"),
    )


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


class KeyedInstanceLoader(BaseInstanceLoader):
    """The stored records a chunk of rows names by its import key, fetched in one query
    (the stock loader queries once per row). Keys compare as stored values: a related
    record by its primary key."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.numbered = [
            index for index, name in enumerate(resource.get_import_id_fields()) if name in resource.numbered_fields
        ]
        model_fields = [resource._meta.model._meta.get_field(field.attribute) for field in self.key_fields]
        self.attnames = [field.attname for field in model_fields]
        # A key is read from its cells, and from the institution cell the related codes depend on.
        self.key_columns = [field.column_name for field in self.key_fields] + ["institution"]
        self.keys_by_cells = {}
        # The key cells of each row, read by column (a whole row as a dict costs ten times more).
        columns = [dataset[column] if column in dataset.headers else None for column in self.key_columns]
        rows = zip(*(column or [ABSENT] * dataset.height for column in columns), strict=True)
        keys = {self.cells_key(tuple(map(unescape, cells))) for cells in set(rows)} - {None}
        self.found = {}
        if keys:
            # With the records they link to, so that the preview shows an update's old values
            # and the unchanged check compares links without a query per row.
            related = [name for name, _attname in resource.related_columns]
            many = [field.attribute for field in resource.many_to_many_fields]
            stored = resource.get_queryset().filter(self.naming(keys)).select_related(*related)
            for instance in stored.prefetch_related(*many):
                self.found[tuple(getattr(instance, attname) for attname in self.attnames)] = instance

    def naming(self, keys):
        """A filter for the records with any of these keys (a superset; the keys then match exactly)."""
        condition = Q()
        for position, attname in enumerate(self.attnames):
            values = {key[position] for key in keys}
            part = Q(**{f"{attname}__in": values - {None}})
            if None in values:  # an empty key cell: SQL's IN never matches NULL
                part |= Q(**{f"{attname}__isnull": True})
            condition &= part
        return condition

    def row_key(self, row):
        """The row's key, or None when a key cell is missing or names nothing (reported later),
        or leaves a number for the portal to give (a new record)."""
        return self.cells_key(tuple(row.get(column, ABSENT) for column in self.key_columns))

    def cells_key(self, cells):
        """The key of a row's key cells (``ABSENT`` where the file has no such column)."""
        if cells not in self.keys_by_cells:
            row = {column: cell for column, cell in zip(self.key_columns, cells, strict=True) if cell is not ABSENT}
            try:
                key = tuple(_plain(field.clean(row)) for field in self.key_fields)
            except (ObjectDoesNotExist, ValueError, ValidationError, KeyError):
                key = None
            self.keys_by_cells[cells] = None if key is None or any(not key[index] for index in self.numbered) else key
        return self.keys_by_cells[cells]

    def get_instance(self, row):
        return self.found.get(self.row_key(row))


def _codes(cell, separator):
    return {code.strip() for code in cell.split(separator) if code.strip()}


def stored_values(instance):
    return [getattr(instance, field.attname) for field in instance._meta.concrete_fields]


class RecordResource(resources.ModelResource):
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DecimalField": DecimalWidget,
        "DateField": DateWidget,
        **{
            kind: IntegerWidget  # every whole-number field the library reads with its IntegerWidget
            for kind, widget in resources.ModelResource.WIDGETS_MAP.items()
            if widget is widgets.IntegerWidget
        },
        "BooleanField": BooleanWidget,
        "NullBooleanField": BooleanWidget,
    }
    institution = institution_field()
    # Import key fields the portal numbers (a case's reference, P-F2): a row that leaves one
    # empty adds a new record, which the domain's resource numbers as it is written.
    numbered_fields = ()
    # {field: series} of codes the portal's forms give (a pupil registered online keeps its
    # reference "SS-2026-00042" as its code): an import keeps them on the records that have them,
    # but a new record may not bring one, or the form's next number would be taken (issue 16.3).
    reserved_references = {}

    class Meta:
        skip_unchanged = True
        skip_diff = True  # unchanged rows are recognised from stored values (see skip_row)
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        # A resource whose model saves related rows or has many-to-many columns sets this
        # to False: bulk writes call neither ``save()`` nor ``save_m2m()``.
        use_bulk = True
        batch_size = 1000
        instance_loader_class = KeyedInstanceLoader

    def __init__(self, user=None, institution=None, batch="", escape_formulae=True, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.allowed_codes = (
            None if user is None or user.is_superuser else set(institutions_for(user).values_list("code", flat=True))
        )
        self.default_institution = institution
        self.batch = batch
        self.escape_formulae = escape_formulae
        # The preview's changes of an update (line: [[column, old, new]]), kept for the rows
        # before ``changes_until_line``; ``first_line`` is the line of the dataset's first row.
        self.changes = {}
        self.changes_until_line = 0
        self.first_line = 2

    # Headers -----------------------------------------------------------------------------
    def _model_field(self, field):
        try:
            return self._meta.model._meta.get_field(field.attribute)
        except Exception:  # noqa: BLE001 - a computed column has no model field
            return None

    def header_for(self, field):
        model_field = self._model_field(field)
        return capfirst(str(model_field.verbose_name)) if model_field else field.column_name

    def get_export_headers(self, selected_fields=None):
        return [self.header_for(field) for field in self.get_export_fields(selected_fields)]

    @cached_property
    def header_aliases(self):
        """Every accepted spelling of each column, lower-cased: field name and verbose names."""
        aliases = {}
        for field in self.get_import_fields():
            aliases[field.column_name.lower()] = field.column_name
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    aliases[self.header_for(field).lower()] = field.column_name
        return aliases

    # Import ------------------------------------------------------------------------------
    def get_import_fields(self):
        # Asked for several times per row; the answer cannot change during an import.
        if "_import_fields" not in self.__dict__:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_headers(self, headers):
        """The file's headers as field names (any accepted spelling of a column, P-X2)."""
        return [self.header_aliases.get(str(header).strip().lower(), header) for header in headers]

    def column_label(self, name):
        """The column a field name (or a model field's name) stands for, as the export heads it."""
        field = self.fields.get(name)
        if field is not None:
            return self.header_for(field)
        try:
            return capfirst(str(self._meta.model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            return ""  # a rule about the whole record

    def before_import(self, dataset, **kwargs):
        dataset.headers = self.import_headers(dataset.headers)
        if self.default_institution:
            # The chosen institution fills the institution cells the file leaves empty.
            if "institution" in dataset.headers:
                position, cells = dataset.headers.index("institution"), dataset["institution"]
                del dataset["institution"]
                filled = [cell or self.default_institution for cell in cells]
                dataset.insert_col(position, filled, header="institution")
            else:
                dataset.append_col([self.default_institution] * dataset.height, header="institution")
        super().before_import(dataset, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.for_user(self.user) if self.user is not None else queryset

    def before_import_row(self, row, **kwargs):
        unescape_formulae(row)
        code = row.get("institution")
        if self.allowed_codes is not None and code not in self.allowed_codes:
            message = _("You may not import records of institution “%(code)s”.") % {"code": code}
            raise ValidationError({"institution": message})
        super().before_import_row(row, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """A cell a stock widget cannot read is reported in the user's words (a whole number's
        ``decimal.InvalidOperation`` is not even a ValueError, so it used to end the row with a
        class name)."""
        try:
            if type(field) is fields.Field and not is_m2m:
                self.read_cell(field, instance, row, **kwargs)
            else:
                super().import_field(field, instance, row, is_m2m, **kwargs)
        except CellError:
            raise
        except (ValueError, ArithmeticError):
            raise CellError(cell_message(field.widget, row.get(field.column_name))) from None

    def read_cell(self, field, instance, row, **kwargs):
        """The library's ``import_field``, ``Field.save`` and ``Field.clean`` of a plain field, in
        one step rather than four calls deep: ten cells a row, a million rows."""
        if not field.attribute or field.column_name not in row or field.readonly:
            return
        *path, name = field.attribute.split("__")
        for step in path:
            instance = getattr(instance, step, None)
        value = field.widget.clean(row[field.column_name], row=row, **kwargs)
        if value in field.empty_values and field.default != NOT_PROVIDED:
            value = field.default() if callable(field.default) else field.default
        if value is not None or field.saves_null_values:
            setattr(instance, name, value)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # Many-to-many cells are written after the record; check them now, so that a bad code
        # is reported against its column like any other cell and nothing is written.
        errors = {}
        for field in self.many_to_many_fields:
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.column_name] = [str(error)]
        if instance._state.adding:
            errors.update(self.reserved_reference_errors(instance))
        if hasattr(instance, "_shown_before"):
            self.note_changes(instance, row, self.line_of(kwargs))
        if errors:
            raise ValidationError(errors)

    def reserved_reference_errors(self, instance):
        return {
            self.fields[name].column_name: [
                _("%(code)s has the form of the numbers the portal gives: choose another code for a new record.")
                % {"code": getattr(instance, name)}
            ]
            for name, series in self.reserved_references.items()
            if is_reference(getattr(instance, name), series)
        }

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._stored_values = stored_values(instance)
            if self.line_of(kwargs) < self.changes_until_line:
                instance._shown_before = self.shown_cells(instance, row)
        super().after_init_instance(instance, new, row, **kwargs)

    def line_of(self, kwargs):
        return self.first_line + kwargs.get("row_number", 1) - 1

    def shown_cells(self, instance, row):
        """{field: cell} of the row's columns as the export writes the record's values."""
        return {
            field: str(field.export(instance))
            for field in self.get_import_fields()
            if field.column_name in row and field not in self.many_to_many_fields
        }

    def note_changes(self, instance, row, line):
        """Old → new of each cell of the row an update changes, for the preview."""
        before, after = instance._shown_before, self.shown_cells(instance, row)
        changes = [
            [self.header_for(field), before[field], after[field]] for field in before if before[field] != after[field]
        ]
        for field in self.many_to_many_fields:
            if field.column_name in row:
                old = str(field.export(instance))
                new = str(row[field.column_name] or "")
                if _codes(old, field.widget.separator) != _codes(new, field.widget.separator):
                    changes.append([self.header_for(field), old, new])
        if changes:
            self.changes[line] = changes

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: a stored record whose values the row leaves as they are (no write, no history)."""
        stored = getattr(instance, "_stored_values", None)
        if stored is None or import_validation_errors or stored_values(instance) != stored:
            return False
        return all(
            {record.pk for record in field.clean(row)} == {record.pk for record in field.get_value(instance).all()}
            for field in self.many_to_many_fields
            if field.column_name in row
        )

    @cached_property
    def many_to_many_fields(self):
        return [field for field in self.get_import_fields() if isinstance(field.widget, widgets.ManyToManyWidget)]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's validation, rules included (``clean()``), without a query per row for
        what this import already knows: related records the widgets found exist, and the import
        key is unique because the loader found every stored record by it and ``RepeatedKeys``
        refuses a key used twice in a file (the database constraint stays the last word)."""
        errors = dict(import_validation_errors or {})
        found = {name for name, attname in self.related_columns if getattr(instance, attname) is not None}
        skipped = set(errors)
        checks = [
            partial(instance.full_clean, exclude=skipped | found, validate_unique=False, validate_constraints=False)
        ]
        if self.checks_uniqueness:
            checks.append(partial(instance.validate_unique, exclude=skipped | self.import_key))
        if self.other_constraints:
            checks.append(partial(self.validate_constraints, instance, exclude=skipped))
        for check in checks:
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @cached_property
    def related_columns(self):
        """(field, column) of each foreign key a widget of this resource looks up."""
        model = self._meta.model
        return [
            (field.attribute, model._meta.get_field(field.attribute).attname)
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ForeignKeyWidget)
        ]

    @cached_property
    def import_key(self):
        return set(self.get_import_id_fields())

    @cached_property
    def checks_uniqueness(self):
        """Whether ``validate_unique`` has anything to check besides the primary and import keys."""
        meta, key = self._meta.model._meta, self.import_key
        return any(
            (field.unique and not field.primary_key and field.name not in key)
            or field.unique_for_date
            or field.unique_for_month
            or field.unique_for_year
            for field in meta.concrete_fields
        ) or any(not set(names) & key for names in meta.unique_together)

    @cached_property
    def other_constraints(self):
        """The model's constraints but the one the import key stands for."""
        return [
            constraint
            for constraint in self._meta.model._meta.constraints
            if not (
                isinstance(constraint, models.UniqueConstraint)
                and constraint.condition is None
                and set(constraint.fields) == self.import_key
            )
        ]

    def validate_constraints(self, instance, exclude):
        for constraint in self.other_constraints:
            constraint.validate(type(instance), instance, exclude=exclude)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_write(create_with_history, self.create_instances, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        model = self._meta.model
        columns = {field.name for field in model._meta.concrete_fields}
        changed = [name for name in self.get_bulk_update_fields() if name in columns]
        self._bulk_write(bulk_update_with_history, self.update_instances, dry_run, raise_errors, result, changed)

    def _bulk_write(self, write, instances, dry_run, raise_errors, result, *fields):
        """A batch of records and their history rows, the batch named as reason (P-H1).
        A dry run writes nothing at all (the stock bulk mode writes and rolls back)."""
        try:
            if instances and not dry_run:
                write(
                    instances,
                    self._meta.model,
                    *fields,
                    batch_size=self._meta.batch_size,
                    default_user=self.user,
                    default_change_reason=self.batch,
                )
                written(instances)  # their pending numbers become real ones at the import's end
        except Exception as error:  # noqa: BLE001 - reported as the import's error, like the stock path
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    def after_import(self, dataset, result, **kwargs):
        """No reset of the key sequence after new records (the stock model resource's): records are
        keyed by their codes, never by an id a file brings, so the sequence is always ahead; set back
        to the highest key this import sees, it would hand out again the keys another worker has
        drawn and not yet committed (issue 15: several workers on one database)."""
        resources.Resource.after_import(self, dataset, result, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = self.batch
        if self.user is not None:
            instance._history_user = self.user
        super().before_save_instance(instance, row, **kwargs)

    # Export ------------------------------------------------------------------------------
    def filter_export(self, queryset, **kwargs):
        return queryset.for_user(self.user) if self.user is not None else queryset

    def export_field(self, field, instance, **kwargs):
        return self.escape(super().export_field(field, instance, **kwargs))

    def escape(self, value):
        """A cell a spreadsheet would run as a formula gets a ``'`` before it (P-X5); a character
        that turns the text around, stored before records refused it, is written out visibly."""
        if not isinstance(value, str):
            return value
        if not value.isascii():  # the overrides are not ASCII, and most cells are
            value = DIRECTION_OVERRIDES.sub(lambda found: f"<U+{ord(found.group()):04X}>", value)
        if self.escape_formulae and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value
