"""The CSV format of a framework: reading tables as editors produce them, writing them back.

Reading accepts UTF-8 with or without BOM, comma or semicolon delimiters (Excel in Flanders
writes semicolons), quoted multi-line cells and Windows line endings. Every problem carries
file, line and column so an editor can find it.

Writing is safe to open in a spreadsheet: a cell that would start a formula gets a leading
single quote (OWASP's advice against CSV injection), which reading takes off again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.records import (
    MAPPING_KINDS,
    NOTE_KINDS,
    SOURCE_FIELDS,
    ClusterRecord,
    ConceptRecord,
    SourceRecord,
)

MULTI_VALUE_SEPARATOR = "|"
# C0 controls but tab, line feed and carriage return, and DEL: debris of copy and paste, and
# PostgreSQL text cannot hold NUL at all.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CONTROL_REPORTS = 5
# What a spreadsheet reads as the start of a formula (=, +, -, @, tab, carriage return).
FORMULA_START = re.compile(r"[=+\-@\t\r]")
# A cell the export must quote: formula start, after any quotes the text itself opens with.
# Quoting those too keeps the way back unambiguous: the one quote reading drops is ours, and
# Dutch text like "'s avonds" (no formula character after its quote) is never touched.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
LANGUAGE_FIELDS = (
    "pref_label",
    "alt_labels",
    "hidden_labels",
    *NOTE_KINDS,
    "explanation",
    "explanation_status",
    "translation_status",
)
CONCEPT_PLAIN_COLUMNS = ("id", "clusters", "status")
CONCEPT_LINK_COLUMNS = ("sources", "related", "broader", "equivalent")
# the life of a concept: its successors (ids, like the link columns) and its validity dates
CONCEPT_LIFE_COLUMNS = ("replaced_by", "valid_from", "valid_until")
# URIs of concepts in other vocabularies (skos:exactMatch, ...), one column per mapping kind
CONCEPT_MAPPING_COLUMNS = MAPPING_KINDS
CLUSTER_PLAIN_COLUMNS = ("id", "position")
# a source's id, then its fields in the order of the file
SOURCE_COLUMNS = ("id", *SOURCE_FIELDS)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located for a human."""

    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass
class CsvTable:
    path: str
    header: list[str]
    rows: list[CsvRow]

    def column_label(self, name: str) -> str:
        """'column 4 (pref_label@nl)': what an editor looks for in a spreadsheet."""
        if name in self.header:
            return f"column {self.header.index(name) + 1} ({name})"
        return f"column ({name})"


def read_table(path: Path, problems: list[Problem]) -> CsvTable | None:
    """Read a CSV file; on failure, append located problems and return None."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, 0, "", f"cannot read file: {error.strerror or error}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Problem(
                name,
                line,
                f"byte column {column}",
                f"undecodable byte 0x{raw[error.start]:02x}: the file must be UTF-8 "
                "(in Excel: Save As → 'CSV UTF-8')",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(name, 1, "", "the file is empty"))
        return None
    controls = list(CONTROL_CHARACTER.finditer(text))
    if controls:
        for found in controls[:MAX_CONTROL_REPORTS]:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            problems.append(
                Problem(
                    name,
                    line,
                    f"character column {column}",
                    f"control character U+{ord(found.group()):04X} is not allowed in a text "
                    "(tabs and line breaks are)",
                )
            )
        return None
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[CsvRow] = []
    start_line = 1
    try:
        header = [cell.strip() for cell in next(reader)]
        start_line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    problems.append(
                        Problem(
                            name,
                            start_line,
                            "",
                            f"{len(cells)} cells where the header has {len(header)} "
                            f"(check quoting and the '{delimiter}' delimiter)",
                        )
                    )
                else:
                    values = [from_spreadsheet(cell) for cell in cells]
                    rows.append(CsvRow(start_line, dict(zip(header, values, strict=True))))
            start_line = reader.line_num + 1
    except csv.Error as error:
        detail = str(error)
        if "unexpected end of data" in detail:
            detail = "a quoted cell that starts in this row is never closed"
        problems.append(Problem(name, start_line, "", f"malformed CSV: {detail}"))
        return None
    return CsvTable(name, header, rows)


def to_spreadsheet(cell: str) -> str:
    """`cell` as written to a CSV file: with a leading "'" when it could start a formula."""
    return f"'{cell}" if _NEEDS_QUOTE.match(cell) else cell


def from_spreadsheet(cell: str) -> str:
    """A cell as read from a CSV file: the quote `to_spreadsheet` added taken off again."""
    return cell[1:] if _QUOTED.match(cell) else cell


def _safe_row(values: Iterable[object]) -> list[object]:
    return [to_spreadsheet(value) if isinstance(value, str) else value for value in values]


def split_multi(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(MULTI_VALUE_SEPARATOR) if part.strip())


def join_multi(values: Iterable[str]) -> str:
    return f" {MULTI_VALUE_SEPARATOR} ".join(values)


def concept_columns(languages: Sequence[str], source_language: str) -> list[str]:
    """Column order of an exported concepts file: source language first."""
    ordered = [source_language, *sorted(lang for lang in languages if lang != source_language)]
    columns = list(CONCEPT_PLAIN_COLUMNS)
    for lang in ordered:
        columns += [
            f"{field}@{lang}"
            for field in LANGUAGE_FIELDS
            if not (field == "translation_status" and lang == source_language)
        ]
    return (
        columns
        + list(CONCEPT_LINK_COLUMNS)
        + list(CONCEPT_MAPPING_COLUMNS)
        + list(CONCEPT_LIFE_COLUMNS)
    )


def concept_row(record: ConceptRecord) -> dict[str, str]:
    row = {
        "id": record.slug,
        "clusters": join_multi(
            f"{cluster}:{record.cluster_positions[cluster]}"
            if cluster in record.cluster_positions
            else cluster
            for cluster in record.clusters
        ),
        "status": record.status,
        "sources": join_multi(record.sources),
        "related": join_multi(record.related),
        "broader": join_multi(record.broader),
        "equivalent": join_multi(record.equivalent),
        "replaced_by": join_multi(record.replaced_by),
        "valid_from": record.valid_from,
        "valid_until": record.valid_until,
    }
    for kind, uris in record.mappings.items():
        row[kind] = join_multi(uris)
    for lang, labels in record.labels.items():
        row[f"pref_label@{lang}"] = labels.pref
        row[f"alt_labels@{lang}"] = join_multi(labels.alt)
        row[f"hidden_labels@{lang}"] = join_multi(labels.hidden)
    for (kind, lang), text in record.notes.items():
        row[f"{kind}@{lang}"] = text
    for lang, text in record.explanations.items():
        row[f"explanation@{lang}"] = text
        row[f"explanation_status@{lang}"] = record.explanation_status[lang]
    for lang, status in record.translation_status.items():
        row[f"translation_status@{lang}"] = status
    return row


def write_concepts(
    records: Sequence[ConceptRecord], source_language: str, out: io.TextIOBase
) -> None:
    languages = {lang for record in records for lang in record.languages()} | {source_language}
    columns = concept_columns(sorted(languages), source_language)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {name: to_spreadsheet(value) for name, value in concept_row(record).items()}
        )


def _source_first(languages: Iterable[str], source_language: str) -> list[str]:
    return sorted(set(languages), key=lambda lang: (lang != source_language, lang))


def write_clusters(
    records: Sequence[ClusterRecord], source_language: str, out: io.TextIOBase
) -> None:
    languages = _source_first(
        (lang for record in records for lang in record.titles), source_language
    )
    translated = [lang for lang in languages if lang != source_language]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *CLUSTER_PLAIN_COLUMNS,
            *(f"title@{lang}" for lang in languages),
            *(f"translation_status@{lang}" for lang in translated),
        ]
    )
    for record in records:
        writer.writerow(
            _safe_row(
                [
                    record.id,
                    record.position,
                    *(record.titles.get(lang, "") for lang in languages),
                    *(record.translation_status.get(lang, "") for lang in translated),
                ]
            )
        )


def write_sources(records: Sequence[SourceRecord], out: io.TextIOBase) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SOURCE_COLUMNS)
    for record in records:
        writer.writerow(
            _safe_row([record.key, *(getattr(record, col) for col in SOURCE_COLUMNS[1:])])
        )


def write_scheme(
    texts: dict[tuple[str, str], str],
    statuses: dict[str, str],
    source_language: str,
    out: io.TextIOBase,
) -> None:
    """One row: the scheme's title@<lang> and description@<lang> values, then the statuses
    of the translated languages."""
    columns = sorted(
        texts, key=lambda key: (key[0] != "title", key[0], key[1] != source_language, key[1])
    )
    translated = sorted(statuses)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [f"{name}@{lang}" for name, lang in columns]
        + [f"translation_status@{lang}" for lang in translated]
    )
    writer.writerow(
        _safe_row([texts[key] for key in columns] + [statuses[lang] for lang in translated])
    )
