"""create_app(): config -> extensions -> appbuilder -> views -> CLI."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, request

import config as default_config
from app.extensions import csrf, db, init_migrations

BASE_DIR = Path(default_config.BASE_DIR)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(default_config.INSTANCE_DIR), template_folder="templates")
    _quiet_fab_logs()
    _configure(app, overrides or {})
    _trust_proxies(app)
    db.init_app(app)
    init_migrations(app, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    _csrf_for_sessions_only(app)
    from app.web import bounds, errors

    bounds.init_app(app)
    errors.init_app(app)
    from app.security import headers, sessions

    headers.init_app(app)
    sessions.init_app(app)
    from app.notifications import mail as _mail; _mail.init_app(app)  # noqa: E702, I001 - e-mail (issue 10)

    import models  # noqa: F401 - registers every model on the shared metadata
    from app import audit as _audit  # noqa: F401 - the audit trail's session listener
    from app.attestation import periods as _periods  # noqa: F401 - closed periods' session listener
    from app.integrations import readonly as _registry_values  # noqa: F401 - registry values' session listener
    from app.observation import sheets as _sheets  # noqa: F401 - submitted sheets' session listener
    from app.portfolio import readiness as _readiness  # noqa: F401 - readiness refresh after profile changes
    from app.portfolio import rules as _rules  # noqa: F401 - profile rules' session listener
    from app.scoring import rulesets as _rulesets  # noqa: F401 - published rule sets' session listener
    from app.security import models as _security_models  # noqa: F401
    from reports import tracking as _report_tracking

    _report_tracking.install()  # writes mark their tenants for the dashboards' summaries

    with app.app_context():
        _appbuilder(app)
    _portal(app)
    from app.cli import register_cli

    register_cli(app)

    @app.after_request
    def _side_effects_after_commit(response):
        from app.jobs import run_after_commit

        run_after_commit()
        return response

    return app


def _quiet_fab_logs() -> None:
    import logging

    # FAB warns on every start that it has no search filter for Time columns; not actionable.
    for name in ("flask_appbuilder.models.filters", "flask_appbuilder.models.sqla.filters",
                 "flask_appbuilder.security.sqla.manager"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _configure(app: Flask, overrides: dict) -> None:
    app.config.from_object(default_config)
    if os.environ.get("USTAZ_CONFIG"):
        app.config.from_pyfile(os.environ["USTAZ_CONFIG"])
    app.config.update(default_config.environment_overrides())
    app.config.update(overrides)
    app.config["FAB_CREATE_DB"] = False  # the schema comes from Alembic migrations only
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked in _csrf_for_sessions_only
    if app.config["USTAZ_ENV"] == "production":
        key = app.config.get("SECRET_KEY") or ""
        dev_file = Path(app.instance_path) / "dev-secret-key"
        if len(key) < 32 or (dev_file.exists() and dev_file.read_text().strip() == key):
            raise RuntimeError(
                "USTAZ_ENV=production needs its own SECRET_KEY (32+ characters) in the environment."
            )
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = default_config.dev_secret_key(Path(app.instance_path))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]).parent.mkdir(
            parents=True, exist_ok=True
        )


def _trust_proxies(app: Flask) -> None:
    """The client's address and scheme from the configured number of reverse proxies."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def _csrf_for_sessions_only(app: Flask) -> None:
    """Every state-changing request with a session cookie needs a CSRF token.

    API calls authenticated by a JWT bearer token carry no ambient credentials, so CSRF does not
    apply to them; the token login itself is exempt (it checks a password, not a session).
    """
    exempt_paths = {"/api/v1/security/login", "/api/v1/security/refresh"}

    @app.before_request
    def _check_csrf():
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or not app.config["WTF_CSRF_ENABLED"]:
            return None
        if request.path in exempt_paths:
            return None
        from flask import session

        # A bearer client carries no cookie login; a browser session always needs the token,
        # even if a (junk) Authorization header is added.
        if request.headers.get("Authorization", "").startswith("Bearer ") and "_user_id" not in session:
            return None
        csrf.protect()
        return None


def _portal(app: Flask) -> None:
    """The teacher portal (its own blueprint and templates) and the filters every page shares."""
    from app import portal
    from app.i18n import current_locale, install_request_memo
    from app.web.display import shown_date, shown_value

    install_request_memo(app)
    app.jinja_env.filters.setdefault("localtime", shown_value)
    app.jinja_env.filters["localdate"] = shown_date
    app.jinja_env.globals["current_locale"] = current_locale
    portal.init_app(app)


def _appbuilder(app: Flask) -> None:
    from flask_appbuilder import AppBuilder

    from app.i18n import select_locale
    from app.security.manager import UstazSecurityManager
    from views import register_views
    from views.home import HomeView

    appbuilder = AppBuilder(
        security_manager_class=UstazSecurityManager,
        indexview=HomeView,
        base_template="ustaz/base.html",
        update_perms=app.config.get("FAB_UPDATE_PERMS", True),
    )
    appbuilder.init_app(app, db.session)
    app.extensions["babel"].locale_selector = select_locale
    register_views(appbuilder)
