"""Login throttling and server-side session control (part C of issue 9).

- Cookie policy: HttpOnly and SameSite=Lax always; Secure in production.
- Every browser sign-in gets a row in ``user_session``; the signed session cookie carries its
  random token. Each request of a signed-in user looks the row up by primary key: a revoked
  (logged out), idle or too old session is ended and the user is sent to the login page. So a
  copied cookie is dead once its owner logs out.
- The idle clock (``last_seen_at``) is written at most once per ``SESSION_TOUCH_INTERVAL``, not on
  every request.
- JWT API tokens are stateless and out of this mechanism: they expire (JWT_ACCESS_TOKEN_EXPIRES).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import Flask, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_login import logout_user, user_logged_in
from sqlalchemy import delete, insert, or_, update

from app.i18n import _
from app.security import throttle
from models.base import utcnow

#: the key of the session token inside Flask's signed session cookie
SESSION_TOKEN_KEY = "_ustaz_sid"
EXTENSION_KEY = "ustaz_sessions"

_LIVE, _ENDED, _IDLE = "live", "ended", "idle"


def init_app(app: Flask) -> None:
    """Register login throttling, session checks and cookie policy."""
    _cookie_policy(app)
    throttle.init_app(app)
    app.extensions[EXTENSION_KEY] = True
    # Registered before FAB's own hooks (create_app builds AppBuilder later), so a dead session
    # is dropped before Flask-Login loads the user for the request.
    app.before_request(_check_session)
    user_logged_in.connect(_start_session)  # a module-level receiver: blinker keeps it


def _cookie_policy(app: Flask) -> None:
    config = app.config
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    for key in ("SESSION_COOKIE_SAMESITE", "REMEMBER_COOKIE_SAMESITE"):
        if config.get(key) not in ("Lax", "Strict"):
            config[key] = "Lax"
    if config.get("USTAZ_ENV") == "production":
        # Production is served over HTTPS only: the cookies must never travel in clear.
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True


def _seconds(value: object, default: float) -> float:
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return default


def _limits() -> tuple[float, float, float]:
    """(idle timeout, absolute lifetime, touch interval) in seconds, from the config."""
    config = current_app.config
    return (
        _seconds(config.get("SESSION_IDLE_TIMEOUT"), 30 * 60),
        _seconds(config.get("PERMANENT_SESSION_LIFETIME"), 12 * 3600),
        _seconds(config.get("SESSION_TOUCH_INTERVAL"), 60),
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _db():
    from app.extensions import db

    return db


def _start_session(sender, user, **_extra) -> None:
    """Flask-Login signed a user in: record the session on the server and put its token in the cookie."""
    if not current_app.extensions.get(EXTENSION_KEY):
        return
    from models.user_session import UserSession

    db = _db()
    now = utcnow()
    previous = session.get(SESSION_TOKEN_KEY)
    if isinstance(previous, str):
        _revoke(previous, now)
    _, lifetime, _touch = _limits()
    # Keep the table small: this user's ended sessions are of no further use.
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(
                UserSession.revoked_at.is_not(None),
                UserSession.created_at < now - dt.timedelta(seconds=lifetime),
            ),
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.execute(
        insert(UserSession).values(id=_digest(token), user_id=user.id, created_at=now, last_seen_at=now)
    )
    db.session.commit()
    session[SESSION_TOKEN_KEY] = token


def _revoke(token: str, when: dt.datetime) -> None:
    from models.user_session import UserSession

    _db().session.execute(
        update(UserSession)
        .where(UserSession.id == _digest(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=when)
    )


def end_current_session() -> None:
    """Logout: revoke this browser's session on the server, then forget its token."""
    token = session.pop(SESSION_TOKEN_KEY, None)
    if isinstance(token, str):
        db = _db()
        _revoke(token, utcnow())
        db.session.commit()


def _state_of(token: object, user_id: object) -> str:
    from models.user_session import UserSession

    if not isinstance(token, str) or not token:
        return _ENDED
    db = _db()
    # the session and its user (roles, groups, permission stamp) in one statement: the user is
    # handed to Flask-Login, which would otherwise read it again (UstazSecurityManager)
    row, user = current_app.appbuilder.sm.load_session_user(_digest(token))
    if row is None or row.revoked_at is not None or str(row.user_id) != str(user_id):
        return _ENDED
    idle, lifetime, touch = _limits()
    now = utcnow()
    if (now - row.created_at).total_seconds() > lifetime:
        state = _ENDED
    elif (now - row.last_seen_at).total_seconds() > idle:
        state = _IDLE
    else:
        if (now - row.last_seen_at).total_seconds() >= touch:
            db.session.execute(update(UserSession).where(UserSession.id == _digest(token)).values(last_seen_at=now))
            db.session.commit()  # expires the user read above: Flask-Login reads it afresh
        elif user is not None and user.is_active and not current_app.login_manager._session_protection_failed():
            g._login_user = user  # Flask-Login's per-request user (its session protection checked first)
        return _LIVE
    _revoke(token, now)
    db.session.commit()
    return state


def _is_static() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")


def _login_endpoint() -> str | None:
    appbuilder = getattr(current_app, "appbuilder", None)
    auth_view = getattr(getattr(appbuilder, "sm", None), "auth_view", None)
    return f"{auth_view.endpoint}.login" if auth_view is not None else None


def _check_session():
    """Before each request: a signed-in cookie must name a live server-side session."""
    if "_user_id" not in session or _is_static():
        return None
    state = _state_of(session.get(SESSION_TOKEN_KEY), session.get("_user_id"))
    if state == _LIVE:
        return None
    session.pop(SESSION_TOKEN_KEY, None)
    logout_user()
    if state == _IDLE:
        message = _("You were signed out after a period of inactivity. Please sign in again.")
    else:
        message = _("Your session has ended. Please sign in again.")
    if request.path.startswith("/api/"):
        return jsonify(message=message), 401
    flash(message, "warning")
    login = _login_endpoint()
    if login is None or request.endpoint == login:
        return None  # the login page itself simply opens, with the notice
    next_url = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for(login, next=next_url))
