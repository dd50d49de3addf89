"""The department takes an application through the admin's workflow steps (2.11-2.22), each in
the history, the student told by e-mail; RC-R6's due dates reach the dashboard's deadlines panel."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core import deadlines
from core.roles import INSTITUTION_ADMINISTRATOR
from recognition import models
from recognition.models import CreditedResult, Inquiry, RecognitionApplication, Validation
from tests.factories import UserFactory, put_in_state
from tests.recognition.factories import ApplicationFactory, DecisionFactory, MemberFactory, university

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/recognition/recognitionapplication/"
MEMBERS = "/admin/recognition/commissionmember/"


@pytest.fixture
def admin(client):
    user = UserFactory(
        username="metinvest-admin", role=INSTITUTION_ADMINISTRATOR, institution=university(), admin_language="uk"
    )
    client.force_login(user)
    return user


def step(client, application, method):
    return client.post(f"{APPLICATIONS}workflow/{application.pk}/{method}/", follow=True)


def test_the_department_takes_an_application_from_registration_to_credits(client, admin):
    application = ApplicationFactory(student__email="olena@example.org")
    step(client, application, "register")
    step(client, application, "mark_sufficient")
    application.refresh_from_db()
    assert application.registered_on == university().today()
    refused = step(client, application, "proceed")
    assert "пункт 2.11 Положення" in refused.content.decode()  # no department protocol yet
    application.department_protocol_number, application.department_protocol_date = "4", date(2026, 10, 9)
    application.save()
    step(client, application, "proceed")
    MemberFactory(application=application, role="head", chairs=True)
    teacher = MemberFactory(application=application)
    DecisionFactory(application=application, points=95)
    client.post(f"{MEMBERS}workflow/{teacher.pk}/sign/")
    unsigned = step(client, application, "decide")
    assert "ще не підписали" in unsigned.content.decode()
    for member in application.commission.filter(signed_on__isnull=True):
        client.post(f"{MEMBERS}workflow/{member.pk}/sign/")
    step(client, application, "decide")
    step(client, application, "credit")
    application.refresh_from_db()
    assert application.status == RecognitionApplication.Status.CREDITED
    credited = CreditedResult.objects.get(application=application)
    assert (credited.credits, credited.points, credited.ects_grade) == (application.discipline.credits, 95, "A")
    history = application.history.order_by("history_date").values_list("history_change_reason", flat=True)
    assert [reason for reason in history if reason][-5:] == [
        "Зареєструвати",
        "Інформації достатньо",
        "Продовжити процедуру",
        "Ухвалити рішення",
        "Зарахувати",
    ]
    assert [message.to for message in mail.outbox] == [["olena@example.org"]] * 2  # proceed, decide
    assert "Кафедра ухвалила рішення продовжити процедуру" in mail.outbox[0].body


def test_a_member_with_a_conflict_cannot_sign_in_the_admin(client, admin):
    member = MemberFactory(conflict_of_interest=True, conflict_note="Родич заявника")
    page = client.post(f"{MEMBERS}workflow/{member.pk}/sign/", follow=True).content.decode()
    assert "не може підписувати" in page and "пункт 2.17 Положення" in page
    member.refresh_from_db()
    assert member.signed_on is None


def test_decisions_due_are_on_the_deadlines_panel(admin):
    today = university().today()
    late = put_in_state(ApplicationFactory(), status="registered", registered_on=today - timedelta(days=30))
    soon = put_in_state(ApplicationFactory(), status="sufficient", registered_on=today - timedelta(days=7))
    put_in_state(ApplicationFactory(), status="commission", registered_on=today - timedelta(days=30))
    overdue, due_soon = deadlines.deadlines_for(admin)
    assert [entry["record"] for entry in overdue] == [late]
    assert [entry["record"] for entry in due_soon] == [soon]
    assert soon.decide_by() > today


def test_the_list_shows_the_due_date_and_filters_by_status(client, admin):
    application = put_in_state(ApplicationFactory(), status="registered", registered_on=date(2026, 10, 5))
    page = client.get(APPLICATIONS, {"status__exact": "registered"}).content.decode()
    assert application.reference in page and '<time datetime="2026-10-19">' in page
    assert "Зареєстровано" in page


def test_a_validation_is_ordered_assessed_and_announced(client, admin):
    """2.14 (5), 2.17-2.20: the first protocol orders an interview; the second records the grade,
    signed by every member; the results are announced to the student right away."""
    application = put_in_state(ApplicationFactory(), status="commission")
    MemberFactory(application=application, signed_on=date(2026, 10, 20))
    DecisionFactory(application=application, outcome="validation", points=None, assessment_form="співбесіда")
    step(client, application, "order_validation")
    application.refresh_from_db()
    assert application.status == RecognitionApplication.Status.VALIDATION
    assert not RecognitionApplication.objects.filter(models.ASSESSED, pk=application.pk).exists()  # no result yet
    validation = Validation(
        institution=application.institution,
        application=application,
        assessment_form="співбесіда",
        assessed_on=date(2026, 11, 3),
        methods="Співбесіда за питаннями силабусу",
        result="recognised",
        points=84,
    )
    validation.full_clean()
    validation.save()
    step(client, application, "announce_results")
    application.refresh_from_db()
    validation.refresh_from_db()
    assert (application.status, application.decided_on) == ("recognised", date(2026, 11, 3))
    assert validation.announced_on == university().today() and validation.ects_grade() == "B"
    assert application.recognised_credits() == application.discipline.credits
    assert "оцінювання оголошено" in mail.outbox[-1].body
    validation.points = 95
    with pytest.raises(ValidationError, match="can no longer be changed"):
        validation.full_clean()


def test_the_list_costs_the_same_queries_however_many_applications(client, admin):
    """Each row's due date and open steps come from the page's joins and prefetches, not a query each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(APPLICATIONS).status_code == 200
        return len(captured)

    for status in ("registered", "commission", "validation"):
        put_in_state(ApplicationFactory(), status=status, registered_on=date(2026, 10, 5))
    queries()  # the first page of a session fills caches
    few = queries()
    for status in ("registered", "commission", "validation", "recognised", "sufficient"):
        put_in_state(ApplicationFactory(), status=status, registered_on=date(2026, 10, 5))
    assert queries() == few


def test_the_student_is_told_when_an_inquiry_extends_the_term(client, admin):
    """Clause 2.12: the term runs on until the answer, "про що інформується заявник"."""
    application = put_in_state(ApplicationFactory(student__email="olena@example.org"), status="registered")
    inquiry = Inquiry.objects.create(institution=application.institution, application=application, addressee="EPAM")
    client.post(f"/admin/recognition/inquiry/workflow/{inquiry.pk}/tell_applicant/")
    inquiry.refresh_from_db()
    assert inquiry.applicant_told_on == university().today()
    assert [message.to for message in mail.outbox] == [["olena@example.org"]]
    assert "строк розгляду заяви продовжено" in mail.outbox[0].body
