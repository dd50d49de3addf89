"""P-A1, P-A5: RecordAdmin's workflow steps and printed documents (#4): POST-only, permission-checked,
scoped to the user's institutions, recorded in history with the step as the reason."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import LoanFactory

pytestmark = pytest.mark.django_db

LOANS = "/admin/testdomain/loan/"


@pytest.fixture
def setting(client):
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    client.force_login(admin)
    return {"admin": admin, "ours": LoanFactory(institution=ours), "theirs": LoanFactory(institution=theirs)}


def step_url(loan, method="give_back"):
    return f"{LOANS}workflow/{loan.pk}/{method}/"


def print_url(loan, document="slip"):
    return f"{LOANS}print/{loan.pk}/{document}/"


def test_the_list_offers_the_open_steps_of_each_row(client, setting):
    returned = LoanFactory(institution=setting["ours"].institution, returned_on=timezone.localdate())
    html = client.get(LOANS).content.decode()
    assert step_url(setting["ours"]) in html
    assert step_url(returned) not in html, "not open once the book is back"


def test_get_asks_for_confirmation_and_changes_nothing(client, setting):
    response = client.get(step_url(setting["ours"]))
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    setting["ours"].refresh_from_db()
    assert setting["ours"].returned_on is None


def test_post_takes_the_step_and_records_it_in_history(client, setting):
    loan = setting["ours"]
    assert client.post(step_url(loan)).status_code == 302
    loan.refresh_from_db()
    assert loan.returned_on == timezone.localdate()
    latest = loan.history.first()
    assert latest.history_change_reason == "Returned"
    assert latest.history_user == setting["admin"]


def test_a_step_the_rules_refuse_changes_nothing_and_says_why(client, setting):
    booked = LoanFactory(institution=setting["ours"].institution, lent_on=timezone.localdate() + timedelta(days=3))
    response = client.post(step_url(booked), follow=True)
    assert "A book cannot come back before the day it was lent." in response.content.decode()
    booked.refresh_from_db()
    assert booked.returned_on is None and booked.history.count() == 1


def test_a_closed_step_is_refused(client, setting):
    returned = LoanFactory(institution=setting["ours"].institution, returned_on=timezone.localdate())
    response = client.post(step_url(returned), follow=True)
    assert "not open" in response.content.decode()
    assert returned.history.count() == 1


def test_another_institutions_record_is_not_found(client, setting):
    theirs = setting["theirs"]
    assert client.get(step_url(theirs)).status_code == 404
    assert client.post(step_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.returned_on is None


def test_unknown_steps_and_documents_are_not_found(client, setting):
    assert client.post(step_url(setting["ours"], "delete")).status_code == 404
    assert client.get(print_url(setting["ours"], "passport")).status_code == 404


def test_without_the_change_permission_a_step_is_forbidden(client, setting):
    """A reader who is not the loan's reviewer may look, not take the step (reviewers: test_workflow_steps)."""
    reader = UserFactory(username="reader", institution=setting["ours"].institution)
    reader.user_permissions.add(*Permission.objects.filter(codename__in=["view_loan", "access_admin"]))
    loan = setting["ours"]
    client.force_login(reader)
    assert client.get(f"{LOANS}inspect/{loan.pk}/").status_code == 200, "the reader sees the loan"
    assert step_url(loan) not in client.get(LOANS).content.decode()
    assert client.post(step_url(loan)).status_code == 403


def test_printing_is_scoped(client, setting):
    ours, theirs = setting["ours"], setting["theirs"]
    assert client.get(LOANS).content.decode().count(print_url(ours)) == 1
    assert client.get(print_url(ours)).status_code == 200
    assert client.get(print_url(theirs)).status_code == 404
    assert client.get(print_url(theirs), {"format": "pdf"}).status_code == 404


def test_related_record_and_account_choices_are_scoped(client, setting):
    """P-A2: a form offers only the records and accounts of the user's institution to link."""
    UserFactory(username="stranger", institution=setting["theirs"].institution)
    form = client.get(f"{LOANS}create/").context["form"]
    assert list(form.fields["book"].queryset) == [setting["ours"].book]
    assert list(form.fields["teacher"].queryset) == [setting["admin"]]
