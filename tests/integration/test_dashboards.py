"""The dashboards' pages (views/reports.py, issue 14).

The acceptance test: for every demo role that may open /reports/, every number on its dashboard (and on
the dashboards of the nodes one level below, and on the workload page) equals the exact total of the
list it drills into — so no number counts a row the user cannot list. Then: other districts and roles
without the permission are refused, hostile parameters are 4xx, the page costs a fixed number of SQL
statements whatever the number of child nodes, and a write shows on the next view.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.extensions import db

#: the demo roles holding Report read (app/security/roles.py)
REPORT_ROLES = ("national", "region", "district", "district2", "director", "entry", "auditor")
#: roles whose child nodes' dashboards are opened too
DRILLING_ROLES = ("national", "region", "district", "auditor")
NO_REPORT_ROLES = ("teacher", "commission", "chair", "secretary", "observer")
TOTAL = re.compile(r'<span class="ustaz-total" data-total="(\d+)">')
HUGE = "99999999999999999999"


class Figures(HTMLParser):
    """Every ``a.ustaz-figure`` (href, data-value, shown text) and ``a.ustaz-node`` (href) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict] = []
        self.nodes: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "a" and "ustaz-figure" in classes:
            self._open = {**attributes, "text": ""}
        elif tag == "a" and "ustaz-node" in classes:
            self.nodes.append(attributes["href"])

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.figures.append(self._open)
            self._open = None


def _parse(page) -> Figures:
    parser = Figures()
    parser.feed(page.get_data(as_text=True))
    return parser


def _total(page) -> int:
    found = TOTAL.findall(page.get_data(as_text=True))
    assert len(found) == 1, page.get_data(as_text=True)[:2000]
    return int(found[0])


def _check_figures(b, url: str, checked: dict[str, int]) -> Figures:
    """Open ``url``; every number on it equals the total of the list behind it."""
    page = b.get(url)
    assert page.status_code == 200, (b.username, url, page.status_code)
    parsed = _parse(page)
    for figure in parsed.figures:
        shown = int(re.sub(r"\D", "", figure["text"]))
        assert shown == int(figure["data-value"]), (url, figure)
        href = figure["href"]
        if href not in checked:
            rows = b.get(href)
            assert rows.status_code == 200, (b.username, href, rows.status_code)
            checked[href] = _total(rows)
        assert checked[href] == shown, f"{b.username} on {url}: {figure['data-measure']} shows {shown}, " \
                                       f"its list {href} holds {checked[href]}"
    return parsed


@pytest.mark.parametrize("username", REPORT_ROLES)
def test_every_number_equals_the_count_of_the_list_it_drills_into(browser, username):
    b = browser(username)
    checked: dict[str, int] = {}
    home = _check_figures(b, "/reports/", checked)
    assert home.figures, f"{username}: a dashboard without a single number"
    if username in DRILLING_ROLES:
        assert home.nodes, f"{username}: no node below to drill into"
        for node in dict.fromkeys(home.nodes):
            below = _check_figures(b, node, checked)
            assert below.figures
    _check_figures(b, "/reports/workload/", checked)
    # a figure's list never shows rows of a node the role does not reach: the lists were all 200 above
    assert len(checked) > 5


def test_a_scope_widened_by_grants_is_counted_live_and_still_drills_exactly(browser, ctx):
    """district2 granted district's school and one of district's teachers: no longer a pure subtree, the
    dashboard counts the scope live; every number still equals its list."""
    from models.grant import AccessGrant
    from tests.helpers import home, persons_under, user

    granted = persons_under(home("district"))[-1]
    db.session.add(AccessGrant(user_id=user("district2").id, object_type="tenant", object_id=home("director").id))
    db.session.add(AccessGrant(user_id=user("district2").id, object_type="person", object_id=granted.id))
    db.session.commit()
    b = browser("district2")
    board = _check_figures(b, "/reports/", {})
    teachers = next(f for f in board.figures if f["data-measure"] == "teachers")
    own = len(persons_under(home("district2")))
    school = len(persons_under(home("director")))
    extra = 0 if granted.tenant_id == home("director").id else 1
    assert int(teachers["data-value"]) == own + school + extra


def test_closed_period_dashboard_drills_too(browser, ctx):
    from models.directories import AttestationPeriod

    closed = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "closed")).scalars().first()
    b = browser("district")
    page = b.get(f"/reports/?period={closed.id}")
    assert page.status_code == 200
    assert "aria-current=\"page\"" in page.get_data(as_text=True)
    _check_figures(b, f"/reports/?period={closed.id}", {})


def test_the_dashboard_shows_chain_periods_freshness_sections_and_charts(browser):
    b = browser("district")
    text = b.get("/lang/en") and b.get("/reports/").get_data(as_text=True)
    for expected in ("Figures as of", "Key figures", "Applications by state", "Commission workload",
                     'class="ustaz-chart"', "<title", "nav-pills", 'aria-current="page"', "(closed: figures frozen)"):
        assert expected.lower() in text.lower(), expected
    assert "<script>" not in re.sub(r"<script src=[^>]*></script>|<script[^>]*nonce=[^>]*>", "", text)


def test_drill_lists_show_words_and_masked_iins_not_codes(browser, ctx):
    from tests.helpers import home, persons_under

    b = browser("district")
    b.get("/lang/en")
    person = persons_under(home("district"))[0]
    text = html.unescape(b.get("/reports/rows/teachers/").get_data(as_text=True))
    assert person.iin not in text and "********" in text
    applications = html.unescape(b.get("/reports/rows/applications_by_state/?key=under_review").get_data(as_text=True))
    assert "Under review" in applications and "under_review</td>" not in applications
    overdue = b.get("/reports/rows/overdue/").get_data(as_text=True)
    assert _total(b.get("/reports/rows/overdue/")) == 0 or 'class="danger"' in overdue


def test_the_rows_list_pages_by_50_with_the_exact_total(browser, ctx):
    b = browser("national")
    first = b.get("/reports/rows/teachers/")
    total = _total(first)
    assert total > 50
    assert first.get_data(as_text=True).count("/personview/show/") == 50
    pages = -(-total // 50)
    last = b.get(f"/reports/rows/teachers/?page={pages}")
    assert last.get_data(as_text=True).count("/personview/show/") == total - 50 * (pages - 1)
    assert _total(last) == total
    past = b.get(f"/reports/rows/teachers/?page={pages + 1}")
    assert past.status_code == 200 and _total(past) == total


# --- who may open what -----------------------------------------------------------------------------

def test_another_district_gets_404_for_this_districts_node(browser, ctx):
    from tests.helpers import home

    node = home("district").id
    b = browser("district2")
    for url in (f"/reports/?node={node}", f"/reports/rows/teachers/?node={node}",
                f"/reports/rows/attestees/?node={node}", f"/reports/workload/?node={node}"):
        assert b.get(url).status_code == 404, url
    # district's own figures, followed by district2, never list district's rows
    district = browser("district")
    for figure in _parse(district.get(f"/reports/?node={node}")).figures:
        assert b.get(figure["href"]).status_code == 404


@pytest.mark.parametrize("username", NO_REPORT_ROLES)
def test_roles_without_reports_are_refused(browser, username):
    b = browser(username)
    for url in ("/reports/", "/reports/rows/teachers/", "/reports/workload/"):
        response = b.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert "ustaz-figure" not in response.get_data(as_text=True)


def test_numbers_of_rows_a_role_may_not_list_are_neither_shown_nor_listed(browser):
    # the responsible person (OrgDataEntry) does not read user accounts
    b = browser("entry")
    measures = {f["data-measure"] for f in _parse(b.get("/reports/")).figures}
    assert "users" not in measures and "teachers" in measures
    assert b.get("/reports/rows/users/").status_code == 403


def test_the_home_page_links_the_dashboards_for_those_who_may_open_them(browser):
    assert "/reports/" in browser("district").get("/").get_data(as_text=True)
    assert "/reports/" not in browser("observer").get("/").get_data(as_text=True)


# --- hostile parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [
    ("/reports/?node=abc", 400), ("/reports/?node=-1", 400), ("/reports/?node=0", 400),
    (f"/reports/?node={HUGE}", 400), ("/reports/?node=2147483647", 404), ("/reports/?period=x", 400),
    ("/reports/?period=2147483647", 404), (f"/reports/?period={HUGE}", 400), ("/reports/?node=1%00", 400),
    ("/reports/rows/nothing/", 404), ("/reports/rows/decision_days/", 404), ("/reports/rows/%27%22/", 404),
    ("/reports/rows/teachers/?node=abc", 400), (f"/reports/rows/teachers/?node={HUGE}", 400),
    ("/reports/rows/teachers/?node=2147483647", 404), ("/reports/rows/teachers/?period=x", 400),
    ("/reports/rows/teachers/?page=0", 400), ("/reports/rows/teachers/?page=abc", 400),
    (f"/reports/rows/teachers/?page={HUGE}", 400), ("/reports/rows/teachers/?key=%00", 400),
    ("/reports/rows/teachers/?key=" + "x" * 81, 400), ("/reports/rows/teachers/?commission=1", 404),
    ("/reports/rows/attestees/?commission=abc", 400), ("/reports/rows/categories/?key=99999999999999999", 200),
    ("/reports/rows/applications_by_state/?key=%27%20OR%201%3D1%20--", 200),
    ("/reports/rows/review_due/?key=%22%3E%3Cscript%3E", 200), ("/reports/rows/ozp_bands/?key=-5", 200),
    ("/reports/workload/?node=abc", 400), ("/reports/workload/?period=-3", 400),
    ("/reports/workload/?page=0", 400), ("/reports/workload/?node=2147483647", 404),
])
def test_hostile_parameters_are_refused_never_a_server_error(browser, url, status):
    response = browser("national").get(url)
    text = response.get_data(as_text=True)
    assert response.status_code == status, (url, response.status_code, text[:500])
    assert "Traceback" not in text and "sqlalchemy" not in text.lower()
    if status == 200:
        assert _total(response) == 0
        assert "<script>" not in text.split("</nav>")[-1] or "&lt;script&gt;" in text


# --- cost and freshness ------------------------------------------------------------------------------

def test_the_republic_dashboard_keeps_its_statement_budget_whatever_the_children(browser, ctx):
    from tenants.models import Tenant
    from tests.helpers import home, statements_for

    b = browser("national")
    b.get("/reports/")  # the summaries are computed once
    before = statements_for(b, "/reports/")
    assert before <= 15, before
    # more regions: the same number of statements
    root = home("national")
    for number in range(12):
        db.session.add(Tenant(level="region", parent_id=root.id, code=f"9900000{number:02d}",
                              name_kk=f"Жаңа облыс {number}", name_ru=f"Новая область {number}"))
    db.session.commit()
    b.get("/reports/")
    after = statements_for(b, "/reports/")
    assert after == before, (before, after)
    # and a region's and a district's page likewise
    for username in ("region", "district"):
        other = browser(username)
        other.get("/reports/")
        assert statements_for(other, "/reports/") <= 15, username


def test_the_rows_list_reads_no_relation_row_by_row(browser, ctx):
    from tests.helpers import statements_for

    b = browser("national")
    for measure in ("teachers", "attestees", "users", "organizations", "commissions", "voting_members"):
        few = statements_for(b, f"/reports/rows/{measure}/?page=1")
        assert few <= 14, (measure, few)


def test_a_write_shows_on_the_next_dashboard(browser, ctx):
    from models.person import Person
    from tests.helpers import home, persons_under

    b = browser("district")

    def teachers() -> tuple[int, int]:
        figure = next(f for f in _parse(b.get("/reports/")).figures if f["data-measure"] == "teachers"
                      and "key" not in f["href"])
        return int(figure["data-value"]), _total(b.get(figure["href"]))

    shown, listed = teachers()
    assert shown == listed
    teacher = persons_under(home("district"))[0]
    db.session.add(Person(iin="900101300017", last_name="Жаңа", first_name="Мұғалім", tenant_id=teacher.tenant_id))
    db.session.commit()
    assert teachers() == (shown + 1, listed + 1)
