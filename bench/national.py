"""The national benchmark (issues 13 and 14): generate DOMAIN.md §1's dataset into PostgreSQL (reused data
is migrated to the head and its roles synced, as a deploy does), refresh and time the dashboards'
summaries, then measure the built app on it (gunicorn, 2 workers) beside the raw SQL of the same rows,
and print every goal.

    DATABASE_URL=postgresql://127.0.0.1:5432/national .venv/bin/python bench/national.py [all|generate|measure]
        [--scale 1.0] [--seed 20261201] [--reuse] [--requests 100] [--clients 8] [--score-timeout 300]

`make bench-national` runs `all --reuse`: the data is generated unless the row counts already match.
Results go to bench/results/national-<date>.json. Never point it at the test suite's databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql://127.0.0.1:5432/national"
SEED = 20261201


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="all", choices=["all", "generate", "measure"])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national counts (smoke: 0.001)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--reuse", action="store_true", help="keep the data when its row counts match the plan")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (after a warm-up)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent teacher sessions for the portal")
    parser.add_argument("--throughput-seconds", type=float, default=15.0)
    parser.add_argument("--score-timeout", type=float, default=300.0, help="stop waiting for the batch after this")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")
    parser.add_argument("--output", type=Path, default=None)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    os.chdir(ROOT)  # Alembic's migrations directory and gunicorn's run:app are relative
    args = parse(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    from bench import national_setup as setup
    from bench.national_data import Plan

    setup.check_target(url)
    setup.ensure_database(url)
    report: dict = {"date": dt.date.today().isoformat(), "database": url.rsplit("/", 1)[-1]}
    plan = Plan.at(args.scale)
    generated = False
    if args.command in ("all", "generate"):
        if args.reuse and setup.matches(setup.row_counts(url), plan):
            print("the national data is already there (row counts match): reused")
        else:
            report["generation"] = setup.generate(url, args.scale, args.seed)
            setup.print_generation(report["generation"])
            generated = True
    if not generated:  # reused data: the schema the app runs on now (generation migrates to the head itself)
        report["schema"] = setup.upgrade_schema(url)
        print(f"schema at {report['schema']['to']} (was {report['schema']['from']}): {report['schema']['seconds']} s")
    if args.command in ("all", "measure"):
        from bench.national_measure import measure, print_table

        report["measurements"] = measure(url, args)
        print_table(report["measurements"])
    output = args.output or ROOT / "bench" / "results" / f"national-{report['date']}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print(f"results: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
