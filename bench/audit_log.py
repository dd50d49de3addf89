"""Audit log benchmark (issue 15.9): the first and the deepest page of a million history rows.

On PostgreSQL, a database with the seed content and the demo (development settings) gets about a
million history rows across the study-support pupils and volunteers (copies of the demo's rows,
a minute apart). In one process, as the superuser, each measured five times (the median):
- stock: Django's ``Paginator`` over the pupils' history table, newest first, as a stock admin
  list pages it (a count and an OFFSET), its first and its last page;
- portal: the audit log (``/admin/audit-log/``), merging every record model's history table,
  its first page and its deepest one (the page before the oldest 50 rows), and a month's filter.
Printed: milliseconds per page, each as a ratio to the first page of its own kind.
Usage: python bench/audit_log.py [ROWS]
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "portal_bench_audit"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
}
TABLES = ("studysupport_historicalpupil", "studysupport_historicalvolunteer")


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True)


def prepare(rows):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    for command in (("migrate", "--noinput", "-v0"), ("load_seed_content",), ("load_demo",)):
        manage(*command)
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", autocommit=True) as connection:
        for table in TABLES:
            columns = [
                name
                for (name,) in connection.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = %s AND column_name <> 'history_id'",
                    [table],
                )
            ]
            existing = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            copies = max(1, rows // len(TABLES) // existing)
            values = ", ".join(
                "history_date - make_interval(mins => copy)" if name == "history_date" else name for name in columns
            )
            connection.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT {values} FROM {table}, generate_series(1, {copies}) AS copy"
            )
            connection.execute(f"ANALYZE {table}")
        return sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)  # noqa: S608


def timed(action):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure():
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client keeps each response's context
    from django.contrib.auth import get_user_model
    from django.core.paginator import Paginator
    from django.test import Client

    from studysupport.models import Pupil, Volunteer

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))

    def page(**query):
        response = client.get("/admin/audit-log/", query)
        assert response.status_code == 200 and len(response.context["entries"]) == 50, response.status_code
        return response

    stock_rows = Paginator(Pupil.history.order_by("-history_date", "-history_id"), 50)
    oldest = sorted(
        [
            (row.history_date, model._meta.label_lower, row.history_id)
            for model in (Pupil, Volunteer)
            for row in model.history.order_by("history_date", "history_id")[:51]
        ]
    )[50]
    cursor = f"{oldest[0].isoformat()}~{oldest[1]}~{oldest[2]}"
    middle = Pupil.history.order_by("history_date")[Pupil.history.count() // 2].history_date.date()
    month = {"date_from": middle.replace(day=1).isoformat(), "date_to": middle.isoformat()}
    return {
        "stock first page": timed(lambda: list(stock_rows.page(1))),
        "stock last page": timed(lambda: list(stock_rows.page(stock_rows.num_pages))),
        "portal first page": timed(page),
        "portal deepest page": timed(lambda: page(before=cursor)),
        "portal a month, first page": timed(lambda: page(**month)),
    }


def measure_apart():
    """``measure`` in a process of its own: this one keeps no connection to the database it drops."""
    code = "import json, sys; sys.path.insert(0, 'bench'); import audit_log; print(json.dumps(audit_log.measure()))"
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(rows=1_000_000):
    total = prepare(rows)
    try:
        figures = measure_apart()
    finally:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    print(f"{total} history rows (pupils and volunteers), PostgreSQL, median of 5, as the superuser")
    print("| page | ms | × first page |")
    print("|---|---|---|")
    for name, milliseconds in figures.items():
        first = figures["stock first page" if name.startswith("stock") else "portal first page"]
        print(f"| {name} | {milliseconds:.0f} | {milliseconds / first:.2f}× |")


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:2]))
