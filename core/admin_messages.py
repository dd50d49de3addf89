"""Wagtail admin strings its own catalogues leave untranslated in a portal language (Ukrainian
lacks these; Dutch keeps "Editor Guide" in English). Named here so makemessages carries them
into the portal's catalogue, which Django reads before Wagtail's (P-C3)."""

from django.utils.translation import gettext_noop

WAGTAIL_ADMIN_STRINGS = (
    gettext_noop("Editor Guide"),
    gettext_noop("Shortcuts"),
    gettext_noop("Close dialog"),
    gettext_noop("Toggle section"),
)
