"""Issue 11.11: a step that cannot be taken yet says what it lacks before the click, linked to where
it is added, and a contract created from its case starts from the case's data; issue 11.8: the
responsible deputy (a reviewer) records the parent's agreement; HS-R11 (2.15, 2.16): approval
waits for it."""

from datetime import date

import pytest
from wagtail.users.models import UserProfile

from core.inbox import inbox_for
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from homeschool.models import HomeSchoolingCase
from tests.factories import InstitutionFactory, UserFactory
from tests.homeschool.factories import (
    AssignmentFactory,
    CaseFactory,
    ContractFactory,
    CurriculumFactory,
    ScheduleEntryFactory,
    ScheduleFactory,
    school_8,
)

pytestmark = pytest.mark.django_db
CASES = "/admin/homeschool/homeschoolingcase/"
CONTRACTS = "/admin/homeschool/homeschoolingcontract/"
CURRICULA = "/admin/homeschool/individualcurriculum/"
SCHEDULES = "/admin/homeschool/individualschedule/"


def in_russian(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ru"
    profile.save()
    return user


@pytest.fixture
def staff(client):
    user = in_russian(UserFactory(username="vtagil-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    client.force_login(user)
    return user


def ready_case(**fields):
    return CaseFactory(documents_received_on=date(2026, 8, 27), **fields)


def row_of(html, record):
    start = html.index(f"inspect/{record.pk}/")
    return html[start : html.index("</tr>", start)]


def test_organise_names_what_is_missing_before_the_click_and_links_to_it(client, staff):
    case = ready_case()
    row = row_of(client.get(CASES).content.decode(), case)
    assert f"workflow/{case.pk}/organise/" not in row, "no step to click while it lacks something"
    assert 'aria-disabled="true"' in row
    assert "В приказе ещё не назначены педагоги" in row and "Договор ещё не заключён" in row
    assert f"/admin/homeschool/teacherassignment/create/?case={case.pk}" in row
    assert f"{CONTRACTS}create/?case={case.pk}" in row

    confirmation = client.get(f"{CASES}workflow/{case.pk}/organise/").content.decode()
    assert "Договор ещё не заключён" in confirmation and 'method="post"' not in confirmation
    client.post(f"{CASES}workflow/{case.pk}/organise/")
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.SUBMITTED

    AssignmentFactory(case=case)
    ContractFactory(case=case)
    row = row_of(client.get(CASES).content.decode(), case)
    assert f'href="{CASES}workflow/{case.pk}/organise/"' in row and "Договор ещё не заключён" not in row
    client.post(f"{CASES}workflow/{case.pk}/organise/")
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.ORGANISED


def test_a_contract_opened_from_its_case_starts_with_the_parent_and_the_term(client, staff):
    case = ready_case(
        applicant_name="Петрова Ольга Ивановна",
        applicant_address="г. Верхний Тагил, ул. Ленина, д. 5, кв. 12",
        applicant_phone="+7 922 111-22-33",
    )
    AssignmentFactory(case=case, order__director_name="Гайдамака В. В.")
    form = client.get(f"{CONTRACTS}create/?case={case.pk}").context["form"]
    assert form.initial["case"] == case.pk and form.initial["director_name"] == "Гайдамака В. В."
    assert form.initial["parent_name"] == "Петрова Ольга Ивановна"
    assert form.initial["parent_address"] == "г. Верхний Тагил, ул. Ленина, д. 5, кв. 12"
    assert form.initial["parent_phone"] == "+7 922 111-22-33"
    assert (form.initial["term_start"], form.initial["term_end"]) == (case.period_start, case.period_end)


def test_a_case_the_user_may_not_see_starts_nothing(client, staff):
    elsewhere = CaseFactory(institution=InstitutionFactory(code="school-elsewhere", domains=["homeschool"]))
    form = client.get(f"{CONTRACTS}create/?case={elsewhere.pk}").context["form"]
    assert form.initial["case"] is None and not form.initial["parent_name"]
    assert client.get(f"{CONTRACTS}create/?case=abc").status_code == 200


def test_the_responsible_deputy_records_the_parents_agreement_but_does_not_approve(client):
    deputy = in_russian(UserFactory(username="vtagil-deputy", role=REVIEWER, institution=school_8()))
    curriculum = CurriculumFactory(case=ready_case(responsible=deputy))
    not_theirs = CurriculumFactory(case=ready_case(child_name="Чужой Ученик"))
    client.force_login(deputy)
    row = row_of(client.get(CURRICULA).content.decode(), curriculum)
    assert f"workflow/{curriculum.pk}/record_parent_agreement/" in row and "/approve/" not in row
    assert client.post(f"{CURRICULA}workflow/{curriculum.pk}/approve/").status_code == 403
    [(_, [waiting])] = inbox_for(deputy)
    assert [str(entry.what) for entry in waiting.entries] == ["Parent agreed"], "the director's step is not theirs"
    assert client.post(f"{CURRICULA}workflow/{not_theirs.pk}/record_parent_agreement/").status_code == 404

    client.post(f"{CURRICULA}workflow/{curriculum.pk}/record_parent_agreement/")
    curriculum.refresh_from_db()
    assert curriculum.agreed_on == curriculum.institution.today() and curriculum.approved_on is None


def test_hs_r11_the_director_approves_only_what_the_parent_agreed_and_a_schedule_with_lessons(client, staff):
    curriculum = CurriculumFactory()
    schedule = ScheduleFactory(agreed_on=date(2026, 9, 1))
    curricula = client.get(CURRICULA).content.decode()
    assert "Согласие родителя ещё не отмечено" in row_of(curricula, curriculum)
    assert "В расписании ещё нет занятий" in row_of(client.get(SCHEDULES).content.decode(), schedule)
    for url in (f"{CURRICULA}workflow/{curriculum.pk}/approve/", f"{SCHEDULES}workflow/{schedule.pk}/approve/"):
        client.post(url)
    curriculum.refresh_from_db()
    schedule.refresh_from_db()
    assert curriculum.approved_on is None and schedule.approved_on is None

    ScheduleEntryFactory(schedule=schedule)
    client.post(f"{SCHEDULES}workflow/{schedule.pk}/approve/")
    schedule.refresh_from_db()
    assert schedule.approved_on is not None
