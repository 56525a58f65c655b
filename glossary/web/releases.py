"""Release pages: /versies (the list), /versies/<name> (notes, counts, frozen downloads),
/versies/<a>/verschil/<b> (what changed), and a concept as a release holds it
(/begrip/<id>?versie=<name>); plus the citation every concept page offers.

The frozen downloads are served from the stored bytes: a strong ETag (their SHA-256) and a
year of caching, since they never change.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup

from glossary.consultation.links import RoundRef, consultations_for_versions
from glossary.database import db_session
from glossary.formats.markdown import render_html
from glossary.http import current
from glossary.records import ConceptRecord
from glossary.releases.citation import Citation, cite, release_holding
from glossary.releases.diff import KINDS, ConceptChange, diff_between
from glossary.releases.frozen import FORMATS
from glossary.releases.store import (
    CURRENT,
    ReleaseNotFound,
    ReleaseView,
    first_held_versions,
    get_release,
    list_releases,
    release_export,
    release_records,
)
from glossary.services.concepts import get_scheme, labels_by_slug
from glossary.urls import public_url_for
from glossary.web.history import FieldChange
from glossary.web.i18n import content_language, language_name

releases = Blueprint("releases", __name__)

EXPORT_NAME = "begrippenkader"
VERSION_PARAM = "versie"
# The frozen files never change: caches may keep them a year without asking again.
FROZEN_CACHE_CONTROL = "public, max-age=31536000, immutable"
FIELD_ORDER = ("pref_label", "alt_labels", "hidden_labels", "definition")


def _release_or_404(name: str) -> ReleaseView:
    try:
        return get_release(db_session(), current.scheme_id(), name)
    except ReleaseNotFound as error:
        abort(404, description=str(error))


@releases.get("/versies")
def release_list() -> ResponseReturnValue:
    return render_template(
        "releases/list.html", releases=list_releases(db_session(), current.scheme_id())
    )


@releases.get("/versies/<name>")
def release_page(name: str) -> ResponseReturnValue:
    release = _release_or_404(name)
    changes = (
        diff_between(db_session(), current.scheme_id(), release.previous, name).counts()
        if release.previous is not None
        else None
    )
    published = first_held_versions(db_session(), current.scheme_id(), name)
    rounds = consultations_for_versions(db_session(), current.scheme_id(), published)
    return render_template(
        "releases/release.html",
        release=release,
        consulted=_consulted(rounds),
        notes_html=Markup(render_html(release.notes)) if release.notes else None,
        formats=FORMATS,
        export_name=EXPORT_NAME,
        counts=changes,
    )


def _consulted(rounds: dict[tuple[str, int], list[RoundRef]]) -> list[tuple[RoundRef, list[str]]]:
    """Each consultation round behind this release's versions, with the concepts it asked
    about, oldest round first."""
    concepts: dict[int, list[str]] = {}
    by_pk: dict[int, RoundRef] = {}
    for (slug, _version), refs in sorted(rounds.items()):
        for ref in refs:
            by_pk.setdefault(ref.pk, ref)
            concepts.setdefault(ref.pk, []).append(slug)
    ordered = sorted(by_pk.values(), key=lambda ref: (ref.closes_at, ref.pk))
    return [(ref, concepts[ref.pk]) for ref in ordered]


@releases.get(f"/versies/<name>/export/{EXPORT_NAME}.<extension>")
def frozen_export(name: str, extension: str) -> Response:
    """A release's download, byte for byte as it was made."""
    try:
        row = release_export(db_session(), current.scheme_id(), name, extension)
    except ReleaseNotFound as error:
        abort(404, description=str(error))
    response = Response(row.body, mimetype=row.media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{EXPORT_NAME}-{name}.{extension}"'
    response.set_etag(row.sha256)
    response.headers["Cache-Control"] = FROZEN_CACHE_CONTROL
    response.make_conditional(request)
    return response


@releases.get("/versies/<old>/verschil/<new>")
def release_diff(old: str, new: str) -> ResponseReturnValue:
    try:
        found = diff_between(db_session(), current.scheme_id(), old, new, current.source_language())
    except ReleaseNotFound as error:
        abort(404, description=str(error))
    return render_template(
        "releases/diff.html",
        old=old,
        new=new,
        current_name=CURRENT,
        kinds=KINDS,
        kind_titles=kind_titles(),
        groups={kind: [_shown(change) for change in found.of_kind(kind)] for kind in KINDS},
        successor_names=labels_by_slug(
            db_session(),
            current.scheme_id(),
            [slug for change in found.changes for slug in change.replaced_by],
            current.source_language(),
            current.source_language(),
        ),
    )


def kind_titles() -> dict[str, str]:
    return {
        "added": _("Added"),
        "changed": _("Changed"),
        "replaced": _("Replaced"),
        "retired": _("Retired"),
        "removed": _("Removed"),
    }


def _shown(change: ConceptChange) -> tuple[ConceptChange, list[FieldChange]]:
    return change, titled_fields(change.fields)


def titled_fields(fields: dict[str, list[tuple[str, str]]]) -> list[FieldChange]:
    """The word diff per field, titled for a reader, source language first."""
    titles = {
        "pref_label": _("Preferred label"),
        "alt_labels": _("Alternative labels"),
        "hidden_labels": _("Hidden labels"),
        "definition": _("Definition"),
    }
    source = current.source_language()

    def place(name: str) -> tuple[bool, str, int]:
        field, _at, lang = name.partition("@")
        order = FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)
        return (lang != source, lang, order)

    return [
        FieldChange(f"{titles.get(field, field)} ({language_name(lang)})", lang or None, ops)
        for name, ops in sorted(fields.items(), key=lambda item: place(item[0]))
        for field, _at, lang in [name.partition("@")]
    ]


def release_concept_page(concept_id: str) -> ResponseReturnValue:
    """/begrip/<id>?versie=<name>: the concept as release <name> holds it, with a notice and
    a link to today's version; 404 for an unknown release or a concept it does not hold."""
    name = request.args.get(VERSION_PARAM, "")
    release = _release_or_404(name)
    held = release_records(db_session(), current.scheme_id(), name, [concept_id])
    record = held.get(concept_id)
    if record is None:
        abort(404, description=f"release '{name[:100]}' holds no concept '{concept_id[:100]}'")
    source = current.source_language()
    asked = content_language()
    shown = asked if _pref(record, asked) else source
    label = _pref(record, shown) or concept_id
    return render_template(
        "releases/concept.html",
        release=release,
        record=record,
        concept_id=concept_id,
        label=label,
        label_lang=shown,
        notes=_notes(record, asked, source),
        citation=_citation(concept_id, label, release, release.issued_at),
    )


def _pref(record: ConceptRecord, lang: str) -> str:
    labels = record.labels.get(lang)
    return labels.pref if labels is not None else ""


def _notes(record: ConceptRecord, asked: str, source: str) -> list[tuple[str, str, Markup]]:
    """The record's notes in the language asked for, each in the source language where the
    release holds no translation of it: (kind, lang, HTML), definition first."""
    found = []
    for kind in ("definition", "scope_note", "example"):
        for lang in dict.fromkeys((asked, source)):
            text = record.notes.get((kind, lang))
            if text:
                found.append((kind, lang, Markup(render_html(text))))
                break
    return found


def _citation(
    concept_id: str, label: str, release: ReleaseView | None, modified: datetime
) -> Citation:
    scheme = get_scheme(db_session(), current.scheme_id())
    titles = {t.lang: t.value for t in scheme.texts if t.field == "title"} if scheme else {}
    work = titles.get(current.source_language()) or current.scheme_id()
    return cite(
        str(current_app.config["GLOSSARY_PUBLISHER_NAME"]),
        label,
        work,
        public_url_for("pages.concept", concept_id=concept_id),
        release,
        modified.year,
    )


@releases.app_template_global("concept_citation")
def concept_citation(concept_id: str, label: str, modified: datetime) -> Citation:
    """The citation a concept page offers: pinned to the newest release holding its text."""
    release = release_holding(db_session(), current.scheme_id(), concept_id)
    return _citation(concept_id, label, release, modified)
