"""docs/embed.md and the README state the real size of the scripts a host page loads."""

from __future__ import annotations

import re
from pathlib import Path

from glossary.paths import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "embed.md"
README = PROJECT_ROOT / "README.md"
STATIC = PROJECT_ROOT / "glossary" / "static"


def stated_bytes(document: Path, pattern: str) -> int:
    found = re.search(pattern, document.read_text(encoding="utf-8"))
    assert found, pattern
    return int(found.group(1).replace(" ", ""))


def embedding_section_of_the_readme() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Embedding\n", 1)[1].split("\n## ", 1)[0]


def test_docs_state_the_size_of_embed_js():
    size = (STATIC / "embed.js").stat().st_size
    assert stated_bytes(DOC, r"`embed\.js` is \*\*([\d ]+) bytes, not minified") == size


def test_docs_state_the_size_of_the_cards_script():
    size = (STATIC / "embed" / "card.js").stat().st_size
    assert stated_bytes(DOC, r"\(`/static/embed/card\.js`\) is ([\d ]+) bytes") == size


def test_readme_states_the_size_of_embed_js_where_it_explains_embedding():
    size = (STATIC / "embed.js").stat().st_size
    found = re.search(r"`embed\.js` is ([\d ]+) bytes", embedding_section_of_the_readme())
    assert found, "the Embedding section of README.md states the size of embed.js"
    assert int(found.group(1).replace(" ", "")) == size
