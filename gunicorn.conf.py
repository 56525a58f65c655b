"""gunicorn settings for the glossary; everything comes from the environment.

    gunicorn -c gunicorn.conf.py          (what `make serve` runs)

Serving through this file is production mode (GLOSSARY_ENV defaults to "production"): unsafe
settings stop the master before any worker starts, with a message saying what to fix.
"""

from __future__ import annotations

import faulthandler
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.paths import DEFAULT_INSTANCE
from glossary.production import UnsafeSettings, check_environment

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter
    from gunicorn.workers.base import Worker

os.environ.setdefault("GLOSSARY_ENV", "production")

wsgi_app = "glossary:create_app()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "4"))
# More than one thread turns the sync workers into gthread workers.
threads = int(os.environ.get("THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# Whether X-Forwarded-Proto decides the scheme. Without a trusted proxy
# (GLOSSARY_PROXY_HOPS=0, the default) nobody may set it, not even a client on localhost:
# gunicorn's own default trusts 127.0.0.1. Behind proxies the app's ProxyFix counts the hops;
# FORWARDED_ALLOW_IPS names the proxy addresses gunicorn accepts the header from.
if int(os.environ.get("GLOSSARY_PROXY_HOPS", "0")) > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
# gunicorn's control socket (gunicornc) defaults to one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl), where a second server of the
# same user would take it over. Each instance folder gets its own; mode 0600 (owner only).
control_socket = str(
    Path(os.environ.get("GLOSSARY_INSTANCE_PATH", DEFAULT_INSTANCE)) / "gunicorn.ctl"
)
# The app writes one JSON line per request (glossary/requestlog.py); gunicorn's own access log
# would only repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server: Arbiter) -> None:
    """Refuse unsafe production settings, then bring the search index to the data revision."""
    _report_fatal_signals()
    try:
        check_environment()
    except UnsafeSettings as unsafe:
        print(f"begrippenkader: {unsafe}", file=sys.stderr)
        raise SystemExit(1) from None
    _bring_index_to_revision(server)


def post_worker_init(worker: Worker) -> None:
    """Every worker prints the Python stack of each thread when it dies of a fatal signal."""
    _report_fatal_signals()


def _report_fatal_signals() -> None:
    """faulthandler on stderr (the error log): a SIGSEGV, SIGBUS, SIGFPE or SIGILL then
    leaves "Fatal Python error" and the stack of every thread in the log before the
    process dies; gunicorn's master logs "Worker (pid:…) was sent SIGSEGV!" (warning level).
    Enabled again in each worker, after gunicorn has set up its signal handlers."""
    faulthandler.enable(file=sys.stderr, all_threads=True)


def _bring_index_to_revision(server: Arbiter) -> None:
    """Build the index before any worker serves, so every worker starts ready.

    Runs in the master before it forks: the database connections it opened are closed again,
    so no worker inherits them. When the database cannot be read the master starts anyway;
    each worker then brings the index up to date on its first search or readiness check.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from glossary import create_app
    from glossary.models import db
    from glossary.search.service import IndexConfig, ensure_current_index

    app = create_app()
    with app.app_context():
        try:
            report = ensure_current_index(IndexConfig.from_settings(app.config), db.session)
        except (SQLAlchemyError, OSError) as error:
            server.log.warning(
                "begrippenkader: search index not brought up to date at start (%s); "
                "workers will build it on first use",
                getattr(error, "orig", None) or error,
            )
        else:
            server.log.info("begrippenkader: %s", report.describe())
        finally:
            db.session.remove()
            db.engine.dispose()
