"""docs/embed.md states the real size of the scripts a host page loads."""

from __future__ import annotations

import re

from glossary.config import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "embed.md"
STATIC = PROJECT_ROOT / "glossary" / "static"


def stated_bytes(pattern: str) -> int:
    found = re.search(pattern, DOC.read_text(encoding="utf-8"))
    assert found, pattern
    return int(found.group(1).replace(" ", ""))


def test_docs_state_the_size_of_embed_js():
    size = (STATIC / "embed.js").stat().st_size
    assert stated_bytes(r"`embed\.js` is \*\*([\d ]+) bytes, not minified") == size


def test_docs_state_the_size_of_the_cards_script():
    size = (STATIC / "embed" / "card.js").stat().st_size
    assert stated_bytes(r"\(`/static/embed/card\.js`\) is ([\d ]+) bytes") == size
