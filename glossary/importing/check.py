"""The checks every record meets, however it entered: a CSV file set, a SKOS or TBX file, the
web editor. One code path, so that one rule is never enforced for one way in and forgotten
for another.

A check names what is wrong by record and field; the reader's `Locator` (`problems`) turns
that into a place its author can find.
"""

from __future__ import annotations

from collections.abc import Collection

from glossary.formats.csvfile import Problem
from glossary.importing.check_concepts import check_concepts
from glossary.importing.problems import (
    Locator,
    Report,
    Rules,
    check_length,
    check_translation_statuses,
    limit,
)
from glossary.links import link_problem
from glossary.models import Cluster, Source
from glossary.records import (
    SOURCE_FIELDS,
    ClusterRecord,
    Framework,
    SchemeInfo,
    SourceRecord,
)
from glossary.text import LANG_TAG, SLUG


def check(
    framework: Framework,
    scheme: SchemeInfo,
    rules: Rules,
    locator: Locator,
    rejected: Collection[int] = (),
    context: Collection[int] = (),
) -> list[Problem]:
    """Every problem of the records, located; an empty list when they may be written.

    `rejected` are the indexes of concepts their reader already found faulty (a cell it
    could not parse): they are checked on their own, but no other record is checked against
    them. `context` are the indexes of stored concepts a partial change leaves as they are:
    they are there to be pointed at and counted, not checked again; their labels are the
    stored labels of `rules`."""
    report = Report(locator)
    check_scheme(scheme, rules.source_language, report)
    clusters = check_clusters(framework.clusters, rules.source_language, report)
    sources = check_sources(framework.sources, report)
    check_concepts(
        framework.concepts,
        rules,
        {cluster.id for cluster in clusters},
        {source.key: source for source in sources},
        set(rejected),
        set(context),
        report,
    )
    return report.problems


def check_scheme(scheme: SchemeInfo, source_language: str, report: Report) -> None:
    """A scheme with texts has a title in the source language (the name every page and
    export shows); its translation statuses are valid."""
    if scheme.texts and not scheme.texts.get(("title", source_language), "").strip():
        report.add("scheme", 0, f"title@{source_language}", "the scheme needs a title")
    check_translation_statuses("scheme", 0, scheme.translation_status, source_language, report)


def check_clusters(
    records: list[ClusterRecord], source_language: str, report: Report
) -> list[ClusterRecord]:
    """The clusters others may refer to: those with a valid id of their own."""
    valid: list[ClusterRecord] = []
    first: dict[str, int] = {}
    for index, record in enumerate(records):
        if not SLUG.match(record.id):
            report.add("cluster", index, "id", f"'{record.id}' is not a valid id (a-z, 0-9, -)")
            continue
        before = report.count()
        check_length("cluster", index, "id", record.id, limit(Cluster.__table__.c.id), report)
        if report.count() > before:
            continue
        if record.id in first:
            report.add(
                "cluster",
                index,
                "id",
                f"duplicate cluster id '{record.id}' "
                f"(first on {report.name('cluster', first[record.id])})",
            )
            continue
        first[record.id] = index
        if not record.titles:
            report.add("cluster", index, "id", "a cluster needs a title@<language>")
        check_translation_statuses(
            "cluster", index, record.translation_status, source_language, report
        )
        valid.append(record)
    return valid


def check_sources(records: list[SourceRecord], report: Report) -> list[SourceRecord]:
    """The sources concepts may cite: those with a valid id of their own."""
    valid: list[SourceRecord] = []
    first: dict[str, int] = {}
    citations: dict[str, int] = {}
    columns = Source.__table__.c
    for index, record in enumerate(records):
        check_length("source", index, "id", record.key, limit(columns["key"]), report)
        for name in SOURCE_FIELDS:
            if getattr(columns[name].type, "length", None):
                check_length(
                    "source", index, name, getattr(record, name), limit(columns[name]), report
                )
        key = record.key
        if not SLUG.match(key):
            report.add("source", index, "id", f"'{key}' is not a valid id (a-z, 0-9, -)")
            continue
        if key in first:
            report.add(
                "source",
                index,
                "id",
                f"duplicate source id '{key}' (first on {report.name('source', first[key])})",
            )
            continue
        first[key] = index
        for required in ("citation", "entry"):
            if not getattr(record, required):
                report.add("source", index, required, f"source '{key}' has no {required}")
        if record.citation and record.citation in citations:
            report.add(
                "source",
                index,
                "citation",
                f"citation '{record.citation}' is also used on "
                f"{report.name('source', citations[record.citation])}",
            )
        citations[record.citation] = index
        url_problem = link_problem(record.url) if record.url else None
        if url_problem:
            report.add("source", index, "url", url_problem)
        if record.language and not LANG_TAG.match(record.language):
            report.add(
                "source",
                index,
                "language",
                f"'{record.language}' is not a language code (BCP 47, e.g. 'en')",
            )
        valid.append(record)
    return valid
