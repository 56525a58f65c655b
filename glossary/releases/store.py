"""Making and reading releases.

A release is made in one transaction (which also moves the data revision, so caches kept
per revision show the new release): the concepts stored before versions were kept get
their state recorded as version 1 (so every concept the release names has a version row
that outlives later changes and removals), the release names the latest version of every
published concept, and its export files are built and stored. Nothing changes it later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from glossary.accounts import audit
from glossary.accounts.audit import Actor
from glossary.data_revision import bump_revision, read_revision
from glossary.database import begin_write
from glossary.editing.models import ConceptVersion
from glossary.editing.record_json import record_from_json, record_json
from glossary.importing import export_framework
from glossary.models import Concept
from glossary.records import ConceptRecord
from glossary.releases.frozen import FrozenFile, VersionInfo, build_exports
from glossary.releases.models import Release, ReleaseConcept, ReleaseExport
from glossary.services.concepts import get_scheme
from glossary.timeutil import as_utc, utcnow

# The word that stands for today's framework in a diff (`/versies/<a>/verschil/huidig`).
CURRENT = "huidig"
NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")
TITLE_MAX = 300
NOTES_MAX = 20_000
# The bundled data: the advisory of 1 September 2022.
INITIAL_NAME = "2022-09-advies"
INITIAL_TITLE = "Advies 1 september 2022"
INITIAL_NOTES = "De begrippen van het advies van 1 september 2022, zoals gebundeld."
INITIAL_ISSUED = datetime(2022, 9, 1, tzinfo=UTC)


class ReleaseError(ValueError):
    """A release that cannot be made: the message says why (bad or taken name, no data)."""


class ReleaseNotFound(LookupError):
    """No release of that name in the scheme."""


@dataclass(frozen=True)
class ReleaseView:
    """A release as pages, the API and the command line show it."""

    name: str
    title: str
    notes: str
    issued_at: datetime
    created_at: datetime
    created_by: str | None
    revision: int
    previous: str | None
    concept_count: int


def check_name(name: str) -> str | None:
    """Why `name` cannot name a release, or None when it can."""
    if name == CURRENT:
        return f"'{CURRENT}' stands for today's framework; choose another name"
    if not NAME_PATTERN.match(name):
        return (
            "a release name has 1 to 100 lower-case letters, digits and hyphens, starting "
            f"and ending with a letter or digit (like {INITIAL_NAME}); got '{name[:100]}'"
        )
    return None


@dataclass(frozen=True)
class NewRelease:
    """What a release is made of besides the framework: its name and texts, the language
    its files are labelled in, and `release_url`, the permanent page address of a release
    by name (a format string with `{name}`), so each file links to the previous release."""

    name: str
    title: str
    notes: str
    source_language: str
    release_url: str
    issued_at: datetime | None = None


def create_release(session: Session, scheme_id: str, actor: Actor, new: NewRelease) -> ReleaseView:
    """Freeze the published framework as release `new.name`, in one transaction.

    ReleaseError, with nothing written, for a bad or taken name, text too long, or a scheme
    with no data."""
    problem = check_name(new.name)
    if problem is None and len(new.title) > TITLE_MAX:
        problem = f"the title has {len(new.title)} characters; at most {TITLE_MAX}"
    if problem is None and len(new.notes) > NOTES_MAX:
        problem = f"the notes have {len(new.notes)} characters; at most {NOTES_MAX}"
    if problem is not None:
        raise ReleaseError(problem)
    begin_write(session)
    try:
        view = _create(session, scheme_id, actor, new)
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise ReleaseError(f"a release named '{new.name}' exists already") from error
    except BaseException:
        session.rollback()
        raise
    return view


def _create(session: Session, scheme_id: str, actor: Actor, new: NewRelease) -> ReleaseView:
    if _find(session, scheme_id, new.name) is not None:
        raise ReleaseError(f"a release named '{new.name}' exists already")
    scheme = get_scheme(session, scheme_id)
    if scheme is None or not session.scalar(
        select(func.count(Concept.pk)).where(Concept.scheme_id == scheme_id)
    ):
        raise ReleaseError("the framework has no concepts yet; import it before a release")
    versions = _pin_versions(session, scheme_id)
    previous = _latest(session, scheme_id)
    release = Release(
        scheme_id=scheme_id,
        name=new.name,
        title=new.title or new.name,
        notes=new.notes,
        issued_at=new.issued_at or utcnow(),
        created_at=utcnow(),
        created_by_pk=actor.user_pk,
        revision=read_revision(session).number,
        previous_pk=previous.pk if previous is not None else None,
    )
    session.add(release)
    session.flush()
    session.execute(
        insert(ReleaseConcept),
        [{"release_pk": release.pk, "slug": s, "version": v} for s, v in versions.items()],
    )
    info = VersionInfo(
        new.name,
        as_utc(release.issued_at),
        new.release_url.format(name=previous.name) if previous is not None else None,
    )
    for file in build_exports(session, scheme, new.source_language, info):
        session.add(_export_row(release.pk, file))
    audit.record(session, actor, "release.create", new.name, {"concepts": len(versions)})
    # Pages and answers cached per data revision name the releases (the citation, the list
    # of releases): a new revision makes them afresh. The data itself is unchanged.
    bump_revision(session)
    session.flush()
    return _view(release, len(versions))


def _export_row(release_pk: int, file: FrozenFile) -> ReleaseExport:
    return ReleaseExport(
        release_pk=release_pk,
        format=file.format,
        media_type=file.media_type,
        body=file.body,
        sha256=file.sha256,
    )


def _pin_versions(session: Session, scheme_id: str) -> dict[str, int]:
    """The latest version of every published concept, recording version 1 for those
    stored before versions were kept (their state now, as the editor's first change would)."""
    latest: dict[str, int] = {
        slug: int(number)
        for slug, number in session.execute(
            select(ConceptVersion.slug, func.max(ConceptVersion.version))
            .where(ConceptVersion.scheme_id == scheme_id)
            .group_by(ConceptVersion.slug)
        )
    }
    records = export_framework(session, scheme_id)[0].concepts
    missing = [record for record in records if record.slug not in latest]
    if missing:
        session.execute(
            insert(ConceptVersion),
            [
                {
                    "scheme_id": scheme_id,
                    "slug": record.slug,
                    "version": 1,
                    "record": record_json(record),
                    "published_at": None,
                    "author_pk": None,
                    "reviewer_pk": None,
                    "change_note": "",
                    "revision": None,
                }
                for record in missing
            ],
        )
    return {record.slug: latest.get(record.slug, 1) for record in records}


def ensure_initial_release(
    session: Session, scheme_id: str, source_language: str, release_url: str
) -> ReleaseView | None:
    """Make the bundled data the first release when the scheme has none (`make run`); None
    when there is a release already or no data, so running it again changes nothing."""
    if session.scalar(select(Release.pk).where(Release.scheme_id == scheme_id).limit(1)):
        return None
    if not session.scalar(select(func.count(Concept.pk)).where(Concept.scheme_id == scheme_id)):
        return None
    initial = NewRelease(
        INITIAL_NAME, INITIAL_TITLE, INITIAL_NOTES, source_language, release_url, INITIAL_ISSUED
    )
    return create_release(session, scheme_id, Actor.cli(), initial)


def _find(session: Session, scheme_id: str, name: str) -> Release | None:
    return session.scalar(
        select(Release)
        .options(joinedload(Release.previous), joinedload(Release.created_by))
        .where(Release.scheme_id == scheme_id, Release.name == name)
    )


def _latest(session: Session, scheme_id: str) -> Release | None:
    return session.scalar(
        select(Release)
        .where(Release.scheme_id == scheme_id)
        .order_by(Release.issued_at.desc(), Release.pk.desc())
        .limit(1)
    )


def _count(session: Session, release_pk: int) -> int:
    return int(
        session.scalar(
            select(func.count(ReleaseConcept.pk)).where(ReleaseConcept.release_pk == release_pk)
        )
        or 0
    )


def _view(release: Release, concept_count: int) -> ReleaseView:
    return ReleaseView(
        name=release.name,
        title=release.title,
        notes=release.notes,
        issued_at=as_utc(release.issued_at),
        created_at=as_utc(release.created_at),
        created_by=release.created_by.email if release.created_by is not None else None,
        revision=release.revision,
        previous=release.previous.name if release.previous is not None else None,
        concept_count=concept_count,
    )


def list_releases(session: Session, scheme_id: str) -> list[ReleaseView]:
    """The scheme's releases, newest first, each with its concept count (one query each way)."""
    counts: dict[int, int] = {
        pk: int(count)
        for pk, count in session.execute(
            select(ReleaseConcept.release_pk, func.count(ReleaseConcept.pk)).group_by(
                ReleaseConcept.release_pk
            )
        )
    }
    rows = session.scalars(
        select(Release)
        .options(joinedload(Release.previous), joinedload(Release.created_by))
        .where(Release.scheme_id == scheme_id)
        .order_by(Release.issued_at.desc(), Release.pk.desc())
    )
    return [_view(row, counts.get(row.pk, 0)) for row in rows]


def get_release(session: Session, scheme_id: str, name: str) -> ReleaseView:
    """One release; ReleaseNotFound when the scheme has none of that name."""
    row = _find(session, scheme_id, name)
    if row is None:
        raise ReleaseNotFound(f"no release named '{name[:100]}'")
    return _view(row, _count(session, row.pk))


def release_export(session: Session, scheme_id: str, name: str, fmt: str) -> ReleaseExport:
    """A frozen file of a release; ReleaseNotFound for an unknown release or format."""
    row = session.scalar(
        select(ReleaseExport)
        .join(Release, Release.pk == ReleaseExport.release_pk)
        .where(Release.scheme_id == scheme_id, Release.name == name, ReleaseExport.format == fmt)
    )
    if row is None:
        get_release(session, scheme_id, name)
        raise ReleaseNotFound(f"release '{name[:100]}' has no file of format '{fmt[:20]}'")
    return row


def first_held_versions(session: Session, scheme_id: str, name: str) -> list[tuple[str, int]]:
    """The (slug, version) pairs a release holds that the release before it did not: what
    this release publishes. The consultation rounds on those versions stay with it."""
    row = _find(session, scheme_id, name)
    if row is None:
        raise ReleaseNotFound(f"no release named '{name[:100]}'")

    def held(release_pk: int) -> set[tuple[str, int]]:
        pairs = session.execute(
            select(ReleaseConcept.slug, ReleaseConcept.version).where(
                ReleaseConcept.release_pk == release_pk
            )
        )
        return {(slug, version) for slug, version in pairs}

    before = held(row.previous.pk) if row.previous is not None else set()
    return sorted(held(row.pk) - before)


def release_records(
    session: Session, scheme_id: str, name: str, slugs: list[str] | None = None
) -> dict[str, ConceptRecord]:
    """The records a release holds, by slug (only `slugs` when given); ReleaseNotFound."""
    row = _find(session, scheme_id, name)
    if row is None:
        raise ReleaseNotFound(f"no release named '{name[:100]}'")
    statement = (
        select(ConceptVersion.slug, ConceptVersion.record)
        .join(
            ReleaseConcept,
            (ReleaseConcept.slug == ConceptVersion.slug)
            & (ReleaseConcept.version == ConceptVersion.version),
        )
        .where(ReleaseConcept.release_pk == row.pk, ConceptVersion.scheme_id == scheme_id)
    )
    if slugs is not None:
        statement = statement.where(ReleaseConcept.slug.in_(slugs))
    return {slug: record_from_json(data) for slug, data in session.execute(statement)}


def releases_holding(session: Session, scheme_id: str, slug: str) -> list[tuple[str, str]]:
    """(name, title) of the releases that hold concept `slug`, newest first: the versions a
    trainer can pin an embedded definition to (a release without it has nothing to show)."""
    rows = session.execute(
        select(Release.name, Release.title)
        .join(ReleaseConcept, ReleaseConcept.release_pk == Release.pk)
        .where(Release.scheme_id == scheme_id, ReleaseConcept.slug == slug)
        .order_by(Release.issued_at.desc(), Release.pk.desc())
    )
    return [(name, title) for name, title in rows]
