"""Making a release in the workspace: /beheer/versies, for admins. Routes of the
`workspace` blueprint (its sign-in guard, write throttle and CSRF), over
glossary.releases.store like `flask glossary release create`."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from glossary.database import db_session
from glossary.http import current
from glossary.releases.cli import release_url_pattern
from glossary.releases.store import (
    NOTES_MAX,
    TITLE_MAX,
    NewRelease,
    ReleaseError,
    create_release,
    list_releases,
)
from glossary.web.workspace import workspace
from glossary.web.workspace_guard import ADMIN_ONLY, actor, signed_in


class ReleaseForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    notes = TextAreaField(_l("Release notes (Markdown)"), validators=[Length(max=NOTES_MAX)])


@workspace.route("/versies", methods=["GET", "POST"])
@signed_in(ADMIN_ONLY)
def releases() -> ResponseReturnValue:
    form = ReleaseForm()
    status = 200
    if form.validate_on_submit():
        try:
            new = NewRelease(
                form.name.data.strip(),
                form.title.data.strip(),
                form.notes.data or "",
                current.source_language(),
                release_url_pattern(),
            )
            made = create_release(db_session(), current.scheme_id(), actor(), new)
        except ReleaseError as error:
            form.name.errors = [str(error)]
            status = 400
        else:
            return redirect(url_for("releases.release_page", name=made.name), code=303)
    elif form.is_submitted():
        status = 400
    return (
        render_template(
            "beheer/releases.html",
            form=form,
            releases=list_releases(db_session(), current.scheme_id()),
        ),
        status,
    )
