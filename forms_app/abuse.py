"""Spam and abuse (P-F5): a per-client rate limit on submissions, a honeypot and a one-time token.

The limit lives in Django's cache: configure a shared cache (database, Redis) where several
processes serve the site, so that they count together.
"""

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.network import client_address  # one reading for the forms and the login lock


def rate_limit():
    """(submissions, seconds) a client may make per form page."""
    return settings.FORMS_RATE_LIMIT


def client_key(request, scope):
    address = client_address(request)
    digest = hashlib.sha256(f"{address}|{scope}".encode()).hexdigest()[:32]
    return f"forms-rate:{digest}"


def allow_submission(request, page):
    """Count this submission; False once the client is over the limit for this page."""
    return allow_request(request, page.pk)


def allow_request(request, scope):
    """Count this request of a public form (a form page's pk, or another form's name); False once
    the client is over the limit for it."""
    limit, seconds = rate_limit()
    key = client_key(request, scope)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit


def protection_fields():
    """The fields every public form carries: a fresh one-time token and the honeypot."""
    return {
        "submission_token": forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4),
        "website": HoneypotField(),
    }


class HoneypotField(forms.CharField):
    """A field people never see (hidden by CSS, skipped by keyboard); bots fill it in."""

    def __init__(self, **kwargs):
        widget = forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        super().__init__(required=False, label=_("Leave this field empty"), widget=widget, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value:
            raise forms.ValidationError(_("This submission looks automated and was not accepted."))
        return value
