"""Background jobs: state, progress, result or error, visible only to the scope that started them."""

from __future__ import annotations

from flask import abort
from flask_appbuilder import expose
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup

from app.i18n import _l
from app.jobs import job_visibility_clause
from models.job import JobRecord
from tenants.interface import ScopedSQLAInterface
from tenants.scope import current_scope
from views.base import ScopedModelView, json_block


class StarterScopeInterface(ScopedSQLAInterface):
    """Jobs are read through the rule of app.jobs.job_visibility_clause, not the plain data scope."""

    def _scoped_query(self, query):
        return query.filter(job_visibility_clause(current_scope()))

STATE_LABELS = {
    "queued": _l("queued"),
    "started": _l("running"),
    "finished": _l("finished"),
    "failed": _l("failed"),
}


def _progress_bar(progress: int) -> Markup:
    value = int(progress or 0)
    return Markup(
        '<div class="progress" style="margin:0;min-width:8em"><div class="progress-bar" role="progressbar" '
        f'aria-valuenow="{value}" aria-valuemin="0" aria-valuemax="100" style="width:{value}%">{value}%</div></div>'
    )


def _error_shown(error: str | None) -> str:
    # The stored error is for the server log (exception and traceback); users get a sentence.
    if not error:
        return ""
    return str(_l("The job stopped because of an error on our side. Quote the job number when you report it."))


class JobView(ScopedModelView):
    datamodel = StarterScopeInterface(JobRecord)
    class_permission_name = "Job"
    base_permissions = ["can_read"]
    show_template = "ustaz/job_show.html"
    list_title = _l("Background jobs")
    show_title = _l("Background job")
    list_columns = ["id", "description", "state_label", "progress", "message", "created_on", "ended_on"]
    show_columns = ["id", "description", "state_label", "progress", "message", "created_on", "started_on", "ended_on", "result", "error"]
    search_columns = ["description", "state", "created_on"]
    base_order = ("id", "desc")
    formatters_columns = {"progress": _progress_bar, "result": json_block, "error": _error_shown}
    label_columns = {
        "id": "#",
        "description": _l("Job"),
        "state_label": _l("State"),
        "state": _l("State"),
        "progress": _l("Progress"),
        "message": _l("Message"),
        "created_on": _l("Queued at"),
        "started_on": _l("Started at"),
        "ended_on": _l("Ended at"),
        "result": _l("Result"),
        "error": _l("Error"),
    }

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        widgets = self._get_show_widget(pk, item)
        self.update_redirect()
        return self.render_template(
            self.show_template,
            pk=pk,
            title=self.show_title,
            widgets=widgets,
            related_views=self._related_views,
            refresh=item.state in ("queued", "started"),
        )


JobRecord.state_label = property(lambda self: str(STATE_LABELS.get(self.state, self.state)))
