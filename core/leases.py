"""Leases that end with the process holding them (issue 16.1), safe behind a pooler (issue 21).

A background job holds a lease while it runs, so a page or a sweep can tell a job whose worker
was killed from one still working; the daily run takes its lease only if nobody holds it
(``taken_unless_held``), so started by cron on every node at the same moment it acts once. Both
are this one mechanism; the row locks elsewhere (``select_for_update`` of a reference counter, a
record's workflow step, the job queue's ``SKIP LOCKED``) live and end within one transaction and
need none of it.

On PostgreSQL a lease is a transaction-level advisory lock (``pg_advisory_xact_lock``) taken on a
connection of its own, whose transaction stays open for the lease's length and holds nothing
else: it ends at that transaction's end, or with the connection when the process dies. The
work itself runs on the process's usual connection, committing as it goes. A transaction keeps
one server connection for its whole length even behind PgBouncer in transaction mode, so the
lease is safe there, where a session-level advisory lock would be left on (or released from) a
server connection another client is handed. Any node sees the lease in ``pg_locks``.

Not rows with an expiry: they need a heartbeat to outlive a long job, and an import writes in one
transaction, during which SQLite lets no other connection write; an expiry too short hands a
running job to a second worker, one too long leaves a dead worker's job waiting. The lock needs
no clock and ends the moment its holder is gone.

On SQLite, whose database lives on one machine, a lease is an ``flock`` on a file beside it,
which the kernel releases when the process dies.
"""

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections


def _key(name):
    """A signed 64-bit advisory lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(f"portal-lease:{name}".encode()).digest()[:8], "big", signed=True)


def _lock_file(name):
    database = str(settings.DATABASES["default"]["NAME"])
    folder = Path(getattr(settings, "LEASE_DIR", "") or tempfile.gettempdir()) / "portal-leases"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / hashlib.sha256(f"{database}:{name}".encode()).hexdigest()


@contextmanager
def held(name):
    """Hold the lease ``name`` for the block (one holder at a time: a second waits)."""
    with _lease(name, wait=True):
        yield


@contextmanager
def taken_unless_held(name):
    """The lease ``name`` for the block if nobody holds it: True, or at once False (another process,
    on this node or another, holds it; the block must then leave the work to that one)."""
    with _lease(name, wait=False) as taken:
        yield taken


@contextmanager
def _lease(name, *, wait):
    if connection.vendor == "postgresql":
        with _lease_transaction() as cursor:
            function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
            cursor.execute(f"SELECT {function}(%s)", [_key(name)])
            yield wait or cursor.fetchone()[0]
        return
    descriptor = os.open(_lock_file(name), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True
    finally:
        os.close(descriptor)


@contextmanager
def _lease_transaction():
    """A cursor in a transaction of a connection of its own (the default database's settings), open
    for the block and then ended, which ends every lock taken in it."""
    lease_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with lease_connection.cursor() as cursor:
            cursor.execute("BEGIN")
            # Idle for the lease's length by design: a server timeout for idle transactions must not end it.
            cursor.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
            try:
                yield cursor
            finally:
                cursor.execute("ROLLBACK")  # it wrote nothing; ending it frees the lease
    finally:
        lease_connection.close()


def is_held(name):
    """Whether a live process holds the lease ``name`` (this one included)."""
    if connection.vendor == "postgresql":
        key = _key(name) & 0xFFFFFFFFFFFFFFFF
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid::bigint = %s AND objid::bigint = %s AND objsubid = 1)",
                [key >> 32, key & 0xFFFFFFFF],
            )
            return cursor.fetchone()[0]
    path = _lock_file(name)
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False
