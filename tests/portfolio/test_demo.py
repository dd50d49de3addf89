"""`make run`'s portfolio demo: the school's accounts, its points table and portfolios, loaded once."""

import pytest
from django.contrib.auth import get_user_model

from core.demo import create_demo_accounts
from portfolio.demo import load_demo_records
from portfolio.models import Achievement, AnnualRating, ClassSummarySheet, HalfYearScore, PointsRow, Pupil
from portfolio.points_table import DEFAULT_ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    create_demo_accounts()
    assert load_demo_records() is True
    return get_user_model().objects.get(username="emishevo-teacher")


def test_the_demo_loads_once():
    create_demo_accounts()
    assert load_demo_records() is True
    counts = [model.objects.count() for model in (Pupil, Achievement, HalfYearScore, PointsRow)]
    assert load_demo_records() is False, "a second run creates nothing"
    assert [model.objects.count() for model in (Pupil, Achievement, HalfYearScore, PointsRow)] == counts


def test_the_demo_has_the_regulations_table_and_achievements_in_each_state(demo):
    assert PointsRow.objects.count() == len(DEFAULT_ROWS)
    assert set(Achievement.objects.values_list("status", flat=True)) == {"submitted", "confirmed", "returned"}
    last_year = ClassSummarySheet.objects.get()
    assert last_year.approved_on and len(last_year.rows()) == 3
    leaders = AnnualRating.objects.get().in_school()
    assert leaders[0]["place"] == 1 and leaders[0]["name"] == "", "no names unless the school chooses (3.3.3)"


def test_the_class_teacher_sees_only_their_class_and_the_waiting_achievement(demo):
    pupils = Pupil.objects.for_user(demo)
    assert {pupil.school_class.name for pupil in pupils} == {"5 А"}
    waiting = Achievement.objects.for_user(demo).filter(status="submitted")
    assert [achievement.pupil.last_name for achievement in waiting] == ["Попова"]
