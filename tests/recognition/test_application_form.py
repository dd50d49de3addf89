"""The student's application (Appendix 1) with the declaration (Appendix 2) and its documents on
the university's Ukrainian form page (clause 2.10): a valid submission becomes an application
with its reference number, lines, documents and private scans; RC-R1 and RC-R4 refuse it."""

import re
import uuid

import pytest

from forms_app.models import DomainFormPage, Submission, SubmissionFile
from recognition.models import RecognitionApplication
from tests.forms_app.files import PDF, upload
from tests.recognition.factories import DisciplineFactory, ModuleFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit_and_language")]
REGULATION = "/uk/metinvest-polytechnic/polozhennia-pro-vyznannia-rezultativ-navchannia/"


@pytest.fixture
def form_page():
    return DomainFormPage.objects.get(slug="zaiava-vyznannia-rezultativ-navchannia")


@pytest.fixture
def student():
    return StudentFactory(code="akit-2417", full_name="Коваленко Олена Петрівна", email="")


@pytest.fixture
def discipline(student):
    return DisciplineFactory(programme=student.programme, name="Бази даних")


def application(student, discipline, **overrides):
    return {
        "student_code": student.code.upper(),
        "applicant_name": "  коваленко олена  петрівна",  # as typed: case and spaces do not matter
        "email": "olena@example.org",
        "level": "bachelor",
        "course": str(student.course),
        "group": student.group,
        "faculty": student.faculty,
        "variant": "discipline",
        "learning_kind": "non_formal",
        "discipline": str(discipline.pk),
        "module": "",
        "line1_outcomes": "Проєктування реляційних баз даних, SQL",
        "line1_provider": "Prometheus",
        "line1_period_from": "2026-02-01",
        "line1_period_until": "2026-05-31",
        "line2_outcomes": "Індекси та оптимізація запитів",
        "line2_provider": "Стажування в ТОВ «Дата Лаб»",
        "document1_title": "Сертифікат про завершення курсу",
        "document1_issued_on": "2026-06-01",
        "document1_issuer": "Prometheus",
        "document1_issuer_website": "https://prometheus.org.ua",
        "document1_course_name": "Бази даних",
        "document1_volume": "90 годин",
        "document1_issued_in": "ukraine",
        "document1_scan": upload("sertyfikat.pdf", PDF),
        "acknowledged": "on",
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def test_the_regulation_links_the_form_and_the_form_speaks_ukrainian(client, form_page):
    regulation = client.get(REGULATION).content.decode()
    assert form_page.url in regulation and "Заповнити заяву" in regulation
    page = client.get(form_page.url).content.decode()
    legends = re.findall(r'<legend class="form-section__legend">([^<]+)</legend>', page)
    assert legends[:3] == ["Здобувач", "Заява", "Декларація про попереднє навчання: рядок 1"]
    assert "Номер залікової книжки" in page and "Де видано" in page


def test_a_valid_application_becomes_a_record_with_its_declaration_and_documents(
    client, form_page, student, discipline, mailoutbox
):
    response = client.post(form_page.url, application(student, discipline), follow=True)
    submission = Submission.objects.get()
    record = RecognitionApplication.objects.get()
    assert re.fullmatch(r"RC-\d{4}-\d{5}", record.reference) and record.reference == submission.reference
    assert record.reference in response.content.decode()
    assert (record.student, record.discipline, record.status, record.acknowledged) == (
        student,
        discipline,
        "submitted",
        True,
    )
    providers = [line.provider for line in record.prior_learning.order_by("pk")]
    assert providers == ["Prometheus", "Стажування в ТОВ «Дата Лаб»"]
    document = record.documents.get()  # the two blank document groups are left out
    assert (document.issuer_website, document.issued_in, document.excluded_reason) == (
        "https://prometheus.org.ua",
        "ukraine",
        "",
    )
    assert document.scan.read() == PDF and not SubmissionFile.objects.exists(), "kept once, in the document"
    assert record.history.get().history_change_reason.endswith(record.reference)
    assert submission.applicant_name == "Коваленко Олена Петрівна"
    assert [message.to for message in mailoutbox] == [["olena@example.org"]]
    assert record.reference in mailoutbox[0].body


def test_a_module_application_names_a_module_of_the_discipline(client, form_page, student, discipline):
    module = ModuleFactory(discipline=discipline, name="Реляційна модель")
    client.post(form_page.url, application(student, discipline, variant="module", module=str(module.pk)))
    assert RecognitionApplication.objects.get().module == module


def test_a_document_from_occupied_territory_is_recorded_and_kept_out(client, form_page, student, discipline):
    """RC-R3 (clause 2.1): the student records where it was issued; it is not considered."""
    client.post(form_page.url, application(student, discipline, document1_issued_in="occupied"))
    document = RecognitionApplication.objects.get().documents.get()
    assert "тимчасово окупованій території" in document.excluded_reason


def refused(client, form_page, data):
    response = client.post(form_page.url, data)
    assert response.status_code == 200 and not RecognitionApplication.objects.exists()
    return response.context["form"].errors


def test_rc_r1_a_course_work_is_refused_in_ukrainian(client, form_page, student):
    course_work = DisciplineFactory(programme=student.programme, component="course_work")
    errors = refused(client, form_page, application(student, course_work))
    assert errors["discipline"] == [
        "Дипломні проєкти, курсові роботи та курсові проєкти не визнаються (пункт 2.5 Положення)."
    ]


def test_rc_r4_a_discipline_of_a_professional_standard_is_refused_in_ukrainian(client, form_page, student):
    regulated = DisciplineFactory(programme=student.programme, professional_standard=True)
    errors = refused(client, form_page, application(student, regulated))
    assert "пункт 2.2 Положення" in errors["discipline"][0] and "професійними стандартами" in errors["discipline"][0]


def test_someone_who_is_not_a_student_of_the_university_is_refused(client, form_page, student, discipline):
    errors = refused(client, form_page, application(student, discipline, applicant_name="Іваненко Іван"))
    assert "немає здобувача з таким номером залікової книжки" in errors["student_code"][0]


def test_the_header_of_the_application_must_match_the_students_record(client, form_page, student, discipline):
    errors = refused(client, form_page, application(student, discipline, group="КН-23", course="4"))
    assert set(errors) == {"group", "course"} and "записами Університету" in errors["group"][0]


def test_a_started_document_needs_its_issuer_and_where_it_was_issued(client, form_page, student, discipline):
    errors = refused(client, form_page, application(student, discipline, document2_title="Довідка з місця роботи"))
    assert set(errors) == {"document2_issuer", "document2_issued_in"}


def test_a_missing_discipline_is_said_once(client, form_page, student, discipline):
    errors = refused(client, form_page, {**application(student, discipline), "discipline": ""})
    assert len(errors["discipline"]) == 1, errors["discipline"]
