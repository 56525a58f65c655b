"""A concept draft over JSON: the body of `PUT /api/v1/concepts/<id>/draft` read into a
record, and records and drafts written back in the same shape.

The body has the shape of `GET /api/v1/concepts/<id>`, so a client may read a concept,
change a field and send it back: fields only the service writes (`uri`, `created`, `links`,
`narrower`, ...) are accepted and ignored. Any subset of the editable fields may be sent;
the fields left out keep the published (or drafted) value, and so do the languages an
object keyed by language leaves out (`null` for a language removes it). A value of the
wrong shape is a problem located by its JSON pointer (`/pref_label/nl`); nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glossary.editing.drafts import Draft
from glossary.editing.errors import VersionConflict
from glossary.formats.csvfile import Problem
from glossary.model_enums import concept_status_word
from glossary.records import MAPPING_KINDS, NOTE_KINDS, ConceptRecord, LanguageLabels
from glossary.urls import api_concept_path

SOURCE_STATUS = "source"
RELATION_FIELDS = ("related", "broader", "equivalent", "replaced_by")
# ISO dates (YYYY-MM-DD), or null / "" for none
DATE_FIELDS = ("valid_from", "valid_until")
LABEL_FIELDS = ("pref_label", "alt_labels", "hidden_labels")
# Fields a GET answer carries that the service derives: sent back, they are ignored.
READ_ONLY = frozenset(
    {
        "uri",
        "created",
        "modified",
        "links",
        "narrower",
        "replaces",
        "href",
        "page",
        "version",
        "id",
    }
)
CONTROL = frozenset({"base_version", "change_note", "lock_version"})
EDITABLE = frozenset(
    {
        *LABEL_FIELDS,
        *NOTE_KINDS,
        *RELATION_FIELDS,
        *DATE_FIELDS,
        "explanation",
        "translation_status",
        "clusters",
        "sources",
        "status",
        "mappings",
    }
)


@dataclass(frozen=True)
class Located:
    """A problem with the body, at a JSON pointer."""

    pointer: str
    detail: str


class BodyInvalid(Exception):
    def __init__(self, problems: list[Located]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the body")


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Located] = []

    def fail(self, pointer: str, detail: str) -> None:
        self.problems.append(Located(pointer, detail))

    def text(self, value: Any, pointer: str) -> str | None:
        if isinstance(value, str):
            return value
        self.fail(pointer, "expected a string")
        return None

    def mapping(self, value: Any, pointer: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.fail(pointer, "expected an object keyed by language code")
        return {}

    def texts(self, value: Any, pointer: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(pointer, "expected a list of strings")
            return ()
        found = [self.text(item, f"{pointer}/{index}") for index, item in enumerate(value)]
        return tuple(item for item in found if item is not None)

    def ids(self, value: Any, pointer: str, key: str = "id") -> tuple[str, ...]:
        """A list of ids, each a string or an object with `key` (as a GET answer has it)."""
        if not isinstance(value, list):
            self.fail(pointer, f"expected a list of ids (strings or objects with '{key}')")
            return ()
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                item = item.get(key)
            text = self.text(item, f"{pointer}/{index}")
            if text is not None:
                found.append(text)
        return tuple(found)

    def markdown(self, value: Any, pointer: str) -> str | None:
        """A note: Markdown as a string, or the GET answer's {"markdown": ...} object."""
        if isinstance(value, dict):
            value = value.get("markdown")
            pointer += "/markdown"
        return self.text(value, pointer)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def read_body(body: Any, base: ConceptRecord, slug: str) -> tuple[ConceptRecord, dict[str, Any]]:
    """The record a draft body describes over `base` (the published record, or an empty one
    for a new concept), and the control fields (base_version, change_note, lock_version).
    Raises BodyInvalid with every problem located."""
    reader = _Reader()
    if not isinstance(body, dict):
        raise BodyInvalid([Located("", "the body must be a JSON object")])
    for key in body:
        if key not in EDITABLE | READ_ONLY | CONTROL:
            reader.fail(f"/{_escape(key)}", f"unknown field '{key[:50]}'")
    record = _record(reader, body, base, slug)
    control = _control(reader, body)
    if reader.problems:
        raise BodyInvalid(reader.problems)
    return record, control


def _control(reader: _Reader, body: dict[str, Any]) -> dict[str, Any]:
    control: dict[str, Any] = {"change_note": ""}
    for name in ("base_version", "lock_version"):
        if name in body and body[name] is not None:
            value = body[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                reader.fail(f"/{name}", "expected a whole number, 0 or more")
            else:
                control[name] = value
    if "change_note" in body:
        note = reader.text(body["change_note"], "/change_note")
        control["change_note"] = (note or "").strip()
    return control


def _labels(
    reader: _Reader, body: dict[str, Any], base: ConceptRecord
) -> dict[str, LanguageLabels]:
    prefs = {lang: labels.pref for lang, labels in base.labels.items()}
    alts = {lang: labels.alt for lang, labels in base.labels.items()}
    hiddens = {lang: labels.hidden for lang, labels in base.labels.items()}
    if "pref_label" in body:
        for lang, value in reader.mapping(body["pref_label"], "/pref_label").items():
            if value is None:
                prefs.pop(lang, None)
            elif (text := reader.text(value, f"/pref_label/{_escape(lang)}")) is not None:
                prefs[lang] = text
    for name, target in (("alt_labels", alts), ("hidden_labels", hiddens)):
        if name in body:
            for lang, value in reader.mapping(body[name], f"/{name}").items():
                pointer = f"/{name}/{_escape(lang)}"
                target[lang] = () if value is None else reader.texts(value, pointer)
    languages = [
        lang
        for lang in {**prefs, **alts, **hiddens}
        if prefs.get(lang) or alts.get(lang) or hiddens.get(lang)
    ]
    return {
        lang: LanguageLabels(prefs.get(lang, ""), alts.get(lang, ()), hiddens.get(lang, ()))
        for lang in languages
    }


def _notes(
    reader: _Reader, body: dict[str, Any], base: ConceptRecord
) -> dict[tuple[str, str], str]:
    notes = dict(base.notes)
    for kind in NOTE_KINDS:
        if kind not in body:
            continue
        for lang, value in reader.mapping(body[kind], f"/{kind}").items():
            text = None if value is None else reader.markdown(value, f"/{kind}/{_escape(lang)}")
            if text:
                notes[(kind, lang)] = text
            else:
                notes.pop((kind, lang), None)
    return notes


def _explanations(
    reader: _Reader, body: dict[str, Any], base: ConceptRecord
) -> tuple[dict[str, str], dict[str, str]]:
    texts, statuses = dict(base.explanations), dict(base.explanation_status)
    if "explanation" not in body:
        return texts, statuses
    for lang, value in reader.mapping(body["explanation"], "/explanation").items():
        pointer = f"/explanation/{_escape(lang)}"
        status = base.explanation_status.get(lang, "draft")
        if isinstance(value, dict):
            if "status" in value:
                status = reader.text(value["status"], f"{pointer}/status") or status
            text = reader.text(value.get("text"), f"{pointer}/text")
        else:
            text = None if value is None else reader.text(value, pointer)
        if text:
            texts[lang], statuses[lang] = text, status
        else:
            texts.pop(lang, None)
            statuses.pop(lang, None)
    return texts, statuses


def _mappings(
    reader: _Reader, body: dict[str, Any], base: ConceptRecord
) -> dict[str, tuple[str, ...]]:
    if "mappings" not in body:
        return dict(base.mappings)
    found: dict[str, tuple[str, ...]] = {}
    for kind, value in reader.mapping(body["mappings"], "/mappings").items():
        if kind not in MAPPING_KINDS:
            reader.fail(f"/mappings/{_escape(kind)}", f"unknown mapping kind '{kind[:50]}'")
            continue
        uris = reader.ids(value, f"/mappings/{kind}", key="uri")
        if uris:
            found[kind] = uris
    return found


def _record(reader: _Reader, body: dict[str, Any], base: ConceptRecord, slug: str) -> ConceptRecord:
    explanations, explanation_status = _explanations(reader, body, base)
    clusters = reader.ids(body["clusters"], "/clusters") if "clusters" in body else base.clusters
    translation_status = dict(base.translation_status)
    if "translation_status" in body:
        statuses = reader.mapping(body["translation_status"], "/translation_status")
        for lang, value in statuses.items():
            text = None if value is None else reader.text(value, f"/translation_status/{lang}")
            # A GET answer names the source language "source": that is no translation.
            if text is None or text == SOURCE_STATUS:
                translation_status.pop(lang, None)
            else:
                translation_status[lang] = text
    status = base.status
    if "status" in body:
        status = concept_status_word(reader.text(body["status"], "/status") or status)
    dates = {
        name: (reader.text(body[name], f"/{name}") or "" if body[name] is not None else "")
        if name in body
        else getattr(base, name)
        for name in DATE_FIELDS
    }
    relations = {
        name: reader.ids(body[name], f"/{name}") if name in body else getattr(base, name)
        for name in RELATION_FIELDS
    }
    return ConceptRecord(
        slug=slug,
        clusters=clusters,
        status=status,
        labels=_labels(reader, body, base),
        notes=_notes(reader, body, base),
        translation_status=translation_status,
        sources=reader.ids(body["sources"], "/sources") if "sources" in body else base.sources,
        cluster_positions={
            cluster: place
            for cluster, place in base.cluster_positions.items()
            if cluster in clusters
        },
        related=relations["related"],
        broader=relations["broader"],
        equivalent=relations["equivalent"],
        explanations=explanations,
        explanation_status=explanation_status,
        mappings=_mappings(reader, body, base),
        replaced_by=relations["replaced_by"],
        valid_from=dates["valid_from"],
        valid_until=dates["valid_until"],
    )


def empty_record(slug: str) -> ConceptRecord:
    """What a new concept starts from: nothing but its id; valid once published (until then
    it is a draft of the workflow)."""
    return ConceptRecord(slug=slug, clusters=(), status="valid", labels={}, notes={})


def record_body(record: ConceptRecord) -> dict[str, Any]:
    """A record in the shape a draft body has (notes as Markdown strings, ids as strings)."""
    body: dict[str, Any] = {
        "id": record.slug,
        "status": record.status,
        "pref_label": {lang: labels.pref for lang, labels in record.labels.items()},
        "alt_labels": {
            lang: list(labels.alt) for lang, labels in record.labels.items() if labels.alt
        },
        "hidden_labels": {
            lang: list(labels.hidden) for lang, labels in record.labels.items() if labels.hidden
        },
    }
    for kind in NOTE_KINDS:
        body[kind] = {lang: text for (note, lang), text in record.notes.items() if note == kind}
    body["explanation"] = {
        lang: {"text": text, "status": record.explanation_status.get(lang, "draft")}
        for lang, text in record.explanations.items()
    }
    body["translation_status"] = dict(record.translation_status)
    body["clusters"] = list(record.clusters)
    body["sources"] = list(record.sources)
    for name in RELATION_FIELDS:
        body[name] = list(getattr(record, name))
    body["mappings"] = {kind: list(uris) for kind, uris in record.mappings.items()}
    for name in DATE_FIELDS:
        body[name] = getattr(record, name) or None
    return body


def draft_body(draft: Draft) -> dict[str, Any]:
    return {
        "id": draft.slug,
        "kind": draft.kind,
        "status": draft.status.value,
        "new": draft.is_new,
        "author": draft.author,
        "base_version": draft.base_version,
        "lock_version": draft.lock_version,
        "change_note": draft.change_note,
        "reason": draft.reason or None,
        "updated_at": draft.updated_at.isoformat(),
        "concept": record_body(draft.record),
        "href": f"{api_concept_path(draft.slug)}/draft",
    }


def conflict_body(conflict: VersionConflict) -> dict[str, Any]:
    return {
        "base_version": conflict.base_version,
        "current_version": conflict.theirs_version,
        "mine": record_body(conflict.mine),
        "theirs": record_body(conflict.theirs) if conflict.theirs is not None else None,
    }


# CSV columns the importer's checks name, as pointers into the body.
_COLUMNS = {"explanation": "explanation", "explanation_status": "explanation"}


def problem_pointer(problem: Problem) -> str:
    """Where a problem the importer's checks found is in the body: `pref_label@nl` →
    `/pref_label/nl`, `exact_match` → `/mappings/exact_match`."""
    column, _, lang = problem.column.partition("@")
    if column in MAPPING_KINDS:
        return f"/mappings/{column}"
    name = _COLUMNS.get(column, column)
    pointer = f"/{name}/{_escape(lang)}" if lang else f"/{name}" if name else ""
    if column == "explanation_status":
        pointer += "/status"
    return pointer
