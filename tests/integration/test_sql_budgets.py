"""SQL statements per staff page (issue 13, item 3): every list ≤ 12, every show page ≤ 12.

Every registered ModelView with a list route is opened as each demo role that may read it: its list
with 5 and with 25 rows a page, and the show page of the first row it lists. A relation read row by
row (a lazy load per row) makes the longer page cost more: that fails here even while the total is
still under budget. The attestation documents' pages (custom views) are held to the same budgets.

How the budget is kept: views/loading.py (a page's rows come with the relations it shows), the
access log written after the page is rendered (app/portfolio/access_log.py), permissions cached
across requests (app/security/manager.py).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from tests.integration.test_documents import _issued, test_ca  # noqa: F401 - the fixture, for issued documents

LIST_BUDGET = 12
SHOW_BUDGET = 12
ROLES = ("national", "region", "district", "director", "commission", "observer", "auditor")

#: Temporary allowances over the budget, by page ("/route/list/" or "/route/show/"), for costs other
#: work removes (whole-table search dropdowns, the per-request base cost). Empty: none left.
TEMPORARY_ALLOWANCES: dict[str, int] = {}


def _views(app) -> list:
    from flask_appbuilder.baseviews import BaseCRUDView

    return [view for view in app.appbuilder.baseviews
            if isinstance(view, BaseCRUDView) and any(rule.endpoint == f"{view.endpoint}.list"
                                                      for rule in app.url_map.iter_rules())]


def _budget(url: str, base: int) -> int:
    page = re.sub(r"/show/.*", "/show/", url)
    return base + TEMPORARY_ALLOWANCES.get(page, 0)


@pytest.mark.parametrize("username", ROLES)
def test_every_list_and_show_page_keeps_its_statement_budget(app, browser, ctx, username):
    from tests.helpers import statements_for

    b = browser(username)
    over, growing, measured = [], [], 0
    for view in _views(app):
        name, url = view.__class__.__name__, f"{view.route_base}/list/"
        page = b.get(url)
        if page.status_code != 200:
            continue  # this role does not read it (403) or is sent elsewhere
        few = statements_for(b, f"{url}?psize_{name}=5")
        many = statements_for(b, f"{url}?psize_{name}=25")
        measured += 1
        if many > _budget(url, LIST_BUDGET):
            over.append(f"{url}: {many} statements")
        if many > few:
            growing.append(f"{url}: {few} statements with 5 rows, {many} with 25")
        shown = re.search(re.escape(view.route_base) + r"/show/\d+", page.get_data(as_text=True))
        if shown:
            count = statements_for(b, shown.group(0))
            if count > _budget(shown.group(0), SHOW_BUDGET):
                over.append(f"{shown.group(0)}: {count} statements")
    assert measured, f"{username} reads no list at all"
    assert not growing, f"{username}: a list loads something per row:\n" + "\n".join(growing)
    assert not over, f"{username}: over the budget of {LIST_BUDGET} (list) / {SHOW_BUDGET} (show):\n" + "\n".join(over)


def test_the_rows_of_a_list_are_not_read_one_by_one_where_it_matters(app, browser, ctx):
    """The lists that read a relation per row before views/loading.py: each has more than 5 rows here,
    so the 5-versus-25 comparison above really compares."""
    from tests.helpers import statements_for

    b = browser("national")
    for view_name, route in (("ContestView", "/contestview"), ("ScopedUserView", "/users"),
                             ("OrganizationTypeView", "/organizationtypeview"),
                             ("CategoryRecordView", "/categoryrecordview"), ("EmploymentView", "/employmentview")):
        html = b.get(f"{route}/list/?psize_{view_name}=25").get_data(as_text=True)
        assert len(set(re.findall(re.escape(route) + r"/show/(\d+)", html))) > 5, route
        assert statements_for(b, f"{route}/list/?psize_{view_name}=25") == \
            statements_for(b, f"{route}/list/?psize_{view_name}=5"), route


def test_an_export_reads_the_relations_of_its_rows_at_once(app, browser, ctx):
    """CSV/XLSX exports go up to 50,000 rows: a relation read per row would be 50,000 statements."""
    from flask import request
    from sqlalchemy import event

    b = browser("national")
    counted: list[str] = []

    def count(*_args, **_kwargs):
        if request.path.startswith("/contestview/export/"):
            counted.append("")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert b.get("/contestview/export/csv/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(counted) <= LIST_BUDGET, f"{len(counted)} statements for the contests' export"


def test_observation_sheet_and_template_pages_do_not_grow_with_the_rubric(app, browser, ctx):
    """A sheet shows every criterion with its rubric level: one statement for all levels, not one
    per criterion (was 24 statements for a 12-criterion sheet)."""
    from models.observation import ObservationSheet, ObservationTemplate
    from tests.helpers import statements_for

    sheet = db.session.execute(select(ObservationSheet).order_by(ObservationSheet.id)).scalars().first()
    template = db.session.execute(select(ObservationTemplate).order_by(ObservationTemplate.id)).scalars().first()
    assert len(sheet.template.criteria) > 5
    b = browser("national")
    assert statements_for(b, f"/observationsheetview/show/{sheet.id}") <= SHOW_BUDGET
    assert statements_for(b, f"/observationtemplateview/show/{template.id}") <= SHOW_BUDGET


def test_attestation_document_pages_keep_their_budgets(app, browser, ctx, test_ca):  # noqa: F811
    from models.attestation import Application
    from models.commission import Commission
    from tests.helpers import statements_for

    protocol, order, certificates = _issued(browser, "10")
    district, member = browser("district"), browser("commission")
    application = db.session.execute(select(Application).where(Application.commission_id.is_not(None))
                                     .order_by(Application.id)).scalars().first()
    commission = db.session.execute(select(Commission).where(Commission.level == "district")).scalars().first()
    for who, url, budget in (
        (district, f"/protocols/show/{protocol.id}", SHOW_BUDGET),
        (member, f"/protocols/show/{protocol.id}", SHOW_BUDGET),
        (district, f"/orders/show/{order.id}", SHOW_BUDGET),
        (district, f"/certificates/show/{certificates[0].id}", SHOW_BUDGET),
        (district, "/certificates/list/", LIST_BUDGET),
        (district, "/protocols/list/", LIST_BUDGET),
        (district, f"/commissions/show/{commission.id}", SHOW_BUDGET),
        (district, f"/applications/show/{application.id}", SHOW_BUDGET),
        (member, f"/applications/show/{application.id}", SHOW_BUDGET),
    ):
        count = statements_for(who, url)
        assert count <= budget, f"{who.username} {url}: {count} statements (budget {budget})"
