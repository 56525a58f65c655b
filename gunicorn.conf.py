"""gunicorn settings for the glossary; everything comes from the environment.

    gunicorn -c gunicorn.conf.py          (what `make serve` runs)

Serving through this file is production mode (GLOSSARY_ENV defaults to "production"): unsafe
settings stop the master before any worker starts, with a message saying what to fix.
"""

from __future__ import annotations

import os
import sys

from glossary.production import UnsafeSettings, check_environment

os.environ.setdefault("GLOSSARY_ENV", "production")

wsgi_app = "glossary:create_app()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "4"))
# More than one thread turns the sync workers into gthread workers.
threads = int(os.environ.get("THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# Proxies on this address may set X-Forwarded-* (the app's ProxyFix counts GLOSSARY_PROXY_HOPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app writes one JSON line per request (glossary/requestlog.py); gunicorn's own access log
# would only repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server: object) -> None:
    """Refuse to start the master with unsafe production settings."""
    try:
        check_environment()
    except UnsafeSettings as unsafe:
        print(f"begrippenkader: {unsafe}", file=sys.stderr)
        raise SystemExit(1) from None
