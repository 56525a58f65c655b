"""The plain view: a visitor's choice to read the whole site in plain language first.

`?view=plain` (from the switch in the header) turns it on, `?view=standard` off; the choice is
remembered in a cookie. In the plain view a concept page opens with its explanation "in
gewone taal" (the definition follows) and cluster lists summarise each concept by its
explanation instead of the definition's first sentence.

A page then depends on a cookie: `Vary: Cookie` is already said for every page
(`glossary.web.i18n`), the answer that sets or clears the cookie is private (a shared cache
must not hand the cookie to others), and the choice is part of the page's ETag
(`g.page_variant`, read by `glossary.http.caching`), so a page cached in one view is never
revalidated as the other.
"""

from __future__ import annotations

from flask import Flask, Response, g, request

from glossary.web.i18n import COOKIE_MAX_AGE, current_url_with, is_embed_request

VIEW_PARAM = "view"
VIEW_COOKIE = "view"
PLAIN = "plain"
STANDARD = "standard"


def _requested() -> str | None:
    choice = request.args.get(VIEW_PARAM)
    return choice if choice in (PLAIN, STANDARD) else None


def plain_view() -> bool:
    """Whether this request shows the plain view (URL first, then the cookie)."""
    return (_requested() or request.cookies.get(VIEW_COOKIE)) == PLAIN


def view_switch() -> dict[str, object]:
    """The header switch: the current view and the address of the other one."""
    plain = plain_view()
    return {"plain": plain, "url": current_url_with(**{VIEW_PARAM: STANDARD if plain else PLAIN})}


def _name_the_variant() -> None:
    if plain_view():
        g.page_variant = PLAIN


def _remember_view(response: Response) -> Response:
    """Keep an explicit `?view=` choice in a cookie, on a private answer (never from an embed:
    see `is_embed_request`)."""
    choice = None if is_embed_request() else _requested()
    stored = request.cookies.get(VIEW_COOKIE)
    if choice is None or (choice == PLAIN) == (stored == PLAIN):
        return response
    if choice == PLAIN:
        response.set_cookie(
            VIEW_COOKIE,
            PLAIN,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,
        )
    else:
        response.delete_cookie(VIEW_COOKIE, samesite="Lax", secure=request.is_secure)
    response.cache_control.public = False
    response.cache_control.private = True
    return response


def init_plain_view(app: Flask) -> None:
    app.before_request(_name_the_variant)
    app.after_request(_remember_view)
    app.jinja_env.globals.update(plain_view=plain_view, view_switch=view_switch)
