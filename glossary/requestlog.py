"""Structured request logs: one JSON line per request, tied together by a request id.

The id comes from the proxy's X-Request-ID header when it looks sane, and is generated
otherwise; it is echoed in the response so a user's report can be found in the logs.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid

from flask import Flask, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
log = logging.getLogger("glossary.requests")


def _json_lines_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def _start() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    log.info(
        json.dumps(
            {
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2)
                if started is not None
                else None,
                "remote_addr": request.remote_addr,
                "pid": os.getpid(),
            },
            ensure_ascii=False,
        )
    )
    return response


def init_request_log(app: Flask) -> None:
    """Log every request of `app` as a JSON line on stderr (logger `glossary.requests`)."""
    if not log.handlers:
        log.addHandler(_json_lines_handler())
        log.propagate = False
    log.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.before_request(_start)
    app.after_request(_finish)
