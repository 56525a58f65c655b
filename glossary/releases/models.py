"""Tables of releases: the release itself, which version of every concept it holds, and its
export files, written once when the release is made and never again.

A release names versions (ConceptVersion numbers), not copies of records: every published
version is kept whole already, so a release costs one small row per concept. Its exports
are stored as bytes, so a download is byte-identical forever, whatever the writers become.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from glossary.accounts.models import User
from glossary.models import Base, utcnow


class Release(Base):
    """A named snapshot of a scheme's published framework (`2022-09-advies`)."""

    __tablename__ = "release"
    __table_args__ = (UniqueConstraint("scheme_id", "name"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    previous_pk: Mapped[int | None] = mapped_column(ForeignKey("release.pk"), index=True)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_pk])
    previous: Mapped[Release | None] = relationship(remote_side=[pk])


class ReleaseConcept(Base):
    """One concept of a release: the published version it holds."""

    __tablename__ = "release_concept"
    __table_args__ = (UniqueConstraint("release_pk", "slug"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_pk: Mapped[int] = mapped_column(ForeignKey("release.pk", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)


class ReleaseExport(Base):
    """One frozen download of a release: its bytes and their SHA-256 (the strong ETag)."""

    __tablename__ = "release_export"
    __table_args__ = (UniqueConstraint("release_pk", "format"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_pk: Mapped[int] = mapped_column(ForeignKey("release.pk", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(100))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
