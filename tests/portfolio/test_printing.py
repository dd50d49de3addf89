"""Printed sheets in Russian (Appendices 3 and 4, issue 14 items 6, 7 and 9): the pupil's summary
sheet, the class summary sheet with the director's approval line, the annual rating (names only
when the school publishes them) and the whole portfolio for the family, as A4 HTML and PDF; the
family prints its own child's sheet and portfolio, never another's."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from core.admin import printed_document_url
from core.roles import INSTITUTION_ADMINISTRATOR
from portfolio.models import AnnualRating, ClassSummarySheet
from tests.factories import UserFactory
from tests.portfolio.factories import AchievementFactory, HalfYearScoreFactory, PupilFactory, emishevo
from visitors.session import SESSION_KEY

pytestmark = pytest.mark.django_db
FAMILY = "sokolovy@example.org"


@pytest.fixture(autouse=True)
def language():
    yield
    translation.deactivate()


@pytest.fixture
def director(client):
    client.force_login(UserFactory(username="pf-print", role=INSTITUTION_ADMINISTRATOR, institution=emishevo()))
    return client


@pytest.fixture
def pupil():
    pupil = PupilFactory(last_name="Соколова", first_name="Мария", patronymic="Игоревна", family_email=FAMILY)
    scored = {"school_class": pupil.school_class, "scored_on": date(2026, 12, 1)}
    HalfYearScoreFactory(
        pupil=pupil, half=1, study=Decimal("7.5"), sports=Decimal("3"), total=Decimal("10.5"), **scored
    )
    HalfYearScoreFactory(pupil=pupil, half=2, study=Decimal("8"), total=Decimal("8"), **scored)
    return pupil


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def words(response):
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.split())


def test_the_pupils_summary_sheet_prints_appendix_3_with_the_totals(director, pupil):
    url = printed_document_url(pupil, "sheet")
    page = words(director.get(url))
    assert "Приложение 3" in page and "ИТОГОВАЯ ВЕДОМОСТЬ" in page and "Соколова Мария Игоревна" in page
    assert "Учебная деятельность 7,50 8,00 15,50" in page and "ИТОГО: 10,50 8,00 18,50" in page
    text = pdf_text(director.get(url, {"format": "pdf"}))
    assert "Соколова Мария Игоревна" in text and "18,50" in text and "15,50" in text


def test_the_class_sheet_prints_appendix_4_with_the_directors_approval(director, pupil):
    sheet = ClassSummarySheet.objects.create(institution=emishevo(), school_class=pupil.school_class)
    page = words(director.get(printed_document_url(sheet, "sheet")))
    assert "Приложение 4" in page and "УТВЕРЖДАЮ Директор школы" in page and "«____»" in page
    assert "1. Соколова Мария 15,50 0,00 3,00 0,00 0,00 0,00 0,00 18,50" in page
    ClassSummarySheet.objects.filter(pk=sheet.pk).update(approved_on=date(2026, 12, 5))  # as the step sets it
    text = pdf_text(director.get(printed_document_url(sheet, "sheet"), {"format": "pdf"}))
    assert "05.12.2026" in text and "Соколова Мария" in text and "18,50" in text


def test_the_rating_prints_names_only_when_the_school_publishes_them(director, pupil):
    rating = AnnualRating.objects.create(institution=emishevo(), school_year=2026)
    page = words(director.get(printed_document_url(rating, "rating")))
    assert "18,50" in page and "Соколова" not in page and "без фамилий" in page
    rating.names_published = True
    rating.save()
    assert "Соколова Мария" in words(director.get(printed_document_url(rating, "rating")))


def test_the_whole_portfolio_prints_for_the_family_when_the_pupil_leaves(director, pupil):
    AchievementFactory(pupil=pupil, title="Олимпиада по математике", status="confirmed")
    text = pdf_text(director.get(printed_document_url(pupil, "portfolio"), {"format": "pdf"}))
    assert "ПОРТФОЛИО ОБУЧАЮЩЕГОСЯ" in text and "Соколова Мария Игоревна" in text
    assert "Олимпиада по математике" in text and "18,50" in text


def signed_in_family(client):
    session = client.session
    session[SESSION_KEY] = FAMILY
    session.save()
    return client


def test_the_family_prints_its_childs_sheet_and_portfolio_and_no_other(client, pupil):
    other = PupilFactory(family_email="petrovy@example.org")
    family = signed_in_family(client)
    text = pdf_text(family.get(f"/ru/my/portfolio/{pupil.pk}/print/sheet/", {"format": "pdf"}))
    assert "Соколова Мария Игоревна" in text and "18,50" in text
    assert family.get(f"/ru/my/portfolio/{pupil.pk}/print/portfolio/").status_code == 200
    assert family.get(f"/ru/my/portfolio/{other.pk}/print/sheet/").status_code == 404
    assert family.get(f"/ru/my/portfolio/{pupil.pk}/print/protocol/").status_code == 404
