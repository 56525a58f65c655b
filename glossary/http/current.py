"""The one accessor for what the current request is about: the scheme and its languages.

Every blueprint asks here instead of reading the configuration itself, and hands what it
got to the services as arguments: services never read the app, the request or `g`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from glossary.database import db_session
from glossary.services.concepts import content_languages


def scheme_id() -> str:
    """The id of the concept scheme this app serves (GLOSSARY_SCHEME_ID)."""
    return str(current_app.config["GLOSSARY_SCHEME_ID"])


def configured_languages() -> list[str]:
    """The configured content languages (GLOSSARY_LANGUAGES), the source language first."""
    return list(current_app.config["GLOSSARY_LANGUAGES"])


def source_language() -> str:
    """The language the framework is written in: the first configured content language."""
    return configured_languages()[0]


def scheme_languages() -> list[str]:
    """The languages the served scheme has labels in (kept per data revision)."""
    return content_languages(db_session(), scheme_id())


def max_query_length() -> int:
    """The longest search text accepted (GLOSSARY_MAX_QUERY_LENGTH); longer is refused."""
    return int(current_app.config["GLOSSARY_MAX_QUERY_LENGTH"])


def settings() -> Mapping[str, Any]:
    """The app's configuration, for services that take their settings as an argument."""
    return current_app.config
