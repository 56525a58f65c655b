"""Tables of the editing workflow: drafts waiting to be published (ConceptDraft) and every
published version of a concept, kept whole (ConceptVersion).

Both are keyed by scheme and concept slug, not by the concept row: a draft of a new concept
has no row yet, and the history of a concept outlives a rename of its labels or its removal.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from glossary.accounts.models import User
from glossary.models import Base, utcnow


class DraftStatus(enum.StrEnum):
    """Where a draft is in the four-eyes workflow. A published draft is deleted once its
    version is recorded, so "published" is no status of a draft."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    REJECTED = "rejected"


class ConceptDraft(Base):
    """The unpublished next version of one concept, cluster, source or of the scheme's
    texts (`kind`; at most one per thing).

    `base_version` is the published version the draft started from (0 for a new concept):
    a save or an approval against a newer published version is a conflict. `lock_version`
    rises with every save, so two people saving the same draft cannot overwrite each other.
    """

    __tablename__ = "concept_draft"
    # One draft per concept, cluster, source or scheme: `kind` says which, `slug` is the
    # concept's slug, the cluster's id, the source's key or the scheme's id.
    __table_args__ = (UniqueConstraint("scheme_id", "kind", "slug"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme_id: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="concept")
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[DraftStatus] = mapped_column(
        Enum(
            DraftStatus,
            name="draft_status",
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda kinds: [kind.value for kind in kinds],
        )
    )
    author_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    change_note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[User | None] = relationship(foreign_keys=[author_pk])


class ConceptVersion(Base):
    """One published version of a concept, whole: the record as JSON, who wrote and who
    approved it (none for an import), when, why (the change note), and the data revision
    that published it. A version recorded for data older than the history (the concept's
    state at its first change after the upgrade) has no `published_at` and no revision."""

    __tablename__ = "concept_version"
    __table_args__ = (
        UniqueConstraint("scheme_id", "slug", "version"),
        Index("ix_concept_version_published_at", "published_at"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme_id: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    author_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    reviewer_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    change_note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int | None] = mapped_column(Integer)

    author: Mapped[User | None] = relationship(foreign_keys=[author_pk])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_pk])


class PartVersion(Base):
    """One published version of a cluster, a source or the scheme's texts, whole, as
    ConceptVersion keeps a concept's: the record as JSON, author, reviewer, change note and
    the data revision that published it. `key` is the cluster id, the source key or the
    scheme id; sources are shared by the schemes, so their versions have scheme_id ""."""

    __tablename__ = "part_version"
    __table_args__ = (UniqueConstraint("scheme_id", "kind", "key", "version"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    scheme_id: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    author_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    reviewer_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    change_note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int | None] = mapped_column(Integer)

    author: Mapped[User | None] = relationship(foreign_keys=[author_pk])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_pk])
