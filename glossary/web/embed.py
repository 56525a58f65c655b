"""Embedding definitions elsewhere: the framable card, oEmbed, the label list and the words
of the tooltip script, and printable handouts.

Only the card (`/embed/<id>`) may be framed by other sites; every other view keeps the
site-wide `frame-ancestors 'none'` of `glossary.security`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from glossary.database import db_session
from glossary.http import current
from glossary.http.params import query_int, query_lang, required_text
from glossary.http.problems import ApiError
from glossary.language import match_language, note, pref_label
from glossary.models import NoteKind
from glossary.releases.store import releases_holding
from glossary.security import allow_framing
from glossary.services import concepts
from glossary.services.concept_view import ConceptPage, concept_page
from glossary.services.embed import (
    CARD_WIDTH,
    MAX_CARD_HEIGHT,
    card_height,
    concept_slug,
    embed_target,
    iframe_html,
    label_keys,
    tooltip_html,
)
from glossary.services.handout import build_handout, handout_choices
from glossary.services.revision import current_revision
from glossary.urls import concept_page_path, public_root, public_url, public_url_for
from glossary.web.i18n import content_language, content_languages
from glossary.web.plain_view import plain_view
from glossary.web.releases import VERSION_PARAM
from glossary.web.releases_embed import pinned_card

embed = Blueprint("embed", __name__)

THEMES = ("light", "dark")
PROVIDER_NAME = "Begrippenkader"
# oEmbed consumers may cache a response this long (seconds); the card itself is always live.
OEMBED_CACHE_AGE = 3600


@dataclass(frozen=True)
class Snippets:
    """Copy-ready code for embedding one concept in one language."""

    card_url: str
    iframe: str
    tooltip: str
    oembed_url: str
    # What a platform that embeds by oEmbed is given: the concept page's own address.
    page_url: str
    oembed_endpoint: str
    # The embed builder's choices (content languages, themes) and its preview's address.
    languages: tuple[str, ...] = ()
    themes: tuple[str, ...] = THEMES
    preview_url: str = ""
    # The releases holding the concept, (name, title) newest first: a card can be pinned to one.
    releases: tuple[tuple[str, str], ...] = ()


def _card_language(requested: str | None) -> str:
    """The content language a card asked for, or the framework's source language."""
    languages = content_languages()
    return (match_language(requested, languages) if requested else None) or languages[0]


def _ui_locale(lang: str | None) -> str:
    """A card speaks the language of its content where the interface has that language."""
    offered = current_app.config["UI_LANGUAGES"]
    return (match_language(lang, offered) if lang else None) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def _theme(requested: str | None) -> str:
    return requested if requested in THEMES else THEMES[0]


def _page_url(slug: str, lang: str) -> str:
    return public_url(f"{concept_page_path(slug)}?lang={lang}")


def _script_url() -> str:
    return public_url_for("static", filename="embed.js")


def _card_url(
    slug: str,
    lang: str,
    theme: str | None = None,
    text: str | None = None,
    release: str | None = None,
) -> str:
    return public_url_for(
        "embed.card",
        concept_id=slug,
        lang=lang,
        theme=theme,
        text=text,
        **({VERSION_PARAM: release} if release else {}),
    )


def _card_text(requested: str | None) -> str | None:
    """`?text=explanation`: the card shows the plain-language explanation, not the definition."""
    return requested if requested == "explanation" else None


@embed.app_template_global("embed_snippets")
def embed_snippets(concept: ConceptPage) -> Snippets:
    """The snippets shown on a concept page (see templates/partials/embed_snippet.html)."""
    lang = concept.lang
    card_url = _card_url(concept.id, lang)
    definition = Markup(concept.definition.html).striptags() if concept.definition else ""
    with force_locale(_ui_locale(lang)):
        title = gettext("Definition of %(term)s", term=concept.pref_label.text)
    return Snippets(
        card_url=card_url,
        iframe=iframe_html(card_url, title, CARD_WIDTH, card_height(definition), _script_url()),
        tooltip=tooltip_html(concept.pref_label.text, lang, _script_url()),
        oembed_url=public_url_for("embed.oembed")
        + "?"
        + urlencode({"url": _page_url(concept.id, lang), "format": "json"}),
        page_url=_page_url(concept.id, lang),
        oembed_endpoint=public_url_for("embed.oembed"),
        languages=tuple(content_languages()),
        preview_url=url_for("embed.card", concept_id=concept.id, lang=lang),
        releases=tuple(releases_holding(db_session(), current.scheme_id(), concept.id)),
    )


# the card's notice of a replaced concept links to the successors' public pages
embed.add_app_template_global(public_url_for, "public_url_for")


@embed.get("/embed/<path:concept_id>")
@allow_framing
def card(concept_id: str) -> ResponseReturnValue:
    """The card of a concept for an iframe; a label redirects to its concept's card."""
    lang = _card_language(request.args.get("lang"))
    theme = _theme(request.args.get("theme"))
    text = _card_text(request.args.get("text"))
    if VERSION_PARAM in request.args:
        with force_locale(_ui_locale(lang)):
            return pinned_card(concept_id, theme)
    slug = concept_slug(
        db_session(), current.scheme_id(), concept_id, lang, current.source_language()
    )
    with force_locale(_ui_locale(lang)):
        if slug is None:
            body = render_template("embed/missing.html", theme=theme, term=concept_id)
            return body, 404
        if slug != concept_id:
            # 302: a later edit can move the label to another concept.
            return redirect(_card_url(slug, lang, request.args.get("theme"), text), code=302)
        concept = concepts.get_concept(db_session(), current.scheme_id(), slug)
        assert concept is not None, "concept_slug found it in this transaction's snapshot"
        view = concept_page(concept, lang, current.source_language())
        return render_template(
            "embed/card.html",
            card=view,
            theme=theme,
            page_url=_page_url(slug, lang),
            feedback_url=public_url_for("feedback.concept_feedback", concept_id=slug, lang=lang),
            plain=view.explanation if text else None,
        )


@embed.get("/embed/labels.json")
def labels() -> Response:
    """Every label of one language with its concept id, for embed.js's auto-annotation."""
    lang = query_lang(default=current.source_language()) or current.source_language()
    return jsonify({"lang": lang, "labels": label_keys(db_session(), current.scheme_id(), lang)})


@embed.get("/embed/strings.json")
def strings() -> Response:
    """The tooltip's own words in the interface language nearest to `lang`, for embed.js.

    Any UI language with a catalog gets its words without a change to the script.
    """
    locale = _ui_locale(request.args.get("lang"))
    with force_locale(locale):
        words = {
            "more": gettext("More about this term"),
            "fallback": gettext("Not yet translated"),
            "replaced": gettext("Replaced by"),
            "retired": gettext("Retired"),
        }
    response = jsonify({"lang": locale, "strings": words})
    response.headers["Content-Language"] = locale
    return response


@embed.get("/oembed")
def oembed() -> Response:
    """oEmbed 1.0 (oembed.com): a rich embed of the card of a concept page URL."""
    requested_format = request.args.get("format", "json")
    if requested_format != "json":
        raise ApiError(501, f"format '{requested_format[:20]}' is not supported; use 'json'")
    url = required_text("url", max_length=2000)
    max_width = query_int("maxwidth", CARD_WIDTH)
    max_height = query_int("maxheight", MAX_CARD_HEIGHT)
    target = embed_target(url, public_root(), current_app.config["GLOSSARY_BASE_URI"])
    lang = _card_language(target.lang if target else None)
    slug = (
        concept_slug(
            db_session(), current.scheme_id(), target.concept_id, lang, current.source_language()
        )
        if target
        else None
    )
    if target is None or slug is None:
        raise ApiError(404, "the URL is not the address of a concept of this service")
    concept = concepts.get_concept(db_session(), current.scheme_id(), slug)
    assert concept is not None, "concept_slug found it in this transaction's snapshot"
    label = pref_label(concept, lang, (current.source_language(),)).text
    definition = note(concept, NoteKind.DEFINITION, lang, (current.source_language(),))
    width = min(CARD_WIDTH, max_width)
    height = min(card_height(definition.text if definition else "", width), max_height)
    with force_locale(_ui_locale(lang)):
        title = gettext("Definition of %(term)s", term=label)
    theme = target.theme if target.theme in THEMES else None
    card_url = _card_url(slug, lang, theme, release=target.release)
    return jsonify(
        {
            "version": "1.0",
            "type": "rich",
            "title": label,
            "provider_name": PROVIDER_NAME,
            "provider_url": public_root(),
            "cache_age": OEMBED_CACHE_AGE,
            "width": width,
            "height": height,
            "html": iframe_html(card_url, title, width, height, _script_url()),
        }
    )


@embed.get("/handout")
def handout() -> ResponseReturnValue:
    """Without a choice: the form to choose concepts; with `id`s or a `cluster`: the handout."""
    lang = content_language()
    ids = [value for value in request.args.getlist("id") if value.strip()]
    cluster_id = request.args.get("cluster") or None
    if not ids and cluster_id is None:
        form = render_template(
            "embed/handout_form.html",
            clusters=handout_choices(db_session(), current.scheme_id(), lang),
            # The form always sends `text`: with it and nothing ticked, the visitor submitted
            # an empty choice and is told so (400), rather than shown the same form silently.
            nothing_chosen="text" in request.args,
        )
        return (form, 400) if "text" in request.args else form
    chosen = build_handout(
        db_session(), current.scheme_id(), lang, current.source_language(), ids, cluster_id
    )
    if chosen is None or not chosen.concepts:
        raise NotFound()
    # `text=explanation` prints the plain-language explanations; without a choice the
    # visitor's plain view decides.
    text = request.args.get("text")
    return render_template(
        "embed/handout.html",
        handout=chosen,
        plain=text == "explanation" or (text != "definition" and plain_view()),
        title=request.args.get("title", "").strip()[:200],
        as_of=current_revision(db_session()).changed_at,
    )
