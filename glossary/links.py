"""Which addresses from the data may become links: http(s) pages and mailto addresses only.

A source URL is written by editors into a CSV file and shown as `href` on the card, the
sources page and the concept page. Any other scheme (`javascript:`, `data:`, `vbscript:`)
would run or show content under this site's origin, and a relative path would point into
the site itself; the importer refuses them and every renderer checks again, for data stored
before the check existed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https", "mailto")


def link_problem(url: str) -> str | None:
    """Why `url` may not be a link, or None when it may."""
    if any(character.isspace() or ord(character) < 32 or character == "\\" for character in url):
        return f"'{url[:60]}' is not a link: it holds spaces, control characters or '\\'"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return (
            f"'{url[:60]}' is not a link: only http://, https:// and mailto: addresses are allowed"
        )
    if scheme == "mailto" and "@" not in parts.path:
        return f"'{url[:60]}' is not a mailto: link to an address"
    if scheme != "mailto" and not (url[len(scheme) :].startswith("://") and parts.hostname):
        return f"'{url[:60]}' is not a link: a host must follow {scheme}://"
    return None


def safe_link(url: str | None) -> str | None:
    """`url` when it may be a link; None for anything else (empty, another scheme, junk)."""
    return url if url and link_problem(url) is None else None
