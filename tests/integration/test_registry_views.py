"""The registries page: national admins see where each feed stands, start a sync and read the run
log; nobody else sees or starts anything."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import Browser
from tests.integration.test_registry_sync import FAST, simulator


def _runs(app) -> int:
    from app.extensions import db
    from models.integration import SyncRun

    with app.app_context():
        return db.session.execute(select(func.count()).select_from(SyncRun)).scalar_one()


def test_a_national_admin_syncs_now_and_reads_the_run_log(app):
    saved = {k: app.config.get(k) for k in (*FAST, "REGISTRY_NOBD_URL")}
    app.config.update(FAST)
    national = Browser(app, "national")
    try:
        with simulator(teachers=50, fault_rate=0.2) as url:
            app.config["REGISTRY_NOBD_URL"] = url
            page = national.get("/registries/overview/")
            assert page.status_code == 200
            text = page.get_data(as_text=True)
            assert "ҰБДҚ" in text and "REGISTRY_UTO_URL" in text  # configured nobd, unconfigured uto says how
            started = national.post("/registries/sync/nobd", {"mode": "full"})
            assert started.status_code == 302 and "/jobview/show/" in started.headers["Location"].lower()
        from app.extensions import db
        from models.integration import SyncRun

        with app.app_context():
            run = db.session.execute(select(SyncRun).order_by(SyncRun.id.desc())).scalars().first()
            assert run.state == "finished" and run.created > 50 and run.username == "national"
            run_id = run.id
        job = national.get(started.headers["Location"]).get_data(as_text=True)
        assert "Run log" in job or "Орындау журналы" in job
        shown = national.get(f"/registries/show/{run_id}").get_data(as_text=True)
        for internal in (">nobd<", ">finished<", ">full<", "organizations:", "{'"):
            assert internal not in shown, internal
        assert "Аяқталды" in shown  # finished, in Kazakh
        listing = national.get("/registries/list/").get_data(as_text=True)
        assert f"/registries/show/{run_id}" in listing
    finally:
        app.config.update(saved)


def test_unknown_or_unconfigured_registries_are_refused_without_a_run(app):
    national = Browser(app, "national")
    assert national.post("/registries/sync/nope", {"mode": "full"}).status_code == 404
    answer = national.post("/registries/sync/uto", {"mode": "full"})
    assert answer.status_code == 302 and _runs(app) == 0
    assert national.get("/registries/show/999999").status_code == 404
    assert national.get("/registries/show/abc").status_code in (404, 400)


def test_nobody_else_sees_or_starts_a_sync(app):
    with app.app_context():
        from app.extensions import db
        from models.integration import SyncRun
        from tenants.models import Tenant

        root = db.session.execute(select(Tenant.id).where(Tenant.parent_id.is_(None))).scalar()
        db.session.add(SyncRun(source="nobd", mode="full", state="finished", tenant_id=root))
        db.session.commit()
        run_id = db.session.execute(select(SyncRun.id)).scalar()
    app.config["REGISTRY_NOBD_URL"] = "http://127.0.0.1:9"
    try:
        for username in ("region", "district", "director", "teacher", "auditor", "commission"):
            user = Browser(app, username)
            assert user.get("/registries/overview/").status_code in (302, 403, 404), username
            assert user.get(f"/registries/show/{run_id}").status_code in (302, 403, 404), username
            assert "ҰБДҚ" not in user.get("/registries/list/").get_data(as_text=True), username
            user.post("/registries/sync/nobd", {"mode": "full"})
        assert _runs(app) == 1
    finally:
        app.config["REGISTRY_NOBD_URL"] = ""


def test_a_sync_that_stops_says_why_on_its_job_page(app):
    saved = {k: app.config.get(k) for k in (*FAST, "REGISTRY_UTO_URL")}
    app.config.update(FAST)
    app.config["REGISTRY_UTO_URL"] = "http://127.0.0.1:9"
    try:
        national = Browser(app, "national")
        started = national.post("/registries/sync/uto", {"mode": "incremental"})
        page = national.get(started.headers["Location"]).get_data(as_text=True)
        assert "Тізілімге қосылу мүмкін емес" in page  # the registry cannot be reached, in Kazakh
        assert "unreachable" not in page and "Traceback" not in page
    finally:
        app.config.update(saved)


def test_the_audit_trail_tells_what_each_page_of_a_sync_wrote(app):
    saved = {k: app.config.get(k) for k in FAST}
    app.config.update(FAST)
    try:
        with app.app_context(), simulator(teachers=20) as url:
            from app.extensions import db
            from app.integrations.sync import run_sync
            from models.audit import AuditRecord

            run_sync("nobd", "full", url=url)
            entry = db.session.execute(select(AuditRecord).where(AuditRecord.action == "registry_sync")
                                       .order_by(AuditRecord.id.desc())).scalars().first()
            entry_id = entry.id
        page = Browser(app, "national").get(f"/auditview/show/{entry_id}").get_data(as_text=True)
        assert "ҰБДҚ" in page and "teachers" not in page and ">nobd<" not in page
    finally:
        app.config.update(saved)
