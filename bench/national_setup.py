"""The national database: created if missing, emptied, migrated and seeded by the app, then filled by COPY."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from urllib.parse import urlsplit

import psycopg

from bench.national_copy import create_indexes, drop_secondary_indexes, reset_sequences
from bench.national_data import TARGET, Generator, Plan, Refs

#: databases the test suite owns: never generate into them
FORBIDDEN = {"test", "postgres", "template0", "template1"}
PERIOD_DAY = dt.date(2026, 12, 1)


def plain_url(url: str) -> str:
    """postgresql://… for psycopg (SQLAlchemy's +psycopg dialect suffix removed)."""
    return url.replace("postgresql+psycopg://", "postgresql://").replace("postgres://", "postgresql://")


def check_target(url: str) -> str:
    """The database name; refuses anything but a local, non-test PostgreSQL database."""
    parts = urlsplit(plain_url(url))
    name = parts.path.lstrip("/")
    if parts.scheme != "postgresql" or parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only a PostgreSQL database on 127.0.0.1 is loaded, not {url}")
    if not name or name in FORBIDDEN:
        raise SystemExit(f"refusing to generate into the database {name!r} (the test suite uses it)")
    return name


def ensure_database(url: str) -> None:
    try:
        psycopg.connect(plain_url(url)).close()
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        parts = urlsplit(plain_url(url))
        command = ["createdb", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
        if parts.username:
            command += ["-U", parts.username]
        subprocess.run([*command, parts.path.lstrip("/")], check=True)


def row_counts(url: str) -> dict[str, int]:
    """The counts --reuse compares with the plan (zero when the schema is not there)."""
    tables = ("person", "application", "commission", "tenant")
    with psycopg.connect(plain_url(url)) as conn:
        present = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in present else 0 for t in tables}
        counts["national_user"] = (conn.execute("SELECT count(*) FROM ab_user WHERE username = 'national'")
                                   .fetchone()[0] if "ab_user" in present else 0)
    return counts


def matches(counts: dict[str, int], plan: Plan) -> bool:
    return (counts["person"] == plan.persons and counts["application"] == plan.applicants
            and counts["commission"] == plan.commissions and counts["national_user"] == 1)


def reset_schema(url: str) -> None:
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def app_for(url: str, **extra):
    from app import create_app
    from config import normalise_database_url

    return create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(plain_url(url)), "FAB_UPDATE_PERMS": False,
                       "SECRET_KEY": "national-bench-" * 4, **extra})


def migrate_and_seed(app) -> None:
    """The app's own schema (Alembic), reference data, roles and the attestation periods."""
    from flask_migrate import upgrade

    from app.cli import load_reference_data, sync_roles_now
    from app.demo_attestation import seed_periods
    from app.extensions import db

    upgrade()
    load_reference_data()
    sync_roles_now()
    seed_periods(db.session, PERIOD_DAY)
    db.session.commit()


def schema_revision(url: str) -> str | None:
    with psycopg.connect(plain_url(url)) as conn:
        present = conn.execute("SELECT to_regclass('public.alembic_version')").fetchone()[0]
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] if present else None


def upgrade_schema(url: str) -> dict:
    """Reused data brought up to the code as a deploy does (README: migrations, then sync-roles): a dataset
    generated before a newer migration (issue 14's summary tables, 0017) or before new views (the
    dashboards' permissions) is measured on the schema and the roles the app runs with. Rows are kept."""
    from flask_migrate import upgrade

    from app.cli import sync_roles_now
    from app.extensions import db

    before = schema_revision(url)
    started = time.perf_counter()
    app = app_for(url)
    with app.app_context():
        upgrade()
        sync_roles_now()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {"from": before, "to": schema_revision(url), "seconds": round(time.perf_counter() - started, 1)}


#: the tables COPY fills (their secondary indexes are rebuilt after the load)
LOADED_TABLES = (
    "tenant", "person", "commission", "commission_member", "ab_user", "ab_user_role", "employment", "diploma",
    "category_record", "ozp_result", "experience_credit", "contest", "knowledge_quality", "contest_participant",
    "methodical_material", "speech", "working_group", "publication", "practice_transmission", "course",
    "class_management", "observation_sheet", "sheet_answer", "application", "application_event", "review",
    "protocol", "protocol_signature", "attestation_order", "certificate",
)


def _fast_toast(conn: psycopg.Connection) -> None:
    """lz4 for the JSON snapshots and scores when the server has it (pglz was most of the application's COPY)."""
    try:
        conn.execute("SAVEPOINT toast")
        conn.execute("SET default_toast_compression = 'lz4'")
        conn.execute("RELEASE SAVEPOINT toast")
    except psycopg.Error:
        conn.execute("ROLLBACK TO SAVEPOINT toast")


def _ids(conn: psycopg.Connection, table: str) -> dict[str, int]:
    return dict(conn.execute(f"SELECT code, id FROM {table}").fetchall())


def load_refs(conn: psycopg.Connection) -> Refs:
    ids = {t: _ids(conn, t) for t in ("education_level", "organization_type", "position", "subject",
                                      "qualification_category", "event_level", "course_program")}
    ids["course_hours"] = dict(conn.execute("SELECT code, hours FROM course_program").fetchall())
    ids["publication_venue_first"] = conn.execute("SELECT min(id) FROM publication_venue").fetchone()[0]
    ids["approved_contest_students"] = conn.execute(
        "SELECT min(id) FROM approved_contest WHERE for_students").fetchone()[0]
    ids["approved_contest_teachers"] = conn.execute(
        "SELECT min(id) FROM approved_contest WHERE for_teachers").fetchone()[0]
    templates = {}
    for template_id, level in conn.execute(
            "SELECT t.id, e.code FROM observation_template t JOIN education_level e ON e.id = t.education_level_id "
            "WHERE t.status = 'published' ORDER BY t.version"):
        criteria = [r[0] for r in conn.execute(
            "SELECT id FROM template_criterion WHERE template_id = %s ORDER BY id", (template_id,))]
        templates[level] = (template_id, criteria)
    return Refs(
        ids=ids,
        years=[(r[0], r[1]) for r in conn.execute(
            "SELECT id, starts_on FROM academic_year WHERE starts_on <= %s ORDER BY starts_on", (PERIOD_DAY,))],
        period_id=conn.execute("SELECT id FROM attestation_period WHERE state = 'open'").fetchone()[0],
        republic_id=conn.execute("SELECT id FROM tenant WHERE level = 'republic'").fetchone()[0],
        regions=[r[0] for r in conn.execute("SELECT id FROM tenant WHERE level = 'region' ORDER BY id")],
        templates=templates,
        roles=dict(conn.execute("SELECT name, id FROM ab_role").fetchall()),
        subjects=[i for code, i in ids["subject"].items() if code != "preschool"],
    )


def generate(url: str, scale: float, seed: int) -> dict:
    """Fill the database; returns rows and seconds per table."""
    from werkzeug.security import generate_password_hash

    from app.extensions import db
    from app.scoring import rulesets

    check_target(url)
    ensure_database(url)
    started = time.perf_counter()
    reset_schema(url)
    app = app_for(url)
    plan = Plan.at(scale)
    with app.app_context():
        migrate_and_seed(app)
        prepared = time.perf_counter() - started
        print(f"schema, reference data, roles and periods by the app: {prepared:.1f} s", flush=True)
        rules = rulesets.load_for(db.session, PERIOD_DAY)
        password = generate_password_hash(app.config["DEMO_PASSWORD"],
                                          method=app.config.get("FAB_PASSWORD_HASH_METHOD", "scrypt"))
        db.session.remove()
        db.engine.dispose()
        with psycopg.connect(plain_url(url)) as conn:
            # the rows are generated consistent: skip the per-row foreign-key triggers while loading
            # (they were most of COPY's time); the smoke test checks every foreign key afterwards
            conn.execute("SET session_replication_role = replica")
            conn.execute("SET synchronous_commit = off")
            _fast_toast(conn)
            refs = load_refs(conn)
            refs.rules, refs.period_rule_parameters = rules, dict(rules.parameters)
            dropped = drop_secondary_indexes(conn, LOADED_TABLES)
            copier = Generator(conn, refs, plan, seed, password).run()
            reset_sequences(conn)
            conn.commit()
        indexing = time.perf_counter()
        create_indexes(plain_url(url), dropped)
        copier.note(f"indexes ({len(dropped)} rebuilt)", time.perf_counter() - indexing)
    vacuum = time.perf_counter()
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    copier.note("VACUUM ANALYZE", time.perf_counter() - vacuum)
    total = time.perf_counter() - started
    return {"plan": plan.__dict__, "target": TARGET, "seed": seed, "prepare_seconds": round(prepared, 1),
            "total_seconds": round(total, 1),
            "tables": {t: {"rows": copier.rows[t], "seconds": round(copier.seconds[t], 2)} for t in copier.seconds}}


def print_generation(report: dict) -> None:
    print(f"\n{'table':<30} {'rows':>10} {'seconds':>8}")
    for table, figures in report["tables"].items():
        print(f"{table:<30} {figures['rows']:>10,} {figures['seconds']:>8.2f}")
    print(f"generated in {report['total_seconds']:.1f} s (scale {report['plan']['scale']}, seed {report['seed']})")
