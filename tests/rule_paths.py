"""The two staff paths a record takes besides the public form: the admin's edit form and an
import. A rule in the model refuses the same change on both (P-A3, issue 11 item 2)."""

from core.admin import record_admin_for
from core.exchange import resource_for, run_import


def admin_form_errors(record, **changes):
    """The errors of the record's admin edit form, submitted with ``changes``."""
    model_admin = record_admin_for(type(record))
    form_class = model_admin.get_edit_handler().bind_to_model(type(record)).get_form_class()
    form = form_class(instance=record)
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    data = {name: "" if value is None else value for name, value in data.items()}
    bound = form_class(data=data, instance=record)
    bound.is_valid()
    return bound.errors


def import_problems(record, **changes):
    """The messages refusing an import of the record's exported row with ``changes``; nothing is written."""
    resource = resource_for(type(record)._meta.label)()
    dataset = resource.export(type(record).objects.filter(pk=record.pk))
    dataset.headers = [field.column_name for field in resource.get_export_fields()]  # the import reads field names too
    row = list(dataset[0])
    for name, value in changes.items():
        row[dataset.headers.index(name)] = value
    dataset[0] = row
    report = run_import(type(record)._meta.label, dataset.csv.encode(), "rows.csv", dry_run=True)
    return [problem.message for problem in report.problems]
