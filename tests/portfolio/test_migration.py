"""The school that exists before the portfolio domain gets it, with the Regulation's table, once."""

import importlib

import pytest
from django.apps import apps

from core.models import Institution
from portfolio.models import PointsRow
from portfolio.points_table import DEFAULT_ROWS

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("portfolio.migrations.0002_emishevo_runs_portfolio")


def test_the_migration_makes_the_school_run_the_portfolio_with_its_table():
    Institution.objects.filter(code="emishevo-school").update(domains=[])
    MIGRATION.run_portfolio(apps, None)
    MIGRATION.run_portfolio(apps, None)
    assert Institution.objects.get(code="emishevo-school").domains == ["portfolio"]
    assert PointsRow.objects.filter(institution__code="emishevo-school").count() == len(DEFAULT_ROWS)
