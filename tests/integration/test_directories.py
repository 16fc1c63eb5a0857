"""Reference directories: national admins edit, import and export; everyone else reads."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from app.extensions import db
from models.directories import AcademicYear, AttestationPeriod, QualificationCategory, Subject


def test_seeded_defaults(ctx):
    codes = [c.code for c in db.session.execute(select(QualificationCategory).order_by(QualificationCategory.sort_order)).scalars()]
    assert codes[:5] == ["none", "moderator", "expert", "researcher", "master"]
    legacy = db.session.execute(select(QualificationCategory).where(QualificationCategory.code == "legacy_first")).scalar_one()
    assert legacy.is_legacy and legacy.successor.code == "expert"
    assert db.session.execute(select(func.count(AttestationPeriod.id))).scalar_one() >= 1


def test_everyone_reads_only_national_writes(browser):
    for username in ("teacher", "district", "observer"):
        b = browser(username)
        # teachers read what they need in their portal: the admin list sends them there
        assert b.get("/subjectview/list/").status_code == (302 if username == "teacher" else 200)
        assert b.post("/subjectview/add", {"code": "x", "name_kk": "x", "name_ru": "x"}).status_code == 403
    assert browser("national").post(
        "/subjectview/add", {"code": "astronomy", "name_kk": "Астрономия", "name_ru": "Астрономия", "sort_order": 30}
    ).status_code == 302


def _upload(b, url: str, name: str, content: bytes):
    return b.post(url, {"file": (io.BytesIO(content), name)}, content_type="multipart/form-data", follow_redirects=True)


def test_csv_import_creates_and_updates_by_code(browser, ctx):
    csv_text = "code;name_kk;name_ru;name_en;sort_order;is_active\nastronomy;Астрономия;Астрономия;Astronomy;30;иә\nmathematics;Математика!;Математика;Mathematics;5;1\n"
    page = _upload(browser("national"), "/subjectview/import/", "subjects.csv", csv_text.encode())
    assert page.status_code == 200
    db.session.expire_all()
    assert db.session.execute(select(Subject).where(Subject.code == "astronomy")).scalar_one().name_en == "Astronomy"
    assert db.session.execute(select(Subject).where(Subject.code == "mathematics")).scalar_one().name_kk == "Математика!"


def test_bad_import_saves_nothing_and_says_why(browser, ctx):
    before = db.session.execute(select(func.count(Subject.id))).scalar_one()
    csv_text = "code,name_kk,name_ru,sort_order\nnew1,Бір,Один,1\nnew2,,Два,x\nnew1,Бір,Один,2\n"
    b = browser("national")
    b.get("/lang/en")
    page = _upload(b, "/subjectview/import/", "subjects.csv", csv_text.encode()).get_data(as_text=True)
    assert "Row 3: name_kk is required." in page
    assert "Row 3: sort_order must be a whole number." in page
    assert "Row 4: the code new1 appears twice." in page
    assert "Nothing was imported" in page
    db.session.expire_all()
    assert db.session.execute(select(func.count(Subject.id))).scalar_one() == before
    assert db.session.execute(select(Subject).where(Subject.code == "new1")).first() is None


def test_import_refuses_other_files_and_readers(browser):
    page = _upload(browser("national"), "/subjectview/import/", "virus.exe", b"MZ...").get_data(as_text=True)
    assert "CSV" in page
    assert _upload(browser("district"), "/subjectview/import/", "s.csv", b"code,name_kk,name_ru\nz,z,z\n").status_code == 403


def test_xlsx_export_imports_back(browser, ctx):
    b = browser("national")
    exported = b.get("/attestationperiodview/export/xlsx/")
    assert exported.status_code == 200
    from reports.xlsx import read_rows

    rows = read_rows(exported.data)
    assert rows and rows[0]["academic_year.code"].startswith("20")
    period = db.session.execute(select(AttestationPeriod).order_by(AttestationPeriod.id)).scalars().first()
    year_code = period.academic_year.code
    page = _upload(b, "/attestationperiodview/import/", "periods.xlsx", exported.data)
    assert page.status_code == 200
    db.session.expire_all()
    again = db.session.get(AttestationPeriod, period.id)
    assert again.academic_year.code == year_code
    assert db.session.execute(select(func.count(AcademicYear.id))).scalar_one() == 3
