"""What's new: /nieuw, the publications of the last months newest first, each linking to
its diff on the concept's history page, and /nieuw.atom, an Atom feed of the same.

Thin over `glossary.services.whats_new`. The page and the feed move with the data revision
(their ETag names it) and with the day, since a publication leaves the window of months
as time passes: the window's first day is part of the ETag too (`g.page_variant`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, g, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from glossary.database import db_session
from glossary.formats.atom import ATOM_MEDIA_TYPE, Feed, FeedEntry, atom_document
from glossary.formats.markdown import render_plain
from glossary.http import current
from glossary.http.params import query_int
from glossary.language import LocalizedText
from glossary.services import whats_new as service
from glossary.services.concepts import labels_by_slug
from glossary.services.revision import current_revision
from glossary.services.whats_new import Publication, PublicationKind
from glossary.timeutil import utcnow
from glossary.urls import public_url, public_url_for
from glossary.web.i18n import content_language, ui_language

whats_new = Blueprint("whats_new", __name__)

PAGE_SIZE = 25
FEED_ENTRIES = 50
MAX_PAGE = 100_000
# Entry ids are tag URIs (RFC 4151) under the host of the concept URIs, dated by the
# year the framework was first published; they never change for a version.
TAG_YEAR = 2022


@dataclass(frozen=True)
class Item:
    """One publication as the page lists it."""

    slug: str
    label: str
    lang: str
    kind: str
    kind_name: str
    published_at: datetime
    change_note: str
    diff_url: str
    successors: list[tuple[LocalizedText, str]]


def kind_name(kind: PublicationKind) -> str:
    names: dict[PublicationKind, str] = {
        PublicationKind.NEW: _("New term"),
        PublicationKind.CHANGED: _("Changed"),
        PublicationKind.REPLACED: _("Replaced"),
        PublicationKind.RETIRED: _("Retired"),
    }
    return names[kind]


def months() -> int:
    return int(current_app.config.get("GLOSSARY_NEW_MONTHS", service.DEFAULT_MONTHS))


def _since() -> datetime:
    """The start of the window; the page and the feed vary with it (see the module doc)."""
    start = service.window_start(utcnow(), months())
    g.page_variant = "|".join(filter(None, (g.get("page_variant", ""), f"since-{start.date()}")))
    return start


def diff_path(publication: Publication, external: bool = False) -> str:
    """The history page's diff from the previous version to this one; for a new concept,
    its history page (there is nothing before to compare with)."""
    build = public_url_for if external else url_for
    endpoint = "pages.history.concept_versions"
    if publication.previous is None:
        return build(endpoint, concept_id=publication.slug)
    return build(
        endpoint,
        concept_id=publication.slug,
        van=publication.previous,
        naar=publication.version,
        _anchor="diff-title",
    )


def _item(publication: Publication, lang: str, names: dict[str, LocalizedText]) -> Item:
    label, label_lang = publication.label(lang, current.source_language())
    return Item(
        slug=publication.slug,
        label=label,
        lang=label_lang,
        kind=publication.kind.value,
        kind_name=kind_name(publication.kind),
        published_at=publication.published_at,
        change_note=publication.change_note,
        diff_url=diff_path(publication),
        successors=[
            (names[slug] if slug in names else LocalizedText(slug, lang, lang), _concept_url(slug))
            for slug in publication.replaced_by
        ],
    )


def _concept_url(slug: str) -> str:
    return url_for("pages.concept", concept_id=slug)


def _successor_names(found: list[Publication], lang: str) -> dict[str, LocalizedText]:
    """The preferred labels of the successors the listed publications name (one query)."""
    slugs = [slug for publication in found for slug in publication.replaced_by]
    if not slugs:
        return {}
    return labels_by_slug(db_session(), current.scheme_id(), slugs, lang, current.source_language())


@whats_new.get("/nieuw")
def page() -> ResponseReturnValue:
    number = query_int("pagina", 1, maximum=MAX_PAGE)
    since = _since()
    session, scheme_id = db_session(), current.scheme_id()
    total = service.count_publications(session, scheme_id, since)
    found = service.publications(
        session, scheme_id, since, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    if number > 1 and not found:
        abort(404)
    lang = content_language()
    names = _successor_names(found, lang)
    return render_template(
        "whats_new.html",
        items=[_item(publication, lang, names) for publication in found],
        page=number,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        months=months(),
        since=since,
    )


def entry_id(publication: Publication) -> str:
    """A stable id for one version of one concept: the same in every fetch of the feed."""
    host = service_host()
    return f"tag:{host},{TAG_YEAR}:{current.scheme_id()}/{publication.slug}/{publication.version}"


def service_host() -> str:
    return urlsplit(str(current_app.config["GLOSSARY_BASE_URI"])).hostname or "localhost"


def _entry(publication: Publication, lang: str, names: dict[str, LocalizedText]) -> FeedEntry:
    label, _label_lang = publication.label(lang, current.source_language())
    definition = publication.definitions.get(lang) or publication.definitions.get(
        current.source_language(), ""
    )
    lines = [kind_name(publication.kind)]
    if publication.change_note:
        lines.append(_("Change note: %(note)s", note=publication.change_note))
    if publication.replaced_by:
        successors = [
            names[slug].text if slug in names else slug for slug in publication.replaced_by
        ]
        lines.append(_("Replaced by: %(ids)s", ids=", ".join(successors)))
    if definition:
        lines.append(render_plain(definition))
    return FeedEntry(
        id=entry_id(publication),
        title=f"{label} ({kind_name(publication.kind).lower()})",
        link=diff_path(publication, external=True),
        updated=publication.published_at,
        content="\n\n".join(lines),
    )


@whats_new.get("/nieuw.atom")
def feed() -> Response:
    since = _since()
    session, scheme_id = db_session(), current.scheme_id()
    found = service.publications(session, scheme_id, since, offset=0, limit=FEED_ENTRIES)
    lang = content_language()
    names = _successor_names(found, lang)
    updated = found[0].published_at if found else current_revision(session).changed_at
    document = atom_document(
        Feed(
            id=public_url("/nieuw"),
            title=_("What's new in the Begrippenkader"),
            subtitle=_(
                "Terms added, changed, replaced or retired in the last %(num)s months.",
                num=months(),
            ),
            self_link=public_url_for("pages.whats_new.feed"),
            page_link=public_url_for("pages.whats_new.page"),
            author=str(current_app.config.get("GLOSSARY_PUBLISHER_NAME", "")),
            author_uri=str(current_app.config.get("GLOSSARY_PUBLISHER_URL", "")),
            language=ui_language(),
            updated=updated,
        ),
        [_entry(publication, lang, names) for publication in found],
    )
    response = Response(document, mimetype=ATOM_MEDIA_TYPE)
    # The kinds and notes are in the UI language: another variant for caches and the ETag.
    response.headers["Content-Language"] = ui_language()
    return response
