"""The points table without the demo (issue 14): a school running the portfolio gets the
Regulation's table (Appendix 2) whenever it is stored, by the seed, the admin or an import, once."""

import json

import pytest

from cms.seed import load_seed_content
from core.models import Institution
from portfolio.models import PointsRow
from portfolio.points_table import DEFAULT_ROWS

pytestmark = pytest.mark.django_db


def test_the_seed_creates_a_school_with_its_points_table_once(tmp_path):
    """load_seed_content as on a production database without the demo: the school is new."""
    school = {"code": "emishevo-copy", "name": "МОУ Емишевская ОШ", "country": "RU", "language": "ru"}
    (tmp_path / "content").mkdir()
    (tmp_path / "institutions.json").write_text(json.dumps([{**school, "domains": ["portfolio"]}]))
    load_seed_content(fixtures_dir=tmp_path)
    created = Institution.objects.get(code="emishevo-copy")
    assert PointsRow.objects.filter(institution=created).count() == len(DEFAULT_ROWS)
    load_seed_content(fixtures_dir=tmp_path)
    created.save()
    assert PointsRow.objects.filter(institution=created).count() == len(DEFAULT_ROWS), "loaded once"


def test_the_test_database_school_has_the_table_from_the_seed():
    assert PointsRow.objects.filter(institution__code="emishevo-school").count() == len(DEFAULT_ROWS)


def test_a_school_given_the_portfolio_later_gets_the_table_and_an_edited_table_stays():
    school = Institution.objects.create(code="new-school", name="Новая школа", country="RU", language="ru")
    assert not PointsRow.objects.filter(institution=school).exists()
    school.domains = ["portfolio"]
    school.save()
    assert PointsRow.objects.filter(institution=school).count() == len(DEFAULT_ROWS)
    PointsRow.objects.filter(institution=school).first().delete()
    school.save()
    assert PointsRow.objects.filter(institution=school).count() == len(DEFAULT_ROWS) - 1, "the school's edits stay"
