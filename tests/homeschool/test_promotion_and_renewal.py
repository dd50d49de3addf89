"""HS-R9 (clauses 2.17-2.18, 3.1): marks per period and the promotion decision, which alone decides
the class of the renewal; HS-R10 (clause 2.7): an honest renewal."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from homeschool.lifecycle import run_daily
from homeschool.models import HomeSchoolingCase
from tests.homeschool.factories import (
    CalendarFactory,
    CaseFactory,
    ContractFactory,
    MarkFactory,
    PromotionFactory,
)

pytestmark = pytest.mark.django_db


def organised(**fields):
    return CaseFactory(status=HomeSchoolingCase.Status.ORGANISED, documents_received_on=date(2026, 8, 26), **fields)


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


# HS-R9 ----------------------------------------------------------------------------------------
def test_hs_r9_no_decision_no_renewal():
    case = organised()
    assert "clause 3.1" in str(case.renewal_needs()[0].message)
    with pytest.raises(ValidationError, match="clause 3.1"):
        case.renew()
    assert not case.renewals.exists()


@pytest.mark.parametrize(
    ("decision", "renewed_into"), [("promoted", "6 Б"), ("conditional", "6 Б"), ("not_promoted", "5 Б")]
)
def test_hs_r9_the_decision_gives_the_class_of_the_renewal(decision, renewed_into):
    case = organised()
    PromotionFactory(case=case, decision=decision)
    assert case.renew().class_name == renewed_into


def test_hs_r9_a_graduate_does_not_renew_and_only_the_9th_or_11th_graduates():
    case = organised(class_name="9 А")
    PromotionFactory(case=case, decision="graduated")
    with pytest.raises(ValidationError, match="clause 2.18"):
        case.renew()
    fifth = PromotionFactory.build(institution=case.institution, case=organised(), decision="graduated")
    assert "clause 2.23" in errors_of(fifth)["decision"][0]


def test_hs_r9_the_decision_is_in_the_cases_history():
    case = organised()
    PromotionFactory(case=case, decision="not_promoted", council_protocol="12")
    assert case.history.first().history_change_reason == "Решение о переводе: Не переведён (протокол № 12, п. 3.1)"


def test_hs_r9_marks_follow_the_calendars_division_of_the_year():
    case = organised()
    CalendarFactory(division="half_years")
    quarter = MarkFactory.build(institution=case.institution, case=case, period="q1")
    assert errors_of(quarter)["period"]
    MarkFactory.build(institution=case.institution, case=case, period="h1").full_clean()
    MarkFactory.build(institution=case.institution, case=case, period="year").full_clean()


# HS-R10 ---------------------------------------------------------------------------------------
def renewal_of(case):
    PromotionFactory(case=case)
    return case.renew()


def test_hs_r10_documents_complete_needs_the_new_application_and_medical_conclusion():
    renewal = renewal_of(organised(applied_on=date(2026, 8, 25)))
    renewal.applied_on = date(2026, 8, 25)
    renewal.save()
    lacks = [str(need.message) for need in renewal.documents_needs()]
    assert len(lacks) == 2 and all("clause 2.7" in lack for lack in lacks)
    with pytest.raises(ValidationError):
        renewal.mark_documents_complete()
    renewal.applied_on, renewal.medical_conclusion = date(2027, 8, 20), "Справка ВК № 301 от 19.08.2027"
    renewal.save()
    assert len(renewal.documents_needs()) == 1, "the new application's signed original is not in yet"
    renewal.original_received_on, renewal.acknowledged = date(2027, 8, 20), True
    renewal.save()
    renewal.mark_documents_complete()
    assert renewal.documents_received_on is not None


def test_hs_r10_a_new_scan_of_the_conclusion_counts_as_new():
    renewal = renewal_of(organised())
    renewal.applied_on, renewal.original_received_on, renewal.acknowledged = date(2027, 8, 20), date(2027, 8, 20), True
    renewal.medical_document.save("vk-2027.pdf", ContentFile(b"%PDF-1.4 new"), save=True)
    assert renewal.documents_needs() == []


def test_hs_r10_an_online_reapplication_linked_by_staff_is_the_renewal_the_daily_run_sees():
    case = organised()
    ContractFactory(case=case, term_end=date(2027, 5, 31))
    online = CaseFactory(
        child_name=case.child_name,
        class_name="6 Б",
        period_start=date(2027, 9, 1),
        period_end=date(2028, 5, 31),
        applied_on=date(2027, 5, 20),
        medical_conclusion="Справка ВК № 301",
    )
    online.renews = case
    online.full_clean()
    online.save()
    online.mark_documents_complete()
    assert run_daily(date(2027, 6, 1)).renewed == 1
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.RENEWED


def test_hs_r10_a_link_to_another_childs_case_is_refused():
    case = organised()
    other = CaseFactory(child_name="Другой Ребёнок", period_start=date(2027, 9, 1), period_end=date(2028, 5, 31))
    other.renews = case
    assert "clause 2.7" in errors_of(other)["renews"][0]


def test_hs_r10_a_prolongation_within_the_year_keeps_the_class():
    case = organised(period_end=date(2026, 12, 31))
    prolongation = case.prolong()
    assert prolongation.class_name == "5 Б" and prolongation.renews == case
    assert (prolongation.period_start, prolongation.period_end) == (date(2027, 1, 1), date(2027, 8, 31))
    full_year = organised(period_end=date(2027, 8, 31))
    with pytest.raises(ValidationError, match="clause 2.7"):
        full_year.prolong()
