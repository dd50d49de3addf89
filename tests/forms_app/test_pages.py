"""P-F1 editing, P-F6 ad-hoc forms, and privacy: what communication staff and administrators do in the admin."""

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.models import ContentPage, InstitutionIndexPage
from forms_app.models import AdHocFormPage, AdHocFormSubmission, DomainFormPage
from forms_app.registry import field_choices, form_choices
from studysupport.models import Pupil
from tests.forms_app.conftest import registration_data

pytestmark = pytest.mark.django_db


def test_the_three_ghent_forms_are_published_and_linked_from_the_vision_text(client, ghent_page):
    content = client.get(ghent_page.url).content.decode()
    for page in DomainFormPage.objects.filter(institution__code="gent"):
        assert page.live and page.get_parent().specific.institution.code == "gent"
        assert f'href="{page.url}"' in content
    assert DomainFormPage.objects.filter(institution__code="gent").count() == 3
    assert {
        block.value["page"].specific.form_key for block in ghent_page.body if block.block_type == "call_to_action"
    } == {
        "studysupport.pupil_registration",
        "studysupport.volunteer_signup",
        "studysupport.subsidy_application",
    }


def test_editors_pick_among_the_registered_forms_and_their_fields():
    assert {"studysupport.pupil_registration", "studysupport.volunteer_signup"} <= dict(form_choices()).keys()
    assert {"school", "initiative", "budget"} <= dict(field_choices()).keys()


def test_help_texts_may_only_name_the_forms_fields(registration_page):
    """A field of another registered form (the subsidy form's budget) is refused on this one."""
    registration_page.field_texts = [("field", {"field": "budget", "label": "", "help_text": "?"})]
    with pytest.raises(ValidationError, match="budget"):
        registration_page.full_clean()


def test_an_editors_label_replaces_the_forms_own(client, registration_page):
    registration_page.field_texts = [("field", {"field": "school", "label": "Naam van de school", "help_text": ""})]
    registration_page.save_revision().publish()
    assert "Naam van de school" in client.get(registration_page.url).content.decode()


def test_only_the_needed_fields_and_a_consent(registration_page):
    """Privacy: no date of birth, address or national number; consent is required."""
    fields = registration_page.get_form().fields
    assert not {"birth_date", "address", "national_number"} & fields.keys()
    assert fields["consent"].required


def test_the_administrator_sees_the_submission_in_the_pupils_history(client, registration_page, institution_admin):
    client.post(registration_page.url, registration_data())
    pupil = Pupil.objects.get(last_name="Peeters")
    client.force_login(institution_admin)
    history = client.get(f"/admin/studysupport/pupil/history/{pupil.pk}/").content.decode()
    assert pupil.external_code in history


def ad_hoc_data(**fields):
    return {"school": "", "website": "", "submission_token": str(uuid.uuid4()), **fields}


@pytest.fixture
def ad_hoc_page(db):
    index = InstitutionIndexPage.objects.get(slug="gent", locale__language_code="nl")
    page = index.add_child(
        instance=AdHocFormPage(
            title="Infoavond studieondersteuning",
            slug="infoavond",
            privacy_text="<p>De stad gebruikt uw naam alleen voor de infoavond.</p>",
            thank_you_text="<p>Tot dan!</p>",
            to_address="studieondersteuning@stad.gent",
            from_address="portal@localhost",
            subject="Inschrijving infoavond",
        )
    )
    page.form_fields.create(label="Naam", field_type="singleline", required=True)
    page.form_fields.create(label="School", field_type="singleline", required=False)
    page.save_revision().publish()
    return page


def test_an_ad_hoc_form_collects_submissions(client, ad_hoc_page):
    response = client.post(ad_hoc_page.url, ad_hoc_data(naam="Joke Claes", school="Sint-Jozef"))
    assert response.status_code == 200 and "Tot dan!" in response.content.decode()
    assert AdHocFormSubmission.objects.get(page=ad_hoc_page).get_data()["naam"] == "Joke Claes"
    assert "De stad gebruikt uw naam" in client.get(ad_hoc_page.url).content.decode()


def test_ad_hoc_forms_have_the_honeypot_and_the_rate_limit(client, ad_hoc_page, settings):
    settings.FORMS_RATE_LIMIT = (2, 3600)
    assert 'class="form-honeypot"' in client.get(ad_hoc_page.url).content.decode()
    client.post(ad_hoc_page.url, ad_hoc_data(naam="Bot", website="http://spam.example"))
    client.post(ad_hoc_page.url, ad_hoc_data(naam="Joke Claes"))
    assert list(AdHocFormSubmission.objects.filter(page=ad_hoc_page).values_list("form_data", flat=True)) == [
        {"naam": "Joke Claes", "school": ""}
    ]
    assert client.post(ad_hoc_page.url, ad_hoc_data(naam="Nog eens")).status_code == 429


def test_an_ad_hoc_form_sent_twice_is_one_submission_and_one_email(client, ad_hoc_page):
    data = ad_hoc_data(naam="Joke Claes")
    client.post(ad_hoc_page.url, data)
    client.post(ad_hoc_page.url, data)
    assert AdHocFormSubmission.objects.filter(page=ad_hoc_page).count() == 1
    assert len(mail.outbox) == 1 and "Joke Claes" in mail.outbox[0].body
    assert "submission_token" not in mail.outbox[0].body and "website" not in mail.outbox[0].body


def test_ad_hoc_submissions_are_listed_searched_and_exported(client, ad_hoc_page, admin_user):
    for name in ("Joke Claes", "Ömer Yılmaz", "Pieter De Smet"):
        client.post(ad_hoc_page.url, ad_hoc_data(naam=name))
    client.force_login(admin_user)
    url = reverse("wagtailforms:list_submissions", args=[ad_hoc_page.pk])
    listing = client.get(url).content.decode()
    assert all(name in listing for name in ("Joke Claes", "Ömer Yılmaz", "Pieter De Smet"))
    found = client.get(url, {"q": "yılmaz"}).content.decode()
    assert "Ömer Yılmaz" in found and "Joke Claes" not in found
    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200 and "Pieter De Smet" in export.getvalue().decode()


def test_communication_staff_can_add_both_kinds_of_form_page(client, communication_user):
    index = InstitutionIndexPage.objects.get(slug="gent", locale__language_code="nl")
    client.force_login(communication_user)
    for model in ("domainformpage", "adhocformpage"):
        response = client.get(reverse("wagtailadmin_pages:add", args=["forms_app", model, index.pk]))
        assert response.status_code == 200
    assert ContentPage in InstitutionIndexPage.allowed_subpage_models()
