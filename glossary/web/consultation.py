"""The participant's page of a consultation round, /consultatie/<token>: each draft beside
the published text (word diff; a new concept whole), a position and a comment per concept,
changeable until the closing date, read-only after it. Thin views over
glossary.consultation.rounds.

The personal token is the key: no account, no honeypot (a robot has no token); a guessed
token is a 404. Writes carry the CSRF token, spend a budget per client address and are
limited in size; what participants type is stored as plain text and rendered escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, make_response, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from glossary.accounts.audit import Actor
from glossary.accounts.models import Via
from glossary.consultation import rounds
from glossary.consultation.models import (
    COMMENT_LENGTH,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
    Position,
)
from glossary.consultation.rounds import AnswerInput, ConsultationError, RoundClosed
from glossary.database import db_session
from glossary.editing import history
from glossary.editing.errors import ConceptNotFound
from glossary.editing.record_json import record_from_json
from glossary.field_problems import Problem
from glossary.formats.markdown import render_html
from glossary.records import ConceptRecord
from glossary.web.history import FieldChange, field_changes
from glossary.web.i18n import content_language
from glossary.web.login import client_address, spend_budget

consultation_pages = Blueprint("consultation", __name__)
# Every item's comment at its limit (in UTF-8, up to 4 bytes a character) and the form's
# own fields fit easily for a round of a few dozen drafts.
MAX_BODY_BYTES = 1024 * 1024


class AnswersForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """The CSRF token alone: the positions and comments are named per item."""


@dataclass(frozen=True)
class ItemPage:
    """One draft as the participant sees it, with their answer so far."""

    item: ConsultationItem
    label: str
    changes: list[FieldChange]
    answer: ConsultationAnswer | None


@consultation_pages.after_request
def _private(response: Response) -> Response:
    """A personal page: no cache keeps it, no search engine lists it."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _label(record: ConceptRecord, lang: str) -> str:
    for wanted in (lang, *sorted(record.labels)):
        labels = record.labels.get(wanted)
        if labels and labels.pref:
            return labels.pref
    return record.slug


def _published(item: ConsultationItem) -> ConceptRecord | None:
    if item.is_new or item.base_version < 1:
        return None
    try:
        return history.version(db_session(), item.scheme_id, item.slug, item.base_version).record
    except ConceptNotFound:
        return None


def item_pages(participant: ConsultationParticipant) -> list[ItemPage]:
    lang = content_language()
    answers = rounds.answers_of(participant)
    pages = []
    for item in participant.consultation.items:
        draft = record_from_json(item.record)
        changes = field_changes(_published(item), draft)
        pages.append(ItemPage(item, _label(draft, lang), changes, answers.get(item.pk)))
    return pages


def position_name(position: Position | str) -> str:
    names = {
        Position.AGREE: _("Agree"),
        Position.AGREE_WITH_REMARKS: _("Agree with remarks"),
        Position.DISAGREE: _("Disagree"),
    }
    return str(names[Position(position)])


consultation_pages.add_app_template_global(position_name, "consultation_position_name")


@consultation_pages.app_context_processor
def _positions() -> dict[str, object]:
    return {"consultation_positions": list(Position)}


def _posted(participant: ConsultationParticipant) -> dict[int, AnswerInput]:
    return {
        item.pk: AnswerInput(
            position=request.form.get(f"position-{item.pk}", "")[:50],
            comment=request.form.get(f"comment-{item.pk}", ""),
        )
        for item in participant.consultation.items
    }


def _render(
    participant: ConsultationParticipant,
    status: int = 200,
    problem: str | None = None,
    problems: dict[str, str] | None = None,
    posted: dict[int, AnswerInput] | None = None,
) -> Response:
    consultation = participant.consultation
    response = make_response(
        render_template(
            "consultation/participant.html",
            consultation=consultation,
            participant=participant,
            explanation=render_html(consultation.explanation),
            items=item_pages(participant),
            closed=rounds.is_closed(consultation),
            form=AnswersForm(),
            problem=problem,
            problems=problems or {},
            posted=posted or {},
            saved=request.args.get("opgeslagen") == "1",
            comment_length=COMMENT_LENGTH,
        )
    )
    response.status_code = status
    return response


def _problem_text(problem: Problem) -> str:
    if problem.field.startswith("comment-"):
        return str(
            _("Your comment is too long: at most %(limit)s characters.", limit=COMMENT_LENGTH)
        )
    if problem.field.startswith("position-"):
        return str(_("Choose a position: a comment needs one."))
    return problem.detail


@consultation_pages.get("/consultatie/<token>")
def participant_page(token: str) -> ResponseReturnValue:
    participant = rounds.find_participant(db_session(), token)
    if participant is None:
        abort(404)
    return _render(participant)


@consultation_pages.post("/consultatie/<token>")
def participant_answer(token: str) -> ResponseReturnValue:
    participant = rounds.find_participant(db_session(), token)
    if participant is None:
        abort(404)
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _render(participant, 413, _("The form is too large. Please shorten your comments."))
    if not spend_budget("RATELIMIT_CONSULTATION", client_address()):
        return _render(
            participant, 429, _("You have sent many answers in a short time. Please try later.")
        )
    if not AnswersForm().validate_on_submit():
        return _render(
            participant, 400, _("The form has expired. Please reload the page and answer again.")
        )
    posted = _posted(participant)
    actor = Actor(via=Via.WEB, address=client_address())
    try:
        rounds.answer(db_session(), token, posted, actor)
    except RoundClosed:
        return _render(
            participant,
            409,
            _("This consultation is closed: answers can no longer be given or changed."),
        )
    except ConsultationError as error:
        problems = {problem.field: _problem_text(problem) for problem in error.problems}
        return _render(
            participant,
            400,
            _("Your answers were not saved. Please correct the items marked below."),
            problems,
            posted,
        )
    return redirect(f"{request.script_root}/consultatie/{token}?opgeslagen=1", code=303)
