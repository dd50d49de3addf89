"""SS-R4 (recognition per school year, DS1) and SS-R9 (motivated, dated decisions printed as a Dutch letter)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from pypdf import PdfReader

from core.roles import INSTITUTION_ADMINISTRATOR
from core.school_year import school_year_label, school_year_of
from studysupport.figures import key_figures
from studysupport.models import Initiative, SubsidyApplication
from tests.factories import InitiativeFactory, UserFactory
from tests.forms_app.conftest import subsidy_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year(gent):
    return school_year_label(school_year_of(gent.today()))


@pytest.fixture
def staff(client, gent):
    client.force_login(UserFactory(username="gent-staff", role=INSTITUTION_ADMINISTRATOR, institution=gent))
    return client


def apply(initiative, school_year, **extra):
    values = {"requested_amount": Decimal("2500.00"), "declares_support_free": True, "declares_ghent_pupils": True}
    return SubsidyApplication.objects.create(
        institution=initiative.institution, initiative=initiative, school_year=school_year, **{**values, **extra}
    )


def step(client, record, method):
    return client.post(f"/admin/studysupport/subsidyapplication/workflow/{record.pk}/{method}/", follow=True)


def with_budget(data):
    from tests.forms_app.files import PDF, upload

    return {**data, "budget": upload("begroting.pdf", PDF)}


def figures(school_year):
    with translation.override("en"):
        return {figure["label"]: figure["value"] for figure in key_figures("gent", school_year)}


def offered(client, page):
    return {str(initiative) for initiative in client.get(page.url).context["form"].fields["initiative"].queryset}


def test_ss_r4_an_application_reaches_the_public_forms_only_once_accepted(
    client, staff, gent, this_year, subsidy_page, registration_page, volunteer_page
):
    from django.test import Client

    public = Client()
    response = public.post(subsidy_page.url, with_budget(subsidy_data(school_year=this_year)), follow=True)
    assert response.status_code == 200
    initiative = Initiative.objects.get(name="Huiswerkklas Brugse Poort")
    application = initiative.subsidy_applications.get()
    with translation.override("nl"):
        assert application.standing() == "Aangevraagd", "applied, in the city's Dutch"
    assert initiative.name not in offered(public, registration_page)
    assert initiative.name not in offered(public, volunteer_page)
    before = figures(this_year)

    application.decided_on, application.awarded_amount = gent.today(), Decimal("2000.00")
    application.save()
    step(staff, application, "accept")

    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.ACCEPTED
    assert initiative.name in offered(public, registration_page)
    assert initiative.name in offered(public, volunteer_page)
    after = figures(this_year)
    assert int(after["initiatives"]) == int(before["initiatives"]) + 1
    # Recognised for that school year only: the next one starts unrecognised.
    assert not Initiative.objects.filter(pk=initiative.pk).recognised_in(school_year_of(gent.today()) + 1).exists()


def test_ss_r4_a_known_initiative_named_from_another_address_is_to_verify(client, gent, this_year, subsidy_page):
    initiative = InitiativeFactory(institution=gent, name="Huiswerkklas Brugse Poort", coordinator_email="an@ngo.be")
    data = subsidy_data(school_year=this_year, email="someone@example.org", kind="de_facto")
    client.post(subsidy_page.url, with_budget(data))

    suspicious = initiative.subsidy_applications.get()
    assert "someone@example.org" in suspicious.to_verify and "an@ngo.be" in suspicious.to_verify
    initiative.refresh_from_db()
    assert (initiative.kind, initiative.coordinator_email) == ("non_profit", "an@ngo.be"), "nothing changed"
    with translation.override("en"), pytest.raises(ValidationError, match="Verify first"):
        suspicious.accept()
    # It blocks nothing: the coordinator's own application for the year is taken.
    client.post(subsidy_page.url, with_budget(subsidy_data(school_year=this_year, email="an@ngo.be")))
    assert initiative.subsidy_applications.filter(to_verify="").count() == 1
    # Once verified it would be the second for the year: refused.
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        suspicious.verify()


def test_ss_r4_the_kinds_are_open_other_with_a_description(gent):
    initiative = InitiativeFactory.build(institution=gent, kind=Initiative.Kind.OTHER)
    with pytest.raises(ValidationError) as refused:
        initiative.full_clean()
    assert "kind_description" in refused.value.message_dict
    initiative.kind_description = "Buurtwerking"
    initiative.full_clean()


def test_ss_r9_accepting_needs_a_date_and_an_amount_never_above_the_request(staff, gent, this_year):
    application = apply(InitiativeFactory(institution=gent), this_year)
    with pytest.raises(ValidationError) as refused:
        application.accept()
    assert "decision date" in str(refused.value) and "awarded amount" in str(refused.value)

    application.decided_on, application.awarded_amount = date(2026, 10, 1), Decimal("2600.00")
    with pytest.raises(ValidationError) as refused:
        application.full_clean()
    assert refused.value.message_dict["awarded_amount"] == [
        "The awarded amount (EUR 2600.00) is above the requested amount (EUR 2500.00)."
    ]
    application.awarded_amount = Decimal("2500.00")
    application.save()
    response = step(staff, application, "accept")
    assert "Accept: " in response.content.decode()
    application.refresh_from_db()
    assert application.status == "accepted"
    assert application.history.first().history_change_reason == "Accept"


def test_ss_r9_a_refusal_needs_a_written_motivation(staff, gent, this_year):
    application = apply(InitiativeFactory(institution=gent), this_year, decided_on=date(2026, 10, 1))
    response = step(staff, application, "reject")
    assert "29 July 1991" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    application.decision = "Het initiatief vraagt een bijdrage van de ouders."
    application.save()
    step(staff, application, "reject")
    application.refresh_from_db()
    assert application.status == "rejected"
    # An edit cannot take the motivation away afterwards.
    application.decision = " "
    with pytest.raises(ValidationError, match="motivated"):
        application.full_clean()


def test_ss_r9_the_decision_is_a_dutch_letter_and_mailed_to_the_coordinator(staff, gent, this_year):
    initiative = InitiativeFactory(institution=gent, name="Huiswerkklas Rabot", coordinator_email="rabot@example.org")
    application = apply(initiative, this_year, decided_on=date(2026, 10, 1), awarded_amount=Decimal("1750.50"))
    mail.outbox.clear()
    step(staff, application, "accept")

    assert [message.to for message in mail.outbox] == [["rabot@example.org"]]
    assert "1750,50" in mail.outbox[0].body
    url = f"/admin/studysupport/subsidyapplication/print/{application.pk}/decision_letter/"
    html = staff.get(url).content.decode()
    assert "Huiswerkklas Rabot" in html and this_year in html and "1750,50" in html
    assert 'lang="nl"' in html and "Toegekend bedrag" in html
    pdf = staff.get(url, {"format": "pdf"})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Huiswerkklas Rabot" in text and this_year in text and "1750,50" in text
