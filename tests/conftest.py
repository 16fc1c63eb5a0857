"""Test fixtures: one app per session on a migrated database holding the demo dataset.

Embedded (default): a SQLite file, restored from a template copy before every test.
With TEST_DATABASE_URL: PostgreSQL, restored with CREATE DATABASE … TEMPLATE before every test.
With TEST_REDIS_URL: the services tests run a real RQ worker against Redis.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalise_database_url

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip()
BACKEND = "postgresql" if PG_URL else "sqlite"


class DatabaseFixture:
    """A working database and a pristine template of it, swapped back before each test."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="ustaz-test-"))
        if PG_URL:
            base = make_url(normalise_database_url(PG_URL))
            self.admin_url = base
            # one database pair per xdist worker (.ci/run runs the PostgreSQL pass on both cores)
            worker = os.environ.get("PYTEST_XDIST_WORKER", "")
            stem = f"{base.database or 'test'}{'_' + worker if worker else ''}"
            self.template_name = f"{stem}_ustaz_tpl"
            self.run_name = f"{stem}_ustaz_run"
            self.url = base.set(database=self.run_name).render_as_string(hide_password=False)
            self._pg(f'DROP DATABASE IF EXISTS "{self.run_name}" WITH (FORCE)')
            self._pg(f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)')
            self._pg(f'CREATE DATABASE "{self.run_name}"')
        else:
            self.file = self.tmp / "ustaz.db"
            self.template_file = self.tmp / "template.db"
            self.url = f"sqlite:///{self.file}"

    def _pg(self, sql: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(sql))
        engine.dispose()

    def freeze(self, engine) -> None:
        engine.dispose()
        if PG_URL:
            self._pg(f'CREATE DATABASE "{self.template_name}" TEMPLATE "{self.run_name}"')
        else:
            shutil.copyfile(self.file, self.template_file)

    def restore(self, engine) -> None:
        engine.dispose()
        if PG_URL:
            self._pg(f'DROP DATABASE IF EXISTS "{self.run_name}" WITH (FORCE)')
            self._pg(f'CREATE DATABASE "{self.run_name}" TEMPLATE "{self.template_name}"')
        else:
            shutil.copyfile(self.template_file, self.file)

    def close(self) -> None:
        if PG_URL:
            self._pg(f'DROP DATABASE IF EXISTS "{self.run_name}" WITH (FORCE)')
            self._pg(f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


def make_test_config(database_url: str, tmp: Path) -> dict:
    return {
        "USTAZ_ENV": "test",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production-000000",
        "REDIS_URL": "",
        "FAB_UPDATE_PERMS": False,
        "FAB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "SIGNATURE_TEST_CA_DIR": str(tmp / "test-ca"),
        "WTF_CSRF_ENABLED": True,
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def database():
    fixture = DatabaseFixture()
    yield fixture
    fixture.close()


@pytest.fixture(scope="session")
def app(database):
    from flask_migrate import upgrade

    from app import create_app
    from app.cli import load_reference_data, sync_roles_now
    from app.demo import seed_demo
    from app.extensions import db

    application = create_app(make_test_config(database.url, database.tmp))
    with application.app_context():
        upgrade()
        load_reference_data()
        sync_roles_now()
        seed_demo(db.session)
        from reports.summary import refresh

        refresh(db.session, full=True)  # the dashboards' summaries, as `flask ustaz seed-demo` leaves them
        db.session.commit()
        db.session.remove()
        database.freeze(db.engine)
    return application


@pytest.fixture(autouse=True)
def _fresh_database(request, database):
    """Every test that touches the app starts from the pristine demo dataset."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        with app.app_context():
            from app.extensions import db

            db.session.remove()
            database.restore(db.engine)
    yield


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        from app.extensions import db

        db.session.remove()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """A test client that logs in like a person and sends the CSRF token like the forms do."""

    def __init__(self, app, username: str | None = None) -> None:
        self.app = app
        self.client = app.test_client()
        self.username = None
        if username:
            self.login(username)

    def csrf(self) -> str:
        page = self.get("/login/" if not self.username else "/resetmypassword/form")
        match = CSRF_RE.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def login(self, username: str, password: str = "ustaz-demo"):
        token = self.csrf()
        response = self._open("/login/", method="POST", data={"username": username, "password": password, "csrf_token": token})
        assert response.status_code == 302, f"login of {username} failed"
        self.username = username
        return response

    def _open(self, *args, **kwargs):
        # A fresh app context per request: otherwise a test's own app context (and its `g`,
        # where Flask-Login and the scope cache live) would be shared between users.
        with self.app.app_context():
            return self.client.open(*args, **kwargs)

    def get(self, url: str, **kwargs):
        return self._open(url, method="GET", **kwargs)

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        return self._open(url, method="POST", data=data, **kwargs)

    def api(self, method: str, url: str, json=None, csrf: bool = True):
        headers = {"X-CSRFToken": self.csrf()} if csrf and method != "GET" else {}
        return self._open(url, method=method, json=json, headers=headers)


class TokenBrowser(Browser):
    """The suite's browser with its CSRF token fetched once (it stays valid for the session):
    for tests that send thousands of requests (route walker, concurrency)."""

    _token: str | None = None

    def csrf(self) -> str:
        if self._token is None or self.username is None:
            self._token = super().csrf()
        return self._token


@pytest.fixture
def browser(app):
    def make(username: str | None = None) -> Browser:
        return Browser(app, username)

    return make


def pytest_report_header(config):
    return f"ustaz backend: {BACKEND}; redis: {'yes' if REDIS_URL else 'no (in-process jobs)'}"
