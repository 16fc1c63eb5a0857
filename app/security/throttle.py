"""Login throttling: Flask-Limiter counts refused passwords per account and per address.

Only failures are counted (Flask-Limiter's ``deduct_when``): a correct password never uses up
the allowance, so people who sign in often are never throttled. Once an account or an address
has used its allowance (defaults: 10 failures per account, 100 per address in 15 minutes), every
further attempt - right password or not - is answered 429 with ``Retry-After`` until the oldest
failure leaves the moving window; otherwise a guesser could keep guessing and only watch for
success. The browser login (``auth_views``) and the API token login share the same counters.

Storage: Redis when ``REDIS_URL`` is set (counters shared by every worker process), otherwise
memory (one process: development and tests). If Redis is unreachable the limiter falls back to
memory and login keeps working: throttling degrades, sign-in does not fail with a 500.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from flask import Flask, Response, current_app, g, jsonify, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many

from app.i18n import _

log = logging.getLogger(__name__)

EXTENSION_KEY = "ustaz_login_throttle"
#: FAB's JWT token login (SecurityApi.login): it checks a password too
API_LOGIN_ENDPOINT = "SecurityApi.login"
_FAILED_FLAG = "ustaz_login_failed"
_DEFAULT_ACCOUNT_LIMIT = "10 per 15 minutes"
_DEFAULT_ADDRESS_LIMIT = "100 per 15 minutes"


def submitted_username() -> str:
    """The user name of this login request (form or JSON body), as FAB compares it: case-folded."""
    if request.is_json:
        body = request.get_json(silent=True)
        name = body.get("username") if isinstance(body, dict) else None
    else:
        name = request.form.get("username")
    return name.strip().lower() if isinstance(name, str) else ""


def client_address() -> str:
    """The address the per-address limit counts (behind a proxy: configure ProxyFix)."""
    return get_remote_address() or "unknown"


def _account_key() -> str:
    # hashed: fixed length whatever was typed, and no user names stored in Redis
    return "account:" + hashlib.sha256(submitted_username().encode()).hexdigest()


def _address_key() -> str:
    return "address:" + client_address()


def _account_limit() -> str:
    return str(current_app.config.get("LOGIN_FAILURES_PER_ACCOUNT") or _DEFAULT_ACCOUNT_LIMIT)


def _address_limit() -> str:
    return str(current_app.config.get("LOGIN_FAILURES_PER_ADDRESS") or _DEFAULT_ADDRESS_LIMIT)


def _disabled() -> bool:
    return not current_app.config.get("LOGIN_THROTTLE_ENABLED", True)


def _login_failed(response: Response) -> bool:
    """Flask-Limiter's deduct_when: count this request only if the password was refused."""
    if g.get(_FAILED_FLAG):
        return True
    return request.endpoint == API_LOGIN_ENDPOINT and response.status_code == 401


def _login_gate() -> None:
    """Does nothing itself: calling it through the limits checks them for this request."""


class LoginThrottle:
    """One per app: a Flask-Limiter instance with the two failure limits on one gate."""

    def __init__(self, app: Flask) -> None:
        self.limiter = Limiter(
            key_func=client_address,
            storage_uri=app.config.get("REDIS_URL") or "memory://",
            strategy="moving-window",  # no burst of 2x the allowance around a window boundary
            key_prefix="ustaz-login",
            swallow_errors=True,
            in_memory_fallback_enabled=True,
            headers_enabled=False,  # Retry-After is set on the 429 only, by us
        )
        self.limiter.init_app(app)
        common = {"deduct_when": _login_failed, "exempt_when": _disabled}
        per_account = self.limiter.shared_limit(
            _account_limit, scope="login-failures-account", key_func=_account_key, **common
        )
        per_address = self.limiter.shared_limit(
            _address_limit, scope="login-failures-address", key_func=_address_key, **common
        )
        self._gate = per_account(per_address(_login_gate))

    def wait_seconds(self) -> int | None:
        """Seconds until this login attempt may be tried, or None when it may go ahead.

        Going ahead also registers the request with the limiter, so that a refused password
        (``note_failed_login``) is deducted when the response leaves.
        """
        try:
            self._gate()
        except RateLimitExceeded:
            return self._retry_after()
        return None

    def _retry_after(self) -> int:
        try:
            breached = self.limiter.current_limit
            reset_at = breached.window[0] if breached is not None else time.time() + 60
        except Exception:  # storage trouble: a plain minute rather than a 500
            log.exception("login throttle: could not read the window")
            reset_at = time.time() + 60
        return max(1, math.ceil(reset_at - time.time()))

    def reset(self) -> None:
        """Forget every counter (tests; an operator after a false alarm)."""
        self.limiter.reset()


def init_app(app: Flask) -> LoginThrottle:
    for key in ("LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_FAILURES_PER_ADDRESS"):
        value = app.config.get(key)
        if value:
            try:
                parse_many(str(value))
            except ValueError as exc:  # a typo must not silently switch throttling off
                raise RuntimeError(f"{key}={value!r} is not a rate such as '10 per 15 minutes'") from exc
    # FAB builds a limiter of its own (unused: AUTH_RATE_LIMITED is off); give it the same storage
    # rather than its warning about the default.
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    throttle = LoginThrottle(app)
    app.extensions[EXTENSION_KEY] = throttle
    app.before_request(_throttle_api_login)
    app.after_request(_audit_api_login)
    return throttle


def current_throttle() -> LoginThrottle:
    return current_app.extensions[EXTENSION_KEY]


def reset_login_throttle(app: Flask) -> None:
    app.extensions[EXTENSION_KEY].reset()


def wait_for(items, *keys: str) -> int | None:
    """Count one hit of each rate-limit item (``limits`` items) for these keys in the login limiter's
    storage: the seconds to wait when one is used up, else None. Storage trouble lets the hit through
    (logged): a broken counter must not break the page it guards."""
    limiter = current_throttle().limiter.limiter
    try:
        for item in items:
            if not limiter.hit(item, *keys):
                reset_at, _remaining = limiter.get_window_stats(item, *keys)
                return max(1, math.ceil(reset_at - time.time()))
    except Exception:  # noqa: BLE001 - see above
        log.exception("rate limit storage unavailable (%s)", keys[0] if keys else "")
    return None


def too_many_attempts_message(seconds: int) -> str:
    return _(
        "Too many failed sign-in attempts. Try again in %(minutes)s min.",
        minutes=max(1, math.ceil(seconds / 60)),
    )


def note_failed_login(username: str | None, channel: str) -> None:
    """A password was refused: count it (after the response) and write it to the audit trail."""
    g.setdefault(_FAILED_FLAG, True)
    from app.audit import record_failed_login
    from app.extensions import db

    name = (username or "").strip()
    user = _find_user(name)
    try:
        record_failed_login(
            db.session,
            name,
            address=client_address(),
            channel=channel,
            user_id=user.id if user is not None else None,
            tenant_id=getattr(user, "tenant_id", None) if user is not None else None,
        )
        db.session.commit()
    except Exception:  # the refusal must still be answered; the log keeps the trace
        db.session.rollback()
        log.exception("could not audit a failed login for %r", name[:128])


def _find_user(name: str):
    if not name:
        return None
    try:
        return current_app.appbuilder.sm.find_user(username=name)
    except Exception:  # e.g. two accounts differing only in case
        return None


def _is_api_login() -> bool:
    return request.method == "POST" and request.endpoint == API_LOGIN_ENDPOINT


def _throttle_api_login() -> Response | None:
    if not _is_api_login():
        return None
    wait = current_throttle().wait_seconds()
    if wait is None:
        return None
    response = jsonify(message=too_many_attempts_message(wait))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def _audit_api_login(response: Response) -> Response:
    if _is_api_login() and response.status_code == 401:
        username = None
        body = request.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("username"), str):
            username = body["username"]
        note_failed_login(username, channel="api")
    return response
