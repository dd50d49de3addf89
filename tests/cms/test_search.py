"""P-C4: site search over published pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_transbaso_on_the_ghent_page(client, ghent_page):
    response = client.get("/nl/search/", {"q": "Transbaso"})
    assert response.status_code == 200
    results = list(response.context["results"])
    assert ghent_page.pk in [page.pk for page in results]
    assert ghent_page.url in response.content.decode()


def test_search_covers_the_russian_and_ukrainian_regulations(client):
    for query, slug_start in [("портфолио", "polozhenie-o-portfolio"), ("неформальній", "polozhennia")]:
        response = client.get("/search/", {"q": query})
        assert any(page.slug.startswith(slug_start) for page in response.context["results"]), query


def test_draft_changes_are_not_searchable(client, ghent_page):
    ghent_page.title = "Geheime kladversie zonder publicatie"
    ghent_page.save_revision()  # a draft only
    response = client.get("/search/", {"q": "kladversie"})
    assert list(response.context["results"]) == []


def test_empty_query_shows_the_form_without_results(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert list(response.context["results"]) == []
