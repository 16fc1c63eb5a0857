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
