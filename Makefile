# One command to run the portal, one to test it (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test_cluster
MANAGE := $(BIN)/python manage.py

.PHONY: install run serve test test-sqlite test-postgres test-cluster lint browser-deps print-deps bench bench-web messages

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: print-deps $(BIN)/.installed

# Debian's Pango and fonts with Cyrillic for WeasyPrint's printed documents (PDF).
print-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -q LiberationSerif || \
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation)

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed_content
	$(MANAGE) load_demo
	@echo "Portal: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/"
	@# The worker for large imports runs beside the web server and stops with it.
	$(MANAGE) db_worker --backend background & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production settings: gunicorn, whitenoise, hashed static files. Needs SECRET_KEY. Threaded workers
# (config/gunicorn.py: WEB_CONCURRENCY=3 processes × WEB_THREADS=8 threads), so that a long request
# does not hold a whole worker (issue 15.4, bench/slow_requests.py).
serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) collectstatic --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) db_worker --backend background & worker=$$!; \
	trap "kill $$worker" EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn config.wsgi -c config/gunicorn.py --bind $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# Debian's Chromium for Playwright (never a browser download) and axe-core from npm.
browser-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund

test: lint browser-deps test-sqlite test-postgres

# Browser tests run in a pytest process of their own: their live server needs committed data,
# so each one flushes the database, which the rest of the suite must not share.
test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest --ignore=tests/browser
	env -u DATABASE_URL $(BIN)/pytest tests/browser

test-postgres: install
	bash scripts/ensure-postgres.sh
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest --ignore=tests/browser
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest tests/browser

# Two gunicorn nodes with empty media folders of their own, a worker, PostgreSQL, Redis and SeaweedFS
# on loopback (tests/cluster, README "Running on several machines"); its database is made anew.
test-cluster: install
	bash scripts/ensure-postgres.sh
	@command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server)
	PORTAL_CLUSTER_TEST=1 CLUSTER_DATABASE_URL=$(CLUSTER_DATABASE_URL) $(BIN)/pytest tests/cluster

# Every benchmark, each beside its baseline and in a database of its own, made and dropped: the web
# benchmarks below, then import and export on SQLite and PostgreSQL at the fair stock baselines
# (BENCH_ROWS=100000 for the issue's full size), the audit log's first and deepest page of a
# million history rows, the pupils list and its export at a million pupils against the stock ones.
bench: install bench-web
	$(BIN)/python bench/import_pupils.py $${BENCH_ROWS:-10000}
	$(BIN)/python bench/audit_log.py $${BENCH_HISTORY_ROWS:-1000000}
	$(BIN)/python bench/pupils_list.py $${BENCH_LIST_ROWS:-1000000}

# Web benchmarks against gunicorn on PostgreSQL: 200 registrations from 50 clients, the numbered
# form beside the same form without a number; a cached page beside a static file; the home page
# beside three long exports, three sync workers beside `make serve`'s threaded workers.
bench-web: install
	bash scripts/ensure-postgres.sh
	$(BIN)/python bench/submissions.py $${BENCH_SUBMISSIONS:-200} $${BENCH_CLIENTS:-50}
	$(BIN)/python bench/page_cache.py $${BENCH_SECONDS:-20} $${BENCH_PAGE_CLIENTS:-20}
	$(BIN)/python bench/slow_requests.py $${BENCH_SLOW_SECONDS:-20} $${BENCH_VISITORS:-4}

messages: install
	$(MANAGE) makemessages -l nl -l ru -l uk --ignore=.venv --ignore=node_modules --ignore=tests --ignore=staticfiles --ignore=fixtures --ignore=test-artifacts
	$(MANAGE) compilemessages --ignore=.venv
