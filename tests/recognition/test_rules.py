"""RC-R1..RC-R8 (spec ``recognition.md``, source ``seeds/003``): each rule refuses what it must."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from recognition import models
from recognition.models import Decision, GradeScale, Inquiry, RecognitionApplication, Validation
from recognition.rules import decide_by, ects_grade
from tests.factories import put_in_state
from tests.recognition.factories import (
    ApplicationFactory,
    DecisionFactory,
    DisciplineFactory,
    DocumentFactory,
    MemberFactory,
    ProgrammeFactory,
    StudentFactory,
    university,
)

pytestmark = pytest.mark.django_db


def application_for(student, credits, **discipline):
    return ApplicationFactory(
        student=student, discipline=DisciplineFactory(programme=student.programme, credits=credits, **discipline)
    )


def recognise(application, points=90):
    """A decision recognising the whole discipline, through the model's rules (factories skip them)."""
    decision = DecisionFactory.build(application=application, outcome="semester_control", points=points)
    decision.full_clean()
    decision.save()
    return decision


@pytest.mark.parametrize("component", ["course_work", "course_project", "diploma_project"])
def test_rc_r1_no_course_works_course_projects_or_diploma_projects(component):
    application = ApplicationFactory.build(discipline=DisciplineFactory(component=component))
    application.student = StudentFactory(programme=application.discipline.programme)
    with pytest.raises(ValidationError) as refused:
        application.full_clean()
    assert "clause 2.5" in str(refused.value.message_dict["discipline"])
    application.discipline.component = "discipline"
    application.full_clean()


def test_rc_r2_cap_is_25_percent_of_the_programme():
    """240 credits: 60 may be recognised, not 60.5."""
    student = StudentFactory(programme=ProgrammeFactory(credits=Decimal("240"), field_of_knowledge="15"))
    recognise(application_for(student, Decimal("55")))
    recognise(application_for(student, Decimal("5")))  # exactly 25 %
    assert student.recognised_credits() == Decimal("60")
    over = application_for(student, Decimal("0.5"))
    with pytest.raises(ValidationError) as refused:
        DecisionFactory.build(application=over, outcome="semester_control", points=90).full_clean()
    message = str(refused.value)
    assert "60,5" in message and "240" in message and "60" in message and "25 %" in message


def test_rc_r2_cap_is_35_percent_in_information_technologies():
    student = StudentFactory(programme=ProgrammeFactory(credits=Decimal("240"), field_of_knowledge="12"))
    recognise(application_for(student, Decimal("84")))  # 35 %
    with pytest.raises(ValidationError) as refused:
        recognise(application_for(student, Decimal("1")))
    assert "85" in str(refused.value) and "35 %" in str(refused.value)


def test_rc_r2_counts_credits_of_partial_decisions_and_validations_too():
    student = StudentFactory(programme=ProgrammeFactory(credits=Decimal("20")))  # cap 5
    application = application_for(student, Decimal("4"))
    decision = DecisionFactory(application=application, outcome="validation", points=None, assessment_form="тест")
    validation = Validation(
        institution=application.institution,
        application=application,
        assessment_form="тест",
        result="recognised",
        points=80,
        assessed_on=date(2026, 11, 1),
    )
    validation.full_clean()
    validation.save()
    assert decision.application.recognised_credits() == Decimal("4")
    with pytest.raises(ValidationError, match="over the cap"):
        recognise(application_for(student, Decimal("1.5")))


def test_rc_r2_credit_step_refuses_over_the_cap():
    student = StudentFactory(programme=ProgrammeFactory(credits=Decimal("20")))
    application = application_for(student, Decimal("5"))
    recognise(application)
    put_in_state(application, status="recognised")
    application.credit()
    assert application.credited.credits == Decimal("5") and application.credited.ects_grade == "A"
    other = application_for(student, Decimal("1"))
    DecisionFactory.build(application=other, outcome="not_recognised", reasons="—").full_clean()
    with pytest.raises(ValidationError, match="over the cap"):
        recognise(other)


@pytest.mark.parametrize("issued_in", ["occupied", "aggressor"])
def test_rc_r3_documents_from_occupied_territory_or_an_aggressor_state_are_not_considered(issued_in):
    document = DocumentFactory(issued_in=issued_in)
    document.full_clean()
    document.save()
    assert "пункт 2.1 Положення" in document.excluded_reason  # in the university's language
    assert document not in document.application.considered_documents()
    kept = DocumentFactory(application=document.application, issued_in="other_state")
    kept.full_clean()
    assert kept.excluded_reason == ""
    assert list(document.application.considered_documents()) == [kept]


def test_rc_r4_outcomes_of_regulated_professions_are_not_recognised():
    student = StudentFactory()
    application = ApplicationFactory.build(
        student=student, discipline=DisciplineFactory(programme=student.programme, professional_standard=True)
    )
    with pytest.raises(ValidationError) as refused:
        application.full_clean()
    assert "clause 2.2" in str(refused.value.message_dict["discipline"])


def english_programme():
    programme = ProgrammeFactory()
    english = [
        DisciplineFactory(programme=programme, english=True, semester=semester, credits=Decimal("3"))
        for semester in (1, 2, 3, 4)
    ]
    return programme, english


def test_rc_r5_a_b2_certificate_credits_english_of_every_bachelor_semester_with_the_maximum_grade():
    programme, english = english_programme()
    student = StudentFactory(programme=programme)
    application = ApplicationFactory(student=student, discipline=english[1])
    put_in_state(application, status="commission")
    DocumentFactory(application=application, title="Сертифікат курсу")
    assert not english_recognisable(application)  # no English certificate yet
    DocumentFactory(application=application, english_level="B2", title="IELTS 6.5")
    assert english_recognisable(application)
    application.recognise_english()
    decisions = Decision.objects.filter(application__student=student)
    assert sorted(decision.application.discipline.semester for decision in decisions) == [1, 2, 3, 4]
    assert {decision.points for decision in decisions} == {100}
    assert {decision.ects_grade() for decision in decisions} == {"A"}
    assert set(student.applications.values_list("status", flat=True)) == {"recognised"}


def test_rc_r5_not_for_a_certificate_from_occupied_territory_or_a_master():
    programme, english = english_programme()
    application = ApplicationFactory(student=StudentFactory(programme=programme), discipline=english[0])
    put_in_state(application, status="commission")
    document = DocumentFactory(application=application, english_level="C1", issued_in="aggressor")
    document.full_clean()
    document.save()
    assert not english_recognisable(application)
    put_in_state(document, excluded_reason="")
    programme.level = "master"
    programme.save()
    application.student.refresh_from_db()
    assert not english_recognisable(application)


# RC-R6 ------------------------------------------------------------------------------------------
def test_rc_r6_ten_working_days_skip_weekends():
    assert decide_by(date(2026, 10, 5), [], "UA") == date(2026, 10, 19)  # Monday → Monday two weeks on


def test_rc_r6_a_public_holiday_does_not_count():
    """Independence Day (24 August 2021) and its bridge day (23 August) lie in the window.
    (Under martial law, since 2022, the calendar has no days off: the holidays library agrees.)"""
    assert decide_by(date(2021, 8, 16), [], "UA") == date(2021, 9, 1)
    assert decide_by(date(2021, 8, 2), [], "UA") == date(2021, 8, 16)  # no holiday: two weeks


def test_rc_r6_days_with_an_open_inquiry_do_not_count():
    application = ApplicationFactory()
    put_in_state(application, status="registered", registered_on=date(2026, 10, 5))
    assert application.decide_by() == date(2026, 10, 19)
    inquiry = Inquiry.objects.create(
        institution=application.institution, application=application, addressee="Prometheus", sent_on=date(2026, 10, 7)
    )
    assert application.decide_by() is None  # the term waits for the answer
    inquiry.answered_on = date(2026, 10, 12)  # Wed 7 – Fri 9 paused: three working days
    inquiry.save()
    assert application.decide_by() == date(2026, 10, 22)


def test_rc_r6_the_department_decides_only_after_the_answers():
    application = ApplicationFactory(department_protocol_number="3", department_protocol_date=date(2026, 10, 9))
    put_in_state(application, status="sufficient", registered_on=date(2026, 10, 5))
    inquiry = Inquiry.objects.create(
        institution=application.institution, application=application, addressee="Prometheus", sent_on=date(2026, 10, 7)
    )
    with pytest.raises(ValidationError, match="not answered yet"):
        application.proceed()
    inquiry.answered_on = date(2026, 10, 8)
    inquiry.save()
    application.proceed()
    assert application.status == RecognitionApplication.Status.COMMISSION


# RC-R7 ------------------------------------------------------------------------------------------
def test_rc_r7_default_scale():
    institution = university()
    on = date(2026, 10, 1)
    assert [ects_grade(institution, points, on) for points in (100, 90, 89, 74, 64, 60, 59, 35, 34, 0)] == [
        "A", "A", "B", "C", "D", "E", "FX", "FX", "F", "F",
    ]  # fmt: skip


def test_rc_r7_the_university_edits_the_table():
    institution = university()
    for letter, low, high in (("A", 95, 100), ("B", 85, 94), ("C", 75, 84), ("D", 65, 74), ("E", 60, 64)):
        GradeScale.objects.create(
            institution=institution, letter=letter, min_points=low, max_points=high, valid_from=date(2027, 1, 1)
        )
    assert ects_grade(institution, 92, date(2026, 12, 31)) == "A"  # the default, before the new table
    assert ects_grade(institution, 92, date(2027, 1, 10)) == "B"
    decision = DecisionFactory(decided_on=date(2027, 1, 10), points=94)
    assert decision.ects_grade() == "B"


def test_rc_r7_rows_valid_at_the_same_time_do_not_overlap():
    institution = university()
    GradeScale.objects.create(
        institution=institution, letter="A", min_points=90, max_points=100, valid_from=date(2027, 1, 1)
    )
    clash = GradeScale(institution=institution, letter="B", min_points=80, max_points=90, valid_from=date(2027, 2, 1))
    with pytest.raises(ValidationError, match="overlap"):
        clash.full_clean()
    clash.max_points = 89
    clash.full_clean()


def test_rc_r7_a_failing_grade_is_not_recognised():
    with pytest.raises(ValidationError, match="FX"):
        DecisionFactory.build(application=ApplicationFactory(), points=55).full_clean()


# RC-R8 ------------------------------------------------------------------------------------------
def test_rc_r8_a_member_with_a_declared_conflict_cannot_sign():
    member = MemberFactory(conflict_of_interest=True, conflict_note="Керівник курсу заявника")
    with pytest.raises(ValidationError, match="conflict of interest and cannot sign"):
        member.sign()
    member.refresh_from_db()
    assert member.signed_on is None
    member.conflict_of_interest = False
    member.save()
    member.sign()
    assert member.signed_on == member.institution.today()


def test_rc_r8_a_signed_member_cannot_then_declare_a_conflict():
    member = MemberFactory(signed_on=date(2026, 10, 20))
    member.conflict_of_interest, member.conflict_note = True, "Родич"
    with pytest.raises(ValidationError, match="cannot sign"):
        member.full_clean()


def test_the_decision_waits_for_every_signature():
    application = ApplicationFactory()
    put_in_state(application, status="commission")
    recognise(application)
    chair = MemberFactory(application=application, role="head", chairs=True)
    conflicted = MemberFactory(application=application, conflict_of_interest=True, conflict_note="Родич")
    chair.sign()
    with pytest.raises(ValidationError, match=conflicted.full_name):
        application.decide()
    conflicted.delete()  # replaced on the commission (2.17)
    application.decide()
    assert application.status == RecognitionApplication.Status.RECOGNISED


# Clauses 2.13, 2.16 -----------------------------------------------------------------------------
def test_a_scientific_supervisor_sits_on_the_third_level_only():
    member = MemberFactory.build(application=ApplicationFactory(), role="supervisor")
    with pytest.raises(ValidationError, match="third level"):
        member.full_clean()
    member.application.student.programme.level = "doctor"
    member.full_clean()


def test_a_module_handed_to_the_teacher_has_the_three_outcomes_of_2_16():
    discipline = DisciplineFactory()
    module = discipline.modules.create(institution=discipline.institution, code="m1", name="Тема 1", points=20)
    application = ApplicationFactory(
        student=StudentFactory(programme=discipline.programme),
        discipline=discipline,
        variant="module",
        module=module,
        handed_to_teacher=True,
    )
    with pytest.raises(ValidationError, match="clause 2.16"):
        DecisionFactory.build(application=application, outcome="semester_control").full_clean()
    DecisionFactory.build(application=application, outcome="current_control", points=None).full_clean()
    whole = ApplicationFactory.build(student=application.student, discipline=discipline, handed_to_teacher=True)
    with pytest.raises(ValidationError, match="clause 2.16"):
        whole.full_clean()


def english_recognisable(application):
    """RC-R5's step is open for ``application`` (the query the admin's button reads)."""
    return type(application).objects.filter(models.english_recognisable(), pk=application.pk).exists()
