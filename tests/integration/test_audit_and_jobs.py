"""Audit records for admin changes; jobs run through enqueue() with progress, scoped pages."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from models.audit import AuditRecord
from models.job import JobRecord
from models.person import Person
from tests.helpers import home, persons_under, user


def _audit(object_type: str, object_id: int) -> list[AuditRecord]:
    db.session.expire_all()
    return list(
        db.session.execute(
            select(AuditRecord)
            .where(AuditRecord.object_type == object_type, AuditRecord.object_id == str(object_id))
            .order_by(AuditRecord.id)
        ).scalars()
    )


def test_create_update_delete_are_audited_with_before_and_after(browser, ctx):
    b = browser("director")
    org = home("director")
    iin = "850314401236"
    assert b.post(
        "/personview/add", {"iin": iin, "last_name": "Әлиева", "first_name": "Гүлнар", "tenant": org.id}
    ).status_code == 302
    person = db.session.execute(select(Person).where(Person.iin == iin)).scalar_one()
    pk = person.id
    assert person.birth_date.isoformat() == "1985-03-14" and person.sex == "F"
    assert b.post(
        f"/personview/edit/{pk}", {"iin": iin, "last_name": "Әлиева-Серікова", "first_name": "Гүлнар", "tenant": org.id}
    ).status_code == 302
    assert b.post(f"/personview/delete/{pk}").status_code == 302
    trail = _audit("person", pk)
    assert [r.action for r in trail] == ["create", "update", "delete"]
    assert all(r.username == "director" and r.tenant_id == org.id for r in trail)
    assert trail[1].changes["last_name"] == {"before": "Әлиева", "after": "Әлиева-Серікова"}
    # the trail is a log: the ИИН keeps its last four digits only
    assert trail[0].changes["iin"] == trail[2].changes["iin"] == "********1236"
    assert iin not in str([r.changes for r in trail])


def test_login_itself_is_not_audited(browser, ctx):
    browser("district")
    assert _audit("ab_user", user("district").id) == []


def test_audit_is_visible_to_auditors_in_scope_only(browser, ctx):
    b = browser("director")
    org = home("director")
    b.post("/personview/add", {"iin": "850314401236", "last_name": "Әлиева", "first_name": "Гүлнар", "tenant": org.id})
    record = db.session.execute(select(AuditRecord).order_by(AuditRecord.id.desc())).scalars().first()
    assert browser("auditor").get(f"/auditview/show/{record.id}").status_code == 200  # auditor of region A
    assert browser("national").get(f"/auditview/show/{record.id}").status_code == 200
    assert browser("district").get("/auditview/list/").status_code == 403  # no audit role
    # an auditor elsewhere sees nothing of it
    from app.security.models import User
    from tenants.models import Tenant

    other_region = db.session.execute(select(Tenant).where(Tenant.code == "350000000")).scalar_one()
    auditor = user("auditor")
    auditor.tenant = other_region
    db.session.commit()
    assert browser("auditor").get(f"/auditview/show/{record.id}").status_code == 404
    assert db.session.get(User, auditor.id).region_id == other_region.id


def test_invalid_iin_is_refused_with_a_reason_and_nothing_saved(browser, ctx):
    b = browser("director")
    b.get("/lang/en")
    page = b.post(
        "/personview/add",
        {"iin": "850314401235", "last_name": "X", "first_name": "Y", "tenant": home("director").id},
    ).get_data(as_text=True)
    assert "Invalid IIN: the check digit does not match" in page
    assert db.session.execute(select(Person).where(Person.iin == "850314401235")).first() is None


def test_job_runs_in_process_with_progress_and_result(browser, ctx):
    b = browser("district")
    response = b.post("/personview/check-iins/")
    assert response.status_code == 302 and "/jobview/show/" in response.headers["Location"]
    job = db.session.execute(select(JobRecord).order_by(JobRecord.id.desc())).scalars().first()
    assert job.state == "finished" and job.progress == 100
    assert job.result["checked"] == len(persons_under(home("district")))
    assert job.result["invalid_count"] == 0
    assert job.tenant_id == home("district").id
    page = b.get(f"/jobview/show/{job.id}").get_data(as_text=True)
    assert "100%" in page
    # another district's officer cannot see it
    assert browser("district2").get(f"/jobview/show/{job.id}").status_code == 404


def test_failed_job_is_recorded(ctx, app):
    from app.jobs import enqueue
    from tests.jobs_for_tests import failing_job

    with app.test_request_context():
        record = enqueue(failing_job, 3, user=user("district"))
    assert record.state == "failed" and "boom at 3" in record.error


def test_jobs_must_be_importable_functions(ctx):
    import pytest

    from app.jobs import enqueue

    def local(ctx):
        return None

    with pytest.raises(ValueError):
        enqueue(local)


def test_a_failed_job_page_shows_a_sentence_not_the_traceback(ctx, app, browser):
    from app.jobs import enqueue
    from tests.jobs_for_tests import failing_job

    with app.test_request_context():
        record = enqueue(failing_job, 3, user=user("district"))
    page = browser("district").get(f"/jobview/show/{record.id}").get_data(as_text=True)
    assert "Traceback" not in page and "boom at 3" not in page and "Error:" not in page
    assert "біз тарапта" in page  # kk: "an error on our side"
