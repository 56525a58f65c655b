"""Consultation rounds: open one over a set of drafts, invite participants, take their
answers until the closing date, close early or on the date, tally.

Every write is one transaction with its audit entry. A round is closed once `closed_at` is
set or `closes_at` has passed: checked whenever it is read, so a round never takes an
answer after its date even when `flask glossary consultation close-due` has not run yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary.accounts.audit import Actor, record
from glossary.consultation.models import (
    COMMENT_LENGTH,
    EMAIL_LENGTH,
    EXPLANATION_LENGTH,
    NAME_LENGTH,
    TITLE_LENGTH,
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
    Position,
)
from glossary.database import begin_write, row_by_link_secret, row_for_write
from glossary.editing.models import ConceptDraft
from glossary.field_problems import Problem, ProblemsError
from glossary.models import Cluster, ClusterMember, Concept, utcnow
from glossary.secret_tokens import digest, new_secret
from glossary.text import typed_text
from glossary.timeutil import as_utc

MAX_ITEMS = 200


class ConsultationError(ProblemsError):
    """The round, invitation or answer cannot be stored; every problem found is listed."""


class RoundClosed(Exception):
    """The round's closing date has passed (or an editor closed it): answers are refused."""


def is_closed(consultation: Consultation, now: datetime | None = None) -> bool:
    moment = now or utcnow()
    return consultation.closed_at is not None or as_utc(consultation.closes_at) <= moment


def open_drafts(session: Session, scheme_id: str) -> list[ConceptDraft]:
    """Every draft of the scheme, by concept: what a round may ask about."""
    return list(
        session.scalars(
            select(ConceptDraft)
            .where(ConceptDraft.scheme_id == scheme_id)
            .order_by(ConceptDraft.slug)
        )
    )


def drafts_of_cluster(session: Session, scheme_id: str, cluster_id: str) -> list[str]:
    """The concepts of one cluster that have a draft (a revision of a cluster is consulted
    on as a whole)."""
    members = (
        select(Concept.slug)
        .join(ClusterMember, ClusterMember.concept_pk == Concept.pk)
        .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
        .where(Cluster.scheme_id == scheme_id, Cluster.id == cluster_id)
    )
    return list(
        session.scalars(
            select(ConceptDraft.slug)
            .where(ConceptDraft.scheme_id == scheme_id, ConceptDraft.slug.in_(members))
            .order_by(ConceptDraft.slug)
        )
    )


def _check_round(
    title: str, explanation: str, closes_at: datetime | None, slugs: Sequence[str]
) -> list[Problem]:
    problems = []
    if not title:
        problems.append(Problem("title", "is required"))
    elif len(title) > TITLE_LENGTH:
        problems.append(Problem("title", f"at most {TITLE_LENGTH} characters"))
    if len(explanation) > EXPLANATION_LENGTH:
        problems.append(Problem("explanation", f"at most {EXPLANATION_LENGTH} characters"))
    if closes_at is None:
        problems.append(Problem("closes_at", "is required"))
    elif as_utc(closes_at) <= utcnow():
        problems.append(Problem("closes_at", "must lie in the future"))
    if not slugs:
        problems.append(Problem("drafts", "choose at least one draft"))
    elif len(slugs) > MAX_ITEMS:
        problems.append(Problem("drafts", f"at most {MAX_ITEMS} drafts per round"))
    return problems


def open_round(
    session: Session,
    scheme_id: str,
    actor: Actor,
    title: str,
    explanation: str,
    closes_at: datetime | None,
    slugs: Sequence[str],
) -> int:
    """Open a round over the drafts of `slugs`; returns its id. Each draft's text is kept as
    shown, with the version it started from, so the round's record outlives the draft."""
    title, explanation = typed_text(title), typed_text(explanation)
    wanted = sorted(set(slugs))
    problems = _check_round(title, explanation, closes_at, wanted)
    begin_write(session)
    rows = {
        row.slug: row
        for row in session.scalars(
            select(ConceptDraft).where(
                ConceptDraft.scheme_id == scheme_id, ConceptDraft.slug.in_(wanted)
            )
        )
    }
    missing = [slug for slug in wanted if slug not in rows]
    if missing:
        problems.append(Problem("drafts", "no draft of: " + ", ".join(s[:100] for s in missing)))
    if problems:
        session.rollback()
        raise ConsultationError(problems)
    assert closes_at is not None
    consultation = Consultation(
        scheme_id=scheme_id,
        title=title,
        explanation=explanation,
        closes_at=as_utc(closes_at),
        created_at=utcnow(),
        created_by_pk=actor.user_pk,
    )
    for slug in wanted:
        row = rows[slug]
        consultation.items.append(
            ConsultationItem(
                scheme_id=scheme_id,
                slug=slug,
                base_version=row.base_version,
                is_new=row.is_new,
                record=dict(row.record),
            )
        )
    session.add(consultation)
    session.flush()
    record(
        session,
        actor,
        "consultation.open",
        f"consultation:{consultation.pk}",
        {"items": wanted, "closes_at": consultation.closes_at.isoformat()},
    )
    session.commit()
    return consultation.pk


def get_round(session: Session, pk: int, scheme_id: str | None = None) -> Consultation | None:
    found = session.get(Consultation, pk)
    if found is None or (scheme_id is not None and found.scheme_id != scheme_id):
        return None
    return found


def list_rounds(session: Session, scheme_id: str) -> list[Consultation]:
    """The scheme's rounds, newest first."""
    return list(
        session.scalars(
            select(Consultation)
            .options(selectinload(Consultation.items), selectinload(Consultation.participants))
            .where(Consultation.scheme_id == scheme_id)
            .order_by(Consultation.created_at.desc(), Consultation.pk.desc())
        )
    )


def close(session: Session, pk: int, actor: Actor) -> Consultation:
    """Close a round before its date (an editor's decision); closing a closed round
    changes nothing but is still recorded."""
    consultation = row_for_write(session, Consultation, pk, "consultation")
    now = utcnow()
    if consultation.closed_at is None:
        consultation.closed_at = min(now, as_utc(consultation.closes_at))
    record(session, actor, "consultation.close", f"consultation:{pk}")
    session.commit()
    return consultation


def close_due(session: Session, now: datetime | None = None) -> int:
    """Record the closing of every round past its date (for scheduled runs: the pages
    already treat such a round as closed). Returns how many were closed."""
    moment = now or utcnow()
    begin_write(session)
    due = session.scalars(
        select(Consultation).where(
            Consultation.closed_at.is_(None), Consultation.closes_at <= moment
        )
    ).all()
    for consultation in due:
        consultation.closed_at = consultation.closes_at
    record(
        session,
        Actor.cli(),
        "consultation.close_due",
        detail={"closed": [consultation.pk for consultation in due]},
    )
    session.commit()
    return len(due)


def find_participant(session: Session, token: str) -> ConsultationParticipant | None:
    """The participant whose personal token this is; None for any other string."""
    return row_by_link_secret(session, ConsultationParticipant, token)


@dataclass(frozen=True)
class Invited:
    """A new participant; `token` exists only here (its digest is stored)."""

    pk: int
    token: str


def add_participant(
    session: Session, consultation: Consultation, name: str, email: str, via: str
) -> Invited:
    """A participant row in the caller's transaction (glossary.consultation.invitations
    checks the input and queues the mail)."""
    if len(name) > NAME_LENGTH or len(email) > EMAIL_LENGTH:
        raise ConsultationError([Problem("name", "too long")])
    token = new_secret()
    participant = ConsultationParticipant(
        consultation_pk=consultation.pk,
        token_digest=digest(token),
        name=name or None,
        email=email.lower() or None,
        via=via,
        created_at=utcnow(),
    )
    session.add(participant)
    session.flush()
    return Invited(participant.pk, token)


@dataclass(frozen=True)
class AnswerInput:
    """What a participant posted for one item: position empty means no answer given."""

    position: str
    comment: str


def check_answers(consultation: Consultation, answers: Mapping[int, AnswerInput]) -> list[Problem]:
    items = {item.pk for item in consultation.items}
    problems = []
    for pk, given in answers.items():
        if pk not in items:
            problems.append(Problem(f"item-{pk}", "is not part of this consultation"))
            continue
        if given.position and given.position not in set(Position):
            problems.append(Problem(f"position-{pk}", "choose one of the positions"))
        comment = typed_text(given.comment)
        if len(comment) > COMMENT_LENGTH:
            problems.append(Problem(f"comment-{pk}", f"at most {COMMENT_LENGTH} characters"))
        elif comment and not given.position:
            problems.append(Problem(f"position-{pk}", "choose a position for your comment"))
    return problems


def answer(session: Session, token: str, answers: Mapping[int, AnswerInput], actor: Actor) -> int:
    """Store a participant's positions and comments (changing earlier ones) in one
    transaction; RoundClosed after the closing date, LookupError for an unknown token.
    Returns how many items have an answer now."""
    begin_write(session)
    participant = find_participant(session, token)
    if participant is None:
        session.rollback()
        raise LookupError("no such participant")
    consultation = participant.consultation
    if is_closed(consultation):
        session.rollback()
        raise RoundClosed()
    problems = check_answers(consultation, answers)
    if problems:
        session.rollback()
        raise ConsultationError(problems)
    stored = {row.item_pk: row for row in participant.answers}
    now = utcnow()
    for pk, given in answers.items():
        row = stored.get(pk)
        if not given.position:
            if row is not None:
                session.delete(row)
                del stored[pk]
            continue
        if row is None:
            row = ConsultationAnswer(participant_pk=participant.pk, item_pk=pk)
            session.add(row)
            stored[pk] = row
        row.position = Position(given.position)
        row.comment = typed_text(given.comment)
        row.updated_at = now
    record(
        session,
        actor,
        "consultation.answer",
        f"consultation:{consultation.pk}",
        {"participant": participant.pk, "answered": len(stored)},
    )
    session.commit()
    return len(stored)


@dataclass(frozen=True)
class Comment:
    position: Position
    text: str
    participant: str


@dataclass(frozen=True)
class ItemTally:
    """The answers on one item: how many took each position, and every comment."""

    item: ConsultationItem
    counts: dict[Position, int]
    comments: list[Comment]

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


def tally(session: Session, consultation: Consultation) -> list[ItemTally]:
    """Per item, in the round's order: the count of each position (zeros included) and the
    comments, each signed with the participant's name or their number in the round."""
    numbers = {p.pk: index for index, p in enumerate(consultation.participants, start=1)}
    names = {p.pk: p.name for p in consultation.participants}
    rows = session.scalars(
        select(ConsultationAnswer)
        .where(ConsultationAnswer.item_pk.in_([item.pk for item in consultation.items]))
        .order_by(ConsultationAnswer.participant_pk)
    ).all()
    result = []
    for item in consultation.items:
        counts = dict.fromkeys(Position, 0)
        comments = []
        for row in rows:
            if row.item_pk != item.pk:
                continue
            counts[row.position] += 1
            if row.comment:
                who = names.get(row.participant_pk) or f"#{numbers.get(row.participant_pk, 0)}"
                comments.append(Comment(row.position, row.comment, who))
        result.append(ItemTally(item, counts, comments))
    return result


def answers_of(participant: ConsultationParticipant) -> dict[int, ConsultationAnswer]:
    return {row.item_pk: row for row in participant.answers}
