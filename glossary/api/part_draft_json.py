"""A draft of a cluster, a source or the scheme's texts over JSON: the body of
`PUT /api/v1/clusters/<id>/draft` (`/sources/<id>/draft`, `/scheme/draft`) read into a
record, and drafts written back in the same shape.

As for concepts, any subset of the editable fields may be sent; the fields left out keep
the published (or drafted) value, and so do the languages an object keyed by language
leaves out (`null` or "" for a language removes it). The field names are the CSV columns'
(`title`, `description`, `translation_status`, a source's `citation`, `url`, ...), so the
importer's located problems (`title@nl`) point into the body (`/title/nl`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from glossary.api.draft_json import BodyInvalid, Located
from glossary.editing.part_json import CLUSTER, SOURCE, PartRecord
from glossary.editing.parts import PartDraft, PartVersionConflict
from glossary.records import SOURCE_FIELDS, ClusterRecord, SchemeInfo, SourceRecord

CONTROL = frozenset({"base_version", "change_note", "lock_version"})
READ_ONLY = frozenset({"id", "kind", "href", "version", "uri"})
SCHEME_FIELDS = ("title", "description")
PATHS = {CLUSTER: "clusters", SOURCE: "sources"}


def part_path(kind: str, key: str) -> str:
    """The API path of a part's draft."""
    if kind in PATHS:
        return f"/api/v1/{PATHS[kind]}/{key}/draft"
    return "/api/v1/scheme/draft"


def _by_language(
    problems: list[Located], value: Any, pointer: str, base: dict[str, str]
) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(Located(pointer, "expected an object keyed by language code"))
        return base
    merged = dict(base)
    for lang, text in value.items():
        if text is None or text == "":
            merged.pop(lang, None)
        elif isinstance(text, str):
            merged[lang] = text.strip()
        else:
            problems.append(Located(f"{pointer}/{lang}", "expected a string or null"))
    return merged


def _control(body: dict[str, Any], problems: list[Located]) -> dict[str, Any]:
    control: dict[str, Any] = {"change_note": ""}
    for name in ("base_version", "lock_version"):
        if name in body:
            value = body[name]
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(Located(f"/{name}", "expected a whole number"))
            else:
                control[name] = value
    note = body.get("change_note", "")
    if not isinstance(note, str):
        problems.append(Located("/change_note", "expected a string"))
    else:
        control["change_note"] = note
    return control


def read_removal_body(body: dict[str, Any]) -> dict[str, Any]:
    """The control fields of a body proposing a removal (`{"remove": true, "base_version":
    N, "change_note": ...}`): nothing else may be sent. Raises BodyInvalid, located."""
    problems: list[Located] = []
    if body.get("remove") is not True:
        problems.append(Located("/remove", "expected true: a draft that removes the part"))
    for key in body:
        if key not in {"remove", *CONTROL, *READ_ONLY}:
            problems.append(Located(f"/{key}", "a removal takes no fields; expected base_version"))
    control = _control(body, problems)
    if "base_version" not in control and not problems:
        problems.append(Located("/base_version", "required: the version this removal starts from"))
    if problems:
        raise BodyInvalid(problems)
    return control


def read_part_body(body: Any, base: PartRecord) -> tuple[PartRecord, dict[str, Any]]:
    """The record a body describes over `base` (published, drafted, or an empty new one),
    and the control fields. Raises BodyInvalid with every problem located."""
    if not isinstance(body, dict):
        raise BodyInvalid([Located("", "the body must be a JSON object")])
    problems: list[Located] = []
    if isinstance(base, SourceRecord):
        editable: tuple[str, ...] = SOURCE_FIELDS
    elif isinstance(base, ClusterRecord):
        editable = ("title", "position", "translation_status")
    else:
        editable = (*SCHEME_FIELDS, "translation_status")
    for key in body:
        if key not in {*editable, *CONTROL, *READ_ONLY}:
            problems.append(Located(f"/{key}", f"unknown field; expected {', '.join(editable)}"))
    record = _read(body, base, problems)
    control = _control(body, problems)
    if problems:
        raise BodyInvalid(problems)
    return record, control


def _read(body: dict[str, Any], base: PartRecord, problems: list[Located]) -> PartRecord:
    statuses = base.translation_status if not isinstance(base, SourceRecord) else {}
    if "translation_status" in body:
        statuses = _by_language(
            problems, body["translation_status"], "/translation_status", statuses
        )
    if isinstance(base, SourceRecord):
        values = {}
        for name in SOURCE_FIELDS:
            if name in body:
                if isinstance(body[name], str):
                    values[name] = body[name].strip()
                else:
                    problems.append(Located(f"/{name}", "expected a string"))
        return replace(base, **values)
    if isinstance(base, ClusterRecord):
        titles = base.titles
        if "title" in body:
            titles = _by_language(problems, body["title"], "/title", titles)
        position = body.get("position", base.position)
        if isinstance(position, bool) or not isinstance(position, int) or position < 1:
            problems.append(Located("/position", "expected a whole number from 1"))
            position = base.position
        return replace(base, titles=titles, position=position, translation_status=statuses)
    texts = dict(base.texts)
    for name in SCHEME_FIELDS:
        if name in body:
            current = {lang: value for (field, lang), value in texts.items() if field == name}
            found = _by_language(problems, body[name], f"/{name}", current)
            texts = {key: value for key, value in texts.items() if key[0] != name}
            texts.update({(name, lang): value for lang, value in found.items()})
    return SchemeInfo(texts=texts, translation_status=statuses)


def part_body(record: PartRecord) -> dict[str, Any]:
    """A record in the shape a body has."""
    if isinstance(record, SourceRecord):
        return {"id": record.key, **{name: getattr(record, name) for name in SOURCE_FIELDS}}
    if isinstance(record, ClusterRecord):
        return {
            "id": record.id,
            "title": dict(record.titles),
            "position": record.position,
            "translation_status": dict(record.translation_status),
        }
    body: dict[str, Any] = {name: {} for name in SCHEME_FIELDS}
    for (name, lang), value in sorted(record.texts.items()):
        body.setdefault(name, {})[lang] = value
    return body | {"translation_status": dict(record.translation_status)}


def part_draft_body(draft: PartDraft) -> dict[str, Any]:
    return {
        "id": draft.key,
        "kind": draft.kind,
        "status": draft.status.value,
        "new": draft.is_new,
        "author": draft.author,
        "base_version": draft.base_version,
        "lock_version": draft.lock_version,
        "change_note": draft.change_note,
        "reason": draft.reason or None,
        "updated_at": draft.updated_at.isoformat(),
        "remove": draft.remove,
        draft.kind: part_body(draft.record),
        "href": part_path(draft.kind, draft.key),
    }


def part_conflict_body(conflict: PartVersionConflict) -> dict[str, Any]:
    return {
        "base_version": conflict.base_version,
        "current_version": conflict.theirs_version,
        "mine": part_body(conflict.mine),
        "theirs": part_body(conflict.theirs),
    }
