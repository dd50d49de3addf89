"""Leases that end with the process holding them (issue 16.1).

A background job holds a lease while it runs, so a page or a sweep can tell a job whose worker
was killed from one still working. No heartbeat: an import writes in one transaction, and on
SQLite no other connection may write while it does. On PostgreSQL the lease is a session
advisory lock (any node sees it in ``pg_locks``, and it ends with the worker's connection); on
SQLite, whose database lives on one machine, it is an ``flock`` on a file beside it, which the
kernel releases when the process dies.

The daily run takes its lease only if nobody holds it (``taken_unless_held``): started by cron on
every node at the same moment, it acts once (issue 21 item 3).

Session advisory locks need one server connection for the lease's whole length: behind PgBouncer in
transaction mode, workers and the daily run connect to PostgreSQL directly (README "Running on
several machines"); the web nodes, which only look at ``pg_locks``, may go through the pooler.
"""

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


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
        function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [_key(name)])
            taken = wait or cursor.fetchone()[0]
        try:
            yield taken
        finally:
            if taken:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
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
