"""The national registries for national admins: where each feed stands, "sync now", and the run log
(app/integrations). Runs are owned by the republic's node, so the scope shows them to national
staff only; starting one needs write on the "Registry" resource."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.security.decorators import has_access
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import _, _l
from app.integrations.http import REGISTRIES
from app.integrations.labels import (
    MODE_LABELS,
    STATE_LABELS,
    collection_label,
    error_label,
    registry_label,
)
from app.web.display import numbered_link, shown_datetime
from models.integration import RegistryState, SyncRun
from tenants.interface import ScopedSQLAInterface
from tenants.scope import current_scope, scoped
from views.base import PERMISSION_MAP, RefreshWhileRunning, ScopedModelView


def _errors_shown(errors) -> Markup:
    if not isinstance(errors, dict) or not errors:
        return Markup("")
    rows = "".join(f"<li>{escape(error_label(code))}: {int(count) if isinstance(count, int) else 0}</li>"
                   for code, count in sorted(errors.items(), key=lambda kv: -(kv[1] if isinstance(kv[1], int) else 0)))
    return Markup(f"<ul class='list-unstyled' style='margin:0'>{rows}</ul>")


def _cursors_shown(cursors) -> str:
    if not isinstance(cursors, dict) or not cursors:
        return ""
    return "; ".join(f"{collection_label(name)}: {value}" for name, value in cursors.items())


class SyncRunView(RefreshWhileRunning, ScopedModelView):
    datamodel = ScopedSQLAInterface(SyncRun)
    class_permission_name = "Registry"
    method_permission_name = {**PERMISSION_MAP, "overview": "read", "sync_now": "write"}
    base_permissions = ["can_read", "can_write"]
    route_base = "/registries"
    default_view = "overview"
    list_template = "appbuilder/general/model/list.html"
    running_states = ("running",)
    list_title = _l("Registry syncs")
    show_title = _l("Registry sync")
    list_columns = ["id", "registry_label", "mode_label", "state_label", "started_on", "finished_on", "fetched",
                    "created", "updated", "unchanged", "skipped", "failed"]
    show_columns = ["id", "registry_label", "mode_label", "state_label", "username", "started_on", "heartbeat_on",
                    "finished_on", "collection_label", "fetched", "created", "updated", "unchanged", "skipped",
                    "failed", "errors", "stop_reason_label", "cursors", "requests", "retries", "resumed", "job_link"]
    search_columns = ["started_on", "finished_on"]
    base_order = ("id", "desc")
    formatters_columns = {"errors": _errors_shown, "cursors": _cursors_shown}
    label_columns = {
        "id": "#", "registry_label": _l("Registry"), "source": _l("Registry"), "mode_label": _l("Mode"),
        "mode": _l("Mode"), "state_label": _l("State"), "state": _l("State"), "username": _l("Started by"),
        "started_on": _l("Started at"), "heartbeat_on": _l("Last sign of life"), "finished_on": _l("Finished at"),
        "collection_label": _l("Last collection"), "fetched": _l("Fetched"), "created": _l("Created"),
        "updated": _l("Updated"), "unchanged": _l("Unchanged"), "skipped": _l("Skipped"), "failed": _l("Failed"),
        "errors": _l("Errors"), "stop_reason_label": _l("Why it stopped"), "cursors": _l("Position in the feed"),
        "requests": _l("Requests"), "retries": _l("Retries"), "resumed": _l("Times resumed"),
        "job_link": _l("Background job"), "registry": _l("Registry"), "collection": _l("Collection"),
    }

    @expose("/overview/")
    @has_access
    def overview(self):
        runs = self._latest()
        states = {s.source: s for s in db.session.query(RegistryState)}
        config = current_app.config
        rows = [{
            "source": source, "label": registry_label(source),
            "configured": bool(config.get(f"REGISTRY_{source.upper()}_URL")),
            "state": states.get(source), "run": runs.get(source),
        } for source in REGISTRIES]
        may_sync = current_app.appbuilder.sm.has_access("can_write", "Registry")
        return self.render_template("ustaz/registries.html", rows=rows, may_sync=may_sync,
                                    state_label=lambda code: str(STATE_LABELS.get(code, code)),
                                    mode_label=lambda code: str(MODE_LABELS.get(code, code)),
                                    cursors_shown=_cursors_shown, error_label=error_label, shown_datetime=shown_datetime,
                                    title=_("National registries"))

    def _latest(self) -> dict[str, SyncRun]:
        latest = select(func.max(SyncRun.id)).group_by(SyncRun.source)
        query = scoped(select(SyncRun).where(SyncRun.id.in_(latest)), SyncRun, current_scope())
        return {r.source: r for r in db.session.execute(query).scalars()}

    @expose("/sync/<source>", methods=["POST"])
    @has_access
    def sync_now(self, source: str):
        from app.integrations.jobs import start_sync
        from app.integrations.sync import FULL, INCREMENTAL

        if source not in REGISTRIES:
            abort(404)
        if not self._national():
            abort(403)
        mode = FULL if request.form.get("mode") == FULL else INCREMENTAL
        if not current_app.config.get(f"REGISTRY_{source.upper()}_URL"):
            flash(error_label("not_configured"), "warning")
            return redirect(url_for(".overview"))
        record = start_sync(source, mode, current_user)
        flash(_("The sync of %(registry)s has started.", registry=registry_label(source)), "info")
        return redirect(url_for("JobView.show", pk=record.id))

    def _national(self) -> bool:
        """Syncs change the whole country's data: only staff whose node is the republic start them."""
        tenant = getattr(current_user, "tenant", None)
        return tenant is not None and tenant.parent_id is None


SyncRun.registry_label = property(lambda self: registry_label(self.source))
SyncRun.mode_label = property(lambda self: str(MODE_LABELS.get(self.mode, self.mode)))
SyncRun.state_label = property(lambda self: str(STATE_LABELS.get(self.state, self.state)))
SyncRun.collection_label = property(lambda self: collection_label(self.collection))
SyncRun.stop_reason_label = property(lambda self: error_label(self.stop_reason) if self.stop_reason else "")
SyncRun.job_link = property(lambda self: numbered_link("JobView.show", self.job_id))


def register_registry_views(appbuilder, add) -> None:
    service = ("ServiceMenu", _l("Service"), "fa-cogs")
    add(SyncRunView, "RegistrySyncs", _l("National registries"), "fa-exchange", *service)
