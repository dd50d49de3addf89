"""The daily run of home schooling (HS-R4, HS-R6): terms that end, early terminations, renewal
reminders. Idempotent: each case changes status once and is reminded once, so a second run on
the same day (or two runs at once: the row is locked) changes nothing.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.models import Institution
from homeschool.models import HomeSchoolingCase

# HS-R4, clause 2.7: the parent renews each year "на начало очередного учебного года", and a
# medical conclusion shorter than the year needs a new one. Contracts end by 31 August (HS-R2),
# so a reminder this long before the term ends reaches the parent before the new school year,
# and before a shorter term runs out.
REMIND_DAYS_BEFORE_END = 14
# HS-R4 (2.7, 2.8): a renewal counts once it has the parent's new documents; one still waiting for
# them renews nothing, so the term ends with the pupil back in class, and the parent is reminded.
RENEWED = Q(renewals__documents_received_on__isnull=False)


@dataclass
class DailyReport:
    ended_early: int = 0
    returned_to_class: int = 0
    renewed: int = 0
    reminded: int = 0


def _organised():
    return HomeSchoolingCase.objects.filter(status=HomeSchoolingCase.Status.ORGANISED, contract__isnull=False)


def _locked(case):
    """The case again, locked, if no other run has changed it meanwhile."""
    return (
        HomeSchoolingCase.objects.select_for_update(of=("self",))
        .select_related("institution", "contract")
        .filter(pk=case.pk, status=HomeSchoolingCase.Status.ORGANISED)
        .first()
    )


def _close(case, status, on, reason):
    case._change_reason = reason
    case.end_term(status, on)


def _tell_class_teacher(case, reason):
    """HS-R4 (2.8, 2.20): the class teacher takes the pupil back into the class."""
    if not case.class_teacher_email:
        return
    with case.institution.localised():
        subject = _("Home schooling ended: %(child)s returns to class %(class)s") % {
            "child": case.child_name,
            "class": case.class_name,
        }
        body = _(
            "%(child)s (class %(class)s) is taught in class again from %(date)s: %(reason)s.\n\nCase %(reference)s."
        ) % {
            "child": case.child_name,
            "class": case.class_name,
            "date": f"{case.closed_on + timedelta(days=1):%d.%m.%Y}",
            "reason": reason,
            "reference": case.reference,
        }
    send_mail(subject, body, None, [case.class_teacher_email])


def _remind_parent(case):
    with case.institution.localised():
        subject = _("Home schooling of %(child)s: renewal") % {"child": case.child_name}
        body = _(
            "The contract on home schooling of %(child)s ends on %(end)s. To continue, bring a new "
            "application and a new medical conclusion with its period to %(school)s (clause 2.7 of the "
            "regulation). Without them, %(child)s is taught in class again (clause 2.8).\n\nCase %(reference)s."
        ) % {
            "child": case.child_name,
            "end": f"{case.contract.term_end:%d.%m.%Y}",
            "school": case.institution.short_name or case.institution.name,
            "reference": case.reference,
        }
    send_mail(subject, body, None, [case.applicant_email])


def _end_early(case, report):
    """HS-R6 (2.9): the contract ends at the date the parent's application gave."""
    with case.institution.localised():
        reason = _("ended early at the parent's application (clause 2.9)")
    _close(case, HomeSchoolingCase.Status.TERMINATED, case.contract.ended_on, reason)
    _tell_class_teacher(case, reason)
    report.ended_early += 1


def _end_term(case, report):
    """HS-R4 (2.7, 2.8): a renewed case goes on; otherwise the pupil returns to class."""
    with case.institution.localised():
        renewed_reason = _("the term ended and a renewal with a new medical conclusion follows (clause 2.7)")
        reason = _("the term ended without a renewed medical conclusion (clause 2.8)")
    if HomeSchoolingCase.objects.filter(RENEWED, pk=case.pk).exists():
        _close(case, HomeSchoolingCase.Status.RENEWED, case.contract.term_end, renewed_reason)
        report.renewed += 1
        return
    _close(case, HomeSchoolingCase.Status.RETURNED, case.contract.term_end, reason)
    _tell_class_teacher(case, reason)
    report.returned_to_class += 1


def run_daily(today=None):
    """Apply HS-R6 and HS-R4 as of ``today``, or of each school's own date; returns what changed."""
    report = DailyReport()
    for institution in Institution.objects.filter(pk__in=_organised().values("institution")):
        _run_for(_organised().filter(institution=institution), today or institution.today(), report)
    return report


def _run_for(organised, today, report):
    for case in organised.filter(contract__ended_on__lte=today):
        with transaction.atomic():
            if locked := _locked(case):
                _end_early(locked, report)
    for case in organised.filter(contract__term_end__lt=today, contract__ended_on__isnull=True):
        with transaction.atomic():
            if locked := _locked(case):
                _end_term(locked, report)
    to_remind = organised.filter(
        ~RENEWED,
        contract__term_end__lte=today + timedelta(days=REMIND_DAYS_BEFORE_END),
        contract__term_end__gte=today,
        contract__ended_on__isnull=True,
        renewal_reminded_on__isnull=True,
    ).exclude(applicant_email="")
    for case in to_remind:
        with transaction.atomic():
            if (locked := _locked(case)) and locked.renewal_reminded_on is None:
                _remind_parent(locked)
                locked.renewal_reminded_on = today
                with locked.institution.localised():
                    locked._change_reason = _("renewal reminder sent to the parent (clause 2.7)")
                locked.save()
                report.reminded += 1


def run_daily_as_dict(today=None):
    return asdict(run_daily(today))
