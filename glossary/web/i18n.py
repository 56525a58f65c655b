"""UI language and content language of the pages.

The two are chosen separately, as in Skosmos. The UI language (what the interface says) is an
explicit choice — `?ui=<code>` from the visible switch, remembered in a cookie — or else the
best match of the browser's Accept-Language, or else the default. The content language (the
language of the concept texts) is `?lang=<code>`, or else the UI language when the framework's
translation into it is reviewed, or else the framework's source language: a browser that
prefers English gets the English interface, never the draft English texts unasked.

Content languages are the configured ones (`GLOSSARY_LANGUAGES`, the first is the source
language) followed by every other language the imported framework has labels in, so a language
added to the CSV is offered by the pages as soon as it is imported, as it is by the API.

Adding a UI language needs only a catalog in a translation directory and an entry in
`UI_LANGUAGES`: names of languages come from Babel's locale data, never from code.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, current_app, g, request
from flask_babel import Babel, get_locale
from sqlalchemy.exc import SQLAlchemyError

from glossary.database import db_session
from glossary.http import current
from glossary.language import match_language
from glossary.services.concepts import content_languages as stored_languages
from glossary.services.concepts import reviewed_languages

UI_PARAM = "ui"
UI_COOKIE = "ui_lang"
CONTENT_PARAM = "lang"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# Embeds (cards, maps, their data) live inside other sites' pages: a `?ui=` there picks the
# frame's words only and is never remembered (docs/embed.md).
EMBED_PREFIX = "/embed"


def ui_languages() -> list[str]:
    """The UI languages offered by the switch, from configuration."""
    return list(current_app.config["UI_LANGUAGES"])


def content_languages() -> list[str]:
    """The configured content languages, then the other languages of the stored framework.

    Looked up once per request. When the database cannot answer (an error page during an
    outage), the configured languages alone are used.
    """
    if "content_languages" not in g:
        configured = current.configured_languages()
        try:
            stored = stored_languages(db_session(), current.scheme_id())
        except SQLAlchemyError:
            db_session().rollback()
            stored = []
        g.content_languages = configured + [lang for lang in stored if lang not in configured]
    return list(g.content_languages)


def explicit_ui_language() -> str | None:
    """The UI language the user chose (URL first, then cookie), if it is offered."""
    offered = ui_languages()
    for candidate in (request.args.get(UI_PARAM), request.cookies.get(UI_COOKIE)):
        matched = match_language(candidate, offered) if candidate else None
        if matched:
            return matched
    return None


def select_ui_language() -> str:
    """Flask-Babel's locale selector: explicit choice, then Accept-Language, then default."""
    offered = ui_languages()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return (
        explicit_ui_language()
        or request.accept_languages.best_match(offered)
        or (default if default in offered else offered[0])
    )


def ui_language() -> str:
    return str(get_locale())


def explicit_content_language() -> str | None:
    """The content language asked for in the URL, if the framework has it."""
    requested = request.args.get(CONTENT_PARAM)
    return match_language(requested, content_languages()) if requested else None


def content_language() -> str:
    """The language in which concept texts are shown on this request."""
    explicit = explicit_content_language()
    if explicit:
        return explicit
    available = content_languages()
    ui = ui_language()
    return ui if ui in available and ui in _reviewed_languages(available[0]) else available[0]


def _reviewed_languages(source: str) -> list[str]:
    """The source language and the languages whose translation is reviewed (once per request;
    only the source language when the database cannot answer)."""
    if "reviewed_languages" not in g:
        try:
            reviewed = reviewed_languages(db_session(), current.scheme_id())
        except SQLAlchemyError:
            db_session().rollback()
            reviewed = []
        g.reviewed_languages = [source, *reviewed]
    return list(g.reviewed_languages)


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of a language, in `in_language` (default: the language itself)."""
    try:
        name = Locale.parse(code).get_display_name(in_language or code)
    except (ValueError, LookupError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]


def current_url_with(**params: str | None) -> str:
    """The current page's URL with some query parameters replaced (None removes one)."""
    args = request.args.to_dict(flat=False)
    for name, value in params.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = [value]
    query = urlencode(args, doseq=True)
    return f"{request.path}?{query}" if query else request.path


def ui_switch() -> list[dict[str, object]]:
    """The entries of the visible UI language switch."""
    return _switch(ui_languages(), ui_language(), UI_PARAM)


def content_switch() -> list[dict[str, object]]:
    """The entries of the content language switch (shown on pages with concept texts)."""
    return _switch(content_languages(), content_language(), CONTENT_PARAM)


def _switch(codes: Iterable[str], current: str, param: str) -> list[dict[str, object]]:
    """A language switch: each language named in its own words, linking to this page with
    `param` set to it, the `current` one marked."""
    return [
        {
            "code": code,
            "name": language_name(code),
            "url": current_url_with(**{param: code}),
            "current": code == current,
        }
        for code in codes
    ]


def is_embed_request() -> bool:
    """True on an embed's address (`/embed/...`), where no choice is remembered in a cookie."""
    return request.path == EMBED_PREFIX or request.path.startswith(EMBED_PREFIX + "/")


def _remember_choice(response: Response) -> Response:
    """Keep an explicit `?ui=` choice in a cookie (on a private answer); pages vary by it.

    Not from an embed: a trainer's host page must not change its visitors' site-wide language
    choice as a side effect of showing a card."""
    requested = None if is_embed_request() else request.args.get(UI_PARAM)
    # The same BCP 47 match the page itself uses (`ui=EN` shows and remembers `en`).
    choice = match_language(requested, ui_languages()) if requested else None
    if choice and request.cookies.get(UI_COOKIE) != choice:
        response.set_cookie(
            UI_COOKIE,
            choice,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,
        )
        # A shared cache would hand this visitor's cookie to everyone asking the same URL;
        # only this answer (the click on the switch) is private, the pages stay public.
        response.cache_control.public = False
        response.cache_control.private = True
    if response.mimetype == "text/html":
        response.vary.update(("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", ui_language())
    return response


def _template_globals() -> dict[str, object]:
    return {
        "ui_lang": ui_language,
        "content_lang": content_language,
        "ui_switch": ui_switch,
        "content_switch": content_switch,
        "language_name": language_name,
    }


def init_i18n(app: Flask) -> None:
    """Flask-Babel with our locale selector; one Babel per app, so catalogs never leak."""
    Babel(app, locale_selector=select_ui_language)
    app.after_request(_remember_choice)
    app.jinja_env.globals.update(_template_globals())
