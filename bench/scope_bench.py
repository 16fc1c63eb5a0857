"""Scoped list pages at scale: how fast is the one scoping mechanism on a big tree?

    .venv/bin/python bench/scope_bench.py [--districts-per-region 11] [--orgs-per-district 100] [--teachers-per-org 25]

Builds a synthetic tree (20 regions) in a fresh database — a temporary SQLite file, or the
PostgreSQL database named by BENCH_DATABASE_URL (its tables are dropped!) — migrated with Alembic,
then times the first list page and its count for a district, a region and the republic scope,
exactly as the admin runs them (tenants.scope.scope_clause). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text  # noqa: E402


def build(db, districts: int, orgs: int, teachers: int) -> dict:
    from models.person import Person
    from tenants.models import Tenant

    conn = db.session.connection()
    conn.execute(insert(Tenant.__table__), [{"id": 1, "level": "republic", "path": "/1/", "name_kk": "ҚР", "name_ru": "РК"}])
    next_id, tenants, persons = 2, [], []
    picks = {}
    person_id = 1
    for r in range(20):
        rid = next_id
        next_id += 1
        tenants.append({"id": rid, "parent_id": 1, "level": "region", "path": f"/1/{rid}/", "region_id": rid,
                        "name_kk": f"Облыс {r}", "name_ru": f"Область {r}"})
        for d in range(districts):
            did = next_id
            next_id += 1
            tenants.append({"id": did, "parent_id": rid, "level": "district", "path": f"/1/{rid}/{did}/",
                            "region_id": rid, "district_id": did, "name_kk": f"Аудан {r}.{d}", "name_ru": f"Район {r}.{d}"})
            picks.setdefault("district", did)
            picks.setdefault("region", rid)
            for _ in range(orgs):
                oid = next_id
                next_id += 1
                tenants.append({"id": oid, "parent_id": did, "level": "organization", "path": f"/1/{rid}/{did}/{oid}/",
                                "region_id": rid, "district_id": did, "name_kk": f"Мектеп {oid}", "name_ru": f"Школа {oid}",
                                "code": f"{oid:012d}"})
    conn.execute(insert(Tenant.__table__), tenants)
    stamp = dt.datetime(2026, 1, 1)
    for org in (t for t in tenants if t["level"] == "organization"):
        for _ in range(teachers):
            persons.append({"id": person_id, "iin": f"{person_id:012d}", "last_name": f"Тегі{(person_id * 7919) % 100000:05d}",
                            "first_name": "Аты", "search_name": "", "tenant_id": org["id"], "region_id": org["region_id"],
                            "district_id": org["district_id"], "created_on": stamp, "changed_on": stamp})
            person_id += 1
        if len(persons) >= 50_000:
            conn.execute(insert(Person.__table__), persons)
            persons.clear()
    if persons:
        conn.execute(insert(Person.__table__), persons)
    db.session.commit()
    if conn.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"tenants": next_id - 1, "teachers": person_id - 1, **picks}


def timed(fn, runs: int = 15) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts-per-region", type=int, default=11)
    parser.add_argument("--orgs-per-district", type=int, default=20)
    parser.add_argument("--teachers-per-org", type=int, default=25)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"

    from flask_migrate import upgrade

    from app import create_app
    from app.audit import audit_disabled
    from app.extensions import db
    from models.person import Person
    from tenants.scope import Scope, scope_clause

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench" * 8})
    with app.app_context(), audit_disabled():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        started = time.perf_counter()
        info = build(db, args.districts_per_region, args.orgs_per_district, args.teachers_per_org)
        print(f"backend {db.engine.dialect.name}: {info['tenants']} tenants, {info['teachers']} teachers "
              f"loaded in {time.perf_counter() - started:.1f} s")
        scopes = {
            "district": Scope(user_id=1, tenant_id=info["district"], level="district", path=f"/1/{info['region']}/{info['district']}/"),
            "region": Scope(user_id=1, tenant_id=info["region"], level="region", path=f"/1/{info['region']}/"),
            "republic": Scope(user_id=1, tenant_id=1, level="republic", path="/1/"),
        }
        print(f"{'scope':<10} {'rows':>9} {'page of 25 (ms)':>16} {'count (ms)':>11}")
        for name, scope in scopes.items():
            clause = scope_clause(Person, scope)
            page = select(Person.id, Person.last_name).where(clause).order_by(Person.last_name, Person.id).limit(25)
            count = select(func.count(Person.id)).where(clause)
            rows = db.session.execute(count).scalar_one()
            page_ms = timed(lambda page=page: db.session.execute(page).all())
            count_ms = timed(lambda count=count: db.session.execute(count).scalar_one())
            print(f"{name:<10} {rows:>9} {page_ms:>16.2f} {count_ms:>11.2f}")


if __name__ == "__main__":
    main()
