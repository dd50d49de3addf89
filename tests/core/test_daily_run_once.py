"""Issue 21 item 3: the daily run, started by cron on every node at the same moment, acts once.
Its lease lives in the database (PostgreSQL's advisory lock; on SQLite, one machine, a file lock):
while one process holds it, another's run does nothing and says so."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from core import leases
from core.domains import DAILY_RUN_LEASE, run_daily_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily_run_elsewhere():
    """Another process's daily run holding the lease, on a connection of its own, until the test ends."""
    taken, done = threading.Event(), threading.Event()

    def hold():
        try:
            with leases.held(DAILY_RUN_LEASE):
                taken.set()
                done.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(30)
    yield
    done.set()
    holder.join()


def test_a_run_started_while_another_runs_does_nothing(daily_run_elsewhere, capsys):
    assert run_daily_jobs() == {}
    call_command("run_daily")
    assert "Another process is running the daily jobs now" in capsys.readouterr().out


def test_a_run_acts_when_nobody_else_runs():
    assert "core.end_abandoned_jobs" in run_daily_jobs()
    assert not leases.is_held(DAILY_RUN_LEASE)
