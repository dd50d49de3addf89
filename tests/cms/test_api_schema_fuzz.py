"""P-C5: schemathesis fuzzes every operation of /api/v3/openapi.json, in-process against the
Django WSGI application, anonymously and with a communication staff member's API token, and no
request may get a 5xx answer (the not_a_server_error check).

Bounded and reproducible: a fixed seed, deterministic generation, a few examples per operation,
no example database. Everything the fuzzer writes stays in the test's transaction (rolled back),
uploads go to a temporary MEDIA_ROOT.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db

SEED = 8931968835
MAX_EXAMPLES = 8

CONFIG = {
    "seed": SEED,
    "suppress-health-check": ["all"],
    "cache": {"enabled": False},
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    # Examples: the schema has none. Stateful testing is not part of the pytest integration.
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
}


# Loaded once at collection, as schemathesis' pytest integration wants (its lazy, fixture-loaded
# variant relies on a pytest attribute that pytest 9.2 removed); the schema view reads no database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v3/openapi.json", get_wsgi_application(), config=SchemathesisConfig.from_dict(CONFIG)
)


@pytest.fixture(autouse=True)
def app_in_test_transaction(db, settings, tmp_path):
    """The WSGI application shares the test's database transaction.

    Django's WSGI handler closes "old" database connections at each request's start and end; inside
    the test's transaction that would end it, so (like Django's test client) the signal handler is
    disconnected while the fuzzer runs.
    """
    settings.MEDIA_ROOT = str(tmp_path)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(communication_user):
    """A bearer token made as the admin's Settings → API tokens makes one."""
    _token, plaintext = APIToken.create_token(user=communication_user, name="schemathesis")
    return plaintext


@schema.parametrize()
def test_v3_never_answers_5xx_to_anonymous_requests(case):
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
def test_v3_never_answers_5xx_to_staff_token_requests(case, staff_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {staff_token}"}, checks=[not_a_server_error])
