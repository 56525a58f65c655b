"""Browser fixtures: the app on a real HTTP server thread and Debian's Chromium via Playwright.

The server runs the bundled framework on a free 127.0.0.1 port for the whole session; every
test gets a fresh browser context (cookies, storage) and a page that records console errors.
Browser tests are skipped, with a reason, only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def live_app(
    template_databases: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Flask:
    """An app on a copy of the bundled framework, shared by the browser tests of a session."""
    instance = tmp_path_factory.mktemp("browser-instance")
    shutil.copy(template_databases["filled"], instance / "glossary.sqlite3")
    return make_app(instance)


def serve(app: Flask) -> Iterator[str]:
    """Serve `app` from a thread on a free loopback port; yields its base URL.

    The app's public URL is the server's own address, as a deployment configures it: the
    oEmbed endpoint accepts only page URLs under it and every absolute link starts with it.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["GLOSSARY_PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}/"
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The base URL of the live app."""
    yield from serve(live_app)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ConsoleLog:
    """Console errors and uncaught exceptions a page produced."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def record(self, message: object) -> None:
        if getattr(message, "type", "error") == "error":
            self.errors.append(getattr(message, "text", str(message)))


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser, live_server: str, console: ConsoleLog) -> Iterator[object]:
    """A page in a fresh context (Dutch browser, desktop size) on the live server."""
    context = browser.new_context(base_url=live_server, locale="nl-BE", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", console.record)
    tab.on("pageerror", console.record)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The git-ignored folder screenshots are saved to."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
