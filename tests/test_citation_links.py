"""Citation links in definitions: their tooltip (title attribute) is the entry as plain text."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from glossary.formats.markdown import render_html
from glossary.formats.notes import note_links
from glossary.models import Citation, Concept, Note, NoteKind, Source

CITATION_TITLES = re.compile(r'<a href="[^"]*" class="citation" title="([^"]*)"')


def citation_titles(html: str) -> list[str]:
    return [unescape(title) for title in CITATION_TITLES.findall(html)]


def test_italic_titles_lose_their_asterisks_in_the_tooltip(client: FlaskClient) -> None:
    page = client.get("/begrip/blended-hulpverlening").get_data(as_text=True)
    titles = citation_titles(page)
    bocklandt = [title for title in titles if title.startswith("Bocklandt, P. (2017")]
    assert bocklandt == [
        "Bocklandt, P. (2017, maart 27). Blended hulp wordt het nieuwe normaal. "
        "Opgehaald van Sociaal.net: https://sociaal.net/achtergrond/blended-hulp-wordt-het-nieuwe-normaal/"
    ]


def test_no_citation_tooltip_on_any_page_shows_markdown(client: FlaskClient) -> None:
    for slug in ("blended-hulpverlening", "onlinehulpcompetenties", "onlinehulpverlening"):
        for title in citation_titles(client.get(f"/begrip/{slug}").get_data(as_text=True)):
            assert not re.search(r"(^|\W)[*_]|[*_](\W|$)", title), (slug, title)


def test_underscore_emphasis_and_markup_characters_are_plain_in_the_title(app: Flask) -> None:
    source = Source(
        key="doe-2024",
        citation="Doe, 2024",
        entry="Doe, J. (2024). _Ouders & **jongeren**_ <online>. Gent.",
    )
    note = Note(kind=NoteKind.DEFINITION, lang="nl", text="Zo gezegd (Doe, 2024).")
    concept = Concept(slug="voorbeeld", citations=[Citation(source=source)])
    with app.test_request_context():
        (link,) = note_links(note, concept)
    assert link.title == "Doe, J. (2024). Ouders & jongeren <online>. Gent."
    html = render_html(note.text, [link])
    assert citation_titles(html) == ["Doe, J. (2024). Ouders & jongeren <online>. Gent."]
