"""The home-schooling admin: every view scoped to the school (P-A2), reviewers see the cases they
are responsible for, and overdue cases (HS-R3) reach the dashboard's deadlines panel."""

from datetime import time, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from core import deadlines
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from homeschool.models import HomeSchoolingCase, ScheduleEntry
from tests.factories import InstitutionFactory, UserFactory
from tests.homeschool.factories import (
    AssignmentFactory,
    CalendarPeriodFactory,
    CaseFactory,
    ContractFactory,
    CurriculumFactory,
    CurriculumLineFactory,
    LessonFactory,
    MarkFactory,
    PromotionFactory,
    ScheduleFactory,
    school_8,
)

pytestmark = pytest.mark.django_db


def records_of(institution):
    case = CaseFactory(institution=institution)
    schedule = ScheduleFactory(institution=institution, case=case)
    curriculum = CurriculumFactory(institution=institution, case=case)
    assignment = AssignmentFactory(institution=institution, case=case, order__institution=institution)
    contract = ContractFactory(institution=institution, case=case)
    period = CalendarPeriodFactory(institution=institution)
    return {
        "homeschoolingcase": case,
        "homeschoolingorder": assignment.order,
        "teacherassignment": assignment,
        "homeschoolingcontract": contract,
        "lesson": LessonFactory(institution=institution, case=case),
        "attestationmark": MarkFactory(institution=institution, case=case),
        "promotiondecision": PromotionFactory(institution=institution, case=case),
        "schoolcalendar": period.calendar,
        "calendarperiod": period,
        "individualcurriculum": curriculum,
        "curriculumline": CurriculumLineFactory(institution=institution, curriculum=curriculum),
        "individualschedule": schedule,
        "scheduleentry": ScheduleEntry.objects.create(
            institution=institution,
            schedule=schedule,
            weekday=1,
            subject="Математика",
            starts_at=time(10),
            ends_at=time(10, 40),
            teacher_name="Орлова Т. В.",
        ),
    }


@pytest.fixture
def setting(client):
    other = InstitutionFactory(code="other-school", country="RU", language="ru")
    admin = UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    client.force_login(admin)
    return {"admin": admin, "ours": records_of(school_8()), "theirs": records_of(other)}


MODELS = [
    model._meta.model_name
    for model in apps.get_app_config("homeschool").get_models()
    if not model.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", ["edit", "inspect", "delete", "history"])
def test_every_view_finds_our_records_and_not_another_schools(client, setting, model, view):
    url = f"/admin/homeschool/{model}/{view}/"
    assert client.get(f"{url}{setting['ours'][model].pk}/").status_code == 200
    assert client.get(f"{url}{setting['theirs'][model].pk}/").status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_lists_show_our_records_only(client, setting, model):
    html = client.get(f"/admin/homeschool/{model}/").content.decode()
    assert f"/{model}/edit/{setting['ours'][model].pk}/" in html
    assert f"/{model}/edit/{setting['theirs'][model].pk}/" not in html


def test_the_admin_speaks_russian(client, setting):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(setting["admin"])
    profile.preferred_language = "ru"
    profile.save()
    html = client.get("/admin/homeschool/homeschoolingcase/").content.decode()
    assert "Дела об обучении на дому" in html and "Документы представлены" in html
    assert "Организовать до" in html and "Печать: заявление" in html, "a case prints its application (HS-R12)"
    assert "Печать: договор с приложениями" in client.get("/admin/homeschool/homeschoolingcontract/").content.decode()


def test_a_reviewer_reads_only_the_cases_they_are_responsible_for(client, setting):
    deputy = UserFactory(username="deputy", role=REVIEWER, institution=school_8())
    case = setting["ours"]["homeschoolingcase"]
    other = CaseFactory(child_name="Чужое Дело")
    assert not HomeSchoolingCase.objects.for_user(deputy).exists()
    case.responsible = deputy
    case.save()
    assert list(HomeSchoolingCase.objects.for_user(deputy)) == [case]
    assert type(case.contract).objects.for_user(deputy).get() == case.contract

    client.force_login(deputy)
    html = client.get("/admin/homeschool/homeschoolingcase/").content.decode()
    assert case.child_name in html and other.child_name not in html
    contract = case.contract.pk
    assert client.get(f"/admin/homeschool/homeschoolingcontract/print/{contract}/contract/").status_code == 200
    assert client.get(f"/admin/homeschool/homeschoolingcase/edit/{case.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/homeschool/homeschoolingcase/inspect/{other.pk}/").status_code == 404


def test_hs_r3_overdue_and_due_soon_cases_are_on_the_dashboard(client, setting):
    today = timezone.localdate()
    late = CaseFactory(child_name="Опоздавший Ученик", documents_received_on=today - timedelta(days=10))
    soon = CaseFactory(child_name="Скорый Ученик", documents_received_on=today)
    CaseFactory(child_name="Готовый Ученик", documents_received_on=today - timedelta(days=10), status="organised")
    CaseFactory(
        institution=setting["theirs"]["homeschoolingcase"].institution,
        child_name="Чужой Ученик",
        documents_received_on=today - timedelta(days=10),
    )
    overdue, due_soon = deadlines.deadlines_for(setting["admin"])
    assert late in [entry["record"] for entry in overdue]
    assert [entry["record"] for entry in due_soon] == [soon]
    assert due_soon[0]["due"] == soon.organise_by()

    html = client.get("/admin/").content.decode()
    assert "Organise home schooling (clause 2.5)" in html
    assert "Опоздавший Ученик" in html and "Скорый Ученик" in html
    assert f'href="/admin/homeschool/homeschoolingcase/edit/{late.pk}/"' in html, "each entry links to its record"
    assert "Готовый Ученик" not in html and "Чужой Ученик" not in html


def test_the_case_list_links_the_printed_documents(client, setting):
    case = setting["ours"]["homeschoolingcase"]
    html = client.get("/admin/homeschool/homeschoolingcase/").content.decode()
    assert f'href="/admin/homeschool/homeschoolingcontract/print/{case.contract.pk}/contract/"' in html
    assert f'href="/admin/homeschool/individualschedule/print/{case.schedule.pk}/schedule/"' in html


def test_the_status_moves_only_through_the_workflow(client, setting):
    form = client.get("/admin/homeschool/homeschoolingcase/create/").context["form"]
    assert "status" not in form.fields and "closed_on" not in form.fields
    assert "medical_conclusion" in form.fields and "responsible" in form.fields
