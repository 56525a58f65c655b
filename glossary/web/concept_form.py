"""The concept editor's form and a `ConceptRecord`, both ways.

Every field is named after the CSV column it stands for (`pref_label@nl`, `alt_labels@en`,
`clusters`, `related`, ...): the importer locates each problem at such a column, so the
editor shows it at the field of the same name without a translation table in between. A
list (alternative labels, clusters, sources, relations) is one entry per line, as a person
types it; a cluster may carry its place (`cluster-id:5`) as in the CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from glossary.model_enums import (
    ConceptStatus,
    ExplanationStatus,
    TranslationStatus,
    concept_status_word,
)
from glossary.records import MAPPING_KINDS, NOTE_KINDS, ConceptRecord, LanguageLabels
from glossary.text import slugify

# How each field is typed: one line, several lines (one value each), Markdown, or a choice.
LINE, LIST, MARKDOWN, CHOICE = "line", "list", "markdown", "choice"
LONGEST_FIELD = 20_000  # characters: a long definition is a few thousand


@dataclass(frozen=True)
class FormField:
    name: str
    label: object  # a lazy string: translated when the template renders it
    kind: str
    lang: str | None = None
    choices: tuple[tuple[str, object], ...] = ()
    required: bool = False


@dataclass(frozen=True)
class FieldGroup:
    """A fieldset of the editor: one language's texts, or the concept's links."""

    legend: object
    fields: tuple[FormField, ...]
    lang: str | None = None


NOTE_LABELS = {
    "definition": _l("Definition (Markdown)"),
    "scope_note": _l("Scope note (Markdown)"),
    "example": _l("Example (Markdown)"),
    "editorial_note": _l("Editorial note (Markdown)"),
}
STATUS_CHOICES = (
    (ConceptStatus.VALID.value, _l("valid")),
    (ConceptStatus.REPLACED.value, _l("replaced")),
    (ConceptStatus.RETIRED.value, _l("retired")),
)
REVIEW_CHOICES = (
    ("", _l("(none)")),
    (TranslationStatus.DRAFT.value, _l("draft")),
    (TranslationStatus.REVIEWED.value, _l("reviewed")),
)
EXPLANATION_CHOICES = (
    ("", _l("(none)")),
    (ExplanationStatus.DRAFT.value, _l("draft")),
    (ExplanationStatus.REVIEWED.value, _l("reviewed")),
)
MAPPING_LABELS = {
    "exact_match": _l("Exact matches in other vocabularies (URIs)"),
    "close_match": _l("Close matches in other vocabularies (URIs)"),
    "broad_match": _l("Broader matches in other vocabularies (URIs)"),
    "narrow_match": _l("Narrower matches in other vocabularies (URIs)"),
    "related_match": _l("Related matches in other vocabularies (URIs)"),
}


def ordered_languages(languages: Sequence[str], source_language: str) -> list[str]:
    """The source language first, then the others in alphabetical order."""
    return [source_language, *sorted(lang for lang in languages if lang != source_language)]


def language_group(lang: str, source_language: str, legend: object) -> FieldGroup:
    source = lang == source_language
    fields = [
        FormField(f"pref_label@{lang}", _l("Preferred label"), LINE, lang, required=source),
        FormField(f"alt_labels@{lang}", _l("Alternative labels (one per line)"), LIST, lang),
        FormField(f"hidden_labels@{lang}", _l("Hidden labels (one per line)"), LIST, lang),
        *(
            FormField(
                f"{kind}@{lang}",
                NOTE_LABELS[kind],
                MARKDOWN,
                lang,
                required=source and kind == "definition",
            )
            for kind in NOTE_KINDS
        ),
        FormField(f"explanation@{lang}", _l("Plain-language explanation"), MARKDOWN, lang),
        FormField(
            f"explanation_status@{lang}",
            _l("Status of the explanation"),
            CHOICE,
            lang,
            EXPLANATION_CHOICES,
        ),
    ]
    if not source:
        fields.append(
            FormField(
                f"translation_status@{lang}",
                _l("Translation status"),
                CHOICE,
                lang,
                REVIEW_CHOICES,
            )
        )
    return FieldGroup(legend, tuple(fields), lang)


LINK_FIELDS = (
    FormField("status", _l("Status"), CHOICE, choices=STATUS_CHOICES),
    FormField("replaced_by", _l("Replaced by (one concept id per line)"), LIST),
    FormField("valid_from", _l("Valid from (YYYY-MM-DD)"), LINE),
    FormField("valid_until", _l("Valid until (YYYY-MM-DD)"), LINE),
    FormField("clusters", _l("Clusters (one per line; a place as cluster:5)"), LIST, required=True),
    FormField("sources", _l("Sources (one source id per line)"), LIST),
    FormField("related", _l("Related concepts (one id per line)"), LIST),
    FormField("broader", _l("Broader concepts (one id per line)"), LIST),
    FormField("equivalent", _l("Equivalent concepts (one id per line)"), LIST),
    *(FormField(kind, MAPPING_LABELS[kind], LIST) for kind in MAPPING_KINDS),
)


def _lines(value: str) -> tuple[str, ...]:
    # The CSV separates values by "|"; in a text area a person separates them by lines.
    parts = value.replace("\r\n", "\n").replace("|", "\n").split("\n")
    return tuple(part.strip() for part in parts if part.strip())


def _text(value: str) -> str:
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


class FormProblems(dict[str, str]):
    """Field name → what is wrong with what was typed there (before the importer's checks)."""


def record_from_form(
    form: Mapping[str, str],
    slug: str | None,
    languages: Sequence[str],
    source_language: str,
) -> tuple[ConceptRecord, FormProblems]:
    """The record the form describes, and the problems only the form can see (a place in a
    cluster that is not a number). `slug` None: a new concept, named by its `id` field or
    else by its preferred label in the source language."""
    problems = FormProblems()
    labels: dict[str, LanguageLabels] = {}
    notes: dict[tuple[str, str], str] = {}
    explanations: dict[str, str] = {}
    explanation_status: dict[str, str] = {}
    translation_status: dict[str, str] = {}
    for lang in languages:
        pref = _text(form.get(f"pref_label@{lang}", ""))
        alt = _lines(form.get(f"alt_labels@{lang}", ""))
        hidden = _lines(form.get(f"hidden_labels@{lang}", ""))
        if pref or alt or hidden:
            labels[lang] = LanguageLabels(pref, alt, hidden)
        for kind in NOTE_KINDS:
            if text := _text(form.get(f"{kind}@{lang}", "")):
                notes[(kind, lang)] = text
        explanation = _text(form.get(f"explanation@{lang}", ""))
        status = form.get(f"explanation_status@{lang}", "").strip()
        if explanation:
            explanations[lang] = explanation
        if explanation or status:
            explanation_status[lang] = status or ExplanationStatus.DRAFT.value
        translated = form.get(f"translation_status@{lang}", "").strip()
        if lang != source_language and translated:
            translation_status[lang] = translated
    clusters, positions = _clusters(form.get("clusters", ""), problems)
    source_pref = labels[source_language].pref if source_language in labels else ""
    return (
        ConceptRecord(
            slug=slug or form.get("id", "").strip() or slugify(source_pref),
            clusters=clusters,
            status=concept_status_word(form.get("status", "")) or ConceptStatus.VALID.value,
            labels=labels,
            notes=notes,
            translation_status=translation_status,
            sources=_lines(form.get("sources", "")),
            cluster_positions=positions,
            related=_lines(form.get("related", "")),
            broader=_lines(form.get("broader", "")),
            equivalent=_lines(form.get("equivalent", "")),
            explanations=explanations,
            explanation_status=explanation_status,
            mappings={kind: uris for kind in MAPPING_KINDS if (uris := _lines(form.get(kind, "")))},
            replaced_by=_lines(form.get("replaced_by", "")),
            valid_from=form.get("valid_from", "").strip(),
            valid_until=form.get("valid_until", "").strip(),
        ),
        problems,
    )


def _clusters(value: str, problems: FormProblems) -> tuple[tuple[str, ...], dict[str, int]]:
    clusters: list[str] = []
    positions: dict[str, int] = {}
    for entry in _lines(value):
        cluster, colon, place = (part.strip() for part in entry.partition(":"))
        clusters.append(cluster)
        if not colon:
            continue
        if not place.isdigit() or int(place) < 1:
            problems["clusters"] = f"'{entry}': the place after ':' must be a whole number from 1"
            continue
        positions[cluster] = int(place)
    return tuple(clusters), positions


def form_from_record(record: ConceptRecord) -> dict[str, str]:
    """The form's values for a stored or drafted record (the inverse of record_from_form)."""
    values: dict[str, str] = {
        "id": record.slug,
        "status": record.status,
        "clusters": "\n".join(
            f"{cluster}:{record.cluster_positions[cluster]}"
            if cluster in record.cluster_positions
            else cluster
            for cluster in record.clusters
        ),
        "sources": "\n".join(record.sources),
        "related": "\n".join(record.related),
        "broader": "\n".join(record.broader),
        "equivalent": "\n".join(record.equivalent),
        "replaced_by": "\n".join(record.replaced_by),
        "valid_from": record.valid_from,
        "valid_until": record.valid_until,
    }
    for kind, uris in record.mappings.items():
        values[kind] = "\n".join(uris)
    for lang, labels in record.labels.items():
        values[f"pref_label@{lang}"] = labels.pref
        values[f"alt_labels@{lang}"] = "\n".join(labels.alt)
        values[f"hidden_labels@{lang}"] = "\n".join(labels.hidden)
    for (kind, lang), text in record.notes.items():
        values[f"{kind}@{lang}"] = text
    for lang, text in record.explanations.items():
        values[f"explanation@{lang}"] = text
    for lang, status in record.explanation_status.items():
        values[f"explanation_status@{lang}"] = status
    for lang, status in record.translation_status.items():
        values[f"translation_status@{lang}"] = status
    return values


def too_long(form: Mapping[str, str]) -> list[str]:
    """The fields whose value is longer than any text of a concept should be."""
    return [name for name, value in form.items() if len(value) > LONGEST_FIELD]
