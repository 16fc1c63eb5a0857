"""Exports of the dashboards and of the rows behind their numbers (XLSX, PDF), as background jobs.

- ``POST /reports/export/`` (format=xlsx|pdf, node, period): starts the export of a dashboard;
- ``POST /reports/rows/<measure>/export`` (node, period, key, commission): the rows behind a number;
- ``GET /reports/exports/``: the user's own exports (state, progress, a download link when ready);
- ``GET /reports/exports/<job_id>/download``: the file.

The work is reports/exports.py, run by app.jobs.enqueue under the starter's scope. Starting an
export is the "run" reader action on Report (it starts a job: read-only roles such as the auditor
read the dashboards but start nothing); the list and downloads need read. A user downloads only
their own exports (and only those app.jobs.job_visibility_clause still shows them): anyone
else's, a missing file or an unknown id is a 404.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import _, _l, current_locale
from app.jobs import FINISHED, enqueue, job_visibility_clause
from app.security.roles import READ, RUN
from app.web.display import shown_datetime
from app.web.params import MAX_INT, int_arg, int_field, read_choice, read_text
from models.job import JobRecord
from reports import exports, stats, store
from reports.measures import MEASURES
from tenants.scope import ScopeError, current_scope

PAGE_SIZE = 25
#: the deepest page of the list (a user's own exports: far fewer in practice)
MAX_PAGE = 10_000
MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
FORMAT_LABELS = {"xlsx": "XLSX", "pdf": "PDF"}


def _may(resource: str) -> bool:
    return bool(current_app.appbuilder.sm.has_access("can_read", resource))


def _own_exports():
    """The current user's export jobs that the job rule still shows them."""
    return select(JobRecord).where(JobRecord.func.in_(exports.JOB_FUNCS), JobRecord.user_id == g.user.id,
                                   job_visibility_clause(current_scope()))


def _node_name(node) -> str:
    """The node an export is of, in words: the one asked for, else the user's home (or their whole area)."""
    shown = node if node is not None else stats.home_node(db.session, current_scope())
    return str(shown) if shown is not None else _("Your whole area")


def _checked(check):
    """Run a scope check of reports/exports.py: an unknown or unreachable node or period is a 404."""
    try:
        return check()
    except (ScopeError, KeyError):
        db.session.rollback()
        abort(404)


class ReportExportView(BaseView):
    # shares /reports with the dashboards (views/reports.py DashboardView): its routes are its own
    route_base = "/reports"
    class_permission_name = "Report"
    method_permission_name = {"index": READ, "download": READ, "start": RUN, "rows_export": RUN}
    base_permissions = [f"can_{READ}", f"can_{RUN}"]
    default_view = "index"

    @expose("/export/", methods=["POST"])
    @has_access
    def start(self):
        fmt = read_choice(request.form.get("format"), exports.FORMATS, label=_("Format"))
        node_id = int_field("node", label=_("Node of the tenant tree"))
        period_id = int_field("period", label=_("Attestation period"))
        node = _checked(lambda: exports.resolve_node(node_id))
        _checked(lambda: exports.resolve_period(period_id))
        description = _("Report export (%(format)s): %(node)s", format=FORMAT_LABELS[fmt], node=_node_name(node))
        enqueue(exports.export_dashboard, node_id, period_id, fmt, current_locale(), description=description,
                user=g.user)
        flash(_("The export has started: the file appears in this list when it is ready."), "info")
        return redirect(url_for("ReportExportView.index"))

    @expose("/rows/<measure>/export", methods=["POST"])
    @has_access
    def rows_export(self, measure: str):
        code = measure if measure in MEASURES and MEASURES[measure].listable else None
        if code is None:
            abort(404)
        resource = stats.MEASURE_PERMISSION.get(code)
        if resource is None or not _may(resource):
            abort(403)
        node_id = int_field("node", label=_("Node of the tenant tree"))
        period_id = int_field("period", label=_("Attestation period"))
        commission_id = int_field("commission", label=_("Commission"))
        raw_key = request.form.get("key")
        key = None if raw_key is None else read_text(raw_key, max_length=80, label=_("Key"))
        found, _statement, node = _checked(lambda: exports.rows_statement(code, node_id, period_id, key, commission_id))
        if found.model not in exports.row_columns():
            abort(404)
        from views.reports import key_label, measure_title

        shown_key = key_label(code, key)
        description = _("Rows export (XLSX): %(what)s, %(node)s", what=measure_title(code) + (
            f" ({shown_key})" if shown_key else ""), node=_node_name(node))
        enqueue(exports.export_rows, code, node_id, period_id, key, commission_id, current_locale(),
                description=description[:400], user=g.user)
        flash(_("The export has started: the file appears in this list when it is ready."), "info")
        return redirect(url_for("ReportExportView.index"))

    @expose("/exports/")
    @has_access
    def index(self):
        page = int_arg("page", maximum=MAX_PAGE, default=1, label=_("Page"))
        query = _own_exports()
        total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        jobs = db.session.execute(query.order_by(JobRecord.id.desc()).limit(PAGE_SIZE)
                                  .offset((page - 1) * PAGE_SIZE)).scalars().all()
        pages = max(1, -(-total // PAGE_SIZE))
        from views.jobs import STATE_LABELS

        rows = [{
            "job": job,
            "state": str(STATE_LABELS.get(job.state, "")),
            "created": shown_datetime(job.created_on),
            "ended": shown_datetime(job.ended_on) if job.ended_on else "",
            "file": exports.export_file(job.result) if job.state == FINISHED else None,
            "failed": job.state == "failed",
        } for job in jobs]
        return self.render_template(
            "ustaz/report_exports.html", rows=rows, page=page, pages=pages, total=total,
            refresh=any(job.state in ("queued", "started") for job in jobs), may_jobs=_may("Job"),
            title=_("Report exports"),
        )

    @expose("/exports/<int:job_id>/download")
    @has_access
    def download(self, job_id: int):
        if job_id > MAX_INT:
            abort(404)
        job = db.session.execute(_own_exports().where(JobRecord.id == job_id)).scalars().first()
        found = exports.export_file(job.result) if job is not None and job.state == FINISHED else None
        if found is None:
            abort(404)
        digest, ext, filename = found
        try:
            path = store.checked_path(digest, folder=exports.FOLDER, ext=ext)
        except store.DocumentMissing:
            abort(404)
        return send_file(path, mimetype=MIMETYPES[ext], as_attachment=True, download_name=filename, max_age=0)


def register_export_views(appbuilder, add) -> None:
    """The exports list, in the dashboards' menu category (views/reports.py)."""
    add(ReportExportView, "ReportExports", _l("Report exports"), "fa-download", "ReportsMenu", _l("Reports"),
        "fa-bar-chart")
