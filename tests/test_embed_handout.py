"""Handouts: choose concepts or a cluster, get a printable page of definitions and sources."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.dates import format_date
from flask.testing import FlaskClient


def get(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers={"Accept-Language": "nl"})
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def term_headings(html: str) -> list[str]:
    return re.findall(r'<h2 id="term-([^"]+)"', html)


def test_form_offers_every_concept_as_a_checkbox(client: FlaskClient):
    html = get(client, "/handout")
    assert len(set(re.findall(r'name="id" value="([^"]+)"', html))) == 42


def test_form_offers_a_handout_of_each_whole_cluster(client: FlaskClient):
    assert 'href="/handout?cluster=digitalisering&amp;lang=nl"' in get(client, "/handout")


def test_chosen_concepts_appear_once_each_in_framework_order(client: FlaskClient):
    html = get(client, "/handout?id=mediawijsheid&id=blended-care&id=mediawijsheid")
    assert term_headings(html) == ["blended-care", "mediawijsheid"]


def test_handout_shows_definitions_and_full_source_entries(client: FlaskClient):
    html = get(client, "/handout?id=blended-care")
    assert "traditionele coaching en therapie" in html
    assert "Faresa" in html.split('class="handout-sources"', 1)[1]


def test_handout_shows_the_address_of_each_concept(client: FlaskClient):
    html = get(client, "/handout?id=blended-care")
    assert "http://localhost/begrip/blended-care?lang=nl" in html


def test_a_synonym_chooses_the_concept_it_names(client: FlaskClient):
    assert term_headings(get(client, "/handout?id=e-zorg")) == ["onlinehulpverlening"]


def test_a_whole_cluster_with_its_title(client: FlaskClient):
    html = get(client, "/handout?cluster=gegevensdeling")
    assert '<h1 id="handout-title" lang="nl">Gegevensdeling</h1>' in html
    assert "vitalink" in term_headings(html)


def test_english_handout(client: FlaskClient):
    html = get(client, "/handout?id=blended-hulpverlening&lang=en")
    assert '<h2 id="term-blended-hulpverlening" lang="en">Blended help</h2>' in html


def test_own_title(client: FlaskClient):
    html = get(client, "/handout?id=blended-care&title=Module%203%3A%20online%20hulp")
    assert ">Module 3: online hulp</h1>" in html


def test_unknown_ids_are_reported_beside_the_found_ones(client: FlaskClient):
    html = get(client, "/handout?id=blended-care&id=geen-begrip")
    assert "geen-begrip" in html.split('class="handout-unknown', 1)[1]


def test_only_unknown_ids_are_not_found(client: FlaskClient):
    get(client, "/handout?id=geen-begrip", status=404)


def test_unknown_cluster_is_not_found(client: FlaskClient):
    get(client, "/handout?cluster=geen-cluster", status=404)


def test_handout_has_an_a4_print_stylesheet(client: FlaskClient):
    html = get(client, "/handout?id=blended-care")
    assert 'href="/static/embed/handout.css"' in html
    css = client.get("/static/embed/handout.css").get_data(as_text=True)
    assert re.search(r"@media print\s*{\s*@page\s*{\s*size: A4;", css)


def test_handout_may_not_be_framed(client: FlaskClient):
    response = client.get("/handout?id=blended-care")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("ui", ["nl", "en"])
def test_footer_gives_the_date_of_the_advice_in_the_interface_language(
    client: FlaskClient, ui: str
):
    response = client.get("/handout?id=mediawijsheid", headers={"Accept-Language": ui})
    footer = response.get_data(as_text=True).split('class="handout-foot"', 1)[1]
    advisory = format_date(date(2022, 9, 1), "long", locale=ui)
    assert f"Opgroeien, {advisory})." in footer
