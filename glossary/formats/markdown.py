"""Definition text (Markdown) → sanitized HTML or plain text, with cross-links and citations.

Definitions are data written by editors: they are always rendered through the nh3
(Ammonia) sanitizer, whatever the source, so a CSV cell can never inject script into a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "small", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class", "data-concept", "lang", "hreflang"}}


@dataclass(frozen=True)
class Link:
    """A span of the Markdown source to turn into a link."""

    start: int
    end: int
    href: str
    css_class: str
    title: str = ""
    data_concept: str = ""


def _escape_markdown(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]()<>#!|" else ch for ch in text)


def _with_links(text: str, links: Sequence[Link]) -> str:
    """Insert placeholders that survive Markdown, replaced by anchors after rendering."""
    pieces: list[str] = []
    cursor = 0
    for index, link in enumerate(sorted(links, key=lambda link: link.start)):
        if link.start < cursor:
            continue
        pieces.append(text[cursor : link.start])
        pieces.append(f"\x02{index}\x03{text[link.start : link.end]}\x02/{index}\x03")
        cursor = link.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def render_html(text: str, links: Sequence[Link] = ()) -> str:
    """Sanitized HTML of a Markdown note, with the given spans turned into links."""
    ordered = sorted(links, key=lambda link: link.start)
    rendered = _MARKDOWN.render(_with_links(text, ordered))
    for index, link in enumerate(ordered):
        attributes = f'href="{nh3.clean_text(link.href)}" class="{link.css_class}"'
        if link.title:
            attributes += f' title="{nh3.clean_text(link.title)}"'
        if link.data_concept:
            attributes += f' data-concept="{nh3.clean_text(link.data_concept)}"'
        rendered = rendered.replace(f"\x02{index}\x03", f"<a {attributes}>").replace(
            f"\x02/{index}\x03", "</a>"
        )
    return sanitize(rendered)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def render_plain(text: str) -> str:
    """Plain text of a Markdown note: no markup, paragraphs separated by blank lines."""
    blocks = (
        _MARKDOWN.render(text)
        .replace("<li>", "<li>- ")
        .replace("</p>", "</p>\n\n")
        .replace("</li>", "</li>\n")
    )
    stripped = nh3.clean(blocks, tags=set())
    lines = [" ".join(line.split()) for line in html.unescape(stripped).split("\n")]
    text = "\n".join(lines).strip()
    text = re.sub(r"^(- .*)\n\s*\n(?=- )", r"\1\n", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text)


def first_sentence(text: str, limit: int = 240) -> str:
    """The first sentence of a note's plain text, for lists and tooltips."""
    plain = render_plain(text).split("\n\n")[0]
    for index, char in enumerate(plain):
        if char in ".?!" and (index + 1 == len(plain) or plain[index + 1] == " ") and index > 20:
            plain = plain[: index + 1]
            break
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + " …"
