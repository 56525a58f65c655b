"""`flask glossary readability`: the explanations measured per concept, for editors and CI."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from glossary.models import Concept, ConceptExplanation, db


def test_the_report_lists_every_concept_and_passes_on_the_bundled_data(
    runner: FlaskCliRunner,
) -> None:
    result = runner.invoke(args=["glossary", "readability"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 + 42 + 1
    assert lines[-1] == "42 of 42 explanations (nl) meet the aims"
    kluis = next(line for line in lines if line.startswith("digitale-kluis "))
    assert " draft " in kluis


def test_a_missing_explanation_fails_the_report(app: Flask) -> None:
    with app.app_context():
        concept = db.session.scalars(select(Concept).where(Concept.slug == "roadmap")).one()
        db.session.execute(
            ConceptExplanation.__table__.delete().where(ConceptExplanation.concept_pk == concept.pk)
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["glossary", "readability"])
    assert result.exit_code == 1
    assert "41 of 42 explanations (nl) meet the aims" in result.output
    roadmap = next(line for line in result.output.splitlines() if line.startswith("roadmap "))
    assert roadmap.endswith("no explanation")
