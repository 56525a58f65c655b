"""Settings from the environment, with safe defaults for the embedded (SQLite) setup."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from glossary.paths import BUNDLED_CSV, TRANSLATIONS

DEV_SECRET_KEY = "dev-only-secret-key-change-me"
# What `make run` serves; production must say where the public reaches the service.
DEV_PUBLIC_URL = "http://127.0.0.1:5000/"
# The longest search text accepted, in characters (GLOSSARY_MAX_QUERY_LENGTH): the page and
# the API answer a longer one with a 400 naming this limit. The longest label is under 60
# characters and the search uses at most 24 words of a query, so 500 leaves room for a pasted
# sentence while a 12 000-character paste is told off rather than silently cut.
DEFAULT_MAX_QUERY_LENGTH = 500


def base_uri_problem(base: str) -> str | None:
    """Why `base` cannot be the GLOSSARY_BASE_URI, or None when it can.

    Concept URIs are the base followed by the id, so the base must end where an id may
    begin: with "/" (…/id/begrip/<id>) or "#" (…/begrip#<id>). Without it every URI would
    run into the last path segment (…/id/begripmediawijsheid).
    """
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"GLOSSARY_BASE_URI must be an absolute http(s) URI, got '{base}'"
    if any(character.isspace() for character in base) or parts.query or parts.fragment:
        return (
            f"GLOSSARY_BASE_URI must have no spaces, query or fragment (only a final '#'), "
            f"got '{base}'"
        )
    if not base.endswith(("/", "#")):
        return (
            f"GLOSSARY_BASE_URI must end in '/' or '#' so that a concept id can follow it, "
            f"got '{base}' (did you mean '{base}/'?)"
        )
    return None


def public_url_problem(url: str) -> str | None:
    """Why `url` cannot be the GLOSSARY_PUBLIC_URL, or None when it can.

    Every absolute address the service writes (oEmbed, embed snippets, the canonical link,
    OpenAPI `servers`, Skosmos `@base`) is this URL followed by a path of the app, so it must
    be an origin with at most the path the app is mounted under.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"GLOSSARY_PUBLIC_URL must be an absolute http(s) URL, got '{url}'"
    if (
        any(character.isspace() for character in url)
        or parts.query
        or parts.fragment
        or "#" in url
        or "@" in parts.netloc
    ):
        return f"GLOSSARY_PUBLIC_URL must have no spaces, user, query or fragment, got '{url}'"
    return None


def _csv_env(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{instance_path / 'glossary.sqlite3'}"
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 explicitly.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def settings_from_env(instance_path: Path) -> dict[str, object]:
    """Build the Flask config mapping from environment variables."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "GLOSSARY_BASE_URI": os.environ.get(
            "GLOSSARY_BASE_URI", "https://begrippen.opgroeien.be/id/begrip/"
        ),
        # The address the public reaches this service at (scheme, host, and the path it is
        # mounted under); every absolute URL the service writes starts with it.
        "GLOSSARY_PUBLIC_URL": os.environ.get("GLOSSARY_PUBLIC_URL", DEV_PUBLIC_URL),
        "GLOSSARY_SCHEME_ID": os.environ.get("GLOSSARY_SCHEME_ID", "begrippenkader"),
        # The licence and publisher the SKOS exports and the DCAT description state
        # (dct:license, dct:publisher): docs/api.md, "Licence, publisher and DCAT".
        "GLOSSARY_LICENSE": os.environ.get(
            "GLOSSARY_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
        ),
        # Until the publisher confirms the licence above, pages mark it "to be confirmed by the
        # publisher" (the bundled CC BY 4.0 is this service's proposal, not Opgroeien's word).
        "GLOSSARY_LICENSE_CONFIRMED": os.environ.get("GLOSSARY_LICENSE_CONFIRMED", "false").lower()
        == "true",
        # Whom to ask about reuse: shown on /over, cards and handouts, and stated in the exports
        # (dcat:contactPoint). Empty: the publisher's site is the contact.
        "GLOSSARY_CONTACT_EMAIL": os.environ.get("GLOSSARY_CONTACT_EMAIL", ""),
        "GLOSSARY_PUBLISHER_NAME": os.environ.get("GLOSSARY_PUBLISHER_NAME", "Opgroeien"),
        "GLOSSARY_PUBLISHER_URL": os.environ.get(
            "GLOSSARY_PUBLISHER_URL", "https://www.opgroeien.be/"
        ),
        # What's new (/nieuw, its Atom feed) lists the publications of this many months.
        "GLOSSARY_NEW_MONTHS": int(os.environ.get("GLOSSARY_NEW_MONTHS", "6")),
        "GLOSSARY_DATA_CSV": os.environ.get("GLOSSARY_DATA_CSV", str(BUNDLED_CSV)),
        "GLOSSARY_INDEX_DIR": os.environ.get(
            "GLOSSARY_INDEX_DIR", str(instance_path / "search-index")
        ),
        # A stale index of at most this many concepts is rebuilt within the request that finds
        # it stale (well under a second); a bigger one is rebuilt in a background thread while
        # the previous version keeps answering.
        "GLOSSARY_INDEX_INLINE_LIMIT": int(os.environ.get("GLOSSARY_INDEX_INLINE_LIMIT", "5000")),
        # A stale index whose revision the change log reaches back to is updated (only the
        # changed concepts rewritten, within the request) when at most this many concepts
        # changed; more, and it is rebuilt as above (glossary/search/index_update.py).
        "GLOSSARY_INDEX_UPDATE_LIMIT": int(os.environ.get("GLOSSARY_INDEX_UPDATE_LIMIT", "1000")),
        # The time budget of one search in seconds: past it the search returns what it found
        # so far, marked incomplete (glossary/search/service.py).
        "GLOSSARY_SEARCH_SECONDS": float(os.environ.get("GLOSSARY_SEARCH_SECONDS", "0.5")),
        "GLOSSARY_MAX_QUERY_LENGTH": int(
            os.environ.get("GLOSSARY_MAX_QUERY_LENGTH", str(DEFAULT_MAX_QUERY_LENGTH))
        ),
        # Content languages: the first is the source language of the framework.
        "GLOSSARY_LANGUAGES": _csv_env("GLOSSARY_LANGUAGES", "nl,en"),
        # UI languages offered by the switch; each needs a catalog in glossary/translations.
        "BABEL_DEFAULT_LOCALE": os.environ.get("BABEL_DEFAULT_LOCALE", "nl"),
        "UI_LANGUAGES": _csv_env("UI_LANGUAGES", "nl,en"),
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        # Rate limits per client address (glossary/http/limits.py): one budget shared by every
        # route that searches, one by every other machine path.
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "true").lower() == "true",
        "RATELIMIT_SEARCH": os.environ.get("RATELIMIT_SEARCH", "120 per minute"),
        "RATELIMIT_DEFAULT": os.environ.get("RATELIMIT_DEFAULT", "300 per minute"),
        # A SQLite file all workers of this host share; redis://… for several hosts.
        "RATELIMIT_STORAGE_URI": os.environ.get(
            "RATELIMIT_STORAGE_URI", f"sqlite:///{instance_path / 'ratelimits.sqlite3'}"
        ),
        # Sign-in attempts to the workspace (glossary/web/login.py): per client address, per
        # account; and every other workspace write per address.
        "RATELIMIT_LOGIN_ADDRESS": os.environ.get("RATELIMIT_LOGIN_ADDRESS", "30 per 15 minutes"),
        "RATELIMIT_LOGIN_ACCOUNT": os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "10 per 15 minutes"),
        "RATELIMIT_WORKSPACE_WRITES": os.environ.get("RATELIMIT_WORKSPACE_WRITES", "60 per minute"),
        # How long the audit log keeps an entry (`flask glossary audit prune`).
        "GLOSSARY_AUDIT_RETENTION_DAYS": int(
            os.environ.get("GLOSSARY_AUDIT_RETENTION_DAYS", "365")
        ),
        # Optional single sign-on (OpenID Connect) to the workspace: glossary/web/sso.py.
        "GLOSSARY_OIDC_ISSUER": os.environ.get("GLOSSARY_OIDC_ISSUER", ""),
        "GLOSSARY_OIDC_CLIENT_ID": os.environ.get("GLOSSARY_OIDC_CLIENT_ID", ""),
        "GLOSSARY_OIDC_CLIENT_SECRET": os.environ.get("GLOSSARY_OIDC_CLIENT_SECRET", ""),
        "GLOSSARY_OIDC_NAME": os.environ.get("GLOSSARY_OIDC_NAME", "single sign-on"),
        # Feedback from the public (glossary/feedback/): personal data are erased this many
        # months after a submission is closed (`flask glossary feedback prune`); a form sent
        # sooner than GLOSSARY_FEEDBACK_MIN_SECONDS after it was shown is refused as a robot's.
        "GLOSSARY_FEEDBACK_RETENTION_MONTHS": int(
            os.environ.get("GLOSSARY_FEEDBACK_RETENTION_MONTHS", "12")
        ),
        "GLOSSARY_FEEDBACK_MIN_SECONDS": float(
            os.environ.get("GLOSSARY_FEEDBACK_MIN_SECONDS", "3")
        ),
        # Submissions per client address (the forms and POST /api/v1/feedback together).
        "RATELIMIT_FEEDBACK": os.environ.get("RATELIMIT_FEEDBACK", "5 per 10 minutes; 30 per day"),
        # Answers posted on consultation pages (/consultatie/<token>) per client address.
        "RATELIMIT_CONSULTATION": os.environ.get(
            "RATELIMIT_CONSULTATION", "30 per 10 minutes; 300 per day"
        ),
        # Optional mail about feedback: smtp://host:25, smtp+starttls://user:pw@host:587 or
        # smtps://user:pw@host:465. Empty: no mail, the workspace queue only.
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "GLOSSARY_MAIL_FROM": os.environ.get("GLOSSARY_MAIL_FROM", "begrippenkader@localhost"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # "production" turns on the start-up checks of glossary/production.py.
        "GLOSSARY_ENV": os.environ.get("GLOSSARY_ENV", "development"),
        # How many proxies in front of the app set X-Forwarded-* headers we may trust.
        "GLOSSARY_PROXY_HOPS": int(os.environ.get("GLOSSARY_PROXY_HOPS", "0")),
        "JSON_SORT_KEYS": False,
    }
