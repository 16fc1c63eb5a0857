"""The OpenAPI description of the REST API (``/api/v1/_openapi``) for every signed-in account.

FAB serves it only together with its Swagger UI page, which loads scripts from a CDN (no CDN in
production, and our CSP forbids it): the description alone is registered here. It lists the
endpoints and their schemas, never data; the calls it describes are scoped like every other.
"""

from __future__ import annotations

from flask_appbuilder.api.manager import OpenApi


class ApiDescription(OpenApi):
    # every role holds read on it: app.security.roles.API_DESCRIPTION_PERMISSION
    class_permission_name = "ApiDescription"
    method_permission_name = {"get": "read"}
