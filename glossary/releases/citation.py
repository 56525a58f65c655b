"""A ready citation of a concept, APA style, pinned to a release when one holds its text.

APA 7 cites an entry of a reference work as: Organisation. (Year). Entry. In *Work*
(version). Address. The address is the permanent one under GLOSSARY_PUBLIC_URL with
`?versie=` when a release holds the concept's current text, so the citation names a text
that never changes; otherwise today's page, with the year of the concept's last change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.editing.published import concept_version
from glossary.releases.models import Release, ReleaseConcept
from glossary.releases.store import ReleaseView, get_release


@dataclass(frozen=True)
class Citation:
    organisation: str
    year: int
    entry: str
    work: str
    release: str | None
    url: str

    def text(self) -> str:
        """The citation as plain text (the work in plain letters)."""
        return f"{self.organisation}. ({self.year}). {self.entry}. In {self.work}{self._rest()}"

    def parts(self) -> tuple[str, str, str]:
        """Before the work's title, the title (italic in APA), after it: for HTML."""
        return (f"{self.organisation}. ({self.year}). {self.entry}. In ", self.work, self._rest())

    def _rest(self) -> str:
        version = f" (versie {self.release})" if self.release else ""
        return f"{version}. {self.url}"


def release_holding(session: Session, scheme_id: str, slug: str) -> ReleaseView | None:
    """The newest release that holds the concept's text as published now; None when its
    current text is newer than every release (or there are none)."""
    version = concept_version(session, scheme_id, slug)
    name = session.scalar(
        select(Release.name)
        .join(ReleaseConcept, ReleaseConcept.release_pk == Release.pk)
        .where(
            Release.scheme_id == scheme_id,
            ReleaseConcept.slug == slug,
            ReleaseConcept.version == version,
        )
        .order_by(Release.issued_at.desc(), Release.pk.desc())
        .limit(1)
    )
    return get_release(session, scheme_id, name) if name is not None else None


def cite(
    organisation: str,
    entry: str,
    work: str,
    page_url: str,
    release: ReleaseView | None,
    fallback_year: int,
) -> Citation:
    """The APA citation of `entry` (a concept's label) in `work` (the framework's title) at
    `page_url` (its permanent address), pinned to `release` when given."""
    if release is None:
        return Citation(organisation, fallback_year, entry, work, None, page_url)
    return Citation(
        organisation,
        release.issued_at.year,
        entry,
        work,
        release.name,
        f"{page_url}?versie={release.name}",
    )
