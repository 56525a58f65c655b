"""Records of clusters, sources and the scheme's texts as plain JSON and back: what a draft
of kind cluster, source or scheme and their published versions store.

As with concepts (`record_json`), a record read back equals the record stored, so a draft
compares with the published state as the importer compares.
"""

from __future__ import annotations

from typing import Any

from glossary.records import SOURCE_FIELDS, ClusterRecord, SchemeInfo, SourceRecord

CLUSTER, SOURCE, SCHEME = "cluster", "source", "scheme"
PART_KINDS = (CLUSTER, SOURCE, SCHEME)

PartRecord = ClusterRecord | SourceRecord | SchemeInfo


def part_json(record: PartRecord) -> dict[str, Any]:
    """The record as JSON-serialisable values (scheme texts keyed "field@lang")."""
    if isinstance(record, ClusterRecord):
        return {
            "id": record.id,
            "position": record.position,
            "titles": dict(record.titles),
            "translation_status": dict(record.translation_status),
        }
    if isinstance(record, SourceRecord):
        return {"key": record.key, **{name: getattr(record, name) for name in SOURCE_FIELDS}}
    return {
        "texts": {f"{name}@{lang}": value for (name, lang), value in record.texts.items()},
        "translation_status": dict(record.translation_status),
    }


def part_from_json(kind: str, data: dict[str, Any]) -> PartRecord:
    """The record `part_json` stored for a draft or version of `kind`."""
    if kind == CLUSTER:
        return ClusterRecord(
            id=data["id"],
            position=int(data.get("position", 0)),
            titles=dict(data.get("titles", {})),
            translation_status=dict(data.get("translation_status", {})),
        )
    if kind == SOURCE:
        return SourceRecord(
            key=data["key"], **{name: str(data.get(name, "")) for name in SOURCE_FIELDS}
        )
    texts: dict[tuple[str, str], str] = {}
    for key, value in data.get("texts", {}).items():
        name, _, lang = key.partition("@")
        texts[(name, lang)] = value
    return SchemeInfo(texts=texts, translation_status=dict(data.get("translation_status", {})))


def part_key(record: PartRecord, scheme_id: str) -> str:
    """The key a part's draft and versions are filed under."""
    if isinstance(record, ClusterRecord):
        return record.id
    if isinstance(record, SourceRecord):
        return record.key
    return scheme_id


def part_kind(record: PartRecord) -> str:
    if isinstance(record, ClusterRecord):
        return CLUSTER
    if isinstance(record, SourceRecord):
        return SOURCE
    return SCHEME
