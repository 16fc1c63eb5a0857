"""Exports of a dashboard (XLSX, PDF) and of the rows behind one of its numbers (XLSX), as jobs.

Both run through ``app.jobs.enqueue`` under their starter's scope (``current_scope()`` inside the
job is the starter's) and in the language they were asked in. A dashboard is the sections of
reports/sections.py — the very tables the page shows — one sheet each in the XLSX, one table each
in the PDF (reports/render.py, the one renderer). The rows behind a number are the drill-down's
own select (reports.stats.drill_rows) read 1000 rows at a time by id and streamed into a
write-only workbook: a national list is never loaded whole. Files are stored content-addressed
under UPLOAD_DIR/exports (reports/store.py); the job's result names the file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.attestation.labels import category_name, level_label, member_role_label, mode_label, state_label
from app.extensions import db
from app.i18n import _, force_locale
from app.identifiers import mask_iin
from app.jobs import JobContext
from app.web.display import local_time, local_today, shown_datetime
from models.attestation import Application
from models.career import OzpResult
from models.commission import Commission, CommissionMember
from models.directories import AttestationPeriod
from models.person import Person
from models.portfolio import EvidenceFile
from reports import stats, store
from reports.measures import Period
from tenants.models import Tenant
from tenants.scope import ScopeError, current_scope

FOLDER = "exports"
FORMATS = ("xlsx", "pdf")
#: rows read (and written) per statement of a rows export
CHUNK = 1000
#: the most data rows one sheet holds (Excel's limit is 1 048 576 rows, the header included)
MAX_SHEET_ROWS = 1_048_575
#: the job functions, as JobRecord.func names them (the download list shows only these)
JOB_FUNCS = ("reports.exports.export_dashboard", "reports.exports.export_rows")
DATE_FORMAT = "DD.MM.YYYY"


def _bold():
    # openpyxl is imported by the jobs that write workbooks, not by every web worker (~20 MiB)
    from openpyxl.styles import Font

    return Font(bold=True)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


# What the job is asked for --------------------------------------------------------------------

def resolve_node(node_id: int | None) -> Tenant | None:
    """The node asked for when the current scope reaches it; ScopeError otherwise."""
    if node_id is None:
        return None
    node = db.session.get(Tenant, node_id)
    scope = current_scope()
    if node is None or not (scope.unrestricted or scope.reaches_path(node.path)):
        raise ScopeError("node")
    return node


def resolve_period(period_id: int | None) -> Period | None:
    """The period asked for (ScopeError when unknown), else the open one, else the latest."""
    chosen = stats.choose_period(db.session, period_id)
    if period_id is not None and chosen is None:
        raise ScopeError("period")
    return Period.of(chosen, local_today()) if chosen is not None else None


def permitted_measures(user_id: int | None) -> list[str]:
    """Measures whose rows the user may list (stats.MEASURE_PERMISSION), read from their roles: a
    job has no request, hence no signed-in user for FAB's has_access. A system job reads all."""
    from app.security.models import User

    if user_id is None:
        return list(stats.MEASURE_PERMISSION)
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return []
    sm = current_app.appbuilder.sm
    role_ids = [role.id for role in user.roles]
    if not role_ids:
        return []
    return [measure for measure, resource in stats.MEASURE_PERMISSION.items()
            if sm.exist_permission_on_roles(resource, "can_read", role_ids)]


def _slug(text: str | None, fallback: str) -> str:
    slug = _SLUG.sub("-", text or "").strip("-")[:40]
    return slug or fallback


def dashboard_filename(node: Tenant | None, fmt: str, today: dt.date) -> str:
    """An ASCII name people recognise: report-<node code>-<date>.xlsx."""
    where = _slug(node.code, f"node{node.id}") if node is not None else "all"
    return f"report-{where}-{today.isoformat()}.{fmt}"


def rows_filename(measure: str, node: Tenant | None, today: dt.date) -> str:
    where = _slug(node.code, f"node{node.id}") if node is not None else "all"
    return f"rows-{_slug(measure, 'rows')}-{where}-{today.isoformat()}.xlsx"


# The dashboard ----------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A cell's value as a spreadsheet holds it: numbers stay numbers, words stay words."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def _sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", str(title)).split()).strip("'")
    if len(base) > 31:  # cut at a word: "Knowledge test (OZP) results", not "… results  e"
        cut = base[:31]
        base = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;.–-")
    base = base or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def _widths(sheet, columns: int, rows: list[list[Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for index in range(columns):
        longest = max((len(str(row[index])) for row in rows if index < len(row) and row[index] is not None), default=8)
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(10, longest + 2))


def describe(dashboard: stats.Dashboard) -> dict[str, str]:
    """What the file is about, in words: node, period, when the figures were counted."""
    period = db.session.get(AttestationPeriod, dashboard.period.id) if dashboard.period else None
    return {
        "node": str(dashboard.node) if dashboard.node is not None else _("Your whole area"),
        "period": str(period) if period is not None else "",
        "as_of": shown_datetime(dashboard.as_of) if dashboard.as_of else "",
        "frozen": _("This period is closed: its figures are frozen.") if dashboard.frozen else "",
    }


def dashboard_xlsx(sections: Sequence, about: dict[str, str]) -> bytes:
    """One sheet per section (header row, the rows, the totals row in bold), then a sheet about the file."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for section in sections:
        sheet = book.create_sheet(_sheet_title(section.title, used))
        sheet.append([str(c) for c in section.columns])
        values = [[_plain(cell.value) for cell in row] for row in section.rows]
        for row in values:
            sheet.append(row)
        if section.total:
            sheet.append([_plain(cell.value) for cell in section.total])
            for cell in sheet[sheet.max_row]:
                cell.font = _bold()
        for cell in sheet[1]:
            cell.font = _bold()
        sheet.freeze_panes = "A2"
        _widths(sheet, len(section.columns), [[str(c) for c in section.columns], *values])
    sheet = book.create_sheet(_sheet_title(_("About this report"), used))
    lines = [(_("Report"), _("Reports")), (_("Node of the tenant tree"), about["node"]),
             (_("Attestation period"), about["period"]), (_("Figures as of"), about["as_of"])]
    if about["frozen"]:
        lines.append((_("Note"), about["frozen"]))
    lines += [(str(s.title), str(s.note)) for s in sections if s.note]
    for label, value in lines:
        sheet.append([str(label), value])
    for cell in sheet["A"]:
        cell.font = _bold()
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _shown_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u00a0")
    return str(value)


def dashboard_pdf(sections: Sequence, about: dict[str, str], *, locale: str) -> bytes:
    """The sections as tables in reports/templates/dashboard.html, through the one renderer."""
    from reports.render import render_pdf

    def numeric(section) -> list[bool]:
        """Per column: right-aligned when every cell under it is a number (the first column never)."""
        rows = [*section.rows, *([section.total] if section.total else [])]
        width = max([len(section.columns), *(len(r) for r in rows)])
        return [i > 0 and all(isinstance(r[i].value, (int, float)) for r in rows if i < len(r)) for i in range(width)]

    shown = [{
        "title": str(s.title),
        "columns": [str(c) for c in s.columns],
        "numeric": numeric(s),
        "rows": [[_shown_number(c.value) for c in row] for row in s.rows],
        "total": [_shown_number(c.value) for c in s.total] if s.total else None,
        "note": str(s.note) if s.note else "",
    } for s in sections]
    from models.base import utcnow

    return render_pdf("dashboard.html", {"about": about, "sections": shown, "printed": shown_datetime(utcnow())},
                      locale=locale)


def export_dashboard(ctx: JobContext, node_id: int | None, period_id: int | None, fmt: str, locale: str) -> dict:
    """The job: the dashboard of ``node_id`` in ``period_id`` as ``fmt``, in the starter's scope."""
    from reports.sections import sections as dashboard_sections

    if fmt not in FORMATS:
        raise ValueError(fmt)
    with force_locale(locale):
        ctx.progress(5, _("Counting the figures"))
        dashboard = stats.build(db.session, current_scope(), node_id=node_id, period_id=period_id,
                                permitted=permitted_measures(ctx.user_id))
        today = local_today()
        found = dashboard_sections(dashboard, today=today)
        about = describe(dashboard)
        filename = dashboard_filename(dashboard.node, fmt, today)
        ctx.progress(50, _("Writing the file"))
        data = dashboard_xlsx(found, about) if fmt == "xlsx" else dashboard_pdf(found, about, locale=locale)
        digest = store.save(data, folder=FOLDER, ext=fmt)
    return {"export_file": filename, "sha256": digest}


# The rows behind a number -------------------------------------------------------------------------

@dataclass(frozen=True)
class RowColumns:
    """How one model's rows are written: what to load with each chunk, the header, a row's values."""

    options: Callable[[], list]
    headers: Callable[[], list[str]]
    #: (rows of one chunk) -> one list of values per row
    values: Callable[[list], list[list[Any]]]


def _person_values(rows: list[Person]) -> list[list[Any]]:
    return [[p.full_name, mask_iin(p.iin), str(p.tenant or ""), str(p.category or "")] for p in rows]


def _application_values(rows: list[Application]) -> list[list[Any]]:
    return [[str(a.person or ""), category_name(a.requested_category), mode_label(a.mode), state_label(a.state),
             str(a.commission or ""), a.review_due_on] for a in rows]


def _tenant_values(rows: list[Tenant]) -> list[list[Any]]:
    return [[str(t), level_label(t.level), t.code or ""] for t in rows]


def _user_values(rows: list) -> list[list[Any]]:
    return [[u.username, " ".join(p for p in (u.last_name, u.first_name) if p), str(u.tenant or "")] for u in rows]


def _commission_values(rows: list[Commission]) -> list[list[Any]]:
    return [[c.name, str(c.tenant or ""), str(c.period or "")] for c in rows]


def _member_values(rows: list[CommissionMember]) -> list[list[Any]]:
    return [[str(m.person or ""), member_role_label(m.role), str(m.commission or "")] for m in rows]


def _file_values(rows: list[EvidenceFile]) -> list[list[Any]]:
    ids = sorted({f.person_id for f in rows})
    people = {p.id: p for p in db.session.execute(select(Person).where(Person.id.in_(ids))).scalars()} if ids else {}
    return [[f.original_name, str(people.get(f.person_id, "")),
             local_time(f.uploaded_on).replace(tzinfo=None) if f.uploaded_on else None] for f in rows]


def _ozp_values(rows: list[OzpResult]) -> list[list[Any]]:
    return [[str(r.person or ""), float(r.percent), r.taken_on] for r in rows]


def _appeal_values(rows: list) -> list[list[Any]]:
    from app.appeals.rules import is_overdue
    from reports.appeal_sections import appeal_state_words, type_name

    today = local_today()
    return [[a.id, type_name(a.appeal_type), str(a.person or ""), str(a.tenant or ""),
             appeal_state_words(a.state, a.resolution), local_time(a.filed_on).date() if a.filed_on else None,
             a.due_on, _("overdue") if is_overdue(a.state, a.due_on, today) else "", str(a.body or "")] for a in rows]


def row_columns() -> dict[type, RowColumns]:
    """Per model, the columns of its rows list (views/reports.py) as plain values."""
    from app.security.models import UstazUser
    from models.appeal import Appeal

    return {
        Person: RowColumns(lambda: [selectinload(Person.category)],
                           lambda: [_("Teacher"), _("IIN"), _("Organization"), _("Qualification category")],
                           _person_values),
        Application: RowColumns(lambda: [],
                                lambda: [_("Teacher"), _("Requested category"), _("Mode"), _("State"), _("Commission"),
                                         _("Review due on")], _application_values),
        Tenant: RowColumns(lambda: [], lambda: [_("Name"), _("Level"), _("Code")], _tenant_values),
        UstazUser: RowColumns(lambda: [], lambda: [_("Login"), _("Name"), _("Organization or department")], _user_values),
        Commission: RowColumns(lambda: [], lambda: [_("Commission"), _("Organization or department"),
                                                    _("Attestation period")], _commission_values),
        CommissionMember: RowColumns(lambda: [selectinload(CommissionMember.commission)],
                                     lambda: [_("Member"), _("Role"), _("Commission")], _member_values),
        EvidenceFile: RowColumns(lambda: [], lambda: [_("File"), _("Teacher"), _("Uploaded on")], _file_values),
        OzpResult: RowColumns(lambda: [selectinload(OzpResult.person)],
                              lambda: [_("Teacher"), _("Result, %"), _("Taken on")], _ozp_values),
        Appeal: RowColumns(lambda: [selectinload(Appeal.body)],
                           lambda: [_("Appeal"), _("Type"), _("Teacher"), _("Organization"), _("State"), _("Filed on"),
                                    _("Answer due"), _("Overdue"), _("Answered by")], _appeal_values),
    }


def _written(sheet, value: Any) -> Any:
    """Dates as dates in the people's format; everything else as it is."""
    if isinstance(value, (dt.date, dt.datetime)):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT + (" HH:MM" if isinstance(value, dt.datetime) else "")
        return cell
    return value


def rows_statement(measure: str, node_id: int | None, period_id: int | None, key: str | None,
                   commission_id: int | None):
    """(measure, select) of the rows behind the number, in the current scope; ScopeError/KeyError when
    the node, period or measure is not one the scope may list."""
    node = resolve_node(node_id)
    period = resolve_period(period_id)
    found, statement = stats.drill_rows(current_scope(), measure, period, node, key)
    if commission_id is not None:
        column = getattr(found.model, "commission_id", None)
        if column is None:
            raise KeyError("commission")
        statement = statement.where(column == commission_id)
    return found, statement, node


def export_rows(ctx: JobContext, measure: str, node_id: int | None, period_id: int | None, key: str | None,
                commission_id: int | None, locale: str) -> dict:
    """The job: every row behind one number into a write-only workbook, ``CHUNK`` rows a statement by id."""
    with force_locale(locale):
        found, statement, node = rows_statement(measure, node_id, period_id, key, commission_id)
        model = found.model
        columns = row_columns()[model]
        total = db.session.execute(statement.with_only_columns(func.count(), maintain_column_froms=True)
                                   .order_by(None)).scalar_one()
        ctx.progress(1, _("%(done)d of %(total)d rows", done=0, total=total))
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_sheet_title(_("Rows"), set()))
        header = []
        for text in columns.headers():
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet, value=str(text))
            cell.font = _bold()
            header.append(cell)
        sheet.append(header)
        done, last = 0, None
        while done < MAX_SHEET_ROWS:
            chunk = statement.options(*columns.options()).order_by(model.id).limit(min(CHUNK, MAX_SHEET_ROWS - done))
            if last is not None:
                chunk = chunk.where(model.id > last)
            rows = db.session.execute(chunk).unique().scalars().all()
            if not rows:
                break
            for values in columns.values(rows):
                sheet.append([_written(sheet, v) for v in values])
            done, last = done + len(rows), rows[-1].id
            # the progress commits: the chunk's objects are expired and let go, memory stays flat
            ctx.progress(min(99, done * 100 // max(total, 1)), _("%(done)d of %(total)d rows", done=done, total=total))
        filename = rows_filename(measure, node or stats.home_node(db.session, current_scope()), local_today())
        temporary = store.temporary_path(folder=FOLDER, ext="xlsx")
        try:
            book.save(temporary)
            digest = store.save_file(temporary, folder=FOLDER, ext="xlsx")
        finally:
            temporary.unlink(missing_ok=True)
    return {"export_file": filename, "sha256": digest, "export_rows": done}


def export_file(result: Any) -> tuple[str, str, str] | None:
    """(sha256, extension, filename) of a finished export job's result; None when it names no file."""
    if not isinstance(result, dict):
        return None
    digest, filename = result.get("sha256"), result.get("export_file")
    if not isinstance(digest, str) or not isinstance(filename, str):
        return None
    ext = filename.rsplit(".", 1)[-1]
    return (digest, ext, filename) if ext in FORMATS else None


__all__ = ["CHUNK", "FOLDER", "FORMATS", "JOB_FUNCS", "dashboard_pdf", "dashboard_xlsx", "export_dashboard",
           "export_file", "export_rows", "permitted_measures", "row_columns", "rows_statement"]
