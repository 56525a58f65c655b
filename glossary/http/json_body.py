"""The JSON body of a write request, or a 400 that says what is wrong with it and where."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from glossary.http.problems import ApiError


def json_body() -> Any:
    """The parsed body. A body that is not JSON, or JSON that does not parse, is refused
    with the reason: the declared type, or the parser's message with its line and column
    (a client that sent `{` learns where its text broke, not that it should send JSON)."""
    if not request.is_json:
        raise ApiError(400, "the body must be JSON (Content-Type: application/json)")
    text = request.get_data(as_text=True)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ApiError(
            400,
            f"the body is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            line=error.lineno,
            column=error.colno,
        ) from None
