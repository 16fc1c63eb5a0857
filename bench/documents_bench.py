"""Documents at session size: one certificate PDF, a protocol of 50 applicants, the certificates of 500.

    .venv/bin/python bench/documents_bench.py [--protocol 50] [--session 500] [--repeat 5]

Builds the demo dataset in a temporary SQLite database (or BENCH_DATABASE_URL, whose tables are
dropped!), adds ``--session`` decided applications to the district commission (copies of a demo
decision for new teachers), then times, through the same code as the pages and jobs:

- ``certificate_pdf``: one certificate (render + QR), median of ``--repeat`` (target ≤ 150 ms);
- ``protocol_pdf``: a protocol of ``--protocol`` applicants, median of ``--repeat`` (target ≤ 3 s);
- ``issue_certificates_job``: the order's job for ``--session`` applicants, once (target ≤ 60 s).

Prints figures; asserts nothing.
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


class _Progress:
    def __init__(self) -> None:
        self.seen: list[int] = []

    def progress(self, percent: int, message: str | None = None) -> None:
        self.seen.append(percent)


def _timed(func, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs


def _add_applications(db, commission, count: int) -> list[int]:
    """``count`` decided applications (assigned) of new teachers, copying a demo decision."""
    from sqlalchemy import select

    from app.identifiers import make_iin
    from models.attestation import Application
    from models.person import Person

    model = db.session.execute(select(Application).where(Application.commission_id == commission.id,
                                                         Application.outcome == "assigned")).scalars().first()
    organization_id = model.tenant_id
    ids = []
    surnames = ["Әбдірахманов", "Құрманов", "Өтегенов", "Ұзақов", "Үсенов", "Ғабитов", "Қожахметов", "Іскаков"]
    for n in range(count):
        person = Person(iin=make_iin(dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28), "MF"[n % 2], 5000 + n),
                        last_name=surnames[n % len(surnames)], first_name="Айгүл" if n % 2 else "Нұрлан",
                        middle_name="Серікұлы", tenant_id=organization_id, position_id=model.person.position_id)
        db.session.add(person)
        db.session.flush()
        application = Application(
            person_id=person.id, tenant_id=organization_id, period_id=model.period_id, commission_id=commission.id,
            state="decided", requested_category=model.requested_category, mode=model.mode,
            current_category=model.current_category, position_kind=model.position_kind, snapshot=model.snapshot,
            score=model.score, decision=model.decision, outcome=model.outcome,
            awarded_category=model.awarded_category, chair_corresponds=True, decided_on=model.decided_on)
        db.session.add(application)
        db.session.flush()
        ids.append(application.id)
    db.session.commit()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--protocol", type=int, default=50)
    parser.add_argument("--session", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ustaz-docbench-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    from flask_migrate import upgrade
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "USTAZ_ENV": "bench", "REDIS_URL": "",
                      "UPLOAD_DIR": str(workdir / "uploads"), "SIGNATURE_TEST_CA_DIR": str(workdir / "test-ca"),
                      "SECRET_KEY": "bench-only-secret-key-0000000000000000", "MAIL_SERVER": ""})
    with app.app_context():
        if url.startswith("postgresql"):
            db.drop_all()
        upgrade()
        from app.cli import load_reference_data, sync_roles_now
        from app.demo import seed_demo

        load_reference_data()
        sync_roles_now()
        seed_demo(db.session)

        from app.attestation import orders, protocols
        from app.attestation.operations import Actor, today
        from app.jobs import commit_and_run
        from models.commission import Commission
        from models.documents import SIGNED, Certificate, Protocol
        from reports.documents import certificate_pdf, protocol_pdf
        from tenants.scope import Scope, use_scope

        certificate = db.session.execute(select(Certificate)).scalars().first()
        certificate_pdf(certificate)  # warm: fonts and templates load once per process
        median, runs = _timed(lambda: certificate_pdf(certificate), args.repeat * 4)
        print(f"certificate_pdf: median {median * 1000:.0f} ms over {len(runs)} runs (target <= 150 ms)")

        commission = db.session.execute(select(Commission).where(Commission.id == certificate.commission_id)
                                        ).scalar_one()
        ids = _add_applications(db, commission, args.session + args.protocol)
        secretary = next(m for m in commission.members if m.role == "secretary")
        actor = Actor(user_id=None, name="Bench", person_id=secretary.person_id, scope=Scope.everything())
        with use_scope(actor.scope):
            small = protocols.form_protocol(actor, commission, today(), None, ids[:args.protocol])
            commit_and_run()  # the render job runs in-process here
            median, runs = _timed(lambda: protocol_pdf(small), args.repeat)
            print(f"protocol_pdf of {len(small.applications)} applicants: median {median:.2f} s over "
                  f"{len(runs)} runs (target <= 3 s)")

            big = protocols.form_protocol(actor, commission, today(), None, ids[args.protocol:args.protocol
                                                                                + args.session])
            started = time.perf_counter()
            commit_and_run()
            print(f"protocol of {args.session} applicants rendered by its job in {time.perf_counter() - started:.1f} s")
            big.state = SIGNED  # the signatures are not what is timed here
            db.session.commit()
            order = orders.issue_order(Actor(user_id=None, name="Bench", person_id=None, scope=Scope.everything()),
                                       db.session.get(Protocol, big.id), "BENCH-1", today(), "Bench Head")
            db.session.commit()
            db.session.info.clear()  # the order's own job is timed below, not at this commit
            progress = _Progress()
            started = time.perf_counter()
            result = orders.issue_certificates_job(progress, order.id)
            took = time.perf_counter() - started
            print(f"issue_certificates_job for {len(big.applications)} applicants: {took:.1f} s, "
                  f"{result} (target <= 60 s); progress steps: {len(progress.seen)}")


if __name__ == "__main__":
    main()
