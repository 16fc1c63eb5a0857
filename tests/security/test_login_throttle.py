"""Login throttling (issue 9, point 4): only refused passwords count, per account and per address;
over the limit every attempt gets 429 with Retry-After and a translated message; failures are audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.security.throttle import reset_login_throttle
from models.audit import AuditRecord
from tests.helpers import user

WRONG = "not-the-password-42"


@pytest.fixture(autouse=True)
def fresh_counters(app):
    """The test app lives for the whole session: start and leave every test with empty counters."""
    reset_login_throttle(app)
    yield
    reset_login_throttle(app)


def attempt(b, username: str, password: str, **kwargs):
    return b.post("/login/", {"username": username, "password": password}, **kwargs)


def signed_in(response) -> bool:
    return response.status_code == 302 and "/login" not in response.headers["Location"]


def failed_login_rows() -> list[AuditRecord]:
    db.session.expire_all()
    return list(
        db.session.execute(select(AuditRecord).where(AuditRecord.action == "login_failed").order_by(AuditRecord.id))
        .scalars()
    )


def test_defaults_are_ten_per_account_and_a_hundred_per_address(app):
    assert app.config["LOGIN_THROTTLE_ENABLED"] is True
    assert app.config["LOGIN_FAILURES_PER_ACCOUNT"] == "10 per 15 minutes"
    assert app.config["LOGIN_FAILURES_PER_ADDRESS"] == "100 per 15 minutes"


def test_ten_failures_lock_the_account_with_429_and_retry_after(browser, ctx):
    b = browser()
    for _ in range(10):
        response = attempt(b, "district", WRONG)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    # the eleventh attempt is refused even with the right password: guessing cannot go on
    response = attempt(b, "district", "ustaz-demo")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 15 * 60
    page = response.get_data(as_text=True)
    assert "Кіру әрекеттері тым көп рет сәтсіз болды" in page  # Kazakh, the default language
    assert 'name="password"' in page  # the login page itself, in the app's layout
    # another account from the same address is not affected
    assert signed_in(attempt(browser(), "director", "ustaz-demo"))


def test_the_message_is_in_russian_for_a_russian_session(browser):
    b = browser()
    b.get("/lang/ru")
    for _ in range(10):
        attempt(b, "district", WRONG)
    response = attempt(b, "district", WRONG)
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.get_data(as_text=True)


def test_successful_logins_are_never_counted(browser):
    for _ in range(9):
        attempt(browser(), "district", WRONG)
    # nine failures leave one in the allowance: thirty successes in a row must all pass
    for _ in range(30):
        assert signed_in(attempt(browser(), "district", "ustaz-demo"))
    assert attempt(browser(), "district", WRONG).status_code == 302  # the tenth failure
    assert attempt(browser(), "district", "ustaz-demo").status_code == 429


def test_usernames_count_case_insensitively(browser):
    for name in ["district", "DISTRICT", " District "] * 3 + ["dIsTrIcT"]:
        attempt(browser(), name, WRONG)
    assert attempt(browser(), "district", "ustaz-demo").status_code == 429


def test_per_address_limit_counts_failures_on_any_account(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS", "5 per 15 minutes")
    b = browser()
    for i in range(5):
        attempt(b, f"nobody-{i}", WRONG)
    response = attempt(b, "district", "ustaz-demo")
    assert response.status_code == 429 and response.headers["Retry-After"]
    # another address still signs in
    assert signed_in(attempt(browser(), "district", "ustaz-demo", environ_base={"REMOTE_ADDR": "10.1.2.3"}))


def test_failed_logins_are_audited_without_the_password(browser, ctx):
    attempt(browser(), "district", WRONG)
    attempt(browser(), "no-such-person", WRONG)
    rows = failed_login_rows()
    assert [(r.username, r.object_id) for r in rows] == [("district", str(user("district").id)), ("no-such-person", None)]
    assert rows[0].tenant_id == user("district").tenant_id  # scoped like the account
    assert rows[0].changes == {"address": "127.0.0.1", "channel": "browser"}
    everything = db.session.execute(select(AuditRecord)).scalars().all()
    assert not any(WRONG in f"{r.changes} {r.object_repr} {r.username}" for r in everything)
    # a successful login writes no trail row (its counters are bookkeeping)
    before = len(failed_login_rows())
    assert signed_in(attempt(browser(), "district", "ustaz-demo"))
    assert len(failed_login_rows()) == before


def api_login(client, username: str, password: str, query: str = ""):
    return client.post(
        f"/api/v1/security/login{query}", json={"username": username, "password": password, "provider": "db"}
    )


def test_api_token_login_is_throttled_with_the_same_counters(app, browser, ctx):
    client = app.test_client()
    for _ in range(5):
        assert api_login(client, "district", WRONG).status_code == 401
    for _ in range(5):  # browser failures add to the same account
        attempt(browser(), "district", WRONG)
    response = api_login(client, "district", "ustaz-demo", "?_l_=ru")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 15 * 60
    assert response.get_json()["message"].startswith("Слишком много неудачных попыток входа")
    assert [r.changes["channel"] for r in failed_login_rows()] == ["api"] * 5 + ["browser"] * 5
    # other accounts still get their token
    assert api_login(client, "director", "ustaz-demo").status_code == 200


def test_api_successes_are_not_counted(app):
    client = app.test_client()
    for _ in range(15):
        assert api_login(client, "district", "ustaz-demo").status_code == 200


def test_throttling_can_be_switched_off(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_THROTTLE_ENABLED", False)
    for _ in range(12):
        attempt(browser(), "district", WRONG)
    assert signed_in(attempt(browser(), "district", "ustaz-demo"))


def test_a_mistyped_limit_is_refused_at_start():
    from flask import Flask

    from app.security import throttle

    bare = Flask(__name__)
    bare.config["LOGIN_FAILURES_PER_ACCOUNT"] = "ten a minute"
    with pytest.raises(RuntimeError, match="LOGIN_FAILURES_PER_ACCOUNT"):
        throttle.init_app(bare)


def test_behind_a_trusted_proxy_the_client_address_is_counted(app, browser, monkeypatch):
    from app import _trust_proxies

    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS", "5 per 15 minutes")
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # restored after the test
    _trust_proxies(app)
    for i in range(5):
        attempt(browser(), f"nobody-{i}", WRONG, headers={"X-Forwarded-For": "198.51.100.7"})
    assert attempt(browser(), "district", "ustaz-demo", headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 429
    # another client behind the same proxy (same REMOTE_ADDR) is not locked out
    assert signed_in(attempt(browser(), "district", "ustaz-demo", headers={"X-Forwarded-For": "198.51.100.8"}))


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS", "5 per 15 minutes")
    for i in range(5):
        attempt(browser(), f"nobody-{i}", WRONG, headers={"X-Forwarded-For": f"203.0.113.{i}"})
    assert attempt(browser(), "district", "ustaz-demo", headers={"X-Forwarded-For": "203.0.113.99"}).status_code == 429
