"""The public history of a concept, /begrip/<id>/geschiedenis: its published versions with
dates and change notes, and a word-level diff of labels and definition between any two.

Only published versions are shown: a draft is never public. The workspace's history page
(glossary.web.workspace_editor) renders the same list with authors and "restore as draft".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from glossary.database import db_session
from glossary.editing import history
from glossary.editing.history import VersionView
from glossary.http import current
from glossary.records import ConceptRecord
from glossary.web.concept_form import ordered_languages
from glossary.web.i18n import language_name

concept_history = Blueprint("history", __name__)


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions, as word-level operations."""

    title: str
    lang: str | None
    ops: list[tuple[str, str]]


@dataclass(frozen=True)
class Comparison:
    older: int | None
    newer: int | None
    changes: list[FieldChange] | None  # None: nothing to compare (one version)


def compare(
    found: Sequence[Any],
    args: Mapping[str, str],
    changes: Callable[[Any, Any], list[FieldChange]] | None = None,
) -> Comparison:
    """The versions `van` and `naar` of the query (by default the two newest) and what
    differs between them: a concept's labels and definitions, or what `changes` (old
    version, new version) finds for the versions of a cluster, source or the scheme."""
    differ = changes or _concept_changes
    numbers = {view.version: view for view in found}
    if len(numbers) < 2:
        return Comparison(None, None, None)
    ordered = sorted(numbers)
    older = _number(args.get("van"), ordered[-2])
    newer = _number(args.get("naar"), ordered[-1])
    if older not in numbers or newer not in numbers:
        return Comparison(ordered[-2], ordered[-1], None)
    return Comparison(older, newer, differ(numbers[older], numbers[newer]))


def _concept_changes(old: VersionView, new: VersionView) -> list[FieldChange]:
    return field_changes(old.record, new.record)


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and len(value) < 9 else default


FIELD_ORDER = ("pref_label", "alt_labels", "hidden_labels", "definition")


def field_changes(old: ConceptRecord | None, new: ConceptRecord) -> list[FieldChange]:
    """Labels and definition per language, each field that differs as a word diff (the
    service's diff, the one the API gives), titled for a reader, source language first.
    `old` None (a new concept): every field of `new`, all inserted."""
    titles = {
        "pref_label": _("Preferred label"),
        "alt_labels": _("Alternative labels"),
        "hidden_labels": _("Hidden labels"),
        "definition": _("Definition"),
    }
    languages = sorted(set(old.languages() if old else ()) | set(new.languages()))
    order = ordered_languages(languages, current.source_language())

    def place(name: str) -> tuple[int, int]:
        field, _at, lang = name.partition("@")
        return (
            order.index(lang) if lang in order else len(order),
            FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER),
        )

    changes = history.diff(old, new)
    return [
        FieldChange(
            f"{titles.get(field, field)} ({language_name(lang)})", lang or None, changes[name]
        )
        for name in sorted(changes, key=place)
        for field, _at, lang in [name.partition("@")]
    ]


def _pref(record: ConceptRecord, lang: str) -> str:
    labels = record.labels.get(lang)
    return labels.pref if labels else ""


@concept_history.get("/begrip/<path:concept_id>/geschiedenis")
def concept_versions(concept_id: str) -> ResponseReturnValue:
    found = history.versions(db_session(), current.scheme_id(), concept_id)
    if not found:
        abort(404)
    newest = max(found, key=lambda view: view.version)
    return render_template(
        "history.html",
        back=url_for("pages.concept", concept_id=concept_id),
        label=_pref(newest.record, current.source_language()) or concept_id,
        versions=found,
        comparison=compare(found, request.args),
    )
