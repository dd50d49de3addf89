"""The pupils list at a million rows (issue 15.6): the portal's list beside the stock ModelAdmin.

On PostgreSQL, a database with the seed content and the demo gets a million study-support pupils
in Ghent (one ``INSERT ... SELECT`` over ``generate_series``, then ``VACUUM ANALYZE``, as autovacuum
would leave a table), first without the list's indexes (studysupport `*_pupil_list_indexes`), where only the stock
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
# The migration that makes the list's indexes (merges renumber it).
INDEXES = next((ROOT / "studysupport" / "migrations").glob("*_pupil_list_indexes.py"))
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
    call_apart("list_indexes", False)
    return fill(rows)


def list_indexes(present):
    """Make or drop, in place, the indexes the list's migration makes. Migrating back to before it
    would take every later migration of the app off the database too (the district list), which
    the models then read."""
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import importlib

    import django

    django.setup()
    from django.db import connection
    from django.db.migrations import AddIndex

    from studysupport.models import Pupil

    migration = importlib.import_module(f"studysupport.migrations.{INDEXES.stem}")
    with connection.schema_editor() as editor:
        for operation in migration.Migration.operations:
            if isinstance(operation, AddIndex):
                (editor.add_index if present else editor.remove_index)(Pupil, operation.index)
        (migration.postgresql_indexes if present else migration.drop_postgresql_indexes)(None, editor)


def fill(rows, database=DATABASE):
    """``rows`` pupils in Ghent, over its initiatives (the demo's)."""
    import psycopg

    last_names = "ARRAY[" + ", ".join(f"'{name}'" for name in LAST_NAMES) + "]"
    first_names = "ARRAY[" + ", ".join(f"'{name}'" for name in FIRST_NAMES) + "]"
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}", autocommit=True) as connection:
        connection.execute(
            f"""
            INSERT INTO studysupport_pupil (institution_id, external_code, first_name, last_name, school_level,
                grade, school, district_id, initiative_id, status, registered_on)
            SELECT i.id, 'B' || n,
                ({first_names})[1 + n % {len(FIRST_NAMES)}],
                CASE WHEN n % 1000 = 0 THEN 'Zeldzaam' || (n / 1000) % 997
                     ELSE ({last_names})[1 + (n::bigint * 7919) % {len(LAST_NAMES)}] || ' ' || (n % 5000) END,
                CASE WHEN n % 2 = 0 THEN 'BaO' ELSE 'SO' END, 1 + n % 6, 'School ' || n % 300,
                (SELECT array_agg(id ORDER BY id) FROM studysupport_district WHERE institution_id = i.id)[1 + n % 25],
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
    return call_apart("measure", *args)


def call_apart(function, *args):
    call = f"pupils_list.{function}{args}"
    code = f"import json, sys; sys.path.insert(0, 'bench'); import pupils_list; print(json.dumps({call}))"
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def export(method, rows):
    """One export in this process, set up afresh: {seconds, rows, memory_mb} (memory above what
    the process held before it). ``job``: the admin's background export of the whole list (CSV,
    as the superuser asks it with no filter), its stored file read back and its rows counted;
    ``stock``/``portal``: ``Resource.export()`` with ``select_related`` against the portal's
    streamed CSV, both of the first ``rows`` pupils."""
    import resource as process
    import time

    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from import_pupils import resident_mb, stock_resource_class

    from core import exports
    from core.exchange import resource_for, stream_csv
    from core.models import ExportJob
    from studysupport.models import Pupil

    before = resident_mb()
    start = time.perf_counter()
    if method == "job":
        job = ExportJob.objects.create(
            model_label="studysupport.Pupil",
            file_format="csv",
            user=get_user_model().objects.get(username="admin"),
            filename="pupils.csv",
        )
        exports.write(job.pk)
        seconds = time.perf_counter() - start
        job.refresh_from_db()
        assert job.status == ExportJob.Status.DONE, job.error
        with job.file.open("rb") as file:
            written = sum(1 for _ in file) - 1  # the header
        job.file.delete()
        assert written == rows == job.rows_written, (written, rows, job.rows_written)
    else:
        queryset = Pupil.objects.select_related("institution", "initiative").order_by("pk")[:rows]
        if method == "stock":  # one query, not one per row
            written = len(stock_resource_class()().export(queryset).csv.splitlines()) - 1
        else:
            chunks = stream_csv(resource_for("studysupport.Pupil")(), queryset)  # a chunk of rows at a time
            written = sum(chunk.count("\r\n") for chunk in chunks) - 1
        seconds = time.perf_counter() - start
    peak = process.getrusage(process.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rows": written, "memory_mb": peak - before}


def drop():
    import psycopg

    if not os.environ.get("BENCH_KEEP"):
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def main(rows=1_000_000):
    total = prepare(rows)
    try:
        unindexed = {} if os.environ.get("BENCH_KEEP") else measure_apart(True)
        call_apart("list_indexes", True)
        manage("dbshell", "--", "-c", "VACUUM ANALYZE studysupport_pupil")
        figures = measure_apart()
        slice_rows = min(total, int(os.environ.get("BENCH_STOCK_EXPORT_ROWS", "100000")))
        exported = {
            "stock": call_apart("export", "stock", slice_rows),
            "portal": call_apart("export", "portal", slice_rows),
            "job": call_apart("export", "job", total),
        }
    finally:
        drop()
    print(f"{total} pupils, PostgreSQL, median of 5 rendered pages, as the superuser")
    print("| page | stock, no indexes ms | stock ms | portal ms | portal × stock | portal × stock, no indexes |")
    print("|---|---|---|---|---|---|")
    for name, (stock, portal) in figures.items():
        before = unindexed.get(name)
        before_ms, before_ratio = (f"{before:.0f}", f"{portal / before:.2f}×") if before else ("-", "-")
        print(f"| {name} | {before_ms} | {stock:.0f} | {portal:.0f} | {portal / stock:.2f}× | {before_ratio} |")
    stock_rate = exported["stock"]["rows"] / exported["stock"]["seconds"]
    print(f"\nthe CSV export: stock and portal of the first {slice_rows} pupils, the portal's job of all {total}")
    print("| export | rows | seconds | rows/s | × stock | memory MB |")
    print("|---|---|---|---|---|---|")
    for name, label in (
        ("stock", "stock `Resource.export()`, select_related"),
        ("portal", "portal, streamed (the admin's button)"),
        ("job", "portal, background job, the whole list, file checked"),
    ):
        figure = exported[name]
        rate = figure["rows"] / figure["seconds"]
        print(
            f"| {label} | {figure['rows']} | {figure['seconds']:.1f} | {rate:,.0f} | {rate / stock_rate:.1f}× "
            f"| {figure['memory_mb']:.0f} |"
        )


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:2]))
