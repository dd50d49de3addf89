"""`make run`'s recognition demo: the university's administrator and an application in each state."""

import pytest
from django.contrib.auth import get_user_model

from core.deadlines import deadlines_for
from core.demo import create_demo_accounts
from recognition.demo import load_demo_records
from recognition.models import RecognitionApplication

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_application_in_each_state_and_loads_once():
    create_demo_accounts()
    assert load_demo_records() is True
    admin = get_user_model().objects.get(username="metinvest-admin")
    applications = RecognitionApplication.objects.for_user(admin)
    assert set(applications.values_list("status", flat=True)) == set(RecognitionApplication.Status.values)
    assert applications.get(status="credited").credited.ects_grade == "A"
    assert all(application.history.exists() for application in applications)
    overdue, due_soon = deadlines_for(admin)
    assert overdue and due_soon, "the dashboard's deadlines panel shows RC-R6 at work"
    count = applications.count()
    assert load_demo_records() is False, "a second run creates nothing"
    assert applications.count() == count
