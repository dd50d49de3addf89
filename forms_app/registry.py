"""The forms domains offer on form pages (P-F1): a domain declares, the mechanism does.

A domain lists its forms in its ``domain.py`` (``Domain.forms``); editors then pick one on a
form page, by its key "<app_label>.<key>".
"""

from core.domains import all_forms


def get_form_class(key):
    return all_forms()[key]


def form_choices(institution=None):
    """Choices for the form page's "form" field; a callable, so the migration stays stable. With
    an institution, only the forms of the domains it runs (issue 11.7)."""
    return sorted(
        (
            (key, form_class.label)
            for key, form_class in all_forms().items()
            if institution is None or institution.runs(domain_of(key))
        ),
        key=lambda choice: str(choice[1]),
    )


def domain_of(key):
    """The app label of the domain offering the form "<app_label>.<key>"."""
    return key.partition(".")[0]


def field_choices():
    """Every registered form's fields, for the labels and help texts editors write per field."""
    labels = {}
    for form_class in all_forms().values():
        for name, field in form_class.base_fields.items():
            labels.setdefault(name, []).append(str(field.label or name))
    return sorted((name, f"{name}: {' / '.join(dict.fromkeys(names))}") for name, names in labels.items())
