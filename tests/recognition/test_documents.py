"""Printed documents (issue 12 item 6): the commission protocol (Appendix 3) in each of its
variants, the application (Appendix 1) and the declaration (Appendix 2), as A4 HTML and PDF."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from core.admin import printed_document_url
from core.roles import INSTITUTION_ADMINISTRATOR
from recognition.models import RecognisedModule, Validation
from tests.factories import UserFactory
from tests.recognition.factories import (
    ApplicationFactory,
    DecisionFactory,
    DocumentFactory,
    MemberFactory,
    ModuleFactory,
    university,
)

pytestmark = pytest.mark.django_db
SHOTS = Path(settings.BASE_DIR) / "test-artifacts"
STUDENT, DISCIPLINE = "Коваленко Олена Петрівна", "Бази даних"
HEAD, TEACHER = "Кравець Олег Петрович", "Гончаренко Віктор Андрійович"


@pytest.fixture(autouse=True)
def admin(client):
    client.force_login(UserFactory(username="rc-print", role=INSTITUTION_ADMINISTRATOR, institution=university()))
    yield
    translation.deactivate()


def decided(outcome="semester_control", **fields):
    application = ApplicationFactory(
        student__full_name=STUDENT, discipline__name=DISCIPLINE, commission_order_number="17-р"
    )
    MemberFactory(application=application, full_name=HEAD, role="head", chairs=True)
    MemberFactory(application=application, full_name=TEACHER)
    DocumentFactory(application=application, title="Сертифікат Prometheus")
    DecisionFactory(application=application, protocol_number="5", outcome=outcome, **fields)
    return application


def printed(client, application, document="protocol"):
    """The page's words, inline markup (the filled-in blanks) dropped."""
    html = client.get(printed_document_url(application, document)).content.decode()
    html = re.sub(r"<[^>]+>", " ", re.sub(r"</?(span|strong|em)\b[^>]*>", "", html))
    return " ".join(html.split())


def test_the_protocol_pdf_holds_the_student_the_discipline_the_decision_and_the_members(client):
    application = decided(points=92)
    response = client.get(printed_document_url(application, "protocol"), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "recognition-protocol.pdf").write_bytes(response.content)
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "ПРОТОКОЛ № 5" in text and "«20» жовтня 2026 р." in text
    assert STUDENT in text and f"«{DISCIPLINE}»" in text
    assert "ПОВНУ ВІДПОВІДНІСТЬ" in text and "«A» (92 балів ЄКТС)" in text
    assert f"Голова: {HEAD}" in text and TEACHER in text and "Сертифікат Prometheus" in text


@pytest.mark.parametrize(
    ("outcome", "fields", "expected"),
    [
        ("not_recognised", {"points": None, "reasons": "Курс не охоплює SQL"}, "НЕВІДПОВІДНІСТЬ"),
        ("elective", {"points": 80}, "в рамках вибіркової складової освітньої програми"),
        ("validation", {"points": None, "assessment_form": "співбесіди"}, "у вигляді співбесіди"),
    ],
)
def test_each_decision_prints_its_variant_of_appendix_3(client, outcome, fields, expected):
    text = printed(client, decided(outcome, **fields))
    assert expected in text
    assert ("НЕ ВИЗНАВАТИ" in text) == (outcome == "not_recognised")
    assert ("НЕМАЄ МОЖЛИВОСТІ ВСТАНОВИТИ" in text) == (outcome == "validation")


def test_a_partial_decision_lists_the_modules_with_their_points(client):
    module = ModuleFactory(name="Реляційна модель даних")
    application = ApplicationFactory(
        student__programme=module.discipline.programme, discipline=module.discipline, variant="module", module=module
    )
    decision = DecisionFactory(application=application, outcome="current_control", points=None)
    RecognisedModule.objects.create(institution=university(), decision=decision, module=module, points=25)
    text = printed(client, application)
    assert "ЧАСТКОВУ ВІДПОВІДНІСТЬ" in text and "Змістовий модуль/тема: «Реляційна модель даних», бали: 25" in text


def test_the_second_protocol_follows_the_assessment(client):
    application = decided("validation", points=None, assessment_form="співбесіди")
    validation = Validation.objects.create(
        institution=university(),
        application=application,
        assessment_form="співбесіди",
        protocol_number="6",
        assessed_on=date(2026, 11, 3),
        result="recognised",
        points=85,
    )
    validation.assessors.set(application.commission.all())
    text = printed(client, application)
    assert "ПРОТОКОЛ № 6" in text and "За підсумками оцінювання** результатів навчання здобувача" in text
    assert f"в присутності членів цієї комісії {HEAD}, {TEACHER}" in text and "«B» (85 балів ЄКТС)" in text


def test_the_application_and_the_declaration_print_as_appendices_1_and_2(client):
    application = decided()
    application.prior_learning.create(institution=university(), outcomes="SQL-запити", provider="Prometheus")
    text = printed(client, application, "application")
    assert "ЗАЯВА" in text and "результати семестрового контролю з навчальної дисципліни" in text
    assert STUDENT in text and f"«{DISCIPLINE}»" in text
    declaration = printed(client, application, "declaration")
    assert "Декларація про попереднє навчання" in declaration and "1. SQL-запити" in declaration
    assert "Сертифікат Prometheus" in declaration and "місце видачі: Україна" in declaration
