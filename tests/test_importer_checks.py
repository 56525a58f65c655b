"""One validation code path: a SKOS or TBX file meets the checks a CSV file set meets, run on
its records directly, with the same messages, located at the subject it came from."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from glossary.models import db
from glossary.services.revision import current_revision
from tests.conftest import SCHEME_ID

TURTLE_PREFIXES = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix dct: <http://purl.org/dc/terms/> .\n"
)


def run_import(app: Flask, path: Path, *options: str):
    return app.test_cli_runner().invoke(args=["glossary", "import", str(path), *options])


def revision(app: Flask) -> int:
    with app.app_context():
        return current_revision(db.session).number


def test_a_skos_label_that_a_stored_concept_holds_is_refused_with_the_csv_message(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "clash.ttl"
    path.write_text(
        TURTLE_PREFIXES
        + '<http://example.org/plan> a skos:Concept ; dct:identifier "stappenplan" ;\n'
        '  skos:prefLabel "Stappenplan"@nl ; skos:altLabel "Roadmap"@nl ;\n'
        '  skos:definition "Een plan in stappen."@nl .\n',
        encoding="utf-8",
    )
    before = revision(app)

    result = run_import(app, path, "--scheme", SCHEME_ID)

    assert result.exit_code == 1, result.output
    assert (
        f"error: {path}: <http://example.org/plan> (alt_labels@nl): label 'Roadmap' (nl) "
        "already names 'roadmap', which is in the database but not in this file; "
        "import with --prune to remove it"
    ) in result.output
    assert revision(app) == before


def test_a_message_naming_another_skos_concept_names_its_subject(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "twice.ttl"
    path.write_text(
        TURTLE_PREFIXES + '<http://example.org/a> a skos:Concept ; skos:prefLabel "Plan"@nl ;\n'
        '  skos:definition "Een."@nl .\n'
        '<http://example.org/b> a skos:Concept ; skos:prefLabel "plan"@nl ;\n'
        '  skos:definition "Twee."@nl .\n',
        encoding="utf-8",
    )

    result = run_import(app, path, "--scheme", "tweede")

    assert result.exit_code == 1, result.output
    assert (
        "<http://example.org/b> (pref_label@nl): preferred label 'plan' (nl) is already the "
        "preferred label of 'a' (<http://example.org/a>)"
    ) in result.output
