"""Scoring throughput: the pure engine (cases per second, one core) and the batch job on the
demo data (teachers per second, database included).

    .venv/bin/python bench/scoring_bench.py [--cases 20000]
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


def batch_throughput() -> tuple[int, float]:
    from flask_migrate import upgrade

    from app import create_app
    from app.cli import load_reference_data, sync_roles_now
    from app.demo import seed_demo
    from app.extensions import db
    from app.jobs import JobContext
    from app.scoring.batch import score_scope
    from tenants.scope import Scope, use_scope

    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench" * 8,
                      "FAB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        load_reference_data()
        sync_roles_now()
        seed_demo(db.session)
        with app.test_request_context(), use_scope(Scope.everything()):
            start = time.perf_counter()
            result = score_scope(JobContext(record_id=0, user_id=None), uuid.uuid4().hex)
            elapsed = time.perf_counter() - start
    return result["teachers"], result["teachers"] / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    args = parser.parse_args()
    print(f"engine: {engine_throughput(args.cases):,.0f} cases/s (one core, example case, default rules)")
    teachers, rate = batch_throughput()
    print(f"batch job on the demo data (SQLite): {teachers} teachers, {rate:,.1f} teachers/s")


if __name__ == "__main__":
    main()
