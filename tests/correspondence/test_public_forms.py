"""The college's public forms in Russian, linked from the Regulation's page: a student sends a home
control work (CO-R6, CO-R7, the file by content and kept private) and requests a summons
certificate (CO-R15, by post with the address)."""

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from correspondence.models import HomeControlWork, SummonsCertificate
from forms_app.models import DomainFormPage, Submission, SubmissionFile
from tests.correspondence.factories import (
    DisciplineFactory,
    GroupFactory,
    SessionFactory,
    StudentFactory,
    WorkFactory,
    college,
)
from tests.forms_app.conftest import fresh_rate_limit_and_language  # noqa: F401 (autouse)
from tests.forms_app.files import DOCX, HTML, ODT, PDF, docx, upload

pytestmark = pytest.mark.django_db
REGULATION = "/ru/nhmt/polozhenie-o-zaochnom-otdelenii/"


@pytest.fixture
def work_page():
    return DomainFormPage.objects.get(slug="domashnyaya-kontrolnaya-rabota")


@pytest.fixture
def certificate_page():
    return DomainFormPage.objects.get(slug="spravka-vyzov")


@pytest.fixture
def student():
    return StudentFactory(code="З-24-017", name="Смирнова Ольга Николаевна", email="")


@pytest.fixture
def discipline():
    return DisciplineFactory(code="ОП.02", name="Техническая механика")


def work_data(student, discipline, **overrides):
    return {
        "student_code": student.code.lower(),
        "applicant_name": "  смирнова ольга  николаевна",  # as typed: case and spaces do not matter
        "group": str(student.group_id),
        "discipline": str(discipline.pk),
        "variant": "7",
        "file": upload("контрольная.docx", DOCX),
        "email": "olga@example.org",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def refused(client, page, data, model=HomeControlWork):
    before = model.objects.count()
    response = client.post(page.url, data)
    assert response.status_code == 200 and model.objects.count() == before
    return response.context["form"]


def test_the_regulation_links_both_forms_and_they_speak_russian(client, work_page, certificate_page):
    regulation = client.get(REGULATION).content.decode()
    assert work_page.url in regulation and "Отправить работу" in regulation
    assert certificate_page.url in regulation and "Заполнить заявку" in regulation
    page = client.get(work_page.url).content.decode()
    assert "Номер зачётной книжки" in page and "Работа (файл)" in page and "Вариант" in page
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx,.odt' in page
    page = client.get(certificate_page.url).content.decode()
    assert "Отправить справку по почте" in page and "Почтовый адрес" in page
    # The address is needed by post (CO-R15): its label says so instead of «optional».
    address = page[page.index('for="id_postal_address"') :][:300]
    assert "(обязательно при отправке по почте)" in address and "необязательно" not in address


def test_a_work_becomes_an_entry_of_the_journal_with_its_file_kept_private(
    client, work_page, student, discipline, mailoutbox
):
    response = client.post(work_page.url, work_data(student, discipline), follow=True)
    work = HomeControlWork.objects.get()
    submission = Submission.objects.get()
    assert re.fullmatch(r"CO-\d{4}-\d{5}", submission.reference)
    assert submission.reference in response.content.decode(), "the student's number on the confirmation page"
    assert (work.student, work.group, work.discipline, work.variant) == (student, student.group, discipline, "7")
    assert work.received_on == college().today() and work.registration_number is None and work.redo_of is None
    path = Path(work.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve()) and path.read_bytes() == DOCX
    assert not SubmissionFile.objects.exists(), "kept once, in the journal's entry"
    assert submission.applicant_name == "Смирнова Ольга Николаевна"
    assert [message.to for message in mailoutbox] == [["olga@example.org"]]
    assert submission.reference in mailoutbox[0].body


def test_an_odt_and_a_pdf_are_taken_too(client, work_page, student, discipline):
    client.post(work_page.url, work_data(student, discipline, file=upload("работа.odt", ODT)))
    client.post(work_page.url, work_data(student, discipline, file=upload("скан.pdf", PDF)))
    assert HomeControlWork.objects.count() == 2


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (upload("контрольная.docx", HTML), "Принимаются только файлы PDF, JPEG, PNG, DOCX, ODT"),
        (upload("контрольная.docx", docx(document=False)), "Файл не является документом DOCX"),
    ],
    ids=["html-named-docx", "zip-without-document"],
)
def test_a_file_that_is_not_a_work_is_refused_beside_the_field(
    client, work_page, student, discipline, uploaded, message
):
    form = refused(client, work_page, work_data(student, discipline, file=uploaded))
    assert message in form.errors["file"][0]


def test_co_r7_form_works_are_registered_in_order_of_arrival_with_their_numbers(client, work_page, discipline):
    """Two students of a group send works of a discipline; the journal numbers them as they arrived."""
    first = StudentFactory(name="Орлов Иван")
    second = StudentFactory(name="Зайцева Анна", group=first.group)
    for student in (first, second):
        data = work_data(student, discipline, applicant_name=student.name)
        assert client.post(work_page.url, data).status_code == 302
    earlier, later = HomeControlWork.objects.order_by("pk")
    with translation.override("ru"):
        needs = [str(need.message) for need in later.register_needs()]
    assert needs and "п. 6.6 Положения" in needs[0]
    earlier.register()
    later.register()
    assert (earlier.registration_number, later.registration_number) == (1, 2)


def test_co_r6_a_third_work_of_a_discipline_is_refused_beside_it_in_russian(client, work_page, student, discipline):
    WorkFactory.create_batch(2, student=student, discipline=discipline, received_on=college().today())
    form = refused(client, work_page, work_data(student, discipline))
    assert "не более 2 домашних контрольных работ (п. 6.3 Положения)" in form.errors["discipline"][0]


def test_co_r6_the_eleventh_work_of_a_year_is_refused_in_russian(client, work_page, student, discipline):
    for _ in range(10):
        WorkFactory(student=student, received_on=college().today())
    form = refused(client, work_page, work_data(student, discipline))
    assert "п. 6.3 Положения" in form.non_field_errors()[0] and "10" in form.non_field_errors()[0]


def test_co_r10_a_work_sent_again_after_it_was_returned_is_its_redo(client, work_page, student, discipline):
    today = college().today()
    WorkFactory(student=student, discipline=discipline, received_on=today, result="passed")
    returned = WorkFactory(student=student, discipline=discipline, received_on=today, result="failed")
    assert client.post(work_page.url, work_data(student, discipline)).status_code == 302
    assert HomeControlWork.objects.latest("pk").redo_of == returned


def test_someone_who_is_not_a_student_of_the_college_is_refused(client, work_page, student, discipline):
    form = refused(client, work_page, work_data(student, discipline, applicant_name="Смирнова Анна"))
    assert "нет студента с таким номером зачетной книжки" in form.errors["student_code"][0]


def test_a_work_for_another_group_is_refused_beside_the_group(client, work_page, student, discipline):
    form = refused(client, work_page, work_data(student, discipline, group=str(GroupFactory().pk)))
    assert form.errors["group"] == [f"{student.name} учится в группе {student.group}."]


def test_another_colleges_discipline_is_not_offered(client, work_page, student):
    from tests.factories import InstitutionFactory

    elsewhere = DisciplineFactory(institution=InstitutionFactory())
    form = refused(client, work_page, work_data(student, elsewhere))
    assert "discipline" in form.errors


# Summons certificates (CO-R15) ---------------------------------------------------------------------


@pytest.fixture
def session(student):
    today = college().today()
    return SessionFactory(
        group=student.group,
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=49),
        timetable_approved_on=today,
    )


def certificate_data(student, session, **overrides):
    return {
        "student_code": student.code,
        "applicant_name": student.name,
        "session": str(session.pk),
        "employer": "ООО «Химпром», г. Новочебоксарск",
        "by_post": "on",
        "postal_address": "429950, г. Новочебоксарск, ул. Винокурова, д. 10, кв. 5",
        "email": "olga@example.org",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def test_a_request_becomes_a_certificate_awaiting_issue(client, certificate_page, student, session, mailoutbox):
    response = client.post(certificate_page.url, certificate_data(student, session), follow=True)
    certificate = SummonsCertificate.objects.get()
    reference = Submission.objects.get().reference
    assert reference.startswith("CO-") and reference in response.content.decode()
    assert (certificate.student, certificate.session, certificate.by_post) == (student, session, True)
    assert certificate.postal_address.startswith("429950") and certificate.requested_on == college().today()
    assert certificate.issued_on is None and certificate.journal_number is None
    assert reference in mailoutbox[0].body


def test_co_r15_by_post_without_an_address_is_refused_beside_the_address(client, certificate_page, student, session):
    form = refused(client, certificate_page, certificate_data(student, session, postal_address=" "), SummonsCertificate)
    assert form.errors["postal_address"] == ["Укажите адрес, по которому справку направят почтой (п. 5.3 Положения)."]


def test_without_post_the_address_is_not_needed(client, certificate_page, student, session):
    data = certificate_data(student, session, postal_address="")
    del data["by_post"]
    assert client.post(certificate_page.url, data).status_code == 302
    assert SummonsCertificate.objects.get().by_post is False


def test_a_session_of_another_group_is_refused(client, certificate_page, student, session):
    other = SessionFactory(starts_on=session.starts_on, ends_on=session.ends_on)
    form = refused(client, certificate_page, certificate_data(student, other), SummonsCertificate)
    assert "session" in form.errors


def test_a_past_session_is_not_offered(client, certificate_page, student, session):
    today = college().today()
    past = SessionFactory(
        group=student.group,
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=95),
        timetable_approved_on=today - timedelta(days=115),
    )
    form = refused(client, certificate_page, certificate_data(student, past), SummonsCertificate)
    assert "session" in form.errors
