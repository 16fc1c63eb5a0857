"""The portal's small rules, without a request: the category a teacher works toward, the timeline of
an application, a new password's checks."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from app.portfolio.readiness import next_target


@pytest.mark.parametrize(("current", "target"), [
    ("teacher", ("moderator", "assign")), ("moderator", ("expert", "assign")), ("expert", ("researcher", "assign")),
    ("researcher", ("master", "assign")), ("master", ("master", "confirm")), ("unknown", ("moderator", "assign")),
])
def test_next_target(current, target):
    assert next_target(current) == target


@pytest.mark.parametrize(("password", "confirm", "ok"), [
    ("короткий1", "короткий1", False), ("onlyletterslong", "onlyletterslong", False), ("12345678901", "12345678901", False),
    ("ұзын-құпия-сөз-1", "ұзын-құпия-сөз-1", True), ("ұзын-құпия-сөз-1", "ұзын-құпия-сөз-2", False), ("a1" * 101, "a1" * 101, False),
])
def test_password_problem(app, password, confirm, ok):
    from app.portal.accounts import password_problem

    with app.test_request_context():
        assert (password_problem(password, confirm) is None) is ok


def _application(state: str, due=None):
    period = SimpleNamespace(applications_close_on=dt.date(2026, 12, 31))
    return SimpleNamespace(state=state, period=period, review_due_on=due)


def test_timeline_marks_done_current_and_the_deadline(app):
    from app.portal.views import timeline

    with app.test_request_context():
        steps = timeline(_application("under_review", dt.date(2027, 1, 15)))
        current = [s for s in steps if s["current"]]
        assert len(current) == 1 and current[0]["deadline"] == dt.date(2027, 1, 15)
        assert [s["done"] for s in steps][:3] == [True, True, True] and not steps[-1]["done"]
        draft = timeline(_application("draft"))
        assert draft[0]["current"] and draft[0]["deadline"] == dt.date(2026, 12, 31)
        returned = timeline(_application("returned"))
        assert returned[0]["current"]  # back to the draft step
