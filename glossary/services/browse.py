"""Browsing the framework: clusters with their concepts, the A–Z index, the bibliography.

Each function returns plain view records in one content language, with the source-language
fallback made explicit (`LocalizedText.is_fallback`), so every page — and any other reader —
can show which texts are not translated yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from glossary.formats.markdown import first_sentence
from glossary.formats.notes import shown_text
from glossary.language import (
    LocalizedText,
    explanation,
    is_draft_translation,
    note,
    pref_label,
    shown_cluster_title,
)
from glossary.models import (
    Citation,
    ClusterMember,
    Concept,
    ConceptScheme,
    LabelKind,
    NoteKind,
    Source,
    TranslationStatus,
)
from glossary.services import concepts
from glossary.text import fold


@dataclass(frozen=True)
class ClusterSummary:
    id: str
    title: LocalizedText
    count: int


@dataclass(frozen=True)
class ConceptSummary:
    """A concept in a list: its label and the first sentence of its definition."""

    id: str
    label: LocalizedText
    summary: LocalizedText | None
    is_draft: bool
    # The plain-language explanation, shown instead of the summary in the plain view.
    explanation: LocalizedText | None = None


@dataclass(frozen=True)
class ClusterPage:
    id: str
    title: LocalizedText
    concepts: list[ConceptSummary]
    title_is_draft: bool = False


@dataclass(frozen=True)
class IndexEntry:
    """One label of the A–Z index; `target` is set when the label is an alternative one.

    `requested` is the index's language: a label in another language is a fallback.
    """

    label: str
    lang: str
    concept_id: str
    target: LocalizedText | None
    requested: str


@dataclass(frozen=True)
class IndexLetter:
    letter: str
    entries: list[IndexEntry]


@dataclass(frozen=True)
class BibliographyEntry:
    source: Source
    cited_by: list[tuple[str, LocalizedText]]


def clusters(session: Session, scheme_id: str, lang: str) -> list[ClusterSummary]:
    """The clusters in document order with their titles and concept counts."""
    return [
        ClusterSummary(cluster.id, shown_cluster_title(cluster, lang), count)
        for cluster, count in concepts.list_clusters(session, scheme_id)
    ]


def concept_summary(concept: Concept, lang: str) -> ConceptSummary:
    """Label and first definition sentence of a concept, with fallback and draft flags."""
    definition = note(concept, NoteKind.DEFINITION, lang)
    summary = (
        LocalizedText(first_sentence(shown_text(definition.text)), definition.lang, lang)
        if definition
        else None
    )
    return ConceptSummary(
        id=concept.slug,
        label=pref_label(concept, lang),
        summary=summary,
        is_draft=summary is not None
        and not summary.is_fallback
        and is_draft_translation(concept, summary.lang),
        explanation=explanation(concept, lang),
    )


def cluster_page(
    session: Session, scheme_id: str, cluster_id: str, lang: str
) -> ClusterPage | None:
    """A cluster with its concepts in the cluster's order; None when it does not exist."""
    cluster = concepts.get_cluster(session, scheme_id, cluster_id)
    if cluster is None:
        return None
    members = session.scalars(
        select(Concept)
        .join(ClusterMember, ClusterMember.concept_pk == Concept.pk)
        .where(ClusterMember.cluster_pk == cluster.pk)
        .options(
            selectinload(Concept.labels),
            selectinload(Concept.notes),
            selectinload(Concept.translations),
            selectinload(Concept.explanations),
        )
        .order_by(ClusterMember.position, Concept.position)
    ).all()
    title = shown_cluster_title(cluster, lang)
    return ClusterPage(
        id=cluster.id,
        title=title,
        concepts=[concept_summary(member, lang) for member in members],
        title_is_draft=any(
            t.lang == title.lang and t.status is TranslationStatus.DRAFT for t in cluster.titles
        ),
    )


def _index_letter(text: str) -> str:
    initial = fold(text)[:1].upper()
    return initial if initial.isalpha() else "#"


def az_index(session: Session, scheme_id: str, lang: str) -> list[IndexLetter]:
    """Every preferred and alternative label in `lang`, grouped by initial letter.

    Alternative labels point to the concept they name ("e-zorg → Onlinehulpverlening");
    a concept without a label in `lang` appears under its source-language label.
    """
    all_concepts = session.scalars(
        select(Concept).where(Concept.scheme_id == scheme_id).options(selectinload(Concept.labels))
    ).all()
    entries: list[IndexEntry] = []
    for concept in all_concepts:
        preferred = pref_label(concept, lang)
        entries.append(IndexEntry(preferred.text, preferred.lang, concept.slug, None, lang))
        for label in concept.labels:
            if label.kind is LabelKind.ALT and label.lang == preferred.lang:
                entries.append(IndexEntry(label.text, label.lang, concept.slug, preferred, lang))
    entries.sort(key=lambda entry: (fold(entry.label), entry.target is not None, entry.label))
    return [
        IndexLetter(letter, list(group))
        for letter, group in groupby(entries, key=lambda entry: _index_letter(entry.label))
    ]


def bibliography(session: Session, scheme_id: str, lang: str) -> list[BibliographyEntry]:
    """The sources in bibliography order, each with the concepts that cite it."""
    sources = session.scalars(
        select(Source)
        .options(
            selectinload(Source.citations)
            .selectinload(Citation.concept)
            .selectinload(Concept.labels)
        )
        .order_by(Source.position)
    ).all()
    entries = []
    for source in sources:
        citing = sorted(
            (c.concept for c in source.citations if c.concept.scheme_id == scheme_id),
            key=lambda concept: concept.position,
        )
        entries.append(BibliographyEntry(source, [(c.slug, pref_label(c, lang)) for c in citing]))
    return entries


def count_sources(session: Session) -> int:
    """The number of entries in the bibliography."""
    return session.scalar(select(func.count(Source.pk))) or 0


def scheme_text(session: Session, scheme_id: str, field: str, lang: str) -> LocalizedText | None:
    """A text of the scheme (title, description) in `lang`, or in the source language."""
    scheme = session.scalars(
        select(ConceptScheme)
        .where(ConceptScheme.id == scheme_id)
        .options(selectinload(ConceptScheme.texts))
    ).one_or_none()
    if scheme is None:
        return None
    values = {text.lang: text.value for text in scheme.texts if text.field == field}
    for candidate in (lang, "nl", *sorted(values)):
        if values.get(candidate):
            return LocalizedText(values[candidate], candidate, lang)
    return None
