"""Pages for people. Thin views: parse the request, call a service, render a template."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.exceptions import NotFound, ServiceUnavailable

from glossary.database import db_session
from glossary.http import current
from glossary.http.limits import runs_search, spend_search_budget
from glossary.http.negotiation import (
    HTML,
    alternate_links,
    concept_response,
    negotiate,
    negotiate_format,
)
from glossary.http.params import query_flag, query_lang
from glossary.http.problems import problem_response
from glossary.models import Source
from glossary.records import SourceRecord
from glossary.search import service as search_service
from glossary.search.service import (
    IndexConfig,
    SearchOptions,
    SearchOutcome,
    SearchUnavailable,
)
from glossary.services import browse, concepts
from glossary.services.concept_view import ConceptPage, concept_page, source_entry_html
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache
from glossary.urls import concept_page_path, source_anchor
from glossary.web.error_pages import init_error_pages, render_error_page
from glossary.web.history import concept_history
from glossary.web.i18n import (
    CONTENT_PARAM,
    UI_PARAM,
    content_language,
    explicit_content_language,
    ui_language,
)
from glossary.web.part_history import part_history
from glossary.web.plain_view import VIEW_PARAM, plain_view
from glossary.web.releases import VERSION_PARAM, release_concept_page
from glossary.web.reuse import reuse_terms
from glossary.web.whats_new import whats_new

pages = Blueprint("pages", __name__)
pages.record_once(init_error_pages)
# /begrip/<id>/geschiedenis: a concept's published versions (endpoints pages.history.*).
pages.register_blueprint(concept_history)
pages.register_blueprint(part_history)
# /nieuw and /nieuw.atom: what's new (endpoints pages.whats_new.*).
pages.register_blueprint(whats_new)

# The date of the advisory report the framework comes from (shown in its attribution).
ADVISORY_DATE = date(2022, 9, 1)


@pages.app_template_global("source_entry_html")
def _source_entry_html(source: Source | SourceRecord) -> Markup:
    return Markup(source_entry_html(source))


@pages.app_template_filter("uri_breaks")
def _uri_breaks(uri: str) -> Markup:
    """A URI that may wrap after "://" and after each later slash, never inside a word."""
    scheme, separator, rest = uri.partition("://")
    if not separator:
        scheme, rest = "", uri
    head = Markup.escape(scheme + separator) + (Markup("<wbr>") if separator else Markup(""))
    return head + Markup("/<wbr>").join(Markup.escape(part) for part in rest.split("/"))


pages.add_app_template_global(source_anchor, "source_anchor")
pages.add_app_template_global(reuse_terms, "reuse_terms")
# A template global may be any value; Flask types the argument as a callable only.
pages.add_app_template_global(ADVISORY_DATE, "advisory_date")  # type: ignore[arg-type]


@pages.after_request
def _say_the_ui_language(response: Response) -> Response:
    """Pages differ by UI language; saying so before the revision validators run makes the
    language part of the ETag, so a cached page in another language is never revalidated."""
    if response.mimetype == "text/html":
        response.headers["Content-Language"] = ui_language()
    return response


@pages.url_defaults
def _keep_content_language(endpoint: str, values: dict[str, object]) -> None:
    """Links between pages keep an explicitly chosen content language."""
    if has_request_context() and CONTENT_PARAM not in values:
        explicit = explicit_content_language()
        if explicit:
            values[CONTENT_PARAM] = explicit


@pages.get("/")
def home() -> str:
    lang = content_language()
    return render_template(
        "home.html",
        clusters=browse.clusters(db_session(), current.scheme_id(), lang),
        title=browse.scheme_text(db_session(), current.scheme_id(), "title", lang),
        description=browse.scheme_text(db_session(), current.scheme_id(), "description", lang),
        concept_count=concepts.count_concepts(db_session(), current.scheme_id()),
    )


@pages.get("/cluster/<cluster_id>")
def cluster(cluster_id: str) -> str:
    lang = content_language()
    page = browse.cluster_page(db_session(), current.scheme_id(), cluster_id, lang)
    if page is None:
        raise NotFound()
    return render_template(
        "cluster.html",
        cluster=page,
        clusters=browse.clusters(db_session(), current.scheme_id(), lang),
    )


@pages.get("/a-z")
def index() -> str:
    letters = browse.az_index(db_session(), current.scheme_id(), content_language())
    return render_template("index.html", letters=letters)


@pages.get("/begrip/<path:concept_id>")
def concept(concept_id: str) -> ResponseReturnValue:
    if VERSION_PARAM in request.args:
        # A release's concept is a page; machines read the release's frozen files.
        negotiate(request, (HTML,))
        return release_concept_page(concept_id)
    fmt = negotiate_format(request)
    if fmt is not None:
        found = concepts.get_concept(db_session(), current.scheme_id(), concept_id)
        if found is None:
            return _resolve_or_not_found(concept_id, fmt)
        # Machine formats answer `lang` as the API does: an unknown language is a 400.
        return concept_response(found, fmt, query_lang())
    lang = content_language()
    revision = current_revision(db_session())
    view = revision_cache(db_session(), "concept_pages", max_entries=CONCEPT_PAGES_KEPT).get(
        revision,
        (request.script_root, concept_id, lang),
        lambda: _concept_view(concept_id, lang),
    )
    if view is None:
        return _resolve_or_not_found(concept_id, None)
    if not set(request.args) <= PAGE_PARAMS:
        html = render_template("concept.html", concept=view)
    else:
        # Rendering is most of a concept page's cost, and the HTML depends only on the data
        # revision, the address and the two languages; other parameters are rendered afresh,
        # so made-up ones cannot fill the cache.
        html = revision_cache(db_session(), "concept_html", max_entries=CONCEPT_HTML_KEPT).get(
            revision,
            (request.script_root, request.full_path, lang, ui_language(), plain_view()),
            lambda: render_template("concept.html", concept=view),
        )
    response = make_response(html)
    response.vary.add("Accept")
    response.headers["Link"] = alternate_links(concept_page_path(concept_id), None)
    return response


# Concept pages (in one content language each) a worker keeps per data revision.
CONCEPT_PAGES_KEPT = 2048
# Rendered concept pages a worker keeps (tens of kilobytes each).
CONCEPT_HTML_KEPT = 512
# The query parameters a concept page is rendered from (the format one answers otherwise).
PAGE_PARAMS = frozenset({CONTENT_PARAM, UI_PARAM, VIEW_PARAM})


def _concept_view(concept_id: str, lang: str) -> ConceptPage | None:
    found = concepts.get_concept(db_session(), current.scheme_id(), concept_id)
    return concept_page(found, lang, current.source_language()) if found is not None else None


def _resolve_or_not_found(term: str, fmt: str | None) -> ResponseReturnValue:
    """A label in the URL redirects (302: a later edit can move the label) to the concept it
    names; else 404."""
    resolution = concepts.resolve_label(
        db_session(),
        current.scheme_id(),
        term,
        content_language(),
        source_language=current.source_language(),
    )
    if resolution is None:
        if fmt is not None:
            return problem_response(404, f"no concept has the id or label '{term[:100]}'")
        return render_error_page(NotFound(), term=term, suggestions=_nearest_concepts(term))
    target = concept_page_path(resolution.concept.slug)
    query = request.query_string.decode()
    return redirect(f"{target}?{query}" if query else target, code=302)


def _search(query: str, lang: str, options: SearchOptions) -> SearchOutcome:
    """The search service with this app's index, at the request's data revision."""
    index = IndexConfig.from_settings(current.settings())
    revision = current_revision(db_session()).number
    return search_service.search(index, db_session(), revision, query, lang, options)


def _retired_shown(include_retired: bool) -> frozenset[str]:
    """The replaced and retired concepts, to mark in results the visitor asked to see them in."""
    if not include_retired:
        return frozenset()
    index = IndexConfig.from_settings(current.settings())
    revision = current_revision(db_session()).number
    return search_service.retired_concepts(index, db_session(), revision)


# `?talen=alle` (the default) searches every language; `?talen=<content language>` that one
# only ("alleen Nederlands", as Skosmos offers).
LANGUAGES_PARAM = "talen"
ALL_LANGUAGES = "alle"


def _searched_languages(lang: str) -> str | None:
    """The content language when the visitor asked for it alone, else None (every language;
    anything else in `talen` is read as the default)."""
    requested = request.args.get(LANGUAGES_PARAM, "").strip().lower()
    return lang if requested == lang.lower() else None


def _nearest_concepts(term: str) -> list[dict[str, str]]:
    """Concepts a mistyped or unknown term probably meant, for the 404 page.

    They spend the client's search budget; with it spent the page is the plain 404."""
    if not spend_search_budget():
        return []
    try:
        outcome = _search(term.replace("-", " "), content_language(), SearchOptions(limit=5))
    except SearchUnavailable:
        return []
    return [{"id": hit.id, "label": hit.pref_label, "lang": hit.lang} for hit in outcome.results]


@pages.get("/zoeken")
@runs_search
def search() -> ResponseReturnValue:
    query = request.args.get("q", "").strip()
    cluster_id = request.args.get("cluster") or None
    lang = content_language()
    only_lang = _searched_languages(lang)
    # "Also replaced and retired terms": left out unless asked for (issue 15)
    include_retired = query_flag("include_retired")
    limit = current.max_query_length()
    if len(query) > limit:
        # Refused with a message, never silently cut: the visitor sees what to shorten.
        html = render_template(
            "search.html",
            query="",
            too_long=len(query),
            cluster_id=cluster_id,
            only_lang=only_lang,
            outcome=None,
            clusters=browse.clusters(db_session(), current.scheme_id(), lang),
        )
        return html, 400
    try:
        outcome = (
            _search(
                query,
                lang,
                SearchOptions(
                    cluster=cluster_id,
                    limit=50,
                    languages=only_lang,
                    include_retired=include_retired,
                ),
            )
            if query
            else None
        )
    except SearchUnavailable:
        return render_error_page(ServiceUnavailable())
    return render_template(
        "search.html",
        query=query,
        cluster_id=cluster_id,
        only_lang=only_lang,
        outcome=outcome,
        clusters=browse.clusters(db_session(), current.scheme_id(), lang),
        include_retired=include_retired,
        retired=_retired_shown(include_retired),
    )


@pages.get("/bronnen")
def sources() -> str:
    entries = browse.bibliography(db_session(), current.scheme_id(), content_language())
    return render_template("sources.html", entries=entries)


@pages.get("/over")
def about() -> str:
    lang = content_language()
    return render_template(
        "about.html",
        description=browse.scheme_text(db_session(), current.scheme_id(), "description", lang),
        concept_count=concepts.count_concepts(db_session(), current.scheme_id()),
        clusters=browse.clusters(db_session(), current.scheme_id(), lang),
        source_count=browse.count_sources(db_session()),
        revision=current_revision(db_session()),
    )
