"""CLI commands and migrations: an empty database upgrades to head and matches the models."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, inspect, text

from tests.conftest import PG_URL


def test_validate_iin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ustaz", "validate-iin", "850314401236"])
    assert result.exit_code == 0 and result.output.strip() == "850314401236: valid"
    result = runner.invoke(
        args=["ustaz", "validate-iin", "--lang", "en", "850314401236", "12345", "85031440123x", "851314401236", "850314901236", "850314401235"]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == "850314401236: valid"
    assert lines[1] == "12345: invalid: must be exactly 12 digits"
    assert lines[2] == "85031440123x: invalid: must contain digits only"
    assert lines[3] == "851314401236: invalid: the first six digits are not a possible birth date"
    assert lines[4] == "850314901236: invalid: the 7th digit (century and sex) must be 1 to 6"
    assert lines[5] == "850314401235: invalid: the check digit does not match"
    kazakh = runner.invoke(args=["ustaz", "validate-iin", "12345"])
    assert kazakh.exit_code == 1 and kazakh.output.startswith("12345: invalid: ") and "12" in kazakh.output
    assert "must be" not in kazakh.output


def test_seed_demo_is_refused_twice_and_idempotent_with_if_empty(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["ustaz", "seed-demo", "--if-empty"]).exit_code == 0
    assert runner.invoke(args=["ustaz", "seed-demo"]).exit_code != 0
    assert "national" in runner.invoke(args=["ustaz", "demo-logins"]).output


def test_demo_dataset_is_what_the_issue_asks(ctx):
    from sqlalchemy import func, select

    from app.extensions import db
    from app.identifiers import validate_iin
    from models.person import Person
    from tenants.models import Tenant

    orgs = db.session.execute(select(Tenant).where(Tenant.level == "organization")).scalars().all()
    assert 30 <= len(orgs) <= 40
    assert {o.education_level.code for o in orgs} == {"preschool", "secondary", "additional", "tvet", "special"}
    assert db.session.execute(select(func.count(Tenant.id)).where(Tenant.level == "district")).scalar_one() == 6
    persons = db.session.execute(select(Person)).scalars().all()
    assert 280 <= len(persons) <= 320
    assert all(validate_iin(p.iin).valid for p in persons)
    assert any(set("әғқңөұүһі") & set(p.full_name.lower()) for p in persons)
    assert any(p.last_name.endswith(("ов", "ова", "ев", "ева")) for p in persons)


def _upgrade(url: str) -> None:
    from flask_migrate import upgrade

    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 40})
    with app.app_context():
        upgrade()
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        from app.extensions import db

        def modelled(obj, name, type_, reflected, compare_to) -> bool:
            # PostgreSQL-only collation indexes (migration 0013) live outside the models
            return not (type_ == "index" and reflected and (name or "").endswith(("_kk", "_trgm", "_ci")))

        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": modelled})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff[:3]}"
        db.engine.dispose()


def test_migrations_upgrade_an_empty_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    _upgrade(url)
    tables = inspect(create_engine(url)).get_table_names()
    assert {"tenant", "person", "ab_user", "audit_record", "job_record", "alembic_version"} <= set(tables)


def test_migrations_upgrade_an_empty_postgresql_database():
    import pytest

    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL not set")
    from sqlalchemy.engine import make_url

    from config import normalise_database_url

    base = make_url(normalise_database_url(PG_URL))
    name = f"{base.database}_ustaz_empty"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _upgrade(base.set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    assert os.environ.get("TEST_DATABASE_URL")


def test_test_ca_commands_and_the_demo_documents(app, ctx):
    """`ca init` issues test certificates; `ca root` prints the root the demo protocol verifies against."""
    from sqlalchemy import select

    from app.extensions import db
    from app.signatures import TrustSettings, verify_pdf
    from models.documents import SIGNED, Certificate, Order, Protocol
    from reports import store

    runner = app.test_cli_runner()
    result = runner.invoke(args=["ustaz", "ca", "init"])
    assert result.exit_code == 0, result.output
    root = runner.invoke(args=["ustaz", "ca", "root"])
    assert root.exit_code == 0 and root.output.startswith("-----BEGIN CERTIFICATE-----")
    assert runner.invoke(args=["ustaz", "ca", "issue", "000000000000"]).exit_code != 0
    # the demo: a signed protocol, its order and certificates
    protocol = db.session.execute(select(Protocol).where(Protocol.state == SIGNED)).scalars().first()
    assert protocol is not None and len(protocol.signatures) >= 2
    order = db.session.execute(select(Order).where(Order.protocol_id == protocol.id)).scalar_one()
    assert db.session.execute(select(Certificate).where(Certificate.order_id == order.id)).scalars().all()
    reports = verify_pdf(store.load(protocol.current_sha256), TrustSettings(trust_roots=[root.output.encode()]))
    assert len(reports) == len(protocol.signatures) and all(r.intact and r.trusted for r in reports), reports
    app.config["USTAZ_ENV"] = "production"
    try:
        assert runner.invoke(args=["ustaz", "ca", "root"]).exit_code != 0
    finally:
        app.config["USTAZ_ENV"] = "test"
