"""P-O1, P-O2, P-O4: configuration from the environment, deploy checks, login throttling."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

ROOT = settings.BASE_DIR


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k8#Qv2!pZr7-production-like-secret-for-the-deploy-check-x9Lm4",
        ALLOWED_HOSTS="portal.example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_e_mail_backend_chosen():
    """Issue 16: the console default would send nothing and log the recipients."""
    env = production_env()
    env.pop("EMAIL_BACKEND")
    result = manage("check", env=env)
    assert result.returncode != 0 and "EMAIL_BACKEND" in result.stderr
    chosen = production_env(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    assert manage("check", env=chosen).returncode == 0, "the console, chosen explicitly, is allowed"


def test_production_uses_whitenoise_with_hashed_compressed_static_files():
    env = production_env()
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'], settings.MIDDLEWARE)"
    result = manage("shell", "-c", code, env=env)
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in result.stdout
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in result.stdout


def test_database_comes_from_database_url():
    env = production_env(DATABASE_URL="postgres://portal:pw@db.example.org:5432/portal")
    result = manage(
        "shell", "-c", "from django.db import connection as c; print(c.vendor, c.settings_dict['HOST'])", env=env
    )
    assert "postgresql db.example.org" in result.stdout, result.stderr


def test_behind_pgbouncer_no_queryset_opens_a_server_side_cursor():
    """Issue 21 item 5: PgBouncer in transaction mode hands a server connection to another client after
    each transaction, and a server-side cursor (``.iterator()``) would outlive it there."""
    code = "from django.db import connection as c; print(c.settings_dict.get('DISABLE_SERVER_SIDE_CURSORS'))"
    pooled = production_env(
        DATABASE_URL="postgres://portal:pw@pooler.example.org:6432/portal", DATABASE_POOLER="pgbouncer"
    )
    direct = production_env(DATABASE_URL="postgres://portal:pw@db.example.org:5432/portal")
    assert manage("shell", "--no-imports", "-c", code, env=pooled).stdout.strip() == "True"
    assert manage("shell", "--no-imports", "-c", code, env=direct).stdout.strip() in {"False", "None"}, (
        "streamed exports keep them"
    )


def test_password_validators_refuse_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["password123", "12345678901234", "short1!"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple-2026")


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_is_throttled_after_repeated_failures(client):
    user = UserFactory(username="staff-member", is_staff=True)
    statuses = [
        client.post("/admin/login/", {"username": user.username, "password": "wrong-password"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429, "even the right password is refused while locked out"
    assert "Too many login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_several_hosts_share_the_cache_through_redis():
    """P-F5's rate limits count together across web processes: Redis when REDIS_URL is set."""
    env = production_env(REDIS_URL="redis://127.0.0.1:6379/0")
    code = (
        "from django.core.cache import caches; c = caches['default']; "
        "c.set('p', 1); print(type(c).__name__, c.get('p'))"
    )
    result = manage("shell", "-c", code, env=env)
    assert "RedisCache 1" in result.stdout, result.stderr
