"""Issue 11, item 10: e-mails of new applications and of decisions, through the task queue,
in the applicant's language, linking to the portal where the request reached it."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import Submission
from homeschool.models import HomeSchoolingCase
from studysupport.models import SubsidyApplication, Volunteer
from tests.factories import UserFactory
from tests.forms_app.conftest import registration_data, subsidy_data
from tests.homeschool.factories import AssignmentFactory, CaseFactory, ContractFactory

pytestmark = pytest.mark.django_db
QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
VOLUNTEER = {
    "first_name": "Jonas",
    "last_name": "Declercq",
    "email": "jonas@example.org",
    "phone": "",
    "initiative": "",
    "consent": "on",
    "website": "",
    "submission_token": "5d0f6c39-6c69-4f3b-9a51-0c1c5f0e4a11",
}


@pytest.fixture
def run_worker(monkeypatch):
    """Work off the queue here, as `db_worker` does beside the web server (see test_background_import)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay", verbosity=0)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


@override_settings(TASKS=QUEUE)
def test_the_e_mails_of_an_application_are_a_queued_job_not_part_of_the_request(client, registration_page, run_worker):
    client.post(registration_page.url, registration_data())
    job = DBTaskResult.objects.get()
    assert job.task_path == "forms_app.submissions.notify_task" and not mail.outbox
    run_worker()
    assert {address for message in mail.outbox for address in message.to} == {
        "sara@example.org",
        "studieondersteuning@stad.gent",
    }


def test_without_notification_addresses_the_institutions_administrators_are_told(client, registration_page, gent):
    registration_page.notification_addresses = ""
    registration_page.save()
    UserFactory(username="gent-boss", email="boss@stad.gent", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    UserFactory(username="gent-other", email="other@stad.gent", institution=gent)  # no administrator
    client.post(registration_page.url, registration_data())
    [notice] = mails_to("boss@stad.gent")
    assert f"/admin/studysupport/pupil/inspect/{Submission.objects.get().record_id}/" in notice.body
    assert not mails_to("other@stad.gent")


def test_the_links_follow_the_address_the_portal_runs_on(client, registration_page):
    client.post(registration_page.url, registration_data(), HTTP_HOST="127.0.0.1:8001")
    [notice] = mails_to("studieondersteuning@stad.gent")
    pupil_id = Submission.objects.get().record_id
    assert f"http://127.0.0.1:8001/admin/studysupport/pupil/inspect/{pupil_id}/" in notice.body
    assert ":8000" not in notice.body


def take_step(client, record, method, host="testserver"):
    opts = record._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/workflow/{record.pk}/{method}/"
    return client.post(url, HTTP_HOST=host)


@pytest.fixture
def gent_admin_client(client, institution_admin):
    client.force_login(institution_admin)
    return client


def test_the_volunteer_hears_of_the_screening_in_dutch(client, volunteer_page, gent_admin_client):
    client.post(volunteer_page.url, VOLUNTEER)
    mail.outbox.clear()
    volunteer = Volunteer.objects.get(last_name="Declercq")
    take_step(gent_admin_client, volunteer, "approve_screening", host="portal.example:8001")
    [decision] = mails_to("jonas@example.org")
    reference = Submission.objects.get().reference
    assert reference in decision.subject and "Beslissing" in decision.subject
    assert "Uw screening als vrijwilliger is goedgekeurd" in decision.body and "Beste Jonas Declercq" in decision.body
    assert f"http://portal.example:8001{volunteer_page.url}" in decision.body


@pytest.mark.parametrize(
    ("method", "sentence"), [("accept", "is toegekend"), ("reject", "is geweigerd")], ids=["granted", "refused"]
)
def test_the_subsidy_decision_is_e_mailed_in_dutch(client, subsidy_page, gent_admin_client, method, sentence):
    from tests.forms_app.files import PDF, upload

    client.post(subsidy_page.url, {**subsidy_data(), "budget": upload("begroting.pdf", PDF)})
    mail.outbox.clear()
    application = SubsidyApplication.objects.get()
    application.decided_on, application.awarded_amount = date(2026, 10, 1), 2000  # SS-R9
    application.decision = "Het initiatief vraagt een bijdrage van de ouders."
    application.save()
    take_step(gent_admin_client, application, method)
    [decision] = mails_to("an@example.org")
    assert sentence in decision.body


def test_a_refused_step_tells_the_applicant_nothing(client, volunteer_page, gent_admin_client):
    client.post(volunteer_page.url, VOLUNTEER)
    volunteer = Volunteer.objects.get(last_name="Declercq")
    volunteer.refusal_reason = Volunteer.RefusalReason.NO_CAPACITY
    volunteer.refuse_screening()
    mail.outbox.clear()
    take_step(gent_admin_client, volunteer, "approve_screening")  # no longer open
    assert not mail.outbox


def test_the_parent_hears_in_russian_that_home_schooling_is_organised(client):
    case = CaseFactory(documents_received_on=date(2026, 8, 27))
    school_admin = UserFactory(username="vtagil-admin", role=INSTITUTION_ADMINISTRATOR, institution=case.institution)
    AssignmentFactory(case=case)
    ContractFactory(case=case)
    client.force_login(school_admin)
    take_step(client, case, "organise")
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.ORGANISED
    [decision] = mails_to("parent@example.org")
    assert "Решение по вашему заявлению" in decision.subject and "организовано" in decision.body


@override_settings(TASKS=QUEUE)
def test_the_decision_is_a_queued_job(client, volunteer_page, gent_admin_client, run_worker):
    client.post(volunteer_page.url, VOLUNTEER)
    run_worker()
    mail.outbox.clear()
    Volunteer.objects.filter(last_name="Declercq").update(refusal_reason=Volunteer.RefusalReason.NOT_SUITABLE)
    take_step(gent_admin_client, Volunteer.objects.get(last_name="Declercq"), "refuse_screening")
    assert not mail.outbox
    assert DBTaskResult.objects.filter(task_path="core.notifications.send_decision_task").count() == 1
    run_worker()
    [decision] = mails_to("jonas@example.org")
    assert "kunnen we u niet" in decision.body
