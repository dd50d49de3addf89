"""P-F2: reference numbers per series and year, unique and gap-free."""

import pytest
from django.db import transaction

from core.models import ReferenceCounter
from core.references import next_reference


@pytest.mark.django_db
def test_numbers_count_per_series_and_year():
    with transaction.atomic():
        assert next_reference("SS", 2026) == "SS-2026-00001"
        assert next_reference("SS", 2026) == "SS-2026-00002"
        assert next_reference("HS", 2026) == "HS-2026-00001"
        assert next_reference("SS", 2027) == "SS-2027-00001"


@pytest.mark.django_db
def test_a_rolled_back_submission_returns_its_number():
    """P-F2 gap-free: a refused record does not use up a number."""
    with pytest.raises(ValueError), transaction.atomic():
        next_reference("SS", 2026)
        raise ValueError("a rule refused the record")
    with transaction.atomic():
        assert next_reference("SS", 2026) == "SS-2026-00001"
    assert ReferenceCounter.objects.get(series="SS", year=2026).last_number == 1
