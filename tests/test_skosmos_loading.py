"""The Skosmos search loads the concepts of the page it answers, not the whole framework.

Loading every concept of a 5 000-concept framework for each search cost seconds, most of it
spent by the garbage collector, and in Python 3.11.7 on SQLite such collections crashed
workers (docs/production.md, worker crashes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from glossary.models import Concept, db


@contextmanager
def concepts_loaded() -> Iterator[list[str]]:
    """The slugs of the Concept rows the ORM loads meanwhile."""
    loaded: list[str] = []

    def count(target: Concept, _context: object) -> None:
        loaded.append(target.slug)

    event.listen(Concept, "load", count)
    try:
        yield loaded
    finally:
        event.remove(Concept, "load", count)


def _total(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(Concept.pk))) or 0)


def test_a_prefix_search_loads_only_the_concepts_it_returns(
    app: Flask, client: FlaskClient
) -> None:
    total = _total(app)
    with concepts_loaded() as loaded:
        response = client.get("/rest/v1/search?query=hulp*&lang=nl&maxhits=5")
    assert response.status_code == 200
    results = response.json["results"]
    assert 0 < len(results) <= 5
    assert len(set(loaded)) <= len(results) < total


def test_extra_fields_still_come_from_the_loaded_concepts(client: FlaskClient) -> None:
    response = client.get("/rest/v1/search?query=hulp*&lang=nl&maxhits=3&fields=prefLabel")
    assert response.status_code == 200
    for result in response.json["results"]:
        assert result["prefLabels"]["nl"] == result["prefLabel"]


def test_a_listing_of_every_concept_still_lists_them_all(app: Flask, client: FlaskClient) -> None:
    response = client.get("/rest/v1/search?query=*&lang=nl")
    assert response.status_code == 200
    assert len(response.json["results"]) == _total(app)
