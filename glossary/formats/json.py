"""JSON representations of the domain, shared by the JSON API, search results and embeds.

Language-bearing values are objects keyed by language code, so a client never has to guess
which language a string is in. Passing `lang` restricts every such object to that language.
"""

from __future__ import annotations

from typing import Any

from glossary.formats.notes import note_html, note_plain
from glossary.links import safe_link
from glossary.models import (
    Cluster,
    Concept,
    ConceptScheme,
    LabelKind,
    MappingKind,
    NoteKind,
    RelationKind,
    Source,
)
from glossary.timeutil import as_utc
from glossary.urls import api_concept_path, concept_page_path, concept_uri


def _keep(lang: str, wanted: str | None) -> bool:
    return wanted is None or lang == wanted


def pref_labels(concept: Concept, lang: str | None = None) -> dict[str, str]:
    return {
        label.lang: label.text
        for label in concept.labels
        if label.kind is LabelKind.PREF and _keep(label.lang, lang)
    }


def labels_by_lang(
    concept: Concept, kind: LabelKind, lang: str | None = None
) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for label in concept.labels:
        if label.kind is kind and _keep(label.lang, lang):
            grouped.setdefault(label.lang, []).append(label.text)
    return grouped


def concept_reference(concept: Concept, lang: str | None = None) -> dict[str, Any]:
    """A short reference to a concept: enough to show and link it."""
    return {
        "id": concept.slug,
        "uri": concept_uri(concept.slug),
        "pref_label": pref_labels(concept, lang),
        "mappings": mappings_json(concept, lang),
        "href": api_concept_path(concept.slug),
        "page": concept_page_path(concept.slug),
    }


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.key,
        "citation": source.citation,
        "entry": source.entry,
        "author": source.author,
        "year": source.year,
        "title": source.title,
        "publisher": source.publisher,
        "place": source.place,
        # Only an address that may be a link: old databases predate the importer's check.
        "url": safe_link(source.url),
        "language": source.language or None,
    }


def cluster_json(
    cluster: Cluster, lang: str | None = None, count: int | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": cluster.id,
        "position": cluster.position,
        "title": {t.lang: t.title for t in cluster.titles if _keep(t.lang, lang)},
        "translation_status": {
            t.lang: t.status.value for t in cluster.titles if _keep(t.lang, lang)
        },
    }
    if count is not None:
        data["concept_count"] = count
    return data


def scheme_json(scheme: ConceptScheme, lang: str | None = None) -> dict[str, Any]:
    texts: dict[str, dict[str, str]] = {}
    statuses: dict[str, str] = {}
    for text in scheme.texts:
        if _keep(text.lang, lang):
            texts.setdefault(text.field, {})[text.lang] = text.value
            statuses[text.lang] = text.status.value
    return {
        "id": scheme.id,
        "title": texts.get("title", {}),
        "description": texts.get("description", {}),
        "translation_status": statuses,
        "created": as_utc(scheme.created_at).isoformat(),
        "modified": as_utc(scheme.modified_at).isoformat(),
    }


def related_concepts(concept: Concept) -> dict[str, list[Concept]]:
    """Relations in both directions: narrower is the inverse of broader, replaces of
    replaced_by (the concepts a successor took the place of); related and equivalent are
    symmetric."""
    found: dict[str, list[Concept]] = {
        "related": [],
        "broader": [],
        "narrower": [],
        "equivalent": [],
        "replaced_by": [],
        "replaces": [],
    }
    for relation in sorted(concept.relations, key=lambda r: r.position):
        found[relation.kind.value].append(relation.object)
    for relation in concept.incoming_relations:
        if relation.kind is RelationKind.BROADER:
            found["narrower"].append(relation.subject)
        elif relation.kind is RelationKind.REPLACED_BY:
            found["replaces"].append(relation.subject)
        else:
            found[relation.kind.value].append(relation.subject)
    for kind, members in found.items():
        if kind == "replaced_by":
            continue  # the order the editors gave: the first successor is the main one
        unique = {member.slug: member for member in members}
        found[kind] = sorted(unique.values(), key=lambda c: c.position)
    return found


def explanation_json(concept: Concept, lang: str | None = None) -> dict[str, dict[str, str]]:
    """The plain-language explanation per language, with its own review status."""
    return {
        e.lang: {"text": e.text, "status": e.status.value}
        for e in concept.explanations
        if _keep(e.lang, lang)
    }


def concept_json(concept: Concept, lang: str | None = None) -> dict[str, Any]:
    """Everything about a concept, in all languages unless `lang` is given."""
    notes: dict[str, dict[str, Any]] = {}
    for note in concept.notes:
        if not _keep(note.lang, lang):
            continue
        notes.setdefault(note.kind.value, {})[note.lang] = {
            "markdown": note.text,
            "html": note_html(note, concept),
            "text": note_plain(note),
        }
    links = []
    seen_links: set[tuple[str, str]] = set()
    for note in concept.notes:
        if note.kind is not NoteKind.DEFINITION or not _keep(note.lang, lang):
            continue
        for mention in note.mentions:
            key = (note.lang, mention.target.slug)
            if key not in seen_links:
                seen_links.add(key)
                links.append(
                    {"lang": note.lang, "text": mention.matched_text}
                    | concept_reference(mention.target, lang)
                )
    relations = related_concepts(concept)
    return {
        "id": concept.slug,
        "uri": concept_uri(concept.slug),
        "status": concept.status.value,
        "valid_from": concept.valid_from.isoformat() if concept.valid_from else None,
        "valid_until": concept.valid_until.isoformat() if concept.valid_until else None,
        "created": as_utc(concept.created_at).isoformat(),
        "modified": as_utc(concept.modified_at).isoformat(),
        "pref_label": pref_labels(concept, lang),
        "alt_labels": labels_by_lang(concept, LabelKind.ALT, lang),
        "hidden_labels": labels_by_lang(concept, LabelKind.HIDDEN, lang),
        "definition": notes.get(NoteKind.DEFINITION.value, {}),
        "scope_note": notes.get(NoteKind.SCOPE_NOTE.value, {}),
        "example": notes.get(NoteKind.EXAMPLE.value, {}),
        "editorial_note": notes.get(NoteKind.EDITORIAL_NOTE.value, {}),
        "explanation": explanation_json(concept, lang),
        "translation_status": {
            t.lang: t.status.value for t in concept.translations if _keep(t.lang, lang)
        },
        "clusters": [
            cluster_json(member.cluster, lang)
            for member in sorted(concept.memberships, key=lambda m: m.cluster.position)
        ],
        "sources": [
            source_json(citation.source)
            for citation in sorted(concept.citations, key=lambda c: c.position)
        ],
        "links": links,
        **{
            kind: [concept_reference(c, lang) for c in members]
            for kind, members in relations.items()
        },
        "mappings": mappings_json(concept, lang),
        "href": api_concept_path(concept.slug),
        "page": concept_page_path(concept.slug),
    }


def mappings_json(concept: Concept, lang: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The concept's mappings by kind, each with the target's stored labels (per language)."""
    found: dict[str, list[dict[str, Any]]] = {kind.value: [] for kind in MappingKind}
    for mapping in sorted(concept.mappings, key=lambda m: (m.kind.value, m.position)):
        found[mapping.kind.value].append(
            {
                "uri": mapping.uri,
                "pref_label": {
                    label.lang: label.text
                    for label in mapping.external_labels
                    if lang is None or label.lang == lang
                },
            }
        )
    return found
