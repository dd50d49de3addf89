"""Exchange benchmark (issue #4): pupils over 16 Ghent initiatives, on SQLite and PostgreSQL.

On the same generated file and database, in one run:
- stock_import: django-import-export's ``Resource.import_data`` (``skip_diff``) with simple-history's
  per-save history;
- limit_import: plain ``bulk_create`` with ``bulk_create_with_history`` of the same objects;
- portal_import: the portal's confirmed import (``core.exchange``), full validation, a history row
  per record;
- stock_preview / portal_preview: the stock dry run against the portal's check;
- stock_reimport / portal_reimport: the same file again with 10 % of the rows changed;
- stock_export / portal_export: ``Resource.export()`` to CSV (``select_related``) against the
  portal's streaming CSV.

Each measurement is a fresh process; its memory is the peak resident size above what the
process held just before the operation (Django, Wagtail and the apps loaded), so the figure
is the operation's own. Usage:
    python bench/import_pupils.py [ROWS]            # both databases, a table of figures
    python bench/import_pupils.py measure METHOD    # one measurement (used by the above)
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.gettempdir())
CSV_PATH = WORK / "portal-bench-pupils.csv"
CHANGED_CSV_PATH = WORK / "portal-bench-pupils-changed.csv"
EXPORT_PATH = WORK / "portal-bench-export.csv"
SQLITE_PATH = WORK / "portal-bench.sqlite3"
DATABASES = {
    "SQLite": f"sqlite:///{SQLITE_PATH}",
    "PostgreSQL": "postgres://postgres@127.0.0.1:5432/portal_bench",
}
# (method, what the pupils are first: EMPTY, LOADED with the file, or KEPT, compared with). Each
# portal operation beside the best stock configuration for the same work (issue 15.8): a dry run
# for the preview, the changed file imported again for the re-import; neither side touches
# Wagtail's reference index (records are out of it, core.models.InstitutionRecord).
EMPTY, LOADED, KEPT = "empty", "loaded", "kept"
METHODS = [
    ("stock_import", EMPTY, "stock_import"),
    ("limit_import", EMPTY, "stock_import"),
    ("portal_import", EMPTY, "stock_import"),
    ("stock_preview", EMPTY, "stock_preview"),
    ("portal_preview", EMPTY, "stock_preview"),
    ("stock_reimport", LOADED, "stock_reimport"),
    ("portal_reimport", LOADED, "stock_reimport"),
    ("stock_export", KEPT, "stock_export"),
    ("portal_export", KEPT, "stock_export"),
]


def write_csv(path, rows, changed_every=0):
    """Pupils; with ``changed_every`` = 10, every tenth pupil has another first name."""
    lines = ["institution;external_code;first_name;last_name;school_level;grade;initiative;registered_on"]
    for number in range(rows):
        level = "SO" if number % 100 < 31 else "BaO"
        initiative = f"initiatief-{1 + number % 16:02d}"
        name = "Gewijzigd" if changed_every and number % changed_every == 0 else "Leerling"
        lines.append(f"gent;B{number:06d};{name};{number:06d};{level};{1 + number % 6};{initiative};01.09.2026")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def prepare_database():
    """Fresh schema, Ghent and its 16 initiatives."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True, env=os.environ)
    setup_django()
    from core.models import Institution
    from studysupport.models import Initiative

    gent, _ = Institution.objects.get_or_create(
        code="gent", defaults={"name": "Stad Gent", "country": "BE", "language": "nl", "domains": ["studysupport"]}
    )
    for number in range(1, 17):
        Initiative.objects.get_or_create(
            institution=gent,
            code=f"initiatief-{number:02d}",
            defaults={
                "name": f"Initiatief {number}",
                "kind": "non_profit",
                "coordinator_name": "C",
                "coordinator_email": "c@example.org",
            },
        )


def clear_pupils():
    """Raw deletes: the ORM's would load every record (and write a history row for each)."""
    setup_django()
    from django.db import connection

    from studysupport.models import Pupil

    with connection.cursor() as cursor:
        for model in (Pupil.history.model, Pupil):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - a model table


def stock_resource_class():
    from import_export import fields, resources, widgets

    from core.models import Institution
    from studysupport.models import Initiative, Pupil

    class StockPupilResource(resources.ModelResource):
        institution = fields.Field("institution", "institution", widgets.ForeignKeyWidget(Institution, "code"))
        initiative = fields.Field("initiative", "initiative", widgets.ForeignKeyWidget(Initiative, "code"))

        class Meta:
            model = Pupil
            import_id_fields = ("institution", "external_code")
            skip_diff = True  # the library's fastest setting: no before/after comparison per row
            fields = (
                "institution",
                "external_code",
                "first_name",
                "last_name",
                "school_level",
                "grade",
                "initiative",
                "registered_on",
            )

    return StockPupilResource


def _stock(path, dry_run=False):
    import tablib

    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv", delimiter=";")
    result = stock_resource_class()().import_data(dataset, dry_run=dry_run)
    assert not result.has_errors() and not result.has_validation_errors()


def stock_import():
    _stock(CSV_PATH)


def stock_preview():
    _stock(CSV_PATH, dry_run=True)


def stock_reimport():
    _stock(CHANGED_CSV_PATH)


def _portal(path, dry_run=False):
    from core.exchange import run_import

    with path.open("rb") as file:
        report = run_import("studysupport.Pupil", file, path.name, dry_run=dry_run)
    assert not report.problems, report.problems[:3]
    return report


def portal_preview():
    assert _portal(CSV_PATH, dry_run=True).new > 0


def portal_import():
    assert _portal(CSV_PATH).applied


def portal_reimport():
    report = _portal(CHANGED_CSV_PATH)
    assert report.applied and report.updated and report.unchanged


def stock_export():
    from studysupport.models import Pupil

    queryset = Pupil.objects.select_related("institution", "initiative")  # one query, not one per row
    EXPORT_PATH.write_text(stock_resource_class()().export(queryset).csv, encoding="utf-8")


def portal_export():
    from core.exchange import resource_for, stream_csv
    from studysupport.models import Pupil

    with EXPORT_PATH.open("w", encoding="utf-8") as file:
        file.writelines(stream_csv(resource_for("studysupport.Pupil")(), Pupil.objects.all()))


def limit_import():
    import csv
    import io
    from datetime import datetime

    from simple_history.utils import bulk_create_with_history

    from core.models import Institution
    from studysupport.models import Initiative, Pupil

    gent = Institution.objects.get(code="gent")
    initiatives = {initiative.code: initiative for initiative in Initiative.objects.all()}
    rows = csv.DictReader(io.StringIO(CSV_PATH.read_text(encoding="utf-8")), delimiter=";")
    pupils = [
        Pupil(
            institution=gent,
            external_code=row["external_code"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            school_level=row["school_level"],
            grade=int(row["grade"]),
            initiative=initiatives[row["initiative"]],
            registered_on=datetime.strptime(row["registered_on"], "%d.%m.%Y").date(),
        )
        for row in rows
    ]
    bulk_create_with_history(pupils, Pupil, batch_size=2000)


def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(method):
    setup_django()
    from studysupport.models import Pupil

    histories_before = Pupil.history.count()
    baseline_mb = resident_mb()
    start = time.perf_counter()
    globals()[method]()
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "seconds": seconds,
        "rows": Pupil.objects.count(),
        "history_rows": Pupil.history.count() - histories_before,
        "memory_mb": peak_mb - baseline_mb,
        "peak_mb": peak_mb,
    }
    print(json.dumps(figures))


def run(rows):
    write_csv(CSV_PATH, rows)
    write_csv(CHANGED_CSV_PATH, rows, changed_every=10)
    results = {}
    for name, url in DATABASES.items():
        os.environ["DATABASE_URL"] = url
        if name == "PostgreSQL":
            recreate_postgres_database()
        else:
            SQLITE_PATH.unlink(missing_ok=True)
        subprocess.run([sys.executable, __file__, "prepare"], cwd=ROOT, check=True, env=os.environ)
        for method, first, _baseline in METHODS:
            if first != KEPT:
                subprocess.run([sys.executable, __file__, "clear"], cwd=ROOT, check=True, env=os.environ)
            if first == LOADED:
                subprocess.run([sys.executable, __file__, "load"], cwd=ROOT, check=True, env=os.environ)
            output = subprocess.run(
                [sys.executable, __file__, "measure", method],
                cwd=ROOT,
                check=True,
                env=os.environ,
                capture_output=True,
                text=True,
            ).stdout
            results[(name, method)] = json.loads(output.strip().splitlines()[-1])
            print(name, method, results[(name, method)], file=sys.stderr)
    recreate_postgres_database(create=False)  # each run starts from fresh databases and leaves none
    SQLITE_PATH.unlink(missing_ok=True)
    report(rows, results)


def recreate_postgres_database(create=True):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS portal_bench WITH (FORCE)")
        if create:
            connection.execute("CREATE DATABASE portal_bench")


def report(rows, results):
    print(f"\n{rows} pupils over 16 initiatives: rows/s and the operation's memory, ratio to stock in brackets\n")
    print("| database | operation | rows/s | memory MB | history rows written |")
    print("|---|---|---|---|---|")
    baselines = {method: baseline for method, _first, baseline in METHODS}
    for (database, method), figures in results.items():
        stock = results[(database, baselines[method])]
        speed = rows / figures["seconds"]
        stock_speed = rows / stock["seconds"]
        memory = figures["memory_mb"] / stock["memory_mb"]
        print(
            f"| {database} | {method} | {speed:,.0f} ({speed / stock_speed:.1f}×) "
            f"| {figures['memory_mb']:.0f} ({memory:.2f}×) | {figures['history_rows']} |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "prepare":
        prepare_database()
    elif len(sys.argv) > 1 and sys.argv[1] == "clear":
        clear_pupils()
    elif len(sys.argv) > 1 and sys.argv[1] == "load":
        setup_django()
        portal_import()
    else:
        run(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_ROWS", "10000")))
