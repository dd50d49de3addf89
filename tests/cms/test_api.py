"""P-C5: headless access through Wagtail's API v2 (read) and v3 (read and write)."""

import json

import pytest
from openapi_spec_validator import validate
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db


def test_v2_serves_the_ghent_body_as_streamfield_json(client, ghent_page):
    response = client.get(f"/api/v2/pages/{ghent_page.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["type"] == "cms.ContentPage"
    assert data["meta"]["locale"] == "nl"
    block_types = {block["type"] for block in data["body"]}
    assert {"heading", "paragraph", "key_figures", "table"} <= block_types
    headings = [block["value"]["text"] for block in data["body"] if block["type"] == "heading"]
    assert "Pijler 2: Expertisedeling" in headings
    assert any(note["type"] == "endnote" and "transbaso.be" in note["value"]["text"] for note in data["notes"])


def test_v2_exposes_key_figures_flat(client, ghent_page):
    data = client.get(f"/api/v2/pages/{ghent_page.pk}/").json()
    figures = {figure["value"]: figure["label"] for figure in data["key_figures"]}
    assert figures["1414"] == "leerlingen"
    assert figures["660"] == "vrijwilligers"


def test_v2_lists_pages_images_and_documents(client):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/")
        assert response.status_code == 200, endpoint
        assert "items" in response.json()
    listing = client.get("/api/v2/pages/", {"type": "cms.ContentPage"}).json()
    assert listing["meta"]["total_count"] == 5


def test_v3_serves_a_valid_openapi_schema(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert "/api/v3/pages/{page_id}/" in schema["paths"]
    assert "patch" in schema["paths"]["/api/v3/pages/{page_id}/"]
    listing = schema["paths"]["/api/v3/pages/"]["get"]
    assert {} in listing["security"], "reads declare authentication optional"


def test_v3_reads_are_public(client, ghent_page):
    response = client.get(f"/api/v3/pages/{ghent_page.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == ghent_page.title


def patch(client, page, data, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.patch(
        f"/api/v3/pages/{page.pk}/",
        data=json.dumps({"meta": {"type": "cms.ContentPage"}, **data}),
        content_type="application/json",
        **headers,
    )


def test_v3_anonymous_write_is_refused(client, ghent_page):
    response = patch(client, ghent_page, {"title": "Overgenomen"})
    assert response.status_code == 401
    ghent_page.refresh_from_db()
    assert ghent_page.title != "Overgenomen"


def test_v3_session_cookie_does_not_authorise_a_write(client, ghent_page, communication_user):
    client.force_login(communication_user)
    assert patch(client, ghent_page, {"title": "Via cookie"}).status_code == 401


def test_v3_edit_by_communication_staff_becomes_a_revision(client, ghent_page, communication_user):
    _token, plaintext = APIToken.create_token(user=communication_user, name="headless editor")
    revisions_before = ghent_page.revisions.count()

    response = patch(client, ghent_page, {"intro": "Bijgewerkt via de API."}, token=plaintext)

    assert response.status_code == 200, response.content
    ghent_page.refresh_from_db()
    assert ghent_page.revisions.count() == revisions_before + 1
    latest = ghent_page.get_latest_revision()
    assert latest.user == communication_user
    assert latest.as_object().intro == "Bijgewerkt via de API."
    assert ghent_page.has_unpublished_changes, "a draft until someone publishes it"


def test_v3_write_without_page_permission_is_forbidden(client, ghent_page, institution_admin):
    _token, plaintext = APIToken.create_token(user=institution_admin, name="no page rights")
    response = patch(client, ghent_page, {"intro": "Mag niet."}, token=plaintext)
    assert response.status_code == 403
    assert ghent_page.revisions.count() == 1


def test_communication_staff_manage_their_own_api_tokens(client, communication_user):
    client.force_login(communication_user)
    assert client.get("/admin/api-tokens/").status_code == 200
    response = client.post("/admin/api-tokens/new/", {"name": "laptop", "user": communication_user.pk})
    assert response.status_code in (200, 302)
    assert APIToken.objects.filter(user=communication_user, name="laptop").exists()
