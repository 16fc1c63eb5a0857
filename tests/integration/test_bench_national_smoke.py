"""The national benchmark's generator at 1/1000 scale (bench/national.py): it runs, loads every table,
writes values the app accepts, keeps every foreign key, and leaves sequences past the loaded ids.

PostgreSQL only (COPY): it uses its own database, ``national_smoke[_<xdist worker>]``, on TEST_DATABASE_URL's server —
the generator drops the schema, and the suite's own database is rebuilt under it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
pytestmark = [
    pytest.mark.skipif(not PG_URL.startswith(("postgresql", "postgres")),
                       reason="the national generator loads PostgreSQL with COPY"),
    # one xdist worker runs the module (--dist loadgroup): its tests share the generated database
    pytest.mark.xdist_group("bench_national_smoke"),
]


def smoke_url() -> str:
    """A database of its own per xdist worker: two workers generating into one raced on the schema."""
    parts = urlsplit(PG_URL.replace("postgresql+psycopg://", "postgresql://"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return urlunsplit(parts._replace(path="/national_smoke" + (f"_{worker}" if worker else "")))


@pytest.fixture(scope="module")
def generated():
    psycopg = pytest.importorskip("psycopg")
    from bench.national_setup import generate

    url = smoke_url()
    report = generate(url, 0.001, 7)
    with psycopg.connect(url) as conn:
        yield report, conn


def test_every_table_is_loaded_at_scale(generated):
    report, conn = generated
    plan = report["plan"]
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == plan["persons"]
    assert conn.execute("SELECT count(*) FROM application").fetchone()[0] == plan["applicants"]
    assert conn.execute("SELECT count(*) FROM commission").fetchone()[0] == plan["commissions"]
    for table in ("employment", "diploma", "observation_sheet", "sheet_answer", "review", "commission_member"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    assert conn.execute("SELECT count(*) FROM ab_user WHERE username IN ('national', 'region', 'district')"
                        ).fetchone()[0] == 3


def test_values_are_what_the_app_writes(generated):
    from app.identifiers import validate_iin
    from app.people import search_key

    _report, conn = generated
    rows = conn.execute("SELECT iin, last_name, first_name, middle_name, search_name, birth_date, sex FROM person"
                        ).fetchall()
    for iin, last, first, middle, search_name, born, sex in rows:
        check = validate_iin(iin)
        assert check.valid, iin
        assert (check.birth_date, check.sex) == (born, sex)
        assert search_name == search_key(last, first, middle)
    # region_id / district_id stamped from the owner, as tenants.models does on flush
    stray = conn.execute("SELECT count(*) FROM person p JOIN tenant t ON t.id = p.tenant_id "
                         "WHERE p.region_id IS DISTINCT FROM t.region_id OR p.district_id IS DISTINCT FROM t.district_id"
                         ).fetchone()[0]
    assert stray == 0


def test_every_foreign_key_holds(generated):
    """The load ran without the per-row foreign-key triggers: check each key by hand."""
    _report, conn = generated
    keys = conn.execute(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname "
        "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1").fetchall()
    assert keys
    for table, column, parent, parent_column in keys:
        orphans = conn.execute(
            f'SELECT count(*) FROM {table} x WHERE x."{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM {parent} y WHERE y."{parent_column}" = x."{column}")').fetchone()[0]
        assert orphans == 0, f"{table}.{column} -> {parent}"


def test_sequences_continue_after_the_loaded_ids(generated):
    _report, conn = generated
    for table in ("person", "application", "tenant", "ab_user", "sheet_answer"):
        top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        following = conn.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))").fetchone()[0]
        assert following > top, table


def test_the_command_line_reuses_matching_data(generated):
    """`--reuse` keeps data whose row counts match the plan (what `make bench-national` relies on)."""
    from bench.national_data import Plan
    from bench.national_setup import matches, row_counts

    assert matches(row_counts(smoke_url()), Plan.at(0.001))
    assert not matches(row_counts(smoke_url()), Plan.at(0.002))
    done = subprocess.run([sys.executable, "bench/national.py", "generate", "--scale", "0.001", "--reuse",
                           "--output", os.devnull], env={**os.environ, "DATABASE_URL": smoke_url()}, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "reused" in done.stdout


def test_reused_data_is_brought_to_the_head(generated):
    """Data generated before a newer migration is measured on the current schema (issue 14's summary tables)."""
    from flask_migrate import downgrade

    from bench.national_setup import app_for, schema_revision, upgrade_schema

    _report, conn = generated
    conn.rollback()  # no lock of an earlier test's transaction in the way of the migrations
    head = schema_revision(smoke_url())
    app = app_for(smoke_url())
    with app.app_context():
        downgrade(revision="0016")
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()
    assert schema_revision(smoke_url()) == "0016"
    done = upgrade_schema(smoke_url())
    assert (done["from"], done["to"]) == ("0016", head)
    assert conn.execute("SELECT to_regclass('public.report_count')").fetchone()[0] == "report_count"


def test_the_summaries_refresh_and_the_dashboard_pages_answer(generated):
    """The measurement's setup (a full and an incremental refresh, timed) and the dashboard pages it times."""
    from bench.national_measure import client_login
    from bench.national_pages import dashboard_pages, discover
    from bench.national_reports import refresh_summaries, rows
    from bench.national_setup import app_for

    _report, conn = generated
    conn.rollback()
    figures = refresh_summaries(smoke_url(), every=10)
    tenants = conn.execute("SELECT count(*) FROM tenant").fetchone()[0]
    assert figures["full"]["nodes"] == tenants and figures["full"]["rows"] > 0
    assert figures["incremental"]["tenants"] == figures["incremental"]["organizations_touched"] > 0
    assert figures["incremental"]["republic_totals_unchanged"]
    assert len(rows(figures)) == 2
    assert conn.execute("SELECT count(*) FROM report_dirty").fetchone()[0] == 0

    facts = discover(conn)
    pages = dashboard_pages(facts)
    assert {p.key for p in pages} == {"dashboard_republic", "dashboard_region", "dashboard_district",
                                      "dashboard_region_node", "kpi_api"}
    app = app_for(smoke_url())
    clients = {}
    for page in pages:
        if page.user not in clients:
            clients[page.user] = app.test_client()
            client_login(clients[page.user], page.user)
        assert clients[page.user].get(page.path).status_code == 200, page.path
        for sql, params in page.raw:
            conn.execute(sql, params).fetchall()
