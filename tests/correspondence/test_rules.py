"""The Regulation's rules (spec ``correspondence.md``), one test or more per rule id, each failing
when its rule breaks. Dates: the school year 2026/2027, the college in Europe/Moscow."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import workflow_fields
from correspondence import rules
from correspondence.models import (
    UNDER_REVIEW,
    HomeControlWork,
    SickLeave,
    SummonsCertificate,
    Teacher,
    handed_in_during_session,
    overdue_reviews,
    with_review_hours,
)
from tests.correspondence.factories import (
    CertificateFactory,
    CurriculumLineFactory,
    DisciplineFactory,
    GroupFactory,
    ResultFactory,
    SessionFactory,
    SickLeaveFactory,
    StudentFactory,
    TeacherFactory,
    WorkFactory,
    college,
)
from tests.factories import put_in_state

pytestmark = pytest.mark.django_db
REGISTERED = date(2026, 11, 2)


def new_work(**kwargs):
    """A work as the form or the secretary adds it, through ``full_clean`` so every rule runs; then
    put in the workflow state the test names."""
    state = {name: kwargs.pop(name) for name in workflow_fields(HomeControlWork) if name in kwargs}
    kwargs.setdefault("student", StudentFactory())
    kwargs.setdefault("discipline", DisciplineFactory())
    work = WorkFactory.build(**kwargs)
    work.full_clean()
    work.save()
    return put_in_state(work, **state) if state else work


def refused(callable_, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        callable_(*args, **kwargs)
    return " ".join(error.value.messages)


# CO-R6 (4.12, 6.3) ---------------------------------------------------------------------------------
def test_co_r6_a_third_work_of_a_discipline_is_refused_with_the_reason():
    student, discipline = StudentFactory(), DisciplineFactory()
    new_work(student=student, discipline=discipline)
    new_work(student=student, discipline=discipline)
    message = refused(new_work, student=student, discipline=discipline)
    assert "at most 2 home control works of a discipline" in message and "clause 6.3" in message
    assert HomeControlWork.objects.count() == 2


def test_co_r6_the_eleventh_work_of_a_school_year_is_refused():
    student = StudentFactory()
    for _ in range(10):
        new_work(student=student)
    assert "at most 10 home control works a school year" in refused(new_work, student=student)
    new_work(student=student, received_on=date(2027, 9, 1))  # the next school year counts anew


def test_co_r6_a_redo_is_the_same_work_and_does_not_count():
    """Clause 6.14: redone in the same notebook and only registered again, so not a second work."""
    student, discipline = StudentFactory(), DisciplineFactory()
    first = new_work(student=student, discipline=discipline, registered_on=REGISTERED, result="failed")
    new_work(student=student, discipline=discipline, redo_of=first)
    new_work(student=student, discipline=discipline)


def test_co_r6_a_curriculum_sets_at_most_two_works_in_a_discipline():
    line = CurriculumLineFactory.build(group=GroupFactory(), discipline=DisciplineFactory(), teacher=None)
    line.home_control_works = 3
    assert "home_control_works" in refused_fields(line)
    line.home_control_works = 2
    line.full_clean()


# CO-R7 (6.6) ---------------------------------------------------------------------------------------
def test_co_r7_works_are_numbered_per_group_and_discipline_in_order_of_registration():
    group = GroupFactory()
    mechanics, maths = DisciplineFactory(), DisciplineFactory()
    works = [
        new_work(student=StudentFactory(group=group), discipline=discipline, received_on=REGISTERED + timedelta(n))
        for n, discipline in enumerate((mechanics, mechanics, maths))
    ]
    for work in works:
        work.register()
    assert [work.registration_number for work in works] == [1, 2, 1]
    other_group = new_work(student=StudentFactory(), discipline=mechanics)
    other_group.register()
    assert other_group.registration_number == 1


def test_co_r7_a_later_arrival_waits_for_the_earlier_ones():
    group, discipline = GroupFactory(), DisciplineFactory()
    earlier = new_work(student=StudentFactory(group=group), discipline=discipline, received_on=REGISTERED)
    later = new_work(student=StudentFactory(group=group), discipline=discipline, received_on=REGISTERED + timedelta(1))
    assert [need.message for need in later.register_needs()]
    assert "order of arrival" in refused(later.register)
    earlier.register()
    later.register()
    assert (earlier.registration_number, later.registration_number) == (1, 2)


def test_co_r7_a_refused_registration_gives_its_number_back():
    work = new_work()
    with pytest.raises(RuntimeError), transaction.atomic():
        work.register()
        raise RuntimeError("the secretary's save failed")
    work = HomeControlWork.objects.get(pk=work.pk)
    work.register()
    assert work.registration_number == 1


def test_co_r7_the_work_goes_to_the_disciplines_teacher_of_the_group():
    line = CurriculumLineFactory()
    work = new_work(student=StudentFactory(group=line.group), discipline=line.discipline)
    work.register()
    assert work.teacher == line.teacher


# CO-R8 (6.7, 6.22) ---------------------------------------------------------------------------------
def test_co_r8_a_review_is_due_two_weeks_after_registration():
    assert rules.review_due(REGISTERED, []) == date(2026, 11, 16)


def test_co_r8_a_sick_leave_inside_the_two_weeks_excuses_its_days():
    inside = [(date(2026, 11, 5), date(2026, 11, 9))]  # five days
    assert rules.review_due(REGISTERED, inside) == date(2026, 11, 21)
    after = [(date(2026, 11, 17), date(2026, 11, 20))]
    assert rules.review_due(REGISTERED, after) == date(2026, 11, 16), "a leave after the due date excuses nothing"
    straddling = [(date(2026, 11, 14), date(2026, 11, 30))]
    assert rules.review_due(REGISTERED, straddling) == date(2026, 12, 3), "all 17 days: those it adds count too"


def test_co_r8_a_sick_leave_entered_later_moves_the_due_date_and_the_overdue_list():
    teacher = TeacherFactory()
    work = new_work(teacher=teacher)
    work.register(on=REGISTERED)
    assert work.review_due_on == date(2026, 11, 16)
    works = HomeControlWork.objects.all()
    assert list(overdue_reviews(works)) == [work], "registered in November, not back in December"
    ends_on = college().today() + timedelta(days=30)
    SickLeaveFactory(teacher=teacher, starts_on=date(2026, 11, 3), ends_on=ends_on)
    assert HomeControlWork.objects.get().review_due_on > ends_on
    assert not overdue_reviews(works).exists()
    SickLeave.objects.get().delete()
    assert list(overdue_reviews(works)) == [work]


def test_co_r8_a_reviewed_work_is_not_overdue():
    work = new_work()
    work.register(on=REGISTERED)
    work.pass_work(on=date(2026, 11, 20))
    assert not overdue_reviews(HomeControlWork.objects.all()).exists()


# CO-R9 (6.8-6.9) -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("step", "result"),
    [
        ("pass_work", "passed"),
        ("fail_work", "failed"),
        ("return_incomplete", "incomplete"),
        ("return_wrong_variant", "wrong_variant"),
        ("return_careless", "careless"),
    ],
)
def test_co_r9_a_review_gives_one_of_the_regulations_results(step, result):
    work = new_work()
    work.register(on=REGISTERED)
    getattr(work, step)(on=date(2026, 11, 10))
    work.refresh_from_db()
    assert (work.result, work.reviewed_on) == (result, date(2026, 11, 10))
    assert not HomeControlWork.objects.filter(pk=work.pk).filter(UNDER_REVIEW).exists(), "the steps close"


def test_co_r9_the_results_are_the_regulations_words_in_russian():
    from django.utils import translation

    with translation.override("ru"):
        labels = [str(label) for _value, label in HomeControlWork.Result.choices]
    assert labels[:4] == [
        "зачет",
        "незачет",
        "работа выполнена не в полном объеме",
        "работа выполнена не по варианту",
    ]
    assert "Зачтено без рецензирования" in labels


# CO-R10 (6.14) -------------------------------------------------------------------------------------
def test_co_r10_a_failed_work_is_redone_as_a_new_entry_linked_to_the_first():
    first = new_work()
    first.register(on=REGISTERED)
    first.fail_work(on=date(2026, 11, 10))
    assert HomeControlWork.initial_from(first) == {
        "student": first.student_id,
        "group": first.group_id,
        "discipline": first.discipline_id,
        "variant": first.variant,
    }
    redo = new_work(student=first.student, discipline=first.discipline, redo_of=first, received_on=date(2026, 11, 20))
    redo.register()
    assert (redo.registration_number, redo.redo_of) == (2, first)
    redo.fail_work(on=date(2026, 11, 25))
    again = new_work(student=first.student, discipline=first.discipline, redo_of=first, received_on=date(2026, 12, 1))
    assert "first work" in refused(
        new_work, student=first.student, discipline=first.discipline, redo_of=again, received_on=date(2026, 12, 2)
    )


def test_co_r10_a_passed_or_pending_work_is_not_redone():
    first = new_work()
    assert "not reviewed yet" in refused(new_work, student=first.student, discipline=first.discipline, redo_of=first)
    first.register(on=REGISTERED)
    first.pass_work(on=date(2026, 11, 10))
    assert "not passed or was returned" in refused(
        new_work, student=first.student, discipline=first.discipline, redo_of=first
    )


def test_co_r10_a_redo_is_of_the_same_student_and_discipline():
    first = new_work(registered_on=REGISTERED, result="failed")
    assert "same student" in refused(new_work, student=first.student, redo_of=first)


# CO-R11 (6.15) -------------------------------------------------------------------------------------
def test_co_r11_a_late_work_is_accepted_and_marked_late():
    line = CurriculumLineFactory(works_due_on=date(2026, 11, 1))
    work = new_work(student=StudentFactory(group=line.group), discipline=line.discipline, received_on=REGISTERED)
    work.register()
    assert work.is_late()


def test_co_r11_only_a_work_handed_in_during_the_session_is_passed_without_review():
    session = SessionFactory()
    student = StudentFactory(group=session.group)
    during = new_work(student=student, received_on=session.starts_on + timedelta(2))
    before = new_work(student=student, received_on=session.starts_on - timedelta(2))
    for work in (during, before):
        work.register(on=work.received_on)
    assert list(HomeControlWork.objects.filter(handed_in_during_session())) == [during]
    assert "during the group's session" in refused(before.pass_without_review)
    during.pass_without_review()
    during.refresh_from_db()
    assert during.result == "passed_orally" and during.review_hours() == 0


# CO-R12 (6.17) -------------------------------------------------------------------------------------
def test_co_r12_the_defence_is_before_the_exam_or_at_it():
    work = new_work(registered_on=REGISTERED, result="passed", reviewed_on=date(2026, 11, 10))
    ResultFactory(student=work.student, discipline=work.discipline, held_on=date(2027, 1, 20))
    work.defend(on=date(2027, 1, 20))
    work.refresh_from_db()
    assert work.defended_on == date(2027, 1, 20)
    later = new_work(student=work.student, discipline=DisciplineFactory(), registered_on=REGISTERED, result="passed")
    ResultFactory(student=later.student, discipline=later.discipline, held_on=date(2027, 1, 20))
    assert "clause 6.17" in refused(later.defend, on=date(2027, 1, 21))


# CO-R14 (6.21) -------------------------------------------------------------------------------------
def test_co_r14_review_hours_half_an_hour_general_three_quarters_professional():
    teacher = TeacherFactory()
    general, professional = DisciplineFactory(cycle="general"), DisciplineFactory(cycle="professional")
    done = date(2026, 11, 10)
    reviewed = {"teacher": teacher, "registered_on": REGISTERED, "reviewed_on": done}
    works = [
        new_work(discipline=general, result="passed", **reviewed),
        new_work(discipline=professional, result="failed", **reviewed),
        new_work(discipline=professional, result="careless", **reviewed),
    ]
    assert [work.review_hours() for work in works] == [Decimal("0.5"), Decimal("0.75"), 0]
    hours = with_review_hours(Teacher.objects.all(), date(2026, 9, 1), date(2027, 8, 31)).get().review_hours
    assert hours == Decimal("1.25")
    assert with_review_hours(Teacher.objects.all(), date(2027, 9, 1), date(2028, 8, 31)).get().review_hours == 0


# CO-R15 (5.3) --------------------------------------------------------------------------------------
def test_co_r15_a_certificate_is_issued_no_later_than_two_weeks_before_the_session():
    certificate = CertificateFactory(session__starts_on=date(2027, 1, 11), session__ends_on=date(2027, 1, 30))
    assert certificate.issue_by() == date(2026, 12, 28)
    assert "two weeks before the session" in refused(certificate.issue, on=date(2026, 12, 29))
    certificate.refresh_from_db()
    assert certificate.issued_on is None
    certificate.issue(on=date(2026, 12, 28))
    assert certificate.journal_number == 1


def test_co_r15_the_issue_journal_numbers_each_certificate():
    session = SessionFactory()
    certificates = [CertificateFactory(session=session, student__group=session.group) for _ in range(2)]
    for certificate in certificates:
        certificate.issue(on=date(2026, 12, 1))
    assert [certificate.journal_number for certificate in certificates] == [1, 2]
    assert SummonsCertificate.objects.filter(journal_number__isnull=False).count() == 2


def test_co_r15_the_step_says_it_is_too_late_before_the_click(monkeypatch):
    certificate = CertificateFactory(session__starts_on=date(2027, 1, 11), session__ends_on=date(2027, 1, 30))
    monkeypatch.setattr(type(college()), "today", lambda self: date(2027, 1, 2))
    assert "two weeks" in certificate.issue_needs()[0].message


def test_co_r15_a_certificate_sent_by_post_needs_the_address():
    certificate = CertificateFactory()
    certificate.by_post = True
    assert "postal_address" in refused_fields(certificate)
    certificate.postal_address = "429965, г. Новочебоксарск, ул. Винокурова, 12"
    certificate.full_clean()


def refused_fields(record):
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


# CO-R16 (5.4) --------------------------------------------------------------------------------------
def test_co_r16_the_timetable_is_approved_at_least_ten_days_before_the_session():
    session = SessionFactory.build(group=GroupFactory(), starts_on=date(2027, 1, 11), ends_on=date(2027, 1, 20))
    session.timetable_approved_on = date(2027, 1, 2)  # 9 days before
    message = refused_fields(session)["timetable_approved_on"][0]
    assert "at least 10 days" in message and "01.01.2027" in message
    session.timetable_approved_on = date(2027, 1, 1)
    session.full_clean()


# CO-R1 (3.4) ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("form", "allowed"), [("correspondence", 36), ("evening", 84)])
def test_co_r1_a_disciplines_hours_with_a_teacher_are_a_share_of_its_full_time_hours(form, allowed):
    """30 % (correspondence) or 70 % (evening) of 120 full-time hours, over the group's courses."""
    group, discipline = GroupFactory(form=form), DisciplineFactory(full_time_hours=120)
    CurriculumLineFactory(group=group, discipline=discipline, course=2, classroom_hours=10, practical_hours=0)
    line = CurriculumLineFactory.build(
        group=group, discipline=discipline, classroom_hours=allowed - 10, practical_hours=0, teacher=None
    )
    line.full_clean()
    line.practical_hours = 1
    message = refused_fields(line)["classroom_hours"][0]
    assert f"at most {30 if form == 'correspondence' else 70} %" in message and f"would have {allowed + 1}" in message


@pytest.mark.parametrize("form", ["correspondence", "evening"])
def test_co_r1_the_study_load_is_at_most_54_hours_a_week(form):
    """20 weeks of study: 1080 hours of a course at most, classroom and self-study together."""
    group = GroupFactory(form=form, study_weeks=20)
    CurriculumLineFactory(group=group, course=3, classroom_hours=10, practical_hours=0, self_study_hours=900)
    CurriculumLineFactory(group=group, course=2, classroom_hours=10, practical_hours=0, self_study_hours=900)
    line = CurriculumLineFactory.build(
        group=group,
        discipline=DisciplineFactory(),
        course=3,
        classroom_hours=10,
        practical_hours=0,
        self_study_hours=160,
        teacher=None,
    )
    line.full_clean()
    line.self_study_hours = 161
    message = refused_fields(line)["__all__"][0]
    assert "at most 54 academic hours a week" in message and "1081 hours in course 3" in message
    assert "54.1 a week over its 20 weeks" in message


def test_co_r1_fewer_weeks_of_study_raise_the_weekly_load_and_are_refused():
    group = GroupFactory(study_weeks=20)
    CurriculumLineFactory(group=group, classroom_hours=10, practical_hours=0, self_study_hours=1070)
    group.study_weeks = 19
    assert "1080 hours in course 3" in refused_fields(group)["__all__"][0]


def test_co_r1_the_evening_forms_classroom_load_is_at_most_16_hours_a_week():
    """20 weeks: 320 classroom hours (labs and practicals included); the correspondence form has no such limit."""
    group = GroupFactory(form="evening", study_weeks=20)
    CurriculumLineFactory(group=group, classroom_hours=200, practical_hours=0, self_study_hours=0)
    line = CurriculumLineFactory.build(
        group=group,
        discipline=DisciplineFactory(full_time_hours=1000),
        classroom_hours=100,
        practical_hours=20,
        self_study_hours=0,
        teacher=None,
    )
    line.full_clean()
    line.practical_hours = 21
    message = refused_fields(line)["__all__"][0]
    assert "evening form the classroom load is at most 16" in message and "321 classroom hours" in message
    correspondence = GroupFactory(form="correspondence", study_weeks=20)
    CurriculumLineFactory(
        group=correspondence,
        discipline=DisciplineFactory(full_time_hours=2000),
        classroom_hours=300,
        practical_hours=21,
        self_study_hours=0,
    ).full_clean()


def test_co_r1_the_correspondence_classroom_load_is_as_a_rule_at_least_160_hours():
    """Advice, not a refusal ("как правило"): the clause names no period, so the group's whole curriculum counts."""
    group = GroupFactory()
    first = CurriculumLineFactory(group=group, course=2, classroom_hours=100, practical_hours=0)
    assert "at least 160 hours" in first.advisories()[0] and "has 100 so far" in first.advisories()[0]
    second = CurriculumLineFactory(group=group, course=3, classroom_hours=50, practical_hours=10)
    assert second.advisories() == []
    assert CurriculumLineFactory(group=GroupFactory(form="evening"), classroom_hours=10).advisories() == []


# CO-R3 (4.5) ---------------------------------------------------------------------------------------
def test_co_r3_correspondence_classroom_hours_are_as_a_rule_at_most_8_a_day():
    """Said when a session or a curriculum line is saved: the course's classroom hours over the days of the
    school year's sessions; advice, not a refusal ("как правило"), and only once sessions are planned."""
    group = GroupFactory(course=3, year=2026)
    line = CurriculumLineFactory(group=group, classroom_hours=150, practical_hours=10)
    assert line.advisories() == [], "no sessions yet"
    SessionFactory(group=group, starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 11))  # 10 days
    session = SessionFactory(group=group, starts_on=date(2027, 1, 11), ends_on=date(2027, 1, 20))  # 10 days
    SessionFactory(group=group, starts_on=date(2026, 1, 11), ends_on=date(2026, 1, 30))  # last year's
    assert session.advisories() == [] and line.advisories() == []
    line.practical_hours = 11
    line.save()
    (message,) = session.advisories()
    assert "at most 8 a day" in message and "161 classroom hours in course 3 and 20 days" in message
    assert "8.1 a day" in message and line.advisories() == [message]
    evening = GroupFactory(form="evening")
    CurriculumLineFactory(group=evening, classroom_hours=160, practical_hours=0)
    assert SessionFactory(group=evening, starts_on=date(2027, 1, 11), ends_on=date(2027, 1, 12)).advisories() == []


# CO-R2 (4.2) ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("form", "course", "limit"),
    [("evening", 1, 10), ("evening", 3, 20), ("correspondence", 2, 30), ("correspondence", 3, 40)],
)
def test_co_r2_session_days_a_school_year_by_form_and_course(form, course, limit):
    group = GroupFactory(form=form, course=course)
    first = SessionFactory(group=group, starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 6))  # 5 days
    last_day = date(2027, 3, 1) + timedelta(days=limit - first.days - 1)
    SessionFactory.build(group=group, starts_on=date(2027, 3, 1), ends_on=last_day).full_clean()
    over = SessionFactory.build(group=group, starts_on=date(2027, 3, 1), ends_on=last_day + timedelta(1))
    message = refused_fields(over)["ends_on"][0]
    assert f"at most {limit} calendar days" in message and f"would have {limit + 1}" in message


def test_co_r2_a_session_of_another_school_year_counts_there_with_that_years_course():
    group = GroupFactory(form="correspondence", course=3, year=2026)
    SessionFactory(group=group, starts_on=date(2026, 1, 10), ends_on=date(2026, 2, 8))  # 30 days, course 2
    SessionFactory.build(
        group=group, starts_on=date(2026, 11, 2), ends_on=date(2026, 12, 11), timetable_approved_on=None
    ).full_clean()
    last_years = SessionFactory.build(
        group=group, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 1), timetable_approved_on=None
    )
    assert "course 2" in refused_fields(last_years)["ends_on"][0]


# CO-R4 (4.11) --------------------------------------------------------------------------------------
def lines(group, count, attestation, **discipline):
    for _ in range(count):
        line = CurriculumLineFactory.build(
            group=group, discipline=DisciplineFactory(**discipline), attestation=attestation, teacher=None
        )
        line.full_clean()
        line.save()


def test_co_r4_the_ninth_exam_of_a_year_is_refused():
    group = GroupFactory()
    lines(group, 7, "exam")
    lines(group, 1, "complex_exam")
    with pytest.raises(ValidationError) as error:
        lines(group, 1, "exam")
    assert "at most 8 exams" in str(error.value) and "exam 9" in str(error.value)
    lines(GroupFactory(), 1, "exam")


def test_co_r4_the_eleventh_credit_is_refused_physical_education_not_counted():
    group = GroupFactory()
    lines(group, 2, "credit", physical_education=True)
    lines(group, 6, "credit")
    lines(group, 4, "differentiated_credit")
    with pytest.raises(ValidationError) as error:
        lines(group, 1, "credit")
    assert "at most 10 credits" in str(error.value)


# CO-R5 (4.11, 6.18) --------------------------------------------------------------------------------
def test_co_r5_a_correspondence_student_with_an_unpassed_work_is_not_admitted():
    line = CurriculumLineFactory(home_control_works=1)
    student = StudentFactory(group=line.group)
    work = new_work(student=student, discipline=line.discipline, registered_on=REGISTERED, result="failed")
    assert student.admission(line.discipline) == [f"0 of 1 home control works in “{line.discipline}” passed"]
    result = ResultFactory.build(student=student, discipline=line.discipline)
    assert "not admitted" in refused_fields(result)["grade"][0]
    result.grade = "not_admitted"
    result.full_clean()
    new_work(student=student, discipline=line.discipline, redo_of=work, registered_on=REGISTERED, result="passed")
    assert student.admission(line.discipline) == [], "the redo passed for the first work"
    ResultFactory.build(student=student, discipline=line.discipline).full_clean()


def test_co_r5_an_evening_student_needs_no_home_control_works():
    line = CurriculumLineFactory(group=GroupFactory(form="evening"), home_control_works=1)
    student = StudentFactory(group=line.group)
    assert student.admission(line.discipline) == []


def test_a_credit_takes_a_credits_mark():
    result = ResultFactory.build(student=StudentFactory(), discipline=DisciplineFactory(), kind="credit", grade="5")
    assert "grade" in refused_fields(result)
