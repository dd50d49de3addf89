"""Workflow steps (core.admin.WorkflowAction): one query declaration per step serves the button,
the confirmation, the inbox and "Waiting for me"; a reviewer takes the steps declared theirs."""

import pytest
from django.db.models import Q
from django.utils import timezone

from core import inbox
from core.admin import record_admins
from core.inbox import inbox_for
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.models import Book, Loan

pytestmark = pytest.mark.django_db
LOANS = "/admin/testdomain/loan/"


def every_step():
    return [
        pytest.param(model_admin, action, id=f"{model_admin.model._meta.label}.{action.method}")
        for model_admin in record_admins()
        for action in model_admin.workflow_actions
    ]


@pytest.mark.parametrize(("model_admin", "action"), every_step())
def test_every_step_of_every_list_is_declared_once_as_a_query(model_admin, action):
    """The button, the inbox and the filter read ``when``; no step keeps a second, Python condition."""
    model = model_admin.model
    assert isinstance(action.when, Q)
    assert callable(getattr(model, action.method))
    assert not action.needs or callable(getattr(model, action.needs))
    superuser = UserFactory(username="root", is_superuser=True)
    list(inbox.annotate_steps(model.objects.all(), model_admin, superuser)[:1])  # the query runs on this database


@pytest.fixture
def loans():
    library = InstitutionFactory(code="step-library")
    teacher = UserFactory(username="teacher", role=REVIEWER, institution=library)
    book = Book.objects.create(institution=library, code="b1", title="Het Achterhuis")
    today = timezone.localdate()
    assigned = Loan.objects.create(institution=library, book=book, borrower="Anna", lent_on=today, teacher=teacher)
    other = Loan.objects.create(institution=library, book=book, borrower="Bert", lent_on=today)
    return {"library": library, "teacher": teacher, "assigned": assigned, "other": other}


def test_a_reviewer_takes_the_step_declared_theirs_on_the_records_assigned_to_them(client, loans):
    """Issue 11.8: the loan's teacher (a reviewer, view-only) sees and takes "Returned"."""
    client.force_login(loans["teacher"])
    assigned, other = loans["assigned"], loans["other"]
    html = client.get(LOANS).content.decode()
    assert f"{LOANS}workflow/{assigned.pk}/give_back/" in html and "Bert" not in html
    assert "Waiting for" in html
    [(_, [group])] = inbox_for(loans["teacher"])
    assert group.count == 1 and group.entries[0].record == assigned

    assert client.post(f"{LOANS}workflow/{other.pk}/give_back/").status_code == 404
    client.post(f"{LOANS}workflow/{assigned.pk}/give_back/")
    assigned.refresh_from_db()
    assert assigned.returned_on == timezone.localdate()
    assert assigned.history.first().history_user == loans["teacher"]


def test_a_step_not_declared_for_reviewers_stays_with_those_who_edit(client, loans, monkeypatch):
    from tests.testdomain.admin import LoanAdmin

    action = LoanAdmin.workflow_actions[0]
    monkeypatch.setattr(LoanAdmin, "workflow_actions", (type(action)(**{**action.__dict__, "reviewer": False}),))
    client.force_login(loans["teacher"])
    assert "give_back" not in client.get(LOANS).content.decode()
    assert client.post(f"{LOANS}workflow/{loans['assigned'].pk}/give_back/").status_code == 403
    assert inbox_for(loans["teacher"]) == []


def test_a_closed_step_shows_no_button_and_its_confirmation_says_so(client, loans):
    administrator = UserFactory(username="librarian", role=INSTITUTION_ADMINISTRATOR, institution=loans["library"])
    loan = loans["assigned"]
    loan.give_back()
    client.force_login(administrator)
    assert f"workflow/{loan.pk}/give_back/" not in client.get(LOANS).content.decode()
    page = client.get(f"{LOANS}workflow/{loan.pk}/give_back/").content.decode()
    assert "This step is not open" in page and 'method="post"' not in page
