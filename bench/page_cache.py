"""Public pages benchmark (issue 15.3): a cached page against a static file, in one run.

Gunicorn with three sync workers and the production settings on PostgreSQL on loopback (the
seed content), as bench/submissions.py serves it; 20 clients each GET one address as fast as
the server answers for a fixed time. In one run:
- static: the stylesheet, as whitenoise serves it (the ceiling);
- cached: the Novocheboksarsk regulation page (the longest page) from the page cache, in Redis
  when it answers on 127.0.0.1:6379 (as a city runs it), the file cache otherwise;
- uncached: the same page with the page cache off (``PAGE_CACHE_SECONDS=0``).
Printed: requests per second and p50/p99 of each, and each as a ratio to the static file.
Usage: python bench/page_cache.py [SECONDS] [CLIENTS]
"""

import re
import signal
import socket
import sys
import time

import requests
from submissions import PORT, drop, percentile, prepare, run_clients, serve

WORKERS = 3
REDIS = ("127.0.0.1", 6379)


def redis_answers():
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


def hammer(url, seconds, clients):
    """(requests per second, sorted latencies) of ``clients`` threads getting ``url`` for ``seconds``."""
    latencies, failures = [], []

    def client(ready):
        session = requests.Session()
        session.get(url, timeout=60)  # warm: the first request fills the cache
        ready.wait()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            response = session.get(url, timeout=60)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                failures.append(response.status_code)

    taken = run_clients(client, clients)
    if failures:
        raise SystemExit(f"{url}: {len(failures)} failed requests: {sorted(set(failures))}")
    return len(latencies) / taken, sorted(latencies)


def page_and_stylesheet():
    base = f"http://127.0.0.1:{PORT}"
    home = requests.get(f"{base}/ru/", timeout=60).text
    regulation = re.search(r'href="(/ru/[^"]*polozhenie-o-zao[^"]*)"', home) or re.search(
        r'href="(/ru/nhmt/[^"]+)"', home
    )
    stylesheet = re.search(r'href="(/static/css/portal[^"]*\.css)"', home).group(1)
    return base + regulation.group(1), base + stylesheet


def main(seconds=20, clients=20):
    prepare()
    cache = {"REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/15"} if redis_answers() else {}
    figures = {}
    try:
        for name, settings in (
            ("cached", {"PAGE_CACHE_SECONDS": "60", **cache}),
            ("uncached", {"PAGE_CACHE_SECONDS": "0"}),
        ):
            server = serve(workers=WORKERS, **settings)
            try:
                page, stylesheet = page_and_stylesheet()
                if name == "cached":
                    figures["static"] = hammer(stylesheet, seconds, clients)
                figures[name] = hammer(page, seconds, clients)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait()
    finally:
        drop()
    static = figures["static"][0]
    where = "Redis" if cache else "the file cache"
    print(f"{clients} clients × {seconds} s each, gunicorn {WORKERS} sync workers, PostgreSQL, page cache in {where}")
    print("| address | requests/s | × static | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for name in ("static", "cached", "uncached"):
        rate, latencies = figures[name]
        print(
            f"| {name} | {rate:.0f} | {rate / static:.2f}× | {percentile(latencies, 0.5) * 1000:.1f} "
            f"| {percentile(latencies, 0.99) * 1000:.1f} |"
        )


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:3]))
