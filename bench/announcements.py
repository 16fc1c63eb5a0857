"""Announcements at national size (issue 16, part 4): the national admin's announcement to every teacher
of the republic, delivered by the job in this process (as without REDIS_URL), on a national dataset
(bench/national.py generate) where every teacher has an account — the worst case, 575k recipients.

    DATABASE_URL=postgresql://127.0.0.1:5432/<scratch> .venv/bin/python bench/announcements.py [--keep]

Gives an account (role Teacher) to every person who has none, then times: the preview count, the
delivery (batches of app.announcements.recipients.BATCH ids, one multi-row INSERT each), the same job
run again from its first id (nothing delivered twice), and a typical district's announcement. Counts
the statements and the largest batch the job wrote, and the growth of the process's peak memory.
Afterwards the announcements and their inbox rows are deleted (``--keep`` leaves them). Never point it
at the test suite's databases. Prints JSON; writes bench/results/announcements-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLE = "Аттестацияға өтінім қабылдау 31 желтоқсанда аяқталады"
BODY = "Құрметті әріптестер!\nАттестацияға өтінімдер 31 желтоқсанға дейін қабылданады."


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def give_every_teacher_an_account(url: str) -> dict:
    """One Teacher account per person without one (set-based, in the database)."""
    import psycopg

    from bench.national_setup import plain_url

    started = time.perf_counter()
    with psycopg.connect(plain_url(url)) as conn:
        role_id = conn.execute("SELECT id FROM ab_role WHERE name = 'Teacher'").fetchone()[0]
        password = conn.execute("SELECT password FROM ab_user WHERE username = 'national'").fetchone()[0]
        created = conn.execute(
            """INSERT INTO ab_user (first_name, last_name, username, password, active, email, login_count,
                                    fail_login_count, created_on, changed_on, person_id, tenant_id, region_id,
                                    district_id, locale)
               SELECT left(p.first_name, 64), left(p.last_name, 64), 'p' || p.id, %s, true,
                      'p' || p.id || '@bench.ustaz.kz', 0, 0, now(), now(), p.id, p.tenant_id, p.region_id,
                      p.district_id, 'kk'
               FROM person p WHERE NOT EXISTS (SELECT 1 FROM ab_user u WHERE u.person_id = p.id)""",
            (password,)).rowcount
        conn.execute(
            """INSERT INTO ab_user_role (user_id, role_id)
               SELECT u.id, %s FROM ab_user u WHERE u.username LIKE 'p%%' AND u.person_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM ab_user_role r WHERE r.user_id = u.id)""", (role_id,))
        conn.commit()
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        for table in ("ab_user", "ab_user_role", "notification"):
            conn.execute(f"VACUUM ANALYZE {table}")
    return {"accounts_created": created, "seconds": round(time.perf_counter() - started, 1)}


class Statements:
    """Statements sent to the database while counting."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine, self.count, self.inserts = engine, 0, 0
        self._event = event

    def __enter__(self):
        self._event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc) -> None:
        self._event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        self.inserts += statement.lstrip().upper().startswith("INSERT INTO NOTIFICATION")


def deliver(app, username: str, node_id: int | None, role: str | None) -> dict:
    """Create and send one announcement as ``username``; the in-process job delivers it here."""
    from sqlalchemy import func, select

    from app import announcements as ops
    from app.announcements import delivery, recipients
    from app.extensions import db
    from app.jobs import commit_and_run
    from app.security.models import User
    from models.announcement import Announcement
    from models.job import JobRecord
    from models.notification import Notification
    from tenants.models import Tenant
    from tenants.scope import scope_for_user

    largest: list[int] = [0]
    real = delivery._insert_batch

    def watched(*args, **kwargs):
        written = real(*args, **kwargs)
        largest[0] = max(largest[0], len(written))
        return written

    delivery._insert_batch = watched
    try:
        with app.app_context():
            author = db.session.execute(select(User).where(User.username == username)).scalar_one()
            node = db.session.get(Tenant, node_id) if node_id else None
            item = ops.create(author, node, role, TITLE, BODY)
            db.session.commit()
            started = time.perf_counter()
            preview = ops.preview_count(item, author)
            preview_seconds = time.perf_counter() - started
            memory_before = peak_mib()
            with Statements(db.engine) as statements:
                started = time.perf_counter()
                ops.send(item, author)
                commit_and_run()
                seconds = time.perf_counter() - started
            db.session.expire_all()
            item = db.session.get(Announcement, item.id)
            job = db.session.get(JobRecord, item.job_id)
            rows = db.session.execute(select(func.count(Notification.id), func.count(func.distinct(Notification.user_id)))
                                      .where(Notification.dedupe_key == f"announcement:{item.id}")).one()
            # the same job run again from the very first id: the NOT EXISTS finds every row there
            from app.announcements.delivery import deliver_announcement
            from tenants.scope import use_scope

            item.state, item.last_user_id = "sending", 0
            db.session.commit()
            started = time.perf_counter()
            with use_scope(scope_for_user(author)):
                again = deliver_announcement(None, item.id)
            rerun_seconds = time.perf_counter() - started
            figures = {
                "author": username, "node": node_id or author.tenant_id, "role": role,
                "preview_count": preview, "preview_ms": round(preview_seconds * 1000),
                "recipients": item.recipients_total, "delivered": item.delivered,
                "inbox_rows": rows[0], "distinct_users": rows[1], "job_state": job.state,
                "batch_size": recipients.BATCH, "batches": job.result.get("batches"),
                "largest_batch_written": largest[0], "statements": statements.count,
                "insert_statements": statements.inserts, "seconds": round(seconds, 1),
                "rows_per_second": round(item.delivered / seconds) if seconds else None,
                "peak_memory_growth_mib": round(peak_mib() - memory_before, 1),
                "rerun": {"seconds": round(rerun_seconds, 1), "batches": again.get("batches"),
                          "delivered_after": again.get("delivered")},
                "announcement_id": item.id,
            }
            db.session.remove()
            return figures
    finally:
        delivery._insert_batch = real


def typical_district(app) -> int:
    """The district whose staff the national benchmark logs in as (bench/national_data: of median size)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.security.models import User

    with app.app_context():
        tenant_id = db.session.execute(select(User.tenant_id).where(User.username == "district")).scalar_one()
        db.session.remove()
        return tenant_id


def clean_up(url: str, announcement_ids: list[int]) -> None:
    import psycopg

    from bench.national_setup import plain_url

    with psycopg.connect(plain_url(url)) as conn:
        for announcement_id in announcement_ids:
            conn.execute("DELETE FROM notification WHERE dedupe_key = %s", (f"announcement:{announcement_id}",))
            conn.execute("DELETE FROM announcement WHERE id = %s", (announcement_id,))
        conn.commit()


def main() -> int:
    os.chdir(ROOT)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="leave the announcements and their inbox rows")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or ""
    from bench.national_setup import app_for, check_target

    check_target(url)  # a local PostgreSQL database, never the test suite's
    report: dict = {"date": dt.date.today().isoformat(), "database": url.rsplit("/", 1)[-1],
                    "load": os.getloadavg(), "accounts": give_every_teacher_an_account(url)}
    app = app_for(url, REDIS_URL="", MAIL_SERVER=None)
    report["republic_teachers"] = deliver(app, "national", None, "Teacher")
    report["district_teachers"] = deliver(app, "district", typical_district(app), "Teacher")
    if not args.keep:
        clean_up(url, [report[k]["announcement_id"] for k in ("republic_teachers", "district_teachers")])
    print(json.dumps(report, ensure_ascii=False, indent=2))
    output = args.output or ROOT / "bench" / "results" / f"announcements-{report['date']}.json"
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
