"""The forms domains offer on form pages (P-F1): a domain declares, the mechanism does.

A domain registers its form once, e.g. in its ``AppConfig.ready``::

    register_form("studysupport.pupil_registration", PupilRegistrationForm)

and editors then pick it on a form page.
"""

_forms = {}


def register_form(key, form_class):
    _forms[key] = form_class
    return form_class


def get_form_class(key):
    return _forms[key]


def form_choices():
    """Choices for the form page's "form" field; a callable, so the migration stays stable."""
    return sorted(((key, form_class.label) for key, form_class in _forms.items()), key=lambda choice: str(choice[1]))


def field_choices():
    """Every registered form's fields, for the labels and help texts editors write per field."""
    labels = {}
    for form_class in _forms.values():
        for name, field in form_class.base_fields.items():
            labels.setdefault(name, []).append(str(field.label or name))
    return sorted((name, f"{name}: {' / '.join(dict.fromkeys(names))}") for name, names in labels.items())
