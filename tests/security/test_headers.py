"""Security headers on every kind of response, HSTS in production only, and no inline script
without the response's nonce on any page a demo login can open (issue 9, part B)."""

from __future__ import annotations

import re
import threading
import urllib.request
from html.parser import HTMLParser

import pytest
from flask import Flask, abort, render_template_string

import config as default_config
from app.security import headers

REQUIRED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
CSP_MUST = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]
NONCE = re.compile(r"'nonce-([^']+)'")


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def assert_secure_headers(response, *, cacheable: bool = False) -> None:
    where = f"{response.request.path if response.request else ''} ({response.status_code})"
    for name, value in REQUIRED.items():
        assert response.headers.get(name) == value, f"{name} on {where}"
    policy = response.headers.get("Content-Security-Policy", "")
    for part in CSP_MUST:
        assert part in policy, f"CSP lacks {part!r} on {where}"
    script = csp_directives(response)["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, where
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), where
    assert "microphone=()" in response.headers["Permissions-Policy"], where
    assert "geolocation=()" in response.headers["Permissions-Policy"], where
    assert "Strict-Transport-Security" not in response.headers, f"HSTS outside production on {where}"
    cache = response.headers.get("Cache-Control", "")
    if cacheable:
        assert "no-store" not in cache, where
    else:
        assert cache == "no-store", f"Cache-Control {cache!r} on {where}"


def test_every_kind_of_response_carries_the_headers(browser):
    anonymous = browser()
    login_page = anonymous.get("/login/")
    assert login_page.status_code == 200
    assert_secure_headers(login_page)
    redirect = anonymous.get("/")  # an anonymous visitor is sent to the login page
    assert redirect.status_code == 302
    assert_secure_headers(redirect)
    missing = anonymous.get("/no-such-page/")
    assert missing.status_code == 404
    assert_secure_headers(missing)
    refused = anonymous.post("/login/", {"username": "x", "password": "y"}, csrf=False)
    assert refused.status_code == 400  # refused before any view ran: the nonce is made on demand
    assert_secure_headers(refused)
    for asset in ("/static/appbuilder/css/ab.css", "/static/js/ustaz.js"):
        static = anonymous.get(asset)
        assert static.status_code == 200, asset
        assert_secure_headers(static, cacheable=True)

    district = browser("district")
    for url in ("/", "/personview/list/", "/api/v1/person/", "/personview/show/99999999", "/lang/ru"):
        response = district.get(url)
        assert response.status_code in (200, 302, 404), url
        assert_secure_headers(response)
    api = district.get("/api/v1/person/")
    assert api.status_code == 200 and api.is_json


def test_the_development_server_does_not_announce_its_version(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/static/js/ustaz.js") as answer:
            banner = answer.headers["Server"]
    finally:
        server.shutdown()
    assert banner == headers.SERVER_BANNER and not re.search(r"\d", banner)


def test_gunicorn_sends_no_version_and_reads_our_settings():
    from gunicorn.config import Config
    from gunicorn.http.wsgi import Response

    assert not re.search(r"\d", Response(None, None, None).version)  # the Server header it sends
    namespace: dict = {}
    source = (default_config.BASE_DIR / "gunicorn.conf.py").read_text()
    exec(compile(source, "gunicorn.conf.py", "exec"), namespace)
    cfg = Config()
    for key in ("bind", "workers", "timeout", "access_log_format"):
        cfg.set(key, namespace[key])  # gunicorn validates every value it is given
    assert "%(r)s" not in cfg.access_log_format and "%(q)s" not in cfg.access_log_format  # no query strings


@pytest.fixture
def production_app(database):
    from app import create_app
    from tests.conftest import make_test_config

    overrides = make_test_config(database.url, database.tmp)
    overrides.update({"USTAZ_ENV": "production", "SECRET_KEY": "x" * 40, "TESTING": False})
    return create_app(overrides)


def test_hsts_only_in_production_and_no_forced_redirect(app, production_app):
    with production_app.test_client() as client:
        for url in ("/login/", "/no-such-page/", "/static/appbuilder/css/ab.css"):
            response = client.get(url)
            assert response.status_code in (200, 404), url  # plain http is served (the proxy redirects)
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000", url
            assert response.headers["X-Frame-Options"] == "DENY"
    with app.test_client() as client:
        assert "Strict-Transport-Security" not in client.get("/login/").headers


def test_force_https_redirects_when_configured(database):
    from app import create_app
    from tests.conftest import make_test_config

    overrides = make_test_config(database.url, database.tmp)
    overrides.update({"USTAZ_ENV": "production", "SECRET_KEY": "x" * 40, "TESTING": False, "FORCE_HTTPS": True})
    with create_app(overrides).test_client() as client:
        response = client.get("/login/")
        assert response.status_code == 302 and response.location.startswith("https://")
        assert client.get("/login/", base_url="https://localhost").status_code == 200


def _small_app() -> Flask:
    """A bare Flask app with the same config: the hooks without FAB, for the mechanism itself."""
    small = Flask(__name__)
    small.config.from_object(default_config)
    small.config["SECRET_KEY"] = "x" * 40

    @small.before_request
    def _refuse():  # registered before the headers: like a CSRF check refusing a request
        from flask import request

        if request.path == "/refused":
            abort(400)

    headers.init_app(small)

    @small.errorhandler(400)
    def _bad(_exc):
        return render_template_string('<script nonce="{{ csp_nonce() }}">1</script>'), 400

    @small.route("/plain")
    def plain():
        return render_template_string('<script nonce="{{ csp_nonce() }}">1</script>')

    @small.route("/sign")
    @headers.csp_allow(connect_src=default_config.CSP_NCALAYER_SOURCE, object_src="'self'")
    def sign():
        return "sign"

    return small


def test_a_view_widens_its_own_policy_only():
    client = _small_app().test_client()
    sign = csp_directives(client.get("/sign"))
    assert sign["connect-src"] == ["'self'", "wss://127.0.0.1:13579"]
    assert sign["object-src"] == ["'self'"]  # 'none' is dropped when a source is added
    plain = csp_directives(client.get("/plain"))
    assert plain["connect-src"] == ["'self'"] and plain["object-src"] == ["'none'"]


def test_the_nonce_matches_even_on_an_early_error_page():
    client = _small_app().test_client()
    for url, status in (("/plain", 200), ("/refused", 400)):
        response = client.get(url)
        assert response.status_code == status
        nonces = NONCE.findall(response.headers["Content-Security-Policy"])
        assert len(nonces) == 1 and f'nonce="{nonces[0]}"' in response.get_data(as_text=True), url
    first = NONCE.findall(client.get("/plain").headers["Content-Security-Policy"])
    second = NONCE.findall(client.get("/plain").headers["Content-Security-Policy"])
    assert first != second  # one per response


class ScriptAudit(HTMLParser):
    """Collects what the CSP would block: inline scripts without the nonce, on* handlers,
    javascript: URLs."""

    def __init__(self, nonce: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src") and values.get("nonce") != self.nonce:
            self.problems.append(f"inline <script> without the nonce ({self.getpos()})")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> ({self.getpos()})")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> ({self.getpos()})")


HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = re.compile(r"/(logout|lang|action|action_post|delete|download|file|export|api)(/|$)|\.(css|js|png|ico)$")


def shape(url: str) -> str:
    """One visit per kind of page: ids and query strings do not make a new template."""
    return re.sub(r"\d+", "N", url.split("?")[0])


def audit_page(response) -> list[str]:
    if not response.content_type.startswith("text/html"):
        return []
    nonces = NONCE.findall(response.headers["Content-Security-Policy"])
    assert len(nonces) == 1, response.request.path
    parser = ScriptAudit(nonces[0])
    parser.feed(response.get_data(as_text=True))
    return [f"{response.request.path}: {p}" for p in parser.problems]


def test_audit_catches_what_the_policy_would_block():
    parser = ScriptAudit("n1")
    parser.feed('<script nonce="n1">ok()</script><script src="/x.js"></script><script>bad()</script>'
                '<select onchange="x()"></select><a href="javascript:void(0)">x</a><a href="/ok">y</a>')
    assert len(parser.problems) == 3


def test_no_page_has_script_the_policy_would_block(browser):
    """Walk every kind of page (list, show, add, edit, custom pages) the demo logins reach."""
    problems = audit_page(browser().get("/login/"))
    seen: set[str] = set()
    for username in ("national", "director", "observer", "teacher"):
        b = browser(username)
        queue = ["/", "/profile/me"]
        for start in queue:  # the pages whose content depends on who asks: once per login
            seen.discard(shape(start))
        while queue:
            url = queue.pop(0)
            if shape(url) in seen or SKIP.search(url.split("?")[0]):
                continue
            seen.add(shape(url))
            page = b.get(url)
            problems += audit_page(page)
            if page.status_code in (301, 302, 303) and page.location.startswith("/"):
                queue.append(page.location)
            elif page.status_code == 200 and page.content_type.startswith("text/html"):
                queue += HREF.findall(page.get_data(as_text=True))
    assert len(seen) > 40, sorted(seen)
    assert not problems, "\n".join(problems)
