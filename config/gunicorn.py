"""Gunicorn's worker model (issue 15.4): ``gunicorn -c config/gunicorn.py``, as `make serve`, the
Dockerfile and compose run it.

Threaded workers (``gthread``), so that a long request (a streamed export, a deep list) holds
one thread, not a whole process: with three sync workers, three exports at once left the home
page waiting for one of them to end (its p99 went from 170 ms to 12 s). Measured by
``bench/slow_requests.py`` (README, *Performance*).

Each thread keeps its own database connection (Django's connections are per thread, kept for
``CONN_MAX_AGE`` seconds and checked before reuse), so a web node holds up to
``WEB_CONCURRENCY × WEB_THREADS`` connections to PostgreSQL (24 by default): mind
``max_connections`` (or PgBouncer's pool) when you add nodes. Nothing the portal keeps per
process is unsafe between threads: the caches shared by the workers are Django's cache (files
or Redis), and what is kept in a process are pure look-ups (``functools.cache`` of models'
fields, the holiday calendar).

Unlike a sync worker, a threaded worker is not killed when one request outlives ``timeout`` (its
main loop keeps answering gunicorn's arbiter): a slow request runs to its end. Exports that
would not end well within a request are written by a background job (``core/exports.py``), so
none is streamed for long either way.
"""

import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
