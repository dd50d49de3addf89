"""The forms domains offer on form pages (P-F1): a domain declares, the mechanism does.

A domain lists its forms in its ``domain.py`` (``Domain.forms``); editors then pick one on a
form page, by its key "<app_label>.<key>".
"""

from core.domains import all_forms


def get_form_class(key):
    return all_forms()[key]


def form_choices():
    """Choices for the form page's "form" field; a callable, so the migration stays stable."""
    return sorted(
        ((key, form_class.label) for key, form_class in all_forms().items()), key=lambda choice: str(choice[1])
    )


def field_choices():
    """Every registered form's fields, for the labels and help texts editors write per field."""
    labels = {}
    for form_class in all_forms().values():
        for name, field in form_class.base_fields.items():
            labels.setdefault(name, []).append(str(field.label or name))
    return sorted((name, f"{name}: {' / '.join(dict.fromkeys(names))}") for name, names in labels.items())
