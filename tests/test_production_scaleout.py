"""Two app instances with separate index folders on one PostgreSQL database.

An import through instance A is served by instance B: from the database at once, and from
B's own search index, with every worker of B ready at the new revision, within
FRESHNESS_SECONDS of the import command returning (the bound docs/production.md states).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PostgresServer
from tests.serving import (
    Rows,
    app_environment,
    framework_variant,
    get_json,
    gunicorn,
    run_flask,
    wait_until,
    workers_ready_at,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
FRESHNESS_SECONDS = 10
NEW_SLUG = "schaalproefbegrip"


@pytest.fixture
def pg_filled(pg_server: PostgresServer, pg_templates: dict[str, str]) -> Iterator[str]:
    name = pg_server.create(template=pg_templates["filled"])
    yield name
    pg_server.drop(name)


def with_a_new_concept(rows: Rows) -> Rows:
    """The rows plus one concept with a word found nowhere else."""
    new = dict.fromkeys(rows[0], "")
    new.update(
        {
            "id": NEW_SLUG,
            "clusters": rows[0]["clusters"],
            "status": rows[0]["status"],
            "pref_label@nl": "Schaalproefbegrip",
            "definition@nl": "Een begrip dat alleen bestaat om schaalvergroting te toetsen.",
        }
    )
    return [*rows, new]


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
    changed = framework_variant(tmp_path / "changed", with_a_new_concept)
    with (
        gunicorn(env_a, workers=2, log=tmp_path / "a.log") as base_a,
        gunicorn(env_b, workers=2, log=tmp_path / "b.log") as base_b,
    ):
        assert wait_until(lambda: get_json(f"{base_b}/readyz")[0] == 200, FRESHNESS_SECONDS)
        revision = get_json(f"{base_b}/readyz")[1]["data_revision"]
        assert not search_finds(base_b, "schaalproefbegrip", NEW_SLUG)

        done = run_flask(env_a, "glossary", "import", str(changed))
        assert done.returncode == 0, done.stderr
        fresh_by = time.monotonic() + FRESHNESS_SECONDS

        def in_time(condition: Callable[[], bool]) -> bool:
            return wait_until(condition, max(0.0, fresh_by - time.monotonic()), interval=0.2)

        assert get_json(f"{base_b}/api/v1/concepts/{NEW_SLUG}")[0] == 200
        assert in_time(lambda: search_finds(base_a, "schaalproefbegrip", NEW_SLUG))
        assert in_time(lambda: search_finds(base_b, "schaalproefbegrip", NEW_SLUG))
        # Every worker of B answers ready, its own index at the new revision.
        assert in_time(lambda: workers_ready_at(base_b, revision + 1, workers=2))
    assert not (tmp_path / "a" / "search-index").samefile(tmp_path / "b" / "search-index")
