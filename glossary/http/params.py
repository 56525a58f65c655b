"""Query parameters of every surface (API, Skosmos, pages, embeds): parsed once, 400 when bad."""

from __future__ import annotations

import re

from flask import request

from glossary.http.current import scheme_languages
from glossary.http.problems import bad_parameter
from glossary.language import match_language

INTEGER = re.compile(r"-?[0-9]+")


def query_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """An integer query parameter (ASCII digits, optional minus: what the document's
    `integer` allows); absent gives `default`, empty or malformed or out of range a 400."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not INTEGER.fullmatch(raw):
        raise bad_parameter(name, f"'{name}' must be a whole number, got '{raw[:50]}'")
    try:
        value = int(raw)
    except ValueError:  # more digits than Python converts (4 300)
        raise bad_parameter(name, f"'{name}' is too long a number") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise bad_parameter(name, f"'{name}' must be {bounds}, got {value}")
    return value


def query_lang(name: str = "lang", default: str | None = None) -> str | None:
    """A content language present in the data, matched as a BCP 47 tag (`NL` and `nl-BE`
    are `nl`); absent gives `default`, empty or unknown a 400 listing the known ones."""
    raw = request.args.get(name)
    if raw is None:
        return default
    known = scheme_languages()
    matched = match_language(raw, known)
    if matched is None:
        shown = f"'{raw[:20]}'" if raw else "(empty)"
        raise bad_parameter(
            name,
            f"unknown language {shown}; '{name}' is a language tag of one of: {', '.join(known)}",
        )
    return matched


def required_text(name: str, max_length: int = 10_000) -> str:
    """A required text parameter: absent, empty or only spaces is a 400."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        raise bad_parameter(name, f"the query parameter '{name}' is required")
    return raw[:max_length]


def query_flag(name: str) -> bool:
    """A boolean query parameter, `true` or `false` exactly (what the document's enum
    allows; the search page's checkbox sends `true`); absent is false, anything else a 400."""
    raw = request.args.get(name)
    if raw is None:
        return False
    if raw in ("true", "false"):
        return raw == "true"
    raise bad_parameter(name, f"'{name}' must be true or false, got '{raw[:50]}'")
