"""The regulation's rules RC-R1..RC-R8 (spec ``recognition.md``, source ``seeds/003``), each with
its clause. Models call them from ``clean()`` and from their workflow steps; messages name the
clause in words, the rule ids stay here and in the tests.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.calendar import is_working_day

MAX_POINTS = 100
# RC-R2, clause 2.8: 25 % of the programme, 35 % in the field of knowledge 12 "Information technologies".
CAP_SHARE = Decimal("0.25")
IT_CAP_SHARE = Decimal("0.35")
IT_FIELD = "12"
# RC-R6, clause 2.12: the department decides within 10 working days.
DECISION_WORKING_DAYS = 10
# RC-R7: the spec's default table, used while the university has no row valid on the day.
DEFAULT_SCALE = (
    ("A", 90, 100),
    ("B", 82, 89),
    ("C", 74, 81),
    ("D", 64, 73),
    ("E", 60, 63),
    ("FX", 35, 59),
    ("F", 0, 34),
)
FAILING = ("FX", "F")
ENGLISH_LEVELS = ("B2", "C1", "C2")


def check_application(application):
    """The discipline (and module) of the student's own curriculum (2.7), of the variant chosen
    (Appendix 1); RC-R1 (clause 2.5) and RC-R4 (clause 2.2) refuse it."""
    discipline = application.discipline if application.discipline_id else None
    errors = {}
    if discipline is not None and (message := discipline_refusal(discipline, application)):
        errors["discipline"] = message
    if message := module_refusal(application, discipline):
        errors["module"] = message
    if application.handed_to_teacher and application.variant != application.Variant.MODULE:
        errors["handed_to_teacher"] = _(
            "Only a content module or topic may go to the teacher instead of a commission "
            "(clause 2.16 of the Regulation)."
        )
    if errors:
        raise ValidationError(errors)


def discipline_refusal(discipline, application):
    """Why the discipline cannot be recognised for this student, or None."""
    if discipline.component != discipline.Component.DISCIPLINE:  # RC-R1
        return _(
            "Diploma projects, course works and course projects are not recognised (clause 2.5 of the Regulation)."
        )
    if discipline.professional_standard:  # RC-R4
        return _(
            "The outcomes of this discipline are defined by professional standards of a profession with "
            "additional regulation and are not recognised (clause 2.2 of the Regulation)."
        )
    if application.student_id and discipline.programme_id != application.student.programme_id:
        return _("The discipline is not in the curriculum of the student's programme (clause 2.7 of the Regulation).")
    return None


def module_refusal(application, discipline):
    """Appendix 1's two variants: a module of the discipline, or the whole discipline without one."""
    if application.variant != application.Variant.MODULE:
        return _("A whole discipline is recognised without naming a module.") if application.module_id else None
    if application.module_id is None:
        return _("Name the content module or topic to be recognised.")
    if discipline is not None and application.module.discipline_id != discipline.pk:
        return _("The content module or topic is not one of the discipline's.")
    return None


def decide_by(registered_on, inquiries, country):
    """RC-R6 (clause 2.12): 10 working days from registration, on the country's public-holiday
    calendar; a day on which an inquiry to a provider is open does not count. While one is
    unanswered the term runs on until the answer: there is no date yet (None)."""
    inquiries = list(inquiries)
    if registered_on is None or any(inquiry.answered_on is None for inquiry in inquiries):
        return None
    day, counted = registered_on, 0
    while counted < DECISION_WORKING_DAYS:
        day += timedelta(days=1)
        paused = any(inquiry.sent_on <= day < inquiry.answered_on for inquiry in inquiries)
        if is_working_day(day, country) and not paused:
            counted += 1
    return day


def check_department_decision(application):
    """Clause 2.11: the head's decision is recorded in the department meeting's protocol, after
    the answers to the inquiries (2.12)."""
    errors = {}
    if not application.department_protocol_number:
        errors["department_protocol_number"] = _(
            "Enter the number of the department meeting's protocol (clause 2.11 of the Regulation)."
        )
    if not application.department_protocol_date:
        errors["department_protocol_date"] = _(
            "Enter the date of the department meeting (clause 2.11 of the Regulation)."
        )
    if application.inquiries.filter(answered_on__isnull=True).exists():
        errors["status"] = _(
            "An inquiry to a provider is not answered yet: the decision waits for it (clause 2.12 of the Regulation)."
        )
    if errors:
        raise ValidationError(errors)


def check_protocol(application, protocol):
    """A protocol (the decision, or the validation's second one) is complete and signed by every
    member of the commission (2.20); RC-R8 keeps a member with a conflict from signing."""
    if protocol is None:
        raise ValidationError(_("Record the protocol first."))
    protocol.full_clean()
    members = list(application.commission.all())
    if not members:
        raise ValidationError(_("Name the members of the commission, or the teacher (clauses 2.13, 2.16)."))
    if unsigned := [member.full_name for member in members if member.signed_on is None]:
        raise ValidationError(
            _("Every member signs the protocol (clause 2.20 of the Regulation); not yet signed: %(names)s.")
            % {"names": ", ".join(unsigned)}
        )
    return protocol


def check_member(member):
    """Clause 2.13: the scientific supervisor sits on the third level only; the teacher a module
    is handed to (2.16) reviews alone; RC-R8 (2.17): a declared conflict is described and keeps
    the member from signing."""
    errors = {}
    application = member.application if member.application_id else None
    if application is not None:
        if member.role == member.Role.SUPERVISOR and application.student.level != "doctor":
            errors["role"] = _(
                "A scientific supervisor sits on the commission on the third level only "
                "(clause 2.13 of the Regulation)."
            )
        if application.handed_to_teacher and member.role != member.Role.TEACHER:
            errors["role"] = _(
                "The module is handed to its teachers: only teachers of the discipline review it "
                "(clause 2.16 of the Regulation)."
            )
    if member.conflict_of_interest and not member.conflict_note:
        errors["conflict_note"] = _("Describe the conflict of interest.")
    if member.conflict_of_interest and member.signed_on:
        errors["conflict_of_interest"] = _(
            "A member with a conflict of interest cannot sign (clause 2.17 of the Regulation)."
        )
    if errors:
        raise ValidationError(errors)


def check_signature(member):
    """RC-R8 (clause 2.17): a member who declared a conflict of interest cannot sign."""
    if member.conflict_of_interest:
        raise ValidationError(
            _(
                "%(name)s declared a conflict of interest and cannot sign: replace them on the commission "
                "(clause 2.17 of the Regulation)."
            )
            % {"name": member.full_name}
        )


def check_decision(decision):
    """Clauses 2.14 and 2.16: the outcome the deciding body may take, with what it needs; a
    recognised grade passes (RC-R7) and the credits stay within RC-R2."""
    if decision.application_id is None:
        return
    application = decision.application
    check_protocol_open(decision, application.decided_on)
    outcome, outcomes = decision.outcome, decision.Outcome
    if application.handed_to_teacher and outcome not in (
        outcomes.NOT_RECOGNISED,
        outcomes.CURRENT_CONTROL,
        outcomes.VALIDATION,
    ):
        raise ValidationError(
            {
                "outcome": _(
                    "The teacher may only not recognise, recognise within components or order a validation "
                    "(clause 2.16 of the Regulation)."
                )
            }
        )
    if outcome == outcomes.NOT_RECOGNISED and not decision.reasons:
        raise ValidationError({"reasons": _("Give the reasons for not recognising (clause 2.14 of the Regulation).")})
    if outcome == outcomes.VALIDATION and not decision.assessment_form:
        raise ValidationError(
            {"assessment_form": _("Name the form of the assessment (clause 2.14 of the Regulation).")}
        )
    if outcome in (outcomes.SEMESTER_CONTROL, outcomes.ELECTIVE):
        check_passing(decision, decision.decided_on)
        check_cap(application.student, application, application.discipline.credits)


def check_protocol_open(protocol, closed_on):
    """A protocol the workflow has acted on (decided, announced) is no longer edited: the
    application's status and credits rest on it."""
    if protocol.pk and closed_on:
        raise ValidationError(_("The protocol is signed and acted on: it can no longer be changed."))


def check_credited(result):
    """Clauses 2.21-2.22: a credited result carries what the application's decision recognises,
    within RC-R2 (a result typed in by hand as much as one the step writes)."""
    if result.application_id is None:
        return
    application = result.application
    recognised = application.recognised_credits()
    if result.credits is not None and result.credits != recognised:
        raise ValidationError(
            {"credits": _("The decision recognises %(credits)s credits.") % {"credits": _number(recognised)}}
        )
    check_cap(application.student, application, recognised)


def check_recognised_module(line):
    """The partial decision's list (Appendix 3): modules of the discipline, each within its points."""
    if not (line.decision_id and line.module_id):
        return
    decision = line.decision
    if decision.outcome != decision.Outcome.CURRENT_CONTROL:
        raise ValidationError(_("Only a decision recognising components lists modules."))
    check_protocol_open(decision, decision.application.decided_on)
    if line.module.discipline_id != decision.application.discipline_id:
        raise ValidationError({"module": _("The content module or topic is not one of the discipline's.")})
    if line.points is not None and line.points > line.module.points:
        raise ValidationError(
            {"points": _("The module carries %(points)s points at most.") % {"points": line.module.points}}
        )


def check_validation(validation):
    """Clauses 2.17-2.20: a validation the decision ordered; its result with the day and, when
    recognised, a passing grade (RC-R7) within the cap (RC-R2)."""
    if validation.application_id is None:
        return
    application = validation.application
    check_protocol_open(validation, validation.announced_on)
    decision = getattr(application, "decision", None)
    if decision is None or not decision.orders_validation:
        raise ValidationError(_("No decision of the commission orders a validation of this application."))
    if not validation.result:
        return
    if not validation.assessed_on:
        raise ValidationError({"assessed_on": _("Enter the day of the assessment.")})
    if validation.result == validation.Result.RECOGNISED:
        check_passing(validation, validation.assessed_on)
        check_cap(application.student, application, application.discipline.credits)


def check_passing(protocol, on):
    """A recognised grade is given in points and is not a fail (FX, F) by RC-R7's table."""
    if protocol.points is None:
        raise ValidationError({"points": _("Enter the grade in points on the 100-point scale.")})
    letter = ects_grade(protocol.institution, protocol.points, on)
    if letter in FAILING:
        raise ValidationError(
            {
                "points": _("%(points)s points is %(letter)s, a failing grade: the outcomes cannot be recognised.")
                % {"points": protocol.points, "letter": letter}
            }
        )


def document_exclusion(document):
    """RC-R3 (clause 2.1): why a document is not considered, in the institution's language; "" if it is."""
    if document.institution_id is None or document.issued_in not in (
        document.IssuedIn.OCCUPIED,
        document.IssuedIn.AGGRESSOR,
    ):
        return ""
    with document.institution.localised():
        return _(
            "Issued in temporarily occupied territory of Ukraine or in a state recognised as aggressor or "
            "occupier: not considered (clause 2.1 of the Regulation)."
        )


def recognised_credits(application):
    """RC-R2: what the application's decision recognises (2.21): the discipline's credits, or for
    components only the modules' (2.22); nothing for a refusal or before a decision."""
    decision = getattr(application, "decision", None)
    if decision is None:
        return Decimal("0")
    outcomes = decision.Outcome
    if decision.outcome in (outcomes.SEMESTER_CONTROL, outcomes.ELECTIVE):
        return application.discipline.credits
    if decision.outcome == outcomes.CURRENT_CONTROL:
        return sum((line.module.credits for line in decision.recognised_modules.all()), Decimal("0"))
    validation = getattr(application, "validation", None)
    if validation is not None and validation.result == validation.Result.RECOGNISED:
        return application.discipline.credits
    return Decimal("0")


def credit_cap(programme):
    """RC-R2 (clause 2.8): the most credits the programme lets a student have recognised."""
    share = IT_CAP_SHARE if programme.field_of_knowledge.strip() == IT_FIELD else CAP_SHARE
    return (programme.credits * share).quantize(Decimal("0.1"))


def check_cap(student, application, credits):
    """RC-R2 (clause 2.8): the credits recognised over all of the student's decisions, this one's
    ``credits`` included, stay within the cap; refused with the figures."""
    programme = student.programme
    cap = credit_cap(programme)
    total = student.recognised_credits(without=application) + credits
    if total > cap:
        share = IT_CAP_SHARE if programme.field_of_knowledge.strip() == IT_FIELD else CAP_SHARE
        raise ValidationError(
            _(
                "Recognised credits would come to %(total)s of the programme's %(credits)s, over the cap of "
                "%(cap)s (%(share)s %%, clause 2.8 of the Regulation)."
            )
            % {
                "total": _number(total),
                "credits": _number(programme.credits),
                "cap": _number(cap),
                "share": _number(share * 100),
            }
        )


def _number(value):
    return f"{value.normalize():f}".replace(".", ",")


def scale_rows(institution, on):
    """RC-R7: (letter, from, to) of the university's table valid on ``on``, else the default."""
    from recognition.models import GradeScale

    rows = GradeScale.objects.filter(institution=institution, valid_from__lte=on).exclude(valid_until__lt=on)
    return [(row.letter, row.min_points, row.max_points) for row in rows] or list(DEFAULT_SCALE)


def ects_grade(institution, points, on):
    """RC-R7 (clause 2.4): the ECTS letter of ``points`` by the table valid on ``on``; None
    without points, or when the table leaves them out."""
    if points is None or on is None:
        return None
    return next((letter for letter, low, high in scale_rows(institution, on) if low <= points <= high), None)


def check_scale_row(row):
    """RC-R7: a row's points run low to high and overlap no other row valid at the same time."""
    from recognition.models import GradeScale

    if row.min_points is None or row.max_points is None or row.valid_from is None:
        return
    if row.min_points > row.max_points:
        raise ValidationError({"max_points": _("The range ends below where it starts.")})
    if row.valid_until and row.valid_until < row.valid_from:
        raise ValidationError({"valid_until": _("The row stops being valid before it starts.")})
    same_time = GradeScale.objects.filter(institution_id=row.institution_id).exclude(pk=row.pk)
    if row.valid_until:
        same_time = same_time.filter(valid_from__lte=row.valid_until)
    same_time = same_time.exclude(valid_until__lt=row.valid_from)
    clash = same_time.filter(min_points__lte=row.max_points, max_points__gte=row.min_points).first()
    if clash is not None:
        raise ValidationError(_("The points overlap the row %(row)s valid at the same time.") % {"row": clash})


def english_certificate(application):
    """RC-R5 (clause 2.3): the considered international English certificate at B2 or higher of a
    bachelor's application for an English discipline, or None."""
    if not application.discipline.english or application.student.level != "bachelor":
        return None
    return application.considered_documents().filter(english_level__in=ENGLISH_LEVELS).first()


def english_reason(institution):
    with institution.localised():
        return _("International English certificate at B2 or higher: the maximum grade (clause 2.3 of the Regulation).")


def other_english_applications(application):
    """RC-R5: a new application, like this one, for each English discipline of the programme's
    other semesters the student has not applied for yet."""
    student = application.student
    applied = student.applications.values_list("discipline", flat=True)
    disciplines = student.programme.disciplines.filter(english=True).exclude(pk__in=applied)
    return [
        type(application)(
            institution=application.institution,
            student=student,
            variant=application.Variant.DISCIPLINE,
            learning_kind=application.learning_kind,
            discipline=discipline,
            applied_on=application.applied_on,
            acknowledged=application.acknowledged,
        )
        for discipline in disciplines.order_by("semester")
    ]
