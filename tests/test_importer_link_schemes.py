"""Only http(s) and mailto addresses become links.

A source URL an editor typed becomes an `href` on the embed card, the sources page and the
concept page. The importer refuses any other scheme with a located error, and the renderers
check again, for rows stored before the check (or written around the importer).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from glossary.links import link_problem
from glossary.models import Citation, Concept, Source, db
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID
from tests.test_importer import snapshot

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "bronnen/elders",
    "//evil.example/pagina",
    "https:evil.example",
]


def sources_with_url(folder: Path, url: str) -> tuple[Path, int]:
    """A copy of the bundled bibliography whose first source has `url`; and its line."""
    folder.mkdir()
    path = folder / "bronnen.csv"
    with (DATA_DIR / "bronnen.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    rows[0]["url"] = url
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path, 2


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_an_import_with_a_source_url_that_is_no_web_link_fails_where_it_is(
    app: Flask, tmp_path: Path, url: str
) -> None:
    sources, line = sources_with_url(tmp_path / "data", url)
    before = snapshot(app)

    result = app.test_cli_runner().invoke(
        args=[
            "glossary",
            "import",
            str(BUNDLED_CSV),
            "--clusters",
            str(DATA_DIR / "clusters.csv"),
            "--sources",
            str(sources),
        ]
    )

    assert result.exit_code == 1
    location = f"error: {sources}:{line}: column 9 (url): "
    assert any(
        row.startswith(location) and "is not a link" in row for row in result.output.splitlines()
    ), result.output
    assert "nothing was imported, the database is unchanged" in result.output
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "url", ["https://www.samvzw.be/begrippen", "http://example.org/a?b=c#d", "mailto:info@x.be"]
)
def test_web_and_mail_addresses_are_links(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize("url", HOSTILE_URLS + ["mailto:", "https://a.be/met spatie"])
def test_other_addresses_are_not_links(url: str) -> None:
    assert link_problem(url) is not None


# --- renderers: a row stored around the importer -------------------------------------------


@pytest.fixture
def stored_javascript_url(app: Flask) -> str:
    """A cited source whose stored URL (also quoted in its entry) is `javascript:`; its
    citing concept's id."""
    with app.app_context():
        source, slug = db.session.execute(
            select(Source, Concept.slug)
            .join(Citation, Citation.source_pk == Source.pk)
            .join(Concept, Concept.pk == Citation.concept_pk)
            .where(Concept.scheme_id == SCHEME_ID, Source.url != "")
            .order_by(Concept.slug)
            .limit(1)
        ).one()
        source.entry = source.entry.replace(source.url, "javascript:alert(1)")
        source.url = "javascript:alert(1)"
        db.session.commit()
    return slug


def assert_no_javascript_link(html: str) -> None:
    assert 'href="javascript:' not in html.lower()
    assert "javascript:alert(1)</a>" not in html


def test_the_card_does_not_link_a_stored_javascript_url(
    client: FlaskClient, stored_javascript_url: str
) -> None:
    response = client.get(f"/embed/{stored_javascript_url}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_no_javascript_link(html)
    assert 'href="/bronnen#bron-' in html


def test_the_sources_page_does_not_link_a_stored_javascript_url(
    client: FlaskClient, stored_javascript_url: str
) -> None:
    html = client.get("/bronnen").get_data(as_text=True)
    assert "javascript:alert(1)" in html  # still shown, as text
    assert_no_javascript_link(html)


def test_the_concept_page_does_not_link_a_stored_javascript_url(
    client: FlaskClient, stored_javascript_url: str
) -> None:
    html = client.get(f"/begrip/{stored_javascript_url}").get_data(as_text=True)
    assert_no_javascript_link(html)


def test_the_json_leaves_out_a_stored_javascript_url(
    client: FlaskClient, stored_javascript_url: str
) -> None:
    body = client.get(f"/api/v1/concepts/{stored_javascript_url}").get_json()
    quoting = [source for source in body["sources"] if "javascript:" in source["entry"]]
    assert quoting, body["sources"]
    assert all(source["url"] is None for source in quoting)


def test_the_bundled_sources_keep_their_links(client: FlaskClient) -> None:
    html = client.get("/bronnen").get_data(as_text=True)
    assert 'href="https://www.samvzw.be/begrippen"' in html
