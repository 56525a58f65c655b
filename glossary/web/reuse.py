"""On what terms the definitions may be reused, and whom to ask: from configuration.

GLOSSARY_LICENSE (a URL), GLOSSARY_LICENSE_CONFIRMED (until the publisher confirms it, pages
say the licence is to be confirmed), GLOSSARY_CONTACT_EMAIL (else the publisher's site).
The About page, embed cards and handouts show it (templates/partials/reuse_terms.html); the
exports state the same licence and contact point (glossary/formats/skos.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

# Short names of common licences, for people; any other licence is shown by its address.
LICENCE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/licenses/by-nc/4.0/": "CC BY-NC 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "https://data.vlaanderen.be/doc/licentie/modellicentie-gratis-hergebruik/v1.0": (
        "Modellicentie voor gratis hergebruik 1.0"
    ),
}


@dataclass(frozen=True)
class ReuseTerms:
    licence_url: str
    licence_name: str
    confirmed: bool
    contact_email: str
    publisher_name: str
    publisher_url: str


def licence_name(url: str) -> str:
    """A licence's short name (`CC BY 4.0`), or its address when the name is not known."""
    normalised = url.strip().replace("http://", "https://", 1)
    if not normalised.endswith("/") and normalised + "/" in LICENCE_NAMES:
        normalised += "/"
    return LICENCE_NAMES.get(normalised, url)


def reuse_terms() -> ReuseTerms:
    """The configured licence and contact of this app."""
    config = current_app.config
    url = str(config["GLOSSARY_LICENSE"])
    return ReuseTerms(
        licence_url=url,
        licence_name=licence_name(url),
        confirmed=bool(config.get("GLOSSARY_LICENSE_CONFIRMED", False)),
        contact_email=str(config.get("GLOSSARY_CONTACT_EMAIL") or ""),
        publisher_name=str(config["GLOSSARY_PUBLISHER_NAME"]),
        publisher_url=str(config["GLOSSARY_PUBLISHER_URL"] or ""),
    )
