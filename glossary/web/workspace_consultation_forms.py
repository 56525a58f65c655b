"""The workspace's consultation forms (Flask-WTF: each carries its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from glossary.consultation.models import EMAIL_LENGTH, EXPLANATION_LENGTH, NAME_LENGTH, TITLE_LENGTH


class RoundForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """A new round: the drafts are chosen one by one, or all drafts of one cluster."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_LENGTH)])
    explanation = TextAreaField(
        _l("Explanation for the participants (Markdown)"),
        validators=[Optional(), Length(max=EXPLANATION_LENGTH)],
    )
    closes_on = DateField(
        _l("Closing date (answers are taken until the end of this day, UTC)"),
        validators=[DataRequired()],
    )
    drafts = SelectMultipleField(_l("Drafts to consult on"), choices=[], validate_choice=False)
    cluster = SelectField(
        _l("Or: every draft of the concepts of a cluster"), choices=[], validate_choice=False
    )


class InviteForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """A participant: a name and an address are optional for a personal link."""

    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=NAME_LENGTH)])
    email = StringField(_l("E-mail address"), validators=[Optional(), Length(max=EMAIL_LENGTH)])
    by_mail = BooleanField(_l("Send the invitation by e-mail"))
