"""P-F1, P-F2, P-F3: a submission becomes the domain's records, with a reference number and a confirmation."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from core.exchange import run_import
from forms_app.models import Submission
from studysupport.models import Initiative, Pupil, SubsidyApplication, Volunteer, WaitingListEntry
from tests.factories import InitiativeFactory, InstitutionFactory, recognise
from tests.forms_app.conftest import registration_data, subsidy_data

pytestmark = pytest.mark.django_db
REFERENCE = re.compile(r"SS-\d{4}-\d{5}")


def test_the_page_shows_the_form_in_dutch_with_its_editable_texts(client, registration_page):
    response = client.get(registration_page.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="nl"' in content
    assert "Voornaam van de leerling" in content  # the form's label, in the page's language
    assert "De naam van de school waar de leerling nu les volgt." in content  # help text from the page
    assert "Departement Onderwijs, Opvoeding en Jeugd" in content  # privacy statement
    assert 'name="csrfmiddlewaretoken"' in content


def test_the_pages_language_wins_over_the_active_one(rf, registration_page):
    """Labels and messages are rendered in the form's language even when another one is active."""
    from django.utils import translation

    with translation.override("en"):
        shown = registration_page.form_view(rf.get(registration_page.url)).content.decode()
        refused = registration_page.form_view(rf.post(registration_page.url, registration_data(email="x"))).content
    assert "Voornaam van de leerling" in shown
    assert "Voer een geldig e-mailadres in." in refused.decode()


def test_a_registration_puts_a_pupil_on_the_citys_waiting_list(client, registration_page, gent):
    """P-F1: a structured record, not a blob; no initiative chosen → the city's list."""
    response = client.post(registration_page.url, registration_data())
    assert response.status_code == 302
    pupil = Pupil.objects.get(last_name="Peeters", first_name="Lina")
    assert pupil.institution == gent and pupil.status == Pupil.Status.WAITING
    entry = WaitingListEntry.objects.get(pupil=pupil)
    assert entry.initiative is None and entry.closed_on is None
    submission = Submission.objects.get(record_id=pupil.pk)
    assert REFERENCE.fullmatch(submission.reference) and pupil.external_code == submission.reference
    assert submission.applicant_email == "sara@example.org" and submission.applicant_role == "Een ouder"


def test_the_chosen_initiatives_waiting_list(client, registration_page, gent):
    initiative = recognise(InitiativeFactory(institution=gent, keeps_waiting_list=True))
    client.post(registration_page.url, registration_data(initiative=str(initiative.pk)))
    pupil = Pupil.objects.get(last_name="Peeters")
    assert pupil.initiative == initiative
    assert WaitingListEntry.objects.get(pupil=pupil).initiative == initiative


def test_ss_r1_a_pupil_registered_twice_for_the_same_list_is_refused(client, registration_page, gent):
    from core.models import ReferenceCounter

    initiative = recognise(InitiativeFactory(institution=gent))
    client.post(registration_page.url, registration_data(initiative=str(initiative.pk)))
    response = client.post(registration_page.url, registration_data(initiative=str(initiative.pk), first_name="LINA"))
    assert "Deze leerling staat al op de wachtlijst van dit initiatief." in response.content.decode()
    assert Pupil.objects.filter(last_name="Peeters").count() == 1
    assert ReferenceCounter.objects.get(series="SS").last_number == 1  # the refused one took no number


def test_ss_r1_also_on_the_citys_list(client, registration_page):
    client.post(registration_page.url, registration_data())
    response = client.post(registration_page.url, registration_data())
    assert "Deze leerling staat al op de wachtlijst van de stad." in response.content.decode()
    assert WaitingListEntry.objects.filter(pupil__last_name="Peeters").count() == 1


def test_a_registered_pupil_can_wait_at_a_second_initiative(client, registration_page, gent):
    first, second = recognise(InitiativeFactory(institution=gent)), recognise(InitiativeFactory(institution=gent))
    client.post(registration_page.url, registration_data(initiative=str(first.pk)))
    assert client.post(registration_page.url, registration_data(initiative=str(second.pk))).status_code == 302
    pupil = Pupil.objects.get(last_name="Peeters")
    assert set(pupil.waiting_list_entries.values_list("initiative", flat=True)) == {first.pk, second.pk}
    assert Submission.objects.filter(record_id=pupil.pk).count() == 2


def test_only_the_institutions_initiatives_with_a_waiting_list_are_offered(client, registration_page, gent):
    listed = recognise(InitiativeFactory(institution=gent, name="Met wachtlijst"))
    unlisted = recognise(InitiativeFactory(institution=gent, name="Zonder wachtlijst", keeps_waiting_list=False))
    elsewhere = recognise(InitiativeFactory(institution=InstitutionFactory(), name="Elders"))
    applied = InitiativeFactory(institution=gent, name="Nog niet erkend")  # SS-R4: not recognised this year
    content = client.get(registration_page.url).content.decode()
    assert listed.name in content and unlisted.name not in content and elsewhere.name not in content
    assert applied.name not in content
    response = client.post(registration_page.url, registration_data(initiative=str(elsewhere.pk)))
    assert response.status_code == 200 and not Pupil.objects.filter(last_name="Peeters").exists()


def test_confirmation_page_and_emails_carry_the_reference(client, registration_page):
    """P-F2: shown on the confirmation page, e-mailed to the applicant and the notification addresses."""
    response = client.post(registration_page.url, registration_data(), follow=True)
    reference = Submission.objects.get().reference
    content = response.content.decode()
    assert reference in content and "De leerling staat nu op de wachtlijst" in content
    recipients = {tuple(message.to): message for message in mail.outbox}
    assert set(recipients) == {("sara@example.org",), ("studieondersteuning@stad.gent",)}
    assert all(reference in message.subject and reference in message.body for message in mail.outbox)
    assert all("Onderwijsportaal" in message.body for message in mail.outbox), "the portal named in Dutch (P-C3)"
    assert "Uw referentienummer" in recipients[("sara@example.org",)].body
    pupil = Pupil.objects.get(last_name="Peeters")
    notice = recipients[("studieondersteuning@stad.gent",)].body
    assert f"/admin/studysupport/pupil/inspect/{pupil.pk}/" in notice and "Lina" not in notice  # no personal data


def test_a_mail_server_failure_does_not_hide_the_reference(client, registration_page, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("forms_app.submissions.send_mail", refuse)
    response = client.post(registration_page.url, registration_data(), follow=True)
    reference = Submission.objects.get().reference
    assert reference in response.content.decode()
    assert f"Could not send the e-mails of submission {reference}" in caplog.text


def test_the_confirmation_needs_the_submissions_token(client, registration_page):
    response = client.get(registration_page.url + "confirmation/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 302 and response["Location"] == registration_page.url


def test_the_submission_is_in_the_records_history(client, registration_page):
    client.post(registration_page.url, registration_data())
    pupil = Pupil.objects.get(last_name="Peeters")
    # Registered, then put on the waiting list by its step (SS-R5): both rows name the submission.
    assert [row.status for row in pupil.history.order_by("history_id")] == ["registered", "waiting"]
    assert all(pupil.external_code in row.history_change_reason for row in pupil.history.all())


def test_errors_in_dutch_and_nothing_typed_is_lost(client, registration_page):
    """P-F3: server-side validation in the form's language; the typed values come back."""
    response = client.post(registration_page.url, registration_data(email="sara@", grade="9", consent=""))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in content
    assert "Zorg ervoor dat deze waarde hoogstens 7 is." in content
    assert "Zonder uw toestemming kunnen we het formulier niet aanvaarden." in content
    assert 'value="Lina"' in content and 'value="Basisschool De Wijze Boom"' in content and 'value="sara@"' in content
    assert "Verbeter het volgende" in content
    assert not Pupil.objects.filter(last_name="Peeters").exists() and not mail.outbox


def test_a_volunteer_awaits_screening(client, volunteer_page, gent):
    """The volunteer form is a model form: Volunteer's fields, the consent and an optional certificate."""
    from tests.forms_app.files import JPEG, upload

    content = client.get(volunteer_page.url).content.decode()
    assert "Voornaam" in content and "Geen voorkeur: de stad zoekt mee" in content
    data = {
        "first_name": "Jonas",
        "last_name": "Declercq",
        "email": "jonas@example.org",
        "phone": "0470 12 34 56",
        "initiative": "",
        "consent": "on",
        "website": "",
        "submission_token": "5d0f6c39-6c69-4f3b-9a51-0c1c5f0e4a11",
        "certificate": upload("uittreksel.jpg", JPEG, "image/jpeg"),
    }
    assert client.post(volunteer_page.url, data).status_code == 302
    volunteer = Volunteer.objects.get(last_name="Declercq")
    assert volunteer.screening_status == Volunteer.Screening.PENDING and volunteer.institution == gent
    submission = Submission.objects.get(record_id=volunteer.pk)
    assert submission.reference.startswith("SV-") and submission.applicant_name == "Jonas Declercq"
    assert submission.files.get().content_type == "image/jpeg"


def test_a_subsidy_application_with_its_budget(client, subsidy_page, gent):
    from tests.forms_app.files import PDF, upload

    response = client.post(subsidy_page.url, {**subsidy_data(), "budget": upload("begroting.pdf", PDF)})
    assert response.status_code == 302
    application = SubsidyApplication.objects.get(initiative__name="Huiswerkklas Brugse Poort")
    assert application.institution == gent and application.requested_amount == 2500
    assert Submission.objects.get(record_id=application.pk).files.get().original_name == "begroting.pdf"


def test_ss_r3_refuses_an_initiative_that_charges_and_keeps_no_number(client, subsidy_page):
    """The model's rule runs on the form's path as in the admin (P-A3); the refused submission uses no number."""
    from core.models import ReferenceCounter
    from tests.forms_app.files import PDF, upload

    data = {**subsidy_data(declares_support_free=""), "budget": upload("begroting.pdf", PDF)}
    response = client.post(subsidy_page.url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "Alleen initiatieven die gratis studieondersteuning geven kunnen aanvragen "
        "(visietekst studieondersteuning, doelstelling DS1)." in content
    )
    assert "Voeg dit bestand opnieuw toe" in content  # P-F3: files must be re-attached, and the page says so
    assert not Initiative.objects.filter(name="Huiswerkklas Brugse Poort").exists()
    assert not SubsidyApplication.objects.exists() or not ReferenceCounter.objects.filter(series="SA").exists()
    assert not ReferenceCounter.objects.filter(series="SA", last_number__gt=0).exists()


@pytest.mark.parametrize("language", ["ru", "uk", "en"])
def test_messages_in_the_language_of_a_translated_form_page(client, registration_page, language):
    """P-F3 in each of the portal's languages: the page's locale decides, not the visitor's browser."""
    from django.utils import translation
    from wagtail.models import Locale

    translated = registration_page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    translated.save_revision().publish()
    response = client.post(translated.url, registration_data(first_name=""), HTTP_ACCEPT_LANGUAGE="nl")
    with translation.override(language):
        expected = [
            str(translation.gettext("This field is required.")),
            translation.gettext("Please correct the following"),
        ]
    content = response.content.decode()
    assert all(message in content for message in expected), expected
    assert not Pupil.objects.filter(last_name="Peeters").exists()


def test_an_imported_pupil_cannot_take_the_number_the_form_gives_next(client, registration_page, gent):
    """Issue 16.3: codes of the form's shape are the form's; an import may keep them, never bring a new one."""
    header = b"institution;external_code;first_name;last_name;school_level;grade;school;district\n"
    row = b"gent;SS-%d-00001;Noor;Claes;BaO;3;De Wijze Boom;Rabot\n" % timezone.localdate().year
    report = run_import("studysupport.Pupil", header + row, "leerlingen.csv")
    assert not report.applied
    assert [(problem.line, problem.column) for problem in report.problems] == [(2, "External code")]
    assert "numbers the portal gives" in report.problems[0].message

    client.post(registration_page.url, registration_data())
    registered = Pupil.objects.get(first_name="Lina")
    assert registered.external_code == f"SS-{timezone.localdate().year}-00001"
    update = header + b"gent;%s;Lina;Peeters;BaO;5;De Wijze Boom;Rabot\n" % registered.external_code.encode()
    assert run_import("studysupport.Pupil", update, "leerlingen.csv").updated == 1, "its own code is kept"


def test_an_amount_is_typed_as_the_form_language_writes_it(client, subsidy_page):
    """«3000,00» on the Dutch form is three thousand euros, whatever the browser's own locale: the
    field is text for a decimal keyboard, not a number input that drops the comma."""
    from tests.forms_app.files import PDF, upload

    page = client.get(subsidy_page.url).content.decode()
    field = page[page.index('name="requested_amount"') - 200 :][:400]
    assert 'inputmode="decimal"' in field and 'type="number"' not in field
    data = {**subsidy_data(requested_amount="3000,00"), "budget": upload("begroting.pdf", PDF)}
    assert client.post(subsidy_page.url, data).status_code == 302
    assert SubsidyApplication.objects.get().requested_amount == 3000
