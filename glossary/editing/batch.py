"""A framework file turned into drafts for review (`flask glossary import FILE --as-draft`).

The file is read and checked as a whole, like any import; then every concept it adds or
changes becomes a draft, in one transaction, all checked together through the importer's
change plan (so a concept may name another new concept of the same file). Clusters,
sources and the scheme's texts are not drafted: a file that changes them is refused, to
be imported directly by someone who may.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from glossary.accounts import audit
from glossary.accounts.audit import Actor
from glossary.database import begin_write
from glossary.editing.draft_rows import Draft, draft_view
from glossary.editing.drafts import concept_version, save_in_transaction
from glossary.editing.errors import DraftInvalid, NotAllowed
from glossary.importing import FrameworkInvalid, Rules, export_framework, plan_change
from glossary.records import Framework


@dataclass(frozen=True)
class DraftedImport:
    """What an import as drafts did: the concepts drafted (or, in a dry run, to be), the
    drafts written, and how many concepts the file leaves as they are."""

    slugs: tuple[str, ...]
    drafts: tuple[Draft, ...]
    unchanged: int


def import_as_drafts(
    session: Session,
    scheme_id: str,
    actor: Actor,
    framework: Framework,
    rules: Rules,
    change_note: str,
    dry_run: bool = False,
) -> DraftedImport:
    """Turn each concept of `framework` that differs from the published one into a draft
    (new concepts as new drafts), in one transaction; nothing when any check fails.

    Raises DraftInvalid (every problem, located), NotAllowed when the file changes
    clusters or sources (those are imported directly), DraftConflict when another person
    has a draft of one of the concepts."""
    stored, _ = export_framework(session, scheme_id)
    _refuse_other_changes(stored, framework)
    published = {record.slug: record for record in stored.concepts}
    changed = [record for record in framework.concepts if published.get(record.slug) != record]
    unchanged = len(framework.concepts) - len(changed)
    slugs = tuple(record.slug for record in changed)
    if not changed:
        return DraftedImport((), (), unchanged)
    try:
        plan_change(session, scheme_id, Framework([], [], changed), rules)
    except FrameworkInvalid as invalid:
        raise DraftInvalid(invalid.problems) from None
    if dry_run:
        return DraftedImport(slugs, (), unchanged)
    bases = {record.slug: concept_version(session, scheme_id, record.slug) for record in changed}
    begin_write(session)
    try:
        rows = [
            save_in_transaction(
                session,
                scheme_id,
                actor,
                record.slug if record.slug in published else None,
                record,
                bases[record.slug],
                change_note,
                None,  # checked above, all together
                None,
            )
            for record in changed
        ]
        audit.record(session, actor, "draft.import", scheme_id, {"drafts": len(rows)})
        drafts = tuple(draft_view(row) for row in rows)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return DraftedImport(slugs, drafts, unchanged)


def _refuse_other_changes(stored: Framework, incoming: Framework) -> None:
    clusters = {record.id: record for record in stored.clusters}
    sources = {record.key: record for record in stored.sources}
    differing = [
        f"cluster '{record.id}'"
        for record in incoming.clusters
        if clusters.get(record.id) != record
    ] + [
        f"source '{record.key}'" for record in incoming.sources if sources.get(record.key) != record
    ]
    if differing:
        raise NotAllowed(
            "only concepts become drafts; the file also changes "
            + ", ".join(differing[:5])
            + (f" and {len(differing) - 5} more" if len(differing) > 5 else "")
            + ": import those directly (without --as-draft) first"
        )
