"""E-mails about records, sent by background jobs (django-tasks, the ``background`` queue) so a
slow mail server never slows a form or the admin.

Links point where the portal runs: the request's own address where there is one (``base_url``),
passed into the job; WAGTAILADMIN_BASE_URL only for jobs no request started (the daily run).
A decision e-mail is declared with its step (``WorkflowAction.decision``) and goes to the
applicant the ``record_applicant`` hook names (forms_app: the submission the record came from),
or to a record's own ``applicant_email``, in the applicant's language.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks

from core.tasks import job

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Applicant:
    """Who applied for a record, and how to write to them."""

    email: str
    name: str
    language: str
    reference: str = ""
    page_path: str = ""  # the public page they applied on, if any


def base_url(request=None):
    """The portal's address as the request reached it (``make run PORT=8001`` links to 8001)."""
    if request is None:
        return settings.WAGTAILADMIN_BASE_URL
    return request.build_absolute_uri("/").rstrip("/")


def applicant_of(record):
    for find in hooks.get_hooks("record_applicant"):
        if applicant := find(record):
            return applicant
    if email := getattr(record, "applicant_email", ""):
        return Applicant(email, getattr(record, "applicant_name", ""), record.institution.language)
    return None


def decision_taken(request, record, action):
    """Queue the applicant's e-mail for the step ``action`` just taken on ``record``, if it declares one."""
    if action.decision:
        send_decision_task.enqueue(record._meta.label, record.pk, action.method, base_url(request))


@job(resumable=True, backend="background")
def send_decision_task(model_label, pk, method, portal_url):
    """The decision e-mail, in the applicant's language; nothing when nobody is to be told."""
    from core.admin import record_admin_for

    model = apps.get_model(model_label)
    record = model._base_manager.select_related("institution").get(pk=pk)
    action = next(action for action in record_admin_for(model).workflow_actions if action.method == method)
    applicant = applicant_of(record)
    if applicant is None:
        return False
    with translation.override(applicant.language):
        context = {
            "applicant": applicant,
            "decision": action.decision,
            # What the step gave the record that the applicant keeps (a journal number): (label, value).
            "details": record.notice_details() if hasattr(record, "notice_details") else [],
            "institution": record.institution,
            "page_url": portal_url + applicant.page_path if applicant.page_path else "",
        }
        subject = _("Decision on your application %(reference)s") % {"reference": applicant.reference or record}
        body = render_to_string("core/email/decision.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [applicant.email])
    return True
