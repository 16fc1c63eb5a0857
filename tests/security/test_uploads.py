"""Issue 9, point 4 (part D): an evidence file's type is read from its content and its name must
agree (a PDF named ``.html`` is refused); upload forms list the allowed types and the size limit."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from app.errors import RuleViolation
from app.extensions import db
from models.portfolio import EvidenceFile
from tests.helpers import user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32


def _office(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", PDF),
        ("REPORT.PDF", PDF),
        ("photo.jpg", JPEG),
        ("photo.jpeg", JPEG),
        ("scan.png", PNG),
        ("letter.docx", _office("word/document.xml")),
        ("table.xlsx", _office("xl/workbook.xml")),
    ],
)
def test_content_and_name_that_agree_are_accepted(app, name, data):
    from app.portfolio.files import check_upload

    with app.app_context():
        assert check_upload(name, io.BytesIO(data)).original_name == name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.html", PDF),  # the example of the issue
        ("evil.svg", PNG),
        ("report", PDF),  # no extension at all
        ("report.pdf.html", PDF),
        ("photo.png", JPEG),
        ("letter.xlsx", _office("word/document.xml")),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("fake.pdf", b"<html>%PDF-</html>"),
    ],
)
def test_content_and_name_that_disagree_are_refused(app, name, data):
    from app.portfolio.files import check_upload

    with app.app_context(), pytest.raises(RuleViolation):
        check_upload(name, io.BytesIO(data))


def test_refusal_names_the_type_and_the_extensions(app):
    from app.i18n import force_locale
    from app.portfolio.files import check_upload

    with app.test_request_context(), force_locale("en"), pytest.raises(RuleViolation) as refused:
        check_upload("evil.html", io.BytesIO(PDF))
    assert "PDF" in str(refused.value) and ".pdf" in str(refused.value)


def test_upload_of_a_pdf_named_html_is_refused_and_nothing_stored(app, browser, ctx):
    from models.portfolio import Course

    teacher = user("teacher").person
    course = db.session.execute(select(Course).where(Course.person_id == teacher.id)).scalars().first()
    assert course is not None
    b = browser("entry")
    b.get("/lang/en")
    before = db.session.execute(select(func.count(EvidenceFile.id))).scalar_one()
    page = b.post(f"/courseview/upload/{course.id}", {"file": (io.BytesIO(PDF), "evil.html")},
                  follow_redirects=True).get_data(as_text=True)
    assert "must end in .pdf" in page
    assert db.session.execute(select(func.count(EvidenceFile.id))).scalar_one() == before
    # the same bytes under their true name are taken
    b.post(f"/courseview/upload/{course.id}", {"file": (io.BytesIO(PDF), "certificate.pdf")})
    assert db.session.execute(select(func.count(EvidenceFile.id))).scalar_one() == before + 1


def test_upload_forms_list_the_allowed_types_and_the_size(app, browser, ctx):
    from models.portfolio import Contest, Course

    teacher = user("teacher").person
    course = db.session.execute(select(Course).where(Course.person_id == teacher.id)).scalars().first()
    b = browser("entry")
    b.get("/lang/en")
    limit_mb = app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
    page = b.get(f"/courseview/show/{course.id}").get_data(as_text=True)
    assert "Allowed: PDF, JPEG, PNG, DOCX, XLSX" in page and f"up to {limit_mb} MB" in page
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"' in page
    contest = db.session.execute(select(Contest).where(Contest.tenant_id == teacher.tenant_id)).scalars().first()
    assert contest is not None
    dialog = b.get(f"/contestview/participants/{contest.id}").get_data(as_text=True)
    assert "Allowed: PDF, JPEG, PNG, DOCX, XLSX" in dialog
