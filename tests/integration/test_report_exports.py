"""Exports of the dashboards (XLSX, PDF) and of the rows behind a number (XLSX), as jobs.

The files hold the dashboard's own numbers (compared with GET /api/v1/dashboard/kpi, the same
user's figures), the PDF renders Kazakh letters, a rows export holds exactly the drill-down list's
rows (read in chunks), and nobody reaches another user's export or a node outside their scope.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models.job import JobRecord

EXPORTS = "/reports/exports/"
KAZAKH_LETTERS = "әғқңөұүі"


def _last_export(username: str) -> JobRecord:
    from tests.helpers import user

    db.session.expire_all()
    return db.session.execute(select(JobRecord).where(JobRecord.user_id == user(username).id,
                                                      JobRecord.func.like("reports.exports.%"))
                              .order_by(JobRecord.id.desc())).scalars().first()


def _jobs() -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count(JobRecord.id))).scalar_one()


def _export(b, username: str, url: str, form: dict) -> tuple[JobRecord, bytes, str]:
    """Start an export (in-process jobs run at once), then download it from the list's link."""
    response = b.post(url, form)
    assert response.status_code == 302, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.headers["Location"].endswith(EXPORTS)
    job = _last_export(username)
    assert job is not None and job.state == "finished", (job.state, job.error) if job else None
    page = b.get(EXPORTS).get_data(as_text=True)
    link = f"/reports/exports/{job.id}/download"
    assert link in page
    download = b.get(link)
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and (job.result["export_file"] in disposition)
    return job, download.data, disposition


def _sheet_name(title: str) -> str:
    from reports.exports import _sheet_title

    return _sheet_title(title, set())


def _kk(text: str) -> str:
    from app.i18n import _, force_locale

    with force_locale("kk"):
        return _(text)


@pytest.mark.parametrize("username", ["national", "region", "district"])
def test_dashboard_xlsx_holds_the_dashboards_numbers(browser, ctx, username):
    from openpyxl import load_workbook

    from app.attestation.labels import outcome_label, state_label
    from app.i18n import force_locale
    from reports.sections import OUTCOMES

    b = browser(username)
    kpi = b.get("/api/v1/dashboard/kpi").get_json()
    job, data, disposition = _export(b, username, "/reports/export/", {"format": "xlsx"})
    assert ".xlsx" in disposition
    book = load_workbook(io.BytesIO(data), data_only=True)
    # the KPI panel: the first sheet, one row per figure in the panel's order, numbers as numbers
    kpi_rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [row[1] for row in kpi_rows[1:]] == [kpi[k] for k in ("organizations", "teachers", "users", "commissions",
                                                                  "attestees", "materials")]
    assert all(isinstance(row[1], int) for row in kpi_rows[1:])
    # the funnel: a row per state with applications, its total the number of applications of the period
    funnel = list(book[_sheet_name(_kk("Applications by state"))].iter_rows(values_only=True))
    by_label = {row[0]: row[1] for row in funnel[1:]}
    with force_locale("kk"):
        for code, count in kpi["applications_by_state"].items():
            assert by_label[state_label(code)] == count, code
        outcome_labels = [outcome_label(o) for o in OUTCOMES]
    assert funnel[-1][1] == sum(kpi["applications_by_state"].values()) > 0
    assert book[_sheet_name(_kk("Applications by state"))].cell(len(funnel), 1).font.bold
    # the outcomes: the totals row counts each outcome of the period
    outcomes = list(book[_sheet_name(_kk("Outcomes by requested category and mode"))].iter_rows(values_only=True))
    assert list(outcomes[0][2:]) == outcome_labels
    assert list(outcomes[-1][2:]) == [kpi["outcomes"].get(o, 0) for o in OUTCOMES]
    # a node's subordinate nodes: their totals row is the node's own figures
    breakdown = list(book[_sheet_name(_kk("By subordinate node"))].iter_rows(values_only=True))
    total = breakdown[-1]
    assert (total[2], total[3], total[4]) == (kpi["organizations"], kpi["teachers"], kpi["attestees"])
    assert sum(row[3] for row in breakdown[1:-1]) <= kpi["teachers"]


def test_dashboard_pdf_renders_kazakh_letters(browser, ctx):
    from tests.helpers import home

    node = home("district")
    node.name_kk = f"Әуезов ауданы ({' '.join(KAZAKH_LETTERS)})"
    db.session.commit()
    b = browser("district")
    job, data, disposition = _export(b, "district", "/reports/export/", {"format": "pdf"})
    assert data.startswith(b"%PDF") and ".pdf" in disposition
    text = _pdf_text(data)
    for letter in KAZAKH_LETTERS:
        assert letter in text, letter
    assert "Әуезов ауданы" in text
    assert "■" not in text
    # the figures are there too: the teachers of the district
    kpi = b.get("/api/v1/dashboard/kpi").get_json()
    assert re.search(rf"\b{kpi['teachers']}\b", text)


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True,
                              timeout=60).stdout.decode("utf-8")
    from pypdf import PdfReader  # xhtml2pdf's own dependency: where poppler-utils is not installed

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _drill_count(username: str, measure: str, key: str | None = None) -> int:
    from reports import exports
    from tenants.scope import scope_for_user, use_scope
    from tests.helpers import user

    with use_scope(scope_for_user(user(username))):
        _found, statement, _node = exports.rows_statement(measure, None, None, key, None)
        return db.session.execute(statement.with_only_columns(func.count(), maintain_column_froms=True)
                                  .order_by(None)).scalar_one()


@pytest.mark.parametrize(("username", "measure", "key"), [
    ("district", "teachers", None),
    ("district", "attestees", None),
    ("district", "applications_by_state", "decided"),
    ("region", "organizations", None),
    ("national", "teachers", None),
    ("director", "categories", ""),
])
def test_rows_export_has_exactly_the_drill_lists_rows(browser, ctx, monkeypatch, username, measure, key):
    from openpyxl import load_workbook

    from reports import exports

    # small chunks: the export reads many statements' worth of rows, each after the last id
    monkeypatch.setattr(exports, "CHUNK", 7)
    expected = _drill_count(username, measure, key)
    form = {} if key is None else {"key": key}
    job, data, _disposition = _export(browser(username), username, f"/reports/rows/{measure}/export", form)
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) - 1 == expected == job.result["export_rows"]
    assert len({tuple(r) for r in rows[1:]}) >= 1 or expected == 0
    if measure in ("teachers", "categories") and expected:
        # people: name, masked ИИН, organization, category — never a whole ИИН
        assert all(re.fullmatch(r"\*+\d{4}", r[1] or "****0000") for r in rows[1:])


def test_rows_export_of_more_rows_than_a_chunk_keeps_every_row_once(browser, ctx, monkeypatch):
    from openpyxl import load_workbook

    from reports import exports

    monkeypatch.setattr(exports, "CHUNK", 10)
    expected = _drill_count("national", "teachers")
    assert expected > 100
    statements = []

    from sqlalchemy import event

    def seen(conn, cursor, statement, *args):
        if "FROM person" in statement and "LIMIT" in statement.upper():
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        job, data, _d = _export(browser("national"), "national", "/reports/rows/teachers/export", {})
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))[1:]
    assert len(rows) == expected
    assert len(statements) >= expected // 10  # read in chunks, never the whole table at once
    assert job.message and str(expected) in job.message


def test_another_district_cannot_download_or_export_outside_its_scope(browser, ctx):
    from tests.helpers import home

    district = browser("district")
    job, _data, _d = _export(district, "district", "/reports/export/", {"format": "xlsx"})
    rows_job, _data, _d = _export(district, "district", "/reports/rows/teachers/export", {})
    other = browser("district2")
    for found in (job, rows_job):
        assert other.get(f"/reports/exports/{found.id}/download").status_code == 404
        assert f"/reports/exports/{found.id}/download" not in other.get(EXPORTS).get_data(as_text=True)
    # the region sees the district's jobs on the job page, but an export is its starter's file
    assert browser("region").get(f"/reports/exports/{job.id}/download").status_code == 404
    before = _jobs()
    node = home("district").id
    assert other.post("/reports/export/", {"format": "xlsx", "node": node}).status_code == 404
    assert other.post("/reports/rows/teachers/export", {"node": node}).status_code == 404
    assert other.post("/reports/export/", {"format": "pdf", "node": home("director").id}).status_code == 404
    assert _jobs() == before


def test_a_missing_file_is_a_404(app, browser, ctx):
    from pathlib import Path

    district = browser("district")
    job, _data, _d = _export(district, "district", "/reports/export/", {"format": "xlsx"})
    digest = job.result["sha256"]
    path = Path(app.config["UPLOAD_DIR"]) / "exports" / digest[:2] / f"{digest}.xlsx"
    path.write_bytes(b"tampered")
    assert district.get(f"/reports/exports/{job.id}/download").status_code == 404
    path.unlink()
    assert district.get(f"/reports/exports/{job.id}/download").status_code == 404


@pytest.mark.parametrize(("url", "form", "status"), [
    ("/reports/export/", {"format": "doc"}, 422),
    ("/reports/export/", {}, 422),
    ("/reports/export/", {"format": "xlsx", "node": "abc"}, 422),
    ("/reports/export/", {"format": "xlsx", "node": "99999999999999999999"}, 422),
    ("/reports/export/", {"format": "xlsx", "node": "2147483647"}, 404),
    ("/reports/export/", {"format": "xlsx", "period": "1;drop"}, 422),
    ("/reports/export/", {"format": "xlsx", "period": "2147483647"}, 404),
    ("/reports/export/", {"format": "xlsx\x00"}, 422),
    ("/reports/rows/nothing/export", {}, 404),
    ("/reports/rows/decision_days/export", {}, 404),
    ("/reports/rows/teachers/export", {"node": "-1"}, 422),
    ("/reports/rows/teachers/export", {"commission": "5"}, 404),
    ("/reports/rows/applications_by_state/export", {"key": "x" * 500}, 422),
    ("/reports/rows/applications_by_state/export", {"key": "dec\x01ided"}, 422),
    ("/reports/rows/attestees/export", {"period": "0"}, 422),
])
def test_hostile_form_values_are_refused_with_a_4xx(browser, ctx, url, form, status):
    b = browser("district")
    before = _jobs()
    response = b.post(url, form)
    assert response.status_code == status, (url, form, response.status_code)
    assert _jobs() == before


def test_hostile_downloads_and_pages_are_4xx(browser, ctx):
    from app.jobs import enqueue
    from app.portfolio.readiness import refresh_job
    from tests.helpers import user

    b = browser("district")
    for url in ("/reports/exports/99999999999999999999/download", "/reports/exports/0/download",
                "/reports/exports/2147483647/download", "/reports/exports/?page=abc", "/reports/exports/?page=0",
                "/reports/exports/?page=99999999999"):
        response = b.get(url)
        assert 400 <= response.status_code < 500, (url, response.status_code)
    # a job of the user's that is not an export has no file to download
    other = enqueue(refresh_job, [], description="x", user=user("district"))
    assert b.get(f"/reports/exports/{other.id}/download").status_code == 404
    # without the form's CSRF token nothing starts
    before = _jobs()
    assert b.post("/reports/export/", {"format": "xlsx"}, csrf=False).status_code == 400
    assert _jobs() == before


def test_the_list_shows_the_users_own_exports_paginated(browser, ctx):
    from views.report_exports import PAGE_SIZE

    b = browser("district")
    for _n in range(PAGE_SIZE + 1):
        assert b.post("/reports/export/", {"format": "xlsx"}).status_code == 302
    first = b.get(EXPORTS).get_data(as_text=True)
    second = b.get(f"{EXPORTS}?page=2").get_data(as_text=True)
    assert first.count('class="ustaz-download"') == PAGE_SIZE
    assert second.count('class="ustaz-download"') == 1
    assert "?page=2" in first
    # nobody else's list shows them
    assert 'class="ustaz-download"' not in browser("region").get(EXPORTS).get_data(as_text=True)


def test_readers_who_start_nothing_cannot_export(browser, ctx):
    """The auditor reads the dashboards but starts no job; a teacher has no reports at all."""
    before = _jobs()
    auditor = browser("auditor")
    assert auditor.get(EXPORTS).status_code == 200
    assert auditor.post("/reports/export/", {"format": "xlsx"}).status_code in (302, 403)
    assert auditor.post("/reports/rows/teachers/export", {}).status_code in (302, 403)
    teacher = browser("teacher")
    assert teacher.get(EXPORTS).status_code in (302, 403)
    assert teacher.post("/reports/export/", {"format": "xlsx"}).status_code in (302, 403)
    assert _jobs() == before
    # a measure whose rows the user may not list: the responsible person reads teachers, not accounts
    entry = browser("entry")
    assert entry.post("/reports/rows/users/export", {}).status_code == 403
    assert _jobs() == before


def test_the_export_forms_post_what_the_routes_read(app, browser, ctx):
    """The macros the dashboard pages import (ustaz/report_export_forms.html) post to the export routes."""
    from flask import render_template_string

    with app.test_request_context("/reports/"):
        html = render_template_string(
            '{% from "ustaz/report_export_forms.html" import dashboard_export, rows_export with context %}'
            '{{ dashboard_export(7, 2) }}{{ rows_export("applications_by_state", 7, 2, "decided", None) }}')
    assert 'action="/reports/export/"' in html and 'action="/reports/rows/applications_by_state/export"' in html
    for field in ('name="node" value="7"', 'name="period" value="2"', 'name="key" value="decided"',
                  'name="format" value="xlsx"', 'name="format" value="pdf"', 'name="csrf_token"'):
        assert field in html, field
    assert 'name="commission"' not in html
