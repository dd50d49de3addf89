"""P-C5, issue 9 items 8 and 11: malformed API requests get a 4xx without exception text, the v3
schema declares what the API answers, and API token events show only to those who manage them."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from openapi_spec_validator import validate
from wagtail.models import APIToken, ModelLogEntry, Page

from config import api as portal_api

pytestmark = pytest.mark.django_db

HUGE = "8931968835623020658688"

# Pieces of Python's or a database's own exception text that the probes used to provoke.
EXCEPTION_TEXT = (
    "Traceback",
    "NoneType",
    "has no attribute",
    "invalid literal",
    "datatype mismatch",
    "too large to convert",
    "out of range",
    "NUL (0x00)",
    "expected a number but got",
    "unterminated string",
)


def assert_refused(response, status=None):
    """A 4xx (the given one, if any) whose body carries no exception text."""
    body = response.content.decode()
    assert 400 <= response.status_code < 500, (response.status_code, body[:500])
    if status is not None:
        assert response.status_code == status, body[:500]
    for text in EXCEPTION_TEXT:
        assert text not in body, (text, body[:500])
    return response.json() if body else None


def error_locations(problem):
    return [error["loc"] for error in problem["errors"]]


@pytest.fixture
def token(communication_user):
    _token, plaintext = APIToken.create_token(user=communication_user, name="hardening")
    return plaintext


@pytest.fixture
def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def root_page(db):
    return Page.objects.get(depth=1)


def post_json(client, url, body, headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **headers)


# Item 8: the listed probes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/",
        "/api/v3/images/",
        "/api/v3/documents/",
        "/api/v3/redirects/",
        "/api/v2/pages/",
        "/api/v2/images/",
        "/api/v2/documents/",
    ],
)
def test_an_offset_beyond_any_database_is_refused(client, url):
    problem = assert_refused(client.get(url, {"offset": HUGE}))
    if url.startswith("/api/v3/"):
        assert error_locations(problem) == [["query", "offset"]]
    else:
        assert problem == {"message": f"offset cannot be higher than {portal_api.MAX_OFFSET}"}


def test_the_largest_offset_allowed_still_lists(client):
    for url in ("/api/v3/pages/", "/api/v2/pages/"):
        response = client.get(url, {"offset": portal_api.MAX_OFFSET})
        assert response.status_code == 200, url
        assert response.json()["items"] == []


@pytest.mark.parametrize("authenticated", [False, True])
def test_patch_of_a_page_id_that_is_no_integer_is_refused(client, bearer, authenticated):
    headers = bearer if authenticated else {}
    response = client.patch("/api/v3/pages/true/", data="{}", content_type="application/json", **headers)
    assert error_locations(assert_refused(response, 422)) == [["path", "page_id"]]


@pytest.mark.parametrize("action", ["copy", "create_alias"])
@pytest.mark.parametrize("body", ["", "{}", "null"])
def test_copying_the_root_page_without_a_destination_is_refused(client, bearer, root_page, action, body):
    pages_before = Page.objects.count()
    response = post_json(client, f"/api/v3/pages/{root_page.pk}/actions/{action}/", body, bearer)
    assert error_locations(assert_refused(response, 422)) == [["body", "data", "destination_id"]]
    assert Page.objects.count() == pages_before


@pytest.mark.parametrize("action", ["copy", "create_alias"])
def test_copying_the_root_page_into_itself_is_refused(client, bearer, root_page, action):
    body = {"destination_id": root_page.pk}
    response = post_json(client, f"/api/v3/pages/{root_page.pk}/actions/{action}/", body, bearer)
    assert_refused(response)
    assert Page.objects.filter(depth=1).count() == 1


@pytest.mark.parametrize("position", [None, "left", "right", "first-sibling", "last-sibling"])
def test_moving_beside_the_root_page_is_refused(client, bearer, root_page, ghent_page, position):
    body = {"destination_id": root_page.pk} | ({"position": position} if position else {})
    for page in (root_page, ghent_page):
        response = post_json(client, f"/api/v3/pages/{page.pk}/actions/move/", body, bearer)
        assert error_locations(assert_refused(response, 422)) == [["body", "data", "position"]]
    assert Page.find_problems() == ([], [], [], [], [])
    assert Page.objects.get(pk=ghent_page.pk).path == ghent_page.path


@pytest.mark.parametrize("action", ["copy", "create_alias", "move"])
def test_empty_bodies_get_4xx(client, bearer, ghent_page, action):
    """Wagtail's defaults where they are right: copy and alias beside the page, move needs a body."""
    for body in ("", "{}"):
        response = post_json(client, f"/api/v3/pages/{ghent_page.pk}/actions/{action}/", body, bearer)
        if action == "move":
            assert_refused(response, 422)
        else:
            assert response.status_code == 201, response.content
    assert Page.find_problems() == ([], [], [], [], [])


def test_self_referencing_bodies_get_4xx_or_wagtails_answer(client, bearer, ghent_page):
    url = f"/api/v3/pages/{ghent_page.pk}/actions/"
    assert_refused(post_json(client, url + "copy/", {"destination_id": ghent_page.pk, "recursive": True}, bearer))
    assert_refused(
        post_json(client, url + "create_alias/", {"destination_id": ghent_page.pk, "recursive": True}, bearer)
    )
    for position in ("first-child", "last-child"):
        body = {"destination_id": ghent_page.pk, "position": position}
        assert_refused(post_json(client, url + "move/", body, bearer), 403)
    # Beside itself, with no position, is Wagtail's "last sibling": a reorder, which is right.
    assert post_json(client, url + "move/", {"destination_id": ghent_page.pk}, bearer).status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


# Item 8: more of the same, found by schemathesis and by probing ------------------------------


def test_a_page_id_beyond_any_database_is_refused(client, bearer, ghent_page):
    body = json.dumps({"meta": {"type": "cms.ContentPage"}, "intro": "x"})
    for headers in ({}, bearer):
        response = client.patch(f"/api/v3/pages/{HUGE}/", data=body, content_type="application/json", **headers)
        assert error_locations(assert_refused(response, 422)) == [["path", "page_id"]]
    assert_refused(client.get(f"/api/v3/pages/{HUGE}/"), 422)


@pytest.mark.parametrize("body", ["[null, null]", "null", "[]", "5"])
def test_a_page_body_that_is_no_object_is_refused(client, bearer, ghent_page, body):
    assert_refused(post_json(client, "/api/v3/pages/", body, bearer), 422)
    response = client.patch(f"/api/v3/pages/{ghent_page.pk}/", data=body, content_type="application/json", **bearer)
    assert_refused(response, 422)


def test_a_site_filter_with_a_port_that_is_no_number_is_refused(client):
    for url in ("/api/v3/pages/find/", "/api/v3/pages/"):
        response = client.get(url, {"site": "localhost:abc", "html_path": "/"})
        assert error_locations(assert_refused(response, 422)) == [["query", "site"]]


def test_a_revision_filter_by_a_user_id_that_is_no_integer_is_refused(client, bearer, ghent_page):
    response = client.get(f"/api/v3/pages/{ghent_page.pk}/revisions/", {"user_id": "abc"}, **bearer)
    assert error_locations(assert_refused(response, 422)) == [["query", "user_id"]]


@pytest.mark.parametrize("url", ["/api/v3/pages/", "/api/v2/pages/"])
def test_null_characters_in_a_query_are_refused(client, bearer, url):
    for headers in ({}, bearer):
        assert_refused(client.get(url, {"search": "a\x00b"}, **headers))
        assert_refused(client.get(url, {"title": "\x00"}, **headers))


def test_null_characters_in_a_body_are_refused(client, bearer, ghent_page):
    pages_before = Page.objects.count()
    body = {"title": "Kopie\x00"}
    response = post_json(client, f"/api/v3/pages/{ghent_page.pk}/actions/copy/", body, bearer)
    assert error_locations(assert_refused(response, 422)) == [["body"]]
    assert Page.objects.count() == pages_before


def test_a_json_body_nested_too_deeply_is_refused(client, bearer, ghent_page):
    body = "[" * 100_000 + "]" * 100_000
    assert_refused(post_json(client, f"/api/v3/pages/{ghent_page.pk}/actions/copy/", body, bearer), 422)


def test_a_foreign_key_filter_beyond_any_database_is_refused(client):
    for field in ("site", "redirect_page"):
        response = client.get("/api/v3/redirects/", {field: HUGE})
        if response.status_code != 200:  # PostgreSQL finds nothing; SQLite cannot bind the number
            assert_refused(response, 422)


def test_v2_filter_values_django_refuses_are_a_bad_request(client):
    problem = assert_refused(client.get("/api/v2/pages/", {"first_published_at": "abc"}), 400)
    assert "abc" in problem["message"]


def test_v2_field_filter_errors_keep_wagtails_message_without_pythons(client):
    problem = assert_refused(client.get("/api/v2/pages/", {"id": "abc"}), 400)
    assert problem == {"message": "field filter error. 'abc' is not a valid value for id"}


def test_what_wagtail_answers_right_is_kept(client, ghent_page):
    assert client.get("/api/v3/pages/", {"limit": 21}).json()["detail"] == "limit cannot be higher than 20"
    assert client.get("/api/v3/pages/", {"offset": -1}).status_code == 422
    assert client.get("/api/v2/pages/", {"offset": -1}).json() == {"message": "offset must be a positive integer"}
    assert client.get(f"/api/v3/pages/{ghent_page.pk}/").status_code == 200
    assert client.get(f"/api/v2/pages/{ghent_page.pk}/").status_code == 200
    assert client.get("/api/v3/pages/999999/").status_code == 404


def test_a_server_fault_answers_500_without_its_text(client, monkeypatch):
    """Outside DEBUG (the test settings) an unexpected fault keeps its text to the server's log."""

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals of the fault")

    monkeypatch.setattr("wagtail.api.v3.routers.pages.get_pages_queryset", broken)
    monkeypatch.setattr(portal_api.PortalPagesAPIViewSet, "get_queryset", broken)
    client.raise_request_exception = False
    for url in ("/api/v3/pages/1/", "/api/v2/pages/"):
        response = client.get(url)
        assert response.status_code == 500, url
        assert b"secret internals" not in response.content


# The v3 schema ---------------------------------------------------------------------------------


@pytest.fixture
def schema(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    return document


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_schema_bounds_limit_offset_and_ids(schema):
    listings = 0
    for path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            declared = parameter["schema"]
            if parameter["name"] == "limit":
                listings += 1
                assert declared["maximum"] == 20, path
            elif parameter["name"] == "offset":
                assert declared["maximum"] == portal_api.MAX_OFFSET, path
            elif parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert declared["type"] == "integer", (path, parameter["name"])
                assert declared["maximum"] == portal_api.MAX_ID, path
    assert listings >= 5


def test_schema_declares_the_problem_answers(schema):
    assert "ProblemDetail" in schema["components"]["schemas"]
    for path, method, operation in operations(schema):
        declared = set(operation["responses"])
        assert {"400", "404", "422"} <= declared, (method, path)
        if {} not in operation["security"]:
            assert {"401", "403"} <= declared, (method, path)
        problem = operation["responses"]["422"]["content"]
        assert problem == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}


def test_schema_leaves_out_the_snippet_operations_nobody_can_call(schema):
    assert not [path for path in schema["paths"] if "/snippets/" in path]
    assert "/api/v3/pages/{page_id}/actions/copy/" in schema["paths"]


def test_schema_problem_answers_are_what_the_api_gives(client, schema):
    response = client.get("/api/v3/pages/", {"offset": -1})
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()) <= set(schema["components"]["schemas"]["ProblemDetail"]["properties"])


# Item 11: API token events -------------------------------------------------------------------


@pytest.fixture
def tokens(client, admin_user, communication_user):
    """Each makes a token in the admin (Settings → API tokens), which logs its creation."""
    client.force_login(admin_user)
    client.post("/admin/api-tokens/new/", {"name": "beheerder-geheim", "user": admin_user.pk})
    client.force_login(communication_user)
    client.post("/admin/api-tokens/new/", {"name": "mijn-laptop", "user": communication_user.pk})
    client.logout()
    others = APIToken.objects.get(name="beheerder-geheim")
    own = APIToken.objects.get(name="mijn-laptop")
    token_type = ContentType.objects.get_for_model(APIToken)
    assert ModelLogEntry.objects.filter(content_type=token_type, object_id=str(others.pk)).exists()
    return own, others


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_site_history_shows_communication_staff_only_their_own_tokens(client, communication_user, tokens):
    own, others = tokens
    client.force_login(communication_user)
    for url in (
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/reports/site-history/?export=csv",
        f"/admin/reports/site-history/?object_type={ContentType.objects.get_for_model(APIToken).pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = content(response).decode()
        assert own.name in body, url
        assert others.name not in body, url
        assert others.prefix not in body, url


def test_a_superuser_still_sees_every_tokens_events(client, admin_user, tokens):
    client.force_login(admin_user)
    body = client.get("/admin/reports/site-history/").content.decode()
    assert all(token.name in body for token in tokens)


def test_a_tokens_history_opens_only_for_its_manager(client, admin_user, communication_user, tokens):
    own, others = tokens
    client.force_login(communication_user)
    response = client.get(f"/admin/api-tokens/history/{own.pk}/")
    assert response.status_code == 200
    assert own.name in response.content.decode()
    assert client.get(f"/admin/api-tokens/history-results/{own.pk}/").status_code == 200
    for url in (f"/admin/api-tokens/history/{others.pk}/", f"/admin/api-tokens/history-results/{others.pk}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert others.name.encode() not in response.content
    client.force_login(admin_user)
    assert client.get(f"/admin/api-tokens/history/{own.pk}/").status_code == 200


def test_the_scoped_views_still_need_the_admin(client, tokens):
    own, _others = tokens
    for url in ("/admin/reports/site-history/", f"/admin/api-tokens/history/{own.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
