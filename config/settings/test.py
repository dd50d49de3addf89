"""Tests: fast hashing, in-memory e-mail; the database from DATABASE_URL (SQLite or PostgreSQL)."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change records behind pages within one test; the page cache's own tests switch it on.
PAGE_CACHE_SECONDS = 0
FIGURES_CACHE_SECONDS = 0
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Background jobs (e-mails, large imports) run at once, so a test reads mail.outbox after the
# request; tests of the queue itself switch to the database backend.
TASKS = {**TASKS, "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # noqa: F405
# A minimal domain that proves the domain contract, as Wagtail's own test apps prove its APIs.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testdomain"]  # noqa: F405

import tempfile  # noqa: E402

PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-private-")
