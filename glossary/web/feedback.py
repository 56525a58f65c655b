"""The public feedback pages: "Reageer op dit begrip", "Stel een begrip voor", and the
private status page of a submission. Thin views over glossary.feedback.submissions.

Robots are kept out without third parties: the CSRF token (Flask-WTF, checked for every
form), a honeypot field, a minimum fill time, a budget of submissions per client address
and size limits. What people type is stored as plain text and rendered escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from glossary.database import db_session
from glossary.feedback import submissions
from glossary.feedback.models import FeedbackKind, FeedbackStatus
from glossary.feedback.submissions import FeedbackError, FeedbackInput
from glossary.http import current
from glossary.http.feedback import MAX_BODY_BYTES, notice, scope, send_queued_mail
from glossary.services import concepts
from glossary.urls import public_url
from glossary.web.feedback_forms import (
    ConceptFeedbackForm,
    ProposalForm,
    filled_in_time,
    shown_stamp,
)
from glossary.web.i18n import content_language
from glossary.web.login import client_address, spend_budget

feedback = Blueprint("feedback", __name__)


@feedback.after_request
def _private(response: Response) -> Response:
    """Forms carry a session's CSRF token and status pages a private address: no cache
    keeps them, no search engine lists them (the status page's <meta name="referrer"> keeps
    its links from leaking the address as a Referer: the security headers set their own
    Referrer-Policy after this)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _refusal(form: Any) -> tuple[str | None, int]:
    """Why a posted form is not stored (and the status to answer), or (None, 200)."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _("The form is too large. Please shorten your text."), 413
    if form.website.data:
        return _("The form could not be sent."), 400
    minimum = float(current_app.config.get("GLOSSARY_FEEDBACK_MIN_SECONDS", 3))
    if not filled_in_time(_secret(), form.shown.data, minimum):
        return _(
            "The form was sent too quickly or has expired. Please check it and send it again."
        ), 400
    if not spend_budget("RATELIMIT_FEEDBACK", client_address()):
        return _("You have sent a lot of feedback in a short time. Please try again later."), 429
    return None, 200


def _store(form: Any, data: FeedbackInput) -> ResponseReturnValue | None:
    try:
        new = submissions.submit(db_session(), scope(), data, "web", notice())
    except FeedbackError as error:
        for problem in error.problems:
            field = getattr(form, problem.field, None)
            if field is not None:
                field.errors = [*field.errors, problem.detail]
        return None
    send_queued_mail()
    return redirect(f"{request.script_root}/reactie/{new.token}?verstuurd=1", code=303)


def _contact(form: Any) -> dict[str, Any]:
    return {
        "name": form.name.data,
        "organisation": form.organisation.data,
        "email": form.email.data,
        "consent": bool(form.consent.data),
    }


def _form_page(
    template: str, form: Any, read: Callable[[Any], FeedbackInput], **context: Any
) -> ResponseReturnValue:
    """The form on GET. On POST the submission `read` makes of the form, stored (a redirect
    to its status page), or the form again saying why not: a refusal, or the fields marked."""
    problem, status = None, 200
    if request.method == "POST":
        problem, status = _refusal(form)
        if problem is None and form.validate():
            stored = _store(form, read(form))
            if stored is not None:
                return stored
        if problem is None:
            problem, status = _("Please correct the fields marked below."), 400
    form.shown.data = shown_stamp(_secret())
    form.website.data = ""
    response = make_response(render_template(template, form=form, problem=problem, **context))
    response.status_code = status
    return response


@feedback.route("/reageer/<path:concept_id>", methods=["GET", "POST"])
def concept_feedback(concept_id: str) -> ResponseReturnValue:
    found = concepts.get_concept(db_session(), current.scheme_id(), concept_id)
    if found is None:
        # A label in the address leads to its concept's form, as on the concept pages.
        slug = submissions.resolve_concept(db_session(), scope(), concept_id)
        if slug is None:
            raise NotFound()
        query = request.query_string.decode()
        target = url_for("feedback.concept_feedback", concept_id=slug)
        return redirect(f"{target}?{query}" if query else target, code=302)
    lang = content_language()
    label = next(
        (label.text for label in found.labels if label.kind.value == "pref" and label.lang == lang),
        found.slug,
    )

    def remark(form: Any) -> FeedbackInput:
        return FeedbackInput(
            kind=str(form.kind.data),
            message=str(form.message.data),
            concept=found.slug,
            **_contact(form),
        )

    return _form_page(
        "feedback/concept.html",
        ConceptFeedbackForm(),
        remark,
        concept_id=found.slug,
        label=label,
    )


def _proposal(form: Any) -> FeedbackInput:
    return FeedbackInput(
        kind=FeedbackKind.NEW_TERM.value,
        message=str(form.message.data or ""),
        term=form.term.data,
        definition=form.definition.data,
        source=form.source.data,
        context=form.context.data,
        **_contact(form),
    )


@feedback.route("/voorstel", methods=["GET", "POST"])
def propose() -> ResponseReturnValue:
    return _form_page("feedback/propose.html", ProposalForm(), _proposal)


def status_name(status: FeedbackStatus) -> str:
    names = {
        FeedbackStatus.NEW: _("received, not yet handled"),
        FeedbackStatus.IN_PROGRESS: _("being handled"),
        FeedbackStatus.DONE: _("handled"),
        FeedbackStatus.DECLINED: _("declined"),
    }
    return str(names[status])


def kind_name(kind: FeedbackKind) -> str:
    names = {
        FeedbackKind.UNCLEAR: _("The definition is unclear"),
        FeedbackKind.WRONG: _("The definition is wrong"),
        FeedbackKind.MISSING_SYNONYM: _("A synonym is missing"),
        FeedbackKind.TRANSLATION: _("The translation"),
        FeedbackKind.RELATED_TERM: _("A related term"),
        FeedbackKind.NEW_TERM: _("A new term"),
        FeedbackKind.OTHER: _("Something else"),
    }
    return str(names[kind])


feedback.add_app_template_global(status_name, "feedback_status_name")
feedback.add_app_template_global(kind_name, "feedback_kind_name")


@feedback.get("/reactie/<token>")
def status(token: str) -> ResponseReturnValue:
    submission = submissions.find_by_token(db_session(), token)
    if submission is None:
        abort(404)
    return render_template(
        "feedback/status.html",
        submission=submission,
        just_sent=request.args.get("verstuurd") == "1",
        status_url=public_url(f"/reactie/{token}"),
    )
