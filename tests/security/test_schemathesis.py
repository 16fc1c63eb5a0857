"""Schemathesis against the app's own OpenAPI description (``/api/v1/_openapi``): never a 5xx.

Cases are generated from the description (valid and invalid bodies, paths, queries) and sent
through a signed-in session with its CSRF token, like the web client. ``make test`` runs a few
examples per operation; ``.ci/run`` (``USTAZ_FUZZ=full``) many more, for more roles.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import TokenBrowser
from tests.security import fuzz

EXAMPLES = 60 if fuzz.FULL else 4
LOGINS = ["national", "district", "director", "teacher", "auditor"] if fuzz.FULL else ["national", "director"]
#: not walked: signing in and out are tested on their own (throttle, sessions)
SKIP_PATHS = ("/api/v1/security/",)


def _operations(client):
    description = client.get("/api/v1/_openapi")
    assert description.status_code == 200, description.status_code
    schema = schemathesis.openapi.from_dict(description.get_json())
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(SKIP_PATHS):
            yield operation


def _send(client, case):
    request = case.as_transport_kwargs(base_url="http://localhost")
    url = urlsplit(request["url"])
    headers = {k: v for k, v in (request.get("headers") or {}).items() if k.lower() not in ("authorization", "cookie")}
    if request["method"] != "GET":
        headers["X-CSRFToken"] = client.csrf()
    body = {"json": request["json"]} if "json" in request else {"data": request.get("data")}
    return client._open(url.path, method=request["method"], query_string=request.get("params"), headers=headers, **body)


def test_the_description_is_served_to_signed_in_users_only(browser):
    assert browser().get("/api/v1/_openapi").status_code == 401
    assert browser("teacher").get("/api/v1/_openapi").status_code == 200


@pytest.mark.parametrize("username", LOGINS)
def test_generated_api_calls_never_fail_on_the_server(app, username):
    client = TokenBrowser(app, username)
    failures: list[str] = []
    statuses: list[int] = []
    operations = list(_operations(client))
    assert len(operations) > 40

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            response = _send(client, case)
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {case.method} {case.formatted_path} {case.body!r:.120}")

        call()
    assert len(statuses) >= len(operations) and any(200 <= s < 300 for s in statuses)
    assert not failures, f"{len(failures)} server errors, e.g.\n" + "\n".join(failures[:20])
