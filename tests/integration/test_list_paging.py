"""HTML lists at national size: a capped count, an estimate past it, keyset "Next" links for deep
pages; the REST API keeps exact counts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

NEXT = re.compile(r'class="btn btn-sm btn-default ustaz-next-page" href="([^"]+)"')
SHOW = re.compile(r'/personview/show/(\d+)')


def _ids(html: str) -> list[int]:
    seen: list[int] = []
    for found in SHOW.findall(html):
        if int(found) not in seen:
            seen.append(int(found))
    return seen


@pytest.fixture
def small_limit(app):
    app.config["LIST_EXACT_COUNT_LIMIT"] = 6
    yield 6
    app.config["LIST_EXACT_COUNT_LIMIT"] = 10_000


def test_keyset_pages_walk_the_whole_list_in_order(app, browser, ctx, small_limit):
    from app.extensions import db
    from models.person import Person

    national = browser("national")
    total = db.session.execute(select(func.count(Person.id))).scalar_one()
    assert total > 3 * small_limit
    # the order of the numbered pages with an exact count (the reference)
    app.config["LIST_EXACT_COUNT_LIMIT"] = 10_000
    reference: list[int] = []
    for number in range(total // 50 + 1):
        reference += _ids(national.get(f"/personview/list/?psize_PersonView=50&page_PersonView={number}").get_data(as_text=True))
    assert len(reference) == total
    app.config["LIST_EXACT_COUNT_LIMIT"] = small_limit

    url, walked, pages = "/personview/list/?psize_PersonView=3&page_PersonView=1", [], 0
    first = national.get(url).get_data(as_text=True)
    if db.engine.dialect.name == "postgresql":
        assert "≈" in first  # past the exact count: the planner's estimate
    else:
        assert "≈" not in first and f"</strong> {total}" in first  # SQLite counts exactly
    walked += _ids(first)
    match = NEXT.search(first)
    assert match, "past the exact count the list offers a keyset Next link"
    while match and pages < 100:
        page = national.get(match.group(1).replace("&amp;", "&"))
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        walked += _ids(html)
        match = NEXT.search(html)
        pages += 1
    assert walked == reference[3:]  # every row after page 1, once, in the list's order


def test_keyset_follows_a_name_sort_descending(app, browser, ctx, small_limit):
    national = browser("national")
    first = national.get("/personview/list/?psize_PersonView=3&page_PersonView=1&_oc_PersonView=last_name&_od_PersonView=desc")
    match = NEXT.search(first.get_data(as_text=True))
    assert match
    assert national.get(match.group(1).replace("&amp;", "&")).status_code == 200


@pytest.mark.parametrize("cursor", ["x", "!!!", "W10", "WyJhIiwtMV0", "eyJhIjogMX0", "W3siZCI6Im5vIn0sMV0", "A" * 900])
def test_a_damaged_cursor_is_a_400(browser, ctx, cursor):
    response = browser("national").get(f"/personview/list/?_after_PersonView={cursor}")
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_related_dropdowns_and_lists_skip_the_count_they_do_not_need(app, browser, ctx):
    """An unpaginated query (a form's choices) returns every row: no COUNT statement is run for it."""
    from app.extensions import db
    from views.persons import PersonView

    datamodel = PersonView.datamodel.get_related_interface("position")
    statements: list[str] = []
    from sqlalchemy import event

    def seen(_c, _cu, statement, *_a, **_k):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        count, rows = datamodel.query()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert count == len(rows) > 0
    assert len(statements) == 1 and "count(" not in statements[0].lower()


def test_the_api_keeps_exact_counts(app, browser, ctx, small_limit):
    from app.extensions import db
    from models.person import Person

    total = db.session.execute(select(func.count(Person.id))).scalar_one()
    body = browser("national").api("GET", "/api/v1/person/?q=(page_size:2,page:3)").get_json()
    assert body["count"] == total


def test_counters_are_exact_below_the_limit_and_an_estimate_past_it(app, ctx):
    from app.extensions import db
    from app.web.paging import ApproximateCount, count_or_estimate
    from models.person import Person

    total = db.session.execute(select(func.count(Person.id))).scalar_one()
    assert count_or_estimate(db.session, select(Person.id), limit=total) == total
    assert type(count_or_estimate(db.session, select(Person.id), limit=total)) is int
    past = count_or_estimate(db.session, select(Person.id), limit=5)
    if db.engine.dialect.name == "postgresql":
        assert isinstance(past, ApproximateCount) and past > 5
        assert str(past).startswith("≈ ")
    else:
        assert past == total


def _cursor(*parts) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("parts", [
    ("last_name:asc", 5, 1),                       # a number where the order is a name
    ("last_name:asc", {"d": "2020-01-01"}, 1),     # a date where the order is a name
    ("last_name:asc", True, 1),
])
def test_a_cursor_of_the_wrong_type_is_a_400(browser, ctx, parts):
    order = "&_oc_PersonView=last_name&_od_PersonView=asc" if parts[0].startswith("last_name") else ""
    response = browser("national").get(f"/personview/list/?_after_PersonView={_cursor(*parts)}{order}")
    assert response.status_code == 400


def test_a_cursor_made_for_another_order_opens_page_one(app, browser, ctx, small_limit):
    """FAB's column headers keep the query's arguments: a deep page's cursor then meets another
    order, and the list starts again from its first page (no rows skipped, no error)."""
    national = browser("national")
    first = national.get("/personview/list/?psize_PersonView=3&page_PersonView=1&_oc_PersonView=last_name"
                         "&_od_PersonView=asc")
    html = first.get_data(as_text=True)
    deep = NEXT.search(html).group(1).replace("&amp;", "&")
    resorted = deep.replace("_od_PersonView=asc", "_od_PersonView=desc")
    page = national.get(resorted)
    assert page.status_code == 200
    top = national.get("/personview/list/?psize_PersonView=3&_oc_PersonView=last_name&_od_PersonView=desc")
    assert _ids(page.get_data(as_text=True)) == _ids(top.get_data(as_text=True))


def test_a_direction_but_asc_or_desc_is_refused_before_any_keyset(browser, ctx):
    odd = "/personview/list/?page_PersonView=1&_oc_PersonView=last_name&_od_PersonView=sideways"
    assert browser("national").get(odd).status_code == 400
