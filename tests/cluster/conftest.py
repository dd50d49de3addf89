"""The two-node cluster on loopback (issue 21 item 4), for ``make test-cluster`` only: two gunicorn
nodes on two ports, each with its own empty MEDIA_ROOT and PRIVATE_MEDIA_ROOT, one task worker, one
PostgreSQL database, one Redis and one SeaweedFS. ``make test`` leaves these tests out (they need
PostgreSQL and start servers): they run when PORTAL_CLUSTER_TEST is set."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import requests

from tests.object_store import SeaweedFS, free_ports

if not os.environ.get("PORTAL_CLUSTER_TEST"):
    collect_ignore_glob = ["test_*.py"]

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DATABASE_URL = os.environ.get("CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test_cluster")
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - load_demo's, development only


def wait_for(condition, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def fresh_database(url):
    """Drop and create the cluster's database (connecting to template1, never a shared database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/template1"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


class Cluster:
    def __init__(self, folder):
        self.folder = folder
        self.processes = []
        self.store = SeaweedFS()
        redis_port, port_a, port_b = free_ports(3)
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.urls = {"A": f"http://127.0.0.1:{port_a}", "B": f"http://127.0.0.1:{port_b}"}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "SECRET_KEY": "cluster-test-only-" + "x" * 40,
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": self.redis_url,
            **self.store.env,
            "IMPORT_BACKGROUND_ROWS": "0",  # every import through the worker
            "EXPORT_STREAM_MAX_ROWS": "0",  # every export too
            "PAGE_CACHE_SECONDS": "300",
            "FORMS_RATE_LIMIT": "1000",
            "LOG_LEVEL": "WARNING",
        }

    def node_env(self, name):
        """A node's environment: its own empty media folders, which must stay empty."""
        media, private = self.folder / f"{name}-media", self.folder / f"{name}-private-media"
        media.mkdir(exist_ok=True)
        private.mkdir(exist_ok=True)
        return {**self.env, "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)}

    def local_files(self):
        return [path for path in self.folder.glob("*media/**/*") if path.is_file()]

    def start(self, name, command, env):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - closed with the cluster
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        return process

    def manage(self, *args, node="A", **kwargs):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.node_env(node), **kwargs.pop("env", {})},
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def worker(self, name):
        command = [PYTHON, "manage.py", "db_worker", "--backend", "background", "--interval", "0.2"]
        return self.start(name, [*command, "--worker-id", name, "--no-startup-delay"], self.node_env(name))

    def up(self):
        fresh_database(DATABASE_URL)
        self.store.start()
        self.start("redis", ["redis-server", "--port", self.redis_url.split(":")[2].split("/")[0], "--save", ""], None)
        self.manage("migrate", "--noinput")
        self.manage("load_seed_content")
        self.manage("load_demo", env={"DEBUG": "true"})
        for name, url in self.urls.items():
            # The deployed worker model (config/gunicorn.py), one process of four threads per node.
            command = [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"]
            options = ["--bind", url.removeprefix("http://"), "--no-control-socket"]
            env = {**self.node_env(name), "WEB_CONCURRENCY": "1", "WEB_THREADS": "4"}
            self.start(f"node-{name}", [*command, *options], env)
        self.worker("worker")
        for url in self.urls.values():
            wait_for(lambda url=url: _answers(f"{url}/readyz"), timeout=180, what=f"{url}/readyz")
        return self

    def database(self):
        return psycopg.connect(DATABASE_URL, autocommit=True)

    def down(self):
        for process, log in reversed(self.processes):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
        self.store.stop()


def _answers(url):
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:  # not listening, or still loading the portal
        return False


@pytest.fixture(scope="session")
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
    running = Cluster(folder)
    try:
        yield running.up()
    finally:
        running.down()
        if os.environ.get("CLUSTER_KEEP_LOGS"):
            print(f"Cluster logs kept in {folder}")  # noqa: T201
        else:
            shutil.rmtree(folder, ignore_errors=True)


def signed_in(base_url, username):
    """A browser session of ``username`` (a demo account) on the node at ``base_url``."""
    session = requests.Session()
    page = session.get(f"{base_url}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base_url}/admin/login/",
        data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"{username} could not sign in on {base_url}"
    return session


def csrf_token(session, base_url, path):
    page = session.get(f"{base_url}{path}")
    return page, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
