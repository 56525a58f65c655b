"""Production mode: how it is detected, and the settings it refuses to start with.

Production mode is on when `GLOSSARY_ENV=production`. `gunicorn.conf.py` sets that default
for every process it starts, so serving through gunicorn (`make serve`) is production unless
the environment explicitly says `GLOSSARY_ENV=development`. `flask run` and the tests are
development unless told otherwise.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from glossary.config import DEV_PUBLIC_URL, DEV_SECRET_KEY, base_uri_problem, public_url_problem
from glossary.requestlog import init_request_log
from glossary.security import init_security

log = logging.getLogger(__name__)
MIN_SECRET_LENGTH = 32
KEY_HINT = "generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"


class UnsafeSettings(RuntimeError):
    """Settings that are missing or unsafe; the message lists every problem."""

    def __init__(self, problems: list[str], production: bool = True) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        mode = " in production mode" if production else ""
        super().__init__(f"refusing to start{mode}:\n{lines}")


def is_production(config: Mapping[str, object]) -> bool:
    """True when the configuration asks for production mode (GLOSSARY_ENV=production)."""
    return str(config.get("GLOSSARY_ENV", "development")).lower() == "production"


def general_problems(config: Mapping[str, object]) -> list[str]:
    """Settings that are wrong in every mode: they would publish broken data."""
    problems = [
        base_uri_problem(str(config.get("GLOSSARY_BASE_URI") or "")),
        public_url_problem(str(config.get("GLOSSARY_PUBLIC_URL") or "")),
    ]
    return [problem for problem in problems if problem]


def settings_problems(config: Mapping[str, object]) -> list[str]:
    """Every setting that is missing or unsafe for production, as a plain sentence."""
    problems: list[str] = []
    secret = str(config.get("SECRET_KEY") or "")
    if not secret or secret == DEV_SECRET_KEY:
        problems.append(f"SECRET_KEY is not set (the development default is in use); {KEY_HINT}")
    elif len(secret) < MIN_SECRET_LENGTH:
        problems.append(f"SECRET_KEY is shorter than {MIN_SECRET_LENGTH} characters; {KEY_HINT}")
    if str(config.get("GLOSSARY_PUBLIC_URL") or DEV_PUBLIC_URL) == DEV_PUBLIC_URL:
        problems.append(
            f"GLOSSARY_PUBLIC_URL is not set (the development default {DEV_PUBLIC_URL} is in "
            "use); set it to the address the public reaches this service at, e.g. "
            "https://begrippen.opgroeien.be/ (absolute links and embed snippets are built "
            "from it, never from the Host header)"
        )
    if config.get("DEBUG"):
        problems.append("debug mode is on (FLASK_DEBUG); it shows tracebacks to visitors")
    if config.get("TESTING"):
        problems.append("TESTING is on; it turns off error handling meant for production")
    return problems + general_problems(config)


def check_settings(config: Mapping[str, object]) -> None:
    """Raise UnsafeSettings when a setting is wrong in any mode, or unsafe in production mode.

    In production, settings that work but do not scale are logged as warnings instead.
    """
    if not is_production(config):
        problems = general_problems(config)
        if problems:
            raise UnsafeSettings(problems, production=False)
        return
    problems = settings_problems(config)
    if problems:
        raise UnsafeSettings(problems)
    database = str(config.get("SQLALCHEMY_DATABASE_URI", ""))
    if database.startswith("sqlite"):
        log.warning("DATABASE_URL is not set: SQLite serves one host only; use PostgreSQL")
    limits_storage = str(config.get("RATELIMIT_STORAGE_URI", ""))
    if limits_storage.startswith("memory"):
        log.warning("RATELIMIT_STORAGE_URI is memory://: each worker counts its own limits")
    elif limits_storage.startswith("sqlite") and not database.startswith("sqlite"):
        log.info(
            "RATELIMIT_STORAGE_URI is a SQLite file: the workers of this host share the "
            "limits; with several hosts, each counts its own (use redis://)"
        )


def check_environment() -> None:
    """Check the settings the environment gives, before any worker starts (gunicorn hook)."""
    from flask.helpers import get_debug_flag

    from glossary.config import settings_from_env
    from glossary.paths import DEFAULT_INSTANCE

    instance = Path(os.environ.get("GLOSSARY_INSTANCE_PATH", DEFAULT_INSTANCE))
    check_settings({**settings_from_env(instance), "DEBUG": get_debug_flag()})


def init_production(app: Flask) -> None:
    """Refuse wrong or unsafe settings; add request logs and security headers."""
    check_settings(app.config)
    init_request_log(app)
    init_security(app)
