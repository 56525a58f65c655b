"""A concept map drawn as SVG, with its legend, from a layout (glossary/services/map_layout.py).

The same SVG is shown inline on the pages, framed by trainers' sites and downloaded, so it
carries everything itself: no stylesheet or script (the pages' Content-Security-Policy forbids
inline styles; presentation attributes are not styles), every node a link to its concept page,
a <title> on every node and edge for tooltips, and the legend inside the drawing. Each kind of
edge differs in more than colour (dashes, width, arrowhead), so the map reads in greyscale and
in print. The words (legend, tooltips) come from the caller, in the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from glossary.services.concept_map import DIRECTED_KINDS, EdgeKind, MapNode, NodeKind
from glossary.services.map_layout import (
    FONT_SIZE,
    LETTER_WIDTH,
    LINE_HEIGHT,
    MARGIN,
    PADDING_Y,
    MapLayout,
    PlacedEdge,
    PlacedNode,
)

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
TEXT_COLOUR = "#1b1f24"
LEGEND_FONT_SIZE = 12
LEGEND_ROW = 22
LEGEND_SAMPLE = 34
# The narrowest drawing: room for the widest legend entry.
MIN_WIDTH = 340


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    width: float
    dashes: str  # stroke-dasharray; empty for a solid line


@dataclass(frozen=True)
class NodeStyle:
    fill: str
    stroke: str
    dashes: str
    rounded: bool  # a pill rather than a box: a concept of another vocabulary


EDGE_STYLES: dict[EdgeKind, EdgeStyle] = {
    EdgeKind.MENTION: EdgeStyle("#5f6b7a", 1.4, "5 4"),
    EdgeKind.BROADER: EdgeStyle("#1f4fbf", 2.6, ""),
    EdgeKind.RELATED: EdgeStyle("#0b7a55", 1.6, ""),
    EdgeKind.EQUIVALENT: EdgeStyle("#7a35c9", 2.8, "1 4"),
    EdgeKind.MAPPING: EdgeStyle("#a34f00", 1.6, "9 3 2 3"),
}
NODE_STYLES: dict[NodeKind, NodeStyle] = {
    NodeKind.MEMBER: NodeStyle("#ffffff", "#1b1f24", "", False),
    NodeKind.OUTSIDE: NodeStyle("#eef1f4", "#5f6b7a", "4 3", False),
    NodeKind.EXTERNAL: NodeStyle("#fff4e8", "#a34f00", "", True),
}


@dataclass(frozen=True)
class MapWords:
    """What the drawing says, in the interface language.

    `edge_titles[kind]` has %(source)s and %(target)s (an edge's tooltip, as the catalogs
    write it); `node_titles[kind]` has %(label)s (a node's tooltip).
    """

    title: str
    edge_legend: Mapping[EdgeKind, str]
    node_legend: Mapping[NodeKind, str]
    edge_titles: Mapping[EdgeKind, str]
    node_titles: Mapping[NodeKind, str]


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _dash(dashes: str) -> str:
    return f' stroke-dasharray="{dashes}"' if dashes else ""


def _markers(prefix: str, kinds: list[EdgeKind]) -> str:
    parts = []
    for kind in kinds:
        if kind not in DIRECTED_KINDS:
            continue
        style = EDGE_STYLES[kind]
        # Filled for broader (the strong, hierarchical tie), open otherwise.
        shape = (
            f'<path d="M0,0 L10,5 L0,10 z" fill="{style.colour}"/>'
            if kind is EdgeKind.BROADER
            else f'<path d="M0,0 L10,5 L0,10" fill="none" stroke="{style.colour}" '
            'stroke-width="1.6"/>'
        )
        parts.append(
            f'<marker id="{prefix}-arrow-{kind}" viewBox="0 0 10 10" refX="9.5" refY="5" '
            f'markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" '
            f'orient="auto-start-reverse">{shape}</marker>'
        )
    if not parts:
        return ""
    # markerUnits userSpaceOnUse keeps arrowheads one size whatever the line's width.
    return "<defs>" + "".join(parts) + "</defs>"


def _line(prefix: str, kind: EdgeKind, x1: float, y1: float, x2: float, y2: float) -> str:
    style = EDGE_STYLES[kind]
    arrow = f' marker-end="url(#{prefix}-arrow-{kind})"' if kind in DIRECTED_KINDS else ""
    return (
        f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{style.colour}" '
        f'stroke-width="{style.width:g}"{_dash(style.dashes)} stroke-linecap="round"{arrow}>'
    )


def _edge(prefix: str, placed: PlacedEdge, label_of: Callable[[str], str], words: MapWords) -> str:
    edge = placed.edge
    tooltip = words.edge_titles[edge.kind] % {
        "source": label_of(edge.source),
        "target": label_of(edge.target),
    }
    return (
        f'<g class="edge edge--{edge.kind}" data-from="{_attr(edge.source)}" '
        f'data-to="{_attr(edge.target)}">'
        + _line(prefix, edge.kind, placed.x1, placed.y1, placed.x2, placed.y2)
        + f"<title>{escape(tooltip)}</title></line></g>"
    )


def _node(placed: PlacedNode, href: str, words: MapWords, target: str | None) -> str:
    node = placed.node
    style = NODE_STYLES[node.kind]
    left, top = placed.x - placed.width / 2, placed.y - placed.height / 2
    radius = placed.height / 2 if style.rounded else 6
    tooltip = words.node_titles[node.kind] % {"label": node.label.text}
    lang = f' lang="{_attr(node.label.lang)}"' if node.label.is_fallback and node.label.lang else ""
    opens = f' target="{_attr(target)}"' if target else ""
    first_line = placed.y - (len(placed.lines) - 1) * LINE_HEIGHT / 2
    lines = "".join(
        f'<tspan x="{placed.x:g}" y="{round(first_line + i * LINE_HEIGHT, 1):g}">'
        f"{escape(line)}</tspan>"
        for i, line in enumerate(placed.lines)
    )
    return (
        f'<a href="{_attr(href)}"{opens} '
        f'class="node node--{node.kind}" '
        f'data-concept="{_attr(node.key)}" tabindex="-1">'
        f"<title>{escape(tooltip)}</title>"
        f'<rect x="{round(left, 1):g}" y="{round(top, 1):g}" width="{placed.width:g}" '
        f'height="{placed.height:g}" rx="{round(radius, 1):g}" fill="{style.fill}" '
        f'stroke="{style.stroke}" stroke-width="1.5"{_dash(style.dashes)}/>'
        f'<text text-anchor="middle" dominant-baseline="central" fill="{TEXT_COLOUR}"{lang}>'
        f"{lines}</text></a>"
    )


def _legend_entries(layout: MapLayout, words: MapWords) -> list[tuple[str, str]]:
    """(kind of sample, words) for each kind of edge and node the map has."""
    concept_map = layout.concept_map
    entries = [(f"edge:{kind}", words.edge_legend[kind]) for kind in concept_map.edge_kinds]
    if len(concept_map.node_kinds) > 1:
        entries += [(f"node:{kind}", words.node_legend[kind]) for kind in concept_map.node_kinds]
    return entries


def _legend(
    prefix: str, layout: MapLayout, words: MapWords, top: float, width: float
) -> tuple[str, float]:
    """The legend as rows of samples with their words, and its height."""
    entries = _legend_entries(layout, words)
    if not entries:
        return "", 0.0
    letter = LETTER_WIDTH * LEGEND_FONT_SIZE / FONT_SIZE
    x, y = float(MARGIN), top + LEGEND_ROW / 2
    parts = [f'<g class="legend" font-size="{LEGEND_FONT_SIZE}">']
    for sample, text in entries:
        entry_width = LEGEND_SAMPLE + 8 + len(text) * letter + 18
        if x > MARGIN and x + entry_width > width - MARGIN:
            x, y = float(MARGIN), y + LEGEND_ROW
        what, kind = sample.split(":", 1)
        parts.append(f'<g class="legend-entry" data-kind="{_attr(kind)}">')
        if what == "edge":
            parts.append(_line(prefix, EdgeKind(kind), x, y, x + LEGEND_SAMPLE, y) + "</line>")
        else:
            style = NODE_STYLES[NodeKind(kind)]
            parts.append(
                f'<rect x="{x:g}" y="{y - 7:g}" width="{LEGEND_SAMPLE}" height="14" '
                f'rx="{7 if style.rounded else 3}" fill="{style.fill}" stroke="{style.stroke}" '
                f'stroke-width="1.5"{_dash(style.dashes)}/>'
            )
        parts.append(
            f'<text x="{x + LEGEND_SAMPLE + 8:g}" y="{y:g}" dominant-baseline="central" '
            f'fill="{TEXT_COLOUR}">{escape(text)}</text></g>'
        )
        x += entry_width
    parts.append("</g>")
    return "".join(parts), y + LEGEND_ROW / 2 - top + PADDING_Y


def render_svg(
    layout: MapLayout,
    words: MapWords,
    concept_href: Callable[[MapNode], str],
    element_id: str = "concept-map",
    inline: bool = False,
    link_target: str | None = None,
) -> str:
    """The map as one <svg> element (no XML declaration: it is also inlined in HTML).

    `concept_href` gives each node's link (a concept page; an external concept's own URI);
    `element_id` prefixes the ids inside, so two maps can share a page. `inline`: the page
    around it gives the same as a list, so the drawing is hidden from assistive technology
    (its links are out of the tab order); a file on its own is an image with its title.
    `link_target`: where the links open ("_blank" in a frame).
    """
    width = max(layout.width, MIN_WIDTH)
    shift = (width - layout.width) / 2
    labels = {placed.node.key: placed.node.label.text for placed in layout.nodes}
    concept_map = layout.concept_map
    edges = "".join(_edge(element_id, edge, labels.__getitem__, words) for edge in layout.edges)
    nodes = "".join(
        _node(node, concept_href(node.node), words, link_target) for node in layout.nodes
    )
    legend, legend_height = _legend(element_id, layout, words, layout.height, width)
    height = layout.height + legend_height
    drawing = f'<g transform="translate({shift:g},0)">' if shift else "<g>"
    access = (
        'aria-hidden="true" focusable="false"'
        if inline
        else f'role="img" aria-label="{_attr(words.title)}"'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_attr(element_id)}" '
        f'class="concept-map-svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
        f'height="{height:g}" font-family="{_attr(FONT_FAMILY)}" font-size="{FONT_SIZE}" '
        f'lang="{_attr(concept_map.lang)}" {access}>'
        f"<title>{escape(words.title)}</title>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        + _markers(element_id, concept_map.edge_kinds)
        + drawing
        + f'<g class="edges" fill="none">{edges}</g><g class="nodes">{nodes}</g></g>'
        + legend
        + "</svg>"
    )
