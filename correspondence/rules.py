"""The Regulation's rules CO-R1..CO-R16 (spec ``correspondence.md``, source ``seeds/004``), each with
its clause. Models call these from ``clean()`` and their workflow steps, so the admin, an import
and the public forms refuse the same things; each message names the clause in words. What the
Regulation sets only "as a rule" («как правило»: CO-R1's 160 hours, CO-R3) is advice the admin
shows after saving (``advisories``), not a refusal.
"""

from datetime import timedelta
from decimal import ROUND_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.school_year import first_day_of_school_year, last_day_of_school_year, school_year_of

# CO-R1 (clause 3.4): the share of a discipline's full-time hours given with a teacher, in per cent, by form.
FULL_TIME_SHARE = {"evening": 70, "correspondence": 30}
# CO-R1 (clause 3.4): academic hours a week at most, the whole study load and the evening form's classroom load.
MAX_WEEKLY_LOAD, MAX_EVENING_WEEKLY_CLASSROOM = 54, 16
# CO-R1 (clause 3.4): the correspondence form's classroom load, "as a rule" at least 160 hours. The clause
# names no period (the spec reads "a year"): the group's curriculum as a whole is counted.
MIN_CORRESPONDENCE_CLASSROOM = 160
# CO-R3 (clause 4.5): classroom hours a day of the correspondence form, "as a rule" at most 8.
MAX_CORRESPONDENCE_DAILY_CLASSROOM = 8
# CO-R2 (clause 4.2): calendar days of sessions a school year, by form: (1st-2nd course, later courses).
SESSION_DAYS = {"evening": (10, 20), "correspondence": (30, 40)}
# CO-R4 (clause 4.11): attestations a school year; credits in physical education are not counted.
MAX_EXAMS, MAX_CREDITS = 8, 10
EXAMS = ("exam", "complex_exam")
CREDITS = ("credit", "differentiated_credit")
# CO-R6 (clauses 4.12, 6.3): home control works a school year, per student and per discipline.
MAX_WORKS_A_YEAR, MAX_WORKS_A_DISCIPLINE = 10, 2
# CO-R8 (clause 6.7): from registration to the return with the review, at most two weeks.
REVIEW_DAYS = 14
# CO-R14 (clause 6.21): review time per work, by the discipline's cycle.
REVIEW_HOURS = {"general": Decimal("0.5"), "professional": Decimal("0.75")}
# CO-R15 (clause 5.3) and CO-R16 (clause 5.4): days before the session's first day.
CERTIFICATE_DAYS_BEFORE = 14
TIMETABLE_DAYS_BEFORE = 10


def dated(day):
    return f"{day:%d.%m.%Y}"


def year_range(school_year):
    return first_day_of_school_year(school_year), last_day_of_school_year(school_year)


def check_session(session):
    """The session's dates, CO-R16 and CO-R2."""
    if session.ends_on < session.starts_on:
        raise ValidationError({"ends_on": _("The session ends before it starts.")})
    approved = session.timetable_approved_on
    if approved and approved > session.timetable_due_on():
        # CO-R16 (clause 5.4)
        raise ValidationError(
            {
                "timetable_approved_on": _(
                    "The timetable is approved at least %(days)s days before the session, by %(due)s; "
                    "%(approved)s is %(late)s days too late (clause 5.4 of the Regulation)."
                )
                % {
                    "days": TIMETABLE_DAYS_BEFORE,
                    "due": dated(session.timetable_due_on()),
                    "approved": dated(approved),
                    "late": (approved - session.timetable_due_on()).days,
                }
            }
        )
    check_session_days(session)


def session_days_limit(form, course):
    """CO-R2 (clause 4.2): the calendar days of sessions a group may have in a school year."""
    first_courses, later_courses = SESSION_DAYS[form]
    return first_courses if course <= 2 else later_courses


def check_session_days(session):
    """CO-R2 (clause 4.2): the group's sessions of the school year, this one included, stay within the
    days its form and course allow."""
    group, year = session.group, session.school_year
    others = type(session).objects.filter(group=group, starts_on__range=year_range(year)).exclude(pk=session.pk)
    total = session.days + sum(other.days for other in others)
    course = group.course_in(year)
    limit = session_days_limit(group.form, course)
    if total > limit:
        raise ValidationError(
            {
                "ends_on": _(
                    "Form of study “%(form)s”, course %(course)s: sessions last at most %(limit)s calendar days a "
                    "school year; with this one group %(group)s would have %(total)s (clause 4.2 of the Regulation)."
                )
                % {
                    "form": group.get_form_display(),
                    "course": course,
                    "limit": limit,
                    "group": group,
                    "total": total,
                }
            }
        )


def check_curriculum_line(line):
    check_full_time_share(line)
    check_attestations(line)
    check_weekly_load(line.group, line.course, line)


def course_hours(group, course, line=None):
    """The group's curriculum of ``course`` as (whole study load, classroom load) in hours, with
    ``line`` counted as it is about to be saved."""
    lines = group.curriculum.filter(course=course)
    if line is not None:
        lines = [*lines.exclude(pk=line.pk), line] if line.pk else [*lines, line]
    return sum(x.contact_hours + x.self_study_hours for x in lines), sum(x.contact_hours for x in lines)


def average(hours, days_or_weeks):
    """Hours a day or week, rounded up to a tenth (over a limit always reads over it), written as the
    active language writes numbers."""
    return number_format((Decimal(hours) / days_or_weeks).quantize(Decimal("0.1"), rounding=ROUND_UP), 1)


def check_weekly_load(group, course, line=None):
    """CO-R1 (clause 3.4): a course's study load is at most 54 academic hours a week, classroom and
    self-study together; in the evening form its classroom load at most 16. The weeks are the
    group's weeks of study a year; ``line`` is the curriculum line about to be saved."""
    if not group.study_weeks:
        return
    load, classroom = course_hours(group, course, line)
    figures = {"group": group, "course": course, "weeks": group.study_weeks}
    if load > MAX_WEEKLY_LOAD * group.study_weeks:
        raise ValidationError(
            _(
                "The study load is at most %(limit)s academic hours a week, classroom and self-study together "
                "(clause 3.4 of the Regulation): group %(group)s would have %(hours)s hours in course %(course)s, "
                "%(weekly)s a week over its %(weeks)s weeks of study."
            )
            % {**figures, "limit": MAX_WEEKLY_LOAD, "hours": load, "weekly": average(load, group.study_weeks)}
        )
    if group.form == "evening" and classroom > MAX_EVENING_WEEKLY_CLASSROOM * group.study_weeks:
        raise ValidationError(
            _(
                "In the evening form the classroom load is at most %(limit)s academic hours a week (clause 3.4 of "
                "the Regulation): group %(group)s would have %(hours)s classroom hours in course %(course)s, "
                "%(weekly)s a week over its %(weeks)s weeks of study."
            )
            % {
                **figures,
                "limit": MAX_EVENING_WEEKLY_CLASSROOM,
                "hours": classroom,
                "weekly": average(classroom, group.study_weeks),
            }
        )


def curriculum_advisories(group, course):
    """What the department is told after saving a correspondence group's curriculum line or session:
    CO-R1's 160 classroom hours and CO-R3's 8 a day, both "as a rule"."""
    if group.form != "correspondence":
        return []
    advice = []
    classroom = sum(line.contact_hours for line in group.curriculum.all())
    if classroom < MIN_CORRESPONDENCE_CLASSROOM:
        # CO-R1 (clause 3.4)
        advice.append(
            _(
                "In the correspondence form the classroom load is, as a rule, at least %(limit)s hours (clause 3.4 "
                "of the Regulation): the curriculum of group %(group)s has %(hours)s so far."
            )
            % {"limit": MIN_CORRESPONDENCE_CLASSROOM, "group": group, "hours": classroom}
        )
    if daily := daily_classroom_advice(group, course):
        advice.append(daily)
    return advice


def daily_classroom_advice(group, course):
    """CO-R3 (clause 4.5): in the correspondence form the classroom hours of a course, given in the
    school year's sessions, as a rule come to at most 8 a day. Said once sessions are planned."""
    year = group.year - (group.course - course)
    days = sum(session.days for session in group.sessions.filter(starts_on__range=year_range(year)))
    classroom = course_hours(group, course)[1]
    if not days or classroom <= MAX_CORRESPONDENCE_DAILY_CLASSROOM * days:
        return None
    return _(
        "In the correspondence form classroom hours are, as a rule, at most %(limit)s a day (clause 4.5 of the "
        "Regulation): group %(group)s has %(hours)s classroom hours in course %(course)s and %(days)s days of "
        "sessions in the school year, %(daily)s a day."
    ) % {
        "limit": MAX_CORRESPONDENCE_DAILY_CLASSROOM,
        "group": group,
        "hours": classroom,
        "course": course,
        "days": days,
        "daily": average(classroom, days),
    }


def check_full_time_share(line):
    """CO-R1 (clause 3.4), its part about one discipline: the hours with a teacher (classroom, labs and
    practicals) of a discipline or МДК, over all the group's courses, reach at most 70 % (evening) or
    30 % (correspondence) of its full-time hours."""
    full_time = line.discipline.full_time_hours
    if not full_time:
        return
    others = type(line).objects.filter(group=line.group_id, discipline=line.discipline_id).exclude(pk=line.pk)
    hours = line.contact_hours + sum(other.contact_hours for other in others)
    limit = FULL_TIME_SHARE[line.group.form]
    if hours * 100 > full_time * limit:
        raise ValidationError(
            {
                "classroom_hours": _(
                    "Form of study “%(form)s”: the hours with a teacher of a discipline are at most %(limit)s %% "
                    "of its %(full_time)s full-time hours, %(allowed)s (clause 3.4 of the Regulation); with this "
                    "line group %(group)s would have %(hours)s."
                )
                % {
                    "form": line.group.get_form_display(),
                    "limit": limit,
                    "full_time": full_time,
                    "allowed": full_time * limit // 100,
                    "group": line.group,
                    "hours": hours,
                }
            }
        )


def check_attestations(line):
    """CO-R4 (clause 4.11): at most 8 exams and 10 credits in a course's school year, credits in
    physical education not counted."""
    if line.attestation not in EXAMS + CREDITS:
        return
    if line.attestation in CREDITS and line.discipline.physical_education:
        return
    kinds, limit = (EXAMS, MAX_EXAMS) if line.attestation in EXAMS else (CREDITS, MAX_CREDITS)
    others = (
        type(line).objects.filter(group=line.group_id, course=line.course, attestation__in=kinds).exclude(pk=line.pk)
    )
    if kinds == CREDITS:
        others = others.exclude(discipline__physical_education=True)
    count = others.count() + 1
    if count > limit:
        message = (
            _(
                "A school year has at most %(limit)s exams (clause 4.11 of the Regulation): this would be "
                "exam %(count)s of group %(group)s in course %(course)s."
            )
            if kinds == EXAMS
            else _(
                "A school year has at most %(limit)s credits, physical education not counted (clause 4.11 of "
                "the Regulation): this would be credit %(count)s of group %(group)s in course %(course)s."
            )
        )
        raise ValidationError(
            {"attestation": message % {"limit": limit, "count": count, "group": line.group, "course": line.course}}
        )


def check_work(work):
    """A home control work: its student in its group, CO-R10 for a redo, CO-R6 for a first work."""
    if not (work.student_id and work.group_id and work.discipline_id and work.received_on):
        return
    if work._state.adding and work.student.group_id != work.group_id:
        raise ValidationError(
            {
                "group": _("%(student)s studies in group %(group)s.")
                % {"student": work.student, "group": work.student.group}
            }
        )
    if work.redo_of_id:
        check_redo(work)
    else:
        check_work_limits(work)


def check_work_limits(work):
    """CO-R6 (clauses 4.12, 6.3): at most 10 home control works a school year per student, 2 per
    discipline. A redo (CO-R10) is the same work done again in the same notebook (6.14), so only
    first works count."""
    year = school_year_of(work.received_on)
    firsts = (
        type(work)
        .objects.filter(student_id=work.student_id, redo_of__isnull=True, received_on__range=year_range(year))
        .exclude(pk=work.pk)
    )
    in_discipline = firsts.filter(discipline_id=work.discipline_id).count()
    if in_discipline >= MAX_WORKS_A_DISCIPLINE:
        raise ValidationError(
            {
                "discipline": _(
                    "A student does at most %(limit)s home control works of a discipline a school year (clause "
                    "6.3 of the Regulation): %(student)s has sent %(count)s of “%(discipline)s” already. A work "
                    "that was not passed is sent again as its redo."
                )
                % {
                    "limit": MAX_WORKS_A_DISCIPLINE,
                    "student": work.student,
                    "count": in_discipline,
                    "discipline": work.discipline,
                }
            }
        )
    total = firsts.count()
    if total >= MAX_WORKS_A_YEAR:
        raise ValidationError(
            _(
                "A student does at most %(limit)s home control works a school year (clause 6.3 of the "
                "Regulation): %(student)s has sent %(count)s already."
            )
            % {"limit": MAX_WORKS_A_YEAR, "student": work.student, "count": total}
        )


def check_redo(work):
    """CO-R10 (clause 6.14): a redo is registered as a new entry linked to the first work, of the
    same student and discipline, once the last attempt was not passed or was returned."""
    from correspondence.models import REDONE_RESULTS

    first = work.redo_of
    if first.redo_of_id:
        raise ValidationError(
            {
                "redo_of": _("Link the redo to the first work, %(first)s (clause 6.14 of the Regulation).")
                % {"first": first.redo_of}
            }
        )
    if (first.student_id, first.discipline_id) != (work.student_id, work.discipline_id):
        raise ValidationError(
            {
                "redo_of": _(
                    "A redo is of the same student's work in the same discipline (clause 6.14 of the Regulation)."
                )
            }
        )
    attempts = first.redos.exclude(pk=work.pk)
    if work.pk:
        attempts = attempts.filter(pk__lt=work.pk)
    last = attempts.order_by("-pk").first() or first
    if last.result not in REDONE_RESULTS:
        raise ValidationError(
            {
                "redo_of": _(
                    "Only a work that was not passed or was returned is redone (clause 6.14 of the Regulation); "
                    "%(work)s is %(state)s."
                )
                % {"work": last, "state": last.get_result_display().lower() or _("not reviewed yet")}
            }
        )


def review_due(registered_on, sick_leaves):
    """CO-R8 (clause 6.7): two weeks after registration, extended by each day of the teacher's sick
    leave («б/л с … по …») that falls in them; the days an extension adds count as well."""
    due = registered_on + timedelta(days=REVIEW_DAYS)
    while True:
        excused = sum(max(0, (min(end, due) - max(start, registered_on)).days + 1) for start, end in sick_leaves)
        extended = registered_on + timedelta(days=REVIEW_DAYS + excused)
        if extended == due:
            return due
        due = extended


def check_defence(work):
    """CO-R12 (clause 6.17): the defence is held before the exam in the discipline, or at it."""
    from correspondence.models import AttestationResult

    exam = (
        AttestationResult.objects.filter(
            student_id=work.student_id, discipline_id=work.discipline_id, held_on__lt=work.defended_on
        )
        .exclude(grade="not_admitted")
        .order_by("held_on")
        .first()
    )
    if exam is not None:
        raise ValidationError(
            _(
                "The work is defended before the attestation in the discipline or at it (clause 6.17 of the "
                "Regulation); it was held on %(date)s."
            )
            % {"date": dated(exam.held_on)}
        )


def admission_refusals(student, discipline):
    """CO-R5 (clauses 4.11, 5.5, 6.18): in the correspondence form, a student is admitted to the
    attestation in a discipline with every home control work it sets passed (a redo passes for the
    first work). Labs, practicals and current marks are the teacher's to check (5.5)."""
    from correspondence.models import PASSED_RESULTS

    if student.group.form != "correspondence":
        return []
    planned = sum(student.group.curriculum.filter(discipline=discipline).values_list("home_control_works", flat=True))
    passed = (
        student.works.filter(discipline=discipline, redo_of__isnull=True)
        .filter(Q(result__in=PASSED_RESULTS) | Q(redos__result__in=PASSED_RESULTS))
        .distinct()
        .count()
    )
    if passed >= planned:
        return []
    return [
        _("%(passed)s of %(planned)s home control works in “%(discipline)s” passed")
        % {"passed": passed, "planned": planned, "discipline": discipline}
    ]


def check_result(result):
    """A grade of its kind of attestation (a credit is passed or not), and CO-R5: a grade only for an
    admitted student."""
    if result.grade == "not_admitted":
        return
    if (result.kind == "credit") != (result.grade in ("passed", "failed")):
        raise ValidationError({"grade": _("Choose a mark of this form of attestation.")})
    if refusals := admission_refusals(result.student, result.discipline):
        raise ValidationError(
            {
                "grade": _(
                    "%(student)s is not admitted to the attestation (clauses 4.11 and 6.18 of the Regulation): "
                    "%(reasons)s. Record them as not admitted."
                )
                % {"student": result.student, "reasons": "; ".join(refusals)}
            }
        )


def certificate_too_late(certificate, day):
    """CO-R15 (clause 5.3): why the certificate can no longer be issued on ``day``, or None."""
    if day <= certificate.issue_by():
        return None
    return _(
        "A summons certificate is issued no later than two weeks before the session, by %(due)s "
        "(clause 5.3 of the Regulation)."
    ) % {"due": dated(certificate.issue_by())}


def check_certificate(certificate):
    """CO-R15 (clause 5.3): a session of the student's group, the address when sent by post, and the
    date of issue."""
    errors = {}
    if certificate.by_post and not certificate.postal_address.strip():
        errors["postal_address"] = _(
            "Give the address the certificate is sent to by post (clause 5.3 of the Regulation)."
        )
    if certificate.student_id and certificate.session_id:
        if certificate.session.group_id != certificate.student.group_id:
            errors["session"] = _("Choose a session of the student's group.")
        elif certificate.issued_on and (late := certificate_too_late(certificate, certificate.issued_on)):
            errors["issued_on"] = late
    if errors:
        raise ValidationError(errors)
