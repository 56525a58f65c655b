"""The forms of the workspace (Flask-WTF: each carries its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from glossary.accounts.models import EMAIL_LENGTH
from glossary.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from glossary.feedback.models import FeedbackStatus
from glossary.feedback.submissions import REPLY_LENGTH


class LoginForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types: FlaskForm is Any
    email = StringField(_l("E-mail address"), validators=[DataRequired(), Length(max=EMAIL_LENGTH)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class PasswordForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
    )


class LogoutForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """No fields: the CSRF token alone, so another site cannot sign a visitor out."""


class DraftForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """What a concept editor's form carries besides the concept's own fields (those are
    named after the CSV's columns and read by glossary.web.concept_form)."""

    base_version = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    lock_version = IntegerField(validators=[Optional(), NumberRange(min=0)])
    change_note = TextAreaField(_l("What changed, and why"), validators=[Length(max=2000)])


class ActionForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """Submit, approve, delete, restore: the CSRF token alone."""


class RejectForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    reason = TextAreaField(
        _l("Why the draft goes back to its author"),
        validators=[DataRequired(), Length(max=2000)],
    )


def _answer_statuses() -> list[tuple[str, str]]:
    from glossary.web.feedback import status_name

    return [(status.value, status_name(status)) for status in FeedbackStatus]


class AnswerForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """The editors' answer to a submission: its status, and a reply the submitter sees."""

    status = SelectField(_l("Status"), choices=_answer_statuses, validators=[DataRequired()])
    reply = TextAreaField(
        _l("Reply to the submitter (shown on their status page)"),
        validators=[Optional(), Length(max=REPLY_LENGTH)],
    )
