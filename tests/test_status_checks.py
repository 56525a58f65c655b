"""What the change plan refuses of a concept's status, successors and validity dates (issue
15), each problem at its field; and the same problems over the draft API as JSON pointers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.importing import FrameworkInvalid, apply_change, plan_change
from glossary.models import db
from glossary.records import ConceptRecord
from tests.conftest import SCHEME_ID
from tests.test_api_drafts import Tokens
from tests.test_importer_change import RULES, one_concept, stored_concept

OLD = "roadmap"
NEW = "blended-hulpverlening"


def problems_of(record: ConceptRecord) -> list[tuple[str, str]]:
    with pytest.raises(FrameworkInvalid) as refused:
        plan_change(db.session, SCHEME_ID, one_concept(record), RULES)
    return [(p.column, p.message) for p in refused.value.problems]


def test_a_replaced_concept_without_a_successor_is_refused_at_replaced_by(app: Flask) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), status="replaced")
        assert problems_of(record) == [
            ("replaced_by", "a replaced concept names at least one successor")
        ]


@pytest.mark.parametrize("status", ["valid", "retired"])
def test_a_valid_or_retired_concept_naming_a_successor_is_refused(app: Flask, status: str) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), status=status, replaced_by=(NEW,))
        assert problems_of(record) == [
            ("replaced_by", f"a {status} concept names no successor (status 'replaced' does)")
        ]


def test_a_concept_cannot_replace_itself(app: Flask) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), status="replaced", replaced_by=(OLD,))
        assert problems_of(record) == [("replaced_by", f"'{OLD}' cannot replace itself")]


def test_a_successor_must_exist(app: Flask) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), status="replaced", replaced_by=("nergens",))
        assert problems_of(record) == [
            ("replaced_by", "'nergens' points to no concept in this file")
        ]


def test_a_retired_concept_cannot_be_a_successor(app: Flask) -> None:
    with app.app_context():
        retired = replace(stored_concept(NEW), status="retired")
        apply_change(db.session, plan_change(db.session, SCHEME_ID, one_concept(retired), RULES))
        record = replace(stored_concept(OLD), status="replaced", replaced_by=(NEW,))
        assert problems_of(record) == [
            ("replaced_by", f"'{NEW}' is retired itself and cannot replace a concept")
        ]


def test_valid_until_before_valid_from_is_refused_at_valid_until(app: Flask) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), valid_from="2026-05-01", valid_until="2026-04-30")
        assert problems_of(record) == [
            ("valid_until", "valid_until 2026-04-30 is before valid_from 2026-05-01")
        ]


@pytest.mark.parametrize("text", ["1 mei 2026", "2026-13-01", "20260501"])
def test_a_validity_date_that_is_no_iso_date_is_refused(app: Flask, text: str) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), valid_from=text)
        assert problems_of(record) == [("valid_from", f"'{text}' is not a date (YYYY-MM-DD)")]


def test_an_unknown_status_names_the_allowed_ones(app: Flask) -> None:
    with app.app_context():
        record = replace(stored_concept(OLD), status="obsolete")
        assert problems_of(record) == [
            ("status", "unknown status 'obsolete' (allowed: valid, replaced, retired)")
        ]


def test_the_draft_api_locates_the_problems_by_json_pointer(
    app: Flask, client: FlaskClient
) -> None:
    tokens = Tokens(app)
    body = {
        "status": "replaced",
        "valid_from": "2026-05-01",
        "valid_until": "2026-04-30",
        "base_version": 1,
    }
    response = client.put(f"/api/v1/concepts/{OLD}/draft", json=body, headers=tokens("editor"))
    assert response.status_code == 422
    pointers = {problem["pointer"] for problem in response.get_json()["problems"]}
    assert pointers == {"/replaced_by", "/valid_until"}


def test_the_old_words_still_read_in_a_draft_body(app: Flask, client: FlaskClient) -> None:
    tokens = Tokens(app)
    body = {"status": "deprecated", "base_version": 1}
    response = client.put(f"/api/v1/concepts/{OLD}/draft", json=body, headers=tokens("editor"))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["concept"]["status"] == "retired"
