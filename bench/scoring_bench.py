"""Scoring throughput: the pure engine (cases per second, one core), building cases from the
database per teacher (load_profile) and per chunk (load_profiles), and the set-based batch job on
the demo data (teachers per second, database and score inserts included; its chunks run in-process
here, one after another: on RQ they spread over the workers).

    .venv/bin/python bench/scoring_bench.py [--cases 20000] [--per-org 9]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def engine_throughput(cases: int) -> float:
    import json

    from app.scoring.cases import read_case
    from app.scoring.engine import score
    from app.scoring.rulesets import default_data

    rules = default_data()
    data = json.loads((Path(__file__).resolve().parent.parent / "docs" / "example-case.json").read_text())
    parsed = [read_case(dict(data, experience_years=5 + i % 30, ozp_percent=50 + i % 50))[0] for i in range(200)]
    start = time.perf_counter()
    for i in range(cases):
        score(parsed[i % len(parsed)], rules)
    return cases / (time.perf_counter() - start)


def batch_throughput(per_org: int) -> dict[str, float]:
    import datetime as dt

    from flask_migrate import upgrade
    from sqlalchemy import select

    from app import create_app
    from app.cli import load_reference_data, sync_roles_now
    from app.demo import seed_demo
    from app.extensions import db
    from app.jobs import JobContext
    from app.portfolio.profile import load_profile, load_profiles
    from app.scoring.batch import CHUNK, score_scope
    from app.scoring.snapshot import build_case
    from models.person import Person
    from tenants.scope import Scope, use_scope

    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench" * 8,
                      "FAB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    figures: dict[str, float] = {}
    with app.app_context():
        upgrade()
        load_reference_data()
        sync_roles_now()
        seed_demo(db.session, teachers_per_organization=per_org)
        db.session.commit()
        with app.test_request_context(), use_scope(Scope.everything()):
            day = dt.date.today()
            ids = list(db.session.execute(select(Person.id).order_by(Person.id)).scalars())
            figures["teachers"] = len(ids)
            db.session.expunge_all()
            start = time.perf_counter()
            for person_id in ids:
                build_case(load_profile(person_id), day, period_years=5)
            figures["per_teacher_cases"] = len(ids) / (time.perf_counter() - start)
            db.session.expunge_all()
            start = time.perf_counter()
            for first in range(0, len(ids), CHUNK):
                for profile in load_profiles(ids[first:first + CHUNK], for_case=True).values():
                    build_case(profile, day, period_years=5)
            figures["chunk_cases"] = len(ids) / (time.perf_counter() - start)
            db.session.expunge_all()
            start = time.perf_counter()
            result = score_scope(JobContext(record_id=0, user_id=None), uuid.uuid4().hex)
            figures["batch"] = result["teachers"] / (time.perf_counter() - start)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--per-org", type=int, default=9, help="demo teachers per organization (9: the demo)")
    args = parser.parse_args()
    print(f"engine: {engine_throughput(args.cases):,.0f} cases/s (one core, example case, default rules)")
    figures = batch_throughput(args.per_org)
    print(f"demo data (SQLite, one process): {figures['teachers']:,.0f} teachers")
    print(f"  cases from the database, per teacher (load_profile): {figures['per_teacher_cases']:,.1f} teachers/s")
    print(f"  cases from the database, per chunk (load_profiles):  {figures['chunk_cases']:,.1f} teachers/s")
    print(f"  batch job (chunks, engine, bulk insert, audit):      {figures['batch']:,.1f} teachers/s")


if __name__ == "__main__":
    main()
