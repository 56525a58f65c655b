"""Everything the concept page shows, in one content language, built from one stored concept.

Texts missing in the requested language fall back to the source language and say so
(`is_fallback`); English texts that are machine-drafted say so too (`is_draft`). Notes are
rendered through `glossary.formats.notes` (nh3-sanitized Markdown with cross-links and
citation links), the same renderer the JSON API uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from glossary.formats.json import related_concepts
from glossary.formats.markdown import Link, first_sentence, render_html
from glossary.formats.notes import note_reading_html, reading_text
from glossary.importing.export import source_record
from glossary.language import (
    LocalizedText,
    explanation,
    explanation_status,
    is_draft_translation,
    labels_of_kind,
    pref_label,
    shown_cluster_title,
    translation_status,
)
from glossary.links import display_url, safe_link
from glossary.models import Concept, ConceptStatus, LabelKind, NoteKind, Source
from glossary.records import SourceRecord
from glossary.services.mappings import MappingView, mapping_views
from glossary.timeutil import as_utc
from glossary.urls import concept_uri

# Notes shown to readers, in reading order; editorial notes are for editors only.
SHOWN_NOTES = (NoteKind.DEFINITION, NoteKind.SCOPE_NOTE, NoteKind.EXAMPLE)
RELATION_KINDS = ("broader", "narrower", "related", "equivalent", "replaces")


@dataclass(frozen=True)
class ConceptLink:
    id: str
    label: LocalizedText


@dataclass(frozen=True)
class RenderedNote:
    kind: str
    html: str
    lang: str
    is_fallback: bool
    is_draft: bool


@dataclass(frozen=True)
class PlainExplanation:
    """The explanation in plain language (NL-SBB uitleg): plain text, never Markdown."""

    text: str
    lang: str
    is_fallback: bool
    is_draft: bool


@dataclass(frozen=True)
class LanguageVersion:
    lang: str
    label: str
    status: str | None


@dataclass(frozen=True)
class ConceptPage:
    id: str
    uri: str
    lang: str
    status: str
    modified: datetime
    pref_label: LocalizedText
    alt_labels: list[str]
    summary: str
    notes: list[RenderedNote]
    sources: list[SourceRecord]  # plain records: pages are kept per data revision
    relations: dict[str, list[ConceptLink]]
    clusters: list[ConceptLink]
    languages: list[LanguageVersion]
    explanation: PlainExplanation | None = None
    # concepts of other vocabularies, with their stored labels (never fetched for a page)
    mappings: tuple[MappingView, ...] = ()
    # the successors of a replaced concept, in the editors' order; validity dates (ISO)
    replaced_by: tuple[ConceptLink, ...] = ()
    valid_from: str = ""
    valid_until: str = ""

    @property
    def in_force(self) -> bool:
        return self.status == ConceptStatus.VALID.value

    @property
    def definition(self) -> RenderedNote | None:
        return next((n for n in self.notes if n.kind == NoteKind.DEFINITION.value), None)

    @property
    def has_relations(self) -> bool:
        return any(self.relations.values())


def source_entry_html(source: Source | SourceRecord) -> str:
    """A bibliography entry as sanitized HTML, its URL (where the entry shows it) as a link."""
    links = []
    entry = source.entry
    if source.url and safe_link(source.url):
        start = entry.find(source.url)
        if start != -1:
            # The link text shows an internationalised host in Unicode; the href is as stored.
            shown = display_url(source.url)
            entry = entry[:start] + shown + entry[start + len(source.url) :]
            links.append(Link(start, start + len(shown), source.url, "source-url"))
    return render_html(entry, links)


def _rendered_notes(concept: Concept, lang: str, source_lang: str) -> list[RenderedNote]:
    by_key = {(n.kind, n.lang): n for n in concept.notes}
    rendered = []
    for kind in SHOWN_NOTES:
        chosen = by_key.get((kind, lang)) or by_key.get((kind, source_lang))
        if chosen is None:
            continue
        rendered.append(
            RenderedNote(
                kind=kind.value,
                html=note_reading_html(chosen, concept),
                lang=chosen.lang,
                is_fallback=chosen.lang != lang,
                is_draft=chosen.lang == lang and is_draft_translation(concept, lang),
            )
        )
    return rendered


def plain_explanation(concept: Concept, lang: str, source_lang: str) -> PlainExplanation | None:
    """The concept's explanation in `lang` (else the source language), with its status."""
    chosen = explanation(concept, lang, (source_lang,))
    if chosen is None:
        return None
    return PlainExplanation(
        text=chosen.text,
        lang=chosen.lang,
        is_fallback=chosen.is_fallback,
        is_draft=explanation_status(concept, chosen.lang) == "draft",
    )


def _link(concept: Concept, lang: str, source_lang: str) -> ConceptLink:
    return ConceptLink(concept.slug, pref_label(concept, lang, (source_lang,)))


def concept_page(concept: Concept, lang: str, source_lang: str = "nl") -> ConceptPage:
    """The page of a fully loaded concept (`concepts.get_concept`) in content language `lang`.

    Plain data only (no database objects), so a worker can keep it for the data revision."""
    label = pref_label(concept, lang, (source_lang,))
    definition = next(
        (
            n
            for wanted in (lang, source_lang)
            for n in concept.notes
            if n.kind is NoteKind.DEFINITION and n.lang == wanted
        ),
        None,
    )
    relations = related_concepts(concept)
    languages = sorted(
        {lab.lang for lab in concept.labels if lab.kind is LabelKind.PREF},
        key=lambda code: (code != source_lang, code),
    )
    return ConceptPage(
        id=concept.slug,
        uri=concept_uri(concept.slug),
        lang=lang,
        status=concept.status.value,
        modified=as_utc(concept.content_changed_at),
        pref_label=label,
        alt_labels=labels_of_kind(concept, LabelKind.ALT, label.lang),
        summary=first_sentence(reading_text(definition, concept)) if definition else "",
        notes=_rendered_notes(concept, lang, source_lang),
        sources=[
            source_record(c.source) for c in sorted(concept.citations, key=lambda c: c.position)
        ],
        relations={
            kind: [_link(c, lang, source_lang) for c in relations[kind]] for kind in RELATION_KINDS
        },
        clusters=[
            ConceptLink(m.cluster.id, shown_cluster_title(m.cluster, lang, (source_lang,)))
            for m in sorted(concept.memberships, key=lambda m: m.cluster.position)
        ],
        languages=[
            LanguageVersion(code, pref_label(concept, code).text, translation_status(concept, code))
            for code in languages
        ],
        explanation=plain_explanation(concept, lang, source_lang),
        mappings=tuple(mapping_views(concept, lang, source_lang)),
        replaced_by=tuple(_link(c, lang, source_lang) for c in relations["replaced_by"]),
        valid_from=concept.valid_from.isoformat() if concept.valid_from else "",
        valid_until=concept.valid_until.isoformat() if concept.valid_until else "",
    )
