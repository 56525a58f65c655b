"""Errors as application/problem+json (RFC 9457) for every machine-facing path."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

PROBLEM_JSON = "application/problem+json"
MACHINE_PREFIXES = ("/api/", "/rest/", "/oembed", "/export/")


class ApiError(Exception):
    """An error a client can fix (4xx) or must be told about, with a clear detail."""

    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


def bad_parameter(name: str, detail: str) -> ApiError:
    return ApiError(400, detail, parameter=name)


def unknown_reference(name: str, detail: str) -> ApiError:
    """A parameter naming a cluster, group or concept that does not exist: 404, as the
    resource itself would answer (and a well-formed request the document allows)."""
    return ApiError(404, detail, parameter=name)


def problem_response(status: int, detail: str, **extra: Any) -> Response:
    """A problem of type `about:blank`, whose title is then the status phrase (RFC 9457
    section 4.2.1); what went wrong is said in `detail`. A 406 is a negotiated answer and
    varies by Accept like the answers it stands in for."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    if status == 406:
        response.vary.add("Accept")
    return response


def wants_problem_json() -> bool:
    return request.path.startswith(MACHINE_PREFIXES)


def register_error_handlers(app: Flask) -> None:
    """Machine paths answer problem+json; pages keep their own HTML error handlers."""

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError) -> Response:
        return problem_response(error.status, error.detail, **error.extra)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException) -> Response | HTTPException:
        if not wants_problem_json():
            return _page_error(app, error)
        response = problem_response(error.code or 500, error.description or "")
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 429 and error.response is not None:
            retry_after = error.response.headers.get("Retry-After")
            if retry_after:
                response.headers["Retry-After"] = retry_after
        return response


def _page_error(app: Flask, error: HTTPException) -> Response | HTTPException:
    handler = app.config.get("PAGE_ERROR_HANDLER")
    return handler(error) if handler else error
