"""The department's lists: the secretary registers and issues, a teacher (a reviewer) sees and reviews
only their works, the head finds the overdue reviews on the dashboard and in a filtered list."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import deadlines
from core.admin import record_admin_for
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from correspondence.models import HomeControlWork, SummonsCertificate, Teacher
from tests.correspondence.factories import CertificateFactory, TeacherFactory, WorkFactory, college
from tests.factories import UserFactory, put_in_state

pytestmark = pytest.mark.django_db
WORKS = "/admin/correspondence/homecontrolwork/"


@pytest.fixture
def head(client):
    user = UserFactory(username="nhmt-head", role=INSTITUTION_ADMINISTRATOR, institution=college())
    client.force_login(user)
    return user


@pytest.fixture
def teacher():
    user = UserFactory(username="nhmt-reviewer", role=REVIEWER, institution=college())
    return TeacherFactory(user=user)


def step_url(work, method):
    return record_admin_for(HomeControlWork).url_helper.get_action_url("workflow", work.pk, method)


def test_the_secretary_registers_a_work_and_the_history_names_the_step(client, head):
    work = WorkFactory()
    assert client.post(step_url(work, "register")).status_code == 302
    work.refresh_from_db()
    assert (work.registration_number, work.registered_on) == (1, college().today())
    assert work.history.first().history_change_reason == "Register"


def test_a_teacher_sees_and_reviews_only_their_works(client, teacher):
    ours = put_in_state(WorkFactory(teacher=teacher), registered_on=date(2026, 11, 2))
    other = put_in_state(WorkFactory(teacher=TeacherFactory()), registered_on=date(2026, 11, 2))
    client.force_login(teacher.user)
    html = client.get(WORKS).content.decode()
    assert f"workflow/{ours.pk}/pass_work/" in html and f"/{other.pk}/" not in html
    assert client.post(step_url(other, "pass_work")).status_code == 404
    assert client.post(step_url(ours, "register")).status_code == 403, "registering is the secretary's"
    client.post(step_url(ours, "fail_work"))
    ours.refresh_from_db()
    assert ours.result == "failed" and ours.history.first().history_user == teacher.user


def test_the_head_filters_the_overdue_reviews_and_sees_them_on_the_dashboard(client, head):
    today = college().today()
    overdue = put_in_state(WorkFactory(), registered_on=today - timedelta(days=20))
    HomeControlWork.objects.filter(pk=overdue.pk).update(review_due_on=today - timedelta(days=6))
    on_time = put_in_state(WorkFactory(), registered_on=today - timedelta(days=2))
    HomeControlWork.objects.filter(pk=on_time.pk).update(review_due_on=today + timedelta(days=12))
    html = client.get(WORKS, {"review": "overdue"}).content.decode()
    assert f"edit/{overdue.pk}/" in html and f"edit/{on_time.pk}/" not in html
    overdue_panel, _soon = deadlines.deadlines_for(head)
    assert [entry["record"] for entry in overdue_panel if isinstance(entry["record"], HomeControlWork)] == [overdue]


def test_a_failed_work_links_to_the_add_form_of_its_redo_started_from_it(client, head):
    failed = put_in_state(WorkFactory(variant="7"), registered_on=date(2026, 11, 2), result="failed")
    assert f"?redo_of={failed.pk}" in client.get(WORKS).content.decode()
    form = client.get(f"{WORKS}create/", {"redo_of": failed.pk}).context["form"]
    assert form.initial["redo_of"] == failed.pk
    assert (form.initial["student"], form.initial["discipline"], form.initial["variant"]) == (
        failed.student_id,
        failed.discipline_id,
        "7",
    )


def test_a_certificate_is_issued_from_its_row_with_its_journal_number(client, head):
    certificate = CertificateFactory(session__starts_on=college().today() + timedelta(days=30))
    url = record_admin_for(SummonsCertificate).url_helper.get_action_url("workflow", certificate.pk, "issue")
    client.post(url)
    certificate.refresh_from_db()
    assert (certificate.issued_on, certificate.journal_number) == (college().today(), 1)


def test_the_teachers_list_counts_review_hours_of_the_school_year(client, head, teacher):
    today = college().today()
    put_in_state(WorkFactory(teacher=teacher), registered_on=today, reviewed_on=today, result="passed")
    html = client.get("/admin/correspondence/teacher/").content.decode()
    assert teacher.name in html and "0.75" in html.replace(",", ".")
    assert Teacher.objects.count() == 1


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [WORKS, "/admin/correspondence/summonscertificate/"])
def test_a_list_costs_the_same_queries_however_long(client, head, url):
    """The journal's late mark and registration order, a certificate's deadline: annotated or joined."""

    def add_rows():
        registered = put_in_state(WorkFactory(), registered_on=date(2026, 11, 2))
        WorkFactory(student=registered.student, discipline=registered.discipline, received_on=date(2026, 11, 5))
        WorkFactory(student=registered.student, discipline=registered.discipline, received_on=date(2026, 11, 6))
        CertificateFactory(session__starts_on=college().today() + timedelta(days=30))

    add_rows()
    few = page_queries(client, url)
    for _ in range(3):
        add_rows()
    assert page_queries(client, url) == few


def test_the_student_hears_of_the_registration_and_the_result_in_russian(client, head):
    work = WorkFactory(student__email="ivanov@example.org", student__name="Иванов Алексей Сергеевич")
    client.post(step_url(work, "register"))
    client.post(step_url(work, "return_wrong_variant"))
    registered, returned = (message for message in mail.outbox if "ivanov@example.org" in message.to)
    assert "№ 1" in registered.subject and "Иванов Алексей Сергеевич" in registered.body
    assert "зарегистрирована в журнале" in registered.body
    assert f"Регистрационный номер: 1 ({work.discipline}, {work.group})" in registered.body, "the journal's number"
    assert "возвращена без рецензии" in returned.body and "п. 6.9 Положения" in returned.body


def test_saving_a_session_tells_the_head_what_holds_only_as_a_rule(client, head):
    """CO-R1's 160 classroom hours and CO-R3's 8 a day («как правило», clauses 3.4, 4.5): the session is
    saved, and the head is warned with the figures."""
    from correspondence.models import ExaminationSession
    from tests.correspondence.factories import CurriculumLineFactory, SessionFactory

    line = CurriculumLineFactory(classroom_hours=150, practical_hours=10)
    session = SessionFactory(group=line.group, starts_on=date(2027, 1, 11), ends_on=date(2027, 1, 30))
    url = record_admin_for(ExaminationSession).url_helper.get_action_url("edit", session.pk)
    data = {
        "institution": session.institution_id,
        "group": session.group_id,
        "starts_on": "2027-01-11",
        "ends_on": "2027-01-20",
        "timetable_approved_on": "2026-12-25",
    }
    response = client.post(url, data, follow=True)
    session.refresh_from_db()
    assert session.ends_on == date(2027, 1, 20), "saved all the same"
    warnings = [str(message) for message in response.context["messages"] if message.level_tag == "warning"]
    assert any("160 classroom hours in course 3 and 10 days" in message for message in warnings)
