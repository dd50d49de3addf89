"""Printed documents (issue 13 items 4, 7, 8): the summons certificate (CO-R15, the form of order
No. 1368), the journal of home control works as kept on paper (CO-R7), and after a session the
summary grade sheet, the students with debts and the draft transfer order (CO-R17), as A4 HTML and PDF
in Russian, each printed only from the records the user may see."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from core.admin import printed_document_url
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.correspondence.factories import (
    CertificateFactory,
    CurriculumLineFactory,
    ResultFactory,
    SessionFactory,
    SickLeaveFactory,
    StudentFactory,
    TeacherFactory,
    WorkFactory,
    college,
)
from tests.factories import UserFactory, put_in_state
from tests.recognition.factories import university

pytestmark = pytest.mark.django_db
SHOTS = Path(settings.BASE_DIR) / "test-artifacts"
JOURNAL = "/admin/correspondence/homecontrolwork/print_list/journal/"
STUDENT = "Иванов Алексей Сергеевич"


@pytest.fixture(autouse=True)
def head(client):
    user = UserFactory(username="nhmt-print", role=INSTITUTION_ADMINISTRATOR, institution=college())
    client.force_login(user)
    yield user
    translation.deactivate()


def pdf_text(response, name):
    assert response["Content-Type"] == "application/pdf"
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / f"correspondence-{name}.pdf").write_bytes(response.content)
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def words(response):
    """The page's words, inline markup (the filled-in blanks) dropped."""
    html = re.sub(r"<[^>]+>", " ", re.sub(r"</?(span|strong|em)\b[^>]*>", "", response.content.decode()))
    return " ".join(html.split())


def issued_certificate():
    certificate = CertificateFactory(student__name=STUDENT, student__group__code="ТМ-24з", employer="АО «Промтрактор»")
    return put_in_state(certificate, issued_on=date(2026, 12, 20), journal_number=17)


def test_the_summons_certificate_pdf_holds_the_college_the_number_the_student_and_the_session(client):
    certificate = issued_certificate()
    response = client.get(printed_document_url(certificate, "certificate"), {"format": "pdf"})
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1, "the certificate and its cut-off confirmation"
    text = pdf_text(response, "certificate")
    assert "СПРАВКА-ВЫЗОВ" in text and "статьей 174 Трудового кодекса" in text
    assert "Новочебоксарский химико-механический техникум" in text and "Рег. № 17 от 20.12.2026" in text
    assert STUDENT in text and "АО «Промтрактор»" in text and "ТМ-24з" in text
    assert "продолжительностью 20 календарных дней с «11» января 2027 г. по «30» января 2027 г." in text
    assert "промежуточной аттестации" in text and "СПРАВКА-ПОДТВЕРЖДЕНИЕ" in text


def test_the_summons_certificate_names_the_form_course_and_specialty_and_leaves_arrival_and_departure(client):
    certificate = issued_certificate()
    page = words(client.get(printed_document_url(certificate, "certificate")))
    assert "обучающемуся по очно-заочной, заочной форме обучения на 3 курсе, в группе ТМ-24з" in page
    assert "15.02.16 Технология машиностроения" in page
    assert 'class="filled">заочной' in client.get(printed_document_url(certificate, "certificate")).content.decode()
    assert "Дата прибытия: «___»" in page and "Дата выбытия: «___»" in page


def test_a_certificate_of_another_college_does_not_print(client):
    other = UserFactory(username="rc-head", role=INSTITUTION_ADMINISTRATOR, institution=university())
    client.force_login(other)
    response = client.get(printed_document_url(issued_certificate(), "certificate"))
    assert response.status_code in (403, 404)


def session_with_results():
    """A group after its session: Анна passed everything, Борис failed the exam, Вера was not admitted."""
    exam = CurriculumLineFactory(home_control_works=0, discipline__name="Техническая механика")
    group = exam.group
    credit = CurriculumLineFactory(group=group, attestation="credit", home_control_works=0)
    CurriculumLineFactory(group=group, attestation="exam", home_control_works=0)  # attested in another session
    session = SessionFactory(group=group)
    anna, boris, vera = (StudentFactory(group=group, name=name) for name in ("Анна Орлова", "Борис Титов", "Вера Ким"))
    for student, grade in ((anna, "5"), (boris, "2"), (vera, "not_admitted")):
        ResultFactory(student=student, discipline=exam.discipline, session=session, grade=grade)
        ResultFactory(student=student, discipline=credit.discipline, session=session, kind="credit", grade="passed")
    return session


def test_the_summary_sheet_pdf_holds_the_students_the_session_dates_and_the_grades(client):
    session = session_with_results()
    text = pdf_text(client.get(printed_document_url(session, "summary"), {"format": "pdf"}), "summary")
    assert "СВОДНАЯ ВЕДОМОСТЬ" in text and "Сессия с 11.01.2027 по 30.01.2027" in text
    assert "Анна Орлова" in text and "Борис Титов" in text and "Вера Ким" in text
    assert "Техническая механика" in text and "не допущен" in text and "зачтено" in text
    assert text.count("Экзамен") == 1, "only the disciplines the session attested"
    assert "сдали сессию без задолженностей: 1; имеют задолженности: 2" in text


def test_the_debtors_and_the_draft_transfer_order_name_who_is_in_debt_and_who_moves_up(client):
    session = session_with_results()
    debtors = words(client.get(printed_document_url(session, "debtors")))
    assert "Борис Титов" in debtors and "Вера Ким" in debtors and "Анна Орлова" not in debtors
    assert "Техническая механика — 2" in debtors and "— не допущен" in debtors
    order = pdf_text(client.get(printed_document_url(session, "transfer"), {"format": "pdf"}), "transfer")
    assert "ПРОЕКТ" in order and "О переводе студентов группы" in order and "на 4 курс" in order
    transferred, conditionally = order.split("условно")
    assert "Анна Орлова" in transferred and "Борис Титов" not in transferred
    assert "Борис Титов" in conditionally and "Вера Ким" in conditionally and "часть 8 статьи 58" in order


def test_the_admission_list_says_who_is_not_admitted_and_why(client):
    """CO-R5 (issue 13 item 6): in the correspondence form a student is admitted with every home control work of
    the discipline passed; the list gives the reason of each one who is not."""
    line = CurriculumLineFactory(home_control_works=1, discipline__name="Техническая механика")
    session = SessionFactory(group=line.group)
    passed = StudentFactory(group=line.group, name="Анна Орлова")
    put_in_state(WorkFactory(student=passed, group=line.group, discipline=line.discipline), result="passed")
    StudentFactory(group=line.group, name="Борис Титов")
    text = pdf_text(client.get(printed_document_url(session, "admission"), {"format": "pdf"}), "admission")
    assert "допуска студентов к промежуточной аттестации" in text and "Техническая механика" in text
    assert "Анна Орлова" in text and "Борис Титов" in text
    admitted, refused = text.split("Анна Орлова")[1], text.split("Борис Титов")[1]
    assert admitted.split()[1] == "допущен"
    assert refused.split("не допущен:")[1].split("»")[0].strip() == f"по дисциплине «{line.discipline}"


def journal():
    """Two groups' works; the teacher of the first was on sick leave while reviewing it."""
    teacher = TeacherFactory(name="Григорьев Сергей Петрович")
    SickLeaveFactory(teacher=teacher, starts_on=date(2026, 11, 5), ends_on=date(2026, 11, 9))
    ours = WorkFactory(student__name=STUDENT, student__group__code="ТМ-24з", teacher=teacher, variant="5")
    put_in_state(ours, registration_number=1, registered_on=date(2026, 11, 2), reviewed_on=date(2026, 11, 20))
    put_in_state(ours, result="passed", review_due_on=date(2026, 11, 21))
    other = WorkFactory(student__name="Николаева Анна Игоревна", student__group__code="ХТ-25в")
    return ours, other


def test_the_journal_prints_the_works_of_the_chosen_group_with_the_sick_leave_mark(client):
    ours, _other = journal()
    page = words(client.get(JOURNAL, {"group__id__exact": ours.group_id}))
    assert "ЖУРНАЛ учета домашних контрольных работ" in page
    assert f"1 02.11.2026 {STUDENT} ТМ-24з {ours.discipline} 5 Григорьев Сергей Петрович 20.11.2026 зачет" in page
    assert "б/л с 05.11.2026 по 09.11.2026" in page and "Николаева" not in page
    text = pdf_text(client.get(JOURNAL, {"group__id__exact": ours.group_id, "format": "pdf"}), "journal")
    assert STUDENT in text and "б/л с 05.11.2026 по 09.11.2026" in text and "Николаева" not in text


def test_the_journal_list_links_its_print_with_the_filters_and_a_teacher_prints_only_their_works(client, head):
    ours, other = journal()
    listing = client.get("/admin/correspondence/homecontrolwork/", {"group__id__exact": ours.group_id})
    assert f'href="{JOURNAL}?group__id__exact={ours.group_id}"' in listing.content.decode()
    reviewer = UserFactory(username="nhmt-printing-teacher", role=REVIEWER, institution=college())
    put_in_state(ours.teacher, user=reviewer)
    client.force_login(reviewer)
    page = words(client.get(JOURNAL))
    assert STUDENT in page and "Николаева" not in page


def test_an_unknown_list_document_or_a_print_export_typed_into_the_list_is_not_found(client):
    assert client.get("/admin/correspondence/homecontrolwork/print_list/nothing/").status_code == 404
    assert client.get("/admin/correspondence/homecontrolwork/", {"export": "print"}).status_code == 404
