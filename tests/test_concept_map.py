"""The concept maps: what the drawing holds, that it is always the same drawing, the list that
says the same, the framable map for trainers and the downloads."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from lxml import etree, html
from sqlalchemy import select

from glossary.language import LocalizedText
from glossary.model_enums import MappingKind
from glossary.models import Concept, ConceptMapping, db
from glossary.services import browse
from glossary.services.concept_map import EdgeKind, NodeKind, cluster_map, framework_map
from glossary.services.map_layout import layout
from glossary.services.map_svg import MapWords, render_svg
from tests.conftest import SCHEME_ID

CLUSTER = "blended-werken"
SVG = "{http://www.w3.org/2000/svg}"
WORDS = MapWords(
    title="map",
    edge_legend={kind: kind.value for kind in EdgeKind},
    node_legend={kind: kind.value for kind in NodeKind},
    edge_titles={kind: "%(source)s to %(target)s" for kind in EdgeKind},
    node_titles={kind: "%(label)s" for kind in NodeKind},
)


def get(client: FlaskClient, url: str, ui: str = "nl") -> str:
    response = client.get(url, headers={"Accept-Language": ui})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def svg_of(client: FlaskClient, url: str) -> etree._Element:
    response = client.get(url, headers={"Accept-Language": "nl"})
    assert response.status_code == 200, url
    return etree.fromstring(response.data)


def nodes(svg: etree._Element) -> dict[str, str]:
    """data-concept → href of every node of a drawing."""
    return {a.get("data-concept"): a.get("href") for a in svg.iter(f"{SVG}a")}


def edges(svg: etree._Element) -> list[tuple[str, str, str]]:
    """(kind, from, to) of every edge of a drawing."""
    return [
        (g.get("class").split("--")[1], g.get("data-from"), g.get("data-to"))
        for g in svg.iter(f"{SVG}g")
        if "edge" in (g.get("class") or "").split()
    ]


def legend_kinds(svg: etree._Element) -> set[str]:
    return {g.get("data-kind") for g in svg.iter(f"{SVG}g") if g.get("class") == "legend-entry"}


def cluster_members(app: Flask, cluster_id: str) -> list[str]:
    with app.app_context():
        page = browse.cluster_page(db.session, SCHEME_ID, cluster_id, "nl")
        assert page is not None
        return [concept.id for concept in page.concepts]


def test_the_same_data_gives_the_same_drawing_byte_for_byte(app: Flask):
    with app.app_context():
        drawings = []
        for _ in range(2):
            concept_map = framework_map(
                db.session, SCHEME_ID, "nl", "nl", LocalizedText("Begrippenkader", "nl", "nl")
            )
            drawings.append(render_svg(layout(concept_map), WORDS, lambda node: node.key))
    assert drawings[0] == drawings[1]


def test_the_downloaded_drawing_is_the_same_from_two_fresh_workers(app: Flask, client: FlaskClient):
    first = client.get("/kaart/gegevensdeling.svg").data
    app.extensions.pop("glossary_revision_caches", None)
    assert client.get("/kaart/gegevensdeling.svg").data == first


def test_every_concept_of_the_cluster_is_a_node_linking_to_its_page(
    app: Flask, client: FlaskClient
):
    drawn = nodes(svg_of(client, f"/kaart/{CLUSTER}.svg"))
    members = cluster_members(app, CLUSTER)
    assert members
    for slug in members:
        assert drawn[slug] == f"http://localhost/begrip/{slug}?lang=nl"


def test_the_cluster_page_links_every_node_to_the_concept_page(app: Flask, client: FlaskClient):
    page = html.fromstring(get(client, f"/cluster/{CLUSTER}"))
    drawn = {a.get("data-concept"): a.get("href") for a in page.xpath("//svg//a")}
    for slug in cluster_members(app, CLUSTER):
        assert drawn[slug] == f"/begrip/{slug}"


def test_every_node_has_a_tooltip(client: FlaskClient):
    svg = svg_of(client, "/kaart.svg")
    for node in svg.iter(f"{SVG}a"):
        assert node.find(f"{SVG}title").text


def test_a_cluster_map_shows_the_concepts_of_other_clusters_it_is_joined_to(client: FlaskClient):
    svg = svg_of(client, f"/kaart/{CLUSTER}.svg")
    outside = [
        a.get("data-concept") for a in svg.iter(f"{SVG}a") if "node--outside" in a.get("class")
    ]
    assert "onlinehulpverlening" in outside


def test_each_kind_of_edge_of_the_framework_is_drawn_with_its_legend_entry(client: FlaskClient):
    svg = svg_of(client, "/kaart.svg")
    drawn = {kind for kind, _, _ in edges(svg)}
    assert drawn == {"mention", "broader", "related", "equivalent"}
    assert drawn <= legend_kinds(svg)


def test_a_kind_the_map_does_not_have_is_not_in_the_legend(client: FlaskClient):
    svg = svg_of(client, "/kaart/visie-en-positie-aspecten.svg")
    assert {kind for kind, _, _ in edges(svg)} == {"mention"}
    assert "broader" not in legend_kinds(svg)


def test_a_mapping_is_drawn_to_the_other_vocabularys_concept(app: Flask, client: FlaskClient):
    uri = "http://www.yso.fi/onto/yso/p21299"
    with app.app_context():
        concept = db.session.scalar(select(Concept).where(Concept.slug == "blended-hulpverlening"))
        db.session.add(ConceptMapping(concept_pk=concept.pk, kind=MappingKind.EXACT, uri=uri))
        db.session.commit()
    svg = svg_of(client, f"/kaart/{CLUSTER}.svg")
    assert ("mapping", "blended-hulpverlening", uri) in edges(svg)
    assert nodes(svg)[uri] == uri
    assert {"mapping", "external"} <= legend_kinds(svg)


def test_definition_mentions_are_read_from_the_shown_language(app: Flask):
    with app.app_context():
        dutch = cluster_map(db.session, SCHEME_ID, CLUSTER, "nl", "nl")
        english = cluster_map(db.session, SCHEME_ID, CLUSTER, "en", "nl")
    assert dutch is not None and english is not None
    assert any(edge.kind is EdgeKind.MENTION for edge in dutch.edges)
    assert any(edge.kind is EdgeKind.MENTION for edge in english.edges)


def test_the_list_holds_every_edge_of_the_drawing(client: FlaskClient):
    page = html.fromstring(get(client, f"/cluster/{CLUSTER}"))
    drawn = [
        (g.get("class").split("--")[1], g.get("data-from"), g.get("data-to"))
        for g in page.xpath("//svg//g[contains(concat(' ', @class, ' '), ' edge ')]")
    ]
    assert drawn
    forward = {
        "mention": "mentions",
        "broader": "broader",
        "related": "related",
        "equivalent": "equivalent",
        "mapping": "matches",
    }
    backward = {
        "mention": "mentioned_by",
        "broader": "narrower",
        "related": "related",
        "equivalent": "equivalent",
    }

    def listed(concept: str, tie: str, other: str) -> bool:
        return bool(
            page.xpath(
                f"//ul[@class='concept-map-terms']/li[@data-concept='{concept}']"
                f"//li[@data-tie='{tie}']/a[@data-to='{other}']"
            )
        )

    for kind, source, target in drawn:
        assert listed(source, forward[kind], target) or listed(target, backward[kind], source), (
            kind,
            source,
            target,
        )


def test_the_drawing_is_hidden_from_screen_readers_which_get_the_list(client: FlaskClient):
    page = html.fromstring(get(client, f"/cluster/{CLUSTER}"))
    svg = page.xpath("//svg")[0]
    assert svg.get("aria-hidden") == "true"
    assert all(a.get("tabindex") == "-1" for a in svg.xpath(".//a"))
    assert page.xpath("//details[@id='kaart-lijst']//ul[@class='concept-map-terms']/li")


def test_labels_are_in_the_content_language_and_words_in_the_interface_language(
    client: FlaskClient,
):
    english = get(client, "/kaart?lang=en", ui="nl")
    assert ">Blended help</tspan>" in english
    assert "Kaart van het begrippenkader" in english
    assert "vermeldt in zijn definitie" in english
    dutch_ui_in_english = get(client, "/kaart", ui="en")
    assert "mentions in its definition" in dutch_ui_in_english


def test_the_framework_map_is_linked_from_the_home_page_and_the_navigation(client: FlaskClient):
    home = html.fromstring(get(client, "/"))
    assert home.xpath("//section[@class='hero']//a[@href='/kaart']")
    sources = html.fromstring(get(client, "/bronnen"))
    assert sources.xpath("//nav[@class='site-nav']//a[@href='/kaart']")


def test_the_framable_map_may_be_framed_by_any_site_and_sets_no_cookie(client: FlaskClient):
    response = client.get(f"/embed/kaart/{CLUSTER}?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert "Set-Cookie" not in response.headers


def test_the_framable_map_opens_every_link_outside_the_frame(client: FlaskClient):
    page = get(client, f"/embed/kaart/{CLUSTER}")
    assert '<base target="_blank">' in page
    svg = html.fromstring(page).xpath("//svg")[0]
    assert all(a.get("target") == "_blank" for a in svg.xpath(".//a"))


def test_the_framable_map_speaks_the_language_it_is_asked_for(client: FlaskClient):
    page = get(client, f"/embed/kaart/{CLUSTER}?lang=en", ui="nl")
    assert '<html lang="en"' in page
    assert "mentions in its definition" in page


def test_an_unknown_cluster_has_no_map(client: FlaskClient):
    for url in ("/embed/kaart/geen-cluster", "/kaart/geen-cluster.svg", "/kaart/geen-cluster.png"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html", url


def test_the_svg_download_is_an_svg_image_with_its_title(client: FlaskClient):
    response = client.get(f"/kaart/{CLUSTER}.svg")
    assert response.mimetype == "image/svg+xml"
    assert "blended-werken" in response.headers["Content-Disposition"]
    svg = etree.fromstring(response.data)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text


def test_the_png_download_is_a_png_image(client: FlaskClient):
    for url in (f"/kaart/{CLUSTER}.png", "/kaart.png"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "image/png"
        assert response.data.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_symmetric_tie_both_concepts_declare_is_one_edge(client: FlaskClient):
    drawn = edges(svg_of(client, "/kaart/gegevensdeling.svg"))
    equivalent = [(source, target) for kind, source, target in drawn if kind == "equivalent"]
    assert len(equivalent) == 1
    assert set(equivalent[0]) == {"digitaal-dossier", "elektronisch-dossier"}


def test_the_download_links_of_the_framework_and_a_cluster_map_name_their_files(
    client: FlaskClient,
) -> None:
    for page, stem in (("/kaart", "/kaart"), (f"/cluster/{CLUSTER}", f"/kaart/{CLUSTER}")):
        tree = html.fromstring(get(client, page))
        links = tree.xpath("//ul[@class='concept-map-tools']//a[@download]/@href")
        assert links == [f"{stem}.svg?lang=nl", f"{stem}.png?lang=nl"], page
