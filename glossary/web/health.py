"""Liveness and readiness for load balancers and orchestrators.

`/healthz` answers as long as the process serves requests; it touches nothing else.
`/readyz` answers 200 only when the database is reachable and this process's search index is
at the database's data revision, and 503 (with the reason) otherwise, so a load balancer
keeps traffic away from a host whose index is still catching up.
"""

from __future__ import annotations

import logging
import os

from flask import Blueprint, Response, jsonify
from sqlalchemy.exc import SQLAlchemyError

from glossary.database import db_session
from glossary.http import current
from glossary.search.service import IndexConfig, index_state
from glossary.services.revision import current_revision

health = Blueprint("health", __name__)
log = logging.getLogger(__name__)
NO_STORE = "no-store"


def _answer(body: dict[str, object], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = NO_STORE
    return response


@health.get("/healthz")
def healthz() -> Response:
    return _answer({"status": "ok"}, 200)


@health.get("/readyz")
def readyz() -> Response:
    try:
        revision = current_revision(db_session()).number
        state = index_state(IndexConfig.from_settings(current.settings()), db_session(), revision)
    except SQLAlchemyError as error:
        db_session().rollback()
        log.warning("not ready: database unreachable: %s", getattr(error, "orig", error))
        return _answer(
            {"status": "unavailable", "database": "unreachable", "pid": os.getpid()}, 503
        )
    body: dict[str, object] = {
        "status": "ready" if state.ready else "unavailable",
        "database": "ok",
        "data_revision": state.data_revision,
        "index_revision": state.index_revision,
        "pid": os.getpid(),
    }
    if not state.ready:
        body["index"] = "missing" if state.index_revision is None else "behind"
        log.warning("not ready: search index %s", body["index"])
    return _answer(body, 200 if state.ready else 503)
