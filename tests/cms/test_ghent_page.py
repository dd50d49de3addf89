"""P-C1/P-C2: the Ghent vision text as a public page: figures, pillars, objectives table, notes."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def html(client, ghent_page):
    response = client.get(ghent_page.url)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_page_is_dutch_and_accessible_in_structure(html):
    assert '<html lang="nl">' in html
    assert 'class="skip-link" href="#main"' in html
    assert html.count("<h1>") == 1


def test_key_figures_of_2020_2021(html):
    figures = re.findall(r'key-figure__value">([^<]+)<', html)
    for value in ["1414", "16", "31%", "69%", "660", "181"]:
        assert value in figures
    text = text_of(html)
    for label in ["leerlingen", "initiatieven", "vrijwilligers", "Wachtlijst"]:
        assert label in text


def test_the_figures_heading_stands_once(html):
    """The vision text heads its figures "Gentse situatie 2020-2021" once (a heading, linked from
    the contents); the figures block below it repeated it as its title."""
    main = html[html.index("<main") :]
    shown = re.findall(r"<(h\d|p)[^>]*>\s*Gentse situatie 2020-2021", main)
    assert shown == ["h3"]


def test_four_pillars(html):
    for number, name in [(1, "Krachtige thuisomgeving"), (2, "Expertisedeling"), (3, "E-inclusie"), (4, "Signaleren")]:
        assert re.search(rf"<h3[^>]*>Pijler {number}: {name}", html), f"pillar {number} heading"


def test_objectives_table(html):
    table = html[html.index("<table>") : html.index("</table>")]
    assert re.search(r"<th[^>]*>\s*Pijlers\s*</th>", table)
    assert "Doelstellingen" in table and "Acties" in table
    assert "DS1: Erkenning en subsidiëring van Gentse initiatieven" in table
    assert 'rowspan="2"' in table, "continuation cells are merged, not empty"
    assert table.count("<td") == 4, "two merged cells and two actions: nothing spills into an extra column"


def test_numbered_notes_keep_their_sources(html):
    # Footnote 1 and endnote 5 (Transbaso) are referenced in the text and listed with their source.
    assert re.search(r'<sup class="note-ref note-ref--footnote"><a href="#fn-1"[^>]*>1</a></sup>', html)
    assert re.search(r'Transbaso<sup class="note-ref note-ref--endnote"><a href="#en-5"[^>]*>v</a></sup>', html)
    assert '<li id="fn-1">' in html and '<li id="en-15">' in html
    assert 'href="https://transbaso.be/"' in html
    assert "Nickow, A. J., Oreopoulos, P. en Quan, V. (2020)" in html
    assert "[en:" not in html and "[fn:" not in html, "every marker resolves to a note"


def test_table_of_contents_links_to_sections(html):
    assert 'href="#h-inleiding"' in html and 'id="h-inleiding"' in html


def test_table_of_contents_numbers_sections_only(ghent_page, client):
    toc = client.get(ghent_page.url).context["table_of_contents"]
    first_three = ["Inleiding", "Missie en visie", "Studieondersteuning: een omschrijving"]
    assert [section["text"] for section in toc][:3] == first_three
    assert [sub["text"] for sub in toc[1]["children"]] == ["Missie", "Visie"]
    pillars = next(section for section in toc if section["text"] == "Pijlers")
    assert len(pillars["children"]) == 4
