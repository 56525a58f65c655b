"""Snapshots of a whole database, to show that an operation left it exactly as it was."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import db


def database_snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the model, in a stable order."""
    snapshot: dict[str, list[tuple[object, ...]]] = {}
    for table in db.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        snapshot[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return snapshot
