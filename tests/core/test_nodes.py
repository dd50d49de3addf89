"""Issue 21 items 3 and 5: a load balancer's questions to a node, and the check that a node shares
its cache with the others once files are in buckets."""

import pytest
from django.db import connection

from core.nodes import check_shared_cache

pytestmark = pytest.mark.django_db


def test_alive_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ok"}
    assert "no-store" in ready["Cache-Control"]


def test_ready_names_the_failing_part(client, monkeypatch, settings, tmp_path):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    (tmp_path / "not-a-folder").write_text("")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "not-a-folder"

    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("the database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["database", "cache", "storage:private"]}


def test_ready_names_an_unreachable_bucket(client, in_buckets, settings):
    from config.settings.buckets import bucket_storages

    settings.STORAGES = {**settings.STORAGES, **bucket_storages({**in_buckets.env, "AWS_STORAGE_BUCKET_NAME": "gone"})}
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["storage:default"]


def test_files_in_buckets_need_a_shared_cache(settings):
    settings.AWS_S3_ENDPOINT_URL = "http://127.0.0.1:8333"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "x"}}
    [error] = check_shared_cache()
    assert error.id == "core.W022" and "REDIS_URL" in error.hint
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert check_shared_cache() == []
    settings.AWS_S3_ENDPOINT_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "x"}}
    assert check_shared_cache() == [], "one machine: its own file cache is fine"
