# One image for every node of the portal (README "Running on several machines"): the web nodes
# (the default command), the task workers (`python manage.py db_worker --backend background`)
# and the one-off jobs (migrate, load_seed_content, run_daily), all configured by environment variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# Pango and fonts with Cyrillic for WeasyPrint's printed documents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
# Static files are collected at build (hashed, compressed; whitenoise serves them); the key and mail
# backend only satisfy the production settings for this one command.
RUN SECRET_KEY=collectstatic-only EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
    python manage.py collectstatic --noinput \
    && useradd --create-home --uid 10001 portal

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# Threaded workers (config/gunicorn.py: WEB_CONCURRENCY processes × WEB_THREADS threads), so a long
# request does not hold a whole worker; the exec form makes gunicorn the container's first process,
# which gets the stop signal (a graceful stop).
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.py", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
