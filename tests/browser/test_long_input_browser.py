"""Long input in a real browser: nothing scrolls sideways at phone or desktop width.

The framework here holds a concept named by a 38-letter compound and one whose label and
definition hold a 3 000-character word; the search is asked for both and for a 12 000-character
query (over the maximum). Screenshots of every case land in tests/screenshots/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.browser.conftest import serve
from tests.conftest import make_app
from tests.small_framework import import_concepts

pytestmark = pytest.mark.browser

COMPOUND = "onlinehulpverleningscompetentieprofiel"
HUGE_WORD = "hulpverlening" * 230 + "x" * 10  # 3 000 letters, no break opportunity
HUGE_QUERY = "q" * 12_000
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PAGES = {
    "concept-compound": f"/begrip/{COMPOUND}",
    "concept-huge-word": "/begrip/reuzenwoord",
    "search-compound": f"/zoeken?q={COMPOUND}",
    "search-huge-word": f"/zoeken?q={HUGE_WORD}",
    "search-huge-query": f"/zoeken?q={HUGE_QUERY}",
    "not-found-huge-word": f"/begrip/{HUGE_WORD}",
    "cluster": "/cluster/blended-werken",
    "about": "/over",
    "api-docs": "/api/v1/docs",
}
ROWS = [
    {
        "id": COMPOUND,
        "clusters": "blended-werken",
        "pref_label@nl": COMPOUND.capitalize(),
        "alt_labels@nl": f"{COMPOUND}en|competentieprofiel",
        "definition@nl": f"= het {COMPOUND} van een hulpverlener, zie ook Reuzenwoord.",
        "pref_label@en": "Online help competence profile",
        "definition@en": "The competence profile of a professional.",
    },
    {
        "id": "reuzenwoord",
        "clusters": "blended-werken",
        "pref_label@nl": "Reuzenwoord",
        "alt_labels@nl": HUGE_WORD[:500],  # labels hold at most 500 characters
        "definition@nl": f"Een woord zonder einde: {HUGE_WORD}.",
        "pref_label@en": "Giant word",
        "definition@en": f"A word without end: {HUGE_WORD}.",
    },
]


@pytest.fixture(scope="module")
def long_server(
    template_databases: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    instance = tmp_path_factory.mktemp("long-input")
    shutil.copy(template_databases["empty"], instance / "glossary.sqlite3")
    app: Flask = make_app(instance)
    import_concepts(app, instance / "framework", ROWS)
    yield from serve(app)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_long_input_never_scrolls_sideways(
    browser, long_server: str, screenshots: Path, name: str, width: str
) -> None:
    context = browser.new_context(base_url=long_server, locale="nl-BE", viewport=WIDTHS[width])
    page = context.new_page()
    try:
        page.goto(PAGES[name])
        # The whole page, except the API reference (80 000 px: its first screen only).
        tall = page.evaluate("document.documentElement.scrollHeight") > 20_000
        page.screenshot(path=str(screenshots / f"long-{name}-{width}.png"), full_page=not tall)
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{name} is {scroll_width} px wide"
    finally:
        context.close()
