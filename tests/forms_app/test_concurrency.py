"""P-F2 under load: many applicants submitting at the same moment get unique, gap-free numbers."""

import pytest
from django.db import connection

from forms_app.models import Submission
from studysupport.models import Pupil
from tests.forms_app.conftest import registration_data
from tests.forms_app.test_abuse import run_in_threads

THREADS = 16


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_unique_gap_free_numbers(registration_page_committed):
    """P-F2: the counter row is locked, so sixteen submissions at once get the numbers 1 to 16."""
    url = registration_page_committed.url
    statuses = run_in_threads(
        lambda client: client.post(url, registration_data(last_name=f"Gelijktijdig-{id(client)}")).status_code,
        THREADS,
    )
    assert statuses == [302] * THREADS
    references = sorted(Submission.objects.values_list("reference", flat=True))
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert len(set(references)) == THREADS  # no duplicate
    assert numbers == list(range(1, THREADS + 1))  # no gap
    assert Pupil.objects.filter(last_name__startswith="Gelijktijdig-").count() == THREADS
