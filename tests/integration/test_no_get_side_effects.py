"""No side effects on GET (issue 9, point 6): opening any page changes no domain state.

The database itself is watched (tests/write_guard.py): any INSERT/UPDATE/DELETE run while a GET is
handled is recorded, the session's idle clock excepted."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from app.extensions import db
from models.observation import ObservationSheet
from tests.crawl import crawl
from tests.helpers import user
from tests.write_guard import GetWriteRecorder, write_target

MENU = re.compile(r"/[a-z][^?]*/(?:list/|me|form)$")
SHOW = re.compile(r"/[a-z]+view/show/\d+$")
#: pages of the hand-written views, reached from show and list pages
CUSTOM = re.compile(r"/(?:profile/\d+(?:/completeness)?|[a-z]+view/(?:trend|participants|fill|compare)/\d+)(?:\?.*)?$")
BUDGET = 50  # requests per user: the menu, a record of each list, and the custom pages found there


def _directories() -> set[str]:
    """Reference directory lists: plain FAB pages, crawled by test_crawl; not worth the budget here."""
    from views.directories import DIRECTORIES

    return {f"/{model.__name__.lower()}view/" for model, _label, _extra in DIRECTORIES}


def _crawl(b) -> list[str]:
    """Open the home page, the menu pages, a record of each list and the custom pages linked from them
    (custom pages first: they are hand-written, so most likely to write)."""
    boring = _directories()
    custom_paths, shown_views = set(), set()

    def plan(link: str, found_on: str) -> int | None:
        path = link.split("?", 1)[0]
        if any(path.startswith(d) for d in boring):
            return None
        view = path.split("/show/", 1)[0]
        if CUSTOM.search(link) or path.startswith("/portal/"):  # the teacher's pages are all hand-written
            if path in custom_paths:  # one visit per custom page ("more rows" links differ by query only)
                return None
            custom_paths.add(path)
            return 0
        if found_on == "/" and MENU.search(path):
            return 1
        if SHOW.search(path) and view not in shown_views:
            shown_views.add(view)
            return 2
        return None

    opened = []
    for page in crawl(b, plan, BUDGET):
        opened.append(page.url)
        assert page.status < 500, f"{b.username} GET {page.url}: {page.status}"
    return opened


@pytest.mark.parametrize("username", ["national", "director", "observer", "teacher"])
def test_opening_pages_writes_nothing(app, browser, username):
    b = browser(username)  # logging in is a POST: it may write (last login, the session row)
    with app.app_context():
        engine = db.engine
    with GetWriteRecorder(engine) as recorder:
        opened = _crawl(b)
    assert len(opened) > 5, opened
    assert recorder.writes == [], "\n".join(map(str, recorder.writes))


def test_observer_opening_a_sheet_with_feedback_changes_nothing(app, browser, ctx):
    """The case the issue names: showing a sheet used to mark the teacher's feedback as read."""
    director = user("director")
    unread = db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id == director.id,
                                       ObservationSheet.feedback.is_not(None),
                                       ObservationSheet.feedback_read_on.is_(None))
    ).scalars().all()
    assert unread, "the demo data has a sheet with unread feedback"
    b = browser("director")
    with GetWriteRecorder(db.engine) as recorder:
        for sheet in unread:
            page = b.get(f"/observationsheetview/show/{sheet.id}")
            assert page.status_code == 200
            assert f"/observationsheetview/feedback_read/{sheet.id}" in page.get_data(as_text=True)
        assert "alert-info" in b.get("/").get_data(as_text=True)  # still announced as new
    assert recorder.writes == []
    db.session.expire_all()
    assert all(db.session.get(ObservationSheet, s.id).feedback_read_on is None for s in unread)
    # reading it is an explicit act, a POST
    assert b.post(f"/observationsheetview/feedback_read/{unread[0].id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(ObservationSheet, unread[0].id).feedback_read_on is not None


def test_the_recorder_sees_writes_of_a_get_and_only_of_a_get(app, ctx):
    """The guard can fail: a write issued while a GET is handled is caught, whatever issued it."""
    with GetWriteRecorder(db.engine) as recorder:
        with app.test_request_context("/observationsheetview/show/1", method="GET"):
            db.session.execute(text("UPDATE observation_sheet SET class_group = class_group WHERE id = -1"))
        with app.test_request_context("/observationsheetview/feedback_read/1", method="POST"):
            db.session.execute(text("UPDATE observation_sheet SET class_group = class_group WHERE id = -1"))
        db.session.execute(text("DELETE FROM observation_sheet WHERE id = -1"))  # no request: a test's own setup
    db.session.rollback()
    assert [(w.method, w.verb, w.table) for w in recorder.writes] == [("GET", "UPDATE", "observation_sheet")]


@pytest.mark.parametrize("statement, expected", [
    ('INSERT INTO "user_session" (id) VALUES (1)', ("INSERT", "user_session")),
    ("update ab_user set login_count = 1", ("UPDATE", "ab_user")),
    ("DELETE FROM public.audit_log WHERE id = 1", ("DELETE", "audit_log")),
    ("SELECT * FROM person", None),
    ("SAVEPOINT sa_1", None),
])
def test_write_statements_are_recognised(statement, expected):
    assert write_target(statement) == expected
