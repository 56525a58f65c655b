"""Consultation rounds in the workspace, /beheer/consultaties: open a round over drafts,
invite participants (by e-mail or a personal link), follow the tally and the comments per
concept, close a round early. Routes of the `workspace` blueprint (its sign-in guard,
throttle and CSRF), thin over glossary.consultation."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from glossary.consultation import invitations, links, rounds
from glossary.consultation.models import Consultation
from glossary.consultation.rounds import ConsultationError
from glossary.database import db_session
from glossary.editing.record_json import record_from_json
from glossary.field_problems import Problem
from glossary.formats.markdown import render_html
from glossary.http import current
from glossary.http.feedback import notice, send_queued_mail
from glossary.models import Cluster
from glossary.web.workspace import workspace
from glossary.web.workspace_consultation_forms import InviteForm, RoundForm
from glossary.web.workspace_forms import ActionForm
from glossary.web.workspace_guard import actor, signed_in


def _closing_moment(form: RoundForm) -> datetime | None:
    """The end of the chosen day, UTC: a round "until 17 December" takes answers all day."""
    day = form.closes_on.data
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC) if day else None


def _choices(form: RoundForm) -> None:
    session = db_session()
    scheme_id = current.scheme_id()
    form.drafts.choices = [
        (row.slug, _draft_title(row.slug, row.record))
        for row in rounds.open_drafts(session, scheme_id)
    ]
    clusters = session.scalars(
        select(Cluster.id).where(Cluster.scheme_id == scheme_id).order_by(Cluster.position)
    ).all()
    form.cluster.choices = [("", "—")] + [(cluster, cluster) for cluster in clusters]


def _draft_title(slug: str, record: dict[str, object]) -> str:
    labels = record_from_json(dict(record)).labels.get(current.source_language())
    return f"{labels.pref} ({slug})" if labels and labels.pref else slug


@workspace.get("/consultaties")
@signed_in()
def consultations() -> ResponseReturnValue:
    return render_template(
        "beheer/consultations.html",
        rounds=rounds.list_rounds(db_session(), current.scheme_id()),
        is_closed=rounds.is_closed,
    )


@workspace.route("/consultaties/nieuw", methods=["GET", "POST"])
@signed_in()
def consultation_new() -> ResponseReturnValue:
    form = RoundForm()
    _choices(form)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            slugs = list(form.drafts.data or [])
            if form.cluster.data:
                slugs += rounds.drafts_of_cluster(
                    db_session(), current.scheme_id(), str(form.cluster.data)[:100]
                )
            try:
                pk = rounds.open_round(
                    db_session(),
                    current.scheme_id(),
                    actor(),
                    str(form.title.data or ""),
                    str(form.explanation.data or ""),
                    _closing_moment(form),
                    slugs,
                )
            except ConsultationError as error:
                problems = [_problem_text(problem) for problem in error.problems]
            else:
                return redirect(url_for("workspace.consultation", pk=pk, done="opened"), code=303)
    return (
        render_template("beheer/consultation_new.html", form=form, problems=problems),
        status,
    )


def _problem_text(problem: Problem) -> str:
    texts = {
        "title": _("Give the round a title (at most 300 characters)."),
        "closes_at": _("Choose a closing date in the future."),
        "explanation": _("The explanation is too long."),
    }
    if problem.field == "drafts":
        return str(_("Choose at least one draft: %(detail)s", detail=problem.detail))
    return str(texts.get(problem.field, problem.detail))


def _round(pk: int) -> Consultation:
    found = rounds.get_round(db_session(), pk, current.scheme_id())
    if found is None:
        abort(404)
    return found


def _render_round(
    consultation: Consultation,
    invite_form: InviteForm | None = None,
    invitation: invitations.Invitation | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return (
        render_template(
            "beheer/consultation.html",
            consultation=consultation,
            explanation=render_html(consultation.explanation),
            closed=rounds.is_closed(consultation),
            tally=rounds.tally(db_session(), consultation),
            invite_form=invite_form or InviteForm(formdata=None),
            close_form=ActionForm(),
            invitation=invitation,
            problems=problems or [],
            mail_enabled=notice().enabled,
        ),
        status,
    )


@workspace.get("/consultaties/<int:pk>")
@signed_in()
def consultation(pk: int) -> ResponseReturnValue:
    return _render_round(_round(pk))


@workspace.post("/consultaties/<int:pk>/uitnodigen")
@signed_in()
def consultation_invite(pk: int) -> ResponseReturnValue:
    """Add a participant; the personal link is shown this once (only its digest is kept)."""
    found = _round(pk)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_round(found, form, status=400)
    try:
        invitation = invitations.invite(
            db_session(),
            pk,
            actor(),
            form.name.data,
            form.email.data,
            bool(form.by_mail.data),
            notice(),
        )
    except ConsultationError as error:
        texts = [f"{problem.field}: {problem.detail}" for problem in error.problems]
        return _render_round(_round(pk), form, problems=texts, status=400)
    send_queued_mail()
    return _render_round(_round(pk), invitation=invitation)


@workspace.post("/consultaties/<int:pk>/sluiten")
@signed_in()
def consultation_close(pk: int) -> ResponseReturnValue:
    _round(pk)
    if not ActionForm().validate_on_submit():
        abort(400)
    rounds.close(db_session(), pk, actor())
    return redirect(url_for("workspace.consultation", pk=pk, done="closed"), code=303)


@workspace.app_template_global("consultations_of_concept")
def consultations_of_concept(slug: str) -> list[links.RoundRef]:
    """The rounds that asked about a concept (the draft editor lists them)."""
    return links.consultations_of_concept(db_session(), current.scheme_id(), slug)
