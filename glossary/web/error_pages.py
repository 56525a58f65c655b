"""Friendly error pages for people, in the user's UI language.

Machine paths (/api/, /rest/, ...) keep answering application/problem+json through
`glossary.http.problems`; that module hands every other HTTP error to the handler installed here.
A database that cannot be reached or cannot be read (a damaged or missing file) answers 503,
with a neutral message and Retry-After, on both kinds of path; the detail goes to the log.
"""

from __future__ import annotations

import logging
from typing import cast

from flask import Flask, Response, current_app, make_response, render_template
from flask.blueprints import BlueprintSetupState
from sqlalchemy.exc import DatabaseError, DataError, IntegrityError, ProgrammingError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, ServiceUnavailable

from glossary.http.problems import problem_response, wants_problem_json

log = logging.getLogger(__name__)
KNOWN_PAGES = {404: "errors/404.html"}


def render_error_page(error: HTTPException, **context: object) -> Response:
    """The HTML page for an HTTP error, with its status code."""
    code = error.code or 500
    template = KNOWN_PAGES.get(code, "errors/error.html")
    try:
        body = render_template(template, code=code, **context)
    except Exception:  # an error page must never fail itself
        log.exception("rendering the %s page failed", code)
        body = f"<!doctype html><title>{code}</title><h1>{code}</h1>"
    response = make_response(body, code)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if code == 503:
        response.headers["Retry-After"] = "30"
    return response


# Errors of the statement, not of the database: bugs, answered as any other exception.
STATEMENT_ERRORS = (DataError, IntegrityError, ProgrammingError)


def database_unavailable(error: DatabaseError) -> Response:
    """503 when the database cannot be reached or read (OperationalError, a damaged file's
    DatabaseError), instead of a bare 500; the message names no server detail."""
    if isinstance(error, STATEMENT_ERRORS):
        return current_app.handle_exception(error)
    log.error("database unavailable: %s", error.orig if error.orig is not None else error)
    if wants_problem_json():
        response = problem_response(503, "The database is temporarily unavailable; try again.")
        response.headers["Retry-After"] = "30"
        return response
    return render_error_page(ServiceUnavailable())


def install_error_pages(app: Flask) -> None:
    app.config["PAGE_ERROR_HANDLER"] = render_error_page
    app.register_error_handler(DatabaseError, database_unavailable)


def init_error_pages(state: BlueprintSetupState) -> None:
    install_error_pages(cast(Flask, state.app))  # the app a blueprint is registered on
