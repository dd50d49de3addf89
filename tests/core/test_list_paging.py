"""Issue 15.6: a records list counts once, and no further than needed; its pages read by key."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core.list_paging import estimated_count, list_count, sorted_matches
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory, LoanFactory
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

URL = "/admin/testdomain/loan/"
BORROWERS = ["Vos", "Aerts", "Maes", "Claes", "Peeters", "Baert", "Dierckx"]


@pytest.fixture
def admin_client(client):
    ours = InstitutionFactory(code="ours")
    book = BookFactory(institution=ours, code="b1")
    for borrower in BORROWERS:
        LoanFactory(institution=ours, book=book, borrower=borrower)
    client.force_login(UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours))
    return client


def shown(response):
    return [loan.borrower for loan in response.context["object_list"]]


def test_the_list_counts_once_and_only_as_far_as_it_must(admin_client):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(URL)
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1 and "LIMIT" in counts[0].upper(), counts
    assert response.context["paginator"].count == len(BORROWERS)
    assert "7 loans" in response.content.decode() or "7" in response.context["paginator"].items_count_label


@pytest.mark.parametrize("per_page", [2, 3])
def test_pages_read_by_key_hold_the_rows_an_offset_gives_in_the_same_order(admin_client, monkeypatch, per_page):
    from core.admin import record_admin_for

    monkeypatch.setattr(record_admin_for(Loan), "list_per_page", per_page)
    pages = [shown(admin_client.get(URL, {"p": number, "o": "1"})) for number in range(1, 5)]
    walked = [borrower for page in pages for borrower in page]
    assert walked[: len(BORROWERS)] == sorted(BORROWERS)
    assert len(pages[0]) == per_page


def test_a_search_finds_its_matches_in_the_lists_order(admin_client):
    response = admin_client.get(URL, {"q": "e", "o": "1"})
    assert shown(response) == sorted(name for name in BORROWERS if "e" in name.lower())
    descending = admin_client.get(URL, {"q": "e", "o": "-1"})
    assert shown(descending) == sorted((name for name in BORROWERS if "e" in name.lower()), reverse=True)


def test_sorted_matches_keep_every_order_field():
    ordering = sorted_matches(Loan.objects.order_by("-borrower", "lent_on", "-pk")).query.order_by
    assert len(ordering) == 3 and ordering[1:] == ("lent_on", "-pk")
    assert ordering[0].descending


@override_settings(LIST_EXACT_COUNT=3)
def test_past_the_exact_limit_the_count_is_an_estimate_on_postgresql(admin_client):
    count, estimated = list_count(Loan.objects.all())
    if connection.vendor == "postgresql":
        assert estimated and count > 3 and estimated_count(Loan.objects.all()) is not None
        assert "about" in admin_client.get(URL).context["paginator"].items_count_label
    else:  # SQLite gives no estimate: the list counts exactly
        assert (count, estimated) == (len(BORROWERS), False)
        assert estimated_count(Loan.objects.all()) is None
