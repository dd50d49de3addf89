"""P-F2: reference numbers per series and year, unique and gap-free."""

import pytest
from django.db import transaction

from core.models import ReferenceCounter
from core.references import next_in_sequence, next_reference


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


@pytest.mark.django_db
def test_a_journal_numbers_its_own_entries_per_owner_and_gives_back_a_rolled_back_number():
    """``next_in_sequence``: a journal kept in its entries (a book's loans standing in)."""
    from tests.testdomain.factories import BookFactory, LoanFactory
    from tests.testdomain.models import Loan

    first, second = BookFactory(), BookFactory()
    loan = LoanFactory(book=first, institution=first.institution)
    with transaction.atomic():
        assert next_in_sequence(first, Loan.objects.filter(book=first), "pk") == loan.pk + 1
        assert next_in_sequence(second, Loan.objects.filter(book=second), "pk") == 1
    with pytest.raises(ValueError), transaction.atomic():
        LoanFactory(book=first, institution=first.institution)
        raise ValueError("a rule refused the entry")
    with transaction.atomic():
        assert next_in_sequence(first, Loan.objects.filter(book=first), "pk") == loan.pk + 1
