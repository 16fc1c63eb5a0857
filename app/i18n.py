"""Translation helpers: one import site for gettext, and force_locale() for jobs and PDFs."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_babel import force_locale, get_locale, gettext, lazy_gettext, ngettext

_ = gettext
_l = lazy_gettext

SUPPORTED_LOCALES = ("kk", "ru", "en")

__all__ = [
    "_",
    "_l",
    "force_locale",
    "gettext",
    "lazy_gettext",
    "ngettext",
    "current_locale",
    "select_locale",
    "SUPPORTED_LOCALES",
]


def current_locale() -> str:
    """The active UI language code (kk, ru or en)."""
    locale = get_locale()
    code = locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]
    return code if code in SUPPORTED_LOCALES else "kk"


def select_locale() -> str:
    """Babel locale selector: ?_l_= (API), the user's remembered choice, then Kazakh.

    Kazakh is the platform's default language, so the browser's Accept-Language is
    deliberately not consulted: a newcomer always lands in Kazakh and switches in the UI.
    """
    from flask import request

    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    asked = request.args.get("_l_")
    if asked in SUPPORTED_LOCALES:
        return asked
    remembered = session.get("locale")
    if remembered in SUPPORTED_LOCALES:
        return remembered
    # Remember the default too: FAB's language menu shows the flag of session["locale"].
    session["locale"] = default
    return default
