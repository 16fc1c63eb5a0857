"""enqueue() on real Redis, executed by a real RQ worker (runs when TEST_REDIS_URL is set)."""

from __future__ import annotations

import pytest

from app.extensions import db
from models.job import JobRecord
from tests.conftest import REDIS_URL
from tests.helpers import user

pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set: jobs run in-process"),
    # one Redis database, flushed by these tests: they run on one xdist worker, one after another
    pytest.mark.xdist_group("redis"),
]


@pytest.fixture
def redis_app(app, ctx):
    from redis import Redis

    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    app.extensions.pop("ustaz_redis", None)
    yield app, connection
    app.config["REDIS_URL"] = ""
    app.extensions.pop("ustaz_redis", None)
    connection.flushdb()


def test_job_runs_on_a_real_worker_with_progress(redis_app, browser):
    from rq.job import Job

    from app.jobs import enqueue
    from app.worker import build_worker
    from tests.jobs_for_tests import counting_job

    app, connection = redis_app
    with app.test_request_context():
        record = enqueue(counting_job, 4, description="count to four", user=user("district"))
    record_id, rq_id = record.id, record.rq_id
    assert record.state == "queued" and rq_id
    assert build_worker(app, ["default"], connection).work(burst=True)
    db.session.expire_all()
    done = db.session.get(JobRecord, record_id)
    assert done.state == "finished" and done.progress == 100 and done.result == {"steps": 4}
    assert Job.fetch(rq_id, connection=connection).meta["progress"] == 100
    page = browser("district").get(f"/jobview/show/{record_id}").get_data(as_text=True)
    assert "100%" in page and "count to four" in page
    assert browser("district2").get(f"/jobview/show/{record_id}").status_code == 404


def test_failing_job_on_a_worker_is_recorded(redis_app):
    from app.jobs import enqueue
    from app.worker import build_worker
    from tests.jobs_for_tests import failing_job

    app, connection = redis_app
    with app.test_request_context():
        record = enqueue(failing_job, 7, user=user("district"))
    record_id = record.id
    build_worker(app, ["default"], connection).work(burst=True)
    db.session.expire_all()
    failed = db.session.get(JobRecord, record_id)
    assert failed.state == "failed" and "boom at 7" in failed.error and failed.progress == 50


def test_batch_scoring_of_the_demo_republic_on_a_real_worker(redis_app):
    import uuid

    from sqlalchemy import func, select

    from app.jobs import enqueue
    from app.scoring.batch import score_scope
    from app.worker import build_worker
    from models.person import Person

    app, connection = redis_app
    with app.test_request_context():
        record = enqueue(score_scope, uuid.uuid4().hex, description="republic scoring", user=user("national"))
    record_id = record.id
    build_worker(app, ["default"], connection).work(burst=True)
    db.session.expire_all()
    done = db.session.get(JobRecord, record_id)
    assert done.state == "finished" and done.progress == 100, done.error
    assert done.result["teachers"] == db.session.execute(select(func.count(Person.id))).scalar_one()


def test_writes_queue_one_summary_refresh_that_a_worker_runs(redis_app):
    """With RQ a committed write queues the dashboards' refresh once (not once per write); the
    worker counts every marked tenant, and the next write may queue again."""
    from sqlalchemy import func, select

    from app.jobs import run_after_commit
    from app.worker import build_worker
    from models.person import Person
    from models.report import ReportDirty
    from reports import summary
    from tests.helpers import home, persons_under

    app, connection = redis_app
    summary.refresh(db.session, full=True)
    db.session.commit()
    refreshes = select(func.count(JobRecord.id)).where(JobRecord.func == "reports.jobs.refresh_reports")
    records_before = db.session.execute(refreshes).scalar_one()
    with app.test_request_context():
        for person in persons_under(home("district"))[:3]:
            person.category_id = None
            db.session.commit()
            run_after_commit()
    assert db.session.execute(refreshes).scalar_one() == records_before + 1
    assert db.session.execute(select(func.count()).select_from(ReportDirty)).scalar_one() >= 1
    assert build_worker(app, ["default"], connection).work(burst=True)
    db.session.expire_all()
    assert db.session.execute(select(func.count()).select_from(ReportDirty)).scalar_one() == 0
    job = db.session.execute(select(JobRecord).where(JobRecord.func == "reports.jobs.refresh_reports")
                             .order_by(JobRecord.id.desc())).scalars().first()
    assert job.state == "finished" and job.result["tenants"] >= 1
    # the figures the worker left equal the live count
    from reports import stats
    from tenants.scope import scope_for_user

    board = stats.build(db.session, scope_for_user(user("district")))
    live = db.session.execute(select(func.count(Person.id)).where(Person.district_id == home("district").id,
                                                                  Person.category_id.is_(None))).scalar_one()
    assert board.figures.count("categories", "") == live
    with app.test_request_context():
        person = persons_under(home("district"))[4]
        person.category_id = None
        db.session.commit()
        run_after_commit()
    assert db.session.execute(refreshes).scalar_one() == records_before + 2


def test_a_registry_sync_survives_its_worker_killed_mid_run(redis_app, database, tmp_path):
    """Issue 15: an RQ worker (a real `python -m app.worker` process) is SIGKILLed in the middle of
    a НОБД sync; the sync started again runs on another worker, resumes the dead run from its last
    page and ends with exactly the simulator's truth."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from sqlalchemy import select

    from app.integrations.jobs import start_sync
    from app.worker import build_worker
    from models.integration import SyncRun
    from tests.integration.test_registry_sync import FAST, assert_nobd_matches, simulator

    app, connection = redis_app
    settings = {**FAST, "REGISTRY_PAGE_SIZE": 50}
    saved = {k: app.config.get(k) for k in settings}
    app.config.update(settings)
    config_file = tmp_path / "worker_config.py"
    config_file.write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()))
    try:
        with simulator(teachers=2000, fault_rate=0.1) as url:
            with app.test_request_context():
                start_sync("nobd", "full", user("national"), url)
            env = {**os.environ, "DATABASE_URL": database.url, "REDIS_URL": REDIS_URL, "USTAZ_CONFIG": str(config_file)}
            log_file = tmp_path / "worker.log"
            worker = subprocess.Popen([sys.executable, "-m", "app.worker"], env=env, start_new_session=True,
                                      stdout=subprocess.DEVNULL, stderr=log_file.open("wb"))
            try:
                deadline = time.monotonic() + 300  # a loaded CI machine starts a worker slowly
                while time.monotonic() < deadline and worker.poll() is None:
                    db.session.expire_all()
                    run = db.session.execute(select(SyncRun).order_by(SyncRun.id.desc())).scalars().first()
                    if run is not None and run.fetched >= 400:
                        break
                    time.sleep(0.1)
                else:
                    raise AssertionError(f"the worker never got going (exit {worker.poll()}, run "
                                         f"{run.state if run else None} {run.fetched if run else 0}): "
                                         + log_file.read_text(errors="replace")[-3000:])
            finally:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
            db.session.expire_all()
            dead = db.session.execute(select(SyncRun).order_by(SyncRun.id.desc())).scalars().first()
            assert dead.state == "running" and 400 <= dead.fetched < 2080
            dead_id = dead.id
            with app.test_request_context():
                start_sync("nobd", "full", user("national"), url)
            assert build_worker(app, ["default"], connection).work(burst=True)
            db.session.expire_all()
            run = db.session.execute(select(SyncRun).order_by(SyncRun.id.desc())).scalars().first()
            assert run.id == dead_id and run.state == "finished" and run.resumed == 1
            assert_nobd_matches(url)
    finally:
        app.config.update(saved)
