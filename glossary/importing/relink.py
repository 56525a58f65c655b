"""Cross-links kept true when a plan is applied, inside the plan's transaction.

A cross-link is a mention of a concept in another concept's note (`crosslinks.MentionFinder`).
What a note mentions depends on its text and citations and on the labels of the whole scheme,
so a change can move the links of notes it never writes. A file import that writes many
concepts rebuilds them all. A publication of a few concepts (the web editor's approval)
re-links only the notes whose links can have changed: the notes of the concepts it writes
and of the concepts citing a source it changes, and the notes whose text contains a label it
adds or removes (old and new forms; a removed concept's labels are all removed).
Their links are compared with the stored ones and only the difference is written: the rows of
every other note stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Row, Select, delete, insert, or_, select
from sqlalchemy.orm import Session

from glossary.importing.crosslinks import LabelWords, MentionFinder, citation_spans
from glossary.importing.plan import Action, ChangePlan
from glossary.model_enums import NoteKind
from glossary.models import Citation, Concept, CrossLink, Label, Note, Source

# From this many concepts added, changed or removed, a plan rebuilds every cross-link. The
# full rebuild matches each note once and rewrites every row; the selective path tests each
# note's folded text for the words of every changed label (about 2.5 labels a concept), then
# matches the notes that pass. At 10 000 generated concepts (13 600 notes) the selection costs
# 0.5 s of CPU for 30 concepts and 1.1 s for 100, against 0.9 s for matching every note:
# the two meet near 50 (docs/bench.md, "Publishing one concept").
FULL_REBUILD_FROM = 50
# Bound parameters per IN list: far below SQLite's and PostgreSQL's limits.
_CHUNK = 500

# (note, target concept, start, end, matched text): one cross-link as stored.
LinkRow = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class Relinking:
    """What to re-link once a plan is written, read before it is: the links into a
    concept about to be rewritten or removed are found from the stored rows."""

    full: bool
    # notes linking to a concept the plan removes
    linking_to_changed: frozenset[int] = frozenset()
    # by language: the labels the plan adds or removes
    labels: dict[str, LabelWords] = field(default_factory=dict)


def prepare(session: Session, plan: ChangePlan) -> Relinking:
    """Read, before `plan` is written, what re-linking after it needs to know."""
    if len(plan.concepts) >= FULL_REBUILD_FROM:
        return Relinking(full=True)
    texts: dict[str, list[str]] = {}
    for change in plan.concepts:
        delta = change.labels
        for lang, _kind, text in (*delta.added, *delta.removed):
            texts.setdefault(lang, []).append(text)
    # A removed concept's labels are among those removed, so the notes mentioning it are
    # re-linked anyway; their links to it are read here as well, in case the database left
    # them behind (SQLite does not enforce the foreign key's cascade).
    touched = [change.slug for change in plan.concepts if change.action is Action.REMOVE]
    linking: set[int] = set()
    if touched:
        linking = set(
            session.scalars(
                select(CrossLink.note_pk)
                .join(Concept, Concept.pk == CrossLink.target_pk)
                .where(Concept.scheme_id == plan.scheme_id, Concept.slug.in_(touched))
            )
        )
    return Relinking(
        full=False,
        linking_to_changed=frozenset(linking),
        labels={lang: LabelWords(labels) for lang, labels in texts.items()},
    )


def relink(session: Session, plan: ChangePlan, relinking: Relinking) -> None:
    """Bring the cross-links up to date with the written `plan`: every one when `relinking`
    says so, else only those of the notes the plan can have changed (module docstring)."""
    if relinking.full:
        rebuild_cross_links(session, plan.scheme_id)
        return
    rewritten = [*plan.added, *plan.changed]
    concerned = concepts_citing(session, plan.sources_changed)
    if rewritten:
        concerned |= set(
            session.scalars(
                select(Concept.pk).where(
                    Concept.scheme_id == plan.scheme_id, Concept.slug.in_(rewritten)
                )
            )
        )
    # Without a changed label, the notes to re-link are known without reading every text.
    only = None
    if not relinking.labels:
        only = or_(Note.concept_pk.in_(concerned), Note.pk.in_(relinking.linking_to_changed))
    notes = [
        note
        for note in _notes(session, plan.scheme_id, only)
        if note.concept_pk in concerned
        or note.pk in relinking.linking_to_changed
        or _may_mention(relinking.labels.get(note.lang), note.text)
    ]
    if not notes:
        return
    matcher = _Matcher.read(session, plan.scheme_id)
    found = {row for note in notes for row in matcher.rows(note)}
    stored = _stored_links(session, [note.pk for note in notes])
    stale = [pk for row, pk in stored.items() if row not in found]
    for chunk in _chunks(stale):
        session.execute(delete(CrossLink).where(CrossLink.pk.in_(chunk)))
    new = [_as_values(row) for row in sorted(found - stored.keys())]
    if new:
        session.execute(insert(CrossLink), new)


def rebuild_cross_links(session: Session, scheme_id: str) -> int:
    """Recompute every mention of a concept in every note of the scheme; return the count.

    Labels anywhere can change what a text mentions: an import that writes many concepts
    rebuilds the cross-links as a whole inside its transaction."""
    session.execute(
        delete(CrossLink).where(
            CrossLink.note_pk.in_(
                select(Note.pk).where(Note.concept_pk.in_(_scheme_concepts(scheme_id)))
            )
        )
    )
    matcher = _Matcher.read(session, scheme_id)
    rows = [_as_values(row) for note in _notes(session, scheme_id) for row in matcher.rows(note)]
    if rows:
        session.execute(insert(CrossLink), rows)
    return len(rows)


def concepts_citing(session: Session, source_keys: list[str]) -> set[int]:
    """The concepts citing one of the sources."""
    if not source_keys:
        return set()
    return set(
        session.scalars(select(Citation.concept_pk).join(Source).where(Source.key.in_(source_keys)))
    )


@dataclass(frozen=True)
class _Matcher:
    """The scheme's labels by language and the citations by concept: what finding the
    mentions in a note needs."""

    finders: dict[str, MentionFinder]
    citations: dict[int, list[str]]

    @classmethod
    def read(cls, session: Session, scheme_id: str) -> _Matcher:
        labels: dict[str, list[tuple[int, str]]] = {}
        for concept_pk, lang, text in session.execute(
            select(Label.concept_pk, Label.lang, Label.text).where(Label.scheme_id == scheme_id)
        ):
            labels.setdefault(lang, []).append((concept_pk, text))
        citations: dict[int, list[str]] = {}
        for concept_pk, citation in session.execute(
            select(Citation.concept_pk, Source.citation)
            .join(Source)
            .where(Citation.concept_pk.in_(_scheme_concepts(scheme_id)))
        ):
            citations.setdefault(concept_pk, []).append(citation)
        return cls({lang: MentionFinder(found) for lang, found in labels.items()}, citations)

    def rows(self, note: Row[int, int, str, str]) -> list[LinkRow]:
        """The cross-links of one note (pk, concept_pk, lang, text)."""
        finder = self.finders.get(note.lang)
        if finder is None:
            return []
        excluded = citation_spans(note.text, self.citations.get(note.concept_pk, []))
        return [
            (note.pk, mention.target, mention.start, mention.end, mention.text)
            for mention in finder.find(note.text, owner=note.concept_pk, excluded_spans=excluded)
        ]


def _scheme_concepts(scheme_id: str) -> Select[int]:
    return select(Concept.pk).where(Concept.scheme_id == scheme_id)


def _notes(
    session: Session, scheme_id: str, only: ColumnElement[bool] | None = None
) -> Sequence[Row[int, int, str, str]]:
    """The scheme's notes that may link (an editorial note never does), `only` those."""
    query = select(Note.pk, Note.concept_pk, Note.lang, Note.text).where(
        Note.concept_pk.in_(_scheme_concepts(scheme_id)),
        Note.kind != NoteKind.EDITORIAL_NOTE,
    )
    return session.execute(query if only is None else query.where(only)).all()


def _may_mention(words: LabelWords | None, text: str) -> bool:
    return words is not None and words.may_occur_in(text)


def _stored_links(session: Session, note_pks: list[int]) -> dict[LinkRow, int]:
    """The stored cross-links of the notes, each with its pk."""
    stored: dict[LinkRow, int] = {}
    for chunk in _chunks(note_pks):
        for pk, note_pk, target_pk, start, end, text in session.execute(
            select(
                CrossLink.pk,
                CrossLink.note_pk,
                CrossLink.target_pk,
                CrossLink.start,
                CrossLink.end,
                CrossLink.matched_text,
            ).where(CrossLink.note_pk.in_(chunk))
        ):
            stored[(note_pk, target_pk, start, end, text)] = pk
    return stored


def _as_values(row: LinkRow) -> dict[str, object]:
    note_pk, target_pk, start, end, text = row
    return {
        "note_pk": note_pk,
        "target_pk": target_pk,
        "start": start,
        "end": end,
        "matched_text": text,
    }


def _chunks(pks: Iterable[int]) -> Iterator[list[int]]:
    items = list(pks)
    for index in range(0, len(items), _CHUNK):
        yield items[index : index + _CHUNK]
