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
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.models import Institution
from core.scoping import institutions_for

FORMULA_STARTS = ("=", "+", "-", "@")


class SameInstitutionWidget(widgets.ForeignKeyWidget):
    """A related record by its code, looked up within the row's institution only."""

    def __init__(self, model, field="code"):
        super().__init__(model, field=field)

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(institution__code=row.get("institution"))

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            # A ValueError is reported against the column, with the row's line number.
            raise ValueError(
                _("No %(model)s with code “%(code)s” in this institution.")
                % {"model": self.model._meta.verbose_name, "code": value}
            ) from None


def related_by_code(model, name):
    """A column naming a record of the row's own institution by its code."""
    return fields.Field(attribute=name, column_name=name, widget=SameInstitutionWidget(model))


def institution_field():
    return fields.Field(
        attribute="institution",
        column_name="institution",
        widget=widgets.ForeignKeyWidget(Institution, field="code"),
    )


class RecordResource(resources.ModelResource):
    institution = institution_field()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, user=None, institution=None, batch="", escape_formulae=True, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.allowed_codes = (
            None if user is None or user.is_superuser else set(institutions_for(user).values_list("code", flat=True))
        )
        self.default_institution = institution
        self.batch = batch
        self.escape_formulae = escape_formulae

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
    def before_import(self, dataset, **kwargs):
        aliases = self.header_aliases()
        dataset.headers = [aliases.get(str(header).strip().lower(), header) for header in dataset.headers]
        if self.default_institution and "institution" not in dataset.headers:
            dataset.append_col([self.default_institution] * dataset.height, header="institution")
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
                row[key] = value[1:]
        code = row.get("institution")
        if self.allowed_codes is not None and code not in self.allowed_codes:
            raise ValidationError(_("You may not import records of institution “%(code)s”.") % {"code": code})
        super().before_import_row(row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = self.batch
        if self.user is not None:
            instance._history_user = self.user
        super().before_save_instance(instance, row, **kwargs)

    # Export ------------------------------------------------------------------------------
    def filter_export(self, queryset, **kwargs):
        return queryset.for_user(self.user) if self.user is not None else queryset

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if self.escape_formulae and isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value
