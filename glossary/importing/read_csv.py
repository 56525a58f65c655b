"""The CSV reader: a framework's CSV file set (concepts, clusters, sources, scheme) → records.

This module only parses: headers, cells, multi-value lists and places in clusters. What the
values must satisfy is checked on the records (`check`), as for every other way data enters;
`CsvLocator` places those problems at file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from glossary.formats.csvfile import (
    CLUSTER_PLAIN_COLUMNS,
    CONCEPT_LIFE_COLUMNS,
    CONCEPT_LINK_COLUMNS,
    CONCEPT_MAPPING_COLUMNS,
    CONCEPT_PLAIN_COLUMNS,
    LANGUAGE_FIELDS,
    SOURCE_COLUMNS,
    CsvRow,
    CsvTable,
    Problem,
    read_table,
    split_multi,
)
from glossary.importing.check import check
from glossary.importing.problems import FrameworkInvalid, RecordKind, Rules, StoredLabels
from glossary.model_enums import (
    ConceptStatus,
    ExplanationStatus,
    TranslationStatus,
    concept_status_word,
)
from glossary.records import (
    NOTE_KINDS,
    SOURCE_FIELDS,
    ClusterRecord,
    ConceptRecord,
    Framework,
    LanguageLabels,
    SchemeInfo,
    SourceRecord,
)
from glossary.text import LANG_TAG, slugify

CLUSTERS_FILE = "clusters.csv"
SOURCES_FILE = "bronnen.csv"
SCHEME_FILE = "scheme.csv"


@dataclass(frozen=True)
class FrameworkFiles:
    concepts: Path
    clusters: Path
    sources: Path
    scheme: Path

    @classmethod
    def beside(
        cls, concepts: Path, clusters: Path | None = None, sources: Path | None = None
    ) -> FrameworkFiles:
        """The concepts file with its clusters, sources and scheme files in the same folder."""
        folder = concepts.parent
        return cls(
            concepts=concepts,
            clusters=clusters or folder / CLUSTERS_FILE,
            sources=sources or folder / SOURCES_FILE,
            scheme=folder / SCHEME_FILE,
        )


def read_framework(
    files: FrameworkFiles,
    source_language: str,
    stored_labels: StoredLabels | None = None,
    base_uri: str = "",
) -> tuple[Framework, SchemeInfo]:
    """Read and check all files; raise FrameworkInvalid listing every problem.

    `stored_labels` are the labels of concepts already in the database: those the file leaves
    out stay (unless pruned), so the file may not give their labels to other concepts.
    `base_uri` is this service's own: a mapping must name another vocabulary's concept.
    """
    problems: list[Problem] = []
    locator = CsvLocator()
    scheme = _read_scheme(files.scheme, source_language, locator, problems)
    clusters = _read_clusters(files.clusters, source_language, locator, problems)
    sources = _read_sources(files.sources, locator, problems)
    concepts, rejected = _read_concepts(files.concepts, source_language, locator, problems)
    framework = Framework(clusters=clusters, sources=sources, concepts=concepts)
    rules = Rules(source_language, stored_labels or {}, base_uri)
    problems += check(framework, scheme, rules, locator, rejected)
    if problems:
        raise FrameworkInvalid(problems)
    return framework, scheme


@dataclass
class CsvLocator:
    """The file, line and column each record and field was read from."""

    tables: dict[str, CsvTable] = field(default_factory=dict)
    rows: dict[str, list[CsvRow]] = field(default_factory=dict)
    # the scheme's fields (translation_status@en) → the line that set them
    scheme_lines: dict[str, int] = field(default_factory=dict)

    def locate(self, kind: RecordKind, index: int | None, field: str, message: str) -> Problem:
        table = self.tables[kind]
        if kind == "scheme":
            line = self.scheme_lines.get(field, 1)
        else:
            line = self.rows[kind][index].line if index is not None else 1
        return Problem(table.path, line, table.column_label(field), message)

    def name(self, kind: RecordKind, index: int) -> str:
        return f"line {self.rows[kind][index].line}"


def _language_column(name: str) -> tuple[str, str] | None:
    field_name, _, lang = name.partition("@")
    if lang and field_name in LANGUAGE_FIELDS + ("title", "description") and LANG_TAG.match(lang):
        return field_name, lang
    return None


def _check_header(
    table: CsvTable,
    plain: Iterable[str],
    language_fields: Iterable[str],
    required: Iterable[str],
    problems: list[Problem],
) -> bool:
    allowed_plain = set(plain)
    allowed_fields = set(language_fields)
    ok = True
    seen: set[str] = set()
    for name in table.header:
        parsed = _language_column(name)
        if name in seen:
            problems.append(
                Problem(table.path, 1, table.column_label(name), "column appears twice")
            )
            ok = False
        seen.add(name)
        if name in allowed_plain or (parsed and parsed[0] in allowed_fields):
            continue
        expected = (
            ", ".join(sorted(allowed_plain))
            + ", "
            + ", ".join(f"{f}@<language>" for f in sorted(allowed_fields))
        )
        problems.append(
            Problem(
                table.path,
                1,
                table.column_label(name),
                f"unknown column '{name}'; expected one of: {expected}",
            )
        )
        ok = False
    for name in required:
        if name not in table.header:
            problems.append(Problem(table.path, 1, "", f"required column '{name}' is missing"))
            ok = False
    return ok


def _read_scheme(
    path: Path, source_language: str, locator: CsvLocator, problems: list[Problem]
) -> SchemeInfo:
    info = SchemeInfo()
    if not path.exists():
        return info
    table = read_table(path, problems)
    fields = ("title", "description", "translation_status")
    if table is None or not _check_header(table, (), fields, (), problems):
        return info
    if not _no_source_status_column(table, source_language, problems):
        return info
    locator.tables["scheme"] = table
    for row in table.rows:
        for name, value in row.values.items():
            parsed = _language_column(name)
            if parsed and parsed[0] != "translation_status" and value.strip():
                info.texts[parsed] = value.strip()
        languages = {lang for _, lang in info.texts}
        statuses = _translation_statuses(row, languages, source_language)
        info.translation_status.update(statuses)
        locator.scheme_lines.update({f"translation_status@{lang}": row.line for lang in statuses})
    return info


def _read_clusters(
    path: Path, source_language: str, locator: CsvLocator, problems: list[Problem]
) -> list[ClusterRecord]:
    table = read_table(path, problems)
    if table is None:
        return []
    fields = ("title", "translation_status")
    if not _check_header(table, CLUSTER_PLAIN_COLUMNS, fields, ("id",), problems):
        return []
    if not _no_source_status_column(table, source_language, problems):
        return []
    locator.tables["cluster"] = table
    rows = locator.rows.setdefault("cluster", [])
    records: list[ClusterRecord] = []
    for index, row in enumerate(table.rows, start=1):
        position_text = row.values.get("position", "").strip()
        if position_text and not position_text.isdigit():
            problems.append(
                Problem(
                    table.path,
                    row.line,
                    table.column_label("position"),
                    f"'{position_text}' is not a number",
                )
            )
            continue
        titles = _language_values(row, "title")
        statuses = _translation_statuses(row, set(titles), source_language)
        records.append(
            ClusterRecord(
                row.values["id"].strip(),
                int(position_text) if position_text else index,
                titles,
                statuses,
            )
        )
        rows.append(row)
    return records


def _no_source_status_column(
    table: CsvTable, source_language: str, problems: list[Problem]
) -> bool:
    """The source language is never a translation: a status column for it is a mistake."""
    column = f"translation_status@{source_language}"
    if column not in table.header:
        return True
    problems.append(
        Problem(
            table.path,
            1,
            table.column_label(column),
            f"'{source_language}' is the source language and has no translation status",
        )
    )
    return False


def _translation_statuses(
    row: CsvRow, languages: Iterable[str], source_language: str
) -> dict[str, str]:
    """The status of each translated language with text in the row; draft unless stated."""
    return {
        lang: row.values.get(f"translation_status@{lang}", "").strip()
        or TranslationStatus.DRAFT.value
        for lang in sorted(set(languages) - {source_language})
    }


def _read_sources(path: Path, locator: CsvLocator, problems: list[Problem]) -> list[SourceRecord]:
    table = read_table(path, problems)
    if table is None:
        return []
    if not _check_header(table, SOURCE_COLUMNS, (), ("id", "citation", "entry"), problems):
        return []
    locator.tables["source"] = table
    locator.rows["source"] = list(table.rows)
    records: list[SourceRecord] = []
    for row in table.rows:
        values = {name: row.values.get(name, "").strip() for name in SOURCE_COLUMNS}
        records.append(
            SourceRecord(key=values["id"], **{name: values[name] for name in SOURCE_FIELDS})
        )
    return records


def _read_concepts(
    path: Path, source_language: str, locator: CsvLocator, problems: list[Problem]
) -> tuple[list[ConceptRecord], set[int]]:
    """The concept of every row, and the indexes of those with a cell that did not parse."""
    table = read_table(path, problems)
    if table is None:
        return [], set()
    required = ("clusters", f"pref_label@{source_language}", f"definition@{source_language}")
    plain = (
        CONCEPT_PLAIN_COLUMNS
        + CONCEPT_LINK_COLUMNS
        + CONCEPT_MAPPING_COLUMNS
        + CONCEPT_LIFE_COLUMNS
    )
    if not _check_header(table, plain, LANGUAGE_FIELDS, required, problems):
        return [], set()
    if not _no_source_status_column(table, source_language, problems):
        return [], set()
    locator.tables["concept"] = table
    locator.rows["concept"] = list(table.rows)
    languages = sorted({parsed[1] for name in table.header if (parsed := _language_column(name))})
    records: list[ConceptRecord] = []
    rejected: set[int] = set()
    for index, row in enumerate(table.rows):
        before = len(problems)
        records.append(_concept_from_row(table, row, source_language, languages, problems))
        if len(problems) > before:
            rejected.add(index)
    return records, rejected


def _concept_from_row(
    table: CsvTable,
    row: CsvRow,
    source_language: str,
    languages: list[str],
    problems: list[Problem],
) -> ConceptRecord:
    values = row.values
    pref = clean_text(values.get(f"pref_label@{source_language}", ""))
    texts = _language_texts(row, languages)
    clusters, cluster_positions = _cluster_entries(table, row, problems)
    return ConceptRecord(
        slug=values.get("id", "").strip() or slugify(pref),
        clusters=clusters,
        status=concept_status_word(values.get("status", "")) or ConceptStatus.VALID.value,
        labels=texts.labels,
        notes=texts.notes,
        translation_status=_translation_statuses(row, texts.translated, source_language),
        sources=split_multi(values.get("sources", "")),
        cluster_positions=cluster_positions,
        related=split_multi(values.get("related", "")),
        broader=split_multi(values.get("broader", "")),
        equivalent=split_multi(values.get("equivalent", "")),
        explanations=texts.explanations,
        explanation_status=texts.explanation_status,
        mappings={
            kind: uris
            for kind in CONCEPT_MAPPING_COLUMNS
            if (uris := split_multi(values.get(kind, "")))
        },
        replaced_by=split_multi(values.get("replaced_by", "")),
        valid_from=values.get("valid_from", "").strip(),
        valid_until=values.get("valid_until", "").strip(),
    )


@dataclass
class _LanguageTexts:
    """A row's texts per language: labels, notes and explanations."""

    labels: dict[str, LanguageLabels] = field(default_factory=dict)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    explanation_status: dict[str, str] = field(default_factory=dict)
    translated: set[str] = field(default_factory=set)  # languages with any text


def _language_texts(row: CsvRow, languages: list[str]) -> _LanguageTexts:
    values = row.values
    found = _LanguageTexts()
    for lang in languages:
        pref = clean_text(values.get(f"pref_label@{lang}", ""))
        alt = split_multi(values.get(f"alt_labels@{lang}", ""))
        hidden = split_multi(values.get(f"hidden_labels@{lang}", ""))
        if pref or alt or hidden:
            found.labels[lang] = LanguageLabels(pref, alt, hidden)
        notes = {
            kind: text
            for kind in NOTE_KINDS
            if (text := clean_text(values.get(f"{kind}@{lang}", "")))
        }
        for kind, text in notes.items():
            found.notes[(kind, lang)] = text
        explanation = clean_text(values.get(f"explanation@{lang}", ""))
        status = values.get(f"explanation_status@{lang}", "").strip()
        if explanation:
            found.explanations[lang] = explanation
        if explanation or status:
            found.explanation_status[lang] = status or ExplanationStatus.DRAFT.value
        if pref or alt or hidden or notes or explanation:
            found.translated.add(lang)
    return found


def _cluster_entries(
    table: CsvTable, row: CsvRow, problems: list[Problem]
) -> tuple[tuple[str, ...], dict[str, int]]:
    """The clusters of a row, and the places asked for: "visie-en-positie-aspecten:5"."""
    clusters: list[str] = []
    positions: dict[str, int] = {}
    for entry in split_multi(row.values.get("clusters", "")):
        cluster, colon, place = (part.strip() for part in entry.partition(":"))
        clusters.append(cluster)
        if not colon:
            continue
        if not place.isdigit() or int(place) < 1:
            problems.append(
                Problem(
                    table.path,
                    row.line,
                    table.column_label("clusters"),
                    f"'{entry}': the place after ':' must be a whole number from 1",
                )
            )
            continue
        positions[cluster] = int(place)
    return tuple(clusters), positions


def _language_values(row: CsvRow, field_name: str) -> dict[str, str]:
    return {
        lang: value.strip()
        for name, value in row.values.items()
        if (parsed := _language_column(name)) and parsed[0] == field_name
        for lang in [parsed[1]]
        if value.strip()
    }


def clean_text(text: str) -> str:
    """Normalise line endings and trailing blanks of a cell, keep everything else."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
