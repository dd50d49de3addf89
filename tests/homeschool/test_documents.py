"""Printed documents (issue #6, step 5): the order and the contract with its appendices, as A4
HTML and as PDF, filled from the records; the PDF's text is checked, its pages saved as PNG."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.admin import printed_document_url
from core.roles import INSTITUTION_ADMINISTRATOR
from homeschool.demo import load_demo_records
from homeschool.models import HomeSchoolingCase, HomeSchoolingContract, HomeSchoolingOrder
from tests.factories import UserFactory
from tests.homeschool.factories import school_8

pytestmark = pytest.mark.django_db
SHOTS = Path(tempfile.gettempdir()) / "shots-home"  # the pages as PNG, to look at


@pytest.fixture
def demo(client):
    admin = UserFactory(username="vtagil-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    load_demo_records()
    client.force_login(admin)
    return HomeSchoolingCase.objects.get(status="organised")


def russian_number(value):
    """5.5 as printed in Russian: 5,5; 6.0 as 6."""
    return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")


def pdf_text(response, name):
    assert response["Content-Type"] == "application/pdf"
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.pdf"
    path.write_bytes(response.content)
    if shutil.which("pdftoppm"):  # PNGs to look at; poppler-utils is optional
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(path), str(SHOTS / name)], check=True)
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages), len(reader.pages)


def test_the_contract_pdf_carries_the_pupil_the_term_and_the_curriculum_totals(client, demo):
    contract = demo.contract
    url = f"/admin/homeschool/homeschoolingcontract/print/{contract.pk}/contract/"
    html = client.get(url).content.decode()
    assert "@page" in html and "size: A4" in html
    text, pages = pdf_text(client.get(url, {"format": "pdf"}), "contract")
    assert pages >= 3, "the contract, then its two appendices on pages of their own"
    assert "ДОГОВОР № 14" in text and demo.child_name in text
    assert f"с {contract.term_start:%d.%m.%Y} по {contract.term_end:%d.%m.%Y}" in text
    totals = {key: russian_number(value) for key, value in demo.curriculum.totals().items()}
    assert "Общий объём недельной нагрузки: {with_teacher} {distance} {self_study} {total}".format(**totals) in text
    assert totals["total"] == "15"
    assert "Паспорт № 482913 Серия 6515" in text, "the passport data staff entered"
    assert "Индивидуальное расписание занятий" in text and "Логопедические занятия" in text


def test_the_order_pdf_lists_pupils_teachers_and_weekly_load(client, demo):
    order = demo.teacher_assignments.first().order
    url = f"/admin/homeschool/homeschoolingorder/print/{order.pk}/order/"
    text, _pages = pdf_text(client.get(url, {"format": "pdf"}), "order")
    assert "ПРИКАЗ" in text and f"№ {order.number}" in text
    assert demo.child_name in text and "Орлова Татьяна Викторовна" in text
    assert f"{order.school_year}/{order.school_year + 1} учебном году" in text
    assert "Итого 6 6" in text, "hours and lessons a week of the pupil"
    assert "Кузнецова Наталья Сергеевна" in text


def test_documents_print_in_russian_whatever_the_admins_language(client, demo):
    html = client.get(
        f"/admin/homeschool/individualschedule/print/{demo.schedule.pk}/schedule/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Понедельник" in html and "Monday" not in html


def test_the_order_and_contract_need_no_inline_script_or_style_attribute(client, demo):
    """The Content-Security-Policy (core/csp.py) with the demo's full order and contract."""
    for record, document in (
        (HomeSchoolingOrder.objects.get(number="112-од"), "order"),
        (HomeSchoolingContract.objects.get(case=demo), "contract"),
    ):
        response = client.get(printed_document_url(record, document))
        assert response.status_code == 200
        html = response.content.decode()
        assert not re.search(r"\son[a-z]+=|\sstyle=", html), "no inline event handlers or style attributes"
        assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/js/print.js">']
        assert "Content-Security-Policy" in response


def test_demo_history_speaks_the_schools_language(demo):
    reasons = list(demo.history.values_list("history_change_reason", flat=True))
    assert "Демонстрационные данные (make run)" in reasons
    assert demo.history.last().history_change_reason.startswith("Продление дела HS-2025-"), "renewed (HS-R9)"
