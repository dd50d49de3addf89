"""Turning a valid form into records (P-F1), with a reference number (P-F2) and one record per submit (P-F5)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

from core.admin import record_admin_for
from core.notifications import Applicant, base_url
from core.private_files import kept_name
from core.references import numbered_last, reference_for
from core.roles import INSTITUTION_ADMINISTRATOR
from core.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE, atomic_with_files
from core.tasks import job
from forms_app.models import Submission, SubmissionFile, split_addresses

logger = logging.getLogger(__name__)


def submit(request, page, form):
    """The submission for ``form``'s one-time token, created once; None when a rule refused it.
    Its e-mails go out in the background, linking to the portal as ``request`` reached it."""
    token = form.cleaned_data["submission_token"]
    existing = Submission.objects.filter(token=token).first()
    if existing:  # back-and-resubmit, or a second click after the first finished
        return existing
    try:
        with atomic_with_files(), numbered_last() as numbering:
            submission = _create(page, form, token)
    except (ValidationError, IntegrityError) as error:
        # A second click stores its records beside the first's, then waits on the token's unique
        # index for the first to commit, and leaves (rolling back) with the first's submission.
        if already := Submission.objects.filter(token=token).first():
            return already
        if isinstance(error, IntegrityError):
            raise
        form.add_model_errors(error)
        return None
    except STORAGE_ERRORS:
        # The records were rolled back and the files stored before the failure removed: the person
        # keeps what they typed and sends again.
        logger.exception("Could not store the documents of a submission on page %s", page.pk)
        form.add_error(None, STORAGE_UNAVAILABLE)
        return None
    submission.reference = form.reference = numbering.numbers[submission.reference]
    notify_task.enqueue(submission.pk, base_url(request))
    return submission


def _create(page, form, token):
    """Records, submission and files stored under a pending number; the real one is taken at the
    end of the transaction (``numbered_last``), so the counter is locked only for its last statements."""
    form.reference = reference_for(form.reference_series, page.institution.today().year)
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
                original_name=kept_name(uploaded.name),
                content_type=uploaded.detected_type,
                size=uploaded.size,
            )
    return submission


def admin_url(submission, portal_url):
    """Where staff inspect the record (its records list's inspect view), absolute for an e-mail."""
    model_admin = record_admin_for(submission.record_type.model_class())
    return portal_url + model_admin.url_helper.get_action_url("inspect", submission.record_id)


def staff_addresses(submission):
    """Who hears of a new application: the page's notification addresses, or where it names none,
    the institution's administrators; and whoever the record itself names (``notified_staff()``:
    Ghent's pupil registered for an initiative, its coordinator, SS-R8)."""
    record = submission.record
    own = list(record.notified_staff()) if record is not None and hasattr(record, "notified_staff") else []
    named = split_addresses(submission.page.notification_addresses) if submission.page else []
    if not named:
        administrators = get_user_model().objects.filter(
            is_active=True, memberships__institution=submission.institution, groups__name=INSTITUTION_ADMINISTRATOR
        )
        named = administrators.exclude(email="").values_list("email", flat=True)
    return sorted(set(named) | set(own))


@job(resumable=True, backend="background")
def notify_task(submission_id, portal_url):
    """The confirmation e-mail to the applicant and the notice to staff (P-F2), in the form's
    language; links to the portal at ``portal_url``, the address the applicant's request reached."""
    submission = Submission.objects.select_related("page", "institution", "record_type").get(pk=submission_id)
    # The time of submission in the institution's time zone, whichever worker sends it.
    with timezone.override(submission.institution.zone):
        _send_notices(submission, portal_url)


def _send_notices(submission, portal_url):
    page = submission.page
    context = {"page": page, "submission": submission, "thank_you": strip_tags(page.thank_you_text)}
    subject = f"{submission.reference} · {page.title}"
    try:
        with translation.override(submission.language):
            if submission.applicant_email:
                body = render_to_string("forms_app/email/confirmation.txt", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.applicant_email])
            if recipients := staff_addresses(submission):
                notice = {**context, "record_url": admin_url(submission, portal_url)}
                body = render_to_string("forms_app/email/notification.txt", notice)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:  # the record stands and the applicant saw the number; the job is marked failed
        logger.exception("Could not send the e-mails of submission %s", submission.reference)
        raise


def applicant_of_record(record):
    """core.notifications' ``record_applicant`` hook: the applicant of the submission ``record`` came from."""
    submission = (
        Submission.objects.filter(
            record_type=ContentType.objects.get_for_model(record), record_id=record.pk, applicant_email__gt=""
        )
        .select_related("page")
        .first()
    )
    if submission is None:
        return None
    return Applicant(
        email=submission.applicant_email,
        name=submission.applicant_name,
        language=submission.language,
        reference=submission.reference,
        page_path=submission.page.url if submission.page else "",
    )
