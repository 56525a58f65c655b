"""Typed SQLAlchemy 2 models of a SKOS / NL-SBB concept framework.

Vocabulary mapping (SKOS term → model):
- skos:ConceptScheme → ConceptScheme (+ SchemeText for its titles per language)
- skos:Collection    → Cluster (ordered, titled per language in ClusterTitle)
- skos:Concept       → Concept (stable slug, URI derived from a configured base)
- skos:prefLabel / altLabel / hiddenLabel → Label (kind, language)
- skos:definition / scopeNote / example / editorialNote → Note (kind, language)
- rdfs:comment (NL-SBB "uitleg", plain language B1) → ConceptExplanation (language, status)
- dct:source         → Source (bibliography entry) linked through Citation
- skos:related / broader / (intra-scheme equivalence) → ConceptRelation
- skos:exactMatch / closeMatch / broadMatch / narrowMatch / relatedMatch (concepts of other
  vocabularies, by URI) → ConceptMapping; their labels, fetched on demand → ExternalLabel
Every language-bearing value carries its BCP 47 language code.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The kinds and statuses are re-exported: `from glossary.models import LabelKind` works.
from glossary.model_enums import ChangeKind as ChangeKind
from glossary.model_enums import ConceptStatus as ConceptStatus
from glossary.model_enums import ExplanationStatus as ExplanationStatus
from glossary.model_enums import LabelKind as LabelKind
from glossary.model_enums import MappingKind as MappingKind
from glossary.model_enums import NoteKind as NoteKind
from glossary.model_enums import RelationKind as RelationKind
from glossary.model_enums import TranslationStatus as TranslationStatus
from glossary.timeutil import utcnow as utcnow  # re-exported: older callers import it here

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LANG_CODE = String(16)
_PREF_ONLY = text("kind = 'pref'")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def enum_column(kind: type[enum.StrEnum], name: str) -> Enum:
    """A column type for `kind`, stored under its values (glossary/accounts and glossary/editing
    models use it too)."""
    # VARCHAR + CHECK rather than a native enum type: identical on SQLite and PostgreSQL.
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


class ConceptScheme(Base):
    __tablename__ = "concept_scheme"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    texts: Mapped[list[SchemeText]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan"
    )
    clusters: Mapped[list[Cluster]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan", order_by="Cluster.position"
    )


class SchemeText(Base):
    """A title or description of a scheme in one language."""

    __tablename__ = "scheme_text"

    scheme_id: Mapped[str] = mapped_column(ForeignKey("concept_scheme.id"), primary_key=True)
    lang: Mapped[str] = mapped_column(LANG_CODE, primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    status: Mapped[TranslationStatus] = mapped_column(
        enum_column(TranslationStatus, "scheme_text_status"), default=TranslationStatus.SOURCE
    )

    scheme: Mapped[ConceptScheme] = relationship(back_populates="texts")


class Cluster(Base):
    """A cluster of the begrippenkader: an ordered skos:Collection."""

    __tablename__ = "cluster"
    # Ids are unique per scheme, as concept slugs are: another scheme may have its own "online".
    __table_args__ = (UniqueConstraint("scheme_id", "id", name="uq_cluster_scheme_id"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The public id (in URLs, URIs, CSV files and the search index), resolved within a scheme.
    id: Mapped[str] = mapped_column(String(100))
    scheme_id: Mapped[str] = mapped_column(ForeignKey("concept_scheme.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)

    scheme: Mapped[ConceptScheme] = relationship(back_populates="clusters")
    titles: Mapped[list[ClusterTitle]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterTitle.lang"
    )
    members: Mapped[list[ClusterMember]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterMember.position"
    )


class ClusterTitle(Base):
    __tablename__ = "cluster_title"

    cluster_pk: Mapped[int] = mapped_column(ForeignKey("cluster.pk"), primary_key=True)
    lang: Mapped[str] = mapped_column(LANG_CODE, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[TranslationStatus] = mapped_column(
        enum_column(TranslationStatus, "cluster_title_status"), default=TranslationStatus.SOURCE
    )

    cluster: Mapped[Cluster] = relationship(back_populates="titles")


class Concept(Base):
    __tablename__ = "concept"
    __table_args__ = (UniqueConstraint("scheme_id", "slug", name="uq_concept_scheme_slug"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme_id: Mapped[str] = mapped_column(ForeignKey("concept_scheme.id"), index=True)
    # The public id: the slug of the Dutch preferred label at creation; it never changes.
    slug: Mapped[str] = mapped_column(String(200))
    status: Mapped[ConceptStatus] = mapped_column(
        enum_column(ConceptStatus, "concept_status"), default=ConceptStatus.VALID
    )
    # In force from / until (NORA/ROSA geldigheid); the successors of a replaced concept are
    # its relations of kind replaced_by.
    valid_from: Mapped[date | None] = mapped_column(Date, default=None)
    valid_until: Mapped[date | None] = mapped_column(Date, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the concept's own record (labels, notes, relations…) last changed; modified_at
    # also moves when only what it shows of other concepts changed (import_apply).
    content_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    labels: Mapped[list[Label]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="Label.position"
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="Note.position"
    )
    translations: Mapped[list[ConceptTranslation]] = relationship(
        back_populates="concept", cascade="all, delete-orphan"
    )
    explanations: Mapped[list[ConceptExplanation]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="ConceptExplanation.lang"
    )
    memberships: Mapped[list[ClusterMember]] = relationship(
        back_populates="concept", cascade="all, delete-orphan"
    )
    citations: Mapped[list[Citation]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="Citation.position"
    )
    relations: Mapped[list[ConceptRelation]] = relationship(
        back_populates="subject",
        cascade="all, delete-orphan",
        foreign_keys="ConceptRelation.subject_pk",
    )
    incoming_relations: Mapped[list[ConceptRelation]] = relationship(
        back_populates="object",
        cascade="all, delete-orphan",
        foreign_keys="ConceptRelation.object_pk",
    )
    mappings: Mapped[list[ConceptMapping]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="ConceptMapping.position"
    )


class Label(Base):
    __tablename__ = "label"
    __table_args__ = (
        # Exactly one preferred label per concept and language (the importer requires >= 1).
        Index(
            "uq_label_one_pref_per_lang",
            "concept_pk",
            "lang",
            unique=True,
            sqlite_where=_PREF_ONLY,
            postgresql_where=_PREF_ONLY,
        ),
        # A preferred label is unique within a scheme and language.
        Index(
            "uq_label_pref_unique_in_scheme",
            "scheme_id",
            "lang",
            "normalized",
            unique=True,
            sqlite_where=_PREF_ONLY,
            postgresql_where=_PREF_ONLY,
        ),
        UniqueConstraint("concept_pk", "lang", "normalized", name="uq_label_concept_lang_text"),
        Index("ix_label_lookup", "normalized", "lang"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    concept_pk: Mapped[int] = mapped_column(ForeignKey("concept.pk", ondelete="CASCADE"))
    scheme_id: Mapped[str] = mapped_column(ForeignKey("concept_scheme.id"))
    lang: Mapped[str] = mapped_column(LANG_CODE)
    kind: Mapped[LabelKind] = mapped_column(enum_column(LabelKind, "label_kind"))
    text: Mapped[str] = mapped_column(String(500))
    # Case-, accent- and punctuation-folded form used for uniqueness and resolution.
    normalized: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)

    concept: Mapped[Concept] = relationship(back_populates="labels")


class Note(Base):
    """A definition, scope note, example or editorial note, as Markdown, in one language."""

    __tablename__ = "note"
    __table_args__ = (UniqueConstraint("concept_pk", "lang", "kind", name="uq_note_kind_lang"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    concept_pk: Mapped[int] = mapped_column(ForeignKey("concept.pk", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(LANG_CODE)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind, "note_kind"))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    concept: Mapped[Concept] = relationship(back_populates="notes")
    mentions: Mapped[list[CrossLink]] = relationship(
        back_populates="note",
        cascade="all, delete-orphan",
        order_by="CrossLink.start",
        foreign_keys="CrossLink.note_pk",
    )


class ConceptTranslation(Base):
    """The editorial status of one language version of a concept."""

    __tablename__ = "concept_translation"

    concept_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(LANG_CODE, primary_key=True)
    status: Mapped[TranslationStatus] = mapped_column(
        enum_column(TranslationStatus, "translation_status")
    )

    concept: Mapped[Concept] = relationship(back_populates="translations")


class ConceptExplanation(Base):
    """A plain-language explanation (NL-SBB uitleg, B1) of a concept in one language.

    Plain text, no Markdown: it is read by the people the framework is about, in cards and
    tooltips too. It has its own review status, apart from the translation's.
    """

    __tablename__ = "concept_explanation"

    concept_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(LANG_CODE, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ExplanationStatus] = mapped_column(
        enum_column(ExplanationStatus, "explanation_status"), default=ExplanationStatus.DRAFT
    )

    concept: Mapped[Concept] = relationship(back_populates="explanations")


class Source(Base):
    """An entry of the bibliography (section 12 "Bronnen")."""

    __tablename__ = "source"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # The in-text citation form, as it appears between parentheses in definitions.
    citation: Mapped[str] = mapped_column(String(500), unique=True)
    author: Mapped[str] = mapped_column(String(500), default="")
    year: Mapped[str] = mapped_column(String(32), default="")
    date: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(String(500), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    # language of the title (BCP 47); empty: the framework's source language
    language: Mapped[str] = mapped_column(LANG_CODE, default="")
    # The full bibliography line as printed (Markdown).
    entry: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    citations: Mapped[list[Citation]] = relationship(
        back_populates="source", cascade="all, delete-orphan"
    )


class Citation(Base):
    __tablename__ = "citation"

    concept_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own too (the key starts with concept_pk): the sources page and the
    # deletion of a source look citations up by source.
    source_pk: Mapped[int] = mapped_column(
        ForeignKey("source.pk", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    concept: Mapped[Concept] = relationship(back_populates="citations")
    source: Mapped[Source] = relationship(back_populates="citations")


class ConceptRelation(Base):
    """A typed, directed relation as written in the data.

    narrower is the inverse of broader and related/equivalent are symmetric; the inverse
    directions are derived when reading, never stored twice.
    """

    __tablename__ = "concept_relation"

    subject_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[RelationKind] = mapped_column(
        enum_column(RelationKind, "relation_kind"), primary_key=True
    )
    # Indexed on its own: a concept's incoming relations (narrower, related) are read by it.
    object_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    subject: Mapped[Concept] = relationship(back_populates="relations", foreign_keys=[subject_pk])
    object: Mapped[Concept] = relationship(
        back_populates="incoming_relations", foreign_keys=[object_pk]
    )

    __table_args__ = (CheckConstraint("subject_pk <> object_pk", name="not_self"),)


class ConceptMapping(Base):
    """A SKOS mapping from a concept to a concept of another vocabulary, by its URI.

    NL-SBB allows skos:*Match only between schemes, so the target is never one of ours.
    """

    __tablename__ = "concept_mapping"

    concept_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[MappingKind] = mapped_column(
        enum_column(MappingKind, "mapping_kind"), primary_key=True
    )
    uri: Mapped[str] = mapped_column(String(1000), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    concept: Mapped[Concept] = relationship(back_populates="mappings")
    # The labels fetched for the target, in every language (read only).
    external_labels: Mapped[list[ExternalLabel]] = relationship(
        primaryjoin="foreign(ExternalLabel.uri) == ConceptMapping.uri",
        viewonly=True,
        order_by="ExternalLabel.lang",
    )


class ExternalLabel(Base):
    """The preferred label of another vocabulary's concept, as its publisher gives it.

    Filled only by `flask glossary mappings fetch-labels`, never while serving a request.
    """

    __tablename__ = "external_label"

    uri: Mapped[str] = mapped_column(String(1000), primary_key=True)
    lang: Mapped[str] = mapped_column(LANG_CODE, primary_key=True)
    text: Mapped[str] = mapped_column(String(500))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClusterMember(Base):
    __tablename__ = "cluster_member"

    cluster_pk: Mapped[int] = mapped_column(ForeignKey("cluster.pk"), primary_key=True)
    # Indexed on its own: a concept's clusters are read by it on every concept page.
    concept_pk: Mapped[int] = mapped_column(
        ForeignKey("concept.pk", ondelete="CASCADE"), primary_key=True, index=True
    )
    # The concept's place in the cluster (1-based), derived at import from fixed_position
    # and the file order; readers order a cluster's concepts by it.
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The place the CSV asked for ("cluster-id:5"); None follows the file order. A concept
    # in two clusters can stand fifth in one while its row sits among the other's rows.
    fixed_position: Mapped[int | None] = mapped_column(Integer, nullable=True)

    cluster: Mapped[Cluster] = relationship(back_populates="members")
    concept: Mapped[Concept] = relationship(back_populates="memberships")


class CrossLink(Base):
    """A mention of another concept inside a note, found at import (derived data)."""

    __tablename__ = "cross_link"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_pk: Mapped[int] = mapped_column(ForeignKey("note.pk", ondelete="CASCADE"), index=True)
    # Indexed: deleting a concept cascades to the mentions of it.
    target_pk: Mapped[int] = mapped_column(ForeignKey("concept.pk", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    matched_text: Mapped[str] = mapped_column(String(500))

    note: Mapped[Note] = relationship(back_populates="mentions", foreign_keys=[note_pk])
    target: Mapped[Concept] = relationship(foreign_keys=[target_pk])


class DataRevision(Base):
    """A single row: the revision of the data, bumped by every import that changes it.

    Search indexes, ETags and worker caches are all derived from this number.
    """

    __tablename__ = "data_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChangeLogEntry(Base):
    """What an import did to a concept: the feed partners sync from."""

    __tablename__ = "change_log"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme_id: Mapped[str] = mapped_column(String(100))
    revision: Mapped[int] = mapped_column(Integer, index=True)
    concept_slug: Mapped[str] = mapped_column(String(200))
    change: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, "change_kind"))
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
