"""Turning a valid form into records (P-F1), with a reference number (P-F2) and one record per submit (P-F5)."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags

from core.admin import record_admin_for
from core.references import next_reference
from forms_app.models import Submission, SubmissionFile, split_addresses

logger = logging.getLogger(__name__)


def submit(page, form):
    """The submission for ``form``'s one-time token, created once; None when a rule refused it."""
    token = form.cleaned_data["submission_token"]
    existing = Submission.objects.filter(token=token).first()
    if existing:  # back-and-resubmit, or a second click after the first finished
        return existing
    try:
        with transaction.atomic():
            submission = _create(page, form, token)
    except ValidationError as error:
        form.add_model_errors(error)
        return None
    except AlreadySubmitted as already:  # a second click that waited for the first
        return already.submission
    try:
        notify(submission)
    except OSError:  # SMTP down: the record stands and the page shows the number; staff see it in the log
        logger.exception("Could not send the e-mails of submission %s", submission.reference)
    return submission


class AlreadySubmitted(Exception):
    def __init__(self, submission):
        super().__init__(submission.reference)
        self.submission = submission


def _create(page, form, token):
    form.reference = next_reference(form.reference_series, page.institution.today().year)
    # The counter's lock serialises the series' submissions: a click that waited for the first
    # sees its submission now, and leaves (rolling back, so the number is not used up).
    existing = Submission.objects.filter(token=token).first()
    if existing:
        raise AlreadySubmitted(existing)
    record = form.save_records(form.reference)
    applicant = form.applicant()
    submission = Submission.objects.create(
        token=token,
        reference=form.reference,
        page=page,
        institution=page.institution,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        applicant_name=applicant["name"],
        applicant_email=applicant["email"],
        applicant_phone=applicant["phone"],
        applicant_role=applicant["role"],
        language=page.locale.language_code,
    )
    for name in form.attachment_fields:
        uploaded = form.cleaned_data.get(name)
        if uploaded:
            SubmissionFile.objects.create(
                submission=submission,
                field_name=name,
                file=uploaded,
                original_name=uploaded.name,
                content_type=uploaded.detected_type,
                size=uploaded.size,
            )
    return submission


def admin_url(submission):
    """Where staff inspect the record (its records list's inspect view), absolute for an e-mail."""
    model_admin = record_admin_for(submission.record_type.model_class())
    return settings.WAGTAILADMIN_BASE_URL + model_admin.url_helper.get_action_url("inspect", submission.record_id)


def notify(submission):
    """The confirmation e-mail to the applicant, and the notice to the page's addresses (P-F2), with
    the time of submission in the institution's time zone."""
    with timezone.override(submission.institution.zone):
        _send_notices(submission)


def _send_notices(submission):
    page = submission.page
    context = {"page": page, "submission": submission, "thank_you": strip_tags(page.thank_you_text)}
    subject = f"{submission.reference} · {page.title}"
    if submission.applicant_email:
        body = render_to_string("forms_app/email/confirmation.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.applicant_email])
    recipients = split_addresses(page.notification_addresses)
    if recipients:
        body = render_to_string("forms_app/email/notification.txt", {**context, "record_url": admin_url(submission)})
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
