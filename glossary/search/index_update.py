"""A new index version derived from the previous one: only changed concepts rewritten.

A publication changes one concept (or a few: those whose cross-links show its labels). Rather
than analyse every concept again, `update_version` writes a version that starts as the previous
one — its files hard-linked, since a version's files never change — and then, through the
engine's writer over that copy:

- deletes the documents of every concept the change log names between the previous version's
  revision and now (`changed_concepts`), and adds them again from the database (a removed
  concept is only deleted);
- grows the compound lexicon (`lexicon.pickle`: per language the known words, see
  analysis.py) by the words those concepts bring, and rewrites as well every concept one of
  whose words now splits differently (a new word can be the part of an existing compound);
- links the completion table of the previous version and writes the changed concepts'
  entries in a delta beside it (`completion.update_completions`: no other label read,
  folded or sorted again until the delta is long).

It runs inside `IndexStore.publish`, so it is as crash safe as a full build: the copy is a
`build-` folder until its manifest is written and the pointer moves.

Two ways an updated version can differ from a full rebuild, both bounded:

- words that leave the data stay in the lexicon until the next full build (a compound may
  keep a part that no concept has on its own any more);
- deleted documents stay in the engine's files, marked deleted, and still count in term
  statistics (BM25 document frequencies) until segments merge, and their words stay among
  the words typo tolerance looks at; `details["deleted"]` counts them and the lifecycle
  rebuilds in full once they (with the change at hand) pass `MAX_DELETED_SHARE`.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossary.models import (
    ChangeLogEntry,
    Cluster,
    ClusterMember,
    Concept,
    ConceptExplanation,
    Label,
    Note,
)
from glossary.search.analysis import MIN_COMPOUND, MIN_PART, Analyzer, fold_words
from glossary.search.completion import DELTA_FILE, TABLE_FILE, update_completions
from glossary.search.engine import Engine, Writer
from glossary.search.index_build import (
    SEARCHED_NOTES,
    ConceptText,
    _completions,
    _document,
)
from glossary.search.index_store import MANIFEST, Version

LEXICON_FILE = "lexicon.pickle"
# A version is rebuilt in full once this share of its documents is deleted ones.
MAX_DELETED_SHARE = 0.2

Words = dict[str, frozenset[str]]


@dataclass(frozen=True)
class Lexicon:
    """Per language the words that split compounds (`known`: those of labels and notes, as
    `analyzers_for` takes them) and the words a split applies to (`splittable`: label words
    and their joined neighbours, note and explanation words, long enough to be compounds)."""

    known: Words
    splittable: Words

    def grown(self, other: Lexicon) -> Lexicon:
        def union(mine: Words, theirs: Words) -> Words:
            empty: frozenset[str] = frozenset()
            return {
                lang: mine.get(lang, empty) | theirs.get(lang, empty) for lang in {*mine, *theirs}
            }

        return Lexicon(union(self.known, other.known), union(self.splittable, other.splittable))


def lexicon_of(concepts: Iterable[ConceptText]) -> Lexicon:
    """The lexicon of `concepts`."""
    known: dict[str, set[str]] = defaultdict(set)
    splittable: dict[str, set[str]] = defaultdict(set)
    for concept in concepts:
        for lang, labels in concept.labels.items():
            for _, text in labels:
                words = fold_words(text)
                known[lang].update(word for word in words if len(word) >= MIN_PART)
                joined = ["".join(pair) for pair in zip(words, words[1:], strict=False)]
                splittable[lang].update(
                    word for word in (*words, *joined, "".join(words)) if len(word) >= MIN_COMPOUND
                )
        for lang, notes in concept.notes.items():
            for text in notes:
                words = fold_words(text)
                known[lang].update(word for word in words if len(word) >= MIN_PART)
                splittable[lang].update(word for word in words if len(word) >= MIN_COMPOUND)
        for lang, text in concept.explanations.items():
            splittable[lang].update(word for word in fold_words(text) if len(word) >= MIN_COMPOUND)
    return Lexicon(
        {lang: frozenset(words) for lang, words in known.items()},
        {lang: frozenset(words) for lang, words in splittable.items()},
    )


def write_lexicon(folder: Path, lexicon: Lexicon) -> None:
    stored = {
        "known": {lang: sorted(words) for lang, words in lexicon.known.items()},
        "splittable": {lang: sorted(words) for lang, words in lexicon.splittable.items()},
    }
    with (folder / LEXICON_FILE).open("wb") as out:
        pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)


def read_lexicon(folder: Path) -> Lexicon:
    with (folder / LEXICON_FILE).open("rb") as stream:
        stored = pickle.load(stream)  # noqa: S301 - our own file, checked by the manifest
    return Lexicon(
        {lang: frozenset(words) for lang, words in stored["known"].items()},
        {lang: frozenset(words) for lang, words in stored["splittable"].items()},
    )


def can_update(version: Version, changed: int) -> bool:
    """Whether `version` can be the start of an update rewriting `changed` concepts: it has
    a lexicon, and its deleted documents stay under MAX_DELETED_SHARE (a change of most of
    the framework is a full build: as fast, and it leaves none)."""
    documents = int(version.details.get("documents", 0)) or 1
    concepts = int(version.details.get("concepts", 0)) or 1
    deleted = int(version.details.get("deleted", 0)) / documents + changed / concepts
    return (version.path / LEXICON_FILE).is_file() and deleted <= MAX_DELETED_SHARE


# --- what changed -------------------------------------------------------------------------


def changed_concepts(session: Session, scheme_id: str, since: int, until: int) -> set[str] | None:
    """The concepts the change log names after revision `since` up to `until`; None when the
    log does not reach back to `since` (it starts later), so the gap is unknown."""
    first = session.scalar(
        select(func.min(ChangeLogEntry.revision)).where(ChangeLogEntry.scheme_id == scheme_id)
    )
    if first is None or int(first) > since:
        return None
    return set(
        session.scalars(
            select(ChangeLogEntry.concept_slug).where(
                ChangeLogEntry.scheme_id == scheme_id,
                ChangeLogEntry.revision > since,
                ChangeLogEntry.revision <= until,
            )
        )
    )


def read_some_concepts(
    session: Session, scheme_id: str, slugs: Collection[str]
) -> list[ConceptText]:
    """The searchable text of the concepts called `slugs` that exist (as `read_concepts`
    reads every concept, in the same order)."""
    if not slugs:
        return []
    by_pk: dict[int, ConceptText] = {
        pk: ConceptText(slug)
        for pk, slug in session.execute(
            select(Concept.pk, Concept.slug)
            .where(Concept.scheme_id == scheme_id, Concept.slug.in_(list(slugs)))
            .order_by(Concept.position, Concept.pk)
        )
    }
    pks = list(by_pk)
    if not pks:
        return []
    for pk, lang, kind, text in session.execute(
        select(Label.concept_pk, Label.lang, Label.kind, Label.text)
        .where(Label.concept_pk.in_(pks))
        .order_by(Label.concept_pk, Label.lang, Label.kind, Label.position)
    ):
        by_pk[pk].labels[lang].append((str(kind), text))
    for pk, lang, text in session.execute(
        select(Note.concept_pk, Note.lang, Note.text)
        .where(Note.concept_pk.in_(pks), Note.kind.in_(SEARCHED_NOTES))
        .order_by(Note.concept_pk, Note.kind, Note.position)
    ):
        by_pk[pk].notes[lang].append(text)
    for pk, lang, text in session.execute(
        select(
            ConceptExplanation.concept_pk, ConceptExplanation.lang, ConceptExplanation.text
        ).where(ConceptExplanation.concept_pk.in_(pks))
    ):
        by_pk[pk].explanations[lang] = text
    for pk, cluster_id in session.execute(
        select(ClusterMember.concept_pk, Cluster.id)
        .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
        .where(ClusterMember.concept_pk.in_(pks))
        .order_by(ClusterMember.concept_pk, Cluster.id)
    ):
        by_pk[pk].clusters.append(cluster_id)
    return list(by_pk.values())


def _resplit(engine: Engine, old: Lexicon, new: Lexicon) -> set[str]:
    """Concepts with a word whose compound parts differ under the `new` lexicon: their terms
    would differ from a full build's."""
    concepts: set[str] = set()
    searcher = engine.searcher()
    column = searcher.column("cid")
    empty: frozenset[str] = frozenset()
    for lang, words in new.known.items():
        added = words - old.known.get(lang, empty)
        if not added:
            continue
        before, after = Analyzer(lang, old.known.get(lang, empty)), Analyzer(lang, words)
        holds_one = re.compile("|".join(map(re.escape, sorted(added))))
        for word in new.splittable.get(lang, empty):
            if not holds_one.search(word):
                continue
            if before.compound_parts(word) == after.compound_parts(word):
                continue
            docs = searcher.postings("surface", word)
            for field_name in ("definition", "explanation"):
                docs |= searcher.postings(field_name, f"{lang}:{after.stem(word)}")
            concepts.update(str(column[doc]) for doc in docs)
    return concepts


# --- writing ------------------------------------------------------------------------------


def _link_files(source: Path, folder: Path) -> None:
    """The previous version's files in `folder`: hard links (a version never changes; the
    engine writes new files and a new table of contents beside them), copies where the file
    system has none."""
    for path in source.iterdir():
        if not path.is_file() or path.name in (MANIFEST, TABLE_FILE, DELTA_FILE, LEXICON_FILE):
            continue
        try:
            os.link(path, folder / path.name)
        except OSError:
            shutil.copy2(path, folder / path.name)


def update_version(
    folder: Path,
    previous: Version,
    session: Session,
    scheme_id: str,
    changed: set[str],
    engine: Engine | None = None,
) -> dict[str, Any]:
    """Write into the empty `folder` the previous version with the concepts `changed`
    rewritten from the database (and any whose compounds now split differently); returns
    the details of the new version, `updated` the number of concepts rewritten. `engine` is
    the previous version opened already, if this process has it."""
    old_lexicon = read_lexicon(previous.path)
    fresh = read_some_concepts(session, scheme_id, changed)
    lexicon = old_lexicon.grown(lexicon_of(fresh))
    _link_files(previous.path, folder)
    rewritten = set(changed)
    if lexicon.known != old_lexicon.known:
        opened = engine or Engine.open(previous.path)
        also = _resplit(opened, old_lexicon, lexicon) - rewritten
        rewritten |= also
        fresh += read_some_concepts(session, scheme_id, also)
    analyzers = {lang: Analyzer(lang, words) for lang, words in lexicon.known.items()}
    with Writer(folder, existing=True) as writer:
        deleted = sum(writer.delete("cid", slug) for slug in sorted(rewritten))
        added = writer.add_documents(
            _document(concept, lang, analyzers.get(lang) or Analyzer(lang))
            for concept in fresh
            for lang in concept.labels
        )
    update_completions(folder, previous.path, rewritten, _completions(fresh))
    write_lexicon(folder, lexicon)
    concepts = int(
        session.scalar(
            select(func.count()).select_from(Concept).where(Concept.scheme_id == scheme_id)
        )
        or 0
    )
    return {
        "concepts": concepts,
        "documents": int(previous.details.get("documents", 0)) - deleted + added,
        "deleted": int(previous.details.get("deleted", 0)) + deleted,
        "languages": sorted(lexicon.known),
        "updated": len(rewritten),
        "updated_from": previous.name,
    }
