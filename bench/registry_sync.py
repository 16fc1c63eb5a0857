"""Registry syncs at national size: a full НОБД sync of 575k teachers, then a 1 % incremental one.

    .venv/bin/python bench/registry_sync.py [--teachers 575000] [--fault-rate 0] [--database URL]

Starts the simulator (python -m app.integrations.simulator) on a free local port, builds an empty
database (PostgreSQL ``ustaz_sync_bench`` on 127.0.0.1 by default, dropped and created again; or
``--database sqlite:///path``) with the migrations, the reference directories and the republic's
node, then times through the same code as `flask ustaz sync nobd --full --wait`:

- ``full``: every organization and teacher from nothing (goal ≤ 5 min at 575k);
- ``second``: the same full sync again (0 created, 0 updated: every row compared, none written);
- ``incremental``: after the simulator changes 1 % of the teachers (goal ≤ 30 s).

Prints the figures as JSON and writes them to bench/results/registry-sync-<date>.json; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_postgres(name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine("postgresql+psycopg://127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"postgresql+psycopg://127.0.0.1:5432/{name}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=575_000)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--database", default=None)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()
    url_db = args.database or fresh_postgres("ustaz_sync_bench")
    port = free_port()
    started = time.monotonic()
    simulator = subprocess.Popen([sys.executable, "-m", "app.integrations.simulator", "--port", str(port),
                                  "--teachers", str(args.teachers), "--fault-rate", str(args.fault_rate),
                                  "--hang", "3", "--retry-after", "0.2"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                requests.get(base + "/_health", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.5)
        simulator_start = time.monotonic() - started
        from app import create_app
        from app.cli import load_reference_data
        from tests.conftest import make_test_config

        tmp = Path(tempfile.mkdtemp(prefix="ustaz-sync-bench-"))
        app = create_app(make_test_config(url_db, tmp))
        app.config.update(REGISTRY_PAGE_SIZE=args.page_size, REGISTRY_TIMEOUT=(3.0, 2.0), REGISTRY_BACKOFF=0.1)
        figures: dict = {"teachers": args.teachers, "fault_rate": args.fault_rate, "page_size": args.page_size,
                         "database": url_db.split("@")[-1], "simulator_start_s": round(simulator_start, 1),
                         "load_before": os.getloadavg()}
        with app.app_context():
            from flask_migrate import upgrade

            from app.extensions import db
            from app.integrations.sync import run_summary, run_sync
            from tenants.models import Tenant

            upgrade()
            load_reference_data()
            if db.session.query(Tenant).count() == 0:
                db.session.add(Tenant(level="republic", code="000000000", name_kk="Қазақстан Республикасы",
                                      name_ru="Республика Казахстан", name_en="Republic of Kazakhstan"))
            db.session.commit()
            for label, mode in (("full", "full"), ("second", "full")):
                clock = time.monotonic()
                run = run_sync("nobd", mode, url=base)
                figures[label] = {"seconds": round(time.monotonic() - clock, 1), **run_summary(run)}
                print(json.dumps({label: figures[label]}), flush=True)
            changed = requests.post(f"{base}/_mutate/nobd?fraction=0.01", timeout=60).json()["changed"]
            clock = time.monotonic()
            run = run_sync("nobd", "incremental", url=base)
            figures["incremental"] = {"changed": changed, "seconds": round(time.monotonic() - clock, 1), **run_summary(run)}
        figures["load_after"] = os.getloadavg()
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        out = ROOT / "bench" / "results" / f"registry-sync-{dt.date.today().isoformat()}.json"
        out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    finally:
        simulator.terminate()


if __name__ == "__main__":
    main()
