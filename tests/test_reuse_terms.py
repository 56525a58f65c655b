"""On what terms definitions may be reused, and whom to ask: the configured licence and
contact on the About page, the embed cards, the handouts and in the exports' metadata."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml.html import HtmlElement
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from tests.conftest import make_app
from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CONTACT = "begrippen@example.org"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.fixture
def configured(app: Flask) -> FlaskClient:
    app.config["GLOSSARY_CONTACT_EMAIL"] = CONTACT
    return app.test_client()


def tree(client: FlaskClient, url: str) -> HtmlElement:
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "url", ["/over", "/embed/mediawijsheid?lang=nl", "/handout?id=mediawijsheid"]
)
def test_the_licence_and_contact_are_shown(configured: FlaskClient, url: str) -> None:
    (terms,) = tree(configured, url).find_class("reuse-terms")
    hrefs = terms.xpath(".//a/@href")
    assert CC_BY in hrefs
    assert f"mailto:{CONTACT}" in hrefs
    assert "CC BY 4.0" in terms.text_content()


def test_the_bundled_licence_is_marked_as_to_be_confirmed(client: FlaskClient) -> None:
    (terms,) = tree(client, "/over").find_class("reuse-terms")
    assert "to be confirmed by the publisher" in terms.text_content()


def test_a_confirmed_licence_carries_no_notice(app: Flask) -> None:
    app.config["GLOSSARY_LICENSE_CONFIRMED"] = True
    (terms,) = tree(app.test_client(), "/over").find_class("reuse-terms")
    assert "to be confirmed" not in terms.text_content()


def test_without_a_contact_address_the_publishers_site_is_the_contact(client: FlaskClient) -> None:
    (terms,) = tree(client, "/over").find_class("reuse-terms")
    assert "https://www.opgroeien.be/" in terms.xpath(".//a/@href")


def test_the_confirmation_flag_and_contact_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLOSSARY_CONTACT_EMAIL", CONTACT)
    monkeypatch.setenv("GLOSSARY_LICENSE_CONFIRMED", "true")
    app = make_app(tmp_path / "instance")
    assert app.config["GLOSSARY_CONTACT_EMAIL"] == CONTACT
    assert app.config["GLOSSARY_LICENSE_CONFIRMED"] is True


def graph_of(client: FlaskClient, url: str) -> Graph:
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def test_the_dcat_description_names_licence_and_contact_point(configured: FlaskClient) -> None:
    graph = graph_of(configured, "/export/dcat.ttl")
    (dataset,) = graph.subjects(RDF.type, DCAT.Dataset)
    assert (None, DCTERMS.license, URIRef(CC_BY)) in graph
    (point,) = graph.objects(dataset, DCAT.contactPoint)
    assert (point, VCARD.hasEmail, URIRef(f"mailto:{CONTACT}")) in graph
    assert (point, VCARD.fn, Literal("Opgroeien")) in graph


def test_the_skos_export_names_licence_and_contact_point(configured: FlaskClient) -> None:
    graph = graph_of(configured, "/export/begrippenkader.ttl")
    (scheme,) = graph.subjects(DCTERMS.license, URIRef(CC_BY))
    (point,) = graph.objects(scheme, DCAT.contactPoint)
    assert (point, VCARD.hasEmail, URIRef(f"mailto:{CONTACT}")) in graph
