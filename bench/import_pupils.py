"""Import benchmark (issue #4): pupils over 16 Ghent initiatives, on SQLite and PostgreSQL.

Compares, on the same generated file and database:
- stock: django-import-export's ``Resource.import_data`` with simple-history's per-save history;
- portal: the portal's import path (``core.exchange.run_import``: check every row, then apply);
- limit: plain ``bulk_create`` with ``bulk_create_with_history`` of the same objects.

Each run is a fresh process, so its peak memory (max RSS) is its own. Usage:
    python bench/import_pupils.py [ROWS]            # both databases, a table of figures
    python bench/import_pupils.py measure METHOD    # one run (used by the above)
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
SQLITE_PATH = WORK / "portal-bench.sqlite3"
DATABASES = {
    "SQLite": f"sqlite:///{SQLITE_PATH}",
    "PostgreSQL": "postgres://postgres@127.0.0.1:5432/portal_bench",
}
METHODS = ["stock", "portal", "limit"]


def write_csv(rows):
    lines = ["institution;external_code;first_name;last_name;school_level;grade;initiative;registered_on"]
    for number in range(rows):
        level = "SO" if number % 100 < 31 else "BaO"
        initiative = f"initiatief-{1 + number % 16:02d}"
        lines.append(f"gent;B{number:06d};Leerling;{number:06d};{level};{1 + number % 6};{initiative};01.09.2026")
    CSV_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
        code="gent", defaults={"name": "Stad Gent", "country": "BE", "language": "nl"}
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
    from studysupport.models import Pupil

    Pupil.objects.all().delete()
    Pupil.history.all().delete()  # after the records: deleting them writes history rows too


def stock(raw):
    import tablib
    from import_export import fields, resources, widgets

    from core.models import Institution
    from studysupport.models import Initiative, Pupil

    class StockPupilResource(resources.ModelResource):
        institution = fields.Field("institution", "institution", widgets.ForeignKeyWidget(Institution, "code"))
        initiative = fields.Field("initiative", "initiative", widgets.ForeignKeyWidget(Initiative, "code"))

        class Meta:
            model = Pupil
            import_id_fields = ("institution", "external_code")
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

    dataset = tablib.Dataset().load(raw.decode(), format="csv", delimiter=";")
    result = StockPupilResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()


def portal(raw):
    from core.exchange import run_import

    report = run_import("studysupport.Pupil", raw, CSV_PATH.name)
    assert report.applied, report.problems[:3]


def limit(raw):
    import csv
    import io
    from datetime import datetime

    from simple_history.utils import bulk_create_with_history

    from core.models import Institution
    from studysupport.models import Initiative, Pupil

    gent = Institution.objects.get(code="gent")
    initiatives = {initiative.code: initiative for initiative in Initiative.objects.all()}
    rows = csv.DictReader(io.StringIO(raw.decode()), delimiter=";")
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


def measure(method):
    setup_django()
    from studysupport.models import Pupil

    clear_pupils()
    raw = CSV_PATH.read_bytes()
    start = time.perf_counter()
    globals()[method](raw)
    seconds = time.perf_counter() - start
    rows = Pupil.objects.count()
    histories = Pupil.history.count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": rows, "history_rows": histories, "peak_mb": peak_mb}))


def run(rows):
    write_csv(rows)
    results = {}
    for name, url in DATABASES.items():
        os.environ["DATABASE_URL"] = url
        if name == "PostgreSQL":
            recreate_postgres_database()
        else:
            SQLITE_PATH.unlink(missing_ok=True)
        subprocess.run([sys.executable, __file__, "prepare"], cwd=ROOT, check=True, env=os.environ)
        for method in METHODS:
            output = subprocess.run(
                [sys.executable, __file__, "measure", method],
                cwd=ROOT,
                check=True,
                env=os.environ,
                capture_output=True,
                text=True,
            ).stdout
            results[(name, method)] = json.loads(output.strip().splitlines()[-1])
    report(rows, results)


def recreate_postgres_database():
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS portal_bench")
        connection.execute("CREATE DATABASE portal_bench")


def report(rows, results):
    print(f"\nImport of {rows} pupils over 16 initiatives (rows/s, peak MB; ratio to stock in brackets)\n")
    print("| database | method | rows/s | peak MB | history rows |")
    print("|---|---|---|---|---|")
    for (database, method), figures in results.items():
        stock_figures = results[(database, "stock")]
        speed = figures["rows"] / figures["seconds"]
        stock_speed = stock_figures["rows"] / stock_figures["seconds"]
        memory = figures["peak_mb"] / stock_figures["peak_mb"]
        print(
            f"| {database} | {method} | {speed:,.0f} ({speed / stock_speed:.2f}×) "
            f"| {figures['peak_mb']:.0f} ({memory:.2f}×) | {figures['history_rows']} |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "prepare":
        prepare_database()
    else:
        run(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_ROWS", "10000")))
