"""Values kept per data revision: reused within one, rebuilt after an import, bounded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, template_rendered

from glossary.database import db_session
from glossary.services.revision import Revision
from glossary.services.revision_cache import RevisionCache, revision_cache
from tests.test_changes_feed import Rows, import_edited

FIRST = Revision(1, datetime(2026, 1, 1, tzinfo=UTC))
SECOND = Revision(2, datetime(2026, 1, 2, tzinfo=UTC))


def test_a_value_is_built_once_per_revision() -> None:
    cache = RevisionCache(max_entries=10)
    builds: list[str] = []

    def build(value: str):
        return lambda: builds.append(value) or value

    assert cache.get(FIRST, "a", build("a1")) == "a1"
    assert cache.get(FIRST, "a", build("a2")) == "a1"
    assert cache.get(SECOND, "a", build("a3")) == "a3"
    assert builds == ["a1", "a3"]


def test_the_least_recently_used_value_goes_first() -> None:
    cache = RevisionCache(max_entries=2)
    cache.get(FIRST, "a", lambda: 1)
    cache.get(FIRST, "b", lambda: 2)
    cache.get(FIRST, "a", lambda: 0)  # a is used again
    cache.get(FIRST, "c", lambda: 3)  # b goes
    assert cache.get(FIRST, "a", lambda: "rebuilt") == 1
    assert cache.get(FIRST, "b", lambda: "rebuilt") == "rebuilt"


def test_a_value_built_for_an_older_revision_is_not_kept() -> None:
    cache = RevisionCache(max_entries=10)

    def build_while_an_import_lands() -> str:
        cache.get(SECOND, "other", lambda: "new")
        return "old"

    assert cache.get(FIRST, "a", build_while_an_import_lands) == "old"
    assert cache.get(SECOND, "a", lambda: "new") == "new"


def test_pages_and_json_kept_for_a_revision_show_an_import_at_once(app, client, tmp_path) -> None:
    page, api = "/begrip/mediawijsheid?lang=nl", "/api/v1/concepts/mediawijsheid"
    listing = "/api/v1/concepts?per_page=100"
    for url in (page, api, listing, page, api, listing):  # the second round: from the caches
        assert "bijgewerkt voor de test" not in client.get(url).get_data(as_text=True)

    def reword(rows: Rows) -> None:
        concept = next(row for row in rows if row["id"] == "mediawijsheid")
        marker = "= het geheel van kennis, vaardigheden en attitudes"
        assert marker in concept["definition@nl"]
        concept["definition@nl"] = concept["definition@nl"].replace(
            marker, "bijgewerkt voor de test " + marker, 1
        )

    import_edited(app, tmp_path / "data", "begrippenkader.csv", reword)

    for url in (page, api, listing):
        assert "bijgewerkt voor de test" in client.get(url).get_data(as_text=True)


def test_a_listed_concept_is_the_same_body_as_its_own_route(client) -> None:
    listed = client.get("/api/v1/concepts?per_page=100&lang=en").get_json()["concepts"]
    alone = client.get("/api/v1/concepts/mediawijsheid?lang=en").get_json()
    assert next(body for body in listed if body["id"] == "mediawijsheid") == alone
    # And the other way round: a body first built for the listing serves the route.
    first = client.get("/api/v1/concepts/e-inclusie").get_json()
    assert first == next(
        body
        for body in client.get("/api/v1/concepts?per_page=100").get_json()["concepts"]
        if body["id"] == "e-inclusie"
    )


@contextmanager
def renders(app: Flask) -> Iterator[list[str]]:
    """The templates rendered while the block runs."""
    rendered: list[str] = []

    def record(sender: Flask, template, context, **extra) -> None:  # noqa: ANN001
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(record, app)


def test_a_concept_page_is_rendered_once_per_address_and_languages(app: Flask, client) -> None:
    with renders(app) as rendered:
        first = client.get("/begrip/mediawijsheid")
        again = client.get("/begrip/mediawijsheid")
        english_ui = client.get("/begrip/mediawijsheid?ui=en")
        english_ui_again = client.get("/begrip/mediawijsheid?ui=en")
    assert rendered.count("concept.html") == 2
    assert first.get_data() == again.get_data()
    assert english_ui.get_data() == english_ui_again.get_data()
    assert 'lang="nl"' in first.get_data(as_text=True)
    assert 'lang="en"' in english_ui.get_data(as_text=True)


def test_other_parameters_are_not_served_a_page_made_for_another(app: Flask, client) -> None:
    client.get("/begrip/mediawijsheid")
    with renders(app) as rendered:
        client.get("/begrip/mediawijsheid?utm_source=course")
        client.get("/begrip/mediawijsheid?utm_source=course")
    # Unknown parameters are rendered each time (they cannot fill the cache).
    assert rendered.count("concept.html") == 2


def test_another_host_is_served_the_same_page_naming_only_the_public_url(
    app: Flask, client
) -> None:
    client.get("/begrip/mediawijsheid")
    with renders(app) as rendered:
        elsewhere = client.get("/begrip/mediawijsheid", base_url="http://glossary.example")
    # The page holds no address taken from the Host header, so one cached copy serves all.
    body = elsewhere.get_data(as_text=True)
    assert rendered.count("concept.html") == 0
    assert "glossary.example" not in body
    assert app.config["GLOSSARY_PUBLIC_URL"] in body


def test_each_database_has_caches_of_its_own(app: Flask, empty_app: Flask) -> None:
    """Two apps in one process may stand at the same revision number with other data."""
    with app.app_context():
        filled = revision_cache(db_session(), "kept", max_entries=4)
    with empty_app.app_context():
        empty = revision_cache(db_session(), "kept", max_entries=4)
    with app.app_context():
        filled_again = revision_cache(db_session(), "kept", max_entries=4)
    assert filled_again is filled
    assert empty is not filled
