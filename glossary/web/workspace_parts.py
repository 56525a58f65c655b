"""The workspace's editors of clusters, sources and the scheme's texts (/beheer/clusters,
/beheer/bronnen, /beheer/schema): lists, forms, and the draft's steps.

Thin views over glossary.editing.parts, the same workflow as the concept editor: a save is
a draft checked by the importer's change plan (its problems shown at the fields), a version
conflict shows both texts and keeps what was typed, a reviewer other than the author
approves it, which publishes."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from glossary.database import db_session
from glossary.editing import parts
from glossary.editing.errors import DraftConflict, DraftInvalid, DraftNotFound, EditingError
from glossary.editing.models import DraftStatus
from glossary.editing.part_json import CLUSTER, SCHEME, SOURCE, PartRecord, part_key
from glossary.http import current
from glossary.importing import Rules
from glossary.models import Cluster, Source
from glossary.records import ClusterRecord, SchemeInfo, SourceRecord
from glossary.text import LANG_TAG, SLUG
from glossary.web.concept_form import ordered_languages
from glossary.web.i18n import language_name
from glossary.web.part_form import form_from_part, part_fields, part_from_form
from glossary.web.workspace_forms import ActionForm, DraftForm, RejectForm
from glossary.web.workspace_guard import REVIEWERS, actor, me, signed_in

part_editor = Blueprint("parts", __name__)

# The workspace's section of each kind: its path and the list endpoint.
SECTIONS = {CLUSTER: "clusters", SOURCE: "bronnen", SCHEME: "schema"}
KINDS = {section: kind for kind, section in SECTIONS.items()}
ACTIONS = ("indienen", "goedkeuren", "afwijzen", "verwijderen")


def rules() -> Rules:
    return Rules(
        source_language=current.source_language(),
        base_uri=str(current.settings().get("GLOSSARY_BASE_URI", "")),
    )


def _languages(values: Mapping[str, str]) -> list[str]:
    named = {name.partition("@")[2] for name in values if "@" in name}
    extra = {lang for lang in named if LANG_TAG.match(lang)}
    every = set(current.configured_languages()) | set(current.scheme_languages()) | extra
    return ordered_languages(sorted(every), current.source_language())


def part_kind(section: str) -> str:
    """The kind of part a section of the workspace edits; 404 for any other path."""
    if section not in KINDS or section == SECTIONS[SCHEME]:
        abort(404)
    return KINDS[section]


def _key(kind: str, key: str | None) -> str:
    return current.scheme_id() if kind == SCHEME else str(key)


def _visible(kind: str, key: str) -> parts.PartDraft | None:
    try:
        return parts.get_part_draft(db_session(), current.scheme_id(), actor(), kind, key)
    except DraftNotFound:
        return None


def edit_url(kind: str, key: str | None) -> str:
    if kind == SCHEME:
        return url_for("workspace.parts.scheme")
    return url_for("workspace.parts.edit", section=SECTIONS[kind], key=key)


def _render(
    kind: str,
    key: str | None,
    values: Mapping[str, str],
    form: DraftForm,
    draft: parts.PartDraft | None,
    problems: Mapping[str, str] | None = None,
    general: list[str] | None = None,
    conflict: parts.PartVersionConflict | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    fields = part_fields(kind, _languages(values), current.source_language())
    titles = {
        item.name: f"{item.label} ({language_name(item.lang)})" if item.lang else str(item.label)
        for item in fields
    }
    can_review = (
        draft is not None
        and draft.status is DraftStatus.IN_REVIEW
        and me().role in REVIEWERS
        and draft.author_pk != me().pk
    )
    action = edit_url(kind, key) if key else url_for("workspace.parts.new", section=SECTIONS[kind])
    return (
        render_template(
            "beheer/part_edit.html",
            kind=kind,
            key=key,
            section=SECTIONS[kind],
            action=action,
            fields=fields,
            field_titles=titles,
            language_name=language_name,
            values=values,
            form=form,
            draft=draft,
            problems=problems or {},
            general=general or [],
            conflict=conflict,
            conflict_values=form_from_part(conflict.theirs) if conflict else {},
            actions=ActionForm(),
            reject_form=RejectForm(),
            can_review=can_review,
        ),
        status,
    )


def _open(kind: str, key: str) -> ResponseReturnValue:
    draft = _visible(kind, key)
    form = DraftForm()
    record: PartRecord | None
    if draft is not None:
        record = draft.record
        form.base_version.data = draft.base_version
        form.lock_version.data = draft.lock_version
        form.change_note.data = draft.change_note
    else:
        record = parts.published_part(db_session(), current.scheme_id(), kind, key)
        if record is None:
            abort(404)
        form.base_version.data = parts.part_version(db_session(), current.scheme_id(), kind, key)
        form.lock_version.data = 0
    return _render(kind, key, form_from_part(record), form, draft)


def open_refused(
    kind: str, key: str, record: PartRecord, refused: DraftInvalid, note: str
) -> ResponseReturnValue:
    """A record the importer refused (an old version to restore) in the editor, its
    problems at the fields and nothing saved: the editor fixes it and saves (422)."""
    session, scheme_id = db_session(), current.scheme_id()
    draft = _visible(kind, key)
    form = DraftForm()
    form.base_version.data = parts.part_version(session, scheme_id, kind, key)
    form.lock_version.data = draft.lock_version if draft is not None else 0
    form.change_note.data = note
    located, general = _located(refused, kind, key)
    return _render(kind, key, form_from_part(record), form, draft, located, general, status=422)


@part_editor.post("/<section>/<key>/opheffen")
@signed_in()
def propose_removal(section: str, key: str) -> ResponseReturnValue:
    """Propose removing a cluster or a source: a draft for review like any change, refused
    at once (422, the concepts named) while concepts still need it."""
    kind = part_kind(section)
    form = DraftForm()
    if not form.validate_on_submit():
        abort(400)
    session, scheme_id = db_session(), current.scheme_id()
    try:
        parts.propose_removal(
            session,
            scheme_id,
            actor(),
            kind,
            key,
            int(form.base_version.data),
            str(form.change_note.data or ""),
            form.lock_version.data,
        )
    except DraftInvalid as refused:
        record = parts.published_part(session, scheme_id, kind, key)
        if record is None:
            abort(404)
        return open_refused(kind, key, record, refused, str(form.change_note.data or ""))
    except EditingError as refused:
        abort(refused.status)
    return redirect(edit_url(kind, key) + "?done=saved", 303)


@part_editor.get("/<section>")
@signed_in()
def listing(section: str) -> ResponseReturnValue:
    """The clusters or the sources, each with its draft's state and an edit link."""
    kind = part_kind(section)
    session, scheme_id = db_session(), current.scheme_id()
    items: list[tuple[str, str]]
    if kind == CLUSTER:
        source = current.source_language()
        items = [
            (c.id, next((t.title for t in c.titles if t.lang == source), c.id))
            for c in session.scalars(
                select(Cluster).where(Cluster.scheme_id == scheme_id).order_by(Cluster.position)
            )
        ]
    else:
        items = [
            (s.key, s.citation) for s in session.scalars(select(Source).order_by(Source.position))
        ]
    drafts = {
        d.key: d for d in parts.list_part_drafts(session, scheme_id, actor()) if d.kind == kind
    }
    return render_template(
        "beheer/part_list.html", kind=kind, section=section, items=items, drafts=drafts
    )


@part_editor.get("/<section>/nieuw")
@signed_in()
def new(section: str) -> ResponseReturnValue:
    form = DraftForm()
    form.base_version.data = 0
    form.lock_version.data = 0
    return _render(part_kind(section), None, {}, form, None)


@part_editor.post("/<section>/nieuw")
@signed_in()
def create(section: str) -> ResponseReturnValue:
    return _save(part_kind(section), None)


@part_editor.get("/<section>/<key>")
@signed_in()
def edit(section: str, key: str) -> ResponseReturnValue:
    return _open(part_kind(section), key)


@part_editor.post("/<section>/<key>")
@signed_in()
def save(section: str, key: str) -> ResponseReturnValue:
    return _save(part_kind(section), key)


@part_editor.get("/schema")
@signed_in()
def scheme() -> ResponseReturnValue:
    return _open(SCHEME, current.scheme_id())


@part_editor.post("/schema")
@signed_in()
def save_scheme() -> ResponseReturnValue:
    return _save(SCHEME, current.scheme_id())


def _base(kind: str, key: str | None, values: Mapping[str, str]) -> tuple[PartRecord, bool]:
    """What the form is read over, and whether it is a new cluster or source."""
    session, scheme_id = db_session(), current.scheme_id()
    if key is None:
        wanted = values.get("id", "").strip()
        if kind == CLUSTER:
            return ClusterRecord(wanted, parts.next_cluster_position(session, scheme_id), {}), True
        return SourceRecord(key=wanted, citation="", entry=""), True
    draft = _visible(kind, key)
    published = parts.published_part(session, scheme_id, kind, key)
    if published is None and draft is None:
        abort(404)
    record = published if published is not None else draft.record if draft else SchemeInfo()
    return record, published is None


def _save(kind: str, key: str | None) -> ResponseReturnValue:
    form = DraftForm()
    values = request.form.to_dict()
    draft = _visible(kind, key) if key else None
    if not form.validate_on_submit():
        problems = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        return _render(kind, key, values, form, draft, problems=problems, status=400)
    base, is_new = _base(kind, key, values)
    if is_new and not SLUG.match(values.get("id", key or "").strip()):
        problems = {"id": _("An id of lower-case letters, digits and hyphens (a-z, 0-9, -).")}
        return _render(kind, key, values, form, draft, problems=problems, status=422)
    record, problems = part_from_form(base, values, _languages(values))
    if problems:
        return _render(kind, key, values, form, draft, problems=problems, status=422)
    try:
        saved = parts.save_part_draft(
            db_session(),
            current.scheme_id(),
            actor(),
            record,
            is_new,
            int(form.base_version.data),
            str(form.change_note.data or ""),
            rules(),
            lock_version=form.lock_version.data,
        )
    except DraftInvalid as refused:
        located, general = _located(refused, kind, part_key(record, current.scheme_id()))
        return _render(kind, key, values, form, draft, located, general, status=422)
    except parts.PartVersionConflict as conflict:
        # The typed text stays in the form; saving again starts from the published version.
        form.base_version.data = conflict.theirs_version
        return _render(kind, key, values, form, draft, conflict=conflict, status=409)
    except DraftConflict as clash:
        form.lock_version.data = clash.current_lock_version
        general = [
            _(
                "Someone else saved this draft while you were editing it. Your text is "
                "kept below; save again to replace theirs."
            )
        ]
        return _render(kind, key, values, form, draft, general=general, status=409)
    except EditingError as refused:
        abort(refused.status)
    return redirect(edit_url(kind, saved.key) + "?done=saved", 303)


def _located(refused: DraftInvalid, kind: str, key: str) -> tuple[dict[str, str], list[str]]:
    """The importer's problems at the form's fields; those about other records (a concept
    that would lose its source) above the form."""
    here = "/scheme" if kind == SCHEME else f"/{kind}s/{key}"
    at_fields: dict[str, str] = {}
    general: list[str] = []
    for problem in refused.problems:
        column = problem.column
        if problem.path == here and column:
            previous = at_fields.get(column)
            at_fields[column] = f"{previous} {problem.message}" if previous else problem.message
        else:
            general.append(f"{problem.path} {column}: {problem.message}".strip())
    return at_fields, general


@part_editor.post("/ontwerp/<kind>/<key>/<action>")
@signed_in()
def act(kind: str, key: str, action: str) -> ResponseReturnValue:
    """A step of a draft: submit (its author), approve or reject (a reviewer), delete."""
    if action not in ACTIONS or kind not in SECTIONS:
        abort(404)
    if action in ("goedkeuren", "afwijzen") and me().role not in REVIEWERS:
        abort(403)
    form = RejectForm() if action == "afwijzen" else ActionForm()
    if not form.validate_on_submit():
        abort(400)
    key = _key(kind, key)
    if _visible(kind, key) is None:
        abort(404)
    session, scheme_id = db_session(), current.scheme_id()
    try:
        if action == "indienen":
            parts.submit_part(session, scheme_id, actor(), kind, key)
            return redirect(edit_url(kind, key) + "?done=submitted", 303)
        if action == "goedkeuren":
            parts.approve_part(session, scheme_id, actor(), kind, key, rules())
            done = "published"
        elif action == "afwijzen":
            parts.reject_part(session, scheme_id, actor(), kind, key, str(form.reason.data))
            done = "rejected"
        else:
            parts.delete_part_draft(session, scheme_id, actor(), kind, key)
            done = "deleted"
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.dashboard", done=done), 303)


@part_editor.app_template_global()
def part_draft_lists() -> dict[str, list[parts.PartDraft]]:
    """The dashboard's drafts of clusters, sources and the scheme: mine, and those waiting
    for my review."""
    visible = parts.list_part_drafts(db_session(), current.scheme_id(), actor())
    return {
        "mine": [draft for draft in visible if draft.author_pk == me().pk],
        "waiting": [
            draft
            for draft in visible
            if draft.status is DraftStatus.IN_REVIEW
            and draft.author_pk != me().pk
            and me().role in REVIEWERS
        ],
    }


@part_editor.app_template_global()
def part_draft_url(draft: parts.PartDraft) -> str:
    return edit_url(draft.kind, draft.key)
