"""The parent's application (Appendix 1, HS-R1): a form page of school No. 8 in Russian whose
valid submission becomes a case with its reference number; the scans stay private, reachable
from the case by the school's staff only."""

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import DomainFormPage, Submission, SubmissionFile
from homeschool.models import HomeSchoolingCase
from tests.factories import InstitutionFactory, UserFactory
from tests.forms_app.files import PDF, PNG, upload
from tests.homeschool.factories import CaseFactory, school_8

pytestmark = pytest.mark.django_db
YEAR = date.today().year


@pytest.fixture
def form_page():
    return DomainFormPage.objects.get(slug="zayavlenie-obuchenie-na-domu")


def application(**overrides):
    return {
        "applicant_name": "Соколова Ирина Андреевна",
        "applicant_address": "г. Верхний Тагил, ул. Маяковского, 3",
        "applicant_phone": "+7 912 000-11-22",
        "applicant_email": "sokolova@example.org",
        "child_name": "Соколов Максим Олегович",
        "child_birth_year": "2016",
        "class_name": "4 А",
        "programme": "basic",
        "pmpk_conclusion_date": "",
        "pmpk_conclusion_number": "",
        "medical_conclusion": "Справка ВК № 52 от 25.08.2026",
        "medical_organisation": "ГАУЗ СО «Верхнетагильская ГБ»",
        "medical_organisation_address": "г. Верхний Тагил, ул. Лесная, 1",
        "period_start": "2026-09-01",
        "period_end": "2027-05-31",
        "medical_document": upload("spravka.pdf", PDF),
        "acknowledged": "on",
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def test_the_regulation_links_the_form_and_the_form_speaks_russian(client, form_page):
    regulation = client.get("/ru/vtagil-school-8/polozhenie-ob-obuchenii-na-domu/").content.decode()
    assert form_page.url in regulation and "Заполнить заявление" in regulation
    page = client.get(form_page.url).content.decode()
    assert "ФИО ребёнка" in page and "Медицинское заключение" in page
    legends = re.findall(r'<legend class="form-section__legend">([^<]+)</legend>', page)
    assert legends == [
        "Заявитель",
        "Ребёнок",
        "Заключение ПМПК (при наличии)",
        "Медицинское заключение и период обучения на дому",
    ]
    assert "passport" not in page and "паспорт" not in page.replace("Паспортные данные здесь не нужны", "")


def test_a_valid_application_becomes_a_case_with_its_reference_number(client, form_page, mailoutbox):
    response = client.post(form_page.url, application(), follow=True)
    case = HomeSchoolingCase.objects.get()
    submission = Submission.objects.get()
    assert case.reference == submission.reference and case.reference.startswith("HS-")
    assert case.reference in response.content.decode()
    assert (case.institution, case.status, case.education_level) == (school_8(), "submitted", "primary")
    assert case.documents_received_on is None and case.acknowledged
    assert case.history.get().history_change_reason.endswith(case.reference)
    # One place for the scan: the case's own private file field, not a second copy as an attachment.
    assert case.medical_document.read() == PDF and not SubmissionFile.objects.exists()
    assert [message.to for message in mailoutbox] == [["sokolova@example.org"]]
    assert case.reference in mailoutbox[0].body and "Ваш регистрационный номер" in mailoutbox[0].body


@pytest.mark.parametrize("name", ["𠜎" * 120 + ".pdf", "справка..итог.pdf"])
def test_any_real_file_name_is_accepted_and_stored_within_the_file_systems_limit(client, form_page, name):
    """Issue 16.10: a name of four-byte letters longer than 255 bytes, or with two dots, is a name."""
    response = client.post(form_page.url, application(medical_document=upload(name, PDF)), follow=True)
    case = HomeSchoolingCase.objects.get()
    assert case.reference in response.content.decode()
    stored = Path(case.medical_document.path)
    assert len(stored.name.encode()) <= 255 and stored.suffix == ".pdf" and stored.read_bytes() == PDF


def test_hs_r1_an_adapted_programme_needs_the_pmpk_conclusion_and_its_scan(client, form_page):
    response = client.post(form_page.url, application(programme="adapted"))
    page = response.content.decode()
    assert response.status_code == 200 and not HomeSchoolingCase.objects.exists()
    assert "Для адаптированной программы нужно заключение ПМПК: приложите его (пункт 2.1 Положения)." in page
    assert "Для адаптированной программы нужно заключение ПМПК: его дата и номер (пункт 2.1 Положения)." in page
    assert "Соколов Максим Олегович" in page, "nothing typed is lost"

    client.post(
        form_page.url,
        application(
            programme="adapted",
            pmpk_conclusion_date="2026-05-12",
            pmpk_conclusion_number="№ 341, ТПМПК г. Кировграда",
            pmpk_document=upload("pmpk.png", PNG, "image/png"),
        ),
    )
    case = HomeSchoolingCase.objects.get()
    assert case.pmpk_document.read() == PNG and case.pmpk_conclusion_number == "№ 341, ТПМПК г. Кировграда"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"medical_document": ""}, "medical_document", "Приложите медицинское заключение (пункт 2.2 Положения)."),
        ({"period_end": "2026-08-01"}, "period_end", "Период заканчивается раньше, чем начинается."),
        ({"class_name": "пятый"}, "class_name", "Укажите класс номером от 1 до 11 и буквой, например 5 Б."),
        (
            {"child_birth_year": "1960"},
            "child_birth_year",
            f"Укажите год рождения ребёнка, от {YEAR - 23} до {YEAR - 5}.",
        ),
        ({"consent": ""}, "consent", "Без вашего согласия мы не можем принять форму."),
    ],
    ids=["no-medical-scan", "period-reversed", "class-without-number", "birth-year", "no-consent"],
)
def test_refusals_are_clear_and_in_russian(client, form_page, overrides, field, message):
    response = client.post(form_page.url, application(**overrides))
    assert response.status_code == 200 and not HomeSchoolingCase.objects.exists()
    assert message in response.context["form"].errors[field]


def test_the_class_gives_the_level_of_education(client, form_page):
    client.post(form_page.url, application(class_name="10 Б"))
    assert HomeSchoolingCase.objects.get().education_level == "secondary"


# The scans from the case (P-F4 with P-A2) ------------------------------------------------------
def case_with_scan():
    case = CaseFactory()
    case.medical_document.save("spravka.pdf", ContentFile(PDF))
    return case


def scan_url(case, field="medical_document"):
    return f"/admin/record-files/homeschool/homeschoolingcase/{case.pk}/{field}/"


def test_the_schools_staff_download_the_scan_from_the_case(client):
    case = case_with_scan()
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    inspect = client.get(f"/admin/homeschool/homeschoolingcase/inspect/{case.pk}/").content.decode()
    assert scan_url(case) in inspect
    edit = client.get(f"/admin/homeschool/homeschoolingcase/edit/{case.pk}/").content.decode()
    assert f'href="{scan_url(case)}"' in edit and "/media/homeschool/" not in edit, "never a public media URL"
    response = client.get(scan_url(case))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_another_schools_staff_and_strangers_do_not_get_the_scan(client):
    case = case_with_scan()
    other = InstitutionFactory(code="other-school", country="RU", language="ru")
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=other))
    # P-A2: the same 404 as for a case that does not exist, so the answer is no existence oracle.
    assert client.get(scan_url(case)).status_code == 404
    missing = scan_url(case).replace(f"/{case.pk}/", f"/{case.pk + 1000}/")
    assert client.get(missing).status_code == 404
    client.logout()
    assert client.get(scan_url(case)).status_code == 302  # to the admin's login


@pytest.mark.parametrize(
    "url",
    [
        "/admin/record-files/homeschool/homeschoolingcase/{pk}/pmpk_document/",  # no scan stored
        "/admin/record-files/homeschool/homeschoolingcase/{pk}/child_name/",  # not a file
        "/admin/record-files/core/importbatch/{pk}/file/",  # not a record of an institution
        "/admin/record-files/homeschool/nosuchmodel/{pk}/file/",
    ],
)
def test_only_a_records_stored_private_documents_are_served(client, url):
    case = case_with_scan()
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    assert client.get(url.format(pk=case.pk)).status_code == 404


def test_deleting_a_case_deletes_its_scans_unless_a_renewal_keeps_them(django_capture_on_commit_callbacks):
    case = case_with_scan()
    case.pmpk_document.save("pmpk.pdf", ContentFile(PDF))
    storage, medical, pmpk = case.medical_document.storage, case.medical_document.name, case.pmpk_document.name
    renewal = CaseFactory(renews=case, pmpk_document=pmpk)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.delete()
    assert storage.exists(pmpk), "the case still keeps the ПМПК conclusion"
    with django_capture_on_commit_callbacks(execute=True):
        case.delete()
    assert not storage.exists(medical) and not storage.exists(pmpk)
