"""`make run`'s home-schooling demo: the school's administrator and their cases, loaded once."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from core.demo import create_demo_accounts
from homeschool.demo import load_demo_records
from homeschool.models import HomeSchoolingCase

pytestmark = pytest.mark.django_db


def test_the_demo_administrator_sees_the_schools_cases_in_russian():
    create_demo_accounts()
    assert load_demo_records() is True
    assert load_demo_records() is False, "a second run creates nothing"
    admin = get_user_model().objects.get(username="vtagil-admin")
    cases = HomeSchoolingCase.objects.for_user(admin)
    assert sorted(cases.values_list("status", flat=True)) == ["organised", "renewed", "submitted"]
    organised = cases.get(status="organised")
    assert organised.curriculum.approved_on, "the demo curriculum matches the order's load (HS-R5)"
    assert organised.schedule.entries.count() == 6 and organised.schedule.approved_on
    # Issue 20: last year's case was promoted and renewed; this term's journal holds held and cancelled lessons.
    assert organised.renews.promotion.decision == "promoted" and organised.renews.marks.exists()
    statuses = set(organised.lessons.values_list("status", flat=True))
    assert statuses == {"held", "cancelled"} and organised.marks.exists()
    assert organised.institution.homeschool_schoolcalendar_set.count() == 2
    assert UserProfile.get_for_user(admin).preferred_language == "ru"
    assert UserProfile.get_for_user(get_user_model().objects.get(username="gent-admin")).preferred_language != "ru"
