"""Ustaz configuration: UPPERCASE defaults, overridden by the environment and USTAZ_CONFIG.

With no environment set the app runs embedded: a SQLite file under ``instance/`` and jobs
executed in-process. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and RQ workers.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask_appbuilder.const import AUTH_DB

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("USTAZ_INSTANCE_DIR", BASE_DIR / "instance"))

USTAZ_ENV = "development"  # development | test | production
APP_NAME = "Ұстаз"
APP_THEME = ""

SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'ustaz.db'}"
SQLALCHEMY_TRACK_MODIFICATIONS = False
REDIS_URL = ""  # empty: jobs run in-process
RQ_QUEUES = ["default"]

SECRET_KEY = ""  # empty: a dev key is generated under instance/ (refused in production)
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_TYPE = AUTH_DB
AUTH_ROLE_ADMIN = "Admin"
AUTH_ROLE_PUBLIC = "Public"
AUTH_USER_REGISTRATION = False
# Permissions are synced by `flask ustaz sync-roles` (run by `make run` and deploys), not at
# every start: start-up stays fast and a fresh database can be migrated before it has tables.
FAB_UPDATE_PERMS = False
FAB_ADD_SECURITY_API = False
FAB_API_SWAGGER_UI = False
FAB_PASSWORD_HASH_METHOD = "scrypt"
FAB_API_MAX_PAGE_SIZE = 100
# HTML lists count exactly up to this many rows; past it an estimate and keyset "Next" links (app/web/paging.py)
LIST_EXACT_COUNT_LIMIT = 10_000

BABEL_DEFAULT_LOCALE = "kk"
BABEL_DEFAULT_FOLDER = "translations"
BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
LANGUAGES = {
    "kk": {"flag": "kz", "name": "Қазақша"},
    "ru": {"flag": "ru", "name": "Русский"},
    "en": {"flag": "gb", "name": "English"},
}

UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
UPLOAD_FOLDER = UPLOAD_DIR
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_CONTENT_LENGTH = 64 * 1024 * 1024
IMPORT_MAX_ROWS = 50_000

DEMO_PASSWORD = "ustaz-demo"

# Capacity forecast on the dashboards (reports/forecast.py): applications a commission decides a day.
# A planning assumption, not a rule of the order: change it to what the commissions actually manage.
REPORT_REVIEWS_PER_DAY = 8

# National registries (app/integrations, docs/registries.md). A registry without a URL is not synced
# and its lookups answer "not configured"; REGISTRY_<NAME>_URL / _TOKEN come from the environment.
REGISTRY_NOBD_URL = REGISTRY_GBDFL_URL = REGISTRY_GBDUL_URL = ""
REGISTRY_UTO_URL = REGISTRY_MNVO_URL = REGISTRY_ORLEU_URL = ""
REGISTRY_TIMEOUT = (3.0, 10.0)  # connect, read (seconds)
REGISTRY_LOOKUP_TIMEOUT = (2.0, 4.0)  # a form waits on a lookup: give up sooner, the user types the name
# the forms' "Find by IIN / BIN" buttons, per user and registry: a name by ИИН is not to be harvested
REGISTRY_LOOKUP_RATE_LIMIT = "20 per minute; 300 per day"
REGISTRY_RETRIES = 6  # attempts after the first, with exponential backoff from REGISTRY_BACKOFF
REGISTRY_BACKOFF = 0.5
REGISTRY_BACKOFF_MAX = 30.0
REGISTRY_RETRY_AFTER_MAX = 60.0
REGISTRY_PAGE_SIZE = 1000
# a running sync writes a heartbeat every page; one silent this long is taken as dead and resumed
REGISTRY_LOCK_STALE_SECONDS = 300
# `flask ustaz sync-due` (cron): an incremental sync when the last is older than this; a full one weekly
REGISTRY_SYNC_INTERVAL_HOURS = 20
REGISTRY_FULL_SYNC_DAYS = 7

# Environment variable -> config key, with a converter.
_ENV_OVERRIDES = {
    "USTAZ_ENV": ("USTAZ_ENV", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "REDIS_URL": ("REDIS_URL", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "UPLOAD_DIR": ("UPLOAD_DIR", str),
    "MAX_UPLOAD_BYTES": ("MAX_UPLOAD_BYTES", int),
    "FAB_UPDATE_PERMS": ("FAB_UPDATE_PERMS", lambda v: v.lower() in {"1", "true", "yes"}),
    **{f"REGISTRY_{name}_{part}": (f"REGISTRY_{name}_{part}", str)
       for name in ("NOBD", "GBDFL", "GBDUL", "UTO", "MNVO", "ORLEU") for part in ("URL", "TOKEN")},
}


def environment_overrides(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Config values taken from the environment (only the variables that are set)."""
    environ = os.environ if environ is None else environ
    found: dict[str, object] = {}
    for var, (key, convert) in _ENV_OVERRIDES.items():
        if environ.get(var):
            found[key] = convert(environ[var])
    if "SQLALCHEMY_DATABASE_URI" in found:
        found["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(found["SQLALCHEMY_DATABASE_URI"]))
    if "UPLOAD_DIR" in found:
        found["UPLOAD_FOLDER"] = found["UPLOAD_DIR"]
    return found


def normalise_database_url(url: str) -> str:
    """postgres:// and postgresql:// both mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def dev_secret_key(instance_dir: Path) -> str:
    """A random key kept under instance/ so dev sessions survive restarts; never for production."""
    path = instance_dir / "dev-secret-key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
PUBLICATION_MAX_AUTHORS = 3  # DOMAIN.md §6, 3.3: at most three authors

# --- Security headers (issue 9, part B; applied by app/security/headers.py) -------------------
# Content-Security-Policy: scripts only from our origin or inline with the per-request nonce
# (`csp_nonce()` in templates; FAB's own templates already call it). Styles allow 'unsafe-inline'
# because FAB's templates and its select2/datepicker widgets set style="" attributes, which a nonce
# cannot cover; injected CSS cannot run code, and every template is autoescaped.
# A view widens the policy with @csp_allow(...) from app.security.headers (e.g. the signing page).
CSP_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
CSP_NCALAYER_SOURCE = "wss://127.0.0.1:13579"  # NCALayer's local websocket, for signing pages only
# Browser features the app never uses, denied to every page and frame.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in ("accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
                    "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics")
}
REFERRER_POLICY = "same-origin"
# HSTS is sent on every response when USTAZ_ENV=production (browsers ignore it over plain http).
HSTS_MAX_AGE = 31_536_000  # one year
HSTS_INCLUDE_SUBDOMAINS = False  # turn on only if every subdomain of the site's domain is https
# Redirect http to https in the app (USTAZ_FORCE_HTTPS=1); usually the TLS proxy does it instead.
FORCE_HTTPS = False
_ENV_OVERRIDES["USTAZ_FORCE_HTTPS"] = ("FORCE_HTTPS", lambda v: v.lower() in {"1", "true", "yes"})

# --- Sessions and login throttling (issue 9, part C; applied by app/security/sessions.py) -----
# Cookies are HttpOnly + SameSite=Lax always, and Secure (https only) when USTAZ_ENV=production.
SESSION_COOKIE_SECURE = False  # forced on in production
REMEMBER_COOKIE_SECURE = False  # forced on in production (FAB never sets a remember-me cookie)
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
# A signed-in session ends after SESSION_IDLE_TIMEOUT without a request, and in any case
# PERMANENT_SESSION_LIFETIME after sign-in; logout kills it on the server (table user_session).
SESSION_IDLE_TIMEOUT = 30 * 60  # seconds (env SESSION_IDLE_MINUTES)
PERMANENT_SESSION_LIFETIME = 12 * 3600  # seconds
SESSION_TOUCH_INTERVAL = 60  # seconds: the idle clock is written at most this often
# JWT API tokens (/api/v1/security/login) are not revocable; they expire instead.
JWT_ACCESS_TOKEN_EXPIRES = 15 * 60  # seconds
JWT_REFRESH_TOKEN_EXPIRES = 12 * 3600  # seconds
# Failed logins only (a correct password never counts), browser and API login together; over the
# limit every attempt gets 429 + Retry-After. Storage: REDIS_URL when set, else process memory.
# Behind a reverse proxy, set USTAZ_TRUSTED_PROXIES (below) so that the client's address is
# counted, or every user shares the proxy's per-address allowance.
LOGIN_THROTTLE_ENABLED = True
LOGIN_FAILURES_PER_ACCOUNT = "10 per 15 minutes"  # env LOGIN_FAILURES_PER_ACCOUNT
LOGIN_FAILURES_PER_ADDRESS = "100 per 15 minutes"  # env LOGIN_FAILURES_PER_ADDRESS
_ENV_OVERRIDES["SESSION_IDLE_MINUTES"] = ("SESSION_IDLE_TIMEOUT", lambda v: int(v) * 60)
_ENV_OVERRIDES["LOGIN_FAILURES_PER_ACCOUNT"] = ("LOGIN_FAILURES_PER_ACCOUNT", str)
_ENV_OVERRIDES["LOGIN_FAILURES_PER_ADDRESS"] = ("LOGIN_FAILURES_PER_ADDRESS", str)

# --- Reverse proxies ---------------------------------------------------------------------------
# The number of proxies in front of the app (nginx, a load balancer) whose X-Forwarded-For /
# -Proto / -Host / -Port headers are trusted (werkzeug ProxyFix): the client's address for the
# login throttle and the audit trail, https for redirects. 0 (default): such headers are ignored,
# since a client could forge them.
TRUSTED_PROXIES = 0
_ENV_OVERRIDES["USTAZ_TRUSTED_PROXIES"] = ("TRUSTED_PROXIES", int)

# --- Display ---------------------------------------------------------------------------------
# Times are stored in UTC and shown in this zone (Kazakhstan keeps one zone, UTC+5, since 2024).
DISPLAY_TIMEZONE = "Asia/Almaty"

# --- Notifications and e-mail (issue 10, point 6; app/notifications) ---------------------------
# E-mail is off until MAIL_SERVER is set: notifications then only reach the inbox. The e-mails
# go through Flask-Mailman's SMTP backend, sent by a job after the transaction commits.
MAIL_SERVER = None  # e.g. "smtp.example.kz" (env MAIL_SERVER)
MAIL_PORT = 25
MAIL_USE_TLS = False  # STARTTLS on MAIL_PORT (usually 587)
MAIL_USE_SSL = False  # implicit TLS (usually 465); exclusive with MAIL_USE_TLS
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_DEFAULT_SENDER = "Ustaz <no-reply@ustaz.local>"
MAIL_TIMEOUT = 10  # seconds per SMTP operation: a hung server must not hold a worker
# Always SMTP: Flask-Mailman would otherwise switch to its in-memory backend under TESTING.
MAIL_BACKEND = "smtp"
# The site's address as recipients reach it: the links in e-mails start with it.
PUBLIC_URL = "http://127.0.0.1:5000"
# Daily reminders (`flask ustaz remind`): the application window closes within this many days;
# a review is due within this many days (or is overdue).
REMIND_WINDOW_DAYS = 7
REMIND_REVIEW_DAYS = 3
REMIND_PROTOCOL_DAYS = 2  # a protocol unsigned this long: its missing signers are reminded daily
_ENV_OVERRIDES.update({
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in {"1", "true", "yes"}),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: v.lower() in {"1", "true", "yes"}),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "MAIL_TIMEOUT": ("MAIL_TIMEOUT", int),
    "PUBLIC_URL": ("PUBLIC_URL", str),
    "REMIND_WINDOW_DAYS": ("REMIND_WINDOW_DAYS", int),
    "REMIND_REVIEW_DAYS": ("REMIND_REVIEW_DAYS", int),
    "REMIND_PROTOCOL_DAYS": ("REMIND_PROTOCOL_DAYS", int),
})

# --- Documents and signatures (issue 11; app/attestation/signing.py, app/signatures) ------------
# Trusted roots for members' ЭЦП (the НУЦ РК root and intermediate certificates, PEM or DER files)
# and CRL files; in production the OCSP/CRL addresses named in each certificate are fetched too.
SIGNATURE_TRUST_ROOTS: list[str] = []  # env SIGNATURE_TRUST_ROOTS: paths separated by ":"
SIGNATURE_CRL_FILES: list[str] = []
# The national CA's CRL addresses: fetched by the server and cached until their next update
SIGNATURE_CRL_URLS: list[str] = []  # env SIGNATURE_CRL_URLS: addresses separated by spaces or commas
SIGNATURE_ALLOW_FETCHING = False  # env SIGNATURE_ALLOW_FETCHING=1 (production)
# GOST 34.310 signatures (most Kazakh qualified certificates) are verified by an NCANode server.
SIGNATURE_NCANODE_URL = None  # e.g. "http://127.0.0.1:14579" (env SIGNATURE_NCANODE_URL)
# The local test CA (`flask ustaz ca init`) and the "sign with test key" path: development, tests and
# the demo only. Any other USTAZ_ENV (production, staging…) refuses both whatever this says.
SIGNATURE_TEST_CA_DIR = str(INSTANCE_DIR / "test-ca")
SIGNATURE_TEST_KEYS = True
# The public certificate check /verify/<number>: requests per client address.
VERIFY_RATE_LIMIT = "30 per minute"
_ENV_OVERRIDES.update({
    "SIGNATURE_TRUST_ROOTS": ("SIGNATURE_TRUST_ROOTS", lambda v: [p for p in v.split(":") if p]),
    "SIGNATURE_CRL_FILES": ("SIGNATURE_CRL_FILES", lambda v: [p for p in v.split(":") if p]),
    "SIGNATURE_CRL_URLS": ("SIGNATURE_CRL_URLS", lambda v: [p for p in v.replace(",", " ").split() if p]),
    "SIGNATURE_ALLOW_FETCHING": ("SIGNATURE_ALLOW_FETCHING", lambda v: v.lower() in {"1", "true", "yes"}),
    "SIGNATURE_NCANODE_URL": ("SIGNATURE_NCANODE_URL", str),
    "SIGNATURE_TEST_CA_DIR": ("SIGNATURE_TEST_CA_DIR", str),
    "SIGNATURE_TEST_KEYS": ("SIGNATURE_TEST_KEYS", lambda v: v.lower() in {"1", "true", "yes"}),
    "VERIFY_RATE_LIMIT": ("VERIFY_RATE_LIMIT", str),
})
