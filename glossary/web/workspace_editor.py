"""The concept editor of the workspace: drafts, review, the Markdown preview and the history.

Thin views over glossary.editing: the form is read into a record (glossary.web.concept_form),
the service validates it through the importer's change plan and stores it as a draft; its
typed errors come back as problems at the fields, a version conflict as both texts."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from glossary.database import db_session
from glossary.editing import drafts, history
from glossary.editing.drafts import Draft
from glossary.editing.errors import (
    ConceptNotFound,
    DraftConflict,
    DraftInvalid,
    DraftNotFound,
    EditingError,
    VersionConflict,
)
from glossary.editing.models import DraftStatus
from glossary.feedback.drafts import submissions_of_draft
from glossary.formats.markdown import render_html
from glossary.http import current
from glossary.importing import Rules
from glossary.records import ConceptRecord
from glossary.services import concepts
from glossary.text import LANG_TAG
from glossary.web.concept_form import (
    LINK_FIELDS,
    FieldGroup,
    FormProblems,
    form_from_record,
    language_group,
    ordered_languages,
    record_from_form,
    too_long,
)
from glossary.web.history import FieldChange, compare, field_changes
from glossary.web.i18n import language_name
from glossary.web.workspace_forms import ActionForm, DraftForm, RejectForm
from glossary.web.workspace_guard import REVIEWERS, actor, me, signed_in

editor = Blueprint("editor", __name__)

PREVIEW_LONGEST = 20_000  # characters of Markdown one preview renders


def _rules() -> Rules:
    return Rules(
        source_language=current.source_language(),
        base_uri=str(current.settings().get("GLOSSARY_BASE_URI", "")),
    )


def _languages(values: Mapping[str, str]) -> list[str]:
    """The configured languages (a translation may start in the editor), those the scheme
    has labels in, and any other the concept has a field in: a text the form did not show
    would be lost on saving."""
    named = {name.partition("@")[2] for name in values if "@" in name}
    extra = {lang for lang in named if LANG_TAG.match(lang)}
    return ordered_languages(
        sorted(set(current.configured_languages()) | set(current.scheme_languages()) | extra),
        current.source_language(),
    )


def _groups(values: Mapping[str, str]) -> list[FieldGroup]:
    source = current.source_language()
    return [language_group(lang, source, language_name(lang)) for lang in _languages(values)]


def _render_editor(
    values: Mapping[str, str],
    *,
    slug: str | None,
    draft: Draft | None,
    form: DraftForm,
    problems: Mapping[str, str] | None = None,
    general: list[str] | None = None,
    conflict: VersionConflict | None = None,
    changes: list[FieldChange] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    groups = _groups(values)
    field_titles = {item.name: str(item.label) for item in LINK_FIELDS} | {
        item.name: f"{item.label} ({group.legend})" for group in groups for item in group.fields
    }
    return (
        render_template(
            "beheer/concept_edit.html",
            slug=slug,
            field_titles=field_titles,
            changes=changes,
            source_language=current.source_language(),
            draft=draft,
            form=form,
            values=values,
            groups=groups,
            link_fields=LINK_FIELDS,
            problems=problems or {},
            general=general or [],
            conflict=conflict,
            conflict_values=form_from_record(conflict.theirs)
            if conflict and conflict.theirs
            else {},
            actions=ActionForm(),
            reject_form=RejectForm(),
            can_review=_can_review(draft),
            # "from feedback #N": the submissions this draft was made from or joined.
            feedback=submissions_of_draft(db_session(), current.scheme_id(), draft.slug)
            if draft is not None
            else [],
        ),
        status,
    )


def _can_review(draft: Draft | None) -> bool:
    return (
        draft is not None
        and draft.status is DraftStatus.IN_REVIEW
        and me().role in REVIEWERS
        and draft.author_pk != me().pk
    )


def _visible_draft(slug: str) -> Draft | None:
    """The draft of `slug` this account may see (its own or any in review; a reviewer sees
    every draft), or None."""
    try:
        return drafts.get_draft(db_session(), current.scheme_id(), actor(), slug)
    except DraftNotFound:
        return None


@editor.get("/begrip/<slug>")
@signed_in()
def edit(slug: str) -> ResponseReturnValue:
    draft = _visible_draft(slug)
    form = DraftForm()
    if draft is not None:
        record: ConceptRecord = draft.record
        form.base_version.data = draft.base_version
        form.lock_version.data = draft.lock_version
        form.change_note.data = draft.change_note
    else:
        try:
            record = drafts.stored_record(db_session(), current.scheme_id(), slug)
        except ConceptNotFound:
            abort(404)
        form.base_version.data = drafts.concept_version(db_session(), current.scheme_id(), slug)
        form.lock_version.data = 0
    changes = None
    if draft is not None and not draft.is_new:
        # What a reviewer approves: the draft against the text published now.
        published = drafts.stored_record(db_session(), current.scheme_id(), slug)
        changes = field_changes(published, draft.record)
    return _render_editor(
        form_from_record(record), slug=slug, draft=draft, form=form, changes=changes
    )


@editor.get("/begrip/")
@signed_in()
def find() -> ResponseReturnValue:
    """The dashboard's "edit a concept" field: its id, the address of its page, or one of
    its labels (resolved as the public pages resolve them)."""
    wanted = request.args.get("begrip", "").strip().rstrip("/").rsplit("/", 1)[-1]
    if not wanted or len(wanted) > 200:
        return redirect(url_for("workspace.dashboard"))
    scheme = current.scheme_id()
    if concepts.get_concept(db_session(), scheme, wanted) is None:
        named = concepts.resolve_label(
            db_session(), scheme, wanted, source_language=current.source_language()
        )
        if named is not None:
            wanted = named.concept.slug
    return redirect(url_for("workspace.editor.edit", slug=wanted))


@editor.get("/begrip/nieuw")
@signed_in()
def new() -> ResponseReturnValue:
    form = DraftForm()
    form.base_version.data = 0
    form.lock_version.data = 0
    return _render_editor({}, slug=None, draft=None, form=form)


@editor.post("/begrip/nieuw")
@signed_in()
def create() -> ResponseReturnValue:
    return _save(None)


@editor.post("/begrip/<slug>")
@signed_in()
def save(slug: str) -> ResponseReturnValue:
    return _save(slug)


def _save(slug: str | None) -> ResponseReturnValue:
    form = DraftForm()
    values = request.form.to_dict()
    draft = _visible_draft(slug) if slug else None
    if not form.validate_on_submit():
        problems = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        return _render_editor(
            values, slug=slug, draft=draft, form=form, problems=problems, status=400
        )
    long_fields = too_long(values)
    if long_fields:
        problems = dict.fromkeys(long_fields, _("This text is too long."))
        return _render_editor(
            values, slug=slug, draft=draft, form=form, problems=problems, status=422
        )
    record, form_problems = record_from_form(
        values, slug, _languages(values), current.source_language()
    )
    if form_problems:
        return _render_editor(
            values, slug=slug, draft=draft, form=form, problems=form_problems, status=422
        )
    try:
        saved = drafts.save_draft(
            db_session(),
            current.scheme_id(),
            actor(),
            # A concept not yet published is saved as new, whether its draft exists or not.
            None if draft is None and slug is None or draft is not None and draft.is_new else slug,
            record,
            int(form.base_version.data),
            str(form.change_note.data or ""),
            _rules(),
            lock_version=form.lock_version.data,
        )
    except DraftInvalid as refused:
        return _render_invalid(values, slug, draft, form, refused, record.slug)
    except VersionConflict as conflict:
        # The typed text stays in the form; saving again starts from the published version.
        form.base_version.data = conflict.theirs_version
        return _render_editor(
            values, slug=slug, draft=draft, form=form, conflict=conflict, status=409
        )
    except DraftConflict as clash:
        # Someone else saved this draft meanwhile: keep the typed text, say so at the top.
        form.lock_version.data = clash.current_lock_version
        general = [
            _(
                "Someone else saved this draft while you were editing it. Your text is "
                "kept below; save again to replace theirs."
            )
        ]
        return _render_editor(
            values, slug=slug, draft=draft, form=form, general=general, status=409
        )
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.editor.edit", slug=saved.slug, done="saved"), 303)


def _render_invalid(
    values: Mapping[str, str],
    slug: str | None,
    draft: Draft | None,
    form: DraftForm,
    refused: DraftInvalid,
    record_slug: str,
) -> ResponseReturnValue:
    """The editor again (422) with what was typed and the importer's problems at their
    fields (`record_slug`: the id the problems are located at)."""
    problems, general = _located(refused, record_slug)
    return _render_editor(
        values, slug=slug, draft=draft, form=form, problems=problems, general=general, status=422
    )


def _located(refused: DraftInvalid, slug: str) -> tuple[FormProblems, list[str]]:
    """The importer's problems at the form's fields (named after the CSV's columns); those
    about something else (another record, the whole scheme) are listed above the form."""
    at_fields = FormProblems()
    general: list[str] = []
    for problem in refused.problems:
        column = problem.column
        if problem.path == f"/concepts/{slug}" and column:
            previous = at_fields.get(column)
            at_fields[column] = f"{previous} {problem.message}" if previous else problem.message
        else:
            general.append(f"{column}: {problem.message}" if column else problem.message)
    return at_fields, general


def _act(slug: str) -> None:
    if not ActionForm().validate_on_submit():
        abort(400)
    if _visible_draft(slug) is None:
        abort(404)


@editor.post("/begrip/<slug>/indienen")
@signed_in()
def submit(slug: str) -> ResponseReturnValue:
    _act(slug)
    try:
        drafts.submit(db_session(), current.scheme_id(), actor(), slug)
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.editor.edit", slug=slug, done="submitted"), 303)


@editor.post("/begrip/<slug>/goedkeuren")
@signed_in(REVIEWERS)
def approve(slug: str) -> ResponseReturnValue:
    _act(slug)
    try:
        drafts.approve(db_session(), current.scheme_id(), actor(), slug, _rules())
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.dashboard", done="published"), 303)


@editor.post("/begrip/<slug>/afwijzen")
@signed_in(REVIEWERS)
def reject(slug: str) -> ResponseReturnValue:
    form = RejectForm()
    if not form.validate_on_submit():
        abort(400)
    if _visible_draft(slug) is None:
        abort(404)
    try:
        drafts.reject(db_session(), current.scheme_id(), actor(), slug, str(form.reason.data))
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.dashboard", done="rejected"), 303)


@editor.post("/begrip/<slug>/verwijderen")
@signed_in()
def delete(slug: str) -> ResponseReturnValue:
    _act(slug)
    try:
        drafts.delete_draft(db_session(), current.scheme_id(), actor(), slug)
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.dashboard", done="deleted"), 303)


@editor.get("/begrip/<slug>/geschiedenis")
@signed_in()
def versions(slug: str) -> ResponseReturnValue:
    found = history.versions(db_session(), current.scheme_id(), slug)
    if not found:
        abort(404)
    return render_template(
        "beheer/history.html",
        slug=slug,
        label=slug,
        edit_url=url_for("workspace.editor.edit", slug=slug),
        public_url=url_for("pages.history.concept_versions", concept_id=slug),
        versions=found,
        comparison=compare(found, request.args),
        restore_url=lambda version: url_for("workspace.editor.restore", slug=slug, version=version),
    )


@editor.post("/begrip/<slug>/herstellen/<int:version>")
@signed_in()
def restore(slug: str, version: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        history.restore_as_draft(
            db_session(), current.scheme_id(), actor(), slug, version, _rules()
        )
    except DraftInvalid as refused:
        return _refused_restore(slug, version, refused)
    except EditingError as refused:
        abort(refused.status)
    return redirect(url_for("workspace.editor.edit", slug=slug, done="restored"), 303)


def _refused_restore(slug: str, version: int, refused: DraftInvalid) -> ResponseReturnValue:
    """The old version in the editor with its problems at the fields, nothing saved: the
    editor fixes it and saves, as after any refused save."""
    if refused.mine is None:
        abort(refused.status)
    form = DraftForm()
    form.base_version.data = drafts.concept_version(db_session(), current.scheme_id(), slug)
    draft = _visible_draft(slug)
    form.lock_version.data = draft.lock_version if draft is not None else 0
    form.change_note.data = f"restore version {version}"
    return _render_invalid(form_from_record(refused.mine), slug, draft, form, refused, slug)


@editor.post("/voorbeeld")
@signed_in()
def preview() -> Response:
    """The Markdown of one field as the public page renders it: the same sanitizer, so what
    the editor sees is what a reader will see (script and unsafe links removed)."""
    text = request.form.get("text", "")
    if len(text) > PREVIEW_LONGEST:
        abort(413)
    response = Response(render_html(text), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def dashboard_lists() -> dict[str, object]:
    """What the dashboard lists: my drafts, those waiting for my review, and the concepts
    published most recently."""
    visible = drafts.list_drafts(db_session(), current.scheme_id(), actor())
    mine = [draft for draft in visible if draft.author_pk == me().pk]
    waiting = [
        draft
        for draft in visible
        if draft.status is DraftStatus.IN_REVIEW
        and draft.author_pk != me().pk
        and me().role in REVIEWERS
    ]
    return {
        "my_drafts": mine,
        "waiting": waiting,
        "published": history.recently_published(db_session(), current.scheme_id(), limit=10),
        "can_review": me().role in REVIEWERS,
        "source_language": current.source_language(),
    }
