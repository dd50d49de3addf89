"""P-H2: the global audit log, filterable by user, model, institution and date, scoped and paginated."""

import pytest
from wagtail.users.models import UserProfile

from core.admin import record_admin_for
from core.audit import PER_PAGE
from core.domains import domains
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each
from tests.testdomain.factories import BookFactory, LoanFactory

pytestmark = pytest.mark.django_db

URL = "/admin/audit-log/"


@pytest.fixture
def world():
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    book = BookFactory(institution=ours, title="Ours")
    loan = LoanFactory(institution=ours, book=book, borrower="Lotte")
    foreign = BookFactory(institution=theirs, title="Theirs")
    return {"admin": admin, "ours": ours, "book": book, "loan": loan, "foreign": foreign}


def codes(response):
    return {str(entry["row"].history_object) for entry in response.context["entries"]}


def test_log_merges_every_record_model_of_our_institution_only(client, world):
    client.force_login(world["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    shown = codes(response)
    assert str(world["book"]) in shown and str(world["loan"]) in shown
    assert str(world["foreign"]) not in shown


def test_filters_by_model_user_and_date(client, world):
    loan = world["loan"]
    loan._history_user = world["admin"]
    loan.email = "lotte@example.org"
    loan.save()
    client.force_login(world["admin"])
    by_model = client.get(URL, {"model": "testdomain.book"})
    assert codes(by_model) == {str(world["book"])}
    by_user = client.get(URL, {"user": world["admin"].pk})
    assert [entry["row"].history_type for entry in by_user.context["entries"]] == ["~"]
    assert client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-12-31"}).context["entries"] == []
    labels = {entry["model"] for entry in client.get(URL).context["entries"]}
    assert labels == {"book", "loan"}


def walk(client, link_name, response):
    """The pages reached by following the ``link_name`` ("older" or "newer") links from ``response``."""
    pages = [response]
    while pages[-1].context[link_name]:
        parameter = "before" if link_name == "older" else "after"
        pages.append(client.get(URL, {parameter: pages[-1].context[link_name]}))
    return pages


def test_log_is_paginated_by_key_newest_first_without_losing_a_row_at_equal_times(client, world):
    """Issue 15.9: pages follow by the last row's (time, model, id), never by offset; rows of
    several models at one instant are neither lost nor repeated across a page boundary."""
    from django.utils import timezone

    BookFactory.create_batch(PER_PAGE + 5, institution=world["ours"])
    LoanFactory.create_batch(PER_PAGE, institution=world["ours"], book=world["book"])
    instant = timezone.now()
    for model in (type(world["book"]), type(world["loan"])):
        model.history.all().update(history_date=instant)  # every row at one time: only the key orders them
    client.force_login(world["admin"])
    pages = walk(client, "older", client.get(URL))
    rows = [(entry["model"], entry["row"].history_id) for page in pages for entry in page.context["entries"]]
    ours = {"institution": world["ours"]}
    expected = {("book", pk) for pk in type(world["book"]).history.filter(**ours).values_list("history_id", flat=True)}
    expected |= {("loan", pk) for pk in type(world["loan"]).history.filter(**ours).values_list("history_id", flat=True)}
    assert len(pages) == 3 and [len(page.context["entries"]) for page in pages[:2]] == [PER_PAGE, PER_PAGE]
    assert len(rows) == len(set(rows)) and set(rows) == expected
    back = walk(client, "newer", pages[-1])
    assert [entry["row"].history_id for entry in back[-1].context["entries"]] == [
        entry["row"].history_id for entry in pages[0].context["entries"]
    ], "going back to the newest page shows the first page again"


def test_log_pages_keep_newest_first_across_times(client, world):
    BookFactory.create_batch(PER_PAGE + 5, institution=world["ours"])
    client.force_login(world["admin"])
    pages = walk(client, "older", client.get(URL))
    dates = [entry["row"].history_date for page in pages for entry in page.context["entries"]]
    assert dates == sorted(dates, reverse=True) and len(pages) == 2
    assert client.get(URL, {"before": "not-a-key"}).context["entries"] == pages[0].context["entries"]


def test_only_permitted_users_see_the_log(client, communication_user):
    client.force_login(communication_user)
    assert client.get(URL).status_code == 403


def test_every_models_history_renders_when_the_records_it_links_to_are_deleted(client):
    """Issue 16.4: a history row keeps the ids of records deleted since (history tables have no
    foreign key constraints); the audit log and the record's history still answer, for every model."""
    institution = InstitutionFactory(code="gone-links", domains=[domain.app_label for domain in domains()])
    superuser = UserFactory(username="root", is_superuser=True)
    records = one_record_of_each(institution)
    for model, record in records.items():
        fields = model.history.model._meta.concrete_fields
        links = [field.attname for field in fields if field.many_to_one and not field.db_constraint]
        links.remove("institution_id")
        model.history.filter(id=record.pk).update(**dict.fromkeys(links, 987654))
    client.force_login(superuser)
    for page in range(1, len(records) * 3 // PER_PAGE + 2):
        response = client.get(URL, {"p": page})
        assert response.status_code == 200
    assert "(a record it links to is deleted)" in "".join(
        client.get(URL, {"p": page}).content.decode() for page in range(1, len(records) * 3 // PER_PAGE + 2)
    )
    for model, record in records.items():
        assert client.get(record_admin_for(model).url_helper.get_action_url("history", record.pk)).status_code == 200


def test_change_types_read_in_the_users_language(client, world):
    """Issue 11: the log names each change as a record's history does (core.history.HISTORY_TYPES),
    in the user's language."""
    profile = UserProfile.get_for_user(world["admin"])
    profile.preferred_language = "nl"
    profile.save()
    loan = world["loan"]
    loan.email = "lotte@example.org"
    loan.save()
    client.force_login(world["admin"])
    html = client.get(URL).content.decode()
    assert "<td>Aangemaakt</td>" in html and "<td>Gewijzigd</td>" in html
    assert "Created" not in html and "Changed" not in html


def test_a_page_costs_the_same_queries_however_many_of_its_rows_name_linked_records(client):
    """Issue 15.9: a home control work reads as its student and discipline; the page fetches
    those once per model and link, not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.correspondence.factories import WorkFactory, college

    superuser = UserFactory(username="root", is_superuser=True)
    client.force_login(superuser)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"model": "correspondence.homecontrolwork"}).status_code == 200
        return len(captured)

    WorkFactory.create_batch(2, institution=college())
    few = queries()
    WorkFactory.create_batch(8, institution=college())
    assert queries() == few
