"""Going back to the page the user came from, never anywhere else.

FAB sends a language switch, a saved form and an import to its "page history" (the list before
last, or the home page). Here the page is named instead — a ``next`` parameter or the Referer —
and accepted only as a path of this site: another host, a scheme (``javascript:``), ``//host``,
backslashes and control characters are refused and the caller's default is used.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, redirect, request, session

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")
#: pages that are never a destination to return to (they act, or would loop)
_NOT_A_DESTINATION = ("/lang/", "/login", "/logout", "/static/")
#: how many forms remember where they were opened from at once (the session stays small)
_REMEMBERED = 10
_KEY = "ustaz_return_to"


def safe_target(url: str | None) -> str | None:
    """``url`` as a path (with its query) of this site, or None when it is not one."""
    if not url or len(url) > 2000 or _UNSAFE.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            return None
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or path.startswith(_NOT_A_DESTINATION):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def back_target(*, use_referrer: bool = True) -> str | None:
    """Where the user came from: ``next`` (query or form), else the Referer; None if neither is safe."""
    target = safe_target(request.values.get("next"))
    if target is None and use_referrer:
        target = safe_target(request.referrer)
    return target


def back_to(default: str):
    """A redirect to where the user came from, else to ``default``."""
    return redirect(back_target() or default)


def remember_origin() -> None:
    """On opening a form: remember the page it was opened from, for after it is saved."""
    target = back_target()
    here = request.path
    if target is None or urlsplit(target).path == here:
        return
    remembered = {k: v for k, v in (session.get(_KEY) or {}).items() if k != here}
    remembered[here] = target
    session[_KEY] = dict(list(remembered.items())[-_REMEMBERED:])


def origin_of_form() -> str | None:
    """The page the current form was opened from (forgotten once used)."""
    remembered = dict(session.get(_KEY) or {})
    target = safe_target(remembered.pop(request.path, None))
    if _KEY in session:
        session[_KEY] = remembered
    return target


def language_switch_returns(app: Flask) -> None:
    """FAB's /lang/<code> goes back to the page it was chosen on (its ``next``), not the page history."""
    endpoint = "LocaleView.index"
    original = app.view_functions.get(endpoint)
    if original is None:
        return

    def switch(**kwargs):
        response = original(**kwargs)
        target = back_target(use_referrer=True)
        if target is not None and getattr(response, "status_code", 200) in (301, 302, 303):
            return redirect(target)
        return response

    switch.__name__ = getattr(original, "__name__", "index")
    app.view_functions[endpoint] = switch
