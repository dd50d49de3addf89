"""HS-R4 (clauses 2.7, 2.8): one click renews an organised case for the next school year; the
renewal counts only once the parent's new documents are in."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from wagtail.users.models import UserProfile

from core.roles import INSTITUTION_ADMINISTRATOR
from homeschool import models, rules
from homeschool.lifecycle import run_daily
from homeschool.models import HomeSchoolingCase
from tests.factories import UserFactory
from tests.homeschool.factories import CaseFactory, ContractFactory, PromotionFactory, school_8

pytestmark = pytest.mark.django_db
RENEW_URL = "/admin/homeschool/homeschoolingcase/workflow/{pk}/renew/"


def organised(decision="promoted", **fields):
    """An organised case whose year ended with ``decision`` (HS-R9: none, no renewal)."""
    case = CaseFactory(status=HomeSchoolingCase.Status.ORGANISED, documents_received_on=date(2026, 8, 26), **fields)
    if decision:
        PromotionFactory(case=case, decision=decision)
    return case


def renewable(case):
    return HomeSchoolingCase.objects.filter(models.renewable(), pk=case.pk).exists()


def test_hs_r4_the_renewal_is_the_same_pupil_in_the_next_class_for_the_next_school_year():
    case = organised(programme="adapted", pmpk_conclusion_date=date(2026, 5, 12), pmpk_conclusion_number="№ 341")
    renewal = case.renew()
    assert renewal.renews == case and renewal.reference != case.reference
    assert (renewal.child_name, renewal.applicant_email) == (case.child_name, case.applicant_email)
    assert (renewal.class_name, renewal.education_level) == ("6 Б", "basic")
    assert (renewal.period_start, renewal.period_end) == (date(2027, 9, 1), date(2028, 8, 31))
    assert renewal.status == HomeSchoolingCase.Status.SUBMITTED and renewal.documents_received_on is None
    # 2.7: the ПМПК conclusion holds for the whole level of education.
    assert (renewal.pmpk_conclusion_date, renewal.pmpk_conclusion_number) == (date(2026, 5, 12), "№ 341")
    assert not renewable(case)


def test_hs_r4_a_new_level_of_education_needs_a_new_pmpk_conclusion():
    case = organised(
        class_name="4 А",
        education_level="primary",
        programme="adapted",
        pmpk_conclusion_date=date(2026, 5, 12),
        pmpk_conclusion_number="№ 341",
    )
    renewal = case.renew()
    assert (renewal.education_level, renewal.pmpk_conclusion_number) == ("basic", ""), "2.7: one level only"
    renewal.medical_conclusion, renewal.applied_on = "Справка ВК № 301", date(2027, 8, 20)
    renewal.original_received_on, renewal.acknowledged = date(2027, 8, 20), True
    renewal.save()
    with pytest.raises(ValidationError, match="ПМПК conclusion: its date and number"):
        renewal.mark_documents_complete()


def test_hs_r4_only_an_organised_case_below_the_11th_class_renews():
    assert not renewable(CaseFactory())
    assert not renewable(organised(class_name="11 А", education_level="secondary"))
    assert renewable(organised()) and renewable(organised(class_name="10 Б", education_level="secondary"))


@pytest.mark.parametrize("class_name", ["1 А", "05 Б", "9", "10-В", "10", "11 А", "11", "12 А", "0 А", "", "А 5"])
def test_hs_r4_the_database_and_python_agree_on_the_classes_that_have_a_next_one(class_name):
    """The renewal step's query (RENEWABLE) reads the class as rules.next_class does."""
    case = organised(class_name="5 А")
    HomeSchoolingCase.objects.filter(pk=case.pk).update(class_name=class_name)
    assert renewable(case) == (rules.next_class(class_name) is not None)


def test_hs_r4_a_renewal_waiting_for_its_documents_does_not_count_as_renewed():
    """HS-R4 (2.8): without the new medical conclusion the term ends with the pupil back in class."""
    case = organised()
    ContractFactory(case=case, term_end=date(2027, 5, 31))
    assert case.renew().documents_received_on is None
    report = run_daily(date(2027, 6, 1))
    assert (report.renewed, report.returned_to_class) == (0, 1)
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.RETURNED
    assert [message.to for message in mail.outbox] == [["class-teacher@example.org"]]


def test_hs_r4_a_renewal_waiting_for_its_documents_leaves_the_reminder_due():
    """HS-R4 (2.7): the parent of a renewal still without its documents is reminded to bring them."""
    case = organised()
    ContractFactory(case=case, term_end=date(2027, 5, 31))
    case.renew()
    assert run_daily(date(2027, 5, 20)).reminded == 1
    assert [message.to for message in mail.outbox] == [["parent@example.org"]]

    other = organised()
    ContractFactory(case=other, term_end=date(2027, 5, 31))
    renewal = other.renew()
    renewal.documents_received_on = date(2027, 5, 18)  # test set-up: complete (HS-R10 has its own tests)
    renewal.save()
    assert run_daily(date(2027, 5, 20)).reminded == 0, "a complete renewal needs no reminder"


def test_one_click_in_the_admin_renews_once_with_the_step_in_both_histories(client):
    """HS-R4 as a workflow step of the admin (P-A1), recorded in both cases' history (P-H1)."""
    case = organised()
    admin = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(admin)
    listing = client.get("/admin/homeschool/homeschoolingcase/").content.decode()
    assert RENEW_URL.format(pk=case.pk) in listing and "Продлить на следующий учебный год" in listing

    client.post(RENEW_URL.format(pk=case.pk))
    client.post(RENEW_URL.format(pk=case.pk))  # a second click: the step is no longer open

    renewal = case.renewals.get()
    assert case.history.first().history_change_reason == "Продлить на следующий учебный год"
    assert renewal.history.get().history_change_reason == f"Продление дела {case.reference} (п. 2.7)"
    listing = client.get("/admin/homeschool/homeschoolingcase/").content.decode()
    assert RENEW_URL.format(pk=case.pk) not in listing
