"""Issue 11, item 9: the dashboard's inbox and the lists' "Waiting for me" (core.inbox)."""

import re
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.admin import record_admins
from core.inbox import inbox_for
from core.roles import INSTITUTION_ADMINISTRATOR
from core.wagtail_hooks import InboxPanel
from forms_app.models import Submission
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.admin import LoanAdmin
from tests.testdomain.models import Book, Loan

pytestmark = pytest.mark.django_db
LOANS = "/admin/testdomain/loan/"


@pytest.fixture
def library():
    ours, theirs = InstitutionFactory(code="ours-library"), InstitutionFactory(code="theirs-library")
    book = Book.objects.create(institution=ours, code="b1", title="Het Achterhuis")
    their_book = Book.objects.create(institution=theirs, code="b1", title="Max Havelaar")
    Loan.objects.create(institution=theirs, book=their_book, borrower="Elders", lent_on=timezone.localdate())
    return {
        "ours": ours,
        "book": book,
        "admin": UserFactory(username="librarian", role=INSTITUTION_ADMINISTRATOR, institution=ours),
    }


def lend(library, *borrowers):
    today = timezone.localdate()
    return [
        Loan.objects.create(institution=library["ours"], book=library["book"], borrower=name, lent_on=today)
        for name in borrowers
    ]


def apply(record, reference):
    return Submission.objects.create(
        token=uuid.uuid4(),
        reference=reference,
        institution=record.institution,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        language="en",
    )


def test_the_dashboard_shows_waiting_records_per_domain_newest_first_with_counts(client, library):
    first, second, third = lend(library, "Anna", "Bert", "Cas")
    first.give_back()
    client.force_login(library["admin"])
    html = client.get("/admin/").content.decode()
    inbox = html[html.index('id="inbox') :]
    assert "Library loans" in inbox and "Elders" not in inbox, "only the user's institution"
    assert re.search(r"Loans</a>\s*<span[^>]*data-inbox-count>2<", inbox)
    assert inbox.index("Cas") < inbox.index("Bert") and "Anna" not in inbox
    assert f"{LOANS}?waiting=me" in inbox and f"{LOANS}inspect/{third.pk}/" in inbox


def test_new_applications_are_in_the_inbox_newest_first(client, library):
    older, newer = lend(library, "Anna", "Bert")
    apply(older, "LIB-2026-00001")
    apply(newer, "LIB-2026-00002")
    their_loan = Loan.objects.exclude(institution=library["ours"]).get()
    apply(their_loan, "LIB-2026-00003")
    [(label, groups)] = inbox_for(library["admin"])
    applications = groups[0]
    assert (label, applications.count) == ("Library loans", 2)
    assert [str(entry.record) for entry in applications.entries] == ["LIB-2026-00002", "LIB-2026-00001"]
    assert applications.entries[0].url == f"{LOANS}inspect/{newer.pk}/"


def test_a_reader_who_takes_no_steps_has_nothing_waiting(client, library):
    lend(library, "Anna")
    reader = UserFactory(username="reader", institution=library["ours"])
    reader.user_permissions.add(*Permission.objects.filter(codename__in=["view_loan", "access_admin"]))
    assert inbox_for(reader) == []
    client.force_login(reader)
    assert "Anna" in client.get(LOANS).content.decode()
    assert "Anna" not in client.get(f"{LOANS}?waiting=me").content.decode()


def test_the_inbox_costs_the_same_queries_however_many_records_wait(rf, library, django_assert_max_num_queries):
    """No query per record: a superuser's inbox over every domain, with few and with many records."""
    superuser = UserFactory(username="root", is_superuser=True)

    def render_inbox():
        request = rf.get("/admin/")
        request.user = superuser
        with CaptureQueriesContext(connection) as queries:
            InboxPanel(request).render_html()
        return len(queries)

    render_inbox()  # the content types and permissions cached, as on any page after the first
    for loan in lend(library, "Anna", "Bert"):
        apply(loan, f"LIB-{loan.pk}")
    few = render_inbox()
    for loan in lend(library, *(f"Lezer {number}" for number in range(12))):
        apply(loan, f"LIB-{loan.pk}")
    with django_assert_max_num_queries(few):
        assert render_inbox() == few


def test_waiting_for_me_filters_the_list_and_sorts_it(client, library):
    returned, out = lend(library, "Anna", "Bert")
    returned.give_back()
    client.force_login(library["admin"])
    waiting = client.get(f"{LOANS}?waiting=me").content.decode()
    assert "Bert" in waiting and "Anna" not in waiting
    everything = client.get(LOANS).content.decode()
    assert "Waiting for" in everything and "Waiting for me" in everything
    column = len(LoanAdmin.list_display)  # "Waiting for" follows the declared columns
    ascending = client.get(f"{LOANS}?o={column}").content.decode()
    descending = client.get(f"{LOANS}?o=-{column}").content.decode()
    assert ascending.index("Anna") < ascending.index("Bert")
    assert descending.index("Bert") < descending.index("Anna")


def test_every_list_with_waiting_steps_offers_the_filter(admin_client):
    """The filter is declared on every such list: its parameter is never refused as undeclared (400)."""
    with_steps = [admin for admin in record_admins() if any(action.waiting for action in admin.workflow_actions)]
    assert len(with_steps) >= 6
    for model_admin in with_steps:
        response = admin_client.get(f"{model_admin.url_helper.index_url}?waiting=me")
        assert response.status_code == 200, model_admin.model
