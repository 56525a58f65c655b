"""gunicorn trusts forwarded headers only as configured, and keeps its control socket private.

With GLOSSARY_PROXY_HOPS=0 (no proxy in front) no client may claim HTTPS by X-Forwarded-Proto,
not even one on localhost (gunicorn's own default trusts 127.0.0.1); with one hop the proxy's
scheme counts, but its X-Forwarded-Host never does: GLOSSARY_PUBLIC_URL names the host.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

from flask import Flask

from tests.serving import app_environment, gunicorn, wait_until

HOSTILE = "evil.example"
FORWARDED = {"Host": HOSTILE, "X-Forwarded-Host": HOSTILE, "X-Forwarded-Proto": "https"}


def fetch(url: str) -> tuple[dict[str, str], str]:
    request = urllib.request.Request(url, headers=FORWARDED)
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers.items()), response.read().decode()


def seen_as_https(base: str) -> bool:
    """Whether the app took the request for HTTPS: its language cookie is then `Secure`."""
    headers, _ = fetch(f"{base}/?ui=en")
    return "Secure" in headers["Set-Cookie"].split("; ")


def serve(app: Flask, instance: Path, **settings: str):
    env = app_environment(app.config["SQLALCHEMY_DATABASE_URI"], instance, **settings)
    return gunicorn(env, workers=1, log=instance.parent / "gunicorn.log")


def test_without_a_proxy_nobody_may_claim_https(app: Flask, tmp_path: Path) -> None:
    with serve(app, tmp_path / "served") as base:
        headers, body = fetch(f"{base}/begrip/mediawijsheid")
        assert not seen_as_https(base)
    assert HOSTILE not in body
    assert not any(HOSTILE in value for value in headers.values())


def test_behind_one_proxy_its_scheme_counts_but_not_its_host(app: Flask, tmp_path: Path) -> None:
    with serve(app, tmp_path / "served", GLOSSARY_PROXY_HOPS="1") as base:
        headers, body = fetch(f"{base}/begrip/mediawijsheid")
        assert seen_as_https(base)
    assert HOSTILE not in body
    assert not any(HOSTILE in value for value in headers.values())


def test_the_control_socket_lives_in_the_instance_folder(app: Flask, tmp_path: Path) -> None:
    instance = tmp_path / "served"
    with serve(app, instance):
        socket = instance / "gunicorn.ctl"
        # The master opens it in a thread of its own, maybe after the first worker answers.
        assert wait_until(socket.is_socket, timeout=10)
        assert socket.stat().st_mode & 0o077 == 0
