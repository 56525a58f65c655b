"""The checks on concept records: each concept on its own, then the concepts together
(unique ids and labels, places in clusters, relations that point somewhere)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from glossary.importing.problems import (
    Report,
    Rules,
    StoredLabels,
    check_length,
    check_translation_statuses,
    limit,
)
from glossary.model_enums import ConceptStatus, RelationKind
from glossary.models import Concept, ConceptMapping, Label
from glossary.records import (
    EXPLANATION_STATUSES,
    MAPPING_KINDS,
    ConceptRecord,
    SourceRecord,
)
from glossary.text import SLUG, normalize_label


def check_concepts(
    records: list[ConceptRecord],
    rules: Rules,
    cluster_ids: set[str],
    sources: dict[str, SourceRecord],
    rejected: set[int],
    context: set[int],
    report: Report,
) -> None:
    """Check every concept, then the sound ones together (`check.check` tells what
    `rejected` and `context` are)."""
    kept: dict[str, int] = {}  # slug → index of the concept that holds it
    for index in sorted(context):
        kept.setdefault(records[index].slug, index)
    labels_seen: dict[tuple[str, str], tuple[str, str, int, str]] = {}
    # Every id the input holds, sound or not: a relation to a concept with a problem of its
    # own points to something in the file (that problem is reported once, at its line).
    present = {record.slug for record in records}
    faulty: dict[str, int] = {}  # slug → index of a concept with problems of its own
    for index, record in enumerate(records):
        if index in context:
            continue
        before = report.count()
        _check_concept(index, record, rules, cluster_ids, sources, report)
        if index in rejected:
            continue
        if report.count() > before:
            # Its own problems are reported; its labels and relations are checked all the
            # same, so that every problem of one concept shows at once.
            faulty.setdefault(record.slug, index)
            _check_label_uniqueness(index, record, labels_seen, report)
            continue
        if record.slug in kept:
            report.add(
                "concept",
                index,
                "id",
                f"duplicate id '{record.slug}' "
                f"(first on {report.name('concept', kept[record.slug])})",
            )
            continue
        kept[record.slug] = index
        _check_label_uniqueness(index, record, labels_seen, report)
    _check_cluster_places(records, kept, report)
    checked = {slug: index for slug, index in kept.items() if index not in context}
    checked.update((slug, index) for slug, index in faulty.items() if slug not in checked)
    retained = {slug: labels for slug, labels in rules.stored_labels.items() if slug not in checked}
    _check_retained_labels(records, checked, retained, report)
    for slug, index in checked.items():
        _check_successors(index, records, kept, report)
        for kind, targets in records[index].relation_targets().items():
            for target in targets:
                if target == slug and kind == RelationKind.REPLACED_BY:
                    report.add("concept", index, kind, f"'{target}' cannot replace itself")
                elif target == slug:
                    report.add("concept", index, kind, f"'{target}' relates a concept to itself")
                elif target not in kept and target not in present:
                    report.add(
                        "concept", index, kind, f"'{target}' points to no concept in this file"
                    )


def _check_concept(
    index: int,
    record: ConceptRecord,
    rules: Rules,
    cluster_ids: set[str],
    sources: dict[str, SourceRecord],
    report: Report,
) -> None:
    source_language = rules.source_language
    source_labels = record.labels.get(source_language)
    if source_labels is None or not source_labels.pref:
        report.add(
            "concept",
            index,
            f"pref_label@{source_language}",
            f"missing preferred label in the source language ({source_language})",
        )
    if not record.notes.get(("definition", source_language)):
        report.add(
            "concept",
            index,
            f"definition@{source_language}",
            f"missing definition in the source language ({source_language})",
        )
    if record.slug and not SLUG.match(record.slug):
        report.add("concept", index, "id", f"'{record.slug}' is not a valid id (a-z, 0-9, -)")
    check_length("concept", index, "id", record.slug, limit(Concept.__table__.c.slug), report)
    _check_clusters(index, record, cluster_ids, report)
    if record.status not in {s.value for s in ConceptStatus}:
        allowed = ", ".join(s.value for s in ConceptStatus)
        report.add(
            "concept", index, "status", f"unknown status '{record.status}' (allowed: {allowed})"
        )
    _check_life(index, record, report)
    _check_languages(index, record, source_language, report)
    check_translation_statuses("concept", index, record.translation_status, source_language, report)
    _check_citations(index, record, sources, report)
    _check_mappings(index, record, rules.base_uri, report)


def _check_life(index: int, record: ConceptRecord, report: Report) -> None:
    """A replaced concept names its successors, a valid or retired one none; the validity
    dates are ISO dates in order."""
    field = RelationKind.REPLACED_BY.value
    if record.status == ConceptStatus.REPLACED and not record.replaced_by:
        report.add("concept", index, field, "a replaced concept names at least one successor")
    elif record.status in (ConceptStatus.VALID, ConceptStatus.RETIRED) and record.replaced_by:
        report.add(
            "concept",
            index,
            field,
            f"a {record.status} concept names no successor (status 'replaced' does)",
        )
    days: dict[str, date] = {}
    for name in ("valid_from", "valid_until"):
        text = getattr(record, name)
        if not text:
            continue
        try:
            days[name] = date.fromisoformat(text)
        except ValueError:
            report.add("concept", index, name, f"'{text}' is not a date (YYYY-MM-DD)")
            continue
        if len(text) != len("YYYY-MM-DD"):
            report.add("concept", index, name, f"'{text}' is not a date (YYYY-MM-DD)")
    if len(days) == 2 and days["valid_until"] < days["valid_from"]:
        report.add(
            "concept",
            index,
            "valid_until",
            f"valid_until {record.valid_until} is before valid_from {record.valid_from}",
        )


def _check_successors(
    index: int, records: list[ConceptRecord], kept: dict[str, int], report: Report
) -> None:
    """A successor is in force itself: a retired concept cannot take another's place."""
    for target in records[index].replaced_by:
        if target in kept and records[kept[target]].status == ConceptStatus.RETIRED:
            report.add(
                "concept",
                index,
                RelationKind.REPLACED_BY.value,
                f"'{target}' is retired itself and cannot replace a concept",
            )


def _check_clusters(
    index: int, record: ConceptRecord, cluster_ids: set[str], report: Report
) -> None:
    if not record.clusters:
        report.add("concept", index, "clusters", "a concept needs at least one cluster")
    seen: set[str] = set()
    for cluster in record.clusters:
        if cluster in seen:
            report.add("concept", index, "clusters", f"cluster '{cluster}' is listed twice")
            continue
        seen.add(cluster)
        if cluster not in cluster_ids:
            known = ", ".join(sorted(cluster_ids)) or "none"
            report.add(
                "concept", index, "clusters", f"unknown cluster '{cluster}' (known: {known})"
            )


def _check_languages(
    index: int, record: ConceptRecord, source_language: str, report: Report
) -> None:
    """Texts in a language need a preferred label in it; labels fit their column; an
    explanation's review status is known and belongs to an explanation."""
    label_limit = limit(Label.__table__.c.text)
    for lang in sorted(set(record.languages()) | set(record.explanation_status)):
        labels = record.labels.get(lang)
        has_content = bool(
            (labels and (labels.pref or labels.alt or labels.hidden))
            or any(note_lang == lang for _, note_lang in record.notes)
            or record.explanations.get(lang)
        )
        if has_content and not (labels and labels.pref) and lang != source_language:
            report.add(
                "concept",
                index,
                f"pref_label@{lang}",
                f"texts in '{lang}' need a preferred label in '{lang}'",
            )
        if labels is not None:
            for column, texts in (
                (f"pref_label@{lang}", [labels.pref]),
                (f"alt_labels@{lang}", labels.alt),
                (f"hidden_labels@{lang}", labels.hidden),
            ):
                for text in texts:
                    check_length("concept", index, column, text, label_limit, report)
        status = record.explanation_status.get(lang)
        if status is None:
            continue
        column = f"explanation_status@{lang}"
        if not record.explanations.get(lang):
            report.add("concept", index, column, f"a status but no explanation@{lang}")
        if status not in EXPLANATION_STATUSES:
            report.add(
                "concept",
                index,
                column,
                f"unknown explanation status '{status}' "
                f"(allowed: {', '.join(EXPLANATION_STATUSES)})",
            )


def _check_citations(
    index: int, record: ConceptRecord, sources: dict[str, SourceRecord], report: Report
) -> None:
    """A cited source is in the bibliography and its citation occurs in the concept's texts."""
    all_text = "\n".join(record.notes.values())
    for key in record.sources:
        source = sources.get(key)
        if source is None:
            report.add("concept", index, "sources", f"source '{key}' is not in the bibliography")
        elif source.citation not in all_text:
            report.add(
                "concept",
                index,
                "sources",
                f"source '{key}' is listed but its citation '({source.citation})' "
                "does not occur in the concept's texts",
            )
    if len(set(record.sources)) != len(record.sources):
        report.add("concept", index, "sources", "a source is listed twice")


def _check_mappings(index: int, record: ConceptRecord, base_uri: str, report: Report) -> None:
    """Mappings are absolute http(s) URIs of other vocabularies' concepts."""
    uri_limit = limit(ConceptMapping.__table__.c.uri)
    for kind, uris in record.mappings.items():
        if kind not in MAPPING_KINDS:
            report.add(
                "concept",
                index,
                kind,
                f"unknown mapping kind '{kind}' (allowed: {', '.join(MAPPING_KINDS)})",
            )
        for uri in uris:
            problem = mapping_uri_problem(uri, base_uri)
            if problem:
                report.add("concept", index, kind, problem)
            check_length("concept", index, kind, uri, uri_limit, report)
        if len(set(uris)) != len(uris):
            report.add("concept", index, kind, "a URI is listed twice")


def mapping_uri_problem(uri: str, base_uri: str = "") -> str | None:
    """Why `uri` cannot be a mapping target, or None: an absolute http(s) URI of a concept
    that is not one of ours (`base_uri`; within one scheme NL-SBB wants related/broader,
    not *Match)."""
    if any(character.isspace() or ord(character) < 32 for character in uri):
        return f"'{uri[:60]}' is not a URI: it holds spaces or control characters"
    parts = urlsplit(uri)
    if parts.scheme.lower() not in ("http", "https") or not uri[len(parts.scheme) :].startswith(
        "://"
    ):
        return f"'{uri[:60]}' is not an absolute http:// or https:// URI"
    if not parts.hostname:
        return f"'{uri[:60]}' is not an absolute URI: a host must follow {parts.scheme}://"
    if base_uri and uri.startswith(base_uri):
        return (
            f"'{uri[:60]}' is a concept of this framework: mappings name concepts of other "
            "vocabularies (use related, broader or equivalent)"
        )
    return None


def _check_cluster_places(
    records: list[ConceptRecord], kept: dict[str, int], report: Report
) -> None:
    """A place asked for in a cluster must exist and belong to one concept only."""
    sizes: dict[str, int] = {}
    for index in kept.values():
        for cluster in records[index].clusters:
            sizes[cluster] = sizes.get(cluster, 0) + 1
    claimed: dict[tuple[str, int], int] = {}
    for index in kept.values():
        for cluster, place in records[index].cluster_positions.items():
            if place > sizes.get(cluster, 0):
                report.add(
                    "concept",
                    index,
                    "clusters",
                    f"place {place} in cluster '{cluster}', which has only "
                    f"{sizes.get(cluster, 0)} concept(s)",
                )
            elif (cluster, place) in claimed:
                report.add(
                    "concept",
                    index,
                    "clusters",
                    f"place {place} in cluster '{cluster}' is already taken on "
                    f"{report.name('concept', claimed[(cluster, place)])}",
                )
            else:
                claimed[(cluster, place)] = index


def _label_columns(record: ConceptRecord) -> list[tuple[str, str, str]]:
    """(lang, kind, text) of every label, preferred first: pref, alt, hidden."""
    found: list[tuple[str, str, str]] = []
    for lang, labels in record.labels.items():
        found.append((lang, "pref", labels.pref))
        found += [(lang, "alt", text) for text in labels.alt]
        found += [(lang, "hidden", text) for text in labels.hidden]
    return found


def _column(kind: str, lang: str) -> str:
    return f"{'pref_label' if kind == 'pref' else kind + '_labels'}@{lang}"


def _check_retained_labels(
    records: list[ConceptRecord],
    kept: dict[str, int],
    retained: StoredLabels,
    report: Report,
) -> None:
    """A concept that stays in the database keeps its labels: the input may not reuse them."""
    owners = {
        (lang, normalize_label(text)): slug
        for slug, labels in retained.items()
        for lang, text in labels
    }
    if not owners:
        return
    for index in kept.values():
        for lang, kind, text in _label_columns(records[index]):
            owner = owners.get((lang, normalize_label(text)))
            if owner is not None:
                report.add(
                    "concept",
                    index,
                    _column(kind, lang),
                    f"label '{text}' ({lang}) already names '{owner}', which is in the "
                    "database but not in this file; import with --prune to remove it",
                )


def _check_label_uniqueness(
    index: int,
    record: ConceptRecord,
    seen: dict[tuple[str, str], tuple[str, str, int, str]],
    report: Report,
) -> None:
    """No label may name two concepts in one language: resolution must be unambiguous."""
    for lang, kind, text in _label_columns(record):
        key = (lang, normalize_label(text))
        column = _column(kind, lang)
        previous = seen.get(key)
        if previous is None:
            seen[key] = (record.slug, kind, index, text)
            continue
        other_slug, other_kind, other_index, other_text = previous
        if other_slug == record.slug:
            report.add(
                "concept",
                index,
                column,
                f"label '{text}' repeats '{other_text}' of the same concept (labels are "
                "compared ignoring case, accents, spaces, hyphens and quotes)",
            )
        elif kind == "pref" and other_kind == "pref":
            report.add(
                "concept",
                index,
                column,
                f"preferred label '{text}' ({lang}) is already the preferred label of "
                f"'{other_slug}' ({report.name('concept', other_index)})",
            )
        else:
            report.add(
                "concept",
                index,
                column,
                f"label '{text}' ({lang}) already names '{other_slug}' "
                f"({report.name('concept', other_index)})",
            )
