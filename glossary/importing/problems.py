"""Problems located where their author can find them, whatever the input was.

A check names what is wrong by record and field; the `Locator` of the reader that made the
records turns that into a place: file, line and column for a CSV file, the RDF subject or TBX
entry and the property for SKOS and TBX, the form field for the editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from glossary.formats.csvfile import Problem
from glossary.model_enums import TranslationStatus

RecordKind = Literal["concept", "cluster", "source", "scheme"]
EDITABLE_TRANSLATION_STATUSES = (TranslationStatus.DRAFT.value, TranslationStatus.REVIEWED.value)
# slug → (lang, label) of each stored concept: labels the input must not claim for another
StoredLabels = dict[str, list[tuple[str, str]]]


class FrameworkInvalid(Exception):
    """The input has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input")


class Locator(Protocol):
    """Where a record came from, in terms its author knows."""

    def locate(self, kind: RecordKind, index: int | None, field: str, message: str) -> Problem:
        """The problem `message` about `field` of the `index`-th record of `kind` (None: the
        kind as a whole, e.g. a file's header)."""
        ...

    def name(self, kind: RecordKind, index: int) -> str:
        """How a message refers to another record: "line 4", "<http://...>"."""
        ...


@dataclass(frozen=True)
class Rules:
    """What the checks compare the records with, passed in by the caller (the CLI, the app):
    the source language, the labels of stored concepts the input leaves in place, and the
    base URI of this service's own concepts (a mapping must name another vocabulary's)."""

    source_language: str
    stored_labels: StoredLabels = field(default_factory=dict)
    base_uri: str = ""


class Report:
    """The problems found so far, each located through the reader's `Locator`."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self.problems: list[Problem] = []

    def add(self, kind: RecordKind, index: int | None, field: str, message: str) -> None:
        self.problems.append(self.locator.locate(kind, index, field, message))

    def name(self, kind: RecordKind, index: int) -> str:
        return self.locator.name(kind, index)

    def count(self) -> int:
        return len(self.problems)


def check_translation_statuses(
    kind: RecordKind,
    index: int,
    statuses: dict[str, str],
    source_language: str,
    report: Report,
) -> None:
    """A translation is draft or reviewed; the source language is no translation."""
    for lang, value in sorted(statuses.items()):
        if lang == source_language:
            report.add(
                kind,
                index,
                f"translation_status@{lang}",
                f"'{source_language}' is the source language and has no translation status",
            )
        elif value not in EDITABLE_TRANSLATION_STATUSES:
            report.add(
                kind,
                index,
                f"translation_status@{lang}",
                f"unknown translation status '{value}' "
                f"(allowed: {', '.join(EDITABLE_TRANSLATION_STATUSES)})",
            )


def limit(column: Any) -> int:
    """How many characters a database column holds."""
    return int(column.type.length)


def check_length(
    kind: RecordKind, index: int, field: str, value: str, most: int, report: Report
) -> None:
    if len(value) > most:
        report.add(
            kind, index, field, f"'{value[:40]}…' has {len(value)} characters; at most {most} fit"
        )
