"""HS-R1, HS-R2, HS-R3, HS-R5, HS-R6, HS-R11: each rule refuses what the regulation forbids."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from homeschool import rules
from homeschool.models import CurriculumLine, HomeSchoolingCase
from tests.homeschool.factories import (
    AssignmentFactory,
    CaseFactory,
    ContractFactory,
    CurriculumFactory,
    CurriculumLineFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


# HS-R1 ----------------------------------------------------------------------------------------
def test_hs_r1_a_complete_basic_application_is_valid():
    CaseFactory.build(institution=CaseFactory().institution).full_clean()


def test_hs_r1_an_adapted_programme_needs_the_pmpk_conclusion():
    case = CaseFactory(programme="adapted")
    assert "clause 2.1 of the regulation" in errors_of(case)["pmpk_conclusion_number"][0]
    case.pmpk_conclusion_date, case.pmpk_conclusion_number = date(2026, 5, 12), "№ 341"
    case.full_clean()


def test_hs_r1_the_medical_conclusion_needs_its_period_and_details():
    case = CaseFactory.build(institution=CaseFactory().institution, medical_conclusion="", period_end=None)
    errors = errors_of(case)
    assert any("clause 2.2 of the regulation" in message for message in errors["medical_conclusion"])
    assert any("clause 2.2 of the regulation" in message for message in errors["period_end"])


def test_hs_r1_a_pmpk_conclusion_that_ended_before_the_period_is_refused():
    case = CaseFactory(
        programme="adapted",
        pmpk_conclusion_date=date(2022, 5, 12),
        pmpk_conclusion_number="№ 12",
        pmpk_valid_until=date(2026, 6, 30),
    )
    assert "clause 2.7 of the regulation" in errors_of(case)["pmpk_valid_until"][0]


def test_hs_r1_marking_documents_complete_checks_the_application():
    case = CaseFactory(programme="adapted")
    with pytest.raises(ValidationError):
        case.mark_documents_complete()
    case.refresh_from_db()
    assert case.documents_received_on is None


# HS-R2 ----------------------------------------------------------------------------------------
def test_hs_r2_a_term_within_the_medical_period_and_the_school_year_is_valid():
    ContractFactory().full_clean()


def test_hs_r2_a_medical_period_shorter_than_the_school_year_bounds_the_term():
    case = CaseFactory(period_start=date(2026, 9, 1), period_end=date(2026, 12, 31))
    contract = ContractFactory.build(
        institution=case.institution, case=case, term_start=date(2026, 9, 1), term_end=date(2027, 5, 31)
    )
    assert "clause 2.6 of the regulation" in errors_of(contract)["term_end"][0]
    contract.term_end = date(2026, 12, 31)
    contract.full_clean()


def test_hs_r2_a_term_starting_before_the_medical_period_is_refused():
    case = CaseFactory(period_start=date(2026, 10, 1), period_end=date(2027, 5, 31))
    contract = ContractFactory.build(
        institution=case.institution, case=case, term_start=date(2026, 9, 1), term_end=date(2027, 5, 31)
    )
    assert "clause 2.6 of the regulation" in errors_of(contract)["term_start"][0]
    contract.term_start = date(2026, 10, 1)
    contract.full_clean()


def test_hs_r2_a_contract_never_crosses_31_august():
    case = CaseFactory(period_start=date(2027, 3, 1), period_end=date(2028, 2, 28))
    contract = ContractFactory.build(
        institution=case.institution, case=case, term_start=date(2027, 3, 1), term_end=date(2027, 9, 30)
    )
    message = errors_of(contract)["term_end"][0]
    assert "clause 2.6 of the regulation" in message and "31.08.2027" in message
    contract.term_end = date(2027, 8, 31)
    contract.full_clean()


# HS-R3 ----------------------------------------------------------------------------------------
def test_hs_r3_three_calendar_days_a_holiday_inside_the_window_does_not_count_extra():
    # Received Monday 2 November 2026; 4 November (Unity Day) is a holiday inside the window.
    # Calendar days: Thursday 5 November (working days would give Friday 6 November).
    assert rules.organise_by(date(2026, 11, 2), "RU") == date(2026, 11, 5)


def test_hs_r3_a_window_ending_on_a_day_off_moves_to_the_next_working_day():
    # Received 29 December 2026: the third day is 1 January, inside the New Year holidays
    # (to 8 January) and the weekend after them.
    assert rules.organise_by(date(2026, 12, 29), "RU") == date(2027, 1, 11)
    # A Saturday: the term ends on Monday.
    assert rules.organise_by(date(2026, 11, 11), "RU") == date(2026, 11, 16)


def test_hs_r3_the_case_knows_its_due_date_once_documents_are_complete():
    case = CaseFactory()
    assert case.organise_by() is None
    case.documents_received_on = date(2026, 11, 2)
    assert case.organise_by() == date(2026, 11, 5)
    case.status = HomeSchoolingCase.Status.ORGANISED
    assert case.organise_by() is None, "an organised case is due no more"


# HS-R5 ----------------------------------------------------------------------------------------
def test_hs_r5_totals_are_computed_from_the_lines():
    curriculum = CurriculumFactory()
    CurriculumLineFactory(curriculum=curriculum, hours_with_teacher=Decimal("3"))
    CurriculumLineFactory(
        curriculum=curriculum,
        part=CurriculumLine.Part.CORRECTIONAL,
        subject="Коррекционные занятия с логопедом",
        hours_with_teacher=Decimal("1.5"),
        hours_distance=0,
        hours_self_study=0,
    )
    totals = curriculum.totals()
    assert totals == {
        "with_teacher": Decimal("4.5"),
        "distance": Decimal("1"),
        "self_study": Decimal("1"),
        "total": Decimal("6.5"),
    }
    assert [part["totals"]["total"] for part in curriculum.parts()] == [Decimal("5"), Decimal("1.5")]
    field_names = {field.name for field in type(curriculum)._meta.get_fields()}
    assert not {name for name in field_names if "total" in name}, "totals are never typed"


def test_hs_r5_teacher_hours_must_match_the_orders_load_before_approval():
    curriculum = CurriculumFactory()
    CurriculumLineFactory(curriculum=curriculum, hours_with_teacher=Decimal("3"))
    AssignmentFactory(case=curriculum.case, weekly_hours=Decimal("4"))
    curriculum.record_parent_agreement()
    with pytest.raises(ValidationError) as refused:
        curriculum.approve()
    message = refused.value.message_dict["__all__"][0]
    assert "clause 2.14 of the regulation" in message and "Орлова Татьяна Викторовна" in message
    CurriculumLineFactory(curriculum=curriculum, subject="Геометрия", hours_with_teacher=Decimal("1"))
    curriculum.refresh_from_db()
    curriculum.approve()


def test_hs_r5_teacher_names_compare_without_case_and_spaces():
    curriculum = CurriculumFactory()
    CurriculumLineFactory(curriculum=curriculum, teacher_name="орлова  Татьяна Викторовна ")
    AssignmentFactory(case=curriculum.case, weekly_hours=Decimal("3"))
    assert rules.teacher_hours_mismatches(curriculum) == []


def test_hs_r5_the_orders_load_cannot_change_behind_an_approved_curriculum():
    assignment = AssignmentFactory(weekly_hours=Decimal("3"))
    CurriculumLineFactory(curriculum=CurriculumFactory(case=assignment.case), hours_with_teacher=Decimal("3"))
    assignment.case.curriculum.record_parent_agreement()
    assignment.case.curriculum.approve()
    assignment.weekly_hours = Decimal("4")
    assert "clause 2.15 of the regulation" in errors_of(assignment)["__all__"][0]


def test_an_approved_curriculum_cannot_change():
    """HS-R11 (clause 2.15): the lines of an approved curriculum are locked."""
    curriculum = CurriculumFactory(agreed_on=date(2026, 8, 31), approved_on=date(2026, 9, 1))
    line = CurriculumLineFactory.build(institution=curriculum.institution, curriculum=curriculum)
    assert "2.15" in errors_of(line)["__all__"][0]


# HS-R6 ----------------------------------------------------------------------------------------
def test_hs_r6_early_termination_needs_the_parents_application():
    contract = ContractFactory(ended_on=date(2027, 2, 1))
    assert "clause 2.9 of the regulation" in errors_of(contract)["termination_applied_on"][0]
    contract.termination_applied_on = date(2027, 1, 25)
    contract.full_clean()


def test_hs_r6_the_end_date_lies_within_the_term():
    contract = ContractFactory(termination_applied_on=date(2027, 1, 25), ended_on=date(2027, 7, 1))
    assert "ended_on" in errors_of(contract)


def test_hs_r6_a_contract_ending_before_the_parents_application_is_refused():
    contract = ContractFactory(termination_applied_on=date(2027, 2, 1), ended_on=date(2027, 1, 25))
    assert "clause 2.9 of the regulation" in errors_of(contract)["ended_on"][0]
    contract.ended_on = date(2027, 2, 1)
    contract.full_clean()


# Records of one institution -----------------------------------------------------------------
def test_a_line_cannot_join_another_institutions_record():
    """P-A2: an order's line joins only an order and a case of its own school."""
    from tests.factories import InstitutionFactory

    other = InstitutionFactory(code="other-school", country="RU", language="ru")
    ours = AssignmentFactory()
    foreign_order = AssignmentFactory.build(institution=ours.institution, order=ours.order, case=CaseFactory())
    foreign_order.order = type(ours.order).objects.create(
        institution=other, number="1", issued_on=date(2026, 8, 1), school_year=2026, director_name="Д"
    )
    assert "order" in errors_of(foreign_order)
    foreign_case = AssignmentFactory.build(institution=ours.institution, order=ours.order)
    foreign_case.case = CaseFactory(institution=other)
    assert "case" in errors_of(foreign_case)


def test_cases_get_a_reference_number_from_the_shared_counter():
    """P-F2: the parent's reference number, unique and never given twice."""
    first, second = CaseFactory(), CaseFactory()
    assert (first.reference, second.reference) == ("HS-2026-00001", "HS-2026-00002")
    first.delete()
    assert CaseFactory().reference == "HS-2026-00003", "a number is never given twice"


def test_a_refused_case_gives_its_reference_number_back():
    """P-F2: gap-free, a refused case uses up no number."""
    CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(institution=None)
    assert CaseFactory().reference == "HS-2026-00002"


@pytest.mark.parametrize(
    ("class_name", "level", "next_one"),
    [
        ("1 А", "primary", "2 А"),
        ("4Б", "primary", "5Б"),
        ("5 Б", "basic", "6 Б"),
        ("9 В", "basic", "10 В"),
        ("10 А", "secondary", "11 А"),
        ("11 А", "secondary", None),
        ("12 А", None, None),
        ("пятый", None, None),
        ("", None, None),
    ],
)
def test_the_class_gives_the_level_of_education_and_the_next_class(class_name, level, next_one):
    """The level a class belongs to (Appendix 1 asks the class, not the level) and the class of a
    renewal for the next school year (HS-R4)."""
    assert rules.education_level_of_class(class_name) == level
    assert rules.next_class(class_name) == next_one
