"""GET /api/v1/dashboard/kpi: the KPI panel of the current user's scope as JSON.

The same figures as the dashboard's KPI panel (reports.stats.build → kpi), never more than the
user's lists show: a count of rows whose list the user may not read is 0. Every signed-in account
may call it (each gets its own scope's figures), with its browser session or a JWT bearer token;
the "Dashboard" read permission is held by every role (app.security.roles.DASHBOARD_PERMISSION).
"""

from __future__ import annotations

from flask import current_app
from flask_appbuilder import expose
from flask_appbuilder.api import BaseApi
from flask_appbuilder.security.decorators import protect

from app.extensions import db
from app.i18n import _
from app.web.params import BadInput, int_arg
from reports import stats
from tenants.scope import ScopeError, current_scope
from views.base import _default_api_message

KPI_SCHEMA = {
    "type": "object",
    "required": ["organizations", "teachers", "users", "commissions", "attestees", "materials",
                 "applications_by_state", "outcomes", "period", "as_of"],
    "properties": {
        "organizations": {"type": "integer", "description": "Organization tenants in the scope"},
        "teachers": {"type": "integer", "description": "Persons (teachers) in the scope"},
        "users": {"type": "integer", "description": "User accounts in the scope"},
        "commissions": {"type": "integer", "description": "Attestation commissions in the scope"},
        "attestees": {"type": "integer",
                      "description": "Applications of the period that are neither draft nor withdrawn"},
        "materials": {"type": "integer", "description": "Portfolio evidence files uploaded"},
        "applications_by_state": {
            "type": "object", "additionalProperties": {"type": "integer"},
            "description": "Applications of the period by state code (draft, submitted, …); absent states are 0"},
        "outcomes": {
            "type": "object", "additionalProperties": {"type": "integer"},
            "description": "Applications of the period by final outcome code (assigned, confirmed, lowered, "
                           "not_assigned); absent outcomes are 0"},
        "period": {"type": "integer", "nullable": True, "description": "The attestation period counted"},
        "as_of": {"type": "string", "format": "date-time", "description": "When the figures were computed (UTC)"},
    },
}


class DashboardApi(BaseApi):
    resource_name = "dashboard"
    # every role holds can_read on it (app.security.roles.DASHBOARD_PERMISSION); which numbers a
    # user gets is decided by the scope and by the read permission on each list (MEASURE_PERMISSION)
    class_permission_name = "Dashboard"
    method_permission_name = {"kpi": "read"}
    allow_browser_login = True
    openapi_spec_tag = "Dashboard"
    openapi_spec_component_schemas = ()

    def add_apispec_components(self, api_spec) -> None:
        super().add_apispec_components(api_spec)
        if "DashboardKpi" not in api_spec.components.schemas:
            api_spec.components.schema("DashboardKpi", KPI_SCHEMA)

    # FAB's default answers are English; say them in the user's language (views/base.py does the same)
    def response_401(self):
        return self.response(401, message=_default_api_message(401))

    def response_403(self):
        return self.response(403, message=_default_api_message(403))

    @expose("/kpi", methods=["GET"])
    @protect()
    def kpi(self):
        """The KPI panel of the current user's scope.
        ---
        get:
          summary: KPI panel of the caller's scope
          description: >-
            Integer counts of the rows the caller's lists show, for the open attestation period
            (or the one asked for). A count of rows whose list the caller may not read is 0.
          parameters:
          - in: query
            name: period
            required: false
            schema:
              type: integer
              minimum: 1
            description: An attestation period's id (default the open period, else the latest)
          responses:
            200:
              description: The figures
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/DashboardKpi'
            400:
              $ref: '#/components/responses/400'
            401:
              $ref: '#/components/responses/401'
            404:
              $ref: '#/components/responses/404'
        """
        try:
            period_id = int_arg("period", label=_("Attestation period"))
        except BadInput as exc:
            return self.response(400, message=exc.description)
        sm = current_app.appbuilder.sm
        permitted = [m for m, resource in stats.MEASURE_PERMISSION.items() if sm.has_access("can_read", resource)]
        try:
            dashboard = stats.build(db.session, current_scope(), period_id=period_id, permitted=permitted,
                                    with_children=False)
        except ScopeError:
            db.session.rollback()
            return self.response(404, message=_("No such attestation period."))
        return self.response(200, **stats.kpi(dashboard))


def register_report_api(appbuilder) -> None:
    """Registers the KPI API (its permission is synced to every role by sync-roles)."""
    appbuilder.add_api(DashboardApi)
