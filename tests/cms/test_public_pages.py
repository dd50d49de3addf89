"""P-C1, P-C3: the public site in each page's language."""

import pytest

from cms.models import ContentPage

pytestmark = pytest.mark.django_db


def test_home_lists_the_five_institutions(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for name in ["Stad Gent", "МОУ Емишевская ОШ", "МАОУ СОШ № 8", "Метінвест Політехніка", "Новочебоксарский"]:
        assert name in html
    assert html.count('class="card"') == 5


@pytest.mark.parametrize(
    ("slug_start", "language", "last_section"),
    [
        ("polozhenie-o-portfolio", "ru", "Приложение 4. Сводная итоговая ведомость"),
        ("polozhenie-ob-obuchenii", "ru", "Приложение 2 к Договору о получении образования на дому"),
        ("polozhennia", "uk", "Додаток 3. Протокол засідання предметної комісії"),
        ("polozhenie-o-zao", "ru", "VI. Организация и рецензирование домашних контрольных работ"),
    ],
)
def test_regulations_are_served_in_their_language(client, slug_start, language, last_section):
    page = ContentPage.objects.get(slug__startswith=slug_start)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page.url.startswith(f"/{language}/")
    assert last_section in html, "the whole text, appendices included, is on the page"


def test_language_prefixes_route_to_the_translated_home(client):
    for code, title in [("nl", "Onderwijsportaal"), ("ru", "Портал образования"), ("uk", "Освітній портал")]:
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert f"<h1>{title}</h1>" in response.content.decode()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/nl/bestaat-niet/")
    assert response.status_code == 404
    assert "skip-link" in response.content.decode()


def test_pages_link_a_stylesheet_with_print_rules(client, ghent_page):
    from django.contrib.staticfiles import finders

    assert "css/portal.css" in client.get(ghent_page.url).content.decode()
    with open(finders.find("css/portal.css"), encoding="utf-8") as css:
        stylesheet = css.read()
    assert "@media print" in stylesheet and "size: A4" in stylesheet


@pytest.mark.parametrize(
    ("slug", "skip_link", "notes_heading"),
    [
        ("visie-studieondersteuning", "Naar de hoofdinhoud", "Eindnoten"),
        ("polozhenie-ob-obuchenii-na-domu", "Перейти к основному содержанию", "Сноски"),
    ],
)
def test_page_chrome_speaks_the_pages_language(client, slug, skip_link, notes_heading):
    html = client.get(ContentPage.objects.get(slug=slug).url).content.decode()
    assert skip_link in html
    assert f">{notes_heading}</h2>" in html


def test_ukrainian_page_chrome(client):
    page = ContentPage.objects.get(slug__startswith="polozhennia")
    html = client.get(page.url).content.decode()
    assert "Перейти до основного вмісту" in html and "Пошук" in html
