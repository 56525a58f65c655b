"""The site icon: one small SVG in glossary/static.

Pages link it from their head; `/favicon.ico` answers with the same file for clients that ask
there without reading the page (feed readers, bookmarks, older browsers), so no request 404s.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, send_from_directory

icons = Blueprint("icons", __name__)

FAVICON = "favicon.svg"
FAVICON_TYPE = "image/svg+xml"


@icons.get("/favicon.ico")
def favicon() -> Response:
    folder = current_app.static_folder
    assert folder is not None  # the app is created with its default static folder
    return send_from_directory(folder, FAVICON, mimetype=FAVICON_TYPE)
