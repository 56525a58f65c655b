"""A stored note rendered for reading: cross-links and citations turned into links."""

from __future__ import annotations

import re
from dataclasses import replace

from glossary.formats.markdown import Link, render_html, render_plain
from glossary.models import Concept, LabelKind, Note
from glossary.urls import concept_page_path, source_page_path


def note_links(note: Note, concept: Concept) -> list[Link]:
    """Links for the mentions of other concepts and for the citations in a note."""
    links = []
    linked: set[str] = set()
    # A concept mentioned several times is linked at its first mention only: a definition
    # saying "face-to-face" three times reads better with one link than with three.
    for mention in sorted(note.mentions, key=lambda mention: mention.start):
        if mention.target.slug in linked:
            continue
        linked.add(mention.target.slug)
        target_label = next(
            (
                label.text
                for label in mention.target.labels
                if label.kind is LabelKind.PREF and label.lang == note.lang
            ),
            mention.target.slug,
        )
        links.append(
            Link(
                start=mention.start,
                end=mention.end,
                href=concept_page_path(mention.target.slug),
                css_class="crosslink",
                title=target_label,
                data_concept=mention.target.slug,
            )
        )
    for citation in concept.citations:
        text = citation.source.citation
        # A title attribute is plain text: the entry's Markdown (*italic* titles) is rendered away.
        entry = render_plain(citation.source.entry)
        start = note.text.find(text)
        while start != -1:
            links.append(
                Link(
                    start=start,
                    end=start + len(text),
                    href=source_page_path(citation.source.key),
                    css_class="citation",
                    title=entry,
                )
            )
            start = note.text.find(text, start + len(text))
    return links


def note_html(note: Note, concept: Concept) -> str:
    """Sanitized HTML of a note with its cross-links and citation links."""
    return render_html(note.text, note_links(note, concept))


def note_plain(note: Note) -> str:
    return render_plain(note.text)


# The source document starts many definitions with "= " (the term "is …"); the heading
# above already names the term, so a reader is shown the text after it. The data keeps it.
_MARKER = re.compile(r"=[ \t]+")
# A note that opens with a list of the concept's own synonyms, up to an ellipsis, repeats
# what the page shows as "Also called" (the source's Toelichting of Onlinehulpverlening).
_LEADING_LIST = re.compile(r"(.+?)\s*(?:\.\.\.|…)\s*", re.DOTALL)
_PARENTHESES = re.compile(r"\(([^)]*)\)")
# Fewer items than this are a sentence, not a list of synonyms.
MIN_LISTED_SYNONYMS = 3
OMISSION = "… "


def _concept_labels(concept: Concept) -> set[str]:
    return {label.text.casefold() for label in concept.labels}


def _synonym_list_end(text: str, labels: set[str]) -> int | None:
    """The end of a leading list of the concept's labels ("e-hulp (e-help), e-zorg … "), or
    None when the note does not open with one. Every item must name a label of the concept,
    in front of its parentheses or inside them."""
    match = _LEADING_LIST.match(text)
    if match is None:
        return None
    items = [item.strip() for item in match.group(1).split(",")]
    if len(items) < MIN_LISTED_SYNONYMS:
        return None
    for item in items:
        names = {_PARENTHESES.sub("", item).strip().casefold()}
        names |= {inner.strip().casefold() for inner in _PARENTHESES.findall(item)}
        if not names & labels:
            return None
    return match.end()


def reading_span(text: str, labels: set[str]) -> tuple[int, str]:
    """Where the shown part of a note starts, and what to show in front of it instead.

    Rendering only: the stored note, its exports and its API text keep every character."""
    end = _synonym_list_end(text, labels)
    if end is not None:
        return end, OMISSION
    marker = _MARKER.match(text)
    return (marker.end(), "") if marker else (0, "")


def shown_text(text: str) -> str:
    """A definition's text without the source's leading "= " (for summaries in lists)."""
    start, prefix = reading_span(text, set())
    return prefix + text[start:]


def reading_text(note: Note, concept: Concept) -> str:
    """The Markdown of a note as a reader is shown it (see `reading_span`)."""
    start, prefix = reading_span(note.text, _concept_labels(concept))
    return prefix + note.text[start:]


def note_reading_html(note: Note, concept: Concept) -> str:
    """Sanitized HTML of a note as pages, cards and handouts show it: without the source's
    leading "= " and without an opening list of the synonyms shown beside it."""
    start, prefix = reading_span(note.text, _concept_labels(concept))
    shift = len(prefix) - start
    links = [
        replace(link, start=link.start + shift, end=link.end + shift)
        for link in note_links(note, concept)
        if link.start >= start
    ]
    return render_html(prefix + note.text[start:], links)
