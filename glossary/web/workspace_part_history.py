"""The workspace's history of a cluster, a source and the scheme's texts
(/beheer/<clusters|bronnen>/<key>/geschiedenis, /beheer/schema/geschiedenis): the public
page's versions and diff (glossary.web.part_history) with who wrote and who approved each,
and "restore as draft", which makes an old version the next draft, checked like any save."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from glossary.database import db_session
from glossary.editing.errors import DraftInvalid, EditingError
from glossary.editing.part_history import part_restore_record, restore_part_as_draft
from glossary.editing.part_json import CLUSTER, SCHEME
from glossary.http import current
from glossary.web.part_history import history_page
from glossary.web.workspace_forms import ActionForm
from glossary.web.workspace_guard import actor, signed_in
from glossary.web.workspace_parts import SECTIONS, edit_url, open_refused, part_kind, rules

part_versions = Blueprint("part_history", __name__)


def _public_url(kind: str, key: str) -> str:
    if kind == SCHEME:
        return url_for("pages.part_history.scheme_versions")
    if kind == CLUSTER:
        return url_for("pages.part_history.cluster_versions", cluster_id=key)
    return url_for("pages.part_history.source_versions", source_key=key)


def _restore_url(kind: str, key: str, version: int) -> str:
    if kind == SCHEME:
        return url_for("workspace.part_history.restore_scheme", version=version)
    return url_for(
        "workspace.part_history.restore", section=SECTIONS[kind], key=key, version=version
    )


def _page(kind: str, key: str) -> ResponseReturnValue:
    found, comparison, label = history_page(kind, key)
    return render_template(
        "beheer/history.html",
        label=label,
        edit_url=edit_url(kind, key),
        edit_text=_("Edit"),
        same=_("The texts are the same in both versions."),
        public_url=_public_url(kind, key),
        versions=found,
        comparison=comparison,
        restore_url=lambda version: _restore_url(kind, key, version),
    )


def _restore(kind: str, key: str, version: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    session, scheme_id = db_session(), current.scheme_id()
    try:
        restore_part_as_draft(session, scheme_id, actor(), kind, key, version, rules())
    except DraftInvalid as refused:
        # The old version in the editor with its problems at the fields, nothing saved.
        record = part_restore_record(session, scheme_id, kind, key, version)
        return open_refused(kind, key, record, refused, f"restore version {version}")
    except EditingError as refused:
        abort(refused.status)
    return redirect(edit_url(kind, key) + "?done=restored", 303)


@part_versions.get("/<section>/<key>/geschiedenis")
@signed_in()
def versions(section: str, key: str) -> ResponseReturnValue:
    return _page(part_kind(section), key)


@part_versions.post("/<section>/<key>/herstellen/<int:version>")
@signed_in()
def restore(section: str, key: str, version: int) -> ResponseReturnValue:
    return _restore(part_kind(section), key, version)


@part_versions.get("/schema/geschiedenis")
@signed_in()
def scheme_versions() -> ResponseReturnValue:
    return _page(SCHEME, current.scheme_id())


@part_versions.post("/schema/herstellen/<int:version>")
@signed_in()
def restore_scheme(version: int) -> ResponseReturnValue:
    return _restore(SCHEME, current.scheme_id(), version)
