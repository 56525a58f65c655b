"""The benchmark's framework generator: the real importer accepts its output, and it is
deterministic, so benchmark runs on generated data are comparable."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from flask import Flask

from bench.generate import CONCEPTS_FILE, generate
from bench.queries import search_mix
from bench.search import split_by_kind
from glossary.importing import FrameworkFiles, import_framework, read_framework
from glossary.models import db
from tests.conftest import BUNDLED_CSV, SCHEME_ID

FILES = (CONCEPTS_FILE, "clusters.csv", "bronnen.csv", "scheme.csv")


def _contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def test_generated_framework_is_accepted_by_the_importer(empty_app: Flask, tmp_path: Path) -> None:
    concepts = generate(200, tmp_path / "kader")
    with empty_app.app_context():
        plan, revision = import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
        )
    assert revision is not None
    assert len(plan.added) == 200


def test_generated_framework_has_the_bundled_columns_and_varied_content(tmp_path: Path) -> None:
    concepts = generate(200, tmp_path / "kader")
    header = concepts.read_text(encoding="utf-8").splitlines()[0]
    assert header == BUNDLED_CSV.read_text(encoding="utf-8").splitlines()[0]
    framework, _ = read_framework(FrameworkFiles.beside(concepts), source_language="nl")
    records = framework.concepts
    assert any(record.labels["nl"].alt for record in records)
    assert any("en" in record.labels for record in records)
    assert any(record.sources for record in records)
    assert any(len(record.clusters) == 2 for record in records)
    assert any(" " not in record.labels["nl"].pref for record in records)  # compounds
    for record in records:
        words = len(record.notes[("definition", "nl")].split())
        assert 20 <= words <= 60


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    generate(150, tmp_path / "first", seed=3)
    generate(150, tmp_path / "again", seed=3)
    generate(150, tmp_path / "other", seed=4)
    assert _contents(tmp_path / "first") == _contents(tmp_path / "again")
    first = (tmp_path / "first" / CONCEPTS_FILE).read_bytes()
    assert first != (tmp_path / "other" / CONCEPTS_FILE).read_bytes()


def test_the_search_function_and_route_are_measured_on_the_same_mix_of_kinds() -> None:
    framework, _ = read_framework(FrameworkFiles.beside(BUNDLED_CSV), source_language="nl")
    mix = search_mix(framework, seed=7, size=400)
    function, route = split_by_kind(mix)
    assert sorted(function + route, key=id) == sorted(mix, key=id)
    counts_function = Counter(query.kind for query in function)
    counts_route = Counter(query.kind for query in route)
    assert set(counts_function) == set(counts_route) and len(counts_function) >= 6
    for kind, count in counts_function.items():
        assert abs(count - counts_route[kind]) <= 1, kind
