"""The Skosmos-compatible API, driven by the `skosmos-client` package against a live server."""

from __future__ import annotations

import pytest
import requests
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.namespace import SKOS
from skosmos_client import SkosmosClient

VOCID = "begrippenkader"
BASE = "https://begrippen.opgroeien.be/id/begrip/"
LANGS = ["nl", "en"]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("nl", "Begrippenkader blended ondersteunen"),
        ("en", "Concept framework for blended support"),
    ],
)
def test_vocabularies_list_the_begrippenkader(
    skosmos: SkosmosClient, lang: str, title: str
) -> None:
    assert skosmos.vocabularies(lang) == [{"uri": VOCID, "id": VOCID, "title": title}]


def test_vocabularies_need_a_language(client: FlaskClient) -> None:
    response = client.get("/rest/v1/vocabularies")
    assert response.status_code == 400


@pytest.mark.parametrize("lang", LANGS)
def test_vocabulary_information(skosmos: SkosmosClient, lang: str) -> None:
    info = skosmos.get_vocabulary(VOCID, lang=lang)
    assert info["id"] == VOCID
    assert info["defaultLanguage"] == "nl"
    assert info["languages"] == ["en", "nl"]
    assert info["conceptschemes"][0]["type"] == "skos:ConceptScheme"


def test_unknown_vocabulary_is_not_found(skosmos: SkosmosClient) -> None:
    with pytest.raises(ValueError, match="no vocabulary"):
        skosmos.get_vocabulary("yso")


@pytest.mark.parametrize(("lang", "label"), [("nl", "Digitale kloof"), ("en", "Digital divide")])
def test_top_concepts_are_those_without_broader(
    skosmos: SkosmosClient, lang: str, label: str
) -> None:
    top = skosmos.top_concepts(VOCID, lang=lang)
    labels = {concept["label"] for concept in top}
    assert label in labels
    assert BASE + "blended-care" not in {concept["uri"] for concept in top}


def test_top_concepts_know_their_children(skosmos: SkosmosClient) -> None:
    top = {c["uri"]: c for c in skosmos.top_concepts(VOCID)}
    assert top[BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"]["hasChildren"]
    assert not top[BASE + "digitale-kloof"]["hasChildren"]


@pytest.mark.parametrize(
    ("label", "lang", "uri"),
    [
        ("e-zorg", "nl", BASE + "onlinehulpverlening"),
        ("Mediawijsheid", "nl", BASE + "mediawijsheid"),
        ("media literacy", "en", BASE + "mediawijsheid"),
        ("digital divide", None, BASE + "digitale-kloof"),
    ],
)
def test_lookup_finds_the_concept_a_label_names(
    skosmos: SkosmosClient, label: str, lang: str | None, uri: str
) -> None:
    (hit,) = skosmos.lookup(VOCID, label, lang=lang)
    assert hit["uri"] == uri


@pytest.mark.parametrize("written", ["E ZORG", "ezorg", "E-Zorg"])
def test_lookup_by_alternative_label_says_which_label_matched(
    skosmos: SkosmosClient, written: str
) -> None:
    # Written otherwise than the stored "e-zorg": an echo of the query would not pass.
    (hit,) = skosmos.lookup(VOCID, written, lang="nl")
    assert hit["altLabel"] == "e-zorg"
    assert hit["uri"] == BASE + "onlinehulpverlening"
    assert hit["prefLabel"] == "Onlinehulpverlening"


def test_lookup_in_another_language_does_not_match(skosmos: SkosmosClient) -> None:
    with pytest.raises(ValueError, match="Could not find label"):
        skosmos.lookup(VOCID, "Mediawijsheid", lang="en")


@pytest.mark.parametrize(("lang", "label"), [("nl", "Mediawijsheid"), ("en", "Media literacy")])
def test_label_of_a_concept(skosmos: SkosmosClient, lang: str, label: str) -> None:
    assert skosmos.get_concept(VOCID, BASE + "mediawijsheid").label(lang) == label


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("nl", "Blended aanbod in ondersteuning van jongeren en gezinnen"),
        ("en", "Blended provision in support of young people and families"),
    ],
)
def test_broader_concepts(skosmos: SkosmosClient, lang: str, label: str) -> None:
    broader = skosmos.get_concept(VOCID, BASE + "blended-care").broader(lang)
    assert [b["prefLabel"] for b in broader] == [label]


@pytest.mark.parametrize("lang", LANGS)
def test_narrower_concepts(skosmos: SkosmosClient, lang: str) -> None:
    concept = skosmos.get_concept(
        VOCID, BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
    )
    assert BASE + "blended-care" in [n["uri"] for n in concept.narrower(lang)]


@pytest.mark.parametrize(
    ("lang", "label"), [("nl", "Elektronisch dossier"), ("en", "Electronic case file")]
)
def test_related_concepts_include_equivalent_ones(
    skosmos: SkosmosClient, lang: str, label: str
) -> None:
    related = skosmos.get_concept(VOCID, BASE + "digitaal-dossier").related(lang)
    assert label in [r["prefLabel"] for r in related]


def test_unknown_concept_is_not_found(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/{VOCID}/broader", query_string={"uri": BASE + "nope"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_concept_requests_need_a_uri(client: FlaskClient) -> None:
    assert client.get(f"/rest/v1/{VOCID}/label").status_code == 400


@pytest.mark.parametrize(("lang", "title"), [("nl", "gegevensdeling"), ("en", "data sharing")])
def test_groups_are_the_clusters(skosmos: SkosmosClient, lang: str, title: str) -> None:
    groups = skosmos.groups(VOCID, lang=lang)
    assert len(groups) == 6
    assert groups[3]["prefLabel"] == title
    assert all(group["hasMembers"] for group in groups)


@pytest.mark.parametrize("lang", LANGS)
def test_group_members_are_the_cluster_concepts(client: FlaskClient, lang: str) -> None:
    groups = client.get(f"/rest/v1/{VOCID}/groups?lang={lang}").get_json()["groups"]
    body = client.get(
        f"/rest/v1/{VOCID}/groupMembers", query_string={"uri": groups[1]["uri"], "lang": lang}
    ).get_json()
    assert len(body["members"]) == 5


def test_data_of_a_concept_is_rdf_in_both_languages(skosmos: SkosmosClient) -> None:
    # The request SkosmosClient.data() makes; the client itself hands the RDF/XML to rdflib 7
    # without a format, which rdflib reads as Turtle (fails against any Skosmos server).
    response = requests.get(
        f"{skosmos.api_base}{VOCID}/data",
        params={"uri": BASE + "mediawijsheid", "format": "application/rdf+xml"},
        timeout=10,
    )
    graph = Graph().parse(data=response.content, format="xml")
    labels = {label.language for label in graph.objects(None, SKOS.prefLabel)}
    assert {"nl", "en"} <= labels


@pytest.mark.parametrize(
    ("mime_type", "marker"),
    [("text/turtle", "@prefix"), ("application/json", '"graph"'), ("application/ld+json", "@id")],
)
def test_data_format_parameter_picks_the_serialisation(
    client: FlaskClient, mime_type: str, marker: str
) -> None:
    response = client.get(
        f"/rest/v1/{VOCID}/data",
        query_string={"uri": BASE + "mediawijsheid", "format": mime_type},
    )
    assert response.mimetype == mime_type
    assert marker in response.get_data(as_text=True)


def test_data_in_an_unsupported_format_is_not_acceptable(client: FlaskClient) -> None:
    response = client.get(
        f"/rest/v1/{VOCID}/data", query_string={"uri": BASE + "mediawijsheid", "format": "x/y"}
    )
    assert response.status_code == 406


def test_data_of_the_whole_vocabulary_redirects_to_the_download(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/{VOCID}/data?format=text/turtle")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/export/begrippenkader.ttl")


def test_skosmos_api_is_cors_enabled(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/{VOCID}/groups", headers={"Origin": "https://x.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


# --- search -----------------------------------------------------------------------------------


def search(client: FlaskClient, path: str = "/rest/v1/search", **params: str) -> list[dict]:
    response = client.get(path, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]


def localnames(results: list[dict]) -> list[str]:
    return [result["localname"] for result in results]


def test_search_through_skosmos_client_finds_a_synonym(skosmos: SkosmosClient) -> None:
    results = skosmos.search("e-zorg", lang="nl", vocabs=[VOCID])
    assert results[0] == {
        "uri": BASE + "onlinehulpverlening",
        "type": ["skos:Concept"],
        "localname": "onlinehulpverlening",
        "prefLabel": "Onlinehulpverlening",
        "altLabel": "e-zorg",
        "lang": "nl",
        "vocab": VOCID,
    }


def test_search_through_skosmos_client_pages(skosmos: SkosmosClient) -> None:
    everything = skosmos.search("online", lang="nl")
    pages = [skosmos.search("online", lang="nl", maxhits=5, offset=n) for n in (0, 5, 10)]
    assert [hit["uri"] for page in pages for hit in page] == [h["uri"] for h in everything[:15]]
    assert len(everything) > 15


def test_vocabulary_search_says_which_label_matched(client: FlaskClient) -> None:
    (first, *_) = search(client, f"/rest/v1/{VOCID}/search", query="e-zorg", labellang="en")
    assert first["prefLabel"] == "Online help"
    assert (first["altLabel"], first["lang"]) == ("e-zorg", "nl")


def test_search_names_a_preferred_label_of_another_language(client: FlaskClient) -> None:
    (first, *_) = search(client, query="media literacy", lang="nl")
    assert first["prefLabel"] == "Mediawijsheid"
    assert (first["matchedPrefLabel"], first["lang"]) == ("Media literacy", "en")


def test_search_by_hidden_label_says_so(client: FlaskClient) -> None:
    (first, *_) = search(client, query="digitalization", labellang="nl")
    assert first["localname"] == "digitalisering"
    assert first["hiddenLabel"] == "digitalization"
    assert "altLabel" not in first


def test_prefix_query_puts_labels_with_the_prefix_first(client: FlaskClient) -> None:
    results = search(client, query="media*", lang="nl")
    assert set(localnames(results[:3])) == {"mediacoach", "mediamatrix", "mediawijsheid"}
    assert all(result["prefLabel"].startswith("Media") for result in results[:3])
    assert "sociale-media" in localnames(results)


def test_prefix_query_finds_labels_the_plain_query_misses(client: FlaskClient) -> None:
    assert "digitale-kloof" in localnames(search(client, query="digi*", lang="nl"))


def test_leading_asterisk_is_accepted(client: FlaskClient) -> None:
    found = localnames(search(client, query="*dossier"))
    assert found[:2] == localnames(search(client, query="dossier"))[:2]
    assert {"digitaal-dossier", "elektronisch-dossier"} <= set(found)


@pytest.mark.parametrize(
    "group", ["gegevensdeling", "https://begrippen.opgroeien.be/id/collectie/gegevensdeling"]
)
def test_group_limits_search_to_a_cluster(client: FlaskClient, group: str) -> None:
    members = client.get(
        f"/rest/v1/{VOCID}/groupMembers",
        query_string={"uri": "https://begrippen.opgroeien.be/id/collectie/gegevensdeling"},
    ).get_json()["members"]
    results = search(client, query="dossier", group=group)
    assert {"digitaal-dossier", "elektronisch-dossier"} <= set(localnames(results))
    assert {r["uri"] for r in results} <= {m["uri"] for m in members}
    assert "mediawijsheid" not in localnames(search(client, query="media", group=group))


def test_query_star_with_a_group_lists_its_members(client: FlaskClient) -> None:
    results = search(client, query="*", group="gegevensdeling", lang="nl")
    labels = [result["prefLabel"] for result in results]
    assert len(results) == 9
    assert labels == sorted(labels, key=str.casefold)


def test_parent_limits_search_to_narrower_concepts(client: FlaskClient) -> None:
    parent = BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
    results = search(client, query="blended", parent=parent, fields="broader")
    assert "blended-care" in localnames(results)
    assert parent not in {result["uri"] for result in results}
    assert all(result["broader"][0]["uri"] == parent for result in results)


def test_maxhits_and_offset_page_through_the_results(client: FlaskClient) -> None:
    everything = search(client, query="online", lang="nl")
    assert everything == search(client, query="online", lang="nl", maxhits="0")
    offsets = range(0, len(everything) + 4, 4)
    pages = [
        search(client, query="online", lang="nl", maxhits="4", offset=str(offset))
        for offset in offsets
    ]
    assert [len(page) for page in pages] == [min(4, max(0, len(everything) - o)) for o in offsets]
    assert [hit for page in pages for hit in page] == everything
    assert search(client, query="online", offset="1000") == []


def test_fields_add_properties(client: FlaskClient) -> None:
    (first, *_) = search(
        client, query="Blended care", lang="en", fields="prefLabel broader definition notation"
    )
    assert first["prefLabels"] == {"nl": "Blended care", "en": "Blended care"}
    assert first["broader"] == [
        {
            "uri": BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen",
            "prefLabel": "Blended provision in support of young people and families",
        }
    ]
    assert first["definition"][0]
    assert "notation" not in first


@pytest.mark.parametrize(
    ("types", "found"),
    [("skos:Concept", True), (f"{SKOS}Concept", True), ("skos:Collection", False)],
)
def test_type_limits_search(client: FlaskClient, types: str, found: bool) -> None:
    assert bool(search(client, query="dossier", type=types)) is found


def test_search_answers_json_ld_context(client: FlaskClient) -> None:
    body = client.get("/rest/v1/search", query_string={"query": "e-zorg", "lang": "en"}).get_json()
    assert body["uri"] == ""
    assert body["@context"]["@language"] == "en"
    assert body["@context"]["results"] == {"@id": "onki:results", "@container": "@list"}


@pytest.mark.parametrize(
    ("path", "params"),
    [("/rest/v1/yso/search", {}), (f"/rest/v1/{VOCID}/search", {"vocab": "yso"})],
)
def test_search_in_an_unknown_vocabulary_is_not_found(
    client: FlaskClient, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, query_string={"query": "e-zorg", **params})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "'yso'" in response.get_json()["detail"]


@pytest.mark.parametrize(("vocab", "status"), [("yso", 404), (f"{VOCID} yso", 404), (VOCID, 200)])
def test_search_vocab_parameter_names_known_vocabularies(
    client: FlaskClient, vocab: str, status: int
) -> None:
    response = client.get("/rest/v1/search", query_string={"query": "e-zorg", "vocab": vocab})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"query": "x", "group": "nope"}, "group"),
        ({"query": "x", "parent": BASE + "nope"}, "parent"),
    ],
)
def test_unknown_group_or_parent_is_not_found(
    client: FlaskClient, params: dict[str, str], parameter: str
) -> None:
    response = client.get("/rest/v1/search", query_string=params)
    assert response.status_code == 404
    assert response.get_json()["parameter"] == parameter


@pytest.mark.parametrize("params", [{}, {"query": ""}, {"query": "  "}])
def test_search_without_a_query_lists_every_concept(
    client: FlaskClient, params: dict[str, str]
) -> None:
    assert len(search(client, **params)) == 42


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"query": "x", "lang": ""}, "lang"),
        ({"query": "x", "lang": "fr"}, "lang"),
        ({"query": "x", "lang": "nl-"}, "lang"),
    ],
)
def test_empty_or_unknown_language_is_a_bad_request(
    client: FlaskClient, params: dict[str, str], parameter: str
) -> None:
    response = client.get("/rest/v1/search", query_string=params)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"query": "x", "maxhits": "many"}, "maxhits"),
        ({"query": "x", "maxhits": "-1"}, "maxhits"),
        ({"query": "x", "offset": "-1"}, "offset"),
        ({"query": "x", "unique": "perhaps"}, "unique"),
        ({"query": "x", "unique": "yes"}, "unique"),
        ({"query": "x", "lang": "fi"}, "lang"),
        ({"query": "x", "labellang": "fi"}, "labellang"),
        ({"query": "x", "type": "Concept"}, "type"),
        ({"query": "x", "fields": "broader colour"}, "fields"),
    ],
)
def test_malformed_search_parameters_are_bad_requests(
    client: FlaskClient, params: dict[str, str], parameter: str
) -> None:
    response = client.get("/rest/v1/search", query_string=params)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["parameter"] == parameter
    assert problem["detail"]
