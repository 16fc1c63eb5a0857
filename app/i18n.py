"""Translation helpers: one import site for gettext, and force_locale() for jobs and PDFs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context, session
from flask_babel import force_locale as _babel_force_locale
from flask_babel import get_locale, gettext, lazy_gettext, ngettext

_l = lazy_gettext

#: msgid -> translation, inside translation_memo() (one locale)
_MEMO: ContextVar[dict[str, str] | None] = ContextVar("ustaz_translation_memo", default=None)


def _(string: str, **variables) -> str:
    """gettext; inside ``translation_memo()`` each msgid is looked up once (Flask-Babel's lookup of
    the context's translations is two thirds of the scoring engine's time in a batch)."""
    if _MEMO.get() is None:
        return gettext(string, **variables)
    text = _translated(string)
    return text % variables if variables else text


def _translated(string: str) -> str:
    """The translation of a msgid (not formatted), from the memo when one is open."""
    memo = _MEMO.get()
    if memo is None:
        return gettext(string)
    text = memo.get(string)
    if text is None:
        text = memo[string] = gettext(string)
    return text


@contextmanager
def translation_memo() -> Iterator[None]:
    """Remember translations for the duration of a batch or a request (whose locale is fixed inside:
    Flask-Babel keeps a request's locale once read; ``force_locale`` below opens its own memo)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Flask-Babel's force_locale, with a memo of its own while it lasts (an e-mail in the
    recipient's language inside a request in another)."""
    token = _MEMO.set(None if _MEMO.get() is None else {})
    try:
        with _babel_force_locale(locale):
            yield
    finally:
        _MEMO.reset(token)


def install_request_memo(app) -> None:
    """Every request looks each sentence up once (~90 gettext calls a portal page, 15% of its time)."""
    from flask import g

    # templates translate through the memo too (Flask-Babel installs its own lookup for Jinja);
    # Jinja's "newstyle" gettext formats and escapes the text it gets back, as before
    from flask_babel import get_translations

    app.jinja_env.install_gettext_callables(
        gettext=_translated,
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )

    @app.before_request
    def _open_memo() -> None:
        g.ustaz_translation_memo = _MEMO.set({})

    @app.teardown_request
    def _close_memo(_error=None) -> None:
        token = g.pop("ustaz_translation_memo", None)
        if token is not None:
            try:
                _MEMO.reset(token)
            except ValueError:  # created in another context (a streamed response): let it go
                _MEMO.set(None)

SUPPORTED_LOCALES = ("kk", "ru", "en")

__all__ = [
    "_",
    "_l",
    "force_locale",
    "gettext",
    "lazy_gettext",
    "ngettext",
    "translation_memo",
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
