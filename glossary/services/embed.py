"""What embedding needs besides the concept itself: label keys for the tooltip script,
the iframe snippet, the size of a card and the concept an oEmbed URL points at.

Label keys are built exactly as `static/embed.js` folds the text of a host page (Unicode
letters and digits, accents stripped, lower case, separators dropped), so that a page's
"online hulp", "online-hulp" and "onlinehulp" all meet the key of the label "Onlinehulp".
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import Concept, Label
from glossary.services.concepts import resolve_label

# Letters and digits once accents are stripped: what the `[\p{L}\p{M}\p{N}]+` words of
# embed.js fold to.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

CARD_WIDTH = 480
MIN_CARD_HEIGHT = 180
MAX_CARD_HEIGHT = 900
# A card shows its label, markers, sources and a link besides the definition itself.
_CARD_CHROME_HEIGHT = 150
_LINE_HEIGHT = 22
_AVERAGE_CHAR_WIDTH = 7.6
_CARD_PADDING = 40


def annotation_key(text: str) -> str:
    """The folded form of a label or of a run of words in a host page."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(_TOKEN.findall(stripped.lower()))


def label_keys(session: Session, scheme_id: str, lang: str) -> dict[str, str]:
    """Every label in `lang` as annotation key → concept id.

    A key that names two concepts names neither unambiguously and is left out, as the
    cross-links of definitions do.
    """
    rows = session.execute(
        select(Label.text, Concept.slug)
        .join(Concept, Concept.pk == Label.concept_pk)
        .where(Label.scheme_id == scheme_id, Label.lang == lang)
        .order_by(Label.pk)
    ).all()
    keys: dict[str, str] = {}
    ambiguous: set[str] = set()
    for text, slug in rows:
        key = annotation_key(text)
        if not key:
            continue
        if keys.setdefault(key, slug) != slug:
            ambiguous.add(key)
    return {key: slug for key, slug in sorted(keys.items()) if key not in ambiguous}


def concept_slug(
    session: Session, scheme_id: str, wanted: str, lang: str, source_language: str
) -> str | None:
    """The id of the concept `wanted` names: its own id, or else one of its labels."""
    exact = session.scalar(
        select(Concept.slug).where(Concept.scheme_id == scheme_id, Concept.slug == wanted)
    )
    if exact is not None:
        return exact
    resolution = resolve_label(session, scheme_id, wanted, lang, source_language=source_language)
    return resolution.concept.slug if resolution else None


def card_height(definition: str, width: int = CARD_WIDTH) -> int:
    """An estimate of a card's height for a definition of this length at this width.

    Only a first guess for the iframe: the card reports its real height to embed.js.
    """
    chars_per_line = max(20, int((width - _CARD_PADDING) / _AVERAGE_CHAR_WIDTH))
    lines = max(1, math.ceil(len(definition) / chars_per_line))
    estimate = _CARD_CHROME_HEIGHT + lines * _LINE_HEIGHT
    return min(MAX_CARD_HEIGHT, max(MIN_CARD_HEIGHT, estimate))


def iframe_html(card_url: str, title: str, width: int, height: int, script_url: str) -> str:
    """The HTML a host page pastes: the card's iframe and the script that sizes it."""
    return (
        f'<iframe src="{escape(card_url)}" title="{escape(title)}" width="{width}" '
        f'height="{height}" loading="lazy" style="border:0;max-width:100%"></iframe>\n'
        f'<script src="{escape(script_url)}" async></script>'
    )


def tooltip_html(label: str, lang: str, script_url: str) -> str:
    """The HTML a host page pastes to give one term a definition tooltip."""
    return (
        f'<span data-begrip="{escape(label)}">{escape(label)}</span>\n'
        f'<script src="{escape(script_url)}" data-lang="{escape(lang)}" async></script>'
    )


@dataclass(frozen=True)
class EmbedTarget:
    """What an oEmbed URL points at: a concept id (or a label) and its query options."""

    concept_id: str
    lang: str | None
    theme: str | None
    # `?versie=`: the release the text is pinned to (None: the current text).
    release: str | None = None


def embed_target(url: str, public_root: str, base_uri: str) -> EmbedTarget | None:
    """The concept named by a concept page URL, a card URL or a concept URI; None otherwise.

    Page and card URLs must be under this service's public URL (`public_root`, ending in
    "/"; either scheme); concept URIs start with the configured base URI.
    """
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query)
    public = urlsplit(public_root)
    target = None
    if url.startswith(base_uri):
        target = urlsplit(url[len(base_uri) :]).path
    elif parts.scheme in ("http", "https") and parts.netloc == public.netloc:
        for prefix in (f"{public.path}begrip/", f"{public.path}embed/"):
            if parts.path.startswith(prefix):
                target = parts.path[len(prefix) :]
                break
    concept_id = unquote(target or "").strip("/")
    if not concept_id:
        return None
    return EmbedTarget(
        concept_id,
        query.get("lang", [None])[0],
        query.get("theme", [None])[0],
        query.get("versie", [None])[0],
    )
