"""What the SKOS and TBX readers share: their records put in the form a CSV file set gives,
checked by `check`, and problems located at the RDF subject or TBX entry they came from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from glossary import records
from glossary.formats.csvfile import Problem
from glossary.importing.check import check
from glossary.importing.problems import FrameworkInvalid, RecordKind, Rules
from glossary.importing.read_csv import clean_text
from glossary.model_enums import ExplanationStatus, TranslationStatus

_DRAFT = TranslationStatus.DRAFT.value
# what a problem of a record without a subject of its own is located at
_WHOLE = {
    "scheme": "the scheme",
    "cluster": "the collections",
    "source": "the sources",
    "concept": "the file",
}


@dataclass(frozen=True)
class SubjectLocator:
    """Problems located at the subject each record was read from ("<http://...>",
    "entry 'x'") and the field, in the file `path`."""

    path: str
    subjects: dict[RecordKind, list[str]]

    def _subject(self, kind: RecordKind, index: int | None) -> str | None:
        subjects = self.subjects.get(kind, [])
        return subjects[index] if index is not None and 0 <= index < len(subjects) else None

    def locate(self, kind: RecordKind, index: int | None, field: str, message: str) -> Problem:
        subject = self._subject(kind, index) or _WHOLE[kind]
        where = f"{subject} ({field})" if field else subject
        return Problem(self.path, 0, where, message)

    def name(self, kind: RecordKind, index: int) -> str:
        return self._subject(kind, index) or f"{kind} {index + 1}"


def checked(
    path: Path,
    framework: records.Framework,
    scheme: records.SchemeInfo,
    rules: Rules,
    subjects: dict[RecordKind, list[str]],
) -> tuple[records.Framework, records.SchemeInfo]:
    """The records in canonical form, checked; raise FrameworkInvalid located in `path`."""
    source_language = rules.source_language
    canonical = records.Framework(
        clusters=[_cluster(record, source_language) for record in framework.clusters],
        sources=[_source(record) for record in framework.sources],
        concepts=[_concept(record, source_language) for record in framework.concepts],
    )
    scheme = _scheme(scheme, source_language)
    problems = check(canonical, scheme, rules, SubjectLocator(str(path), subjects))
    if problems:
        raise FrameworkInvalid(problems)
    return canonical, scheme


def _statuses(
    statuses: dict[str, str], languages: set[str], source_language: str
) -> dict[str, str]:
    """A status for each translated language, draft unless stated, as a CSV file gives."""
    return {lang: statuses.get(lang) or _DRAFT for lang in sorted(languages - {source_language})}


def _scheme(scheme: records.SchemeInfo, source_language: str) -> records.SchemeInfo:
    texts = {key: value.strip() for key, value in scheme.texts.items() if value.strip()}
    languages = {lang for _, lang in texts}
    return records.SchemeInfo(
        texts, _statuses(scheme.translation_status, languages, source_language)
    )


def _cluster(record: records.ClusterRecord, source_language: str) -> records.ClusterRecord:
    titles = {lang: text.strip() for lang, text in record.titles.items() if text.strip()}
    statuses = _statuses(record.translation_status, set(titles), source_language)
    return replace(record, id=record.id.strip(), titles=titles, translation_status=statuses)


def _source(record: records.SourceRecord) -> records.SourceRecord:
    fields = {name: getattr(record, name).strip() for name in records.SOURCE_FIELDS}
    return records.SourceRecord(key=record.key.strip(), **fields)


def _texts(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text.strip() for text in texts if text.strip())


def _concept(record: records.ConceptRecord, source_language: str) -> records.ConceptRecord:
    """The record as the CSV reader would give it: texts cleaned, languages in order, notes
    by language and kind, statuses only where there is text."""
    languages = sorted(set(record.languages()) | set(record.explanation_status))
    labels = {
        lang: records.LanguageLabels(
            clean_text(found.pref), _texts(found.alt), _texts(found.hidden)
        )
        for lang in languages
        if (found := record.labels.get(lang))
        and (found.pref.strip() or _texts(found.alt) or _texts(found.hidden))
    }
    notes = {
        (kind, lang): text
        for lang in languages
        for kind in records.NOTE_KINDS
        if (text := clean_text(record.notes.get((kind, lang), "")))
    }
    explanations = {
        lang: text for lang in languages if (text := clean_text(record.explanations.get(lang, "")))
    }
    translated = set(labels) | {lang for _, lang in notes} | set(explanations)
    return replace(
        record,
        slug=record.slug.strip(),
        labels=labels,
        notes=notes,
        explanations=explanations,
        explanation_status={
            lang: record.explanation_status.get(lang) or ExplanationStatus.DRAFT.value
            for lang in explanations
        },
        translation_status=_statuses(record.translation_status, translated, source_language),
        mappings={kind: uris for kind, uris in record.mappings.items() if _texts(uris)},
    )
