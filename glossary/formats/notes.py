"""A stored note rendered for reading: cross-links and citations turned into links."""

from __future__ import annotations

from glossary.formats.markdown import Link, render_html, render_plain
from glossary.models import Concept, LabelKind, Note
from glossary.urls import concept_page_path, source_page_path


def note_links(note: Note, concept: Concept) -> list[Link]:
    """Links for the mentions of other concepts and for the citations in a note."""
    links = []
    for mention in note.mentions:
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
