"""Applicants' documents (P-F4): allowed by content, not by name; kept outside the web root."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.file_types import DOCUMENTS, SIGNATURES, claimed_type, inspect, names


def max_upload_bytes():
    return settings.FORMS_MAX_UPLOAD_BYTES


def validate_upload(uploaded, types=DOCUMENTS):
    """Refuse anything but a file of ``types`` whose content is what its name and first bytes claim;
    return its type."""
    name = uploaded.name or ""
    # The name is kept as data, never as a path (stored_name): only a path itself is refused, so
    # "scan..final.pdf" is a name like any other.
    if any(character in name for character in "/\\\0"):
        raise ValidationError(_("The file name may not contain a folder path: rename the file and attach it again."))
    if uploaded.size > max_upload_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s); at most %(limit)s is allowed.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_upload_bytes())}
        )
    content_type = claimed_type(uploaded, types)
    if content_type is None:
        raise ValidationError(
            _("Only %(types)s files are accepted; this file is none of them.") % {"types": names(types)}
        )
    if not name.lower().endswith(SIGNATURES[content_type][1]):
        raise ValidationError(
            _("The file's name does not match its content: attach a %(types)s file with its own extension.")
            % {"types": names(types)}
        )
    inspect(uploaded, content_type)
    return content_type


def stored_name(instance, filename):
    """A name of our own: the applicant's file name is kept as data, never as a path."""
    ending = filename.rsplit(".", 1)[-1].lower()
    return f"applications/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ending}"
