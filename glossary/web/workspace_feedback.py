"""The editors' feedback queue in the workspace: /beheer/reacties, filtered by kind,
concept and status; one submission with its answer (status and reply); the dashboard's
counts; turning a submission into a draft (glossary.feedback.drafts). Routes of the
`workspace` blueprint (its sign-in guard, throttle and CSRF), kept in their own module."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from glossary.database import db_session
from glossary.editing.errors import EditingError
from glossary.feedback import drafts as feedback_drafts
from glossary.feedback import submissions
from glossary.feedback.models import FeedbackKind, FeedbackStatus, FeedbackSubmission
from glossary.feedback.submissions import FeedbackError, QueueFilter
from glossary.http import current
from glossary.http.feedback import notice, send_queued_mail
from glossary.web.workspace import workspace
from glossary.web.workspace_forms import ActionForm, AnswerForm
from glossary.web.workspace_guard import actor, signed_in

QUEUE_PAGE_SIZE = 50


def _filter() -> QueueFilter:
    """The queue's filters from the query; an unknown value filters nothing (no 400: the
    form only offers known ones, and a stale bookmark still opens the queue)."""
    kind = request.args.get("kind", "")
    status = request.args.get("status", "")
    return QueueFilter(
        kind=FeedbackKind(kind) if kind in set(FeedbackKind) else None,
        concept=request.args.get("concept", "").strip()[:200] or None,
        status=FeedbackStatus(status) if status in set(FeedbackStatus) else None,
    )


@workspace.get("/reacties")
@signed_in()
def feedback_queue() -> ResponseReturnValue:
    wanted = _filter()
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    items = submissions.queue(
        db_session(), wanted, limit=QUEUE_PAGE_SIZE + 1, offset=(number - 1) * QUEUE_PAGE_SIZE
    )
    return render_template(
        "beheer/feedback_queue.html",
        items=items[:QUEUE_PAGE_SIZE],
        has_next=len(items) > QUEUE_PAGE_SIZE,
        page=number,
        wanted=wanted,
        kinds=list(FeedbackKind),
        statuses=list(FeedbackStatus),
        counts=submissions.counts(db_session()),
    )


@workspace.route("/reacties/<int:pk>", methods=["GET", "POST"])
@signed_in()
def feedback_item(pk: int) -> ResponseReturnValue:
    submission = submissions.get_submission(db_session(), pk)
    if submission is None:
        abort(404)
    form = AnswerForm()
    status = 200
    if request.method == "GET":
        _fill(form, submission)
    elif form.validate_on_submit():
        try:
            submissions.answer(
                db_session(),
                pk,
                FeedbackStatus(form.status.data),
                form.reply.data,
                actor(),
                notice(),
            )
        except FeedbackError as error:
            form.reply.errors = [problem.detail for problem in error.problems]
            status = 400
        else:
            send_queued_mail()
            return redirect(url_for("workspace.feedback_item", pk=pk, done="answer"), code=303)
    else:
        status = 400
    return _render_item(submission, form, status)


def _fill(form: AnswerForm, submission: FeedbackSubmission) -> None:
    form.status.data = submission.status.value
    form.reply.data = submission.reply or ""


def _stored_answer(submission: FeedbackSubmission) -> AnswerForm:
    """The answer form as stored (not from the request: it posted the draft button)."""
    form = AnswerForm(formdata=None)
    _fill(form, submission)
    return form


def _render_item(
    submission: FeedbackSubmission, form: AnswerForm, status: int, problem: str | None = None
) -> ResponseReturnValue:
    link = feedback_drafts.draft_link(db_session(), current.scheme_id(), submission)
    can_draft = (link is None or not (link.is_open or link.published_version)) and (
        submission.concept_slug is not None
        or (submission.kind is FeedbackKind.NEW_TERM and bool(submission.proposed_term))
    )
    return (
        render_template(
            "beheer/feedback_item.html",
            submission=submission,
            form=form,
            draft_link=link,
            can_draft=can_draft,
            draft_form=ActionForm(),
            draft_problem=problem,
        ),
        status,
    )


@workspace.post("/reacties/<int:pk>/ontwerp")
@signed_in()
def feedback_draft(pk: int) -> ResponseReturnValue:
    """The "Maak een ontwerp" button: the draft of the submission's concept (or of the
    proposed term), made or opened, and linked to the submission; the editor opens on it."""
    submission = submissions.get_submission(db_session(), pk)
    if submission is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    note = _("From feedback #%(number)s", number=pk)
    try:
        seeded = feedback_drafts.seed_draft(
            db_session(), current.scheme_id(), current.source_language(), pk, actor(), note
        )
    except LookupError:
        abort(404)
    except feedback_drafts.NothingToDraft:
        problem = _(
            "This submission names no concept and proposes no term: there is nothing to draft."
        )
        return _render_item(submission, _stored_answer(submission), 409, problem)
    except EditingError as refused:
        problem = _("No draft could be made: %(reason)s", reason=str(refused))
        return _render_item(submission, _stored_answer(submission), refused.status, problem)
    done = "draft_made" if seeded.created else "draft_opened"
    return redirect(url_for("workspace.editor.edit", slug=seeded.slug, done=done), code=303)


@workspace.context_processor
def _feedback_counts() -> dict[str, object]:
    # A callable: only the dashboard asks, so other pages run no count query.
    return {"feedback_counts": lambda: submissions.counts(db_session())}
