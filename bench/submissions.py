"""Submissions benchmark (issue 15.1): one numbered public form under concurrent applicants.

Gunicorn (4 sync workers, production settings) on PostgreSQL on loopback serves the study-support
registration form; 50 clients, each with its own connection, CSRF cookie and one-time tokens, post
200 registrations (each a pupil, a waiting-list entry, a submission and their history rows) as
fast as the server answers. In one run, on the same database:
- unnumbered: the same form saved without a reference number (``bench/web_app.py``);
- numbered: the form as the portal runs it, each submission numbered from the series' counter.
The rounds run unnumbered, numbered, numbered, unnumbered, so that a machine whose load drifts
(other work beside it) weighs on both alike; each figure is over both rounds of its form.
Printed: submissions per second and the p50/p99 of a submission's answer, the numbered form
as a ratio to the unnumbered one, and whether its numbers are unique and gap-free.
Usage: python bench/submissions.py [SUBMISSIONS] [CLIENTS]
"""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "portal_bench_web"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
WORKERS = 4
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": "bench-only-not-secret",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "SECURE_SSL_REDIRECT": "false",
    "FORMS_RATE_LIMIT": "1000000",  # every client comes from 127.0.0.1
    "CACHE_LOCATION": str(Path(tempfile.gettempdir()) / "portal-bench-web-cache"),
    "LOG_LEVEL": "WARNING",
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RABOT = re.compile(r'<option value="(\d+)"[^>]*>\s*Rabot\s*</option>')


def manage(*args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def prepare():
    """A fresh database with the seed content (Ghent's registration page), the static files."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--noinput", "-v0")
    manage("load_seed_content")
    manage("collectstatic", "--noinput", "-v0")
    script = "from forms_app.models import DomainFormPage as P; print(P.objects.get(slug='inschrijven-leerling').url)"
    return manage("shell", "-c", script).strip().splitlines()[-1]


def drop():
    """The database goes with the run: each benchmark starts from a fresh one."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def serve(unnumbered=False, workers=WORKERS, options=(), **settings):
    """Gunicorn with the production settings (and ``settings`` as environment variables); ``options``
    are more of gunicorn's (``-c config/gunicorn.py`` for the worker model ``make serve`` runs)."""
    env = {**ENV, "BENCH_UNNUMBERED": "1" if unnumbered else "", **settings}
    command = [sys.executable, "-m", "gunicorn", "bench.web_app:application", *options]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen([*command, "--bind", f"127.0.0.1:{PORT}"], cwd=ROOT, env=env)
    for _ in range(240):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def registration(number, csrf, district):
    return {
        "csrfmiddlewaretoken": csrf,
        "registered_by": "parent",
        "first_name": "Bench",
        "last_name": f"Leerling {number:05d}",  # one pupil each: a second open entry is refused (SS-R1)
        "school_level": "BaO",
        "grade": "4",
        "school": "Basisschool De Wijze Boom",
        "district": district,  # the city's list: Rabot's key, as the form offers it
        "initiative": "",
        "applicant_name": "Bench Ouder",
        "email": "bench@example.org",
        "phone": "",
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
    }


def run_clients(client, clients):
    """``clients`` threads of ``client(ready)``: each gets ready, waits at the barrier ``ready``
    for all the others, then works; the seconds from that start until the last one ends."""
    ready = threading.Barrier(clients + 1)
    threads = [threading.Thread(target=client, args=(ready,)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def load(url, submissions, clients, first_number):
    """Every client opens the form (its CSRF cookie), then all post at once from a shared queue:
    (seconds for all, [seconds per submission], [failures])."""
    work, latencies, failures = queue.Queue(), [], []
    for number in range(first_number, first_number + submissions):
        work.put(number)

    def client(ready):
        session = requests.Session()
        page = session.get(url, timeout=60)
        csrf = CSRF.search(page.text).group(1)
        rabot = RABOT.search(page.text)  # the city's districts, where they are loaded
        district = rabot.group(1) if rabot else ""
        # The cookie is Secure (production settings); over loopback's plain HTTP it is sent by hand.
        headers = {"Cookie": f"csrftoken={page.cookies['csrftoken']}", "Referer": url}
        ready.wait()
        while True:
            try:
                number = work.get_nowait()
            except queue.Empty:
                return
            start = time.perf_counter()
            data = registration(number, csrf, district)
            response = session.post(url, data=data, headers=headers, allow_redirects=False)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 302:
                failures.append(response.status_code)

    return run_clients(client, clients), sorted(latencies), failures


def percentile(values, share):
    return values[min(len(values) - 1, int(share * len(values)))]


def numbers_gap_free(submissions):
    """The numbered run's references: unique, and 1 to ``submissions`` of one series and year."""
    script = (
        "from forms_app.models import Submission; "
        "print(' '.join(Submission.objects.exclude(reference__contains='-U-').values_list('reference', flat=True)))"
    )
    references = manage("shell", "-c", script).strip().splitlines()[-1].split()
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    return len(set(references)) == len(references) and numbers == list(range(1, submissions + 1))


ROUNDS = ("unnumbered", "numbered", "numbered", "unnumbered")


def main(submissions=200, clients=50):
    path = prepare()
    url = f"http://127.0.0.1:{PORT}{path}"
    seconds, latencies = dict.fromkeys(ROUNDS, 0.0), {name: [] for name in ROUNDS}
    try:
        for round_number, name in enumerate(ROUNDS):
            server = serve(unnumbered=name == "unnumbered")
            try:
                taken, answers, failures = load(url, submissions, clients, round_number * submissions)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait()
            if failures:
                raise SystemExit(f"{name}: {len(failures)} submissions failed: {sorted(set(failures))}")
            print(name, submissions / taken, percentile(answers, 0.5), percentile(answers, 0.99), file=sys.stderr)
            seconds[name] += taken
            latencies[name] += answers
        gap_free = numbers_gap_free(2 * submissions)
    finally:
        drop()
    figures = {}
    for name in dict.fromkeys(ROUNDS):
        answers = sorted(latencies[name])
        figures[name] = (len(answers) / seconds[name], percentile(answers, 0.5), percentile(answers, 0.99))
    base = figures["unnumbered"]
    print(f"{submissions} submissions × 2 rounds per form, {clients} clients, gunicorn {WORKERS} workers, PostgreSQL")
    print("| form | submissions/s | p50 s | p99 s |")
    print("|---|---|---|---|")
    for name, (rate, p50, p99) in figures.items():
        print(
            f"| {name} | {rate:.1f} ({rate / base[0]:.2f}×) | {p50:.2f} ({p50 / base[1]:.2f}×) "
            f"| {p99:.2f} ({p99 / base[2]:.2f}×) |"
        )
    print("numbered: unique and gap-free" if gap_free else "numbered: NUMBERS NOT GAP-FREE")


if __name__ == "__main__":
    main(*(int(value) for value in sys.argv[1:3]))
