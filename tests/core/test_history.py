"""P-H1/P-H2: every change audited; a history view with field diffs and a recorded revert."""

import pytest
from django.contrib.auth.models import Permission

from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_and_book():
    ours = InstitutionFactory(code="ours")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    book = BookFactory(institution=ours, code="eerst", title="De Vlieger")
    book.code, book.title = "daarna", "Het Anker"
    book._change_reason = "Titel verbeterd"
    book.save()
    return admin, book


def history_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/history/{record.pk}/"


def revert_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/revert/{record.pk}/"


def test_history_view_lists_field_level_changes(client, admin_and_book):
    admin, book = admin_and_book
    client.force_login(admin)
    response = client.get(history_url(book))
    assert response.status_code == 200
    latest = response.context["entries"][0]
    assert ("code", "eerst", "daarna") in latest["changes"]
    assert ("title", "De Vlieger", "Het Anker") in latest["changes"]
    assert "Titel verbeterd" in response.content.decode()


def test_revert_restores_an_earlier_version_and_records_why(client, admin_and_book):
    admin, book = admin_and_book
    client.force_login(admin)
    first_version = book.history.earliest()

    response = client.post(revert_url(book), {"history_id": first_version.history_id, "reason": "Foutieve wijziging"})

    assert response.status_code == 302
    book.refresh_from_db()
    assert (book.code, book.title) == ("eerst", "De Vlieger")
    latest = book.history.latest()
    assert latest.history_user == admin
    assert "Foutieve wijziging" in latest.history_change_reason
    assert book.history.count() == 3, "the revert is a change of its own"


def test_revert_needs_a_reason(client, admin_and_book):
    admin, book = admin_and_book
    client.force_login(admin)
    client.post(revert_url(book), {"history_id": book.history.earliest().history_id, "reason": " "})
    book.refresh_from_db()
    assert book.title == "Het Anker"


def test_revert_goes_through_the_models_validation(client, admin_and_book):
    admin, book = admin_and_book
    BookFactory(institution=book.institution, code="eerst")
    client.force_login(admin)

    # The first version's code is another book's now: a code names one book of the institution.
    response = client.post(
        revert_url(book), {"history_id": book.history.earliest().history_id, "reason": "Terug"}, follow=True
    )

    assert "This version cannot be restored" in response.content.decode()
    book.refresh_from_db()
    assert book.code == "daarna"


def test_history_and_revert_are_scoped(client, admin_and_book):
    admin, _book = admin_and_book
    theirs = BookFactory(institution=InstitutionFactory(code="theirs"))
    client.force_login(admin)
    assert client.get(history_url(theirs)).status_code == 404
    version = theirs.history.earliest().history_id
    assert client.post(revert_url(theirs), {"history_id": version, "reason": "x"}).status_code == 404


def test_revert_needs_the_change_permission(client, admin_and_book):
    _admin, book = admin_and_book
    reader = UserFactory(username="reader", institution=book.institution)
    reader.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_book"]))
    client.force_login(reader)
    assert client.get(history_url(book)).status_code == 200
    version = book.history.earliest().history_id
    assert client.post(revert_url(book), {"history_id": version, "reason": "x"}).status_code == 403
