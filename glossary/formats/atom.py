"""An Atom 1.0 feed (RFC 4287) of plain entries, written with feedgen.

feedgen builds the document with lxml, so every text is escaped; what it cannot escape,
characters XML does not allow at all (control characters a change note may carry), is
removed here first. Entry content is plain text (`type="text"`): a feed reader never
renders markup from the framework's notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator

ATOM_MEDIA_TYPE = "application/atom+xml"
# Characters outside XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    updated: datetime
    content: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    self_link: str
    page_link: str
    author: str
    author_uri: str
    language: str
    updated: datetime


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def atom_document(feed: Feed, entries: Sequence[FeedEntry]) -> bytes:
    """The feed as UTF-8 XML, entries in the order given (newest first)."""
    generator = FeedGenerator()
    generator.id(feed.id)
    generator.title(xml_text(feed.title))
    generator.subtitle(xml_text(feed.subtitle))
    generator.link(href=feed.self_link, rel="self", type=ATOM_MEDIA_TYPE)
    generator.link(href=feed.page_link, rel="alternate", type="text/html")
    generator.author({"name": xml_text(feed.author), "uri": feed.author_uri})
    generator.language(feed.language)
    generator.updated(feed.updated)
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.title(xml_text(entry.title))
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.updated(entry.updated)
        item.published(entry.updated)
        item.content(xml_text(entry.content), type="text")
    document: bytes = generator.atom_str(pretty=True, encoding="UTF-8")
    return document
