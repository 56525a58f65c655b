"""Reading and checking the CSV files of a framework.

Every problem is collected with file, line and column, so an editor sees all of them at once;
nothing here touches the database beyond the stored labels handed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    Cluster,
    Concept,
    ConceptMapping,
    ConceptStatus,
    ExplanationStatus,
    Label,
    Source,
    TranslationStatus,
)
from glossary.records import (
    EXPLANATION_STATUSES,
    NOTE_KINDS,
    SOURCE_FIELDS,
    ClusterRecord,
    ConceptRecord,
    Framework,
    LanguageLabels,
    SourceRecord,
)
from glossary.services.mappings import mapping_uri_problem
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
