"""The CSV importer: validation before writing, one transaction, idempotence, prune, dry run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from glossary.importing import export_framework
from glossary.models import ChangeKind, ChangeLogEntry, db
from glossary.services import concepts
from glossary.services.revision import current_revision
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID, TEST_DATA

BROKEN = TEST_DATA / "broken"
CLUSTERS = DATA_DIR / "clusters.csv"
SOURCES = DATA_DIR / "bronnen.csv"


def snapshot(app: Flask) -> tuple[int, object]:
    """The data revision and every stored record: equal snapshots mean an unchanged database."""
    with app.app_context():
        return current_revision(db.session).number, export_framework(db.session, SCHEME_ID)


def run_import(app: Flask, path: Path, *options: str):
    args = ["glossary", "import", str(path), "--clusters", str(CLUSTERS), "--sources", str(SOURCES)]
    return app.test_cli_runner().invoke(args=[*args, *options])


# Each broken file, the error it must produce (location and message), nothing else written.
BROKEN_CASES = {
    "unknown_column.csv": (1, "column 4 (definitie@nl)", "unknown column 'definitie@nl'"),
    "missing_pref_label.csv": (3, "column 4 (pref_label@nl)", "missing preferred label"),
    "missing_definition.csv": (2, "column 6 (definition@nl)", "missing definition"),
    "duplicate_id.csv": (4, "column 1 (id)", "duplicate id 'eerste' (first on line 2)"),
    "duplicate_pref_label.csv": (
        3,
        "column 4 (pref_label@nl)",
        "preferred label 'blended-werken' (nl) is already the preferred label of 'eerste' (line 2)",
    ),
    "unknown_cluster.csv": (2, "column 2 (clusters)", "unknown cluster 'hybride-werken'"),
    "unknown_relation.csv": (2, "column 8 (related)", "'tweede' points to no concept in this file"),
    "unknown_source.csv": (
        2,
        "column 7 (sources)",
        "source 'jansen-2020' is not in the bibliography",
    ),
    "citation_not_in_text.csv": (
        2,
        "column 7 (sources)",
        "its citation '(Faresa, 2022)' does not occur in the concept's texts",
    ),
    "unknown_status.csv": (2, "column 3 (status)", "unknown status 'goedgekeurd'"),
    "wrong_cell_count.csv": (2, "", "11 cells where the header has 10"),
    "unclosed_quote.csv": (2, "", "a quoted cell that starts in this row is never closed"),
    "undecodable.csv": (3, "byte column 54", "undecodable byte 0xeb"),
    "cluster_place_taken.csv": (
        3,
        "column 2 (clusters)",
        "place 1 in cluster 'blended-werken' is already taken on line 2",
    ),
    "cluster_place_outside.csv": (
        3,
        "column 2 (clusters)",
        "place 3 in cluster 'blended-werken', which has only 2 concept(s)",
    ),
    "cluster_place_not_a_number.csv": (
        2,
        "column 2 (clusters)",
        "'blended-werken:eerst': the place after ':' must be a whole number from 1",
    ),
    "control_character.csv": (
        2,
        "character column 53",
        "control character U+0000 is not allowed in a text",
    ),
    "label_too_long.csv": (
        2,
        "column 5 (alt_labels@nl)",
        "has 525 characters; at most 500 fit",
    ),
    "label_claimed_twice.csv": (
        3,
        "column 5 (alt_labels@nl)",
        "label 'E-Zorg' (nl) already names 'eerste' (line 2)",
    ),
}


def test_every_broken_file_in_the_corpus_has_an_expected_error() -> None:
    assert sorted(BROKEN_CASES) == sorted(
        path.name for path in BROKEN.glob("*.csv") if path.name != "many_problems.csv"
    )


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_file_is_rejected_with_its_location_and_the_database_is_unchanged(
    app: Flask, name: str
) -> None:
    line, column, message = BROKEN_CASES[name]
    before = snapshot(app)

    result = run_import(app, BROKEN / name)

    assert result.exit_code == 1
    location = f"{BROKEN / name}:{line}: " + (f"{column}: " if column else "")
    errors = [row for row in result.output.splitlines() if row.startswith("error: ")]
    assert any(row.startswith(f"error: {location}") and message in row for row in errors), (
        result.output
    )
    assert "nothing was imported, the database is unchanged" in result.output
    assert snapshot(app) == before


def test_all_problems_of_a_file_are_reported_at_once(app: Flask) -> None:
    result = run_import(app, BROKEN / "many_problems.csv")

    assert result.exit_code == 1
    assert "unknown cluster 'onbekend'" in result.output
    assert "missing preferred label" in result.output
    assert "missing definition" in result.output
    assert "'nergens' points to no concept in this file" in result.output
    assert "4 problem(s)" in result.output


def test_a_concept_with_a_problem_is_still_in_the_file_for_the_relations_to_it(
    app: Flask, tmp_path: Path
) -> None:
    """One bad field is one problem: the concepts that relate to the faulty one are not told
    it is missing from the file (it is there, with a problem of its own)."""
    path = _edited_copy(
        tmp_path, "blended-werken,blended-werken,valid,", "blended-werken,blended-werken,kapot,"
    )

    result = run_import(app, path)

    assert result.exit_code == 1
    assert "unknown status 'kapot'" in result.output
    assert "'blended-werken' points to no concept" not in result.output
    assert "1 problem(s)" in result.output


def test_every_problem_of_one_concept_is_reported_not_only_the_first_kind(
    app: Flask, tmp_path: Path
) -> None:
    """A concept with a bad field still has its relations and labels checked: the editor of
    a file (or of a draft, through the same checks) sees every problem in one go."""
    path = _edited_copy(
        tmp_path,
        "blended-werken,blended-werken,valid,Blended werken,",
        "blended-werken,blended-werken,kapot,Blended care,",
    )

    result = run_import(app, path)

    assert "unknown status 'kapot'" in result.output
    assert "'Blended care' (nl) is already the preferred label of 'blended-care'" in result.output


def test_a_missing_file_is_reported_not_raised(app: Flask, tmp_path: Path) -> None:
    result = run_import(app, tmp_path / "bestaat-niet.csv")

    assert result.exit_code == 1
    assert "cannot read file" in result.output


def test_dry_run_reports_changes_and_writes_nothing(empty_app: Flask) -> None:
    before = snapshot(empty_app)

    result = empty_app.test_cli_runner().invoke(
        args=["glossary", "import", str(BUNDLED_CSV), "--dry-run"]
    )

    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: concepts: 42 added" in result.output
    assert snapshot(empty_app) == before


def test_importing_the_same_file_twice_changes_nothing(app: Flask) -> None:
    before = snapshot(app)

    result = app.test_cli_runner().invoke(args=["glossary", "import", str(BUNDLED_CSV)])

    assert result.exit_code == 0, result.output
    assert "0 added, 0 changed, 0 removed, 42 unchanged" in result.output
    assert "nothing changed" in result.output
    assert snapshot(app) == before


def test_editors_files_with_bom_semicolons_crlf_and_multiline_cells_are_accepted(
    empty_app: Flask,
) -> None:
    result = run_import(empty_app, TEST_DATA / "valid" / "excel_semicolon_bom_crlf.csv")

    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        first = concepts.get_concept(db.session, SCHEME_ID, "eerste")
        definition = next(n.text for n in first.notes if n.lang == "nl")
        assert definition == "Een omschrijving\n\nmet twee alinea’s; en een puntkomma."
        assert sorted(lab.text for lab in first.labels if lab.lang == "nl") == [
            "1e begrip",
            "Eerste begrip",
            "eerste term",
        ]
        second = concepts.get_concept(db.session, SCHEME_ID, "tweede")
        clusters = sorted(member.cluster.id for member in second.memberships)
        assert clusters == ["digitalisering", "gegevensdeling"]


def _edited_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "edited"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "begrippenkader.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_changed_definition_is_reported_logged_and_bumps_the_revision(
    app: Flask, tmp_path: Path
) -> None:
    path = _edited_copy(
        tmp_path, "Een overzicht dat aangeeft", "Een actueel overzicht dat aangeeft"
    )
    before_revision = snapshot(app)[0]

    result = app.test_cli_runner().invoke(args=["glossary", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert "0 added, 1 changed, 0 removed, 41 unchanged" in result.output
    assert "changed: mediamatrix" in result.output
    with app.app_context():
        assert current_revision(db.session).number == before_revision + 1
        entries = db.session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.revision == before_revision + 1)
        ).all()
        assert [(e.concept_slug, e.change) for e in entries] == [
            ("mediamatrix", ChangeKind.CHANGED)
        ]


def _without_concept(tmp_path: Path, slug: str) -> Path:
    return _without_concepts(tmp_path, {slug})


def _without_concepts(tmp_path: Path, slugs: set[str]) -> Path:
    import csv

    folder = tmp_path / "pruned"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "begrippenkader.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [row for row in rows if row[0] not in slugs]
    assert len(kept) == len(rows) - len(slugs)
    for row in kept:  # nothing may point to the removed concepts any more
        for index, name in enumerate(rows[0]):
            if name in ("related", "broader", "equivalent"):
                row[index] = " | ".join(
                    part.strip() for part in row[index].split("|") if part.strip() not in slugs
                )
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    return path


@pytest.mark.filterwarnings("error")
def test_prune_removes_related_concepts_without_a_warning(app: Flask, tmp_path: Path) -> None:
    # blended-care is broader-linked to blended-aanbod-…: a relation between two removed
    # concepts, reachable from both, is deleted once (SQLAlchemy warned "0 were matched").
    removed = {"blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen", "blended-care"}
    path = _without_concepts(tmp_path, removed)

    result = app.test_cli_runner().invoke(args=["glossary", "import", str(path), "--prune"])

    assert result.exit_code == 0, result.output
    assert result.exception is None
    with app.app_context():
        assert concepts.count_concepts(db.session, SCHEME_ID) == 40
        for slug in removed:
            assert concepts.get_concept(db.session, SCHEME_ID, slug) is None


def test_a_concept_missing_from_the_file_is_kept_without_prune(app: Flask, tmp_path: Path) -> None:
    path = _without_concept(tmp_path, "roadmap")

    result = app.test_cli_runner().invoke(args=["glossary", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert "1 not in the file kept (use --prune to remove them)" in result.output
    with app.app_context():
        assert concepts.get_concept(db.session, SCHEME_ID, "roadmap") is not None


def test_prune_removes_a_concept_missing_from_the_file(app: Flask, tmp_path: Path) -> None:
    path = _without_concept(tmp_path, "roadmap")

    result = app.test_cli_runner().invoke(args=["glossary", "import", str(path), "--prune"])

    assert result.exit_code == 0, result.output
    assert "removed: roadmap" in result.output
    with app.app_context():
        assert concepts.get_concept(db.session, SCHEME_ID, "roadmap") is None
        assert concepts.count_concepts(db.session, SCHEME_ID) == 41
        removed = db.session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.change == ChangeKind.REMOVED)
        ).all()
        assert [entry.concept_slug for entry in removed] == ["roadmap"]


def test_import_if_empty_skips_a_filled_database(app: Flask) -> None:
    before = snapshot(app)

    result = app.test_cli_runner().invoke(
        args=["glossary", "import", "--if-empty", str(BUNDLED_CSV)]
    )

    assert result.exit_code == 0
    assert "already holds concepts" in result.output
    assert snapshot(app) == before


def test_export_then_import_into_an_empty_database_round_trips(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    first = tmp_path / "first" / "begrippenkader.csv"
    second = tmp_path / "second" / "begrippenkader.csv"

    exported = app.test_cli_runner().invoke(args=["glossary", "export", str(first)])
    imported = empty_app.test_cli_runner().invoke(args=["glossary", "import", str(first)])
    reexported = empty_app.test_cli_runner().invoke(args=["glossary", "export", str(second)])

    assert exported.exit_code == imported.exit_code == reexported.exit_code == 0, (
        exported.output + imported.output + reexported.output
    )
    assert "42 added" in imported.output
    for name in ("begrippenkader.csv", "clusters.csv", "bronnen.csv", "scheme.csv"):
        assert (first.parent / name).read_bytes() == (second.parent / name).read_bytes(), name
    assert snapshot(app)[1] == snapshot(empty_app)[1]


def test_a_label_of_a_concept_kept_in_the_database_cannot_go_to_another(
    app: Flask, tmp_path: Path
) -> None:
    """Renaming an id without --prune keeps the old concept, whose labels the file reuses."""
    path = _edited_copy(tmp_path, "\nroadmap,", "\nroadmap-nieuw,")
    before = snapshot(app)

    dry = app.test_cli_runner().invoke(args=["glossary", "import", str(path), "--dry-run"])
    result = app.test_cli_runner().invoke(args=["glossary", "import", str(path)])

    for outcome in (dry, result):
        assert outcome.exit_code == 1, outcome.output
        assert "label 'Roadmap' (nl) already names 'roadmap', which is in the database but " in (
            outcome.output
        )
        assert "column 4 (pref_label@nl)" in outcome.output
    assert snapshot(app) == before

    pruned = app.test_cli_runner().invoke(args=["glossary", "import", str(path), "--prune"])
    assert pruned.exit_code == 0, pruned.output
    assert "added: roadmap-nieuw" in pruned.output
    assert "removed: roadmap" in pruned.output


def test_a_concept_can_ask_for_its_place_in_a_cluster(empty_app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "places"
    folder.mkdir()
    for name in ("clusters.csv", "bronnen.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    path = folder / "begrippenkader.csv"
    path.write_text(
        "id,clusters,pref_label@nl,definition@nl\n"
        "a,blended-werken | digitalisering:2,A,Tekst.\n"
        "b,blended-werken,B,Tekst.\n"
        "c,digitalisering,C,Tekst.\n"
        "d,digitalisering,D,Tekst.\n",
        encoding="utf-8",
    )

    result = empty_app.test_cli_runner().invoke(args=["glossary", "import", str(path)])

    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        order = {
            cluster.id: [c.slug for c in concepts.cluster_concepts(db.session, cluster)]
            for cluster, _ in concepts.list_clusters(db.session, SCHEME_ID)
        }
    assert order["blended-werken"] == ["a", "b"]
    assert order["digitalisering"] == ["c", "a", "d"]


def test_pruning_one_scheme_keeps_the_sources_another_scheme_cites(
    app: Flask, tmp_path: Path
) -> None:
    from glossary.importing import FrameworkFiles, import_framework
    from glossary.models import Citation, Source

    other = tmp_path / "other"
    other.mkdir()
    (other / "clusters.csv").write_text("id,title@nl\nander-cluster,Ander cluster\n")
    with SOURCES.open(encoding="utf-8") as handle:
        header, *rows = handle.read().splitlines()
    serrien = next(row for row in rows if row.startswith("serrien-2021,"))
    (other / "bronnen.csv").write_text(f"{header}\n{serrien}\n", encoding="utf-8")
    (other / "begrippenkader.csv").write_text(
        "id,clusters,pref_label@nl,definition@nl,sources\n"
        'ander,ander-cluster,Ander begrip,"Zoals beschreven (Serrien, 2021).",serrien-2021\n',
        encoding="utf-8",
    )
    pruned = tmp_path / "pruned"
    shutil.copytree(DATA_DIR, pruned)
    (pruned / "bronnen.csv").write_text(
        "\n".join([header, *(row for row in rows if row != serrien)]) + "\n", encoding="utf-8"
    )

    with app.app_context():
        import_framework(
            db.session, "ander-schema", FrameworkFiles.beside(other / "begrippenkader.csv"), "nl"
        )
        import_framework(
            db.session,
            SCHEME_ID,
            FrameworkFiles.beside(pruned / "begrippenkader.csv"),
            "nl",
            prune=True,
        )
        keys = set(db.session.scalars(select(Source.key)))
        cited = db.session.scalars(
            select(Source.key).join(Citation, Citation.source_pk == Source.pk)
        ).all()
    assert "serrien-2021" in keys
    assert "serrien-2021" in cited
    assert len(keys) == 47
