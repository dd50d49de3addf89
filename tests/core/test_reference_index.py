"""Issue 15.8: records stay out of Wagtail's reference index on purpose (core.models.InstitutionRecord),
so a bulk import leaves no index behind it: the index holds no record, written one by one or in bulk."""

import pytest
from django.apps import apps
from wagtail.models import ReferenceIndex

from core.exchange import run_import
from core.models import InstitutionRecord
from tests.factories import InstitutionFactory
from tests.testdomain.factories import BookFactory, LoanFactory

pytestmark = pytest.mark.django_db


def test_no_record_model_is_in_the_reference_index():
    records = [model for model in apps.get_models() if issubclass(model, InstitutionRecord)]
    assert records and not [model for model in records if ReferenceIndex.is_indexed(model)]


def test_neither_a_save_nor_a_bulk_import_writes_index_rows():
    ours = InstitutionFactory(code="ours")
    BookFactory(institution=ours, code="b1")
    before = ReferenceIndex.objects.count()
    LoanFactory(institution=ours, book=BookFactory(institution=ours, code="b2"))
    csv = b"institution;book;borrower;email;lent_on\nours;b1;Lina;;01.09.2026\n"
    assert run_import("testdomain.Loan", csv, "uitleningen.csv").applied
    assert ReferenceIndex.objects.count() == before
