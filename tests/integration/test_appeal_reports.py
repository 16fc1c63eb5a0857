"""Appeals monitoring on the dashboards (issue 16, point 3): appeals by type × state and by node, the
overdue ones first, the answers given — every number equal to the list it opens, for every reader who
may list appeals; another district's appeals never counted; overdue counted from today; the
summaries equal the live counts; the XLSX holds the same numbers; hostile keys are 4xx."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from app.appeals import operations as ops
from app.attestation import states as app_states
from app.extensions import db
from models.appeal import Appeal
from models.attestation import Application
from tests.helpers import home, persons_under
from tests.integration.test_appeals import file, staff
from tests.integration.test_dashboards import _check_figures, _parse, _total

APPEAL_MEASURES = ("appeals", "appeals_by_type", "appeals_by_stage", "appeals_due", "appeals_overdue", "appeal_answers")
#: readers of appeals with Report read, and whether they open the dashboards one level below
READERS = {"district": True, "district2": False, "region": True, "national": True, "auditor": True, "director": False}
SHOW = re.compile(r'href="/appeals/show/(\d+)"')


def _today() -> dt.date:
    from app.web.display import local_today

    return local_today()


def _application_of(node, *wanted: str) -> Application | None:
    people = [p.id for p in persons_under(node)]
    return db.session.execute(select(Application).where(Application.person_id.in_(people),
                                                        Application.state.in_(wanted))
                              .order_by(Application.id)).scalars().first()


def _due(appeal: Appeal, days: int) -> None:
    appeal.due_on = _today() + dt.timedelta(days=days)
    db.session.commit()


@pytest.fixture
def appeals(ctx) -> dict[str, list[int]]:
    """Appeals of every stage in district (two overdue, one due today, one answered late) and two in district2."""
    district, district2 = persons_under(home("district")), persons_under(home("district2"))
    made: dict[str, list[int]] = {"district": [], "district2": [], "overdue": []}

    filed = file("other", person=district[0])
    _due(filed, 0)  # due today: not overdue yet
    in_review = file("other", person=district[1])
    ops.review(staff("district"), in_review)
    upheld = file("other", person=district[2])
    ops.answer(staff("district"), upheld, True, "Қанағаттандырылды.")
    rejected = file("other", person=district[3])
    ops.answer(staff("district"), rejected, False, "Негізсіз.")
    closed = file("other", person=district[4])
    ops.answer(staff("district"), closed, False, "Негізсіз.")
    ops.close(staff("district"), closed)
    db.session.commit()
    _due(rejected, -20)  # answered late: answered, so not overdue
    late_upload = file("upload_access", person=district[5], sections=["speech"])
    _due(late_upload, -3)
    application = _application_of(home("district"), app_states.ACCEPTED, app_states.SUBMITTED)
    assert application is not None, "the demo has an accepted application in the district"
    late_withdrawal = file("withdraw_application", application)
    _due(late_withdrawal, -9)  # the oldest overdue
    ozp = file("ozp_results", person=district[6])
    made["district"] += [a.id for a in (filed, in_review, upheld, rejected, closed, late_upload, late_withdrawal, ozp)]
    made["overdue"] = [late_withdrawal.id, late_upload.id]

    other = file("other", person=district2[0])
    _due(other, -1)
    reopening = file("upload_access", person=district2[1], sections=["publication"])
    ops.review(staff("district2"), reopening)
    db.session.commit()
    made["district2"] += [other.id, reopening.id]
    return made


def _appeal_figures(parsed) -> list[dict]:
    return [f for f in parsed.figures if f["data-measure"] in APPEAL_MEASURES]


def _figure(parsed, measure: str, key: str | None = None) -> int:
    found = [f for f in parsed.figures if f["data-measure"] == measure and f.get("data-key") == key
             and not f.get("data-node")]
    assert found, (measure, key)
    return int(found[0]["data-value"])


@pytest.mark.parametrize("username", READERS)
def test_every_appeal_figure_equals_the_list_it_opens(browser, appeals, username):
    b = browser(username)
    checked: dict[str, int] = {}
    board = _check_figures(b, "/reports/", checked)
    shown = _appeal_figures(board)
    assert shown, f"{username}: no appeals figure"
    if READERS[username]:
        for node in dict.fromkeys(board.nodes):
            assert _appeal_figures(_check_figures(b, node, checked))
    expected = {"district": 8, "district2": 2, "region": 10, "national": 10, "auditor": 10}
    mine = len([p for p in persons_under(home("director")) if p.id in {
        a.person_id for a in db.session.execute(select(Appeal)).scalars()}])
    expected["director"] = mine
    assert _figure(board, "appeals_by_type") == expected[username]


def test_another_district_sees_none_of_the_districts_appeals(browser, appeals):
    b = browser("district2")
    board = _parse(b.get("/reports/"))
    assert _figure(board, "appeals_by_type") == 2 and _figure(board, "appeals_overdue") == 1
    listed = set()
    for figure in _appeal_figures(board):
        listed |= {int(i) for i in SHOW.findall(b.get(figure["href"]).get_data(as_text=True))}
    assert listed == set(appeals["district2"])
    node = home("district").id
    for url in (f"/reports/rows/appeals/?node={node}", f"/reports/rows/appeals_overdue/?node={node}",
                f"/reports/?node={node}"):
        assert b.get(url).status_code == 404, url
    for figure in _appeal_figures(_parse(browser("district").get(f"/reports/?node={node}"))):
        assert b.get(figure["href"]).status_code == 404


def test_the_table_has_the_seed_shape_in_the_readers_language(browser, appeals):
    from app.appeals.labels import TYPE_LABELS
    from app.i18n import force_locale

    b = browser("district")
    for locale in ("kk", "ru"):
        b.get(f"/lang/{locale}")
        page = b.get("/reports/").get_data(as_text=True)
        section = page.split('id="section-appeals"')[1].split('class="panel panel-default')[0]
        with force_locale(locale):
            labels = [str(label) for label in TYPE_LABELS.values()]
        rows = re.findall(r'<tr><th scope="row">(.*?)</th>', section.split("<tfoot>")[0])
        assert rows == labels, rows
        assert section.count('data-measure="appeals"') == 7 * 5
        assert "withdraw_application" not in re.sub(r'(href|data-key)="[^"]*"', "", section)
    board = _parse(b.get("/reports/"))
    assert _figure(board, "appeals", "other|filed") == 1
    assert _figure(board, "appeals", "other|in_review") == 1
    assert _figure(board, "appeals", "other|upheld") == 1
    assert _figure(board, "appeals", "other|rejected") == 1
    assert _figure(board, "appeals", "other|closed") == 1
    assert _figure(board, "appeals_by_type", "other") == 5
    assert _figure(board, "appeals_by_stage", "filed") == 4
    assert _figure(board, "appeal_answers", "rejected") == 2 and _figure(board, "appeal_answers", "upheld") == 1
    # the children's table: region → its districts, each linked to its own dashboard
    region = _parse(browser("region").get("/reports/"))
    by_node = [f for f in region.figures if f["data-measure"] == "appeals_by_type" and f.get("data-node")]
    assert sorted(int(f["data-value"]) for f in by_node if int(f["data-value"])) == [2, 8]


def test_overdue_is_counted_from_today_and_listed_oldest_first(browser, appeals):
    b = browser("district")
    board = _parse(b.get("/reports/"))
    assert _figure(board, "appeals_overdue") == 2  # not the one due today, not the one answered late
    assert _figure(board, "appeals_overdue", "withdraw_application") == 1
    assert _figure(board, "appeals_overdue", "other") == 0
    listed = b.get("/reports/rows/appeals_overdue/").get_data(as_text=True)
    assert [int(i) for i in SHOW.findall(listed)] == appeals["overdue"]  # the oldest due first
    assert listed.count('class="danger"') == 2
    # everything: the overdue lead the list of all appeals too
    every = [int(i) for i in SHOW.findall(b.get("/reports/rows/appeals_by_type/").get_data(as_text=True))]
    assert every[:2] == appeals["overdue"] and len(every) == 8
    # tomorrow the one due today is overdue; answered, it is no longer
    appeal = db.session.get(Appeal, appeals["district"][0])
    _due(appeal, -1)
    assert _figure(_parse(b.get("/reports/")), "appeals_overdue") == 3
    ops.answer(staff("district"), db.session.get(Appeal, appeals["overdue"][0]), False, "Негізсіз.")
    db.session.commit()
    after = _parse(b.get("/reports/"))
    assert _figure(after, "appeals_overdue") == 2 and _figure(after, "appeals_overdue", "withdraw_application") == 0
    assert _total(b.get("/reports/rows/appeals_overdue/")) == 2


def test_overdue_appeals_need_no_attestation_period(ctx, appeals):
    """Appeals belong to no period: with none chosen, overdue is counted from the country's today."""
    from reports import stats
    from reports.measures import MEASURES
    from tenants.scope import scope_for_user
    from tests.helpers import user

    board = stats.build(db.session, scope_for_user(user("district")))
    figures = stats.Figures(dict(board.figures.values))
    stats._derive(figures, None)
    assert figures.count("appeals_overdue") == board.figures.count("appeals_overdue") == 2
    _found, rows = stats.drill_rows(scope_for_user(user("district")), "appeals_overdue", None, None, None)
    assert len(db.session.execute(rows).scalars().all()) == 2
    assert not MEASURES["appeals_overdue"].period_bound and not MEASURES["appeals"].period_bound


def test_summary_equals_live_and_catches_up_with_appeal_writes(ctx, appeals):
    from models.report import ReportCount
    from reports import summary
    from tests.integration.test_report_summaries import _dashboard, _live

    for username in ("national", "region", "district", "district2", "director", "auditor"):
        board = _dashboard(username)
        assert board.figures.values == _live(username, board), username
        assert board.figures.count("appeals_by_type") > 0 or username == "director"
    district = _dashboard("district")
    for child, figures in district.children:
        assert figures.values == _live("district", _dashboard("district", child.id)), child.name_kk
    # a write marks the teacher's organization; the next dashboard counts it
    ops.close(staff("district"), db.session.get(Appeal, appeals["district"][2]))
    db.session.commit()
    board = _dashboard("district")
    assert board.figures.count("appeals_by_stage", "closed") == 2 == _live("district", board)["appeals_by_stage"]["closed"]
    # an incremental refresh ends where a full one does
    file("other", person=persons_under(home("district2"))[3])
    summary.refresh_dirty(db.session)
    rows = select(ReportCount.kind, ReportCount.node_id, ReportCount.period_id, ReportCount.measure, ReportCount.key,
                  ReportCount.value)
    incremental = sorted(db.session.execute(rows).all())
    summary.refresh(db.session, full=True)
    db.session.commit()
    assert incremental == sorted(db.session.execute(rows).all())


def test_dashboard_xlsx_holds_the_appeals_table(browser, appeals):
    from openpyxl import load_workbook

    from app.appeals.labels import TYPE_LABELS
    from app.i18n import force_locale
    from reports import stats
    from tenants.scope import scope_for_user
    from tests.helpers import user
    from tests.integration.test_report_exports import _export, _kk, _pdf_text, _sheet_name

    b = browser("district")
    _job, data, _disposition = _export(b, "district", "/reports/export/", {"format": "xlsx"})
    book = load_workbook(io.BytesIO(data), data_only=True)
    table = list(book[_sheet_name(_kk("Appeals by type and state"))].iter_rows(values_only=True))
    figures = stats.build(db.session, scope_for_user(user("district"))).figures
    with force_locale("kk"):
        labels = [str(label) for label in TYPE_LABELS.values()]
    assert [row[0] for row in table[1:-1]] == labels
    stages = ("filed", "in_review", "upheld", "rejected", "closed")
    for (code, _label), row in zip(TYPE_LABELS.items(), table[1:-1], strict=True):
        assert list(row[1:]) == [figures.count("appeals_overdue", code),
                                 *(figures.count("appeals", f"{code}|{s}") for s in stages),
                                 figures.count("appeals_by_type", code)], code
    assert list(table[-1][1:]) == [2, 4, 1, 1, 1, 1, 8]
    assert all(isinstance(v, int) for v in table[-1][1:])
    nodes = list(book[_sheet_name(_kk("Appeals by subordinate node"))].iter_rows(values_only=True))
    assert nodes[-1][1:] == table[-1][1:] and sum(r[-1] for r in nodes[1:-1]) == 8
    answers = list(book[_sheet_name(_kk("Answers to appeals"))].iter_rows(values_only=True))
    assert [r[1] for r in answers[1:]] == [1, 2, 3]
    # the PDF renders the same sections (the one renderer)
    _job, pdf, _disposition = _export(b, "district", "/reports/export/", {"format": "pdf"})
    text = _pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and _kk("Appeals by type and state") in text
    assert labels[-1] in text and labels[0] in text


def test_rows_export_of_the_overdue_appeals_streams_the_drill_lists_rows(browser, appeals, monkeypatch):
    from openpyxl import load_workbook

    from reports import exports
    from tests.integration.test_report_exports import _drill_count, _export

    monkeypatch.setattr(exports, "CHUNK", 1)
    for measure, key, expected in (("appeals_overdue", None, 2), ("appeals_by_type", None, 8),
                                   ("appeals", "other|closed", 1)):
        assert _drill_count("district", measure, key) == expected
        job, data, _d = _export(browser("district"), "district", f"/reports/rows/{measure}/export",
                                {} if key is None else {"key": key})
        rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))
        assert len(rows) - 1 == expected == job.result["export_rows"]
        assert {r[0] for r in rows[1:]} <= set(appeals["district"])


def test_readers_who_may_not_list_appeals_see_no_appeals_figure(browser, appeals):
    from tests.integration.test_report_exports import _jobs

    entry = browser("entry")  # the responsible person: reports, but no appeals
    assert not _appeal_figures(_parse(entry.get("/reports/")))
    assert 'id="section-appeals"' not in entry.get("/reports/").get_data(as_text=True)
    assert entry.get("/reports/rows/appeals_overdue/").status_code == 403
    before = _jobs()
    assert entry.post("/reports/rows/appeals/export", {}).status_code == 403
    assert _jobs() == before
    kpi = entry.get("/api/v1/dashboard/kpi").get_json()
    assert "appeals" not in kpi


@pytest.mark.parametrize("url, status", [
    ("/reports/rows/appeals/?key=nonsense", 404), ("/reports/rows/appeals/?key=other%7Cbogus", 404),
    ("/reports/rows/appeals/?key=%27%20OR%201%3D1%20--", 404), ("/reports/rows/appeals_by_type/?key=", 404),
    ("/reports/rows/appeals_by_stage/?key=%3Cscript%3E", 404), ("/reports/rows/appeals_due/?key=other%7C2025-13-45", 404),
    ("/reports/rows/appeals_due/?key=other%7C2025-W01-1", 404), ("/reports/rows/appeal_answers/?key=maybe", 404),
    ("/reports/rows/appeals_overdue/?key=%00", 400), ("/reports/rows/appeals/?key=" + "x" * 81, 400),
    ("/reports/rows/appeals_overdue/?node=abc", 400), ("/reports/rows/appeals_overdue/?commission=1", 200),
    ("/reports/rows/appeals_overdue/?page=0", 400), ("/reports/rows/appeals/?key=other%7Cclosed", 200),
    ("/reports/rows/appeals_due/?key=other%7C2025-07-01", 200), ("/reports/rows/appeals_overdue/?key=ozp_results", 200),
])
def test_hostile_keys_are_4xx_never_a_server_error(browser, ctx, url, status):
    response = browser("national").get(url)
    text = response.get_data(as_text=True)
    assert response.status_code == status, (url, response.status_code, text[:500])
    assert "Traceback" not in text and "sqlalchemy" not in text.lower()
    if status == 200:
        assert _total(response) == 0


@pytest.mark.parametrize("form", [{"key": "nonsense"}, {"key": "other|2025-02-30"}, {"key": "x" * 500},
                                  {"key": "oth\x01er"}])
def test_hostile_export_keys_start_nothing(browser, ctx, form):
    from tests.integration.test_report_exports import _jobs

    before = _jobs()
    response = browser("district").post("/reports/rows/appeals_due/export", form)
    assert 400 <= response.status_code < 500, (form, response.status_code)
    assert _jobs() == before


def test_the_appeals_figures_keep_the_statement_budget(browser, appeals):
    from tests.helpers import statements_for

    for username in ("national", "region", "district"):
        b = browser(username)
        b.get("/reports/")
        assert statements_for(b, "/reports/") <= 15, username
    b = browser("national")
    for url in ("/reports/rows/appeals_by_type/", "/reports/rows/appeals_overdue/"):
        assert statements_for(b, url) <= 14, url
    assert db.session.execute(select(func.count()).select_from(Appeal)).scalar_one() == 10
