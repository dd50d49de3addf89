"""HS-R4 and HS-R6: the daily run ends terms and early terminations, tells the class teacher,
reminds the parent to renew; run twice, the second run changes nothing."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from core.tasks import run_daily_task
from homeschool.lifecycle import run_daily
from homeschool.models import HomeSchoolingCase
from tests.homeschool.factories import CaseFactory, ContractFactory

pytestmark = pytest.mark.django_db
Status = HomeSchoolingCase.Status


def organised(**contract):
    case = CaseFactory(status=Status.ORGANISED, documents_received_on=date(2026, 8, 27))
    ContractFactory(case=case, **contract)
    return case


def history_rows():
    return HomeSchoolingCase.history.count()


def test_hs_r4_a_term_ending_without_renewal_returns_the_pupil_to_class_once():
    case = organised(term_end=date(2027, 5, 31))
    report = run_daily(date(2027, 6, 1))
    assert report.returned_to_class == 1
    case.refresh_from_db()
    assert case.status == Status.RETURNED and case.closed_on == date(2027, 5, 31)
    assert [message.to for message in mail.outbox] == [["class-teacher@example.org"]]
    assert case.child_name in mail.outbox[0].subject and "возвращается" in mail.outbox[0].subject
    assert "2.8" in case.history.first().history_change_reason

    rows = history_rows()
    assert run_daily(date(2027, 6, 1)) == type(report)()
    assert history_rows() == rows and len(mail.outbox) == 1, "the second run changes nothing"


def test_hs_r4_a_term_still_running_is_left_alone():
    case = organised(term_end=date(2027, 5, 31))
    run_daily(date(2027, 5, 31))
    case.refresh_from_db()
    assert case.status == Status.ORGANISED


def test_hs_r4_a_renewed_case_does_not_return_to_class():
    case = organised(term_end=date(2027, 5, 31))
    CaseFactory(renews=case, period_start=date(2027, 6, 1), documents_received_on=date(2027, 5, 28))
    assert run_daily(date(2027, 6, 1)).renewed == 1
    case.refresh_from_db()
    assert case.status == Status.RENEWED and not mail.outbox


def test_hs_r4_the_parent_is_reminded_once_before_the_term_ends():
    case = organised(term_end=date(2027, 5, 31))
    assert run_daily(date(2027, 5, 10)).reminded == 0, "too early"
    assert run_daily(date(2027, 5, 20)).reminded == 1
    assert run_daily(date(2027, 5, 21)).reminded == 0
    assert [message.to for message in mail.outbox] == [["parent@example.org"]]
    assert "31.05.2027" in mail.outbox[0].body and "2.7" in mail.outbox[0].body
    case.refresh_from_db()
    assert case.renewal_reminded_on == date(2027, 5, 20)
    assert case.history.first().history_change_reason == "родителю отправлено напоминание о продлении (п. 2.7)"


def test_hs_r6_early_termination_ends_the_case_at_the_applied_date_once():
    case = organised(termination_applied_on=date(2027, 1, 20), ended_on=date(2027, 1, 31))
    assert run_daily(date(2027, 1, 30)).ended_early == 0
    assert run_daily(date(2027, 1, 31)).ended_early == 1
    case.refresh_from_db()
    assert case.status == Status.TERMINATED and case.closed_on == date(2027, 1, 31)
    assert len(mail.outbox) == 1 and "2.9" in mail.outbox[0].body
    assert run_daily(date(2027, 2, 1)) == type(run_daily(date(2027, 2, 1)))()
    assert len(mail.outbox) == 1


def test_the_command_and_the_task_run_the_same_idempotent_step(capsys):
    organised(term_start=date(2025, 9, 1), term_end=date(2026, 5, 31), case__period_start=date(2025, 9, 1))
    call_command("run_daily")
    assert "homeschool.run_daily_as_dict: ended_early: 0, returned_to_class: 1" in capsys.readouterr().out
    result = run_daily_task.enqueue()
    assert result.return_value["homeschool.run_daily_as_dict"] == {
        "ended_early": 0,
        "returned_to_class": 0,
        "renewed": 0,
        "reminded": 0,
    }
