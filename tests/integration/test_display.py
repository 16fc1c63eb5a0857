"""Users never see stored codes: audit actions, table and column names, True/False, microseconds."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from app.extensions import db
from app.web.display import shown_value
from models.audit import AuditRecord

MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}\.\d{3,6}")


def test_values_are_shown_as_people_write_them(app):
    with app.test_request_context():
        assert shown_value(None) == ""
        assert shown_value(dt.datetime(2026, 12, 5, 10, 0, 1, 123456)) == "05.12.2026 15:00"  # UTC -> UTC+5
        assert shown_value(dt.date(2026, 9, 1)) == "01.09.2026"
        assert str(shown_value(True)) == "Иә" and str(shown_value(False)) == "Жоқ"
        assert shown_value(7) == 7


def test_the_audit_trail_speaks_the_users_language(browser, ctx):
    b = browser("national")
    assert b.post("/login/", {"username": "district", "password": "wrong-password-1"}).status_code in (200, 302)
    b = browser("national")  # the failed attempt above used an anonymous client
    b.get("/lang/ru")
    listing = b.get("/auditview/list/").get_data(as_text=True)
    assert "Неудачная попытка входа" in listing or "Создано" in listing
    for code in (">create<", ">update<", ">login_failed<", ">ab_user<", ">person<"):
        assert code not in listing
    assert not MICROSECONDS.search(listing)
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "update", AuditRecord.object_type == "person").limit(1)
    ).first()
    if record is None:
        record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "create").limit(1)).first()
    page = b.get(f"/auditview/show/{record.id}").get_data(as_text=True)
    assert "<table class='table table-condensed'>" in page and "До" in page and "После" in page
    assert '{"' not in page and not MICROSECONDS.search(page)
