"""Every path of Skosmos's own API description (swagger.json): served, each answer valid
against its schema there, and every skosmos-client method working against a live server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft4Validator
from skosmos_client import SkosmosClient

from tests.small_framework import COLUMNS, import_concepts
from tests.standards import standards_file

VOCID = "begrippenkader"
BASE = "https://begrippen.opgroeien.be/id/begrip/"
GROUP = "https://begrippen.opgroeien.be/id/collectie/gegevensdeling"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PARENT = BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
# swagger.json declares `mappings` as one object and puts an item's required keys on the
# envelope, while Skosmos answers a list; each item is checked against `ConceptMapping` in
# tests/test_mappings.py (the bundled framework has no mappings to show here).
SCHEMA_DEVIATIONS = {"/{vocid}/mappings"}
# A request for each path of swagger.json that answers 200 with the documented body.
EXAMPLES = {
    "/vocabularies": "/rest/v1/vocabularies?lang=nl",
    "/search": "/rest/v1/search?query=media*&lang=nl",
    "/label": f"/rest/v1/label?uri={BASE}mediawijsheid&lang=en",
    "/data": f"/rest/v1/data?uri={BASE}mediawijsheid&format=text/turtle",
    "/types": "/rest/v1/types?lang=nl",
    "/{vocid}/": f"/rest/v1/{VOCID}/?lang=en",
    "/{vocid}/types": f"/rest/v1/{VOCID}/types?lang=en",
    "/{vocid}/topConcepts": f"/rest/v1/{VOCID}/topConcepts?lang=nl",
    "/{vocid}/data": f"/rest/v1/{VOCID}/data?uri={BASE}mediawijsheid&format=text/turtle",
    "/{vocid}/search": f"/rest/v1/{VOCID}/search?query=blended",
    "/{vocid}/lookup": f"/rest/v1/{VOCID}/lookup?label=e-zorg",
    "/{vocid}/vocabularyStatistics": f"/rest/v1/{VOCID}/vocabularyStatistics?lang=en",
    "/{vocid}/labelStatistics": f"/rest/v1/{VOCID}/labelStatistics?lang=nl",
    "/{vocid}/index/": f"/rest/v1/{VOCID}/index/?lang=nl",
    "/{vocid}/index/{letter}": f"/rest/v1/{VOCID}/index/M?lang=nl",
    "/{vocid}/label": f"/rest/v1/{VOCID}/label?uri={BASE}mediawijsheid",
    "/{vocid}/broader": f"/rest/v1/{VOCID}/broader?uri={BASE}blended-care",
    "/{vocid}/broaderTransitive": f"/rest/v1/{VOCID}/broaderTransitive?uri={BASE}blended-care",
    "/{vocid}/narrower": f"/rest/v1/{VOCID}/narrower?uri={PARENT}",
    "/{vocid}/narrowerTransitive": f"/rest/v1/{VOCID}/narrowerTransitive?uri={PARENT}",
    "/{vocid}/related": f"/rest/v1/{VOCID}/related?uri={BASE}digitaal-dossier",
    "/{vocid}/children": f"/rest/v1/{VOCID}/children?uri={PARENT}",
    "/{vocid}/groups": f"/rest/v1/{VOCID}/groups?lang=en",
    "/{vocid}/new": f"/rest/v1/{VOCID}/new?limit=5",
    "/{vocid}/modified": f"/rest/v1/{VOCID}/modified?lang=en",
    "/{vocid}/groupMembers": f"/rest/v1/{VOCID}/groupMembers?uri={GROUP}",
    "/{vocid}/hierarchy": f"/rest/v1/{VOCID}/hierarchy?uri={BASE}blended-care",
    "/{vocid}/mappings": f"/rest/v1/{VOCID}/mappings?uri={BASE}mediawijsheid",
}


@pytest.fixture(scope="module")
def swagger() -> dict[str, Any]:
    return json.loads(standards_file("skosmos/swagger.json").read_text(encoding="utf-8"))


def swagger_validator(swagger: dict[str, Any], path: str) -> Draft4Validator | None:
    """The JSON Schema of a path's 200 answer in swagger.json (None when it has none)."""
    schema = swagger["paths"][path]["get"]["responses"]["200"].get("schema")
    if schema is None:
        return None
    return Draft4Validator({**schema, "definitions": swagger["definitions"]})


def test_every_swagger_path_has_an_example(swagger: dict[str, Any]) -> None:
    assert set(swagger["paths"]) == set(EXAMPLES)


@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_answer_is_valid_against_the_swagger_schema(
    client: FlaskClient, swagger: dict[str, Any], path: str
) -> None:
    response = client.get(EXAMPLES[path])
    assert response.status_code == 200, response.get_data(as_text=True)
    validator = swagger_validator(swagger, path)
    if validator is not None and path not in SCHEMA_DEVIATIONS:
        body = response.get_json()
        assert [error.message for error in validator.iter_errors(body)] == []
        assert any(value for key, value in body.items() if key not in ("@context", "uri"))


def test_swagger_check_rejects_a_wrong_answer(swagger: dict[str, Any]) -> None:
    validator = swagger_validator(swagger, "/{vocid}/children")
    assert validator is not None
    assert not validator.is_valid({"uri": "x", "narrower": [{"uri": "y", "prefLabel": "z"}]})


def get(client: FlaskClient, path: str, **params: str) -> dict[str, Any]:
    response = client.get(f"/rest/v1/{VOCID}/{path}", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(("lang", "label"), [("nl", "Begrip"), ("en", "Concept")])
def test_types_are_concepts_and_collections(client: FlaskClient, lang: str, label: str) -> None:
    found = {t["uri"]: t for t in client.get(f"/rest/v1/types?lang={lang}").get_json()["types"]}
    assert found[SKOS + "Concept"]["label"] == label
    assert found[SKOS + "OrderedCollection"]["superclass"] == SKOS + "Collection"


def test_global_types_need_a_language(client: FlaskClient) -> None:
    assert client.get("/rest/v1/types").status_code == 400


def test_vocabulary_statistics_count_concepts_and_groups(client: FlaskClient) -> None:
    body = get(client, "vocabularyStatistics")
    assert body["concepts"]["count"] == 42
    assert body["concepts"]["deprecatedCount"] == 0
    assert body["conceptGroups"]["count"] == 6


def test_label_statistics_count_labels_per_language(client: FlaskClient) -> None:
    languages = {
        entry["language"]: {p["property"]: p["labels"] for p in entry["properties"]}
        for entry in get(client, "labelStatistics", lang="en")["languages"]
    }
    assert languages["nl"]["skos:prefLabel"] == 42
    assert languages["nl"]["skos:altLabel"] > 0
    assert set(languages) == {"nl", "en"}


def test_index_letters_are_the_initials(client: FlaskClient) -> None:
    letters = get(client, "index/", lang="nl")["indexLetters"]
    assert {"B", "D", "M"} <= set(letters)
    assert letters == sorted(letters)


def test_index_letter_lists_labels_with_their_concepts(client: FlaskClient) -> None:
    entries = get(client, "index/m", lang="nl")["indexConcepts"]
    assert {"uri": BASE + "mediawijsheid", "localname": "mediawijsheid"}.items() <= next(
        entry for entry in entries if entry["prefLabel"] == "Mediawijsheid"
    ).items()
    assert all(entry["prefLabel"][0] in "Mm" or "altLabel" in entry for entry in entries)


def test_alternative_label_in_the_index_names_its_preferred_label(client: FlaskClient) -> None:
    entries = get(client, "index/E", lang="nl")["indexConcepts"]
    ezorg = next(entry for entry in entries if entry.get("altLabel") == "e-zorg")
    assert ezorg["uri"] == BASE + "onlinehulpverlening"


def test_broader_transitive_walks_up_from_the_concept(client: FlaskClient) -> None:
    walk = get(client, "broaderTransitive", uri=BASE + "blended-care")["broaderTransitive"]
    assert [step["uri"] for step in walk] == [BASE + "blended-care", PARENT]
    assert walk[0]["broader"] == [PARENT]
    assert "broader" not in walk[1]


def test_narrower_transitive_walks_down_and_limit_caps_it(client: FlaskClient) -> None:
    walk = get(client, "narrowerTransitive", uri=PARENT)["narrowerTransitive"]
    assert {BASE + "blended-care", BASE + "blended-hulpverlening"} <= {s["uri"] for s in walk}
    capped = get(client, "narrowerTransitive", uri=PARENT, limit="2")["narrowerTransitive"]
    assert len(capped) == 2


def test_children_say_whether_they_have_children(client: FlaskClient) -> None:
    narrower = get(client, "children", uri=PARENT, lang="en")["narrower"]
    assert BASE + "blended-care" in [child["uri"] for child in narrower]
    assert not any(child["hasChildren"] for child in narrower)


def test_hierarchy_reaches_the_top_with_siblings(client: FlaskClient) -> None:
    steps = get(client, "hierarchy", uri=BASE + "blended-care")["broaderTransitive"]
    top = next(step for step in steps if step["uri"] == PARENT)
    scheme = get(client, "")["conceptschemes"][0]["uri"]
    assert top["top"] == scheme
    assert BASE + "blended-dienstverlening" in [child["uri"] for child in top["narrower"]]


def test_new_and_modified_page_through_the_concepts(client: FlaskClient) -> None:
    first = get(client, "new", limit="3")["changeList"]
    second = get(client, "new", limit="3", offset="3")["changeList"]
    assert len(first) == 3
    assert not {c["uri"] for c in first} & {c["uri"] for c in second}
    dates = [c["date"] for c in get(client, "modified")["changeList"]]
    assert dates == sorted(dates, reverse=True)


def test_global_label_finds_a_concept_of_any_vocabulary(client: FlaskClient) -> None:
    body = client.get(f"/rest/v1/label?uri={BASE}mediawijsheid&lang=en").get_json()
    assert body["prefLabel"] == "Media literacy"


def test_group_members_are_concepts_without_members(client: FlaskClient) -> None:
    members = get(client, "groupMembers", uri=GROUP)["members"]
    assert members and all(not m["hasMembers"] and not m["isSuper"] for m in members)


# --- a deeper hierarchy than the bundled data has ------------------------------------------


@pytest.fixture
def deep(empty_app: Flask, tmp_path: Path) -> FlaskClient:
    """wereld > land > stad > wijk, and dorp beside stad."""
    chain = [("wereld", ""), ("land", "wereld"), ("stad", "land"), ("wijk", "stad")]
    rows = [
        {
            "id": slug,
            "clusters": "blended-werken",
            "pref_label@nl": slug.title(),
            "definition@nl": f"De {slug}.",
            "broader": up,
        }
        for slug, up in [*chain, ("dorp", "land")]
    ]
    import_concepts(empty_app, tmp_path / "framework", rows, [*COLUMNS, "broader"])
    return empty_app.test_client()


def uris(steps: list[dict[str, Any]]) -> list[str]:
    return [step["uri"].removeprefix(BASE) for step in steps]


def test_broader_transitive_climbs_every_level_nearest_first(deep: FlaskClient) -> None:
    walk = get(deep, "broaderTransitive", uri=BASE + "wijk")["broaderTransitive"]
    assert uris(walk) == ["wijk", "stad", "land", "wereld"]
    assert [step.get("broader") for step in walk][-1] is None


def test_limit_keeps_the_nearest_levels(deep: FlaskClient) -> None:
    walk = get(deep, "broaderTransitive", uri=BASE + "wijk", limit="2")["broaderTransitive"]
    assert uris(walk) == ["wijk", "stad"]


def test_narrower_transitive_descends_every_level(deep: FlaskClient) -> None:
    walk = get(deep, "narrowerTransitive", uri=BASE + "wereld")["narrowerTransitive"]
    assert uris(walk)[:2] == ["wereld", "land"]
    assert set(uris(walk)) == {"wereld", "land", "stad", "dorp", "wijk"}


def test_hierarchy_opens_the_tree_down_to_the_concept(deep: FlaskClient) -> None:
    steps = get(deep, "hierarchy", uri=BASE + "wijk")["broaderTransitive"]
    assert uris(steps) == ["wijk", "stad", "land", "wereld"]
    by_uri = {step["uri"].removeprefix(BASE): step for step in steps}
    assert "top" in by_uri["wereld"] and "top" not in by_uri["land"]
    assert [child["label"] for child in by_uri["land"]["narrower"]] == ["Dorp", "Stad"]
    assert by_uri["land"]["narrower"][1]["hasChildren"] is True


# --- skosmos-client ---------------------------------------------------------------------------


def test_client_types_globally_and_per_vocabulary(skosmos: SkosmosClient) -> None:
    assert SKOS + "Concept" in [t["uri"] for t in skosmos.types("en")]
    assert SKOS + "Collection" in [t["uri"] for t in skosmos.types("nl", vocid=VOCID)]


def test_client_broader_transitive(skosmos: SkosmosClient) -> None:
    concept = skosmos.get_concept(VOCID, BASE + "blended-care")
    assert PARENT in [step["uri"] for step in concept.broaderTransitive("en", limit=10)]


def test_client_narrower_transitive(skosmos: SkosmosClient) -> None:
    concept = skosmos.get_concept(VOCID, PARENT)
    assert BASE + "blended-care" in [step["uri"] for step in concept.narrowerTransitive()]


def test_client_label_without_language_is_the_default_language(skosmos: SkosmosClient) -> None:
    assert skosmos.get_concept(VOCID, BASE + "mediawijsheid").label() == "Mediawijsheid"


def test_client_search_vocabulary_and_top_concepts(skosmos: SkosmosClient) -> None:
    assert skosmos.search("media*", vocabs=[VOCID], lang="nl")
    assert skosmos.get_vocabulary(VOCID)["id"] == VOCID
    assert skosmos.top_concepts(VOCID, lang="en")
