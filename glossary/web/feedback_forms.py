"""The public feedback forms (Flask-WTF: each carries its CSRF token), with the two robot
traps that need no third party: a honeypot field people never see, and a signed timestamp
of when the form was shown (a form sent back within seconds was not typed by a person)."""

from __future__ import annotations

import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import BooleanField, Field, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from glossary.feedback.models import (
    EMAIL_LENGTH,
    FIELD_LENGTH,
    MESSAGE_LENGTH,
    NAME_LENGTH,
    TERM_LENGTH,
)
from glossary.feedback.submissions import looks_like_email

FILL_TIME_SALT = "feedback-form-shown"


def concept_kinds() -> list[tuple[str, str]]:
    return [
        ("unclear", str(_l("The definition is unclear"))),
        ("wrong", str(_l("The definition is wrong"))),
        ("missing_synonym", str(_l("A synonym is missing"))),
        ("translation", str(_l("The translation"))),
        ("related_term", str(_l("A related term"))),
        ("other", str(_l("Something else"))),
    ]


def _email_address(form: FlaskForm, field: Field) -> None:
    if field.data and not looks_like_email(str(field.data).strip()):
        raise ValidationError(_l("This is not an e-mail address."))


class _Contact(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types: FlaskForm is Any
    name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=NAME_LENGTH)])
    organisation = StringField(
        _l("Organisation (optional)"), validators=[Optional(), Length(max=NAME_LENGTH)]
    )
    email = StringField(
        _l("E-mail address (optional)"),
        validators=[Optional(), Length(max=EMAIL_LENGTH), _email_address],
    )
    consent = BooleanField(_l("You may contact me at this address about my feedback"))
    # The honeypot: hidden from people and from assistive technology, filled by robots.
    website = StringField(_l("Leave this field empty"))
    shown = HiddenField()


class ConceptFeedbackForm(_Contact):
    kind = RadioField(_l("What is it about?"), choices=concept_kinds, validators=[DataRequired()])
    message = TextAreaField(
        _l("Your remark"), validators=[DataRequired(), Length(max=MESSAGE_LENGTH)]
    )


class ProposalForm(_Contact):
    term = StringField(_l("Term"), validators=[DataRequired(), Length(max=TERM_LENGTH)])
    definition = TextAreaField(
        _l("Proposed definition"), validators=[DataRequired(), Length(max=FIELD_LENGTH)]
    )
    source = TextAreaField(
        _l("Source (optional)"), validators=[Optional(), Length(max=FIELD_LENGTH)]
    )
    context = TextAreaField(
        _l("Where is the term used? (optional)"),
        validators=[Optional(), Length(max=FIELD_LENGTH)],
    )
    message = TextAreaField(
        _l("Anything else (optional)"), validators=[Optional(), Length(max=MESSAGE_LENGTH)]
    )


def shown_stamp(secret: str) -> str:
    """The signed moment the form is shown, for its hidden `shown` field."""
    return str(URLSafeSerializer(secret, salt=FILL_TIME_SALT).dumps(time.time()))


def filled_in_time(secret: str, stamp: str | None, min_seconds: float) -> bool:
    """True when the form came back at least `min_seconds` after it was shown, by a stamp
    this server signed (a forged or missing stamp is never in time)."""
    try:
        shown = float(URLSafeSerializer(secret, salt=FILL_TIME_SALT).loads(stamp or ""))
    except (BadSignature, TypeError, ValueError):
        return False
    return time.time() - shown >= min_seconds
