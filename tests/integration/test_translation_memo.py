"""translation_memo() gives exactly what gettext gives, in the locale it runs in."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_memo_matches_gettext(app, locale):
    from flask_babel import gettext

    from app.i18n import _, force_locale, translation_memo

    asked = [("no observed lessons in the school year of the assessment date", {}),
             ("%(count)d academic years with analysis", {"count": 3}),
             ("courses: %(hours)d of %(needed)d hours", {"hours": 12, "needed": 80})]
    with app.test_request_context(), force_locale(locale):
        plain = [gettext(text, **values) for text, values in asked]
        with translation_memo():
            twice = [[_(text, **values) for text, values in asked] for _round in range(2)]
    assert twice[0] == twice[1] == plain
    if locale == "kk":
        assert plain[0] != asked[0][0]  # really translated


def test_a_request_memo_does_not_leak_a_forced_locale(app):
    """Inside a request (memo on), a sentence forced into Russian does not come back in Russian
    after force_locale, nor the request's Kazakh inside it."""
    from flask_babel import gettext

    from app.i18n import _, force_locale, translation_memo

    text = "no observed lessons in the school year of the assessment date"
    with app.test_request_context(), force_locale("kk"):
        kazakh = gettext(text)
        with force_locale("ru"):
            russian = gettext(text)
    assert kazakh != russian
    with app.test_request_context(), force_locale("kk"), translation_memo():
        assert _(text) == kazakh
        with force_locale("ru"):
            assert _(text) == russian
        assert _(text) == kazakh
