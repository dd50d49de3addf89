"""Issue 11, item 5: each institution has its time zone. Its records' times are shown in it
(lists, history, revert reasons, the audit log, e-mails, printed documents) and its days count
in it (deadlines, the daily run, workflow steps); English dates are unambiguous.

The clock stops at 20:30 UTC on 3 December 2026: 21:30 on the 3rd in Ghent, already 01:30 on
the 4th in Verkhny Tagil (Asia/Yekaterinburg, UTC+5).
"""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone, translation

from core.admin import record_admin_for
from core.deadlines import deadlines_for
from core.models import Institution, local_date
from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.models import DomainFormPage, Submission
from forms_app.submissions import notify_task
from homeschool.lifecycle import run_daily
from homeschool.models import HomeSchoolingCase
from tests.factories import InstitutionFactory, UserFactory
from tests.homeschool.factories import CaseFactory, ContractFactory, ScheduleEntryFactory, ScheduleFactory, school_8
from tests.homeschool.test_application_form import application
from tests.testdomain.models import Book, Loan

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 3, 20, 30, tzinfo=UTC)
GHENT_TODAY, TAGIL_TODAY = date(2026, 12, 3), date(2026, 12, 4)
TAGIL_TIME = "4 Dec 2026, 01:30"  # English DATETIME_FORMAT in Asia/Yekaterinburg
MIGRATION = importlib.import_module("core.migrations.0008_institution_time_zone")


@pytest.fixture(autouse=True)
def no_language_left_behind():
    """The locale middleware keeps the last request's language active in the thread (the Russian form)."""
    yield
    translation.deactivate()


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def tagil_library(client):
    """A library in Verkhny Tagil's zone (the test domain), its administrator logged in, in English."""
    library = InstitutionFactory(code="tagil-library", time_zone="Asia/Yekaterinburg", language="en")
    admin = UserFactory(username="tagil-librarian", role=INSTITUTION_ADMINISTRATOR, institution=library)
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    book = Book.objects.create(institution=library, code="b1", title="Тихий Дон")
    return library, book


def test_the_migration_sets_each_known_institutions_zone():
    Institution.objects.update(time_zone="UTC")
    MIGRATION.set_time_zones(apps, None)
    zones = dict(Institution.objects.values_list("code", "time_zone"))
    assert zones["gent"] == "Europe/Brussels"
    assert zones["vtagil-school-8"] == "Asia/Yekaterinburg"
    assert zones["nhmt"] == "Europe/Moscow", "Novocheboksarsk"
    assert zones["metinvest-polytechnic"] == "Europe/Kyiv"
    assert zones["emishevo-school"] == "Europe/Moscow"


def test_the_seed_gives_the_same_zones():
    zones = dict(Institution.objects.values_list("code", "time_zone"))
    assert {code: zones[code] for code in MIGRATION.TIME_ZONES} == MIGRATION.TIME_ZONES


def test_a_time_zone_is_an_iana_name():
    institution = Institution(code="x", name="X", country="BE", language="nl", time_zone="Europe/Gent")
    with pytest.raises(ValidationError) as refused:
        institution.full_clean()
    assert list(refused.value.message_dict) == ["time_zone"]
    institution.time_zone = "Asia/Yekaterinburg"
    institution.full_clean()


def test_today_near_midnight_is_each_institutions_own_date(frozen):
    assert Institution.objects.get(code="gent").today() == GHENT_TODAY
    assert school_8().today() == TAGIL_TODAY
    assert local_date(school_8()) == TAGIL_TODAY and local_date() == GHENT_TODAY, "the portal's own zone"


def test_deadlines_count_days_in_the_records_institution(frozen):
    """A loan due on 3 December is overdue in Verkhny Tagil already, not yet in Ghent."""
    ghent, tagil = Institution.objects.get(code="gent"), school_8()
    lent_on = date(2026, 11, 19)  # due 14 days later, on 3 December
    loans = {
        institution.code: Loan.objects.create(
            institution=institution,
            book=Book.objects.create(institution=institution, code="b1", title="Boek"),
            borrower="Lotte",
            lent_on=lent_on,
        )
        for institution in (ghent, tagil)
    }
    overdue, soon = deadlines_for(UserFactory(username="root", is_superuser=True))
    assert [entry["record"] for entry in overdue if isinstance(entry["record"], Loan)] == [loans["vtagil-school-8"]]
    assert [entry["record"] for entry in soon if isinstance(entry["record"], Loan)] == [loans["gent"]]


def test_the_daily_run_ends_a_term_by_the_schools_date(frozen):
    """HS-R4: a term ending on 3 December is over at 01:30 on the 4th in Verkhny Tagil, while the
    server in Brussels still reads the 3rd."""
    case = CaseFactory(status=HomeSchoolingCase.Status.ORGANISED, documents_received_on=date(2026, 8, 27))
    ContractFactory(case=case, term_end=GHENT_TODAY)
    assert run_daily().returned_to_class == 1
    case.refresh_from_db()
    assert case.status == HomeSchoolingCase.Status.RETURNED


def test_a_workflow_step_stamps_the_institutions_date(frozen, client, tagil_library):
    library, book = tagil_library
    loan = Loan.objects.create(institution=library, book=book, borrower="Лотта", lent_on=date(2026, 11, 20))
    helper = record_admin_for(Loan).url_helper
    assert client.post(helper.get_action_url("workflow", loan.pk, "give_back")).status_code == 302
    loan.refresh_from_db()
    assert loan.returned_on == TAGIL_TODAY


def test_a_list_and_a_record_show_times_in_the_records_institution_zone(frozen, client, tagil_library):
    library, book = tagil_library
    loan = Loan.objects.create(institution=library, book=book, borrower="Лотта", lent_on=TAGIL_TODAY, reminded_at=NOW)
    html = client.get("/admin/testdomain/loan/").content.decode()
    assert f'<time datetime="2026-12-04T01:30:00+05:00">{TAGIL_TIME}</time>' in html, "the reminder's time in Tagil"
    assert '<time datetime="2026-12-04">4 Dec 2026</time>' in html, "the English date of lending, day first"
    inspect = client.get(record_admin_for(Loan).url_helper.get_action_url("inspect", loan.pk)).content.decode()
    assert TAGIL_TIME in inspect


def test_a_new_records_date_of_today_is_the_institutions(frozen, client):
    client.force_login(UserFactory(username="vtagil-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    response = client.get(record_admin_for(HomeSchoolingCase).url_helper.create_url)
    assert response.context["form"].initial["applied_on"] == TAGIL_TODAY


def test_history_revert_reason_and_audit_log_in_the_institutions_zone(frozen, client, tagil_library):
    library, book = tagil_library
    book.title = "Тихий Дон, том 2"
    book.save()
    helper = record_admin_for(Book).url_helper
    history = client.get(helper.get_action_url("history", book.pk)).content.decode()
    assert f'<time datetime="2026-12-04T01:30:00+05:00">{TAGIL_TIME}</time>' in history, "one value, never wrapped"
    assert "3 Dec 2026, 21:30" not in history

    first = book.history.earliest("history_date")
    client.post(helper.get_action_url("revert", book.pk), {"history_id": first.history_id, "reason": "typo"})
    reason = book.history.latest("history_id").history_change_reason
    assert reason == f"Reverted to the version of {TAGIL_TIME}: typo"

    client.force_login(UserFactory(username="root", is_superuser=True))
    audit = client.get("/admin/audit-log/", {"institution": library.pk}).content.decode()
    assert f'<time datetime="2026-12-04T01:30:00+05:00">{TAGIL_TIME}</time>' in audit and "21:30" not in audit


def test_a_printed_document_is_dated_and_timed_in_its_zone(frozen, client, tagil_library):
    library, book = tagil_library
    loan = Loan.objects.create(
        institution=library, book=book, borrower="Лотта", lent_on=date(2026, 11, 20), reminded_at=NOW
    )
    slip = client.get(record_admin_for(Loan).url_helper.get_action_url("print", loan.pk, "slip")).content.decode()
    assert "Reminded 04.12.2026 01:30" in slip


def test_a_schedule_approved_near_midnight_prints_the_schools_date(frozen, client):
    client.force_login(UserFactory(username="vtagil-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8()))
    schedule = ScheduleEntryFactory(schedule=ScheduleFactory(agreed_on=date(2026, 12, 1))).schedule
    schedule.approve()
    html = client.get(f"/admin/homeschool/individualschedule/print/{schedule.pk}/schedule/").content.decode()
    assert "Утверждено директором: 04.12.2026" in html


def test_an_application_is_dated_and_its_e_mail_timed_in_the_schools_zone(frozen, client):
    page = DomainFormPage.objects.get(slug="zayavlenie-obuchenie-na-domu")
    client.post(page.url, application())
    assert HomeSchoolingCase.objects.get().applied_on == TAGIL_TODAY
    (confirmation,) = mail.outbox
    assert "Подано: 4 декабря 2026 г. 1:30" in confirmation.body
    mail.outbox.clear()
    with translation.override("ru"):
        # As a worker process sends it, in no zone of its own.
        notify_task.enqueue(Submission.objects.get().pk, "http://testserver")
    assert "Подано: 4 декабря 2026 г. 1:30" in mail.outbox[0].body


def test_english_dates_are_unambiguous():
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 4)) == "4 Dec 2026"
        assert formats.date_format(date(2026, 12, 4), "SHORT_DATE_FORMAT") == "2026-12-04"
        assert formats.localize(datetime(2026, 12, 4, 17, 5)) == "4 Dec 2026, 17:05"
        assert formats.date_format(datetime(2026, 12, 4, 17, 5), "SHORT_DATETIME_FORMAT") == "2026-12-04 17:05"


@pytest.mark.parametrize("model", [model for model in apps.get_models() if record_admin_for(model)], ids=str)
def test_every_date_column_of_every_list_is_one_value(model):
    """Each date or time a list shows is a <time> (local to the record's institution) that the
    admin's style keeps on one line: "4 Dec 2026, 01:30" never breaks mid-way."""
    model_admin = record_admin_for(model)
    fields = {field.name: field for field in model._meta.fields}
    dates = {
        name
        for name in model_admin.list_display
        if isinstance(fields.get(name), models.DateField) or (name not in fields and callable(getattr(model, name, 0)))
    }
    assert set(model_admin.date_columns) == dates, "every date field and every computed value"


def test_a_computed_date_in_a_list_is_one_value(client):
    """The case list's "organise by" (HS-R3) is a model method's date, in the school's Russian."""
    case = CaseFactory(documents_received_on=date(2026, 12, 4))
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=case.institution, admin_language="ru"))
    html = client.get(record_admin_for(HomeSchoolingCase).url_helper.index_url).content.decode()
    due = case.organise_by()
    assert f'<time datetime="{due.isoformat()}">{due.day} декабря 2026 г.</time>' in html
