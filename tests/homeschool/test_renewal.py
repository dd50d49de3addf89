"""HS-R4 (clause 2.7): one click renews an organised case for the next school year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.users.models import UserProfile

from core.roles import INSTITUTION_ADMINISTRATOR
from homeschool.models import HomeSchoolingCase
from tests.factories import UserFactory
from tests.homeschool.factories import CaseFactory, school_8

pytestmark = pytest.mark.django_db
RENEW_URL = "/admin/homeschool/homeschoolingcase/workflow/{pk}/renew/"


def organised(**fields):
    return CaseFactory(status=HomeSchoolingCase.Status.ORGANISED, documents_received_on=date(2026, 8, 26), **fields)


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
    assert not case.can_renew()


def test_hs_r4_a_new_level_of_education_needs_a_new_pmpk_conclusion():
    case = organised(
        class_name="4 А",
        education_level="primary",
        programme="adapted",
        pmpk_conclusion_date=date(2026, 5, 12),
        pmpk_conclusion_number="№ 341",
    )
    with pytest.raises(ValidationError, match="HS-R1"):
        case.renew()
    assert not case.renewals.exists()


def test_hs_r4_only_an_organised_case_below_the_11th_class_renews():
    assert not CaseFactory().can_renew()
    assert not organised(class_name="11 А", education_level="secondary").can_renew()
    assert organised().can_renew()


def test_one_click_in_the_admin_renews_once_with_the_step_in_both_histories(client):
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
