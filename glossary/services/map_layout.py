"""Where each node of a concept map goes: a force-directed layout with a fixed seed.

networkx's spring layout (Fruchterman–Reingold) places joined concepts near each other; its
seed is fixed, the nodes and edges are added in the framework's order and every coordinate
is rounded, so the same map always gets the same drawing, byte for byte. Labels are boxes,
not points, so a last deterministic pass pushes overlapping boxes apart.

No text is measured (there is no browser on the server): a box is as wide as its longest
line at an average letter width that errs on the wide side for common sans-serif fonts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from glossary.services.concept_map import ConceptMap, EdgeKind, MapEdge, MapNode

SEED = 18
FONT_SIZE = 13
LINE_HEIGHT = 16
# Average advance of a letter at FONT_SIZE, in px (wide for a sans-serif: labels never spill).
LETTER_WIDTH = 7.4
PADDING_X = 9
PADDING_Y = 7
LINE_LETTERS = 20
LONG_WORD = 26
MAX_LINES = 3
# Free space kept between two boxes, and around the drawing.
GAP = 16
# Free space between two boxes an edge may join: enough to see the edge and its arrowhead.
EDGE_ROOM = 34
MARGIN = 12
# Between two parallel edges of one pair of concepts.
PARALLEL_OFFSET = 7
SPRING_ITERATIONS = 200
OVERLAP_PASSES = 300
# Spring length relative to networkx's default (more than 1 spreads joined concepts out).
SPREAD = 2.0
# How much of the drawing is boxes: its area is the boxes' (with gaps) times FILL.
FILL = 1.6
# Width over height of a group: wide for screens, tall for phones held upright.
WIDE = 1.6
TALL = 0.75
# The narrowest row of groups (px), so a map of small groups is not one tall column.
MIN_ROW = {False: 720.0, True: 340.0}
# An axis of a group shorter than this share of the other is not stretched to fill.
FLAT = 0.35
# How strongly each kind pulls its two concepts together in the layout.
_WEIGHTS = {
    EdgeKind.MENTION: 1.0,
    EdgeKind.BROADER: 2.0,
    EdgeKind.RELATED: 1.5,
    EdgeKind.EQUIVALENT: 2.0,
    EdgeKind.MAPPING: 1.5,
}


@dataclass(frozen=True)
class PlacedNode:
    node: MapNode
    x: float  # centre
    y: float
    width: float
    height: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PlacedEdge:
    edge: MapEdge
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class MapLayout:
    concept_map: ConceptMap
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    width: float
    height: float


def wrap_label(text: str, letters: int = LINE_LETTERS, max_lines: int = MAX_LINES) -> list[str]:
    """The label in lines of at most `letters` letters, breaking between words; a longer word
    has a line of its own up to `LONG_WORD` letters (Dutch compounds), and is cut with a
    hyphen beyond; a label longer than `max_lines` ends in an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > LONG_WORD:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: LONG_WORD - 1] + "-")
            word = word[LONG_WORD - 1 :]
        if current and len(current) + 1 + len(word) > letters:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [last[: LONG_WORD - 1].rstrip(" -") + "…"]
    return lines or [""]


def _box(lines: list[str]) -> tuple[float, float]:
    longest = max(len(line) for line in lines)
    return longest * LETTER_WIDTH + 2 * PADDING_X, len(lines) * LINE_HEIGHT + 2 * PADDING_Y


def _graph(concept_map: ConceptMap) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(node.key for node in concept_map.nodes)
    for edge in concept_map.edges:
        weight = _WEIGHTS[edge.kind]
        if graph.has_edge(edge.source, edge.target):
            weight += graph.edges[edge.source, edge.target]["weight"]
        graph.add_edge(edge.source, edge.target, weight=weight)
    return graph


def _along_x(positions: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """The positions turned so that their longest extent runs across, as screens are wide.

    A chain of concepts laid out on a diagonal would leave two empty corners; turned onto the
    principal axis (the first eigenvector of the positions' covariance, its sign fixed so the
    turn is deterministic) it fills the width.
    """
    keys = list(positions)
    points = np.array([positions[key] for key in keys], dtype=float)
    centred = points - points.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    axis = vectors[:, -1]
    if axis[0] < 0 or (axis[0] == 0 and axis[1] < 0):
        axis = -axis
    across = centred @ axis
    down = centred @ np.array([-axis[1], axis[0]])
    return {key: (float(x), float(y)) for key, x, y in zip(keys, across, down, strict=True)}


def _spring_positions(graph: nx.Graph[str], tall: bool) -> dict[str, tuple[float, float]]:
    """Positions of one group of joined nodes, each axis scaled to -1…1."""
    positions = _along_x(
        nx.spring_layout(
            graph,
            seed=SEED,
            iterations=SPRING_ITERATIONS,
            weight="weight",
            k=SPREAD / math.sqrt(len(graph)),
        )
    )
    if tall:  # the longest extent runs down
        positions = {key: (y, x) for key, (x, y) in positions.items()}
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    # Each axis fills -1…1, unless it is much flatter than the other: a pair of concepts side
    # by side stays side by side rather than becoming a diagonal.
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    half_x = max(width, FLAT * height, 1e-9) / 2
    half_y = max(height, FLAT * width, 1e-9) / 2
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {key: ((x - mid_x) / half_x, (y - mid_y) / half_y) for key, (x, y) in positions.items()}


def _separate(centres: list[list[float]], sizes: list[tuple[float, float]], gap: float) -> None:
    """Push overlapping boxes apart along the line between their centres (measured in box
    sizes, so wide boxes move more sideways), until none overlap or the passes run out."""
    count = len(centres)
    for _ in range(OVERLAP_PASSES):
        moved = False
        for i in range(count):
            for j in range(i + 1, count):
                dx = centres[j][0] - centres[i][0]
                dy = centres[j][1] - centres[i][1]
                reach_x = (sizes[i][0] + sizes[j][0]) / 2 + gap
                reach_y = (sizes[i][1] + sizes[j][1]) / 2 + gap
                if abs(dx) >= reach_x or abs(dy) >= reach_y:
                    continue
                moved = True
                # In units of the pair's reach, the overlap is a square; leave it by the
                # centres' own direction (straight down when they coincide).
                ux, uy = dx / reach_x, dy / reach_y
                if ux == 0 and uy == 0:
                    uy = 1.0
                norm = max(abs(ux), abs(uy))
                step = (1 - norm) / 2 + 0.01
                sx, sy = ux / norm * step * reach_x, uy / norm * step * reach_y
                centres[i][0] -= sx
                centres[i][1] -= sy
                centres[j][0] += sx
                centres[j][1] += sy
        if not moved:
            return


def _clip(cx: float, cy: float, half_w: float, half_h: float, dx: float, dy: float) -> float:
    """The fraction of (dx, dy) from a box's centre at which the segment leaves the box."""
    candidates = [1.0]
    if dx:
        candidates.append(half_w / abs(dx))
    if dy:
        candidates.append(half_h / abs(dy))
    return min(candidates)


def _place_edges(edges: list[MapEdge], placed: dict[str, PlacedNode]) -> list[PlacedEdge]:
    pairs: dict[frozenset[str], list[MapEdge]] = {}
    for edge in edges:
        pairs.setdefault(frozenset((edge.source, edge.target)), []).append(edge)
    result = []
    for edge in edges:
        start, end = placed[edge.source], placed[edge.target]
        siblings = pairs[frozenset((edge.source, edge.target))]
        dx, dy = end.x - start.x, end.y - start.y
        length = math.hypot(dx, dy) or 1.0
        # Parallel edges of one pair side by side; the normal is taken in one direction for
        # the pair, whichever way each edge runs.
        sign = 1 if edge.source < edge.target else -1
        offset = (siblings.index(edge) - (len(siblings) - 1) / 2) * PARALLEL_OFFSET * sign
        nx_, ny_ = -dy / length * offset, dx / length * offset
        leave = _clip(start.x, start.y, start.width / 2, start.height / 2, dx, dy)
        enter = _clip(end.x, end.y, end.width / 2, end.height / 2, -dx, -dy)
        result.append(
            PlacedEdge(
                edge,
                round(start.x + dx * leave + nx_, 1),
                round(start.y + dy * leave + ny_, 1),
                round(end.x - dx * enter + nx_, 1),
                round(end.y - dy * enter + ny_, 1),
            )
        )
    return result


def _group(
    tall: bool,
    graph: nx.Graph[str],
    members: list[int],
    keys: list[str],
    sizes: list[tuple[float, float]],
) -> tuple[dict[int, list[float]], float, float]:
    """Centres of one group of joined nodes from (0, 0), with the group's width and height."""
    positions = _spring_positions(graph.subgraph([keys[i] for i in members]), tall)
    aspect = TALL if tall else WIDE
    # Room for the boxes and the space between them, wider than tall (as screens are).
    # A small group needs less air: its few edges cross nothing.
    fill = FILL * min(1.0, 0.1 + len(members) / 10)
    area = sum((sizes[i][0] + 2 * GAP) * (sizes[i][1] + 3 * GAP) for i in members) * fill
    # At least room for an edge between two boxes side by side (or one above the other).
    widest = max(sizes[i][0] for i in members)
    half_w = max(math.sqrt(area * aspect) / 2, widest / 2 + 3 * EDGE_ROOM)
    half_h = max(math.sqrt(area / aspect) / 2, 3 * EDGE_ROOM)
    centres = {i: [positions[keys[i]][0] * half_w, positions[keys[i]][1] * half_h] for i in members}
    _separate([centres[i] for i in members], [sizes[i] for i in members], EDGE_ROOM)
    left = min(centres[i][0] - sizes[i][0] / 2 for i in members)
    top = min(centres[i][1] - sizes[i][1] / 2 for i in members)
    for i in members:
        centres[i] = [centres[i][0] - left, centres[i][1] - top]
    width = max(centres[i][0] + sizes[i][0] / 2 for i in members)
    height = max(centres[i][1] + sizes[i][1] / 2 for i in members)
    return centres, width, height


def _shelves(
    blocks: list[tuple[float, float]], row_width: float, gap: float
) -> tuple[list[tuple[float, float]], float]:
    """Top-left corners for blocks set left to right in rows (in the given order), and the
    height they take."""
    corners: list[tuple[float, float]] = []
    x = y = row_height = 0.0
    for width, height in blocks:
        if x and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        corners.append((x, y))
        x += width + gap
        row_height = max(row_height, height)
    return corners, y + row_height


def layout(concept_map: ConceptMap, tall: bool = False) -> MapLayout:
    """Boxes and edge ends of a map in px, the drawing starting at (0, 0).

    Each group of joined concepts is laid out by force on its own, the groups set side by side
    (largest first): laid out together, unjoined groups drift to the far corners. Concepts
    joined to none are set in rows under them. `tall`: laid out for a phone held upright, the
    longest extent running down.
    """
    if not concept_map.nodes:
        return MapLayout(concept_map, [], [], 2 * MARGIN, 2 * MARGIN)
    keys = [node.key for node in concept_map.nodes]
    wrapped = [wrap_label(node.label.text) for node in concept_map.nodes]
    sizes = [_box(lines) for lines in wrapped]
    graph = _graph(concept_map)
    index = {key: i for i, key in enumerate(keys)}
    groups = sorted(
        (sorted(index[key] for key in group) for group in nx.connected_components(graph)),
        key=lambda members: (-len(members), members[0]),
    )
    joined = [members for members in groups if len(members) > 1]
    alone = [members[0] for members in groups if len(members) == 1]
    alone.sort()
    laid = [_group(tall, graph, members, keys, sizes) for members in joined]
    widest = max((width for _, width, _ in laid), default=0.0)
    total = sum(width * height for _, width, height in laid)
    row_width = max(widest, math.sqrt(total * (TALL if tall else WIDE)) * 1.2, MIN_ROW[tall])
    corners, below = _shelves([(w, h) for _, w, h in laid], row_width, 2 * EDGE_ROOM)
    centres: dict[int, list[float]] = {}
    for (group_centres, _, _), (left, top) in zip(laid, corners, strict=True):
        for i, (x, y) in group_centres.items():
            centres[i] = [x + left, y + top]
    top = below + 2 * GAP if laid else 0.0
    single, _ = _shelves([sizes[i] for i in alone], row_width, GAP)
    for i, (left, row_top) in zip(alone, single, strict=True):
        centres[i] = [left + sizes[i][0] / 2, top + row_top + sizes[i][1] / 2]
    nodes = [
        PlacedNode(
            node,
            round(centres[i][0] + MARGIN, 1),
            round(centres[i][1] + MARGIN, 1),
            round(sizes[i][0], 1),
            round(sizes[i][1], 1),
            tuple(wrapped[i]),
        )
        for i, node in enumerate(concept_map.nodes)
    ]
    width = max(n.x + n.width / 2 for n in nodes) + MARGIN
    height = max(n.y + n.height / 2 for n in nodes) + MARGIN
    placed = {n.node.key: n for n in nodes}
    return MapLayout(
        concept_map, nodes, _place_edges(concept_map.edges, placed), round(width), round(height)
    )
