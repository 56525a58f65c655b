"""The pages for people: every route in both UI languages, and what each page must show."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from lxml.html import HtmlElement
from sqlalchemy import delete, select, update

from glossary.language import LocalizedText
from glossary.models import (
    Concept,
    ConceptRelation,
    ConceptTranslation,
    Note,
    NoteKind,
    RelationKind,
    TranslationStatus,
    db,
)
from glossary.services.browse import ClusterSummary
from glossary.services.revision import bump_revision, current_revision
from tests.conftest import make_app
from tests.small_framework import import_concepts
from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)

CLUSTER_IDS = [
    "blended-werken",
    "digitalisering",
    "e-inclusie-en-digitale-competenties",
    "gegevensdeling",
    "synoniemen-van-online",
    "visie-en-positie-aspecten",
]
PAGES = [
    "/",
    *(f"/cluster/{cluster_id}" for cluster_id in CLUSTER_IDS),
    "/a-z",
    "/begrip/onlinehulpverlening",
    "/begrip/blended-hulpverlening",
    "/zoeken",
    "/zoeken?q=mediawijsheid",
    "/bronnen",
    "/over",
]
# A string only the Dutch catalog produces and its English original, per page.
UI_WORDS = {"nl": "Naar de inhoud", "en": "Skip to content"}


def get(client: FlaskClient, url: str, ui: str = "nl", **headers: str):
    return client.get(url, headers={"Accept-Language": ui, **headers})


def text_of(response) -> str:
    return response.get_data(as_text=True)


# --- every route, both languages -------------------------------------------------------------


@pytest.mark.parametrize("ui", ["nl", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_in_the_ui_language(client: FlaskClient, url: str, ui: str) -> None:
    response = get(client, url, ui)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = text_of(response)
    assert f'<html lang="{ui}">' in html
    assert UI_WORDS[ui] in html


class Tags(HTMLParser):
    """The start tags of a page with their attributes (text and escaped code are ignored)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_or_style(client: FlaskClient, url: str) -> None:
    tags = Tags(text_of(get(client, url)))
    assert all(script.get("src") for script in tags.named("script")), "inline <script>"
    assert tags.named("style") == []
    for tag, attrs in tags.tags:
        assert "style" not in attrs, tag
        assert not [name for name in attrs if name.startswith("on")], tag


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_other_sites(client: FlaskClient, url: str) -> None:
    tags = Tags(text_of(get(client, url)))
    loaded = [
        attrs.get("src") for name in ("script", "img", "iframe") for attrs in tags.named(name)
    ]
    loaded += [
        attrs.get("href")
        for attrs in tags.named("link")
        if attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload")
    ]
    foreign = [src for src in loaded if src and urlsplit(src).netloc not in ("", "localhost")]
    assert foreign == []


def test_pages_have_one_main_landmark_and_one_h1(client: FlaskClient) -> None:
    for url in PAGES:
        tags = Tags(text_of(get(client, url)))
        assert len(tags.named("main")) == 1, url
        assert len(tags.named("h1")) == 1, url


# --- home --------------------------------------------------------------------------------------


def test_home_lists_the_six_clusters_with_their_counts(client: FlaskClient) -> None:
    html = text_of(get(client, "/"))
    for cluster_id in CLUSTER_IDS:
        assert f'href="/cluster/{cluster_id}"' in html
    counts = [int(n) for n in re.findall(r'class="cluster-count">(\d+) begrip', html)]
    assert len(counts) == 6
    assert all(count > 0 for count in counts)


def test_home_has_a_search_form_that_works_without_javascript(client: FlaskClient) -> None:
    html = text_of(get(client, "/"))
    form = re.search(r'<form class="search-form"[^>]*>', html)
    assert form is not None
    assert 'action="/zoeken"' in form.group() and 'method="get"' in form.group()
    assert re.search(r'<label for="home-search-q"', html)
    assert 'name="q"' in html


def test_home_attributes_the_framework_to_the_2022_advisory_for_opgroeien(
    client: FlaskClient,
) -> None:
    html = text_of(get(client, "/"))
    assert "Kinderen, jongeren en gezinnen blended ondersteunen" in html
    assert "Opgroeien" in html
    assert "1 september 2022" in html
    assert "September 1, 2022" in text_of(get(client, "/", "en"))


# --- clusters and index ------------------------------------------------------------------------


def test_cluster_page_lists_its_concepts_with_the_first_sentence_of_the_definition(
    client: FlaskClient,
) -> None:
    html = text_of(get(client, "/cluster/synoniemen-van-online"))
    assert "<h1" in html and "Synoniemen van" in html
    assert 'href="/begrip/onlinehulpverlening"' in html
    assert 'class="concept-item-summary" lang="nl">omvat elke interventie' in html


@pytest.mark.parametrize("lang, draft", [("en", True), ("nl", False)])
def test_a_cluster_title_in_draft_translation_is_marked_as_such(
    client: FlaskClient, lang: str, draft: bool
) -> None:
    tree = tree_of(get(client, f"/cluster/gegevensdeling?lang={lang}"))
    (heading,) = tree.xpath("//h1")
    assert heading.get("lang") == lang
    marker = heading.xpath("following-sibling::span[contains(@class, 'marker--draft')]")
    assert bool(marker) is draft


def test_unknown_cluster_is_a_404_page(client: FlaskClient) -> None:
    response = get(client, "/cluster/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in text_of(response)


def test_a_to_z_lists_alternative_labels_pointing_to_their_concept(client: FlaskClient) -> None:
    html = text_of(get(client, "/a-z"))
    assert re.search(
        r'<a href="/begrip/onlinehulpverlening"><span lang="nl">e-zorg</span> → '
        r'<span lang="nl">Onlinehulpverlening</span></a>',
        html,
    )
    assert 'id="letter-E"' in html


def test_a_to_z_in_english_lists_english_labels(client: FlaskClient) -> None:
    html = text_of(get(client, "/a-z?lang=en"))
    assert re.search(r'<span lang="en">eHealth</span> → <span lang="en">Online help</span>', html)


def test_a_to_z_is_sorted_ignoring_case_and_accents(client: FlaskClient) -> None:
    html = text_of(get(client, "/a-z"))
    labels = re.findall(r'<li class="index-pref"><a [^>]*>([^<]+)</a>', html)
    folded = [label.casefold() for label in labels]
    assert folded == sorted(folded)


# --- concept page ------------------------------------------------------------------------------


def test_concept_page_shows_labels_definition_sources_and_uri(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/onlinehulpverlening"))
    assert re.search(r'<h1 id="concept-title" lang="nl">Onlinehulpverlening</h1>', html)
    assert '<span class="alt-label" lang="nl">e-zorg</span>' in html
    assert '<div class="note-text" lang="nl"><p>omvat elke interventie' in html
    assert "Bocklandt, P., &amp; Adriaensens, E. D. (2014)." in html
    shown = "https://<wbr>begrippen.opgroeien.be/<wbr>id/<wbr>begrip/<wbr>onlinehulpverlening"
    assert f'<code id="concept-uri">{shown}</code>' in html
    assert 'class="button button--quiet js-copy" data-copy-target="concept-uri"' in html


def test_concept_definition_links_mentions_of_other_concepts(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/digitale-transformatie"))
    for target, text in (("digitalisering", "digitalisering"), ("e-inclusie", "e-inclusie")):
        assert re.search(rf'<a href="/begrip/{target}" class="crosslink"[^>]*>{text}</a>', html)


def test_concept_definition_links_citations_to_the_bibliography(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/onlinehulpverlening"))
    citation = re.search(r'<a href="/bronnen#(bron-[a-z0-9-]+)" class="citation"', html)
    assert citation is not None
    assert f'id="{citation.group(1)}"' in text_of(get(client, "/bronnen"))


def test_concept_page_shows_narrower_concepts_from_the_other_side(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/digitale-geletterdheid"))
    narrower = html.split("Engere begrippen", 1)[1].split("</dd>", 1)[0]
    assert 'href="/begrip/mediawijsheid"' in narrower


def test_related_concepts_are_shown_on_both_sides(app: Flask) -> None:
    with app.app_context():
        subject, target = (
            db.session.scalars(select(Concept).where(Concept.slug == slug)).one()
            for slug in ("fysiek-versus-niet-fysiek", "face-to-face-versus-online")
        )
        # Keep only one direction of the pair, as a CSV may write it.
        db.session.execute(
            delete(ConceptRelation).where(
                ConceptRelation.kind == RelationKind.RELATED,
                ConceptRelation.subject_pk == target.pk,
                ConceptRelation.object_pk == subject.pk,
            )
        )
        db.session.commit()
    html = text_of(get(app.test_client(), "/begrip/face-to-face-versus-online"))
    related = html.split("Verwante begrippen</dt>", 1)[1].split("</dd>", 1)[0]
    assert 'href="/begrip/fysiek-versus-niet-fysiek"' in related


def test_concept_page_links_its_clusters_and_its_other_language(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/onlinehulpverlening"))
    assert 'href="/cluster/synoniemen-van-online"' in html
    assert re.search(
        r'<a href="/begrip/onlinehulpverlening\?lang=en" lang="en" hreflang="en">Online help</a>',
        html,
    )


def test_concept_page_offers_downloads_in_four_formats(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/onlinehulpverlening"))
    for fmt in ("json", "ttl", "jsonld", "rdf"):
        assert f'href="/begrip/onlinehulpverlening?format={fmt}"' in html


@pytest.mark.parametrize(
    ("fmt", "mimetype"),
    [("json", "application/json"), ("ttl", "text/turtle"), ("rdf", "application/rdf+xml")],
)
def test_download_links_answer_in_their_format(
    client: FlaskClient, fmt: str, mimetype: str
) -> None:
    response = get(client, f"/begrip/onlinehulpverlening?format={fmt}")
    assert response.status_code == 200
    assert response.mimetype == mimetype


def test_concept_uri_negotiates_turtle_from_the_accept_header(client: FlaskClient) -> None:
    response = client.get("/begrip/onlinehulpverlening", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle"
    assert "Onlinehulpverlening" in text_of(response)


def test_concept_uri_serves_html_to_browsers(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/begrip/onlinehulpverlening", headers={"Accept": accept})
    assert response.mimetype == "text/html"


def test_english_content_carries_the_draft_translation_marker(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/onlinehulpverlening?lang=en", "en"))
    assert re.search(r'<h1 id="concept-title" lang="en">Online help</h1>', html)
    definition = html.split('id="note-definition"', 1)[1].split("</section>", 1)[0]
    assert '<span class="marker marker--draft">draft translation</span>' in definition
    assert '<div class="note-text" lang="en">' in definition


def test_content_language_defaults_to_the_source_language_under_an_english_ui(
    client: FlaskClient,
) -> None:
    """The English texts are draft translations: an English browser gets the English
    interface, but the reviewed Dutch texts stay the main content until it asks for English."""
    html = text_of(get(client, "/begrip/onlinehulpverlening", "en"))
    assert 'lang="nl">Onlinehulpverlening</h1>' in html
    assert "Definition</h2>" in html


def test_content_language_follows_the_ui_language_once_the_translation_is_reviewed(
    app: Flask,
) -> None:
    with app.app_context():
        db.session.execute(
            update(ConceptTranslation)
            .where(ConceptTranslation.lang == "en")
            .values(status=TranslationStatus.REVIEWED)
        )
        bump_revision(db.session)
        db.session.commit()
    client = app.test_client()
    assert 'lang="en">Online help</h1>' in text_of(get(client, "/begrip/onlinehulpverlening", "en"))
    assert 'lang="nl">Onlinehulpverlening</h1>' in text_of(
        get(client, "/begrip/onlinehulpverlening", "nl")
    )


def test_english_ui_can_show_dutch_content(client: FlaskClient) -> None:
    html = text_of(get(client, "/begrip/onlinehulpverlening?lang=nl", "en"))
    assert 'lang="nl">Onlinehulpverlening</h1>' in html
    assert "Definition</h2>" in html


def test_missing_english_text_falls_back_to_dutch_with_a_visible_marker(app: Flask) -> None:
    with app.app_context():
        concept = db.session.scalars(select(Concept).where(Concept.slug == "mediawijsheid")).one()
        db.session.execute(
            delete(Note).where(
                Note.concept_pk == concept.pk,
                Note.lang == "en",
                Note.kind == NoteKind.DEFINITION,
            )
        )
        db.session.commit()
    html = text_of(get(app.test_client(), "/begrip/mediawijsheid?lang=en", "en"))
    definition = html.split('id="note-definition"', 1)[1].split("</section>", 1)[0]
    assert "not yet translated into English" in definition
    assert '<div class="note-text" lang="nl">' in definition


def test_links_keep_an_explicit_content_language(client: FlaskClient) -> None:
    html = text_of(get(client, "/cluster/synoniemen-van-online?lang=en"))
    assert 'href="/begrip/onlinehulpverlening?lang=en"' in html


# --- synonyms in the URL and unknown terms -----------------------------------------------------


@pytest.mark.parametrize("term", ["e-zorg", "E-Zorg", "e%20zorg", "ezorg", "eHealth"])
def test_a_synonym_in_the_url_redirects_permanently(client: FlaskClient, term: str) -> None:
    response = get(client, f"/begrip/{term}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/begrip/onlinehulpverlening"


def test_the_synonym_redirect_keeps_the_query(client: FlaskClient) -> None:
    response = get(client, "/begrip/e-zorg?format=ttl")
    assert response.headers["Location"] == "/begrip/onlinehulpverlening?format=ttl"


def test_an_unknown_term_is_a_404_page_in_the_users_language(client: FlaskClient) -> None:
    dutch = get(client, "/begrip/mediawijsheit")
    english = get(client, "/begrip/mediawijsheit", "en")
    assert dutch.status_code == english.status_code == 404
    assert "“mediawijsheit” staat niet in het begrippenkader" in text_of(dutch)
    assert "“mediawijsheit” is not in the glossary" in text_of(english)


def test_an_unknown_term_asked_as_data_is_problem_json(client: FlaskClient) -> None:
    response = client.get("/begrip/bestaat-niet", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


# --- search page -------------------------------------------------------------------------------


def tree_of(response) -> HtmlElement:
    assert response.status_code == 200
    return lxml.html.document_fromstring(text_of(response))


def result(tree: HtmlElement, concept_id: str) -> HtmlElement:
    (found,) = tree.xpath(f'//ol[@class="results"]/li[@data-concept="{concept_id}"]')
    return found


def result_ids(tree: HtmlElement) -> list[str]:
    return tree.xpath('//ol[@class="results"]/li/@data-concept')


def test_a_result_found_through_a_synonym_names_the_synonym(client: FlaskClient) -> None:
    hit = result(tree_of(get(client, "/zoeken?q=e-zorg")), "onlinehulpverlening")
    match = hit.find_class("result-match")[0]
    assert " ".join(match.text_content().split()) == "Gevonden via het synoniem “e-zorg”"
    assert hit.xpath("h2/a/text()") == ["Onlinehulpverlening"]


def test_a_result_found_through_its_term_in_another_language_names_that_term(
    client: FlaskClient,
) -> None:
    hit = result(tree_of(get(client, "/zoeken?q=Online help")), "onlinehulpverlening")
    match = hit.find_class("result-match")[0]
    assert " ".join(match.text_content().split()) == "Gevonden via de benaming “EN: Online help”"


def test_a_result_found_through_its_own_term_says_so(client: FlaskClient) -> None:
    hit = result(tree_of(get(client, "/zoeken?q=mediawijsheid")), "mediawijsheid")
    assert hit.find_class("result-match")[0].text_content().strip() == "Gevonden in het begrip"


def test_a_result_found_in_the_definition_highlights_the_word_in_its_snippet(
    client: FlaskClient,
) -> None:
    hit = result(tree_of(get(client, "/zoeken?q=interventie")), "onlinehulpverlening")
    assert hit.find_class("result-match")[0].text_content().strip() == "Gevonden in de omschrijving"
    (snippet,) = hit.find_class("result-snippet")
    assert [mark.text for mark in snippet.iter("mark")] == ["interventie"]
    assert "omvat elke interventie" in snippet.text_content()


def test_a_misspelt_query_offers_did_you_mean(client: FlaskClient) -> None:
    tree = tree_of(get(client, "/zoeken?q=mediawijsheit"))
    (offer,) = tree.find_class("did-you-mean")
    assert offer.text_content().startswith("Bedoelde je:")
    assert [(a.text, a.get("href")) for a in offer.iter("a")] == [
        ("Mediawijsheid", "/zoeken?q=Mediawijsheid")
    ]


def test_did_you_mean_keeps_the_cluster_filter(client: FlaskClient) -> None:
    tree = tree_of(
        get(client, "/zoeken?q=mediawijsheit&cluster=e-inclusie-en-digitale-competenties")
    )
    (link,) = tree.xpath('//p[@class="did-you-mean"]/a/@href')
    assert link == "/zoeken?q=Mediawijsheid&cluster=e-inclusie-en-digitale-competenties"


def test_a_query_that_matches_a_term_offers_no_did_you_mean(client: FlaskClient) -> None:
    assert tree_of(get(client, "/zoeken?q=mediawijsheid")).find_class("did-you-mean") == []


def test_the_cluster_filter_keeps_only_concepts_of_that_cluster(client: FlaskClient) -> None:
    everywhere = result_ids(tree_of(get(client, "/zoeken?q=online")))
    tree = tree_of(get(client, "/zoeken?q=online&cluster=gegevensdeling"))
    filtered = result_ids(tree)
    members = {
        href.removeprefix("/begrip/")
        for href in tree_of(get(client, "/cluster/gegevensdeling")).xpath(
            '//ul[@class="concept-list"]//h2/a/@href'
        )
    }
    assert filtered and set(filtered) <= members
    assert set(filtered) < set(everywhere)
    assert tree.xpath('//select[@id="cluster-filter"]/option[@selected]/@value') == [
        "gegevensdeling"
    ]


def test_zero_results_offer_the_index_and_every_cluster(client: FlaskClient) -> None:
    tree = tree_of(get(client, "/zoeken?q=xyzzyq"))
    assert result_ids(tree) == []
    (advice,) = tree.find_class("no-results")
    links = advice.xpath(".//a/@href")
    assert links == ["/a-z", *(f"/cluster/{cluster_id}" for cluster_id in CLUSTER_IDS)]


def test_zero_results_in_a_cluster_offer_to_search_all_clusters(client: FlaskClient) -> None:
    tree = tree_of(get(client, "/zoeken?q=mediawijsheid&cluster=gegevensdeling"))
    assert result_ids(tree) == []
    (advice,) = tree.find_class("no-results")
    assert "/zoeken?q=mediawijsheid" in advice.xpath(".//a/@href")
    assert "mediawijsheid" in result_ids(tree_of(get(client, "/zoeken?q=mediawijsheid")))


def test_an_english_ui_marks_dutch_search_content_as_dutch(client: FlaskClient) -> None:
    tree = tree_of(get(client, "/zoeken?q=e-zorg&lang=nl", "en"))
    assert tree.get("lang") == "en"
    hit = result(tree, "onlinehulpverlening")
    assert hit.xpath("h2/a/@lang") == ["nl"]
    assert hit.xpath('.//span[@class="matched-label"]/@lang') == ["nl"]
    assert hit.xpath('.//p[@class="result-snippet"]/@lang') == ["nl"]
    options = tree.xpath('//select[@id="cluster-filter"]/option[@value!=""]')
    assert [option.get("lang") for option in options] == ["nl"] * len(CLUSTER_IDS)


def test_search_content_says_the_language_of_each_part(client: FlaskClient) -> None:
    # Dutch content, found only through its English label: the label, the English term (with
    # its language tag) and the English definition the snippet comes from each carry their
    # own language.
    hit = result(tree_of(get(client, "/zoeken?q=Online help&lang=nl", "en")), "onlinehulpverlening")
    assert hit.xpath("h2/a/@lang") == ["nl"]
    assert hit.xpath('.//span[@class="lang-tag"]/@lang') == ["en"]
    assert hit.xpath('.//span[@class="matched-label"]/@lang') == ["en"]
    assert hit.xpath('.//span[@class="matched-label"]/text()') == ["Online help"]
    assert hit.xpath('.//p[@class="result-snippet"]/@lang') == ["en"]


def test_the_404_suggestions_say_their_language(client: FlaskClient) -> None:
    response = get(client, "/begrip/mediawijsheit?lang=nl", "en")
    assert response.status_code == 404
    tree = lxml.html.document_fromstring(text_of(response))
    assert tree.get("lang") == "en"
    suggestions = tree.xpath('//ul[@class="suggestions"]/li/a')
    assert suggestions and {a.get("lang") for a in suggestions} == {"nl"}


@pytest.fixture
def app_without_search(app: Flask, tmp_path: Path) -> Flask:
    """A search index folder that cannot be made (a file stands in its place)."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    app.config["GLOSSARY_INDEX_DIR"] = str(blocked)
    return app


@pytest.mark.parametrize(
    ("ui", "title"),
    [("nl", "tijdelijk niet beschikbaar"), ("en", "temporarily unavailable")],
)
def test_search_without_an_index_is_a_friendly_503(
    app_without_search: Flask, ui: str, title: str
) -> None:
    response = get(app_without_search.test_client(), "/zoeken?q=mediawijsheid", ui)
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"]
    tree = lxml.html.document_fromstring(text_of(response))
    assert tree.get("lang") == ui
    assert title in tree.xpath("string(//h1)")


def test_the_search_form_without_a_query_needs_no_index(app_without_search: Flask) -> None:
    assert get(app_without_search.test_client(), "/zoeken").status_code == 200


# --- texts not yet translated ----------------------------------------------------------------


@pytest.fixture
def partly_translated_app(empty_app: Flask, tmp_path: Path) -> Flask:
    """Two concepts in one cluster; only the first has English texts."""
    import_concepts(
        empty_app,
        tmp_path / "framework",
        [
            {
                "id": "vertaald",
                "clusters": "blended-werken",
                "pref_label@nl": "Vertaald begrip",
                "definition@nl": "Een begrip dat ook in het Engels beschreven is.",
                "pref_label@en": "Translated term",
                "definition@en": "A term that is also described in English.",
            },
            {
                "id": "onvertaald",
                "clusters": "blended-werken",
                "pref_label@nl": "Onvertaald begrip",
                "alt_labels@nl": "nog niet vertaald begrip",
                "definition@nl": "Een begrip dat alleen in het Nederlands beschreven is.",
            },
        ],
    )
    return empty_app


def fallback_markers(element: HtmlElement) -> list[str]:
    return [" ".join(m.text_content().split()) for m in element.find_class("marker--fallback")]


NOT_TRANSLATED = "not yet translated into English · shown in Dutch"


def test_the_a_to_z_index_marks_labels_not_yet_translated(partly_translated_app: Flask) -> None:
    client = partly_translated_app.test_client()
    tree = tree_of(get(client, "/a-z?lang=en", "en"))
    entries = {
        " ".join(li.xpath("string(a)").split()): li
        for li in tree.xpath('//ul[@class="index-list"]/li')
    }
    assert entries["Onvertaald begrip"].xpath("a/@lang") == ["nl"]
    assert fallback_markers(entries["Onvertaald begrip"]) == [NOT_TRANSLATED]
    assert fallback_markers(entries["nog niet vertaald begrip → Onvertaald begrip"]) == [
        NOT_TRANSLATED
    ]
    assert fallback_markers(entries["Translated term"]) == []


def test_the_a_to_z_index_in_the_source_language_has_no_markers(
    partly_translated_app: Flask,
) -> None:
    tree = tree_of(get(partly_translated_app.test_client(), "/a-z?lang=nl", "en"))
    assert fallback_markers(tree) == []


def test_the_cluster_page_marks_a_concept_not_yet_translated_once(
    partly_translated_app: Flask,
) -> None:
    tree = tree_of(
        get(partly_translated_app.test_client(), "/cluster/blended-werken?lang=en", "en")
    )
    items = {item.xpath("string(h2/a/@href)"): item for item in tree.find_class("concept-item")}
    untranslated = items["/begrip/onvertaald?lang=en"]
    assert untranslated.xpath("h2/a/@lang") == ["nl"]
    assert fallback_markers(untranslated) == [NOT_TRANSLATED]
    assert fallback_markers(items["/begrip/vertaald?lang=en"]) == []


# --- sources and about -------------------------------------------------------------------------


def test_sources_page_lists_the_bibliography_with_citing_concepts(client: FlaskClient) -> None:
    html = text_of(get(client, "/bronnen"))
    assert len(re.findall(r'<li id="bron-[a-z0-9-]+" class="bib-entry">', html)) == 47
    entry = html.split('id="bron-bocklandt-adriaensens-2014"', 1)[1].split("</li>", 1)[0]
    assert 'href="/begrip/onlinehulpverlening"' in entry


def test_source_urls_are_links(client: FlaskClient) -> None:
    html = text_of(get(client, "/bronnen"))
    assert '<a href="https://www.samvzw.be/begrippen" class="source-url">' in html


def test_about_page_shows_the_counts_of_the_framework(client: FlaskClient) -> None:
    html = text_of(get(client, "/over"))
    assert "<dt>Begrippen</dt><dd>42</dd>" in html
    assert "<dt>Bronnen</dt><dd>47</dd>" in html


# --- numbers in the locale's format --------------------------------------------------------------
# The bundled framework has fewer than 1000 of anything, where nl and en write numbers alike,
# so the templates are rendered with larger counts.


def render_in(app: Flask, ui: str, template: str, **context: object) -> str:
    with app.test_request_context("/", headers={"Accept-Language": ui}):
        return render_template(template, **context)


@pytest.mark.parametrize(
    ("ui", "lead", "card"), [("nl", "12.345", "1.234 begrippen"), ("en", "12,345", "1,234 terms")]
)
def test_home_page_formats_its_counts_for_the_locale(
    app: Flask, ui: str, lead: str, card: str
) -> None:
    big = ClusterSummary("blended-werken", LocalizedText("blended werken", "nl", "nl"), 1234)
    html = render_in(
        app, ui, "home.html", clusters=[big], title=None, description=None, concept_count=12345
    )
    assert f" {lead} " in html.split('class="lead"', 1)[1].split("</p>", 1)[0]
    assert f'<span class="cluster-count">{card}</span>' in html


@pytest.mark.parametrize(("ui", "shown"), [("nl", "1.234"), ("en", "1,234")])
def test_about_page_formats_its_figures_for_the_locale(app: Flask, ui: str, shown: str) -> None:
    with app.app_context():
        revision = current_revision(db.session)
    html = render_in(
        app,
        ui,
        "about.html",
        description=None,
        concept_count=1234,
        clusters=[],
        source_count=1234,
        revision=revision,
    )
    assert html.count(f"<dd>{shown}</dd>") == 2


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ui", "title"), [("nl", "Deze pagina bestaat niet"), ("en", "This page does not exist")]
)
def test_unknown_path_is_a_friendly_404(client: FlaskClient, ui: str, title: str) -> None:
    response = get(client, "/bestaat/niet", ui)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert title in text_of(response)


@pytest.mark.parametrize(
    ("ui", "title"),
    [("nl", "Er ging bij ons iets mis"), ("en", "Something went wrong on our side")],
)
def test_an_unexpected_error_is_a_friendly_500(app: Flask, ui: str, title: str) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/test-broken", "test_broken", broken)
    response = get(app.test_client(), "/test-broken", ui)
    assert response.status_code == 500
    assert title in text_of(response)
    assert "boom" not in text_of(response)


@pytest.fixture
def app_without_database(tmp_path: Path) -> Flask:
    missing = tmp_path / "no-such-folder" / "glossary.sqlite3"
    return make_app(tmp_path / "instance", SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}")


@pytest.mark.parametrize(
    ("ui", "title"),
    [("nl", "tijdelijk niet beschikbaar"), ("en", "temporarily unavailable")],
)
def test_an_unreachable_database_is_a_friendly_503(
    app_without_database: Flask, ui: str, title: str
) -> None:
    response = get(app_without_database.test_client(), "/", ui)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert title in text_of(response)


def test_an_unreachable_database_is_a_503_problem_on_machine_paths(
    app_without_database: Flask,
) -> None:
    response = app_without_database.test_client().get("/api/v1/clusters")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
