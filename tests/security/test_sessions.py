"""Sessions (issue 9, point 4): logout only by POST with the CSRF token, a copied cookie is dead
after logout, idle and too old sessions end, cookie flags in production, JWT tokens expire."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.extensions import db
from models.base import utcnow
from models.user_session import UserSession
from tests.helpers import user

PROTECTED = "/personview/list/"


def sessions_of(username: str) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.execute(select(UserSession).where(UserSession.user_id == user(username).id)).scalars())


def live_session(username: str) -> UserSession:
    rows = [row for row in sessions_of(username) if row.revoked_at is None]
    assert len(rows) == 1
    return rows[0]


def age_session(row_id: str, **fields: dt.timedelta) -> None:
    db.session.execute(
        update(UserSession).where(UserSession.id == row_id).values({k: utcnow() - v for k, v in fields.items()})
    )
    db.session.commit()


def sent_to_login(response) -> bool:
    return response.status_code == 302 and "/login/" in response.headers["Location"]


def test_login_records_a_session_and_the_cookie_carries_only_its_token(browser, ctx):
    b = browser("district")
    row = live_session("district")
    cookie = b.client.get_cookie("session").value
    assert row.id not in cookie  # only the SHA-256 of the token is stored, never the token itself
    assert b.get(PROTECTED).status_code == 200


def test_the_navbar_logs_out_with_a_post_form_carrying_the_csrf_token(browser):
    page = browser("district").get("/").get_data(as_text=True)
    assert 'href="/logout/"' not in page
    form = page[page.index('action="/logout/"') - 60:]
    assert 'method="post"' in form[:120] and 'name="csrf_token"' in form[:400]


def test_get_logout_changes_nothing(browser, ctx):
    b = browser("district")
    response = b.get("/logout/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'action="/logout/"' in page and 'name="csrf_token"' in page  # a button, not an action
    assert b.get(PROTECTED).status_code == 200
    assert live_session("district").revoked_at is None


def test_post_logout_without_the_csrf_token_is_refused(browser, ctx):
    b = browser("district")
    assert b.post("/logout/", csrf=False).status_code == 400
    assert b.get(PROTECTED).status_code == 200
    assert live_session("district").revoked_at is None


def test_a_copied_cookie_is_dead_after_logout(app, browser, ctx):
    b = browser("district")
    thief = app.test_client()
    thief.set_cookie("session", b.client.get_cookie("session").value)
    with app.app_context():
        assert thief.get(PROTECTED).status_code == 200  # the copy works while the session lives
    assert b.post("/logout/").status_code == 302
    assert all(row.revoked_at is not None for row in sessions_of("district"))
    with app.app_context():
        assert sent_to_login(thief.get(PROTECTED))
    # a copy used on the API after logout: 401 with a message, no data
    stolen = app.test_client()
    b2 = browser("district")
    stolen.set_cookie("session", b2.client.get_cookie("session").value)
    b2.post("/logout/")
    with app.app_context():
        response = stolen.get("/api/v1/person/")
    assert response.status_code == 401 and response.get_json()["message"]
    # and the owner's own browser is signed out too
    assert sent_to_login(b.get(PROTECTED))


def test_an_idle_session_expires_with_a_translated_notice(browser, ctx):
    b = browser("district")
    row = live_session("district")
    age_session(row.id, last_seen_at=dt.timedelta(minutes=31))
    response = b.get(PROTECTED)
    assert sent_to_login(response)
    assert "next=" in response.headers["Location"]
    page = b.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ұзақ уақыт әрекет болмағандықтан" in page
    assert live_session_count("district") == 0
    russian = browser()
    russian.get("/lang/ru")
    russian.login("district")
    age_session(live_session("district").id, last_seen_at=dt.timedelta(minutes=31))
    response = russian.get(PROTECTED)
    assert sent_to_login(response)
    assert "Сеанс завершён из-за долгого бездействия" in russian.get(response.headers["Location"]).get_data(as_text=True)


def live_session_count(username: str) -> int:
    return sum(1 for row in sessions_of(username) if row.revoked_at is None)


def test_activity_keeps_a_session_alive_without_writing_on_every_request(browser, ctx):
    b = browser("district")
    row = live_session("district")
    seen = row.last_seen_at
    b.get(PROTECTED)
    b.get(PROTECTED)
    assert live_session("district").last_seen_at == seen  # touched at most once a minute
    age_session(row.id, last_seen_at=dt.timedelta(minutes=29))
    assert b.get(PROTECTED).status_code == 200
    assert utcnow() - live_session("district").last_seen_at < dt.timedelta(minutes=1)


def test_a_session_ends_after_its_lifetime_even_when_active(browser, ctx):
    b = browser("district")
    age_session(live_session("district").id, created_at=dt.timedelta(hours=13))
    assert sent_to_login(b.get(PROTECTED))


def test_idle_timeout_is_configurable(app, browser, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", 5 * 60)
    b = browser("district")
    age_session(live_session("district").id, last_seen_at=dt.timedelta(minutes=6))
    assert sent_to_login(b.get(PROTECTED))


def test_a_session_cookie_without_a_server_record_is_refused(app, browser, ctx):
    b = browser("district")
    db.session.execute(UserSession.__table__.delete())
    db.session.commit()
    assert sent_to_login(b.get(PROTECTED))


def test_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not app.config["SESSION_COOKIE_SECURE"]  # the test configuration is not production


@pytest.fixture
def production_app(app, database):
    from app import create_app
    from tests.conftest import make_test_config

    config = make_test_config(database.url, database.tmp)
    config.update({"USTAZ_ENV": "production", "SECRET_KEY": "p" * 40})
    return create_app(config)


def test_production_cookies_are_secure_httponly_and_samesite(production_app):
    import re

    client = production_app.test_client()
    with production_app.app_context():
        page = client.get("/login/", base_url="https://localhost")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
        response = client.post(
            "/login/",
            data={"username": "district", "password": "ustaz-demo", "csrf_token": token},
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login/"},
        )
    assert response.status_code == 302 and "/login" not in response.headers["Location"]
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "samesite=lax"} <= flags
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True


def test_jwt_tokens_expire(app):
    import jwt

    with app.app_context():
        response = app.test_client().post(
            "/api/v1/security/login",
            json={"username": "district", "password": "ustaz-demo", "provider": "db", "refresh": True},
        )
    body = response.get_json()
    access = jwt.decode(body["access_token"], options={"verify_signature": False})
    refresh = jwt.decode(body["refresh_token"], options={"verify_signature": False})
    assert access["exp"] - access["iat"] == 15 * 60
    assert refresh["exp"] - refresh["iat"] == 12 * 3600
