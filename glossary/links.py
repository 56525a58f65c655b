"""Which addresses from the data may become links: http(s) pages and mailto addresses only.

A source URL is written by editors into a CSV file and shown as `href` on the card, the
sources page and the concept page. Any other scheme (`javascript:`, `data:`, `vbscript:`)
would run or show content under this site's origin, and a relative path would point into
the site itself; the importer refuses them and every renderer checks again, for data stored
before the check existed.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

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


def display_url(url: str) -> str:
    """`url` as a reader should see it: an internationalised host name in Unicode
    (`xn--ngezin-nplan-9dbaha.be` is `ééngezin-éénplan.be`). Only for the link text; the
    `href` keeps the address as stored."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if "xn--" not in host:
        return url
    try:
        unicode_host = ".".join(
            label.encode("ascii").decode("idna") if label.startswith("xn--") else label
            for label in host.split(".")
        )
    except UnicodeError:
        return url
    netloc = parts.netloc.replace(host, unicode_host, 1)
    return urlunsplit(parts._replace(netloc=netloc))
