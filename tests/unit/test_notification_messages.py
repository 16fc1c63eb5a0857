"""Every notification kind in words, in kk, ru and en: no placeholder left, no code shown."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.notifications.messages import KINDS, render

#: params of every kind, as the workflow stores them (codes and plain values)
SAMPLES: dict[str, dict] = {
    "application_submitted": {"teacher": "Ахметов Асқар", "application_id": 12, "requested_category": "expert",
                              "mode": "assign"},
    "application_accepted": {"application_id": 12, "due_on": "2026-03-15"},
    "application_returned": {"application_id": 12, "reason": "Диплом жоқ"},
    "application_withdrawn": {"teacher": "Ахметов Асқар", "application_id": 12},
    "review_requested": {"teacher": "Ахметов Асқар", "application_id": 12, "due_on": "2026-03-15"},
    "votes_complete": {"teacher": "Ахметов Асқар", "application_id": 12},
    "application_decided": {"application_id": 12, "outcome": "not_assigned", "awarded_category": None},
    "member_added": {"commission": "Аудандық комиссия", "role": "secretary"},
    "member_removed": {"commission": "Аудандық комиссия"},
    "window_closing": {"closes_on": "2026-03-15", "days": 3, "period_id": 1},
    "review_due": {"teacher": "Ахметов Асқар", "application_id": 12, "due_on": "2026-03-15", "overdue": False},
    "protocol_to_sign": {"protocol": "3", "commission": "Аудандық комиссия"},
    "protocol_reminder": {"protocol": "3", "commission": "Аудандық комиссия"},
    "protocol_signed": {"protocol": "3", "commission": "Аудандық комиссия"},
    "certificate_issued": {"number": "2026-7KQ4-M2XD", "category": "expert", "reason": ""},
    "certificate_revoked": {"number": "2026-7KQ4-M2XD", "category": "expert", "reason": "Апелляция"},
    "dispute_filed": {"dispute_id": 4, "registry": "nobd", "answer": ""},
    "dispute_in_review": {"dispute_id": 4, "registry": "uto", "answer": ""},
    "dispute_accepted": {"dispute_id": 4, "registry": "uto", "answer": "Нәтиже түзетіледі"},
    "dispute_rejected": {"dispute_id": 4, "registry": "mnvo", "answer": "Диплом дұрыс"},
    "appeal_filed": {"appeal": 7, "appeal_type": "withdraw_decision", "resolution": "", "due": "2026-03-15"},
    "appeal_in_review": {"appeal": 7, "appeal_type": "upload_access", "resolution": "", "due": "2026-03-15"},
    "appeal_answered": {"appeal": 7, "appeal_type": "ozp_results", "resolution": "upheld", "due": "2026-03-15"},
    "appeal_closed": {"appeal": 7, "appeal_type": "other", "resolution": "rejected", "due": "2026-03-15"},
}
#: the codes that must never reach a reader
CODES = ("not_assigned", "secretary", "assign", "2026-03-15", "True", "False", "None", "nobd", "uto", "mnvo",
         "withdraw_decision", "upload_access", "ozp_results")


@pytest.fixture(scope="module")
def babel_app():
    """Only Flask-Babel and the project's catalogues: messages are translated at the edge."""
    from flask import Flask
    from flask_babel import Babel

    application = Flask(__name__)
    application.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).resolve().parents[2] / "translations")
    Babel(application)
    return application


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_kind_renders_without_placeholders_or_codes(babel_app, kind, locale):
    from flask_babel import force_locale

    with babel_app.app_context(), force_locale(locale):
        subject, body = render(kind, SAMPLES[kind])
    assert subject and body
    assert "\n" not in subject
    for text in (subject, body):
        assert "%(" not in text and ")s" not in text, text
        for code in CODES:
            assert not re.search(rf"\b{re.escape(code)}\b", text), (code, text)


def test_codes_become_words_in_english(babel_app):
    from flask_babel import force_locale

    with babel_app.app_context(), force_locale("en"):
        _subject, body = render("application_submitted", SAMPLES["application_submitted"])
        assert "teacher-expert" in body and "assignment" in body and "Ахметов Асқар" in body
        _subject, body = render("application_accepted", SAMPLES["application_accepted"])
        assert "15.03.2026" in body
        _subject, body = render("member_added", SAMPLES["member_added"])
        assert "Secretary" in body
        _subject, body = render("application_decided", {"application_id": 3, "outcome": "assigned",
                                                        "awarded_category": "moderator"})
        assert "Category assigned" in body and "teacher-moderator" in body
        _subject, body = render("application_decided", SAMPLES["application_decided"])
        assert "Category not assigned" in body and "()" not in body


def test_variants_follow_the_params(babel_app):
    from flask_babel import force_locale

    with babel_app.app_context(), force_locale("en"):
        due = render("review_due", SAMPLES["review_due"])
        overdue = render("review_due", {**SAMPLES["review_due"], "overdue": True})
        assert due != overdue and "overdue" in overdue[0]
        returned = render("application_returned", {"application_id": 5, "reason": ""})
        assert "Reason" not in returned[1]


def test_a_notification_object_renders_like_its_kind(babel_app):
    from flask_babel import force_locale

    stored = SimpleNamespace(kind="window_closing", params=SAMPLES["window_closing"])
    with babel_app.app_context(), force_locale("en"):
        assert render(stored) == render("window_closing", SAMPLES["window_closing"])


@pytest.mark.parametrize("params", [None, {}, {"application_id": None}, "not a dict", {"due_on": "soon"}])
def test_missing_or_odd_params_never_crash(babel_app, params):
    from flask_babel import force_locale

    with babel_app.app_context(), force_locale("ru"):
        for kind in KINDS:
            subject, body = render(kind, params)
            assert subject and "%(" not in body


def test_an_unknown_kind_is_a_generic_sentence(babel_app):
    from flask_babel import force_locale

    with babel_app.app_context(), force_locale("en"):
        subject, body = render("no_such_kind", {"x": 1})
    assert subject == "Notification" and body == "There is news for you in Ustaz."
