"""Leases that end with the process holding them (issue 16.1).

A background job holds a lease while it runs, so a page or a sweep can tell a job whose worker
was killed from one still working. No heartbeat: an import writes in one transaction, and on
SQLite no other connection may write while it does. On PostgreSQL the lease is a session
advisory lock (any node sees it in ``pg_locks``, and it ends with the worker's connection); on
SQLite, whose database lives on one machine, it is an ``flock`` on a file beside it, which the
kernel releases when the process dies.
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_key(name)])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
        return
    descriptor = os.open(_lock_file(name), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
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
