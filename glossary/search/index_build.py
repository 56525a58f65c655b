"""What goes into a search index version: read the database, analyse, write documents.

One document per concept and language (the engine declares the fields: `engine.SCHEMA`). Its
fields hold analysed terms (see `analysis.py`), never raw text, so queries are built from terms
too and user input is never parsed as query syntax:

    cid, lang, clusters          the concept id, the language, the cluster ids
    pref_key, alt_key            compact keys of labels ("ehulp"), for exact label matches
    label                        stems of label words, joined neighbours and compound parts,
                                 prefixed by the language ("nl:hulpverlen"), so one language's
                                 stems never match another's; preferred-label terms twice, so
                                 they weigh more
    surface                      folded, unstemmed label words: typo correction and fuzzy
    definition                   stems and compound parts of the definition and scope note
                                 (language-prefixed too)
    explanation                  the same of the plain-language explanation: everyday words,
                                 so people find terms in their own words; weighs less than
                                 the definition (search.EXPLANATION_BOOST)
    labels                       stored: (kind, text, key, terms) of every label in `lang`
    prefs, note                  stored: preferred labels per language, the definition as
                                 plain text (for snippets)

Beside the engine's files a version holds `completions.pickle`, the sorted label table that
label completion reads (`completion.py`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.model_enums import LabelKind, NoteKind
from glossary.models import Cluster, ClusterMember, Concept, ConceptExplanation, Label, Note
from glossary.search.analysis import Analyzer
from glossary.search.completion import CompletionEntry, write_completions
from glossary.search.engine import Engine

SEARCHED_NOTES = (NoteKind.DEFINITION, NoteKind.SCOPE_NOTE)


@dataclass
class ConceptText:
    """The searchable text of one concept, per language."""

    slug: str
    clusters: list[str] = field(default_factory=list)
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    explanations: dict[str, str] = field(default_factory=dict)

    def pref_labels(self) -> dict[str, str]:
        return {
            lang: text
            for lang, labels in self.labels.items()
            for kind, text in labels
            if kind == LabelKind.PREF
        }


def read_concepts(session: Session, scheme_id: str) -> list[ConceptText]:
    """Labels, definitions, explanations and clusters of every concept of the scheme, in five
    queries."""
    by_pk: dict[int, ConceptText] = {
        pk: ConceptText(slug)
        for pk, slug in session.execute(
            select(Concept.pk, Concept.slug)
            .where(Concept.scheme_id == scheme_id)
            .order_by(Concept.position, Concept.pk)
        )
    }
    for pk, lang, kind, text in session.execute(
        select(Label.concept_pk, Label.lang, Label.kind, Label.text)
        .where(Label.scheme_id == scheme_id)
        .order_by(Label.concept_pk, Label.lang, Label.kind, Label.position)
    ):
        if pk in by_pk:
            by_pk[pk].labels[lang].append((str(kind), text))
    for pk, lang, text in session.execute(
        select(Note.concept_pk, Note.lang, Note.text)
        .join(Concept, Concept.pk == Note.concept_pk)
        .where(Concept.scheme_id == scheme_id, Note.kind.in_(SEARCHED_NOTES))
        .order_by(Note.concept_pk, Note.kind, Note.position)
    ):
        by_pk[pk].notes[lang].append(text)
    for pk, lang, text in session.execute(
        select(ConceptExplanation.concept_pk, ConceptExplanation.lang, ConceptExplanation.text)
        .join(Concept, Concept.pk == ConceptExplanation.concept_pk)
        .where(Concept.scheme_id == scheme_id)
    ):
        by_pk[pk].explanations[lang] = text
    for pk, cluster_id in session.execute(
        select(ClusterMember.concept_pk, Cluster.id)
        .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
        .where(Cluster.scheme_id == scheme_id)
        .order_by(ClusterMember.concept_pk, Cluster.id)
    ):
        by_pk[pk].clusters.append(cluster_id)
    return list(by_pk.values())


def analyzers_for(concepts: Iterable[ConceptText]) -> dict[str, Analyzer]:
    """One analyzer per language, its compound lexicon taken from that language's text."""
    texts: dict[str, list[str]] = defaultdict(list)
    for concept in concepts:
        for lang, labels in concept.labels.items():
            texts[lang].extend(text for _, text in labels)
        for lang, notes in concept.notes.items():
            texts[lang].extend(notes)
    return {lang: Analyzer.for_texts(lang, values) for lang, values in texts.items()}


def _document(concept: ConceptText, lang: str, analyzer: Analyzer) -> dict[str, Any]:
    keys: dict[str, list[str]] = {"pref": [], "alt": []}
    terms: dict[str, list[str]] = {"label": [], "surface": []}
    stored_labels: list[tuple[str, str, str, str]] = []
    for kind, text in concept.labels[lang]:
        analysed = analyzer.label_terms(text)
        stored_labels.append(
            (kind, text, analysed.key, " ".join(dict.fromkeys([*analysed.terms, *analysed.parts])))
        )
        group = "pref" if kind == LabelKind.PREF else "alt"
        keys[group].append(analysed.key)
        weight = 2 if group == "pref" else 1
        terms["label"].extend([*analysed.terms] * weight)
        terms["label"].extend(analysed.parts)
        terms["surface"].extend(analysed.surface)
    definition = [
        term for note in concept.notes.get(lang, []) for term in analyzer.text_terms(note)
    ]
    notes = concept.notes.get(lang, [])
    prefix = f"{lang}:"
    # Term fields get lists: the engine takes a list as its tokens and skips its tokenizer. A term
    # is one word of letters and digits, so this is what splitting a joined string would give.
    return {
        "cid": concept.slug,
        "lang": lang,
        "clusters": " ".join(concept.clusters),
        "pref_key": [key for key in keys["pref"] if key],
        "alt_key": [key for key in keys["alt"] if key],
        "label": [prefix + term for term in terms["label"]],
        "surface": terms["surface"],
        "definition": [prefix + term for term in definition],
        "explanation": [
            prefix + term for term in analyzer.text_terms(concept.explanations.get(lang, ""))
        ],
        "labels": stored_labels,
        "prefs": concept.pref_labels(),
        "note": plain_text(notes[0]) if notes else "",
    }


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<![\w*_])([*_]{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_ESCAPE = re.compile(r"\\([\\`*_\[\]()<>#!|.-])")


def plain_text(markdown: str) -> str:
    """Markdown reduced to its words for snippets: links, emphasis and bullets dropped.

    A light regex pass rather than a full render, because it runs for every concept of a
    framework at build time; the snippet is escaped wherever it is shown.
    """
    text = _LINK.sub(r"\1", markdown)
    text = _BULLET.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def _completions(concepts: Iterable[ConceptText]) -> list[CompletionEntry]:
    return [
        CompletionEntry(text, concept.slug, lang, kind)
        for concept in concepts
        for lang, labels in concept.labels.items()
        for kind, text in labels
        if kind != LabelKind.HIDDEN
    ]


def write_index(folder: Path, concepts: list[ConceptText]) -> dict[str, Any]:
    """Write a complete index of `concepts` into the empty `folder`; returns its details."""
    analyzers = analyzers_for(concepts)
    with Engine.create(folder) as writer:
        documents = writer.add_documents(
            _document(concept, lang, analyzers[lang])
            for concept in concepts
            for lang in concept.labels
        )
    write_completions(folder, _completions(concepts))
    return {
        "concepts": len(concepts),
        "documents": documents,
        "languages": sorted(analyzers),
    }
