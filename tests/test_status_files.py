"""Status, successors and validity dates in files (issue 15): the CSV columns `replaced_by`,
`valid_from`, `valid_until` round-trip; partners' files with the old words still load; and
migration 0015 maps the stored statuses up and back down."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from glossary.editing.models import ConceptVersion
from glossary.importing import apply_change, plan_change
from glossary.models import db
from tests.conftest import BUNDLED_CSV, SCHEME_ID, TEST_BACKEND, PostgresServer, make_app
from tests.test_import_rdf import run_import
from tests.test_importer import _without_concept
from tests.test_importer_change import RULES, one_concept, stored_concept

OLD = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
NEW = "blended-hulpverlening"
RETIRED = "roadmap"


def export(app: Flask, path: Path) -> list[dict[str, str]]:
    result = app.test_cli_runner().invoke(args=["glossary", "export", str(path)])
    assert result.exit_code == 0, result.output
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_exported_csv_has_the_new_columns_empty_for_valid_concepts(
    app: Flask, tmp_path: Path
) -> None:
    rows = export(app, tmp_path / "out" / "begrippenkader.csv")
    assert {"replaced_by", "valid_from", "valid_until"} <= set(rows[0])
    assert {row["status"] for row in rows} == {"valid"}
    assert {row["replaced_by"] for row in rows} == {""}


def test_replaced_and_retired_concepts_round_trip_through_csv(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    first = tmp_path / "first" / "begrippenkader.csv"
    rows = export(app, first)
    for row in rows:
        if row["id"] == OLD:
            row.update(status="replaced", replaced_by=f"{NEW} | roadmap", valid_until="2026-12-01")
        elif row["id"] == RETIRED:
            row.update(status="retired", valid_from="2020-01-01", valid_until="2026-06-30")
    write_rows(first, rows)
    imported = empty_app.test_cli_runner().invoke(args=["glossary", "import", str(first)])
    assert imported.exit_code != 0  # roadmap is retired: it cannot be a successor
    assert "is retired itself and cannot replace a concept" in imported.output
    for row in rows:
        if row["id"] == OLD:
            row["replaced_by"] = NEW
    write_rows(first, rows)
    imported = empty_app.test_cli_runner().invoke(args=["glossary", "import", str(first)])
    assert imported.exit_code == 0, imported.output

    second = export(empty_app, tmp_path / "second" / "begrippenkader.csv")

    assert second == rows
    by_id = {row["id"]: row for row in second}
    assert by_id[OLD]["replaced_by"] == NEW
    assert (by_id[RETIRED]["valid_from"], by_id[RETIRED]["valid_until"]) == (
        "2020-01-01",
        "2026-06-30",
    )


def test_the_old_status_words_still_load(empty_app: Flask, tmp_path: Path) -> None:
    # a partner's file written before statuses were renamed says "accepted" and "deprecated"
    source = BUNDLED_CSV.read_text(encoding="utf-8").replace(",valid,", ",accepted,")
    assert ",accepted," in source
    folder = tmp_path / "partner"
    folder.mkdir()
    for sibling in BUNDLED_CSV.parent.glob("*.csv"):
        (folder / sibling.name).write_bytes(sibling.read_bytes())
    edited = source.replace(f"\n{RETIRED},", f"\n{RETIRED},", 1)
    lines = edited.split("\n")
    lines = [
        line.replace(",accepted,", ",deprecated,", 1) if line.startswith(f"{RETIRED},") else line
        for line in lines
    ]
    (folder / BUNDLED_CSV.name).write_text("\n".join(lines), encoding="utf-8")
    imported = empty_app.test_cli_runner().invoke(
        args=["glossary", "import", str(folder / BUNDLED_CSV.name)]
    )
    assert imported.exit_code == 0, imported.output
    rows = export(empty_app, tmp_path / "out" / "begrippenkader.csv")
    statuses = {row["id"]: row["status"] for row in rows}
    assert statuses[RETIRED] == "retired"
    assert statuses[OLD] == "valid"


def test_removing_a_concept_with_prune_is_recorded_in_its_history(
    app: Flask, tmp_path: Path
) -> None:
    path = _without_concept(tmp_path, "mediamatrix")

    result = app.test_cli_runner().invoke(args=["glossary", "import", str(path), "--prune"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.scalars(
            select(ConceptVersion)
            .where(ConceptVersion.slug == "mediamatrix")
            .order_by(ConceptVersion.version)
        ).all()
        assert [(row.version, row.change_note) for row in rows][-1] == (
            2,
            "removed (import --prune)",
        )
        assert rows[-1].published_at is not None
        assert rows[-1].record["slug"] == "mediamatrix"


# --- migration 0015 ---------------------------------------------------------------------


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the backend under test."""
    if TEST_BACKEND != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create()
    yield server.database_url(name)
    server.drop(name)


def _insert_concepts(statuses: dict[str, str]) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO concept_scheme (id, created_at, modified_at)"
                " VALUES ('s', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for slug, status in statuses.items():
            connection.execute(
                text(
                    "INSERT INTO concept (scheme_id, slug, status, position, created_at,"
                    " modified_at, content_changed_at) VALUES ('s', :slug, :status, 0,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"slug": slug, "status": status},
            )


def _statuses() -> dict[str, str]:
    with db.engine.connect() as connection:
        return dict(connection.execute(text("SELECT slug, status FROM concept")).all())  # type: ignore[arg-type]


def test_migration_0015_maps_the_statuses_and_its_downgrade_maps_them_back(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(tmp_path / "instance", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade(revision="0014_cluster_source_drafts")
        _insert_concepts({"a": "accepted", "d": "draft", "x": "deprecated"})
        upgrade(revision="0015_concept_status")
        assert _statuses() == {"a": "valid", "d": "valid", "x": "retired"}
        columns = {c["name"] for c in inspect(db.engine).get_columns("concept")}
        assert {"valid_from", "valid_until"} <= columns
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE concept SET status = 'replaced' WHERE slug = 'd'"))

        downgrade(revision="0014_cluster_source_drafts")

        assert _statuses() == {"a": "accepted", "d": "deprecated", "x": "deprecated"}
        columns = {c["name"] for c in inspect(db.engine).get_columns("concept")}
        assert "valid_from" not in columns
        upgrade()
        assert _statuses() == {"a": "valid", "d": "retired", "x": "retired"}
        db.engine.dispose()


def test_after_migration_0012_an_old_status_is_refused_by_the_database(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(tmp_path / "instance", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        with pytest.raises(Exception, match="(?i)check|constraint"):
            _insert_concepts({"a": "accepted"})
        db.engine.dispose()


def _replace_and_retire(app: Flask) -> None:
    with app.app_context():
        old = replace(
            stored_concept(OLD), status="replaced", replaced_by=(NEW,), valid_until="2026-12-01"
        )
        retired = replace(stored_concept(RETIRED), status="retired", valid_from="2020-01-01")
        for record in (old, retired):
            change = plan_change(db.session, SCHEME_ID, one_concept(record), RULES)
            apply_change(db.session, change)


@pytest.mark.parametrize("suffix", ["tbx", "ttl"])
def test_replaced_and_retired_concepts_round_trip_through_tbx_and_skos(
    app: Flask, empty_app: Flask, tmp_path: Path, suffix: str
) -> None:
    _replace_and_retire(app)
    exported = tmp_path / f"export.{suffix}"
    exported.write_bytes(app.test_client().get(f"/export/begrippenkader.{suffix}").data)

    result = run_import(empty_app, exported, "--scheme", SCHEME_ID)

    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        old, retired = stored_concept(OLD), stored_concept(RETIRED)
    assert (old.status, old.replaced_by, old.valid_until) == ("replaced", (NEW,), "2026-12-01")
    assert (retired.status, retired.replaced_by, retired.valid_from) == (
        "retired",
        (),
        "2020-01-01",
    )
