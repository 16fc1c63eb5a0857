"""Security headers on every response: pages, API JSON, errors, redirects, 404s and static files.

Flask-Talisman (the extension Superset uses; FAB's templates already call its ``csp_nonce()``)
sets Content-Security-Policy with a per-request script nonce, X-Frame-Options, X-Content-Type-Options,
Referrer-Policy and Permissions-Policy, and redirects to https when FORCE_HTTPS is on. On top of it:

- the nonce is made on first use, so an error page rendered before Talisman's own hook ran (a
  refused CSRF token, a throttled login) still carries a working nonce and a matching header;
- a view widens the policy for itself with ``@csp_allow(connect_src=...)`` (the signing page
  talks to NCALayer on ``wss://127.0.0.1:13579``);
- ``Cache-Control: no-store`` on everything but static assets (pages and API answers carry
  personal data, and a shared or back-button cache must not keep them);
- HSTS on every response in production, cross-origin isolation headers;
- the development server stops announcing its version (gunicorn sends a bare ``gunicorn``).

Session cookie flags are left to app/security/sessions.py: Talisman is told to keep them as configured.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, g, request
from flask_talisman import DENY, Talisman

# Endpoints that serve static assets: the only responses a browser may cache.
STATIC_ENDPOINTS = frozenset({"static", "appbuilder.static"})
SERVER_BANNER = "Ustaz"
_EXTRA = "_ustaz_csp_extra"


def init_app(app: Flask) -> None:
    """Register the response hooks that add the security headers."""
    config = app.config
    # Registered before Talisman: after_request hooks run in reverse order, so this one sees
    # Talisman's headers and can widen the CSP of the views that asked for it.
    app.after_request(_finish_headers)
    Talisman(
        app,
        content_security_policy=dict(config["CSP_POLICY"]),
        content_security_policy_nonce_in=["script-src"],
        frame_options=DENY,
        referrer_policy=config["REFERRER_POLICY"],
        permissions_policy=dict(config["PERMISSIONS_POLICY"]),
        x_content_type_options=True,
        force_https=bool(config.get("FORCE_HTTPS")),
        # Our own hook sends HSTS (in production, on every response); Talisman would send it only
        # when the request looks like https, and in every environment.
        strict_transport_security=False,
        # Cookie flags belong to the session settings: hand Talisman the configured values so it
        # changes nothing (by default it would force Secure, which breaks http development).
        session_cookie_secure=False,
        session_cookie_http_only=bool(config.get("SESSION_COOKIE_HTTPONLY", True)),
        session_cookie_samesite=config.get("SESSION_COOKIE_SAMESITE", "Lax"),
    )
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    _quiet_development_server()


def csp_nonce() -> str:
    """This request's script nonce, made on first use (Talisman's hook adds it to the header)."""
    nonce = getattr(request, "csp_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.csp_nonce = nonce
    return nonce


def csp_allow(**directives: str | Iterable[str]) -> Callable:
    """Decorator: widen the CSP of one view, e.g. ``@csp_allow(connect_src=NCALAYER)``.

    Directive names use ``_`` for ``-``. Put it below ``@expose``/``@has_access`` so it wraps the
    view body; the sources are added only to the responses of that view.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            for name, sources in directives.items():
                allow_in_csp(name, *([sources] if isinstance(sources, str) else sources))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def allow_in_csp(directive: str, *sources: str) -> None:
    """Widen this response's CSP from inside a view: ``allow_in_csp("connect-src", origin)``."""
    extra: dict[str, list[str]] = g.setdefault(_EXTRA, {})
    extra.setdefault(directive.replace("_", "-"), []).extend(sources)


def _finish_headers(response: Response) -> Response:
    from flask import current_app

    extra = g.get(_EXTRA)
    if extra and "Content-Security-Policy" in response.headers:
        response.headers["Content-Security-Policy"] = _widen(response.headers["Content-Security-Policy"], extra)
    if request.endpoint not in STATIC_ENDPOINTS:
        # Personal data: neither the browser nor a proxy keeps a copy (back button, shared PCs).
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    response.headers.setdefault("X-Permitted-Cross-Domain-Policies", "none")
    if current_app.config.get("USTAZ_ENV") == "production":
        response.headers["Strict-Transport-Security"] = _hsts_value(current_app.config)
    return response


def _widen(policy: str, extra: dict[str, list[str]]) -> str:
    """Add sources to a CSP header value; a directive missing from it starts from default-src."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    for name, sources in extra.items():
        current = directives.setdefault(name, list(directives.get("default-src", [])))
        if "'none'" in current:  # 'none' cannot be combined with sources
            current.remove("'none'")
        current.extend(s for s in sources if s not in current)
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def _hsts_value(config: Any) -> str:
    value = f"max-age={int(config['HSTS_MAX_AGE'])}"
    if config.get("HSTS_INCLUDE_SUBDOMAINS"):
        value += "; includeSubDomains"
    return value


def _quiet_development_server() -> None:
    """`flask run` / `python run.py`: send ``Server: Ustaz`` instead of ``Werkzeug/x.y Python/z``.

    http.server writes the banner from ``version_string()`` before any application header, so it
    cannot be changed per response; `flask run` offers no request-handler option, so the dev server's
    handler class is adjusted here, once per process. gunicorn already sends a bare ``gunicorn``.
    """
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = lambda self: SERVER_BANNER  # type: ignore[method-assign]
