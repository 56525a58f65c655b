"""More than one concept scheme in one database: cluster ids are unique per scheme.

Two schemes may each have a cluster "gegevensdeling"; each keeps its own titles and members,
and an app serves the clusters of the scheme it is configured for (GLOSSARY_SCHEME_ID).
Migration 0003 brings an installed database there and back without losing a row.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, inspect, select
from sqlalchemy.orm import Session

from glossary.importing import FrameworkFiles, export_framework, import_framework
from glossary.models import Cluster, ConceptExplanation, db
from glossary.records import Framework, SchemeInfo
from glossary.services import concepts
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID, TEST_BACKEND, make_app
from tests.dbstate import database_snapshot

SECOND = "tweede-kader"
BEFORE_0003 = "0002_member_order_title_status"


def import_into(app: Flask, scheme_id: str, concepts_csv: Path = BUNDLED_CSV) -> None:
    with app.app_context():
        import_framework(
            db.session, scheme_id, FrameworkFiles.beside(concepts_csv), source_language="nl"
        )


def rewrite_csv(path: Path, change: dict[str, dict[str, str]]) -> None:
    """Set the given columns of the rows whose id is a key of `change`."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        row.update(change.get(row["id"], {}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def edited_framework(tmp_path: Path) -> Path:
    """The bundled framework with another title for "gegevensdeling" and Vitalink first in it."""
    folder = tmp_path / "edited"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.md"))
    rewrite_csv(
        folder / "clusters.csv",
        {"gegevensdeling": {"title@nl": "gegevens delen", "title@en": "sharing data"}},
    )
    rewrite_csv(folder / "begrippenkader.csv", {"vitalink": {"clusters": "gegevensdeling:1"}})
    return folder / "begrippenkader.csv"


def cluster_layout(app: Flask, scheme_id: str) -> list[tuple[str, int, dict, list]]:
    """A scheme's clusters: id, position, titles with status, member slugs in order."""
    with app.app_context():
        scheme_clusters = concepts.list_clusters(db.session, scheme_id)
        return [
            (
                cluster.id,
                cluster.position,
                {title.lang: (title.title, title.status.value) for title in cluster.titles},
                [member.slug for member in concepts.cluster_concepts(db.session, cluster)],
            )
            for cluster, _ in scheme_clusters
        ]


def exported(app: Flask, scheme_id: str) -> tuple[Framework, SchemeInfo]:
    with app.app_context():
        return export_framework(db.session, scheme_id)


@pytest.fixture
def blank_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database without a single table, on the selected backend."""
    if TEST_BACKEND == "postgresql":
        server = request.getfixturevalue("pg_server")
        name = server.create()
        app = make_app(tmp_path / "blank", SQLALCHEMY_DATABASE_URI=server.database_url(name))
        yield app
        with app.app_context():
            db.engine.dispose()
        server.drop(name)
        return
    app = make_app(tmp_path / "blank")
    yield app
    with app.app_context():
        db.engine.dispose()


def app_for_scheme(app: Flask, scheme_id: str, instance: Path) -> Flask:
    """A second app on the same database, serving `scheme_id` (with its own search index)."""
    return make_app(
        instance,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_SCHEME_ID=scheme_id,
    )


# ---------------------------------------------------------------- two schemes side by side


def test_the_bundled_framework_imports_into_a_second_scheme_beside_the_first(app: Flask) -> None:
    first = cluster_layout(app, SCHEME_ID)

    import_into(app, SECOND)

    assert cluster_layout(app, SECOND) == first
    assert cluster_layout(app, SCHEME_ID) == first
    assert exported(app, SECOND) == exported(app, SCHEME_ID)


def test_each_scheme_has_its_own_cluster_rows(app: Flask) -> None:
    import_into(app, SECOND)

    with app.app_context():
        rows = db.session.execute(select(Cluster.scheme_id, Cluster.id, Cluster.pk)).all()
    ids = {scheme: {cid for s, cid, _ in rows if s == scheme} for scheme in (SCHEME_ID, SECOND)}
    assert len(ids[SCHEME_ID]) == 6
    assert ids[SECOND] == ids[SCHEME_ID]
    assert len({pk for _, _, pk in rows}) == 12


def test_changing_a_cluster_in_one_scheme_leaves_the_other_as_it_was(
    app: Flask, edited_framework: Path
) -> None:
    import_into(app, SECOND)
    first = cluster_layout(app, SCHEME_ID)
    first_export = exported(app, SCHEME_ID)

    import_into(app, SECOND, edited_framework)

    assert cluster_layout(app, SCHEME_ID) == first
    assert exported(app, SCHEME_ID) == first_export
    second = {
        cluster_id: (titles, members)
        for cluster_id, _, titles, members in cluster_layout(app, SECOND)
    }
    titles, members = second["gegevensdeling"]
    assert titles == {"nl": ("gegevens delen", "source"), "en": ("sharing data", "draft")}
    assert members[0] == "vitalink"
    first_members = {cluster_id: members for cluster_id, _, _, members in first}
    assert first_members["gegevensdeling"][0] != "vitalink"


def test_an_app_serves_the_clusters_of_its_configured_scheme(
    app: Flask, edited_framework: Path, tmp_path: Path
) -> None:
    import_into(app, SECOND, edited_framework)
    second_app = app_for_scheme(app, SECOND, tmp_path / "second-instance")
    first, second = app.test_client(), second_app.test_client()

    titles = {
        name: {c["id"]: c["title"]["nl"] for c in client.get("/api/v1/clusters").json["clusters"]}
        for name, client in (("first", first), ("second", second))
    }
    assert titles["first"]["gegevensdeling"] == "gegevensdeling"
    assert titles["second"]["gegevensdeling"] == "gegevens delen"

    members = second.get("/api/v1/clusters/gegevensdeling").json["concepts"]
    assert members[0]["id"] == "vitalink"
    assert first.get("/api/v1/clusters/gegevensdeling").json["concepts"][0]["id"] != "vitalink"

    # Pages capitalise cluster titles (shown_cluster_title); the data keeps "gegevens delen".
    assert "Gegevens delen" in second.get("/cluster/gegevensdeling?lang=nl").text
    assert "Gegevens delen" not in first.get("/cluster/gegevensdeling?lang=nl").text

    listed = second.get("/api/v1/concepts?cluster=gegevensdeling&per_page=100").json
    assert listed["total"] == len(members)


def test_search_in_a_second_scheme_filters_by_its_clusters(
    app: Flask, edited_framework: Path, tmp_path: Path
) -> None:
    import_into(app, SECOND, edited_framework)
    second = app_for_scheme(app, SECOND, tmp_path / "second-instance").test_client()

    found = second.get("/api/v1/search?q=vitalink&cluster=gegevensdeling").json["results"]

    assert found[0]["id"] == "vitalink"
    assert found[0]["clusters"] == ["gegevensdeling"]


# ---------------------------------------------------------------- migration 0003


def test_flask_db_upgrade_from_empty_matches_the_models(blank_app: Flask) -> None:
    result = blank_app.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    with blank_app.app_context():
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        constraints = inspect(db.engine).get_unique_constraints("cluster")
        key = inspect(db.engine).get_pk_constraint("cluster")["constrained_columns"]
    assert differences == []
    assert key == ["pk"]
    assert {"name": "uq_cluster_scheme_id", "column_names": ["scheme_id", "id"]} in [
        {"name": c["name"], "column_names": c["column_names"]} for c in constraints
    ]


def drop_explanations(app: Flask) -> None:
    """The 0002 layout has no place for explanations (0005 adds them; its downgrade drops
    them, the next import brings them back): a round trip through 0002 is compared without."""
    with app.app_context():
        db.session.execute(ConceptExplanation.__table__.delete())
        db.session.commit()


OLD_STATUS_WORDS = {"valid": "accepted", "retired": "deprecated", "replaced": "deprecated"}


def copy_into_0002_layout(source: Flask, target: Flask) -> None:
    """Every row of `source` (at head) written into `target` (at 0002), where clusters are
    keyed by their id and titles and members name that id."""
    with source.app_context():
        snapshot = {
            table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
            for table in db.metadata.sorted_tables
        }
    cluster_ids = {row["pk"]: row["id"] for row in snapshot["cluster"]}
    with target.app_context():
        tables = MetaData()
        tables.reflect(db.engine)
        with db.engine.begin() as connection:
            for table in tables.sorted_tables:
                if table.name == "alembic_version" or not snapshot[table.name]:
                    continue
                rows = snapshot[table.name]
                for row in rows:
                    if "cluster_pk" in row:
                        row["cluster_id"] = cluster_ids[row["cluster_pk"]]
                    if table.name == "concept":
                        # 0002 knew the statuses by their old words (migration 0015 renamed them)
                        row["status"] = OLD_STATUS_WORDS[str(row["status"])]
                columns = table.columns.keys()
                connection.execute(table.insert(), [{c: row[c] for c in columns} for row in rows])


def snapshot_without_history(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """The database's rows but for the published versions: migrations 0009 (concepts) and
    0014 (clusters, sources, the scheme's texts) began that history, so a database from
    before them has none, and a downgrade past them drops it."""
    snapshot = database_snapshot(session)
    snapshot.pop("concept_version")
    snapshot.pop("part_version")
    return snapshot


def test_upgrading_a_0002_database_keeps_every_cluster_title_and_member(
    app: Flask, blank_app: Flask
) -> None:
    drop_explanations(app)
    with blank_app.app_context():
        upgrade(revision=BEFORE_0003)
        assert inspect(db.engine).get_pk_constraint("cluster")["constrained_columns"] == ["id"]
    copy_into_0002_layout(app, blank_app)

    with blank_app.app_context():
        upgrade()

    assert cluster_layout(blank_app, SCHEME_ID) == cluster_layout(app, SCHEME_ID)
    assert exported(blank_app, SCHEME_ID) == exported(app, SCHEME_ID)
    with app.app_context():
        before = snapshot_without_history(db.session)
    with blank_app.app_context():
        assert snapshot_without_history(db.session) == before


def test_downgrade_to_0002_and_upgrade_again_round_trips(app: Flask) -> None:
    drop_explanations(app)
    with app.app_context():
        before = snapshot_without_history(db.session)
    # A new context: the snapshot's transaction would hold PostgreSQL's ALTER TABLE back.
    with app.app_context():
        downgrade(revision=BEFORE_0003)
        key = inspect(db.engine).get_pk_constraint("cluster_member")["constrained_columns"]
        assert key == ["cluster_id", "concept_pk"]
        upgrade()
        assert snapshot_without_history(db.session) == before


def test_after_the_round_trip_new_clusters_get_their_own_keys(app: Flask) -> None:
    with app.app_context():
        downgrade(revision=BEFORE_0003)
        upgrade()
    first = cluster_layout(app, SCHEME_ID)

    import_into(app, SECOND)

    assert cluster_layout(app, SECOND) == first
    assert cluster_layout(app, SCHEME_ID) == first


def test_downgrade_refuses_when_two_schemes_share_a_cluster_id(app: Flask) -> None:
    import_into(app, SECOND)
    with app.app_context():
        # Alembic itself: `flask db downgrade` turns the error into "Error: ..." and exit 1.
        config = app.extensions["migrate"].migrate.get_config()
        with pytest.raises(RuntimeError, match="'gegevensdeling'.*cluster ids were global"):
            command.downgrade(config, BEFORE_0003)
        assert inspect(db.engine).get_pk_constraint("cluster")["constrained_columns"] == ["pk"]
        # SQLite has no transactional DDL: the later migrations' downgrades (0007 drops a
        # concept column) stay done; upgrading again must find the refused step's data intact.
        command.upgrade(config, "head")
    assert len(cluster_layout(app, SECOND)) == 6
