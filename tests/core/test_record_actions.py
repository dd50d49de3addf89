"""P-A1, P-A5: RecordAdmin's workflow steps and printed documents (#4): POST-only, permission-checked,
scoped to the user's institutions, recorded in history with the step as the reason."""

from datetime import date

import pytest
from django.utils import timezone

from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.factories import InstitutionFactory, UserFactory
from tests.homeschool.factories import CaseFactory, ContractFactory, school_8

pytestmark = pytest.mark.django_db

CASES = "/admin/homeschool/homeschoolingcase/"
CONTRACTS = "/admin/homeschool/homeschoolingcontract/"


@pytest.fixture
def setting(client):
    other = InstitutionFactory(code="other-school", country="RU", language="ru")
    admin = UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    client.force_login(admin)
    return {"admin": admin, "ours": CaseFactory(), "theirs": CaseFactory(institution=other)}


def step_url(case, method="mark_documents_complete"):
    return f"{CASES}workflow/{case.pk}/{method}/"


def test_the_list_offers_the_open_steps_of_each_row(client, setting):
    html = client.get(CASES).content.decode()
    assert step_url(setting["ours"]) in html
    assert step_url(setting["ours"], "organise") not in html, "not open before the documents are complete"


def test_get_asks_for_confirmation_and_changes_nothing(client, setting):
    response = client.get(step_url(setting["ours"]))
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    setting["ours"].refresh_from_db()
    assert setting["ours"].documents_received_on is None


def test_post_takes_the_step_and_records_it_in_history(client, setting):
    case = setting["ours"]
    assert client.post(step_url(case)).status_code == 302
    case.refresh_from_db()
    assert case.documents_received_on == timezone.localdate()
    latest = case.history.first()
    assert latest.history_change_reason == "Documents complete"
    assert latest.history_user == setting["admin"]


def test_a_step_the_rules_refuse_changes_nothing_and_says_why(client, setting):
    case = setting["ours"]
    case.documents_received_on = date(2026, 11, 2)
    case.save()
    response = client.post(step_url(case, "organise"), follow=True)
    assert "The order does not assign teachers" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"


def test_a_closed_step_is_refused(client, setting):
    case = setting["ours"]
    case.documents_received_on = date(2026, 11, 2)
    case.save()
    response = client.post(step_url(case), follow=True)
    assert "not open" in response.content.decode()
    assert case.history.count() == 2


def test_another_institutions_record_is_not_found(client, setting):
    theirs = setting["theirs"]
    assert client.get(step_url(theirs)).status_code == 404
    assert client.post(step_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.documents_received_on is None


def test_unknown_steps_and_documents_are_not_found(client, setting):
    assert client.post(step_url(setting["ours"], "delete")).status_code == 404
    contract = ContractFactory(case=setting["ours"])
    assert client.get(f"{CONTRACTS}print/{contract.pk}/passport/").status_code == 404


def test_without_the_change_permission_a_step_is_forbidden(client, setting):
    reviewer = UserFactory(username="deputy", role=REVIEWER, institution=school_8())
    case = setting["ours"]
    case.responsible = reviewer
    case.save()
    client.force_login(reviewer)
    assert client.post(step_url(case)).status_code == 403


def test_printing_is_scoped(client, setting):
    ours = ContractFactory(case=setting["ours"])
    theirs = ContractFactory(case=setting["theirs"], institution=setting["theirs"].institution)
    assert client.get(f"{CONTRACTS}").content.decode().count(f"print/{ours.pk}/contract/") == 1
    assert client.get(f"{CONTRACTS}print/{ours.pk}/contract/").status_code == 200
    assert client.get(f"{CONTRACTS}print/{theirs.pk}/contract/").status_code == 404
    assert client.get(f"{CONTRACTS}print/{theirs.pk}/contract/", {"format": "pdf"}).status_code == 404


def test_related_record_and_account_choices_are_scoped(client, setting):
    """P-A2: a form offers only the records and accounts of the user's institution to link."""
    form = client.get(f"{CONTRACTS}create/").context["form"]
    assert list(form.fields["case"].queryset) == [setting["ours"]]
    UserFactory(username="stranger", institution=setting["theirs"].institution)
    form = client.get(f"{CASES}create/").context["form"]
    assert list(form.fields["responsible"].queryset) == [setting["admin"]]
