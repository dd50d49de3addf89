"""Issue 15.4: the web server's worker model. A long request (a streamed export) must hold a thread,
not a whole worker process, so `make serve`, the Dockerfile and compose all start gunicorn with
``config/gunicorn.py`` (threaded workers). Its effect is measured by bench/slow_requests.py."""

import runpy
from pathlib import Path

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "config/gunicorn.py"


def gunicorn_config(monkeypatch, **environment):
    for name in ("WEB_CONCURRENCY", "WEB_THREADS", "WEB_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(ROOT / CONFIG)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_threaded_workers_by_default(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config.worker_class_str == "gthread"
    assert (config.workers, config.threads, config.timeout) == (3, 8, 30)


def test_processes_and_threads_from_the_environment(monkeypatch):
    config = gunicorn_config(monkeypatch, WEB_CONCURRENCY="2", WEB_THREADS="16", WEB_TIMEOUT="60")
    assert (config.workers, config.threads, config.timeout) == (2, 16, 60)


def test_every_way_of_serving_uses_the_threaded_config():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert f"gunicorn config.wsgi -c {CONFIG}" in serve
    dockerfile = (ROOT / "Dockerfile").read_text()  # compose's web nodes run the image's command
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert f'"-c", "{CONFIG}"' in command
    assert "gunicorn" not in (ROOT / "compose.yaml").read_text()
