"""The concept maps: the framework's page (/kaart), the map on each cluster page, the framable
map for trainers (/embed/kaart/<cluster>) and the SVG and PNG downloads.

Thin over glossary/services/concept_map.py (what the map holds), map_layout.py (where it
goes), map_svg.py and map_png.py (how it is drawn). A drawing depends only on the data
revision, the two languages and where its links point, so each is made once per revision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from markupsafe import Markup
from werkzeug.exceptions import NotFound, ServiceUnavailable

from glossary.database import db_session
from glossary.http import current
from glossary.language import LocalizedText, match_language
from glossary.security import allow_framing
from glossary.services import browse
from glossary.services.concept_map import (
    ConceptMap,
    EdgeKind,
    ListedConcept,
    MapNode,
    NodeKind,
    Tie,
    as_list,
    cluster_map,
    framework_map,
)
from glossary.services.map_layout import layout
from glossary.services.map_png import PngUnavailable, svg_to_png
from glossary.services.map_svg import MapWords, render_svg
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache
from glossary.urls import concept_page_path, public_url
from glossary.web.error_pages import render_error_page
from glossary.web.i18n import (
    content_language,
    content_languages,
    explicit_content_language,
    ui_language,
)

concept_maps = Blueprint("concept_maps", __name__)

# Drawings (with their lists) a worker keeps per data revision: 7 maps × languages × modes.
MAPS_KEPT = 96
# Where a drawing is shown: on this site's pages (relative links), framed by another site
# (absolute links opening outside the frame) or as a file of its own (absolute links; an
# image with a title, where on a page it is hidden beside its list).
LinkMode = Literal["page", "frame", "file"]


@dataclass(frozen=True)
class MapView:
    """A drawn map with what the page around it shows."""

    concept_map: ConceptMap
    svg: str
    listed: list[ListedConcept]
    # The same map laid out for a phone held upright (pages and frames only).
    svg_tall: str = ""

    @property
    def markup(self) -> Markup:
        return Markup(self.svg)

    @property
    def markup_tall(self) -> Markup:
        return Markup(self.svg_tall)


def _words(title: str) -> MapWords:
    """The drawing's words in the current interface language."""
    return MapWords(
        title=title,
        edge_legend={
            EdgeKind.MENTION: gettext("mentions in its definition"),
            EdgeKind.BROADER: gettext("narrower term → broader term"),
            EdgeKind.RELATED: gettext("related term"),
            EdgeKind.EQUIVALENT: gettext("equivalent term"),
            EdgeKind.MAPPING: gettext("match in another vocabulary"),
        },
        node_legend={
            NodeKind.MEMBER: gettext("term of this cluster"),
            NodeKind.OUTSIDE: gettext("term of another cluster"),
            NodeKind.EXTERNAL: gettext("term of another vocabulary"),
        },
        edge_titles={
            EdgeKind.MENTION: gettext("%(source)s mentions %(target)s in its definition"),
            EdgeKind.BROADER: gettext("%(source)s is a narrower term of %(target)s"),
            EdgeKind.RELATED: gettext("%(source)s is related to %(target)s"),
            EdgeKind.EQUIVALENT: gettext("%(source)s is equivalent to %(target)s"),
            EdgeKind.MAPPING: gettext("%(source)s matches %(target)s in another vocabulary"),
        },
        node_titles={
            NodeKind.MEMBER: "%(label)s",
            NodeKind.OUTSIDE: gettext("%(label)s (another cluster)"),
            NodeKind.EXTERNAL: gettext("%(label)s (another vocabulary)"),
        },
    )


def tie_names() -> dict[Tie, str]:
    """The headings of the ties in the map as a list, in the interface language."""
    return {
        Tie.MENTIONS: gettext("Mentions in its definition"),
        Tie.MENTIONED_BY: gettext("Mentioned in the definition of"),
        Tie.BROADER: gettext("Broader term"),
        Tie.NARROWER: gettext("Narrower terms"),
        Tie.RELATED: gettext("Related terms"),
        Tie.EQUIVALENT: gettext("Equivalent terms"),
        Tie.MATCHES: gettext("Matches in other vocabularies"),
    }


def _framework_title(lang: str) -> LocalizedText:
    title = browse.scheme_text(db_session(), current.scheme_id(), "title", lang)
    return title or LocalizedText(gettext("Begrippenkader blended ondersteunen"), "", lang)


def _href(mode: LinkMode, lang: str, explicit: str | None) -> Callable[[MapNode], str]:
    def href(node: MapNode) -> str:
        if node.kind is NodeKind.EXTERNAL:
            return node.key
        path = concept_page_path(node.key)
        if mode != "page":
            return public_url(f"{path}?lang={lang}")
        return f"{path}?lang={explicit}" if explicit else path

    return href


def _build(
    cluster_id: str | None, lang: str, mode: LinkMode, explicit: str | None
) -> MapView | None:
    source_lang = current.source_language()
    if cluster_id is None:
        found: ConceptMap | None = framework_map(
            db_session(), current.scheme_id(), lang, source_lang, _framework_title(lang)
        )
        title = gettext("Map of the framework")
    else:
        found = cluster_map(db_session(), current.scheme_id(), cluster_id, lang, source_lang)
        title = gettext("Map of the cluster %(cluster)s", cluster=found.title.text) if found else ""
    if found is None:
        return None
    element_id = f"kaart-{cluster_id or 'begrippenkader'}"
    words, href = _words(title), _href(mode, lang, explicit)
    target = "_blank" if mode == "frame" else None
    svg = render_svg(layout(found), words, href, element_id, mode != "file", target)
    if mode == "file":
        return MapView(found, svg, as_list(found))
    tall = render_svg(layout(found, tall=True), words, href, f"{element_id}-tall", True, target)
    return MapView(found, svg, as_list(found), tall)


def map_view(
    cluster_id: str | None, lang: str, mode: LinkMode = "page", explicit: str | None = None
) -> MapView | None:
    """The map of a cluster (or, with None, of the framework) in content language `lang`;
    None when the cluster does not exist. Kept per data revision."""
    key = (cluster_id, lang, ui_language(), mode, explicit, request.script_root)
    cache = revision_cache(db_session(), "concept_maps", max_entries=MAPS_KEPT)
    view: MapView | None = cache.get(
        current_revision(db_session()), key, lambda: _build(cluster_id, lang, mode, explicit)
    )
    return view


@concept_maps.app_template_global("cluster_concept_map")
def cluster_concept_map(cluster_id: str) -> MapView | None:
    """The map shown on a cluster page (templates/cluster.html)."""
    return map_view(cluster_id, content_language(), "page", explicit_content_language())


concept_maps.add_app_template_global(tie_names, "map_tie_names")


@concept_maps.get("/kaart")
def framework() -> str:
    lang = content_language()
    view = map_view(None, lang, "page", explicit_content_language())
    return render_template(
        "map.html", view=view, clusters=browse.clusters(db_session(), current.scheme_id(), lang)
    )


def _file_name(cluster_id: str | None, lang: str, extension: str) -> str:
    return f"begrippenkader-kaart-{cluster_id or 'alles'}-{lang}.{extension}"


@concept_maps.get("/kaart.<any(svg, png):extension>", defaults={"cluster_id": None})
@concept_maps.get("/kaart/<cluster_id>.<any(svg, png):extension>")
def download(cluster_id: str | None, extension: str) -> ResponseReturnValue:
    """The map of the framework or of one cluster as a file, SVG or PNG."""
    lang = content_language()
    view = map_view(cluster_id, lang, "file")
    if view is None:
        raise NotFound()
    if extension == "svg":
        body: bytes = view.svg.encode("utf-8")
        mimetype = "image/svg+xml"
    else:
        try:
            body = revision_cache(db_session(), "concept_map_png", max_entries=MAPS_KEPT).get(
                current_revision(db_session()),
                (cluster_id, lang, ui_language(), request.script_root),
                lambda: svg_to_png(view.svg),
            )
        except PngUnavailable:
            current_app.logger.error("PNG maps need the Cairo library (libcairo2)")
            return render_error_page(ServiceUnavailable())
        mimetype = "image/png"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'inline; filename="{_file_name(cluster_id, lang, extension)}"'
    )
    return response


def _frame_language() -> str:
    """As the concept card: `?lang=` when the framework has it, else the source language."""
    languages = content_languages()
    requested = request.args.get("lang")
    return (match_language(requested, languages) if requested else None) or languages[0]


def _frame_locale(lang: str) -> str:
    """A framed map speaks the language of its content where the interface has it."""
    offered = current_app.config["UI_LANGUAGES"]
    return match_language(lang, offered) or str(current_app.config["BABEL_DEFAULT_LOCALE"])


@concept_maps.get("/embed/kaart", defaults={"cluster_id": None})
@concept_maps.get("/embed/kaart/<cluster_id>")
@allow_framing
def embedded(cluster_id: str | None) -> ResponseReturnValue:
    """The map for an iframe on a trainer's page: the drawing, its legend and its list, no
    site chrome; every link opens outside the frame."""
    lang = _frame_language()
    with force_locale(_frame_locale(lang)):
        view = map_view(cluster_id, lang, "frame")
        if view is None:
            return render_error_page(NotFound())
        page = (
            url_for("pages.cluster", cluster_id=cluster_id, lang=lang)
            if cluster_id
            else url_for("concept_maps.framework", lang=lang)
        )
        return render_template(
            "embed/map.html",
            view=view,
            page_url=public_url(page),
            svg_url=public_url(_download_path(cluster_id, "svg", lang)),
        )


def _download_path(cluster_id: str | None, extension: str, lang: str) -> str:
    return url_for("concept_maps.download", cluster_id=cluster_id, extension=extension, lang=lang)


@concept_maps.app_template_global("map_links")
def map_links(concept_map: ConceptMap) -> dict[str, str]:
    """The downloads and the frame of a map shown on a page, in its content language."""
    lang = concept_map.lang
    cluster_id = concept_map.cluster_id
    frame = (
        url_for("concept_maps.embedded", cluster_id=cluster_id, lang=lang)
        if cluster_id
        else url_for("concept_maps.embedded", lang=lang)
    )
    return {
        "svg": _download_path(cluster_id, "svg", lang),
        "png": _download_path(cluster_id, "png", lang),
        "embed": public_url(frame),
    }
