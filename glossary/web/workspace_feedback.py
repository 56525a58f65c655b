"""The editors' feedback queue in the workspace: /beheer/reacties, filtered by kind,
concept and status; one submission with its answer (status and reply); the dashboard's
counts. Routes of the `workspace` blueprint (its sign-in guard, throttle and CSRF), kept in
their own module. Turning a submission into a draft is issue 14's: it will call
glossary.feedback.submissions.draft_seed from here."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from glossary.database import db_session
from glossary.feedback import submissions
from glossary.feedback.models import FeedbackKind, FeedbackStatus
from glossary.feedback.submissions import FeedbackError, QueueFilter
from glossary.http.feedback import notice, send_queued_mail
from glossary.web.workspace import workspace
from glossary.web.workspace_forms import AnswerForm
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
        form.status.data = submission.status.value
        form.reply.data = submission.reply or ""
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
    return (
        render_template("beheer/feedback_item.html", submission=submission, form=form),
        status,
    )


@workspace.context_processor
def _feedback_counts() -> dict[str, object]:
    # A callable: only the dashboard asks, so other pages run no count query.
    return {"feedback_counts": lambda: submissions.counts(db_session())}
