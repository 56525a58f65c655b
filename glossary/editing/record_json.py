"""A concept record as plain JSON and back: what a draft and a published version store.

The record is kept whole, in the canonical form the importer compares, so a version read
back is equal to the record that was published (`record_from_json(record_json(r)) == r`).
"""

from __future__ import annotations

from typing import Any

from glossary.model_enums import concept_status_word
from glossary.records import ConceptRecord, LanguageLabels


def record_json(record: ConceptRecord) -> dict[str, Any]:
    """The record as JSON-serialisable values (notes keyed "kind@lang")."""
    return {
        "slug": record.slug,
        "clusters": list(record.clusters),
        "status": record.status,
        "labels": {
            lang: {"pref": labels.pref, "alt": list(labels.alt), "hidden": list(labels.hidden)}
            for lang, labels in record.labels.items()
        },
        "notes": {f"{kind}@{lang}": text for (kind, lang), text in record.notes.items()},
        "translation_status": dict(record.translation_status),
        "sources": list(record.sources),
        "cluster_positions": dict(record.cluster_positions),
        "related": list(record.related),
        "broader": list(record.broader),
        "equivalent": list(record.equivalent),
        "explanations": dict(record.explanations),
        "explanation_status": dict(record.explanation_status),
        "mappings": {kind: list(uris) for kind, uris in record.mappings.items()},
        "replaced_by": list(record.replaced_by),
        "valid_from": record.valid_from,
        "valid_until": record.valid_until,
    }


def record_from_json(data: dict[str, Any]) -> ConceptRecord:
    """The record `record_json` stored."""
    notes: dict[tuple[str, str], str] = {}
    for key, text in data.get("notes", {}).items():
        kind, _, lang = key.partition("@")
        notes[(kind, lang)] = text
    return ConceptRecord(
        slug=data["slug"],
        clusters=tuple(data.get("clusters", ())),
        # versions recorded before migration 0015 name the statuses of the earlier model
        status=concept_status_word(data["status"]),
        labels={
            lang: LanguageLabels(
                pref=labels["pref"],
                alt=tuple(labels.get("alt", ())),
                hidden=tuple(labels.get("hidden", ())),
            )
            for lang, labels in data.get("labels", {}).items()
        },
        notes=notes,
        translation_status=dict(data.get("translation_status", {})),
        sources=tuple(data.get("sources", ())),
        cluster_positions={k: int(v) for k, v in data.get("cluster_positions", {}).items()},
        related=tuple(data.get("related", ())),
        broader=tuple(data.get("broader", ())),
        equivalent=tuple(data.get("equivalent", ())),
        explanations=dict(data.get("explanations", {})),
        explanation_status=dict(data.get("explanation_status", {})),
        mappings={kind: tuple(uris) for kind, uris in data.get("mappings", {}).items()},
        replaced_by=tuple(data.get("replaced_by", ())),
        valid_from=data.get("valid_from", ""),
        valid_until=data.get("valid_until", ""),
    )
