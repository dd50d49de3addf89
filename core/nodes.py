"""One node among several (issue 21 items 3 and 5): what a load balancer asks a web node, and the
check that a node keeps nothing of its own that the others would need.

``/healthz`` answers while the process serves requests; ``/readyz`` only while the node reaches
the database, the cache and both storages, else 503 naming the failing part, so the balancer
sends requests elsewhere. Neither is ever cached, nor answered with a redirect to HTTPS (the
balancer asks over plain HTTP: SECURE_REDIRECT_EXEMPT in settings/production.py).
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Warning, register
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.storage import STORAGE_ERRORS, unreachable_buckets

# Caches whose entries stay on one node (its memory or disk): fine on one machine, wrong on several.
NODE_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@never_cache
def alive(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    failing = [part for part, reached in (("database", database_reached), ("cache", cache_reached)) if not reached()]
    failing += storages_unreached()
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})


def database_reached():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any driver's error: the database is what fails
        return False


def cache_reached():
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        reached = cache.get(key) == value
        cache.delete(key)
        return reached
    except Exception:  # the cache backend's own errors (Redis down, a full disk)
        return False


def storages_unreached():
    """["storage:<alias>"] for each storage that cannot take a file now."""
    try:
        failing = {alias for alias, _bucket, _why in unreachable_buckets()}
    except STORAGE_ERRORS:
        failing = {"default", "private"}
    for alias in ("default", "private"):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            try:
                storage.listdir("")
            except FileNotFoundError:
                pass  # a folder made with its first file
            except OSError:
                failing.add(alias)
    return [f"storage:{alias}" for alias in sorted(failing)]


@register("nodes")
def check_shared_cache(app_configs=None, **kwargs):
    """With files in buckets the portal may run on several machines: the forms' rate limits, the page
    cache's generation and an import's progress must then live in a cache every node shares. A warning,
    not an error: one machine may keep its files in buckets with its own cache (``make run``)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.AWS_S3_ENDPOINT_URL or backend not in NODE_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"Files are kept in buckets (AWS_S3_ENDPOINT_URL), so several nodes may serve the portal, "
            f"but the cache ({backend}) is each node's own.",
            hint="Set REDIS_URL to the Redis every node shares.",
            id="core.W022",
        )
    ]
