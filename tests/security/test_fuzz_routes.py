"""Every route of the URL map, with hostile path, query, form and body values: never a 5xx.

The quick table runs in ``make test`` with one login per role profile; ``USTAZ_FUZZ=full``
(``.ci/run``) walks every demo login with the whole table.
"""

from __future__ import annotations

import pytest

from app.demo import DEMO_LOGINS
from tests.conftest import TokenBrowser
from tests.security import fuzz

#: one login per role profile: national, district staff, organization staff, teacher
QUICK_LOGINS = ["national", "district", "entry", "teacher"]
#: the full walk: every demo login, except the commission's chair and secretary, who hold the same
#: role and reach the same pages as `commission`
LOGINS = [login[0] for login in DEMO_LOGINS if login[0] not in ("chair", "secretary")] if fuzz.FULL else QUICK_LOGINS
#: in the quick table the national admin (who reaches every page) gets every bad list and form
#: value; the path values are shared out between the logins, and the others send one bad value
#: per form and filter
QUICK_PATH_VALUE = {"district": "abc", "entry": "-1", "teacher": fuzz.HUGE}


def _thorough(username: str | None) -> bool:
    # the full table for the national admin (who reaches every page); the others walk the same
    # routes with the light table, which keeps the full run within CI's budget
    return username == "national"


def _path_values(username: str | None) -> list[str] | None:
    if username == "national":
        return None if fuzz.FULL else [fuzz.HUGE, "abc"]  # "-1" is the entry clerk's
    return [QUICK_PATH_VALUE.get(username or "", fuzz.HUGE)]


@pytest.fixture
def browser(app):
    return lambda username=None: TokenBrowser(app, username)


@pytest.mark.parametrize("username", LOGINS)
def test_hostile_paths_and_lists(browser, app, username):
    client = browser(username)
    report = fuzz.Report()
    fuzz.walk_paths(client, app, report, _path_values(username))
    fuzz.walk_list_params(client, app.appbuilder, report, light=not _thorough(username))
    assert not report.failures, report.summary()


@pytest.mark.parametrize("username", LOGINS)
def test_hostile_rest(browser, app, username):
    client = browser(username)
    report = fuzz.Report()
    fuzz.walk_rest(client, app.appbuilder, report)
    assert not report.failures, report.summary()


@pytest.mark.parametrize("username", LOGINS)
def test_hostile_forms(browser, app, username):
    client = browser(username)
    report = fuzz.Report()
    pages = fuzz.form_pages(app.appbuilder, client)
    fuzz.walk_forms(client, app, app.appbuilder, report, pages, None if _thorough(username) else [fuzz.HUGE])
    assert not report.failures, report.summary()


def test_anonymous_hostile_paths(browser, app):
    client = browser()
    report = fuzz.Report()
    fuzz.walk_paths(client, app, report, _path_values(None))
    assert not report.failures, report.summary()


@pytest.mark.parametrize("value", ["", "maybe", "1"])
def test_a_yes_no_filter_takes_only_yes_or_no(browser, value):
    """FAB hands anything but "y" to the database as text, which PostgreSQL refuses for a boolean."""
    client = browser("national")
    assert client.get("/tenantview/list/", query_string={"_flt_0_is_active": value}).status_code == 400
    assert client.get("/tenantview/list/", query_string={"_flt_0_is_active": "y"}).status_code == 200


def test_numeric_and_json_columns_in_search(browser):
    """A percent (Numeric) is compared as a number; a JSON column cannot be searched (400, not 500)."""
    client = browser("national")
    for value in ("85", "-1", ""):
        assert client.get("/observationsheetview/list/", query_string={"_flt_0_percent": value}).status_code == 200
    assert client.get("/rulesetview/list/", query_string={"_flt_0_parameters": "abc"}).status_code == 400
