"""The pupils list at a million rows (issue 15.6): the portal's list beside the stock ModelAdmin.

On PostgreSQL, a database with the seed content and the demo gets a million study-support pupils
in Ghent (one ``INSERT ... SELECT`` over ``generate_series``, then ``VACUUM ANALYZE``, as autovacuum
would leave a table), first without the list's indexes (studysupport 0006), where only the stock
list is measured, then with them. As the superuser, each page five times (the median), rendered:
- stock: wagtail-modeladmin's ``ModelAdmin`` of the same model, with the same columns, filters
  and search (Django's admin search: ``icontains`` on every search field, a count of the whole
  table, another of the filtered one, and the paginator's own);
- portal: the records list as the admin serves it (``/admin/studysupport/pupil/``).
Each: the first page, the deepest page (the last one the list links to), a filter (status) and
a search for a surname that 11 pupils share and one that a tenth of them share. Printed: milliseconds, and the portal's
time as a ratio to the stock's.
Usage: python bench/pupils_list.py [ROWS]   (BENCH_DATABASE names the database; BENCH_KEEP=1
measures again on the database of an earlier run)
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from audit_log import timed  # the median of five

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench_pupils")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
}
URL = "/admin/studysupport/pupil/"
BEFORE_INDEXES = "0005_waiting_list_messages_without_rule_ids"  # the migration before the list's indexes
# Ten surnames for most pupils; every thousandth one a rare name of its own (the search's target).
LAST_NAMES = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet")
FIRST_NAMES = ("Lina", "Noah", "Emma", "Adam", "Olivia", "Louis", "Mila", "Arthur", "Nora", "Jules", "Yasmine", "Amir")


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True)


def prepare(rows):
    import psycopg

    if os.environ.get("BENCH_KEEP"):  # the database of an earlier run
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", autocommit=True) as connection:
            return connection.execute("SELECT count(*) FROM studysupport_pupil").fetchone()[0]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    for command in (("migrate", "--noinput", "-v0"), ("load_seed_content",), ("load_demo",)):
        manage(*command)
    manage("migrate", "studysupport", BEFORE_INDEXES, "--noinput", "-v0")
    return fill(rows)


def fill(rows):
    import psycopg

    last_names = "ARRAY[" + ", ".join(f"'{name}'" for name in LAST_NAMES) + "]"
    first_names = "ARRAY[" + ", ".join(f"'{name}'" for name in FIRST_NAMES) + "]"
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", autocommit=True) as connection:
        connection.execute(
            f"""
            INSERT INTO studysupport_pupil (institution_id, external_code, first_name, last_name, school_level,
                grade, school, district, initiative_id, status, registered_on)
            SELECT i.id, 'B' || n,
                ({first_names})[1 + n % {len(FIRST_NAMES)}],
                CASE WHEN n % 1000 = 0 THEN 'Zeldzaam' || (n / 1000) % 997
                     ELSE ({last_names})[1 + (n::bigint * 7919) % {len(LAST_NAMES)}] || ' ' || (n % 5000) END,
                CASE WHEN n % 2 = 0 THEN 'BaO' ELSE 'SO' END, 1 + n % 6, 'School ' || n % 300,
                'Wijk ' || n % 25,
                (SELECT array_agg(id) FROM studysupport_initiative WHERE institution_id = i.id)[1 + n % 16],
                (ARRAY['registered', 'waiting', 'supported', 'closed'])[1 + n % 4],
                DATE '2020-01-01' + (n % 2000)
            FROM core_institution i, generate_series(1, {rows}) AS n
            WHERE i.code = 'gent'
            """  # noqa: S608
        )
        connection.execute("VACUUM ANALYZE studysupport_pupil")
        return connection.execute("SELECT count(*) FROM studysupport_pupil").fetchone()[0]


def stock_admin():
    from wagtail_modeladmin.options import ModelAdmin

    from studysupport.admin import PupilAdmin
    from studysupport.models import Pupil

    class StockPupilAdmin(ModelAdmin):
        model = Pupil
        list_display = PupilAdmin.list_display
        list_filter = PupilAdmin.list_filter
        search_fields = PupilAdmin.search_fields

    return StockPupilAdmin()


def measure(stock_only=False):
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from core.admin import record_admin_for
    from studysupport.models import Pupil

    user = get_user_model().objects.get(username="admin")
    portal, stock = record_admin_for(Pupil), stock_admin()

    def page(model_admin, **query):
        request = RequestFactory().get(URL, query)
        request.user, request.session = user, SessionStore()
        request._messages = FallbackStorage(request)
        response = model_admin.index_view(request)
        response.render()
        assert response.status_code == 200, response.status_code
        return response

    last_page = page(stock if stock_only else portal).context_data["paginator"].num_pages
    queries = {
        "first page": {},
        "deepest page": {"p": last_page},
        "filter (status)": {"status__exact": "closed"},
        "search (a rare surname)": {"q": "Zeldzaam42"},
        "search (a common surname)": {"q": "Peeters"},
    }
    if stock_only:
        return {name: timed(lambda q=query: page(stock, **q)) for name, query in queries.items()}
    return {
        name: (timed(lambda q=query: page(stock, **q)), timed(lambda q=query: page(portal, **q)))
        for name, query in queries.items()
    }


def measure_apart(*args):
    """``measure`` in a process of its own, its figures back as JSON (Django is set up once a process)."""
    call = f"pupils_list.measure{args}"
    code = f"import json, sys; sys.path.insert(0, 'bench'); import pupils_list; print(json.dumps({call}))"
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(rows=1_000_000):
    total = prepare(rows)
    unindexed = {} if os.environ.get("BENCH_KEEP") else measure_apart(True)
    manage("migrate", "--noinput", "-v0")  # the list's indexes
    manage("dbshell", "--", "-c", "VACUUM ANALYZE studysupport_pupil")
    figures = measure_apart()
    print(f"{total} pupils, PostgreSQL, median of 5 rendered pages, as the superuser")
    print("| page | stock, no indexes ms | stock ms | portal ms | portal × stock | portal × stock, no indexes |")
    print("|---|---|---|---|---|---|")
    for name, (stock, portal) in figures.items():
        before = unindexed.get(name)
        before_ms, before_ratio = (f"{before:.0f}", f"{portal / before:.2f}×") if before else ("-", "-")
        print(f"| {name} | {before_ms} | {stock:.0f} | {portal:.0f} | {portal / stock:.2f}× | {before_ratio} |")


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:2]))
