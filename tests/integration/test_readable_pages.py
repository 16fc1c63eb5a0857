"""Issue 12: the audit entry and the job page show values, labelled and in local formats, never
what the database keeps (JSON, Python reprs, codes, ISO timestamps, FAB's "__None")."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.extensions import db
from models.attestation import Application
from models.audit import AuditRecord
from models.job import JobRecord
from models.person import Person
from tenants.models import Tenant
from tests.crawl import internals_in, visible_text


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(visible_text(response.get_data(as_text=True)).split())


def _region_a() -> Tenant:
    return db.session.execute(select(Tenant).where(Tenant.level == "region").order_by(Tenant.id)).scalars().first()


def test_an_audit_entry_shows_labels_names_and_local_times(browser, ctx):
    application = db.session.execute(select(Application).order_by(Application.id)).scalars().first()
    person = db.session.get(Person, application.person_id)
    stamp = dt.datetime(2026, 3, 5, 4, 7, 9, 123456)  # UTC, as stored
    record = AuditRecord(
        created_on=stamp, username="district", action="update", object_type="application",
        object_id=str(application.id), tenant_id=application.tenant_id,
        # what older versions wrote: Python's repr of the object, ISO stamps, a dict as its repr
        object_repr="<models.attestation.Application object at 0x7f3a2c1b9d50>",
        changes={"state": {"before": "draft", "after": "submitted"},
                 "submitted_on": {"before": None, "after": stamp.isoformat()},
                 "person_id": {"before": None, "after": person.id},
                 "mode": {"before": "assign", "after": "confirm"},
                 "snapshot": {"before": None, "after": str({"experience_years": 12.5, "early": False})}},
    )
    db.session.add(record)
    db.session.commit()
    b = browser("auditor")
    b.get("/lang/en")
    text = _text(b.get(f"/auditview/show/{record.id}"))
    local = stamp.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Asia/Almaty")).strftime("%d.%m.%Y %H:%M")
    assert local in text
    assert "Draft" in text and "Submitted" in text  # the state's labels
    assert "assignment" in text and "confirmation" in text
    assert person.full_name in text or str(person) in text  # the linked record by name
    assert f"#{application.id}" in text and "object at 0x" not in text
    assert "Experience years 12.5" in text and "Early No" in text  # a nested table, labelled
    assert internals_in(text) == []
    # the list too: the object by kind and number, the time to the minute
    listing = _text(b.get("/auditview/list/"))
    assert internals_in(listing) == [] and local in listing


def test_new_audit_rows_keep_no_python_repr(ctx):
    from app.audit import _object_repr, _plain

    class Bare:
        pass

    assert _object_repr(Bare()) is None
    assert _plain({"a": dt.date(2026, 1, 2), "b": [1, {"c": None}]}) == {"a": "2026-01-02", "b": [1, {"c": None}]}


def test_a_job_page_shows_its_result_as_a_labelled_table(browser, ctx):
    from app.security.models import User

    national = db.session.execute(select(User).where(User.username == "national")).scalar_one()
    job = JobRecord(
        func="app.scoring.whatif.what_if", description="What-if", state="finished", progress=100,
        user_id=national.id, tenant_id=national.tenant_id,
        created_on=dt.datetime(2026, 3, 5, 4, 7, 9, 999999), ended_on=dt.datetime(2026, 3, 5, 4, 8, 1, 5),
        result={"published": "default", "draft": "draft-1", "teachers": 12,
                "per_category": {"expert": {"teachers": 3, "published": 1, "draft": 2}},
                "changed_count": 1,
                "changed": [{"person_id": 7, "name": "Сейітов Асқар", "requested": "expert",
                             "published": "not_assigned", "draft": "assigned expert"}],
                "rejected_count": 1,
                "rejected": [{"person_id": 8, "name": "Әлиева Гүлнар",
                              "problems": [{"field": "experience_years", "code": "required", "params": {}}]}]},
    )
    db.session.add(job)
    db.session.commit()
    b = browser("national")
    b.get("/lang/en")
    page = b.get(f"/jobview/show/{job.id}").get_data(as_text=True)
    text = _text(b.get(f"/jobview/show/{job.id}"))
    assert internals_in(text) == []
    assert "Teachers whose outcome changes" in text and "By requested category" in text
    assert "Category assigned (teacher-expert)" in text and "Category not assigned" in text
    assert "Сейітов Асқар" in text and "Әлиева Гүлнар" in text
    assert "experience_years" not in text and "not_assigned" not in text
    assert re.search(r"\d{2}\.\d{2}\.2026 \d{2}:\d{2}", text)
    assert "<table" in page


def test_a_failed_or_empty_result_shows_nothing_raw(browser, ctx):
    job = JobRecord(func="x.y", description="Job", state="finished", progress=100, result=[{"a": 1}, "b"],
                    tenant_id=_region_a().id)
    db.session.add(job)
    db.session.commit()
    from views.jobs import result_table

    assert internals_in(visible_text(str(result_table(job.result)))) == []
    assert str(result_table(None)) == str(result_table({})) == ""


def test_optional_selects_offer_a_blank_choice_not_none(browser, ctx):
    page = browser("director").get("/personview/add").get_data(as_text=True)
    assert '<option selected value="__None"></option>' in page  # FAB still reads its empty value
    assert ">__None<" not in page
