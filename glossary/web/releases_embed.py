"""A card pinned to a release: /embed/<id>?versie=<name> shows the definition as that
release holds it, so a page that embeds it keeps the text it was written against.
Called by glossary.web.embed's card view (framing allowed there)."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from glossary.database import db_session
from glossary.formats.markdown import render_html
from glossary.http import current
from glossary.language import match_language
from glossary.releases.store import ReleaseNotFound, get_release, release_records
from glossary.urls import public_url_for
from glossary.web.i18n import content_languages
from glossary.web.releases import VERSION_PARAM


def pinned_card(concept_id: str, theme: str) -> ResponseReturnValue:
    """The card of `concept_id` as release `?versie=` holds it; the "not found" card (404)
    for an unknown release or a concept it does not hold."""
    name = request.args.get(VERSION_PARAM, "")
    requested = request.args.get("lang")
    languages = content_languages()
    lang = (match_language(requested, languages) if requested else None) or languages[0]
    try:
        release = get_release(db_session(), current.scheme_id(), name)
        record = release_records(db_session(), current.scheme_id(), name, [concept_id]).get(
            concept_id
        )
    except ReleaseNotFound:
        record = None
    if record is None:
        return render_template("embed/missing.html", theme=theme, term=concept_id), 404
    shown = lang if lang in record.labels else current.source_language()
    labels = record.labels.get(shown)
    definition = record.notes.get(("definition", shown)) or record.notes.get(
        ("definition", current.source_language()), ""
    )
    return render_template(
        "embed/release_card.html",
        theme=theme,
        release=release,
        lang=shown,
        label=labels.pref if labels is not None else concept_id,
        definition=Markup(render_html(definition)) if definition else None,
        page_url=public_url_for("pages.concept", concept_id=concept_id, versie=name),
    )
