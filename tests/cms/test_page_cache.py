"""Issue 15.3 (P-H1): anonymous pages, search and API listings come from the cache, and never as
they were before a publish, unpublish, move or delete; form pages keep their own tokens."""

import re

import pytest
from django.test import override_settings

from cms.models import ContentPage
from forms_app.models import DomainFormPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def page_cache():
    from django.core.cache import cache

    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


@pytest.fixture
def regulation():
    return ContentPage.objects.live().get(slug__startswith="polozhenie-o-zao")


def test_a_page_seen_once_is_served_without_the_database(client, regulation, django_assert_num_queries):
    first = client.get(regulation.url)
    with django_assert_num_queries(0):
        second = client.get(regulation.url)
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"] and "no-cache" in second["Cache-Control"]
    assert "Content-Security-Policy" in second, "the outer middleware still answers for every response"


def test_an_unchanged_page_is_answered_not_modified(client, regulation):
    etag = client.get(regulation.url)["ETag"]
    response = client.get(regulation.url, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""


def test_publishing_ends_the_cached_page_at_once(client, regulation):
    assert "Исправленный заголовок" not in client.get(regulation.url).content.decode()
    regulation.title = "Исправленный заголовок"
    regulation.save_revision().publish()
    assert "Исправленный заголовок" in client.get(regulation.url).content.decode()


def test_unpublishing_and_deleting_end_the_cached_page(client, regulation):
    url = regulation.url
    client.get(url)
    regulation.unpublish()
    assert client.get(url).status_code == 404
    regulation.save_revision().publish()
    assert client.get(url).status_code == 200
    regulation.delete()
    assert client.get(url).status_code == 404


def test_moving_ends_the_cached_page(client, regulation):
    old_url = regulation.url
    client.get(old_url)
    home = regulation.get_parent().get_parent()
    regulation.move(home, pos="last-child")
    regulation.refresh_from_db()
    assert regulation.url != old_url
    assert client.get(old_url)["Location"] == regulation.url, "the old address leads to the new one"


def test_search_and_api_listings_are_cached_and_renewed(client, regulation, django_assert_num_queries):
    for url in ("/ru/search/?q=контрольных", "/api/v2/pages/?type=cms.ContentPage"):
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
    regulation.title = "Новое название положения"
    regulation.save_revision().publish()
    assert "Новое название положения" in client.get("/api/v2/pages/?type=cms.ContentPage").content.decode()


def test_a_form_page_keeps_its_own_tokens(client):
    form_page = DomainFormPage.objects.live().first()
    tokens = [
        re.search(r'name="submission_token" value="([^"]+)"', client.get(form_page.url).content.decode()).group(1)
        for _visit in range(2)
    ]
    assert tokens[0] != tokens[1], "every visit gets a fresh one-time token"
    other_visitor = client.__class__()
    assert "csrftoken" in other_visitor.get(form_page.url).cookies, "each visitor gets a CSRF cookie of their own"


def test_a_signed_in_editor_is_never_served_from_the_cache(admin_client, client, regulation):
    client.get(regulation.url)
    regulation.title = "Черновик редактора"
    regulation.save_revision()  # a draft: the public page stays as it was
    editor_view = admin_client.get(regulation.url)
    assert editor_view.status_code == 200 and "no-cache" not in editor_view.get("Cache-Control", "")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_switched_off(client, regulation, django_assert_max_num_queries):
    client.get(regulation.url)
    response = client.get(regulation.url)
    assert "ETag" not in response
