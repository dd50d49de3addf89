"""Issue 21 item 3: the daily run, started by cron on every node at the same moment, acts once.
Its lease lives in the database (PostgreSQL's transaction-level advisory lock on a connection of its
own; on SQLite, one machine, a file lock): while one process holds it, another's run does nothing
and says so, also behind PgBouncer in transaction mode."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lease; SQLite's is a file lock")
def test_the_lease_is_no_sessions_so_a_pooler_cannot_hand_it_to_the_next_client():
    """Behind PgBouncer in transaction mode the next client may be served by the server connection the
    holder's last statement used. A lock of that session would be granted to that client too (a
    second node's daily run would act), or released by it; the lease lives in a transaction of a
    connection of its own instead, which the pooler gives nobody else until it ends."""
    with leases.taken_unless_held(DAILY_RUN_LEASE) as taken:
        assert taken
        with transaction.atomic(), connection.cursor() as cursor:  # the session the pooler hands on
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [leases._key(DAILY_RUN_LEASE)])
            assert cursor.fetchone()[0] is False, "another client on the holder's server connection took the lease"
    assert not leases.is_held(DAILY_RUN_LEASE)
