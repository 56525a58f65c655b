"""The workspace's forms of a cluster, a source and the scheme's texts: which fields each
has (named after the CSV's columns, so the importer's problems land at them) and the record
a submitted form describes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from glossary.editing.part_json import CLUSTER, SOURCE, PartRecord
from glossary.records import SOURCE_FIELDS, ClusterRecord, SchemeInfo, SourceRecord

STATUSES = ("draft", "reviewed")


@dataclass(frozen=True)
class PartField:
    """One field: its name (a CSV column, `title@nl`), its label, its kind (line, text,
    number, choice) and for a language's field the language."""

    name: str
    label: object
    kind: str = "line"
    lang: str = ""
    choices: tuple[tuple[str, object], ...] = ()


SOURCE_LABELS = {
    "citation": _l("Citation key as cited in texts (e.g. Beelen, 2022)"),
    "author": _l("Author"),
    "year": _l("Year"),
    "date": _l("Date"),
    "title": _l("Title"),
    "publisher": _l("Publisher"),
    "place": _l("Place"),
    "url": _l("Address (URL)"),
    "language": _l("Language of the title (empty: the source language)"),
    "entry": _l("Entry in the bibliography"),
}


def part_fields(kind: str, languages: list[str], source_language: str) -> list[PartField]:
    """The fields of a kind's form, the languages' fields in `languages` order."""
    status_choices = (("", _l("(not set)")), ("draft", _l("draft")), ("reviewed", _l("reviewed")))
    if kind == SOURCE:
        return [
            PartField(name, SOURCE_LABELS[name], "text" if name == "entry" else "line")
            for name in SOURCE_FIELDS
        ]
    fields: list[PartField] = []
    texts: tuple[tuple[str, object], ...] = (("title", _l("Title")),)
    if kind != CLUSTER:
        texts = (("title", _l("Title")), ("description", _l("Description")))
    for lang in languages:
        for name, label in texts:
            kind_of = "text" if name == "description" else "line"
            fields.append(PartField(f"{name}@{lang}", label, kind_of, lang))
        if lang != source_language:
            fields.append(
                PartField(
                    f"translation_status@{lang}",
                    _l("Translation status"),
                    "choice",
                    lang,
                    status_choices,
                )
            )
    if kind == CLUSTER:
        fields.append(PartField("position", _l("Place among the clusters"), "number"))
    return fields


def form_from_part(record: PartRecord) -> dict[str, str]:
    """A record as the form's values."""
    if isinstance(record, SourceRecord):
        return {"id": record.key, **{name: getattr(record, name) for name in SOURCE_FIELDS}}
    values = {f"translation_status@{lang}": s for lang, s in record.translation_status.items()}
    if isinstance(record, ClusterRecord):
        values |= {f"title@{lang}": title for lang, title in record.titles.items()}
        return values | {"id": record.id, "position": str(record.position)}
    return values | {f"{name}@{lang}": text for (name, lang), text in record.texts.items()}


def part_from_form(
    base: PartRecord, values: Mapping[str, str], languages: list[str]
) -> tuple[PartRecord, dict[str, str]]:
    """The record the form describes over `base` (its id and whatever the form does not
    show), and the problems only the form can see (a place that is no number)."""
    problems: dict[str, str] = {}

    def text(name: str) -> str:
        return values.get(name, "").replace("\r\n", "\n").strip()

    if isinstance(base, SourceRecord):
        return SourceRecord(key=base.key, **{name: text(name) for name in SOURCE_FIELDS}), {}
    statuses = {
        lang: text(f"translation_status@{lang}")
        for lang in languages
        if text(f"translation_status@{lang}")
    }
    if isinstance(base, ClusterRecord):
        titles = {lang: text(f"title@{lang}") for lang in languages if text(f"title@{lang}")}
        position = base.position
        try:
            position = int(text("position") or base.position)
        except ValueError:
            problems["position"] = str(_l("A whole number, from 1."))
        if position < 1:
            problems["position"] = str(_l("A whole number, from 1."))
        record = ClusterRecord(base.id, position, titles, statuses)
        return record, problems
    texts = {
        (name, lang): text(f"{name}@{lang}")
        for name in ("title", "description")
        for lang in languages
        if text(f"{name}@{lang}")
    }
    return SchemeInfo(texts=texts, translation_status=statuses), problems
