"""The regulation's rules HS-R1..HS-R6 (spec ``homeschool.md``, source ``seeds/002``), each with its clause.

Models call these from ``clean()``; the daily run (HS-R4, HS-R6) lives in ``lifecycle.py``.
"""

import re
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import next_working_day
from core.school_year import last_day_of_school_year, school_year_of

# HS-R3, clause 2.5: "в 3-х дневный срок" — three days, not "рабочих" (working) days. A term in
# days counts calendar days from the day after the event, and one that ends on a day off ends on
# the next working day (Civil Code of the Russian Federation, articles 191 and 193).
ORGANISE_WITHIN_DAYS = 3
CLASS_NUMBER = re.compile(r"\s*(\d{1,2})(?!\d)")
# The classes that have a next one ("1 А" to "10 Б"), as a regular expression the database runs
# too (SQLite through Python, PostgreSQL natively): the renewal step's query (HS-R4).
CLASS_BELOW_ELEVENTH = r"^\s*0?([1-9]|10)([^0-9]|$)"


def birth_years(year):
    """The years of birth of a school pupil applying in ``year``: general education starts at 6
    or 7 and runs to about 18, a little more for a pupil with a disability."""
    return year - 23, year - 5


def check_child(case):
    """Appendix 1 ("… года рождения, обучающейся(муся) … класса"): a school pupil's year of birth
    and a class of general education numbered 1 to 11, whose level is the case's (art. 66 of
    Federal Law 273-FZ), on the parent's form, in the admin and in an import alike."""
    errors = {}
    earliest, latest = birth_years((case.applied_on or timezone.localdate()).year)
    if case.child_birth_year is not None and not earliest <= case.child_birth_year <= latest:
        errors["child_birth_year"] = _("Give the child's year of birth, between %(earliest)s and %(latest)s.") % {
            "earliest": earliest,
            "latest": latest,
        }
    level = education_level_of_class(case.class_name)
    if level is None:
        errors["class_name"] = _("Give the class as its number from 1 to 11 and its letter, for example 5 Б.")
    elif case.education_level and case.education_level != level:
        errors["education_level"] = _("For class %(class)s the level of education is “%(level)s”.") % {
            "class": case.class_name,
            "level": dict(case._meta.get_field("education_level").choices)[level],
        }
    return errors


def check_application(case):
    """HS-R1 (clauses 2.1, 2.2): a medical conclusion with its period; the ПМПК conclusion for an
    adapted programme, still valid when the period starts (2.7: it is issued for a whole level).
    With the child's data of Appendix 1 (``check_child``)."""
    errors = check_child(case)
    if not case.medical_conclusion:
        errors["medical_conclusion"] = _("Give the medical conclusion's details (clause 2.2 of the regulation).")
    if not (case.period_start and case.period_end):
        errors["period_end"] = _(
            "Give the medical conclusion's period of home schooling (clause 2.2 of the regulation)."
        )
    elif case.period_end < case.period_start:
        errors["period_end"] = _("The period ends before it starts.")
    # A renewal into a new level awaits the new ПМПК conclusion (2.7) until its documents are complete.
    awaiting_renewal_documents = case.renews_id and not case.documents_received_on
    has_pmpk = case.pmpk_conclusion_date and case.pmpk_conclusion_number
    if case.programme == "adapted" and not has_pmpk and not awaiting_renewal_documents:
        errors["pmpk_conclusion_number"] = _(
            "An adapted programme needs the ПМПК conclusion: its date and number (clause 2.1 of the regulation)."
        )
    elif case.programme == "adapted" and has_pmpk and pmpk_ends_before(case.pmpk_valid_until, case.period_start):
        errors["pmpk_valid_until"] = _(
            "The ПМПК conclusion ends before the period starts: a new one is needed (clause 2.7 of the regulation)."
        )
    if errors:
        raise ValidationError(errors)


def pmpk_ends_before(valid_until, start):
    """2.7: a ПМПК conclusion stating an earlier term than the level ends before ``start``."""
    return bool(valid_until and start and valid_until < start)


def check_pmpk_document(programme, pmpk_document):
    """HS-R1 (clauses 2.1, 2.2) for an application sent online: an adapted programme comes with
    the ПМПК conclusion attached (on paper the parent brings it to the school)."""
    if programme == "adapted" and not pmpk_document:
        raise ValidationError(
            {
                "pmpk_document": _(
                    "An adapted programme needs the ПМПК conclusion: attach it (clause 2.1 of the regulation)."
                )
            }
        )


def next_class(class_name):
    """The class a pupil moves up to for the next school year ("5 Б" → "6 Б"); None after the 11th."""
    match = CLASS_NUMBER.match(class_name or "")
    if not match or not 1 <= int(match.group(1)) < 11:
        return None
    return f"{class_name[: match.start(1)]}{int(match.group(1)) + 1}{class_name[match.end(1) :]}"


def education_level_of_class(class_name):
    """The level of general education of a class such as "5 Б": 1-4 primary, 5-9 basic, 10-11
    secondary (Federal Law 273-FZ, art. 66); None when the class has no number from 1 to 11."""
    match = CLASS_NUMBER.match(class_name or "")
    number = int(match.group(1)) if match else 0
    if 1 <= number <= 4:
        return "primary"
    if 5 <= number <= 9:
        return "basic"
    if 10 <= number <= 11:
        return "secondary"
    return None


def organise_by(documents_received_on, country):
    """HS-R3 (clause 2.5): the day by which home schooling should be organised."""
    return next_working_day(documents_received_on + timedelta(days=ORGANISE_WITHIN_DAYS), country)


def check_contract_term(contract):
    """HS-R2 (clause 2.6): the term lies within the medical conclusion's period and within one
    school year, so it never runs past 31 August."""
    if not (contract.term_start and contract.term_end):
        return
    if contract.term_end < contract.term_start:
        raise ValidationError({"term_end": _("The term ends before it starts.")})
    case = contract.case
    if contract.term_start < case.period_start or contract.term_end > case.period_end:
        raise ValidationError(
            {
                "term_start" if contract.term_start < case.period_start else "term_end": _(
                    "The term must lie within the medical conclusion's period, %(start)s – %(end)s "
                    "(clause 2.6 of the regulation)."
                )
                % {"start": f"{case.period_start:%d.%m.%Y}", "end": f"{case.period_end:%d.%m.%Y}"}
            }
        )
    year_end = last_day_of_school_year(school_year_of(contract.term_start))
    if contract.term_end > year_end:
        raise ValidationError(
            {
                "term_end": _(
                    "A contract runs for one school year at most: the term must end by %(end)s "
                    "(clause 2.6 of the regulation)."
                )
                % {"end": f"{year_end:%d.%m.%Y}"}
            }
        )


def check_early_termination(contract):
    """HS-R6 (clause 2.9, contract section 5): home schooling ends early only on the parent's
    application, at a date within the term."""
    if contract.ended_on and not contract.termination_applied_on:
        raise ValidationError(
            {
                "termination_applied_on": _(
                    "Early termination needs the parent's application (clause 2.9 of the regulation)."
                )
            }
        )
    if contract.termination_applied_on and not contract.ended_on:
        raise ValidationError({"ended_on": _("Give the date the contract ends at (clause 2.9 of the regulation).")})
    if not contract.ended_on:
        return
    if contract.ended_on < contract.termination_applied_on:
        raise ValidationError(
            {"ended_on": _("The contract cannot end before the parent applied (clause 2.9 of the regulation).")}
        )
    if contract.term_start and contract.term_end and not contract.term_start <= contract.ended_on <= contract.term_end:
        raise ValidationError({"ended_on": _("The contract can only end early within its term.")})


def teacher_key(name):
    """Teachers are named, not linked: compare their names without case and extra spaces."""
    return re.sub(r"\s+", " ", name or "").strip().casefold()


def teacher_hours_mismatches(curriculum):
    """HS-R5 (clause 2.14, order Appendix 2): the curriculum's hours with each teacher against the
    weekly load the order gives that teacher for this pupil; (teacher, curriculum, order) per mismatch."""
    planned, ordered, names = defaultdict(Decimal), defaultdict(Decimal), {}
    for line in curriculum.lines.all():
        if line.hours_with_teacher:
            key = teacher_key(line.teacher_name)
            planned[key] += line.hours_with_teacher
            names.setdefault(key, line.teacher_name)
    for assignment in curriculum.case.teacher_assignments.all():
        key = teacher_key(assignment.teacher_name)
        ordered[key] += assignment.weekly_hours
        names.setdefault(key, assignment.teacher_name)
    return [
        (names[key], planned[key], ordered[key])
        for key in sorted(set(planned) | set(ordered))
        if planned[key] != ordered[key]
    ]


def check_curriculum_approval(curriculum):
    """HS-R5: the director approves (2.15) only a curriculum whose teacher hours match the order."""
    if not curriculum.approved_on or not curriculum.pk:
        return
    mismatches = teacher_hours_mismatches(curriculum)
    if mismatches:
        raise ValidationError(
            _(
                "The hours with each teacher must add up to the order's weekly load "
                "(clause 2.14 of the regulation): %(list)s."
            )
            % {
                "list": "; ".join(
                    _("%(teacher)s: %(planned)s h in the curriculum, %(ordered)s h in the order")
                    % {"teacher": teacher or "—", "planned": planned, "ordered": ordered}
                    for teacher, planned, ordered in mismatches
                )
            }
        )


# HS-R9 (clauses 2.17-2.18, 3.1): the class each promotion decision renews into.
PROMOTED_TO_NEXT = ("promoted", "conditional")  # a conditional promotion moves up with its debts (art. 58 of 273-FZ)
GRADUATING_CLASSES = (9, 11)  # the end of basic and of secondary general education


def class_after_decision(decision, class_name):
    """HS-R9: "promoted" (or conditionally) renews into the next class, "not promoted" into the same
    one; a graduate, or a decision of none, has no class to renew into."""
    if decision in PROMOTED_TO_NEXT:
        return next_class(class_name)
    if decision == "not_promoted":
        return class_name
    return None


def check_promotion(promotion):
    """HS-R9 (2.18, 2.23): only a pupil of a graduating class graduates."""
    match = CLASS_NUMBER.match(promotion.case.class_name or "")
    number = int(match.group(1)) if match else 0
    if promotion.decision == "graduated" and number not in GRADUATING_CLASSES:
        raise ValidationError({"decision": _("Only a pupil of the 9th or 11th class graduates (clause 2.23).")})
    if promotion.decision in PROMOTED_TO_NEXT and number >= 11:
        raise ValidationError({"decision": _("The 11th class has no next class: the pupil graduates (clause 2.23).")})


def renewal_document_lacks(renewal, previous):
    """HS-R10 (clause 2.7): what a renewal still lacks for its documents to be complete: the
    parent's new written application (dated after the previous one, received signed, with its
    acknowledgements: a renewal carries neither over, HS-R12) and a new medical conclusion (new
    details and period, or a new scan)."""
    lacks = []
    new_application = renewal.applied_on and renewal.applied_on > previous.applied_on
    if not (new_application and renewal.original_received_on and renewal.acknowledged):
        lacks.append(_("Give the date of the parent's new application (clause 2.7)."))
    same_details = teacher_key(renewal.medical_conclusion) == teacher_key(previous.medical_conclusion)
    new_scan = renewal.medical_document and renewal.medical_document.name != previous.medical_document.name
    if (same_details or renewal.period_start <= previous.period_end) and not new_scan:
        lacks.append(
            _("Give the new medical conclusion: its details and period, or its scan (clause 2.7 of the regulation).")
        )
    return lacks


def check_renewal_link(case, previous):
    """HS-R10 (2.7): a renewal (say, an online re-application that staff link) is the same child's,
    of the same school, and follows the previous term."""
    if previous.pk == case.pk:
        raise ValidationError({"renews": _("A case cannot renew itself.")})
    if teacher_key(case.child_name) != teacher_key(previous.child_name) or (
        case.child_birth_year != previous.child_birth_year
    ):
        raise ValidationError({"renews": _("The previous case is another child's (clause 2.7).")})
    if case.period_start and case.period_start <= previous.period_start:
        raise ValidationError({"renews": _("A renewal's period starts after the previous case's (clause 2.7).")})


def check_lesson(lesson):
    """HS-R7 (clauses 2.18-2.19, 3.2-3.3): a lesson is recorded within the contract's term and
    before the case ended (early, HS-R6, or at its end), held (not before its day) or cancelled
    with its reason."""
    if lesson.status == "cancelled" and not lesson.cancel_reason:
        raise ValidationError({"cancel_reason": _("Give the reason the lesson was cancelled (clause 3.2).")})
    if lesson.status == "held" and lesson.cancel_reason:
        raise ValidationError({"cancel_reason": _("A held lesson has no reason for a cancellation.")})
    if not (lesson.case_id and lesson.given_on):
        return
    # 3.3: the journal reflects the lessons given; a cancellation may be known ahead (3.2: the
    # parent tells of an illness and of when lessons can resume), a lesson held may not.
    if lesson.status == "held" and lesson.given_on > lesson.case.institution.today():
        raise ValidationError(
            {"given_on": _("A lesson is recorded as held on its day or later, not in advance (clause 3.3).")}
        )
    contract = getattr(lesson.case, "contract", None)
    if contract is None:
        raise ValidationError({"case": _("The pupil has no contract yet: lessons start with it (clause 2.4).")})
    ends = min(day for day in (contract.term_end, contract.ended_on, lesson.case.closed_on) if day)
    if not contract.term_start <= lesson.given_on <= ends:
        raise ValidationError(
            {
                "given_on": _("Home schooling runs from %(start)s to %(end)s: no lesson at home on another day.")
                % {"start": f"{contract.term_start:%d.%m.%Y}", "end": f"{ends:%d.%m.%Y}"}
            }
        )


def check_mark_period(mark):
    """HS-R9 (2.17-2.18): marks per quarter or half-year as the school's calendar divides the year."""
    from homeschool.models import SchoolCalendar

    calendar = SchoolCalendar.objects.filter(
        institution=mark.case.institution, school_year=school_year_of(mark.case.period_start)
    ).first()
    if calendar is None or mark.period == "year":
        return
    quarters = calendar.division == "quarters"
    if mark.period.startswith("q") != quarters:
        raise ValidationError(
            {
                "period": _("The school year %(year)s is divided into %(division)s: choose one of them.")
                % {"year": calendar.school_year_label, "division": calendar.get_division_display().lower()}
            }
        )


def check_calendar(calendar):
    """Clause 2.12: the calendar of one school year, from its start to its end."""
    if not (calendar.school_year and calendar.starts_on and calendar.ends_on):
        return
    if calendar.ends_on <= calendar.starts_on:
        raise ValidationError({"ends_on": _("The school year ends before it starts.")})
    if school_year_of(calendar.starts_on) != calendar.school_year or calendar.ends_on > last_day_of_school_year(
        calendar.school_year
    ):
        raise ValidationError(
            {
                "ends_on": _("Start and end lie within the school year %(year)s/%(next)s.")
                % {
                    "year": calendar.school_year,
                    "next": calendar.school_year + 1,
                }
            }
        )


def weeks_between(start, end):
    """The Mondays of the weeks from ``start`` to ``end``."""
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        yield monday
        monday += timedelta(days=7)


def planned_against_held(case, start, end, lessons):
    """HS-R7 (2.19, 3.3): per week, the lessons the approved schedule plans for the pupil against
    those held, with the gaps named (a planned lesson not held: its day and subject). Days outside
    the contract's term and holidays of the calendar plan nothing."""
    from homeschool.models import SchoolCalendar

    schedule = getattr(case, "schedule", None)
    contract = getattr(case, "contract", None)
    entries = list(schedule.entries.all()) if schedule and schedule.approved_on else []
    held = {(lesson.given_on, teacher_key(lesson.subject)) for lesson in lessons if lesson.status == "held"}
    weeks = []
    for monday in weeks_between(start, end):
        planned, gaps = 0, []
        for entry in entries:
            day = monday + timedelta(days=entry.weekday - 1)
            in_term = contract and contract.term_start <= day <= (contract.ended_on or contract.term_end)
            if not (start <= day <= end and in_term) or SchoolCalendar.holiday_of(case.institution, day):
                continue
            planned += 1
            if (day, teacher_key(entry.subject)) not in held:
                gaps.append((day, entry.subject))
        held_count = sum(
            1 for lesson in lessons if lesson.status == "held" and 0 <= (lesson.given_on - monday).days < 7
        )
        weeks.append({"monday": monday, "planned": planned, "held": held_count, "gaps": gaps})
    return weeks


def timesheet(lessons):
    """HS-R8 (3.3): the hours each teacher held, computed from the journal (never typed): rows of
    (teacher, {day: hours}, total), and the days of the month that have any."""
    hours, names = defaultdict(lambda: defaultdict(Decimal)), {}
    for lesson in lessons:
        if lesson.status == "held":
            key = teacher_key(lesson.teacher_name)
            names.setdefault(key, lesson.teacher_name)
            hours[key][lesson.given_on] += lesson.hours
    return [
        {"teacher": names[key], "days": dict(days), "total": sum(days.values(), Decimal("0"))}
        for key, days in sorted(hours.items())
    ]
