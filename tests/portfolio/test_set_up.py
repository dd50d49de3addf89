"""The points table without the demo (issue 14): the school whose Regulation it is gets the table
(Appendix 2) whenever it is stored without one, created by the seed or saved in the admin, once."""

import json

import pytest

from cms.seed import load_seed_content
from core.models import Institution
from portfolio.models import PointsRow
from portfolio.points_table import DEFAULT_ROWS, SCHOOL

pytestmark = pytest.mark.django_db


def test_the_seed_creates_the_school_with_its_points_table_once(tmp_path):
    """load_seed_content on a production database without the demo: the school is new."""
    Institution.objects.filter(code=SCHOOL).update(code="emishevo-before")  # as if it were not there
    (tmp_path / "content").mkdir()
    (tmp_path / "institutions.json").write_text(
        json.dumps(
            [{"code": SCHOOL, "name": "МОУ Емишевская ОШ", "country": "RU", "language": "ru", "domains": ["portfolio"]}]
        )
    )
    load_seed_content(fixtures_dir=tmp_path)
    school = Institution.objects.get(code=SCHOOL)
    assert PointsRow.objects.filter(institution=school).count() == len(DEFAULT_ROWS)
    load_seed_content(fixtures_dir=tmp_path)
    school.save()
    assert PointsRow.objects.filter(institution=school).count() == len(DEFAULT_ROWS), "loaded once"


def test_the_school_stored_without_a_table_gets_it_and_an_edited_table_stays():
    school = Institution.objects.get(code=SCHOOL)
    PointsRow.objects.filter(institution=school).first().delete()
    school.save()
    assert PointsRow.objects.filter(institution=school).count() == len(DEFAULT_ROWS) - 1, "the school's edit stays"
    PointsRow.objects.filter(institution=school).delete()
    school.save()
    assert PointsRow.objects.filter(institution=school).count() == len(DEFAULT_ROWS)


def test_another_school_running_the_portfolio_enters_its_own_table():
    other = Institution.objects.create(
        code="other-school", name="Школа", country="RU", language="ru", domains=["portfolio"]
    )
    assert not PointsRow.objects.filter(institution=other).exists()
