"""Long requests beside the home page (issue 15.4): the old worker model against `make serve`'s, in one run.

Gunicorn with the production settings on PostgreSQL on loopback (a database of its own: the seed
content, the demo and pupils in Ghent up to just under ``EXPORT_STREAM_MAX_ROWS``, so the admin's
XLSX export of the pupils list is the longest request the portal still answers inside a web
request; a larger one is a background job, ``core/exports.py``). In each round, VISITORS get the
home page from the page cache and as many get it rendered (a query string of their own), each one
request after another for a fixed time, first alone, then while three signed-in users each
download that export again and again (SECONDS beside them, half of it alone). Rounds in the
order old, new, new, old, so that a drifting machine load weighs on both alike:
- old: three sync workers (``--workers 3``), as `make serve` ran before;
- new: ``config/gunicorn.py``, as `make serve`, the Dockerfile and compose run it (threaded workers).
Printed: the home page's p50/p99 alone and beside the exports, each model's figures as a ratio to
the old model's, and the exports' own seconds; every export is checked to have arrived whole.
Usage: python bench/slow_requests.py [SECONDS] [VISITORS]
"""

import signal
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from io import BytesIO

import psycopg
import requests
from pupils_list import fill
from submissions import ENV, PORT, ROOT, percentile, serve

DATABASE = "portal_bench_slow"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
WEB_ENV = {**ENV, "DATABASE_URL": DATABASE_URL}
EXPORTS = 3
EXPORT_URL = "/admin/studysupport/pupil/?export=xlsx"
MODELS = {
    "old: 3 sync workers": {"workers": 3},
    "new: config/gunicorn.py": {"workers": 0, "options": ("-c", "config/gunicorn.py")},
}
ROUNDS = ("old: 3 sync workers", "new: config/gunicorn.py", "new: config/gunicorn.py", "old: 3 sync workers")
SESSION = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from importlib import import_module
user = get_user_model().objects.get(username="admin")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY], session[HASH_SESSION_KEY] = str(user.pk), user.get_session_auth_hash()
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session.create()
print(session.session_key)
"""


def manage(*args, settings="config.settings.production"):
    env = {**WEB_ENV, "DJANGO_SETTINGS_MODULE": settings}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare():
    """A fresh database: the seed content, the demo (its superuser ``admin``), pupils up to just
    under the streaming limit; the static files; a signed-in session of the superuser."""
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--noinput", "-v0")
    manage("load_seed_content")
    manage("load_demo", settings="config.settings.dev")  # demo data exists only with DEBUG on
    limit = manage("shell", "-c", "from django.conf import settings; print(settings.EXPORT_STREAM_MAX_ROWS)")
    limit = int(limit.split()[-1])
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}") as connection:
        pupils = connection.execute("SELECT count(*) FROM studysupport_pupil").fetchone()[0]
    total = fill(limit - 10 - pupils, DATABASE)
    manage("collectstatic", "--noinput", "-v0")
    return total, manage("shell", "-c", SESSION).strip().splitlines()[-1]


def drop():
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def export(base, session_key, rows):
    """Seconds for one whole export; fails unless it is a complete workbook of ``rows`` pupils."""
    start = time.perf_counter()
    # The session cookie is Secure (production settings); over loopback's plain HTTP it is sent by hand.
    response = requests.get(base + EXPORT_URL, headers={"Cookie": f"sessionid={session_key}"}, timeout=300)
    taken = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"export answered {response.status_code}")
    with zipfile.ZipFile(BytesIO(response.content)) as workbook:  # a cut-off XLSX is no zip
        sheet = next(name for name in workbook.namelist() if name.startswith("xl/worksheets/"))
        written = workbook.read(sheet).count(b"<row ") - 1  # the header row
    if written != rows:
        raise RuntimeError(f"export held {written} rows, not {rows}")
    return taken


def home_page(url, seconds, visitors):
    """{"cached": sorted seconds, "rendered": sorted seconds} of the home page, ``visitors`` threads
    of each kind getting it one after another for ``seconds``: as anonymous visitors get it (from
    the page cache), and with a query string of its own each time, which the page cache has never
    seen (the page rendered, 15-27 queries)."""
    latencies, failures, visits = {"cached": [], "rendered": []}, [], iter(range(10**9))

    def visitor(kind):
        session = requests.Session()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            address = url if kind == "cached" else f"{url}?visit={next(visits)}"
            start = time.perf_counter()
            response = session.get(address, timeout=300)
            latencies[kind].append(time.perf_counter() - start)
            if response.status_code != 200:
                failures.append(response.status_code)

    threads = [threading.Thread(target=visitor, args=(kind,)) for kind in latencies for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"home page: {len(failures)} failed requests: {sorted(set(failures))}")
    return {kind: sorted(values) for kind, values in latencies.items()}


def loaded(base, home, seconds, visitors, session_key, rows):
    """The home page while ``EXPORTS`` users download the export over and over: (home page
    latencies, export seconds)."""
    stop, taken, errors = threading.Event(), [], []

    def downloader():
        while not stop.is_set():
            try:
                taken.append(export(base, session_key, rows))
            except Exception as error:  # noqa: BLE001 - reported below, after the round
                errors.append(error)
                return

    threads = [threading.Thread(target=downloader) for _ in range(EXPORTS)]
    for thread in threads:
        thread.start()
    time.sleep(1)  # every export under way
    try:
        latencies = home_page(home, seconds, visitors)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    if errors:
        raise RuntimeError(f"exports failed: {errors[:3]}")
    return latencies, sorted(taken)


def main(seconds=20, visitors=4):
    rows, session_key = prepare()
    base = f"http://127.0.0.1:{PORT}"
    kinds = ("cached alone", "rendered alone", "cached beside", "rendered beside", "exports", "export alone")
    figures = {name: {kind: [] for kind in kinds} for name in MODELS}
    try:
        for name in ROUNDS:
            server = serve(**MODELS[name], **WEB_ENV)
            try:
                home = requests.get(base + "/", timeout=60).url  # the home page in the default language
                export(base, session_key, rows)  # warm: every worker has answered before
                home_page(home, 3, visitors)
                figures[name]["export alone"].append(export(base, session_key, rows))
                for kind, values in home_page(home, seconds / 2, visitors).items():
                    figures[name][f"{kind} alone"] += values
                beside, exports = loaded(base, home, seconds, visitors, session_key, rows)
                for kind, values in beside.items():
                    figures[name][f"{kind} beside"] += values
                figures[name]["exports"] += exports
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait()
            p99s = {kind: round(percentile(sorted(values), 0.99), 3) for kind, values in figures[name].items()}
            print(name, p99s, file=sys.stderr)
    finally:
        drop()
    print(
        f"the home page from {visitors} visitors of each kind, alone and beside {EXPORTS} signed-in users each "
        f"downloading the XLSX export of {rows} pupils (the most that streams) over and over; gunicorn, production "
        f"settings, PostgreSQL; rounds old, new, new, old, {seconds / 2:g} s alone + {seconds} s beside each"
    )
    print("| worker model | home page | alone p50 / p99 ms | beside exports p50 / p99 ms | p99 beside × old |")
    print("|---|---|---|---|---|")
    old = figures[ROUNDS[0]]
    for name, figure in figures.items():
        for kind in ("cached", "rendered"):
            alone, beside = sorted(figure[f"{kind} alone"]), sorted(figure[f"{kind} beside"])
            p99 = percentile(beside, 0.99)
            ratio = p99 / percentile(sorted(old[f"{kind} beside"]), 0.99)
            print(
                f"| {name} | {kind} | {percentile(alone, 0.5) * 1000:.0f} / {percentile(alone, 0.99) * 1000:.0f} "
                f"| {percentile(beside, 0.5) * 1000:.0f} / {p99 * 1000:.0f} | {ratio:.3f}× |"
            )
    print("| worker model | one export alone s | exports done beside the visitors | their p50 / max s |")
    print("|---|---|---|---|")
    for name, figure in figures.items():
        exports = sorted(figure["exports"])
        print(
            f"| {name} | {statistics.median(figure['export alone']):.1f} | {len(exports)} "
            f"| {percentile(exports, 0.5):.1f} / {exports[-1]:.1f} |"
        )
    print("every export arrived whole (a complete workbook with every row)")


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:3]))
