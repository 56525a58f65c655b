"""The history of a concept: every published version, whole, and what changed between two.

Versions are read from the rows the importer's apply step records at each publication (an
import or an approved draft), so the history shows exactly what was public, when and why.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from glossary.accounts.audit import Actor
from glossary.editing import drafts
from glossary.editing.errors import ConceptNotFound
from glossary.editing.models import ConceptVersion, PartVersion
from glossary.editing.record_json import record_from_json
from glossary.importing import Rules
from glossary.records import ConceptRecord
from glossary.timeutil import as_utc

# Word-diff operations: text kept, removed from the old, inserted in the new.
EQUAL, DELETE, INSERT = "equal", "delete", "insert"
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Publication:
    """What every published version says of its publication (a concept's, a part's):
    none of it for a state older than the history, shown as version 1."""

    version: int = 1
    published_at: datetime | None = None
    change_note: str = ""
    revision: int | None = None
    author: str | None = None
    reviewer: str | None = None


@dataclass(frozen=True, kw_only=True)
class VersionView(Publication):
    """One published version of a concept as the history pages and the API show it."""

    slug: str
    record: ConceptRecord


def published_fields(row: ConceptVersion | PartVersion) -> dict[str, Any]:
    """What every version row says of its publication: number, when, why, which revision,
    who wrote and who approved it (a concept's and a part's alike)."""
    return {
        "version": row.version,
        "published_at": as_utc(row.published_at) if row.published_at is not None else None,
        "change_note": row.change_note,
        "revision": row.revision,
        "author": row.author.email if row.author is not None else None,
        "reviewer": row.reviewer.email if row.reviewer is not None else None,
    }


def _view(row: ConceptVersion) -> VersionView:
    return VersionView(slug=row.slug, record=record_from_json(row.record), **published_fields(row))


def _rows(scheme_id: str) -> Select[ConceptVersion]:
    return (
        select(ConceptVersion)
        .options(joinedload(ConceptVersion.author), joinedload(ConceptVersion.reviewer))
        .where(ConceptVersion.scheme_id == scheme_id)
    )


def versions(session: Session, scheme_id: str, slug: str) -> list[VersionView]:
    """The published versions of a concept, oldest first (none for an unknown concept).
    A concept stored before versions were kept shows its current state as version 1."""
    found = [
        _view(row)
        for row in session.scalars(
            _rows(scheme_id).where(ConceptVersion.slug == slug).order_by(ConceptVersion.version)
        )
    ]
    if not found and drafts.concept_version(session, scheme_id, slug) == 1:
        record = drafts.stored_record(session, scheme_id, slug)
        found = [VersionView(slug=slug, record=record)]
    return found


def version(session: Session, scheme_id: str, slug: str, number: int) -> VersionView:
    """One published version; ConceptNotFound when there is no such version."""
    for view in versions(session, scheme_id, slug):
        if view.version == number:
            return view
    raise ConceptNotFound(f"'{slug[:100]}' has no version {number}")


def recently_published(session: Session, scheme_id: str, limit: int = 10) -> list[VersionView]:
    """The newest publications of the scheme, newest first (the workspace's dashboard)."""
    statement = (
        _rows(scheme_id)
        .where(ConceptVersion.published_at.is_not(None))
        .order_by(ConceptVersion.published_at.desc(), ConceptVersion.pk.desc())
        .limit(limit)
    )
    return [_view(row) for row in session.scalars(statement)]


def word_diff(old_text: str, new_text: str) -> list[tuple[str, str]]:
    """What turns `old_text` into `new_text`, word by word: (equal|delete|insert, text).

    Words and the white space between them are the units (difflib on the token lists), so
    a changed word shows as one deletion and one insertion, and joining the `equal` and
    `insert` parts gives the new text back exactly."""
    old, new = _TOKENS.findall(old_text), _TOKENS.findall(new_text)
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(ops, EQUAL, "".join(old[i1:i2]))
            continue
        if tag in ("replace", "delete"):
            _append(ops, DELETE, "".join(old[i1:i2]))
        if tag in ("replace", "insert"):
            _append(ops, INSERT, "".join(new[j1:j2]))
    return ops


def _append(ops: list[tuple[str, str]], op: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1][0] == op:
        ops[-1] = (op, ops[-1][1] + text)
    else:
        ops.append((op, text))


def _fields(record: ConceptRecord) -> dict[str, str]:
    """The fields a diff shows: labels and definition per language, keyed like the CSV."""
    fields: dict[str, str] = {}
    for lang, labels in sorted(record.labels.items()):
        fields[f"pref_label@{lang}"] = labels.pref
        fields[f"alt_labels@{lang}"] = " · ".join(labels.alt)
        fields[f"hidden_labels@{lang}"] = " · ".join(labels.hidden)
    for (kind, lang), text in sorted(record.notes.items()):
        if kind == "definition":
            fields[f"definition@{lang}"] = text
    return fields


def diff(old: ConceptRecord | None, new: ConceptRecord) -> dict[str, list[tuple[str, str]]]:
    """The word diff of every label and definition that differs between two versions
    (`old` None: the first version, all of it inserted), by field name (`definition@nl`)."""
    return diff_fields(_fields(old) if old is not None else {}, _fields(new))


def diff_fields(before: dict[str, str], after: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The word diff of every named text field that differs (absent counts as empty): the
    one diff of concepts, clusters, sources and the scheme's texts."""
    return {
        name: word_diff(before.get(name, ""), after.get(name, ""))
        for name in sorted(before.keys() | after.keys())
        if before.get(name, "") != after.get(name, "")
    }


def restore_as_draft(
    session: Session,
    scheme_id: str,
    actor: Actor,
    slug: str,
    number: int,
    rules: Rules,
) -> drafts.Draft:
    """Make an old version the actor's draft of the concept, based on the version
    published now, for review like any change. The importer's checks run now, as for any
    save: a label may have gone to another concept since, and the editor should see that
    at once (DraftInvalid, with the old version inside to fix), not at approval."""
    old = version(session, scheme_id, slug, number)
    current = drafts.concept_version(session, scheme_id, slug)
    if current == 0:
        raise ConceptNotFound(f"'{slug[:100]}' is not published; it cannot be restored")
    return drafts.save_draft(
        session,
        scheme_id,
        actor,
        slug,
        old.record,
        current,
        f"restore version {number}",
        rules,
    )
