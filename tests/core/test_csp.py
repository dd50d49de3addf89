"""An enforced Content-Security-Policy on public pages, the admin and the API (django-csp, core/csp.py)."""

import re

import pytest
from django.contrib.staticfiles import finders

from core.admin import printed_document_url, record_admins
from core.csp import path_directives
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/nl/",
    "/nl/gent/visie-studieondersteuning/",
    "/nl/gent/inschrijven-leerling/",
    "/ru/vtagil-school-8/zayavlenie-obuchenie-na-domu/",
    "/search/?q=Transbaso",
]
API = ["/api/v2/pages/", "/api/v3/openapi.json", "/api/v3/pages/", "/api/v3/docs/"]


def directives(response):
    assert "Content-Security-Policy" in response, "an enforced policy, not only Report-Only"
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_common(policy):
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in policy["script-src"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_send_a_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert_common(policy)
    assert "'unsafe-inline'" not in policy["script-src"] and policy["script-src"][0] == "'self'"
    assert policy["style-src"][0] == "'self'" and "'unsafe-inline'" not in policy["style-src"], "no inline styles"
    assert "script-src-attr" not in policy and "Content-Security-Policy-Report-Only" not in response
    html = response.content.decode()
    assert not re.search(r"\son[a-z]+=|\sstyle=", html), "no inline event handlers or style attributes"
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or "nonce=" in script or 'type="application/json"' in script, script


def test_the_forms_inline_script_runs_by_a_fresh_nonce(client):
    nonces = []
    for _ in range(2):
        response = client.get("/nl/gent/inschrijven-leerling/")
        nonce = re.search(r'<script nonce="([^"]+)">', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in directives(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_admin_allows_wagtails_inline_scripts_but_no_event_handlers(client, institution_admin):
    assert client.get("/admin/login/")["Content-Security-Policy"]
    client.force_login(institution_admin)
    for url in ("/admin/", "/admin/studysupport/pupil/", "/admin/audit-log/"):  # Ghent runs study support
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert_common(policy)
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["script-src-attr"] == ["'none'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["img-src"] == ["'self'", "data:", "blob:"]


def test_only_the_admin_path_is_loosened():
    assert path_directives("/admin/pages/3/edit/")
    assert path_directives("/nl/admin-handleiding/") is None
    assert path_directives("/api/v3/docs/") is None


@pytest.mark.parametrize("url", API)
def test_the_api_sends_the_public_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    policy = directives(response)
    assert_common(policy)
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]


def test_the_api_docs_load_swagger_ui_from_the_portal(client):
    html = client.get("/api/v3/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in html and "https://" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")


PRINTED = [
    (model_admin.model, document.name) for model_admin in record_admins() for document in model_admin.printed_documents
]


@pytest.mark.parametrize(("model", "document"), PRINTED, ids=lambda value: getattr(value, "__name__", value))
def test_every_printed_document_needs_no_inline_script_or_style_attribute(client, model, document):
    """Walks every registered list's printed documents, so a new domain's templates get the check."""
    ours = InstitutionFactory(code="ours")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    client.force_login(admin)
    record = one_record_of_each(ours, coordinator=admin)[model]
    response = client.get(printed_document_url(record, document))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"\son[a-z]+=|\sstyle=", html), "no inline event handlers or style attributes"
    assert all(re.fullmatch(r'<script src="/static/[^"]+">', tag) for tag in re.findall(r"<script\b[^>]*>", html))
    assert "Content-Security-Policy" in response
