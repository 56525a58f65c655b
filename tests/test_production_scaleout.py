"""Two app instances with separate index folders on one PostgreSQL database.

An import through instance A is served by instance B: from the database at once, and from
B's own search index within FRESHNESS_SECONDS (the bound stated in docs/production.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_CSV, PostgresServer
from tests.serving import app_environment, get_json, gunicorn, run_flask, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
FRESHNESS_SECONDS = 10
NEW_SLUG = "schaalproefbegrip"


@pytest.fixture
def pg_filled(pg_server: PostgresServer, pg_templates: dict[str, str]) -> Iterator[str]:
    name = pg_server.create(template=pg_templates["filled"])
    yield name
    pg_server.drop(name)


def framework_with_a_new_concept(folder: Path) -> Path:
    """The bundled framework plus one concept with a word found nowhere else."""
    folder.mkdir()
    for companion in ("clusters.csv", "bronnen.csv"):
        (folder / companion).write_bytes((BUNDLED_CSV.parent / companion).read_bytes())
    reader = csv.DictReader(io.StringIO(BUNDLED_CSV.read_text(encoding="utf-8"), newline=""))
    rows = list(reader)
    new = dict.fromkeys(reader.fieldnames or [], "")
    new.update(
        {
            "id": NEW_SLUG,
            "clusters": rows[0]["clusters"],
            "status": rows[0]["status"],
            "pref_label@nl": "Schaalproefbegrip",
            "definition@nl": "Een begrip dat alleen bestaat om schaalvergroting te toetsen.",
        }
    )
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, new])
    path = folder / BUNDLED_CSV.name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def search_finds(base: str, query: str, slug: str) -> bool:
    """Whether the search results hold the concept (the echoed query does not count)."""
    status, body = get_json(f"{base}/api/v1/search?q={query}")
    return status == 200 and any(hit["id"] == slug for hit in body["results"])


def test_an_import_through_one_instance_reaches_the_other(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    url = pg_server.database_url(pg_filled)
    env_a = app_environment(url, tmp_path / "a")
    env_b = app_environment(url, tmp_path / "b")
    changed = framework_with_a_new_concept(tmp_path / "changed")
    with (
        gunicorn(env_a, workers=2, log=tmp_path / "a.log") as base_a,
        gunicorn(env_b, workers=2, log=tmp_path / "b.log") as base_b,
    ):
        assert wait_until(lambda: get_json(f"{base_b}/readyz")[0] == 200, FRESHNESS_SECONDS)
        revision = get_json(f"{base_b}/readyz")[1]["data_revision"]
        assert not search_finds(base_b, "schaalproefbegrip", NEW_SLUG)

        done = run_flask(env_a, "glossary", "import", str(changed))
        assert done.returncode == 0, done.stderr

        assert get_json(f"{base_b}/api/v1/concepts/{NEW_SLUG}")[0] == 200
        assert wait_until(
            lambda: search_finds(base_a, "schaalproefbegrip", NEW_SLUG), FRESHNESS_SECONDS
        )
        assert wait_until(
            lambda: search_finds(base_b, "schaalproefbegrip", NEW_SLUG), FRESHNESS_SECONDS
        )
        assert wait_until(
            lambda: get_json(f"{base_b}/readyz")[1].get("data_revision") == revision + 1,
            FRESHNESS_SECONDS,
        )
    assert not (tmp_path / "a" / "search-index").samefile(tmp_path / "b" / "search-index")
