"""CSV → validated framework → plan → one transaction.

The whole input is validated before anything is written; every problem is reported at once
with file, line and column. Applying a plan happens in a single transaction, so a failure at
any point leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from glossary.database import begin_write
from glossary.formats.csvfile import (
    CLUSTER_PLAIN_COLUMNS,
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
from glossary.links import link_problem
from glossary.models import (
    ChangeKind,
    ChangeLogEntry,
    Citation,
    Cluster,
    ClusterMember,
    ClusterTitle,
    Concept,
    ConceptExplanation,
    ConceptMapping,
    ConceptRelation,
    ConceptScheme,
    ConceptStatus,
    ConceptTranslation,
    CrossLink,
    ExplanationStatus,
    Label,
    LabelKind,
    MappingKind,
    Note,
    NoteKind,
    RelationKind,
    SchemeText,
    Source,
    TranslationStatus,
    utcnow,
)
from glossary.services.concepts import members_of_clusters
from glossary.services.crosslinks import MentionFinder, citation_spans
from glossary.services.mappings import mapping_uri_problem
from glossary.services.records import (
    EXPLANATION_STATUSES,
    NOTE_KINDS,
    SOURCE_FIELDS,
    ClusterRecord,
    ConceptRecord,
    Framework,
    LanguageLabels,
    SourceRecord,
    cluster_record,
    concept_record,
    source_record,
)
from glossary.services.revision import Revision, bump_revision
from glossary.text import LANG_TAG, SLUG, normalize_label, slugify

CLUSTERS_FILE = "clusters.csv"
SOURCES_FILE = "bronnen.csv"
SCHEME_FILE = "scheme.csv"
EDITABLE_TRANSLATION_STATUSES = (TranslationStatus.DRAFT.value, TranslationStatus.REVIEWED.value)


class FrameworkInvalid(Exception):
    """The input files have problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input")


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


@dataclass
class SchemeInfo:
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (field, lang) → value
    # lang → draft/reviewed for the translated titles and descriptions
    translation_status: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportPlan:
    scheme_id: str
    framework: Framework
    scheme: SchemeInfo
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # set by apply: concepts whose own row is unchanged but that show a changed neighbour,
    # source or cluster (a renamed related concept, a new mention, a corrected URL)
    changed_through: list[str] = field(default_factory=list)
    unchanged: int = 0
    clusters_changed: list[str] = field(default_factory=list)
    sources_changed: list[str] = field(default_factory=list)
    order_changed: bool = False
    scheme_changed: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(
            self.added
            or self.changed
            or self.removed
            or self.clusters_changed
            or self.sources_changed
            or self.order_changed
            or self.scheme_changed
        )

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
        ]
        text = "concepts: " + ", ".join(parts)
        if self.kept:
            text += f"; {len(self.kept)} not in the file kept (use --prune to remove them)"
        if self.clusters_changed:
            text += f"; clusters changed: {', '.join(self.clusters_changed)}"
        if self.sources_changed:
            text += f"; {len(self.sources_changed)} source(s) added or changed"
        return text


# ---------------------------------------------------------------- reading and validation


# slug → (lang, label) of each stored concept: labels the file must not claim for another
StoredLabels = dict[str, list[tuple[str, str]]]


def read_framework(
    files: FrameworkFiles, source_language: str, stored_labels: StoredLabels | None = None
) -> tuple[Framework, SchemeInfo]:
    """Read and validate all files; raise FrameworkInvalid listing every problem.

    `stored_labels` are the labels of concepts already in the database: those the file leaves
    out stay (unless pruned), so the file may not give their labels to other concepts.
    """
    problems: list[Problem] = []
    scheme = _read_scheme(files.scheme, source_language, problems)
    clusters = _read_clusters(files.clusters, source_language, problems)
    sources = _read_sources(files.sources, problems)
    concepts = _read_concepts(
        files.concepts,
        source_language,
        {cluster.id for cluster in clusters},
        {source.key: source for source in sources},
        stored_labels or {},
        problems,
    )
    if problems:
        raise FrameworkInvalid(problems)
    return Framework(clusters=clusters, sources=sources, concepts=concepts), scheme


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


def _read_scheme(path: Path, source_language: str, problems: list[Problem]) -> SchemeInfo:
    info = SchemeInfo()
    if not path.exists():
        return info
    table = read_table(path, problems)
    fields = ("title", "description", "translation_status")
    if table is None or not _check_header(table, (), fields, (), problems):
        return info
    if not _no_source_status_column(table, source_language, problems):
        return info
    for row in table.rows:
        for name, value in row.values.items():
            parsed = _language_column(name)
            if parsed and parsed[0] != "translation_status" and value.strip():
                info.texts[parsed] = value.strip()
        languages = {lang for _, lang in info.texts}
        info.translation_status.update(
            _translation_statuses(table, row, languages, source_language, problems)
        )
    return info


def _read_clusters(
    path: Path, source_language: str, problems: list[Problem]
) -> list[ClusterRecord]:
    table = read_table(path, problems)
    if table is None:
        return []
    fields = ("title", "translation_status")
    if not _check_header(table, CLUSTER_PLAIN_COLUMNS, fields, ("id",), problems):
        return []
    if not _no_source_status_column(table, source_language, problems):
        return []
    records: list[ClusterRecord] = []
    first_line: dict[str, int] = {}
    for index, row in enumerate(table.rows, start=1):
        cluster_id = row.values["id"].strip()
        if not SLUG.match(cluster_id):
            _problem(table, row, "id", f"'{cluster_id}' is not a valid id (a-z, 0-9, -)", problems)
            continue
        before = len(problems)
        _check_length(table, row, "id", cluster_id, _limit(Cluster.__table__.c.id), problems)
        if len(problems) > before:
            continue
        if cluster_id in first_line:
            _problem(
                table,
                row,
                "id",
                f"duplicate cluster id '{cluster_id}' (first on line {first_line[cluster_id]})",
                problems,
            )
            continue
        first_line[cluster_id] = row.line
        position_text = row.values.get("position", "").strip()
        if position_text and not position_text.isdigit():
            _problem(table, row, "position", f"'{position_text}' is not a number", problems)
            continue
        titles = _language_values(row, "title")
        if not titles:
            _problem(table, row, "id", "a cluster needs a title@<language>", problems)
        statuses = _translation_statuses(table, row, set(titles), source_language, problems)
        records.append(
            ClusterRecord(
                cluster_id, int(position_text) if position_text else index, titles, statuses
            )
        )
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
    table: CsvTable,
    row: CsvRow,
    languages: Iterable[str],
    source_language: str,
    problems: list[Problem],
) -> dict[str, str]:
    """The status of each translated language with text in the row; draft unless stated."""
    statuses: dict[str, str] = {}
    for lang in sorted(set(languages) - {source_language}):
        value = row.values.get(f"translation_status@{lang}", "").strip()
        value = value or TranslationStatus.DRAFT.value
        if value not in EDITABLE_TRANSLATION_STATUSES:
            _problem(
                table,
                row,
                f"translation_status@{lang}",
                f"unknown translation status '{value}' "
                f"(allowed: {', '.join(EDITABLE_TRANSLATION_STATUSES)})",
                problems,
            )
        statuses[lang] = value
    return statuses


def _read_sources(path: Path, problems: list[Problem]) -> list[SourceRecord]:
    table = read_table(path, problems)
    if table is None:
        return []
    if not _check_header(table, SOURCE_COLUMNS, (), ("id", "citation", "entry"), problems):
        return []
    records: list[SourceRecord] = []
    first_line: dict[str, int] = {}
    citations: dict[str, int] = {}
    for row in table.rows:
        values = {name: row.values.get(name, "").strip() for name in SOURCE_COLUMNS}
        for name in SOURCE_COLUMNS:
            column = Source.__table__.c["key" if name == "id" else name]
            if getattr(column.type, "length", None):
                _check_length(table, row, name, values[name], _limit(column), problems)
        key = values["id"]
        if not SLUG.match(key):
            _problem(table, row, "id", f"'{key}' is not a valid id (a-z, 0-9, -)", problems)
            continue
        if key in first_line:
            _problem(
                table,
                row,
                "id",
                f"duplicate source id '{key}' (first on line {first_line[key]})",
                problems,
            )
            continue
        first_line[key] = row.line
        for required in ("citation", "entry"):
            if not values[required]:
                _problem(table, row, required, f"source '{key}' has no {required}", problems)
        citation = values["citation"]
        if citation and citation in citations:
            _problem(
                table,
                row,
                "citation",
                f"citation '{citation}' is also used on line {citations[citation]}",
                problems,
            )
        citations[citation] = row.line
        url_problem = link_problem(values["url"]) if values["url"] else None
        if url_problem:
            _problem(table, row, "url", url_problem, problems)
        if values["language"] and not LANG_TAG.match(values["language"]):
            _problem(
                table,
                row,
                "language",
                f"'{values['language']}' is not a language code (BCP 47, e.g. 'en')",
                problems,
            )
        records.append(SourceRecord(key=key, **{name: values[name] for name in SOURCE_FIELDS}))
    return records


def _read_concepts(
    path: Path,
    source_language: str,
    cluster_ids: set[str],
    sources: dict[str, SourceRecord],
    stored_labels: StoredLabels,
    problems: list[Problem],
) -> list[ConceptRecord]:
    table = read_table(path, problems)
    if table is None:
        return []
    required = ("clusters", f"pref_label@{source_language}", f"definition@{source_language}")
    plain = CONCEPT_PLAIN_COLUMNS + CONCEPT_LINK_COLUMNS + CONCEPT_MAPPING_COLUMNS
    if not _check_header(table, plain, LANGUAGE_FIELDS, required, problems):
        return []
    if not _no_source_status_column(table, source_language, problems):
        return []

    records: list[ConceptRecord] = []
    lines: dict[str, CsvRow] = {}
    labels_seen: dict[tuple[str, str], tuple[str, str, int, str]] = {}
    for row in table.rows:
        record = _concept_from_row(table, row, source_language, cluster_ids, sources, problems)
        if record is None:
            continue
        if record.slug in lines:
            _problem(
                table,
                row,
                "id",
                f"duplicate id '{record.slug}' (first on line {lines[record.slug].line})",
                problems,
            )
            continue
        lines[record.slug] = row
        _check_label_uniqueness(table, row, record, labels_seen, problems)
        records.append(record)

    _check_cluster_places(table, records, lines, problems)
    retained = {slug: labels for slug, labels in stored_labels.items() if slug not in lines}
    _check_retained_labels(table, records, lines, retained, problems)
    for record in records:
        row = lines[record.slug]
        for kind, targets in record.relation_targets().items():
            for target in targets:
                if target == record.slug:
                    _problem(table, row, kind, f"'{target}' relates a concept to itself", problems)
                elif target not in lines:
                    _problem(
                        table, row, kind, f"'{target}' points to no concept in this file", problems
                    )
    return records


def _concept_from_row(
    table: CsvTable,
    row: CsvRow,
    source_language: str,
    cluster_ids: set[str],
    sources: dict[str, SourceRecord],
    problems: list[Problem],
) -> ConceptRecord | None:
    values = row.values
    before = len(problems)
    pref = _clean(values.get(f"pref_label@{source_language}", ""))
    if not pref:
        _problem(
            table,
            row,
            f"pref_label@{source_language}",
            f"missing preferred label in the source language ({source_language})",
            problems,
        )
    if not _clean(values.get(f"definition@{source_language}", "")):
        _problem(
            table,
            row,
            f"definition@{source_language}",
            f"missing definition in the source language ({source_language})",
            problems,
        )
    slug = values.get("id", "").strip() or slugify(pref)
    if slug and not SLUG.match(slug):
        _problem(table, row, "id", f"'{slug}' is not a valid id (a-z, 0-9, -)", problems)
    _check_length(table, row, "id", slug, _limit(Concept.__table__.c.slug), problems)

    clusters, cluster_positions = _cluster_entries(table, row, problems)
    if not clusters:
        _problem(table, row, "clusters", "a concept needs at least one cluster", problems)
    for cluster in clusters:
        if cluster not in cluster_ids:
            known = ", ".join(sorted(cluster_ids)) or "none"
            _problem(
                table, row, "clusters", f"unknown cluster '{cluster}' (known: {known})", problems
            )

    status = values.get("status", "").strip() or ConceptStatus.ACCEPTED.value
    if status not in {s.value for s in ConceptStatus}:
        allowed = ", ".join(s.value for s in ConceptStatus)
        _problem(table, row, "status", f"unknown status '{status}' (allowed: {allowed})", problems)

    labels: dict[str, LanguageLabels] = {}
    notes: dict[tuple[str, str], str] = {}
    explanations: dict[str, str] = {}
    explanation_status: dict[str, str] = {}
    translated: set[str] = set()
    languages = sorted({parsed[1] for name in table.header if (parsed := _language_column(name))})
    for lang in languages:
        lang_pref = _clean(values.get(f"pref_label@{lang}", ""))
        alt = split_multi(values.get(f"alt_labels@{lang}", ""))
        hidden = split_multi(values.get(f"hidden_labels@{lang}", ""))
        lang_notes = {
            kind: _clean(values.get(f"{kind}@{lang}", ""))
            for kind in NOTE_KINDS
            if _clean(values.get(f"{kind}@{lang}", ""))
        }
        explanation = _clean(values.get(f"explanation@{lang}", ""))
        has_content = bool(lang_pref or alt or hidden or lang_notes or explanation)
        if has_content and not lang_pref and lang != source_language:
            _problem(
                table,
                row,
                f"pref_label@{lang}",
                f"texts in '{lang}' need a preferred label in '{lang}'",
                problems,
            )
        label_limit = _limit(Label.__table__.c.text)
        for column, texts in (
            (f"pref_label@{lang}", [lang_pref]),
            (f"alt_labels@{lang}", alt),
            (f"hidden_labels@{lang}", hidden),
        ):
            for text in texts:
                _check_length(table, row, column, text, label_limit, problems)
        if lang_pref:
            labels[lang] = LanguageLabels(lang_pref, alt, hidden)
        for kind, text in lang_notes.items():
            notes[(kind, lang)] = text
        review_status = _explanation_status(table, row, lang, explanation, problems)
        if explanation:
            explanations[lang], explanation_status[lang] = explanation, review_status
        if has_content:
            translated.add(lang)
    translation_status = _translation_statuses(table, row, translated, source_language, problems)

    source_keys = split_multi(values.get("sources", ""))
    all_text = "\n".join(notes.values())
    for key in source_keys:
        source = sources.get(key)
        if source is None:
            _problem(table, row, "sources", f"source '{key}' is not in the bibliography", problems)
        elif source.citation not in all_text:
            _problem(
                table,
                row,
                "sources",
                f"source '{key}' is listed but its citation '({source.citation})' "
                "does not occur in the concept's texts",
                problems,
            )
    if len(set(source_keys)) != len(source_keys):
        _problem(table, row, "sources", "a source is listed twice", problems)

    mappings = _mappings(table, row, problems)

    if len(problems) > before:
        return None
    return ConceptRecord(
        slug=slug,
        clusters=clusters,
        status=status,
        labels=labels,
        notes=notes,
        translation_status=translation_status,
        sources=source_keys,
        cluster_positions=cluster_positions,
        related=split_multi(values.get("related", "")),
        broader=split_multi(values.get("broader", "")),
        equivalent=split_multi(values.get("equivalent", "")),
        explanations=explanations,
        explanation_status=explanation_status,
        mappings=mappings,
    )


def _explanation_status(
    table: CsvTable, row: CsvRow, lang: str, explanation: str, problems: list[Problem]
) -> str:
    """The review status of a row's explanation in one language: draft unless stated.

    A status without an explanation is refused rather than dropped: it usually means the
    explanation went missing in a spreadsheet edit.
    """
    column = f"explanation_status@{lang}"
    value = row.values.get(column, "").strip()
    if value and not explanation:
        _problem(table, row, column, f"a status but no explanation@{lang}", problems)
    value = value or ExplanationStatus.DRAFT.value
    if value not in EXPLANATION_STATUSES:
        _problem(
            table,
            row,
            column,
            f"unknown explanation status '{value}' (allowed: {', '.join(EXPLANATION_STATUSES)})",
            problems,
        )
    return value


def _mappings(table: CsvTable, row: CsvRow, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """The mapping columns of a row: absolute http(s) URIs of other vocabularies' concepts."""
    found: dict[str, tuple[str, ...]] = {}
    limit = _limit(ConceptMapping.__table__.c.uri)
    for kind in CONCEPT_MAPPING_COLUMNS:
        uris = split_multi(row.values.get(kind, ""))
        for uri in uris:
            problem = mapping_uri_problem(uri)
            if problem:
                _problem(table, row, kind, problem, problems)
            _check_length(table, row, kind, uri, limit, problems)
        if len(set(uris)) != len(uris):
            _problem(table, row, kind, "a URI is listed twice", problems)
        if uris:
            found[kind] = uris
    return found


def _cluster_entries(
    table: CsvTable, row: CsvRow, problems: list[Problem]
) -> tuple[tuple[str, ...], dict[str, int]]:
    """The clusters of a row, and the places asked for: "visie-en-positie-aspecten:5"."""
    clusters: list[str] = []
    positions: dict[str, int] = {}
    for entry in split_multi(row.values.get("clusters", "")):
        cluster, colon, place = (part.strip() for part in entry.partition(":"))
        if cluster in clusters:
            _problem(table, row, "clusters", f"cluster '{cluster}' is listed twice", problems)
            continue
        clusters.append(cluster)
        if not colon:
            continue
        if not place.isdigit() or int(place) < 1:
            _problem(
                table,
                row,
                "clusters",
                f"'{entry}': the place after ':' must be a whole number from 1",
                problems,
            )
            continue
        positions[cluster] = int(place)
    return tuple(clusters), positions


def _check_cluster_places(
    table: CsvTable,
    records: list[ConceptRecord],
    lines: dict[str, CsvRow],
    problems: list[Problem],
) -> None:
    """A place asked for in a cluster must exist and belong to one concept only."""
    sizes: dict[str, int] = {}
    for record in records:
        for cluster in record.clusters:
            sizes[cluster] = sizes.get(cluster, 0) + 1
    claimed: dict[tuple[str, int], CsvRow] = {}
    for record in records:
        row = lines[record.slug]
        for cluster, place in record.cluster_positions.items():
            if place > sizes[cluster]:
                _problem(
                    table,
                    row,
                    "clusters",
                    f"place {place} in cluster '{cluster}', which has only "
                    f"{sizes[cluster]} concept(s)",
                    problems,
                )
            elif (cluster, place) in claimed:
                _problem(
                    table,
                    row,
                    "clusters",
                    f"place {place} in cluster '{cluster}' is already taken on line "
                    f"{claimed[(cluster, place)].line}",
                    problems,
                )
            else:
                claimed[(cluster, place)] = row


def _check_retained_labels(
    table: CsvTable,
    records: list[ConceptRecord],
    lines: dict[str, CsvRow],
    retained: StoredLabels,
    problems: list[Problem],
) -> None:
    """A concept that stays in the database keeps its labels: the file may not reuse them."""
    owners = {
        (lang, normalize_label(text)): slug
        for slug, labels in retained.items()
        for lang, text in labels
    }
    if not owners:
        return
    for record in records:
        for lang, labels in record.labels.items():
            columns = [("pref_label", labels.pref)]
            columns += [("alt_labels", text) for text in labels.alt]
            columns += [("hidden_labels", text) for text in labels.hidden]
            for column, text in columns:
                owner = owners.get((lang, normalize_label(text)))
                if owner is not None:
                    _problem(
                        table,
                        lines[record.slug],
                        f"{column}@{lang}",
                        f"label '{text}' ({lang}) already names '{owner}', which is in the "
                        "database but not in this file; import with --prune to remove it",
                        problems,
                    )


def _check_label_uniqueness(
    table: CsvTable,
    row: CsvRow,
    record: ConceptRecord,
    seen: dict[tuple[str, str], tuple[str, str, int, str]],
    problems: list[Problem],
) -> None:
    """No label may name two concepts in one language: resolution must be unambiguous."""
    for lang, labels in record.labels.items():
        kinds = [("pref", labels.pref)] + [("alt", a) for a in labels.alt]
        kinds += [("hidden", h) for h in labels.hidden]
        for kind, text in kinds:
            key = (lang, normalize_label(text))
            column = f"{'pref_label' if kind == 'pref' else kind + '_labels'}@{lang}"
            previous = seen.get(key)
            if previous is None:
                seen[key] = (record.slug, kind, row.line, text)
                continue
            other_slug, other_kind, other_line, other_text = previous
            if other_slug == record.slug:
                _problem(
                    table,
                    row,
                    column,
                    f"label '{text}' repeats '{other_text}' of the same concept (labels are "
                    "compared ignoring case, accents, spaces, hyphens and quotes)",
                    problems,
                )
            elif kind == "pref" and other_kind == "pref":
                _problem(
                    table,
                    row,
                    column,
                    f"preferred label '{text}' ({lang}) is already the preferred label of "
                    f"'{other_slug}' (line {other_line})",
                    problems,
                )
            else:
                _problem(
                    table,
                    row,
                    column,
                    f"label '{text}' ({lang}) already names '{other_slug}' (line {other_line})",
                    problems,
                )


def _language_values(row: CsvRow, field_name: str) -> dict[str, str]:
    return {
        lang: value.strip()
        for name, value in row.values.items()
        if (parsed := _language_column(name)) and parsed[0] == field_name
        for lang in [parsed[1]]
        if value.strip()
    }


def _clean(text: str) -> str:
    """Normalise line endings and trailing blanks of a cell, keep everything else."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _limit(column: Any) -> int:
    """How many characters a database column holds."""
    return int(column.type.length)


def _check_length(
    table: CsvTable, row: CsvRow, column: str, value: str, limit: int, problems: list[Problem]
) -> None:
    if len(value) > limit:
        _problem(
            table,
            row,
            column,
            f"'{value[:40]}…' has {len(value)} characters; at most {limit} fit",
            problems,
        )


def _problem(
    table: CsvTable, row: CsvRow, column: str, message: str, problems: list[Problem]
) -> None:
    problems.append(Problem(table.path, row.line, table.column_label(column), message))


# ---------------------------------------------------------------- planning


def _load_concepts(session: Session, scheme_id: str) -> list[Concept]:
    return list(
        session.scalars(
            select(Concept)
            .where(Concept.scheme_id == scheme_id)
            .options(
                selectinload(Concept.labels),
                selectinload(Concept.notes),
                selectinload(Concept.translations),
                selectinload(Concept.explanations),
                selectinload(Concept.memberships).selectinload(ClusterMember.cluster),
                selectinload(Concept.citations).selectinload(Citation.source),
                selectinload(Concept.relations).selectinload(ConceptRelation.object),
                selectinload(Concept.mappings),
            )
            .order_by(Concept.position)
        )
    )


def plan_import(
    session: Session,
    scheme_id: str,
    framework: Framework,
    scheme: SchemeInfo,
    prune: bool = False,
) -> ImportPlan:
    """Compare a validated framework with the database: what would an import change?"""
    plan = ImportPlan(scheme_id=scheme_id, framework=framework, scheme=scheme)
    existing = {concept.slug: concept for concept in _load_concepts(session, scheme_id)}
    incoming = {record.slug for record in framework.concepts}
    for position, record in enumerate(framework.concepts):
        concept = existing.get(record.slug)
        if concept is None:
            plan.added.append(record.slug)
        elif concept_record(concept) != record:
            plan.changed.append(record.slug)
        else:
            plan.unchanged += 1
            if concept.position != position:
                plan.order_changed = True
    for slug in existing:
        if slug not in incoming:
            (plan.removed if prune else plan.kept).append(slug)

    stored_clusters = {
        cluster.id: cluster_record(cluster)
        for cluster in session.scalars(select(Cluster).where(Cluster.scheme_id == scheme_id))
    }
    plan.clusters_changed = [
        record.id for record in framework.clusters if stored_clusters.get(record.id) != record
    ]
    stored_sources = {
        source.key: source_record(source) for source in session.scalars(select(Source))
    }
    plan.sources_changed = [
        record.key for record in framework.sources if stored_sources.get(record.key) != record
    ]
    stored_scheme = session.get(ConceptScheme, scheme_id)
    stored_texts = (
        {(text.field, text.lang): text.value for text in stored_scheme.texts}
        if stored_scheme
        else None
    )
    stored_statuses = (
        {
            text.lang: text.status.value
            for text in stored_scheme.texts
            if text.status is not TranslationStatus.SOURCE
        }
        if stored_scheme
        else {}
    )
    plan.scheme_changed = (
        stored_texts != scheme.texts or stored_statuses != scheme.translation_status
    )
    return plan


# ---------------------------------------------------------------- applying


def apply_plan(session: Session, plan: ImportPlan, prune: bool = False) -> Revision | None:
    """Write a plan in one transaction; return the new revision, or None when nothing changed.

    Any exception rolls the whole transaction back.
    """
    if not plan.has_changes:
        return None
    try:
        revision = _apply(session, plan, prune)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return revision


def _apply(session: Session, plan: ImportPlan, prune: bool) -> Revision:
    now = utcnow()
    revision = bump_revision(session)
    scheme = session.get(ConceptScheme, plan.scheme_id)
    if scheme is None:
        scheme = ConceptScheme(id=plan.scheme_id, created_at=now)
        session.add(scheme)
    scheme.modified_at = now
    statuses = plan.scheme.translation_status
    scheme.texts = [
        SchemeText(
            field=field_name,
            lang=lang,
            value=value,
            status=TranslationStatus(statuses.get(lang, TranslationStatus.SOURCE.value)),
        )
        for (field_name, lang), value in sorted(plan.scheme.texts.items())
    ]
    session.flush()

    before = _Embeddings.read(session, plan.scheme_id)
    renamed = _renamed(session, plan)
    clusters = _apply_clusters(session, plan, prune)
    sources = _apply_sources(session, plan, prune)
    existing = {concept.slug: concept for concept in _load_concepts(session, plan.scheme_id)}

    # One flush for every removal: deleting a concept lazy-loads its incoming relations, and
    # an autoflush there would delete a relation between two removed concepts while the other
    # concept's loaded collection still holds it, to be deleted again ("0 were matched").
    with session.no_autoflush:
        for slug in plan.removed:
            session.delete(existing.pop(slug))
        for slug in plan.changed:
            _clear_concept(existing[slug])
    rewritten = set(plan.added) | set(plan.changed)
    session.flush()

    records = {record.slug: record for record in plan.framework.concepts}
    for position, record in enumerate(plan.framework.concepts):
        concept = existing.get(record.slug)
        if concept is None:
            concept = Concept(scheme_id=plan.scheme_id, slug=record.slug, created_at=now)
            session.add(concept)
            existing[record.slug] = concept
        concept.position = position
        if record.slug in rewritten:
            concept.modified_at = now
            _fill_concept(concept, record, plan.scheme_id, clusters, sources)
    # Relations are attached before the concepts are flushed: the collections of new and
    # cleared concepts are then in memory, where a flushed new concept's collection would be
    # lazy-loaded with an autoflush of the whole session, once per concept (quadratic).
    with session.no_autoflush:
        for slug in rewritten:
            concept = existing[slug]
            for kind, targets in records[slug].relation_targets().items():
                for position, target in enumerate(targets):
                    concept.relations.append(
                        ConceptRelation(
                            kind=RelationKind(kind), object=existing[target], position=position
                        )
                    )
    session.flush()
    rank_cluster_members(session, plan.scheme_id)
    rebuild_cross_links(session, plan.scheme_id)

    _mark_changed_through(session, plan, before, renamed, existing, now)
    for slug, change in (
        *((slug, ChangeKind.ADDED) for slug in plan.added),
        *((slug, ChangeKind.CHANGED) for slug in (*plan.changed, *plan.changed_through)),
        *((slug, ChangeKind.REMOVED) for slug in plan.removed),
    ):
        session.add(
            ChangeLogEntry(
                scheme_id=plan.scheme_id,
                revision=revision.number,
                concept_slug=slug,
                change=change,
                changed_at=now,
            )
        )
    session.flush()
    return revision


def _renamed(session: Session, plan: ImportPlan) -> set[int]:
    """The changed concepts whose preferred labels change: others show those labels."""
    if not plan.changed:
        return set()
    stored: dict[str, tuple[int, dict[str, str]]] = {}
    for slug, pk, lang, text in session.execute(
        select(Concept.slug, Concept.pk, Label.lang, Label.text)
        .join(Label, Label.concept_pk == Concept.pk)
        .where(Concept.scheme_id == plan.scheme_id, Label.kind == LabelKind.PREF)
    ):
        stored.setdefault(slug, (pk, {}))[1][lang] = text
    changed = set(plan.changed)
    return {
        stored[record.slug][0]
        for record in plan.framework.concepts
        if record.slug in changed
        and stored[record.slug][1] != {lang: labels.pref for lang, labels in record.labels.items()}
    }


def _mark_changed_through(
    session: Session,
    plan: ImportPlan,
    before: _Embeddings,
    renamed: set[int],
    concepts: dict[str, Concept],
    now: datetime,
) -> None:
    """A partner's copy of a concept is stale when what it shows of others changed, even if
    its own row did not: a new mention, an inverse relation, a renamed related concept, a
    corrected source or cluster title. Such concepts are modified now and logged as changed.
    """
    after = _Embeddings.read(session, plan.scheme_id)
    stale = (
        before.differences(after)
        | after.showing(renamed)
        | _citing(session, plan.sources_changed)
        | _members(session, plan.scheme_id, plan.clusters_changed)
    )
    rewritten = {*plan.added, *plan.changed}
    for concept in concepts.values():
        if concept.pk in stale and concept.slug not in rewritten:
            concept.modified_at = now
            plan.changed_through.append(concept.slug)


@dataclass(frozen=True)
class _Embeddings:
    """What a concept's representation shows of other concepts: its relations in both
    directions (narrower is the inverse of broader) and the concepts its notes mention."""

    views: dict[int, frozenset[tuple[str, str, int]]]
    links: dict[int, frozenset[int]]

    @classmethod
    def read(cls, session: Session, scheme_id: str) -> _Embeddings:
        in_scheme = select(Concept.pk).where(Concept.scheme_id == scheme_id)
        views: dict[int, set[tuple[str, str, int]]] = {}
        for subject, kind, obj in session.execute(
            select(
                ConceptRelation.subject_pk, ConceptRelation.kind, ConceptRelation.object_pk
            ).where(ConceptRelation.subject_pk.in_(in_scheme))
        ):
            views.setdefault(subject, set()).add((kind.value, "to", obj))
            views.setdefault(obj, set()).add((kind.value, "from", subject))
        links: dict[int, set[int]] = {}
        for concept_pk, target_pk in session.execute(
            select(Note.concept_pk, CrossLink.target_pk)
            .join(CrossLink, CrossLink.note_pk == Note.pk)
            .where(Note.concept_pk.in_(in_scheme))
        ):
            links.setdefault(concept_pk, set()).add(target_pk)
        return cls(
            {pk: frozenset(view) for pk, view in views.items()},
            {pk: frozenset(targets) for pk, targets in links.items()},
        )

    def showing(self, pks: set[int]) -> set[int]:
        """Concepts whose representation names one of `pks`."""
        if not pks:
            return set()
        found = {pk for pk, view in self.views.items() if any(o in pks for _, _, o in view)}
        return found | {pk for pk, targets in self.links.items() if targets & pks}

    def differences(self, other: _Embeddings) -> set[int]:
        """Concepts that show other relations or mentions in `other` than here."""
        return {
            pk
            for mine, theirs in ((self.views, other.views), (self.links, other.links))
            for pk in mine.keys() | theirs.keys()
            if mine.get(pk) != theirs.get(pk)
        }


def _pref_labels(record: ConceptRecord) -> dict[str, str]:
    return {lang: labels.pref for lang, labels in record.labels.items()}


def _citing(session: Session, source_keys: list[str]) -> set[int]:
    if not source_keys:
        return set()
    return set(
        session.scalars(select(Citation.concept_pk).join(Source).where(Source.key.in_(source_keys)))
    )


def _members(session: Session, scheme_id: str, cluster_ids: list[str]) -> set[int]:
    if not cluster_ids:
        return set()
    return set(session.scalars(members_of_clusters(scheme_id, cluster_ids)))


def rank_cluster_members(session: Session, scheme_id: str) -> None:
    """Give every concept its place in each of its clusters.

    A concept that asked for a place gets it; the others fill the free places in file order.
    Places are derived for the whole scheme, since one concept's place moves the others.
    """
    members = session.execute(
        select(ClusterMember, Concept.position)
        .join(Concept, Concept.pk == ClusterMember.concept_pk)
        .where(Concept.scheme_id == scheme_id)
        .order_by(ClusterMember.cluster_pk, Concept.position, Concept.pk)
    ).all()
    by_cluster: dict[int, list[ClusterMember]] = {}
    for member, _ in members:
        by_cluster.setdefault(member.cluster_pk, []).append(member)
    for cluster_members in by_cluster.values():
        places: list[ClusterMember | None] = [None] * len(cluster_members)
        following = []
        for member in cluster_members:
            place = member.fixed_position
            if place is not None and place <= len(places) and places[place - 1] is None:
                places[place - 1] = member
            else:
                following.append(member)
        free = iter(following)
        for index, member in enumerate(places):
            (member if member is not None else next(free)).position = index + 1
    session.flush()


def _apply_clusters(session: Session, plan: ImportPlan, prune: bool) -> dict[str, Cluster]:
    """Write the scheme's clusters; return them by id, with their keys assigned."""
    stored = {
        c.id: c for c in session.scalars(select(Cluster).where(Cluster.scheme_id == plan.scheme_id))
    }
    for record in plan.framework.clusters:
        cluster = stored.get(record.id)
        if cluster is None:
            cluster = Cluster(id=record.id, scheme_id=plan.scheme_id)
            session.add(cluster)
            stored[record.id] = cluster
        cluster.position = record.position
        cluster.titles = [
            ClusterTitle(
                lang=lang,
                title=title,
                status=TranslationStatus(
                    record.translation_status.get(lang, TranslationStatus.SOURCE.value)
                ),
            )
            for lang, title in sorted(record.titles.items())
        ]
    if prune:
        incoming = {record.id for record in plan.framework.clusters}
        for cluster_id in [cluster_id for cluster_id in stored if cluster_id not in incoming]:
            session.delete(stored.pop(cluster_id))
    session.flush()
    return stored


def _apply_sources(session: Session, plan: ImportPlan, prune: bool) -> dict[str, Source]:
    stored = {source.key: source for source in session.scalars(select(Source))}
    for position, record in enumerate(plan.framework.sources):
        source = stored.get(record.key)
        if source is None:
            source = Source(key=record.key)
            session.add(source)
            stored[record.key] = source
        for name in SOURCE_FIELDS:
            setattr(source, name, getattr(record, name))
        source.position = position
    if prune:
        # The bibliography is shared by the schemes: a source another scheme cites stays.
        cited_elsewhere = set(
            session.scalars(
                select(Source.key)
                .join(Citation, Citation.source_pk == Source.pk)
                .join(Concept, Concept.pk == Citation.concept_pk)
                .where(Concept.scheme_id != plan.scheme_id)
            )
        )
        incoming = {record.key for record in plan.framework.sources}
        for key in [key for key in stored if key not in incoming | cited_elsewhere]:
            session.delete(stored.pop(key))
    session.flush()
    return stored


def _clear_concept(concept: Concept) -> None:
    concept.labels.clear()
    concept.notes.clear()
    concept.translations.clear()
    concept.explanations.clear()
    concept.memberships.clear()
    concept.citations.clear()
    concept.relations.clear()
    concept.mappings.clear()


def _fill_concept(
    concept: Concept,
    record: ConceptRecord,
    scheme_id: str,
    clusters: dict[str, Cluster],
    sources: dict[str, Source],
) -> None:
    concept.status = ConceptStatus(record.status)
    position = 0
    for lang, labels in record.labels.items():
        entries = [(LabelKind.PREF, labels.pref)]
        entries += [(LabelKind.ALT, text) for text in labels.alt]
        entries += [(LabelKind.HIDDEN, text) for text in labels.hidden]
        for kind, text in entries:
            concept.labels.append(
                Label(
                    scheme_id=scheme_id,
                    lang=lang,
                    kind=kind,
                    text=text,
                    normalized=normalize_label(text),
                    position=position,
                )
            )
            position += 1
    for position, ((kind, lang), text) in enumerate(record.notes.items()):
        concept.notes.append(Note(lang=lang, kind=NoteKind(kind), text=text, position=position))
    for lang in record.labels:
        status = record.translation_status.get(lang, TranslationStatus.SOURCE.value)
        concept.translations.append(ConceptTranslation(lang=lang, status=TranslationStatus(status)))
    for lang, text in record.explanations.items():
        status = ExplanationStatus(record.explanation_status[lang])
        concept.explanations.append(ConceptExplanation(lang=lang, text=text, status=status))
    for cluster_id in record.clusters:
        concept.memberships.append(
            ClusterMember(
                cluster_pk=clusters[cluster_id].pk,
                fixed_position=record.cluster_positions.get(cluster_id),
            )
        )
    for position, key in enumerate(record.sources):
        concept.citations.append(Citation(source=sources[key], position=position))
    for kind, uris in record.mappings.items():
        for position, uri in enumerate(uris):
            concept.mappings.append(
                ConceptMapping(kind=MappingKind(kind), uri=uri, position=position)
            )


def rebuild_cross_links(session: Session, scheme_id: str) -> int:
    """Recompute every mention of a concept in every note of the scheme; return the count.

    Cross-links are derived data: labels anywhere can change what a text mentions, so they
    are rebuilt as a whole inside the import's transaction.
    """
    concept_pks = select(Concept.pk).where(Concept.scheme_id == scheme_id)
    session.execute(
        delete(CrossLink).where(
            CrossLink.note_pk.in_(select(Note.pk).where(Note.concept_pk.in_(concept_pks)))
        )
    )
    labels_by_lang: dict[str, list[tuple[int, str]]] = {}
    for concept_pk, lang, text in session.execute(
        select(Label.concept_pk, Label.lang, Label.text).where(Label.scheme_id == scheme_id)
    ):
        labels_by_lang.setdefault(lang, []).append((concept_pk, text))
    finders = {lang: MentionFinder(labels) for lang, labels in labels_by_lang.items()}
    citations_by_concept: dict[int, list[str]] = {}
    for concept_pk, citation in session.execute(
        select(Citation.concept_pk, Source.citation).join(Source)
    ):
        citations_by_concept.setdefault(concept_pk, []).append(citation)

    count = 0
    notes = session.execute(
        select(Note.pk, Note.concept_pk, Note.lang, Note.text).where(
            Note.concept_pk.in_(concept_pks), Note.kind != NoteKind.EDITORIAL_NOTE
        )
    ).all()
    rows = []
    for note_pk, concept_pk, lang, text in notes:
        finder = finders.get(lang)
        if finder is None:
            continue
        excluded = citation_spans(text, citations_by_concept.get(concept_pk, []))
        for mention in finder.find(text, owner=concept_pk, excluded_spans=excluded):
            rows.append(
                {
                    "note_pk": note_pk,
                    "target_pk": mention.target,
                    "start": mention.start,
                    "end": mention.end,
                    "matched_text": mention.text,
                }
            )
    if rows:
        session.execute(CrossLink.__table__.insert(), rows)
        count = len(rows)
    return count


def import_framework(
    session: Session,
    scheme_id: str,
    files: FrameworkFiles,
    source_language: str,
    prune: bool = False,
    dry_run: bool = False,
) -> tuple[ImportPlan, Revision | None]:
    """Validate, plan and (unless dry_run) apply an import. Raises FrameworkInvalid."""
    return import_records(
        session,
        scheme_id,
        lambda stored: read_framework(files, source_language, stored),
        prune=prune,
        dry_run=dry_run,
    )


def import_records(
    session: Session,
    scheme_id: str,
    read: Callable[[StoredLabels], tuple[Framework, SchemeInfo]],
    prune: bool = False,
    dry_run: bool = False,
) -> tuple[ImportPlan, Revision | None]:
    """Plan and (unless dry_run) apply what `read` gives, as one transaction; every file
    format (CSV, SKOS, TBX) imports through here so that all share the same locking.

    `read` gets the stored labels (none with `prune`, which replaces them all) so that it
    can refuse a label another concept already holds. The plan is made under the write
    lock: it is the state the import writes over. Raises FrameworkInvalid, having written
    nothing, when any check fails."""
    if not dry_run:
        begin_write(session)
    try:
        stored = {} if prune else stored_concept_labels(session, scheme_id)
        framework, scheme = read(stored)
        plan = plan_import(session, scheme_id, framework, scheme, prune=prune)
    except BaseException:
        if not dry_run:
            session.rollback()  # release the write lock
        raise
    if dry_run:
        return plan, None
    revision = apply_plan(session, plan, prune=prune)
    if revision is None:
        session.rollback()  # nothing to write: release the write lock
    return plan, revision


def stored_concept_labels(session: Session, scheme_id: str) -> StoredLabels:
    """Every label of every stored concept of the scheme, by concept slug.

    An import checks a file against them, so that a file never gives a concept a label
    that another stored concept (one the file leaves out) already holds."""
    labels: StoredLabels = {}
    for slug, lang, text in session.execute(
        select(Concept.slug, Label.lang, Label.text)
        .join(Label, Label.concept_pk == Concept.pk)
        .where(Concept.scheme_id == scheme_id)
    ):
        labels.setdefault(slug, []).append((lang, text))
    return labels


def export_framework(session: Session, scheme_id: str) -> tuple[Framework, SchemeInfo]:
    """The stored framework as records, in the order an import would write them."""
    concepts = [concept_record(concept) for concept in _load_concepts(session, scheme_id)]
    clusters = [
        cluster_record(cluster)
        for cluster in session.scalars(
            select(Cluster).where(Cluster.scheme_id == scheme_id).order_by(Cluster.position)
        )
    ]
    sources = [
        source_record(source)
        for source in session.scalars(select(Source).order_by(Source.position))
    ]
    scheme = session.get(ConceptScheme, scheme_id)
    texts = scheme.texts if scheme else []
    info = SchemeInfo(
        texts={(text.field, text.lang): text.value for text in texts},
        translation_status={
            text.lang: text.status.value
            for text in texts
            if text.status is not TranslationStatus.SOURCE
        },
    )
    return Framework(clusters=clusters, sources=sources, concepts=concepts), info
