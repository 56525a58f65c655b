"""Values kept per data revision: reused within one, rebuilt after an import, bounded."""

from __future__ import annotations

from datetime import UTC, datetime

from glossary.services.revision import Revision
from glossary.services.revision_cache import RevisionCache
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
    for url in (page, api, page, api):  # the second round is answered from the caches
        assert "bijgewerkt voor de test" not in client.get(url).get_data(as_text=True)

    def reword(rows: Rows) -> None:
        concept = next(row for row in rows if row["id"] == "mediawijsheid")
        marker = "= het geheel van kennis, vaardigheden en attitudes"
        assert marker in concept["definition@nl"]
        concept["definition@nl"] = concept["definition@nl"].replace(
            marker, "bijgewerkt voor de test " + marker, 1
        )

    import_edited(app, tmp_path / "data", "begrippenkader.csv", reword)

    for url in (page, api):
        assert "bijgewerkt voor de test" in client.get(url).get_data(as_text=True)
