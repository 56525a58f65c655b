"""The bundled begrippenkader as stored: counts, labels, synonyms, relations, sources, links."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from glossary.formats.json import related_concepts
from glossary.models import LabelKind, NoteKind, Source, db
from glossary.services import concepts
from tests.conftest import SCHEME_ID
from tests.test_data_fidelity import (
    SYNONYMS_ROW,
    concept_for_heading,
    read_csv,
    seed_lines,  # noqa: F401 (fixture)
    source_rows,
)

# Section 10 of the advisory, table by table ("Mediamatrix" is listed in two tables).
EXPECTED_CLUSTERS = [
    ("blended-werken", "blended werken", 10),
    ("digitalisering", "digitalisering", 5),
    ("e-inclusie-en-digitale-competenties", "e-inclusie en digitale competenties", 7),
    ("gegevensdeling", "gegevensdeling", 9),
    ("synoniemen-van-online", "synoniemen van 'online ...'", 6),
    ("visie-en-positie-aspecten", "visie- en positie-aspecten", 6),
]
ONLINEHULP_SYNONYMS = [
    "e-hulp", "e-zorg", "eHealth", "e-mental Health", "e-care", "elektronische dienstverlening",
    "m-health", "m-care", "onlinehulp", "welzijn 3.0", "zorg 3.0", "digitale hulp",
    "digitale zorg", "jeugdzorg 2.0", "online begeleiding", "online dienstverlening",
    "sociaal digitaal", "telepsychologie", "cybertherapie", "internethulpverlening",
    "virtuele hulp",
]  # fmt: skip


@pytest.fixture
def ctx(app: Flask):
    with app.test_request_context():
        yield


def concept(slug: str):
    found = concepts.get_concept(db.session, SCHEME_ID, slug)
    assert found is not None, slug
    return found


def labels(slug: str, kind: LabelKind, lang: str = "nl") -> list[str]:
    return [lab.text for lab in concept(slug).labels if lab.kind is kind and lab.lang == lang]


def test_clusters_follow_the_document_order_titles_and_counts(ctx) -> None:
    stored = [
        (cluster.id, next(t.title for t in cluster.titles if t.lang == "nl"), count)
        for cluster, count in concepts.list_clusters(db.session, SCHEME_ID)
    ]
    assert stored == EXPECTED_CLUSTERS


def test_the_framework_holds_42_distinct_concepts(ctx) -> None:
    assert concepts.count_concepts(db.session, SCHEME_ID) == 42


def test_mediamatrix_is_one_concept_in_two_clusters(ctx) -> None:
    clusters = [member.cluster.id for member in concept("mediamatrix").memberships]
    assert sorted(clusters) == ["synoniemen-van-online", "visie-en-positie-aspecten"]


@pytest.mark.parametrize(
    ("slug", "pref", "alternatives"),
    [
        ("hybride-werken", "Hybride werken", ["hybride hulpverleners", "hybride zorg"]),
        ("digitaal-loket", "Digitaal loket", ["digitaal portaal", "e-loket"]),
        ("digitale-transformatie", "Digitale transformatie",
         ["digitale transitie", "digitale innovatie"]),
        ("e-inclusie", "e-Inclusie", ["digitale inclusie"]),
    ],
)  # fmt: skip
def test_every_name_in_a_heading_is_a_label(ctx, slug: str, pref: str, alternatives) -> None:
    assert labels(slug, LabelKind.PREF) == [pref]
    assert set(alternatives) <= set(labels(slug, LabelKind.ALT))


def test_the_synonyms_of_onlinehulp_are_alternative_labels_of_onlinehulpverlening(ctx) -> None:
    assert set(ONLINEHULP_SYNONYMS) <= set(labels("onlinehulpverlening", LabelKind.ALT))


@pytest.mark.parametrize("synonym", ONLINEHULP_SYNONYMS)
def test_every_synonym_resolves_to_onlinehulpverlening(ctx, synonym: str) -> None:
    resolution = concepts.resolve_label(
        db.session, SCHEME_ID, synonym.upper(), source_language="nl"
    )
    assert resolution is not None
    assert resolution.concept.slug == "onlinehulpverlening"
    assert resolution.label.text == synonym


def test_digital_and_electronic_dossier_are_equivalent_both_ways(ctx) -> None:
    for slug, other in (
        ("digitaal-dossier", "elektronisch-dossier"),
        ("elektronisch-dossier", "digitaal-dossier"),
    ):
        equivalents = [c.slug for c in related_concepts(concept(slug))["equivalent"]]
        assert equivalents == [other]


def test_the_whole_bibliography_is_imported_once(ctx) -> None:
    assert db.session.scalar(select(func.count(Source.pk))) == 47
    ggz = db.session.scalars(select(Source).where(Source.title.contains("Netwerken GGZ"))).all()
    assert len(ggz) == 1


def test_citations_link_a_definition_to_its_bibliography_entries(ctx) -> None:
    cited = [c.source for c in concept("onlinehulpcompetenties").citations]
    assert [s.citation for s in cited] == [
        "Bocklandt & Adriaensens, Bouwstenen voor een Vlaams Actieplan Onlinehulp, 2014",
        "Schalken, 2013",
    ]
    assert cited[0].year == "2014"
    assert cited[0].place == "Leuven"
    assert "Steunpunt Welzijn, Volksgezondheid en Gezin" in cited[0].entry


def test_definitions_are_markdown_without_converter_debris(ctx) -> None:
    for stored in concepts.cluster_concepts(
        db.session, concepts.get_cluster(db.session, SCHEME_ID, "digitalisering")
    ):
        for note in stored.notes:
            for debris in ("<a href", "&amp;", "<p>", "<li>", "<b>"):
                assert debris not in note.text, (stored.slug, debris)
    strategy = next(n.text for n in concept("digitale-strategie").notes if n.lang == "nl")
    assert "\n- bedrijven nieuwe mogelijkheden bieden\n" in strategy


def mentioned(slug: str, lang: str = "nl") -> set[str]:
    return {
        mention.target.slug
        for note in concept(slug).notes
        if note.kind is NoteKind.DEFINITION and note.lang == lang
        for mention in note.mentions
    }


def test_blended_hulpverlening_links_to_the_concept_onlinehulp_names(ctx) -> None:
    assert "onlinehulpverlening" in mentioned("blended-hulpverlening")


def test_e_inclusie_links_to_mediawijsheid(ctx) -> None:
    assert "mediawijsheid" in mentioned("e-inclusie")


def test_a_definition_never_links_to_its_own_concept(ctx) -> None:
    for cluster, _ in concepts.list_clusters(db.session, SCHEME_ID):
        for stored in concepts.cluster_concepts(db.session, cluster):
            assert stored.slug not in mentioned(stored.slug), stored.slug


def test_english_definitions_link_english_mentions(ctx) -> None:
    assert "mediawijsheid" in mentioned("e-inclusie", lang="en")


def test_every_concept_has_an_english_draft_translation(ctx) -> None:
    for cluster, _ in concepts.list_clusters(db.session, SCHEME_ID):
        for stored in concepts.cluster_concepts(db.session, cluster):
            statuses = {t.lang: t.status.value for t in concept(stored.slug).translations}
            assert statuses == {"nl": "source", "en": "draft"}, stored.slug


def test_each_cluster_lists_its_concepts_in_the_order_of_its_table(
    ctx,
    seed_lines: list[str],  # noqa: F811
) -> None:
    rows = read_csv("begrippenkader.csv")[1]
    expected: dict[int, list[str]] = {}
    for row in source_rows(seed_lines):
        if row["heading"] != SYNONYMS_ROW:
            expected.setdefault(row["table"], []).append(
                concept_for_heading(row["heading"], rows)["id"]
            )
    stored = [
        [member.slug for member in concepts.cluster_concepts(db.session, cluster)]
        for cluster, _ in concepts.list_clusters(db.session, SCHEME_ID)
    ]
    assert stored == [expected[table] for table in sorted(expected)]
    # Mediamatrix opens the 'online' table and stands fifth in the last one.
    assert stored[4][0] == stored[5][4] == "mediamatrix"


def test_english_cluster_titles_and_scheme_texts_are_draft_translations(client) -> None:
    listed = client.get("/api/v1/clusters").get_json()["clusters"]
    assert len(listed) == 6
    assert all(c["translation_status"] == {"nl": "source", "en": "draft"} for c in listed)
    (scheme,) = client.get("/api/v1/schemes").get_json()["schemes"]
    assert scheme["translation_status"] == {"nl": "source", "en": "draft"}
    turtle = client.get("/export/begrippenkader.ttl").get_data(as_text=True)
    assert turtle.count('"translation status: draft"@en') == 42 + 6 + 1


def test_the_linked_data_export_describes_the_whole_bibliography_with_title_languages(
    client,
) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS

    graph = Graph().parse(data=client.get("/export/begrippenkader.ttl").data, format="turtle")
    titles = {
        str(subject).rsplit("/", 1)[-1]: title
        for subject, title in graph.subject_objects(DCTERMS.title)
        if "/bron/" in str(subject)
    }
    assert len(titles) == 47
    assert titles["carretero-2017"].language == "en"
    assert {t.language for key, t in titles.items() if key != "carretero-2017"} == {"nl"}
    assert isinstance(next(iter(graph.subjects(DCTERMS.title, None))), URIRef)
