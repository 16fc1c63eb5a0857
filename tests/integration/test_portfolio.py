"""The digital profile: manual entry by the responsible person, who may do what, bad input,
frozen academic years, completeness, bounded queries."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models.career import Employment
from models.directories import AcademicYear, CourseProgram, EventLevel, PublicationVenue
from models.portfolio import Contest, ContestParticipant, Course, EvidenceFile, Publication
from tests.helpers import home, persons_under, user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _files_on_disk(app) -> set[str]:
    import os

    found = set()
    for folder, _dirs, names in os.walk(app.config["UPLOAD_DIR"]):
        found |= {os.path.join(folder, n) for n in names}
    return found


def _year(code: str = "2025-2026") -> AcademicYear:
    return db.session.execute(select(AcademicYear).where(AcademicYear.code == code)).scalar_one()


def _level(code: str) -> int:
    return db.session.execute(select(EventLevel.id).where(EventLevel.code == code)).scalar_one()


def _count(model) -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _course_form(person_id: int, **extra) -> dict:
    program = db.session.execute(select(CourseProgram).order_by(CourseProgram.id)).scalars().first()
    return {
        "person": person_id,
        "academic_year": _year().id,
        "program": program.id,
        "provider": "Өрлеу",
        "hours": 72,
        "in_profile": "y",
        "certificate_number": "12345678",
        "completed_on": "2025-10-01",
        **extra,
    }


def _add_contest(b, kind: str = "students") -> int:
    response = b.post(
        "/contestview/add",
        {"kind": kind, "other_name": "Аудандық математика олимпиадасы", "event_level": _level("district"),
         "held_on": "2025-11-20", "academic_year": _year().id},
    )
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.execute(select(Contest.id).order_by(Contest.id.desc())).scalars().first()


def test_entry_adds_contest_with_participants_and_file_course_publication_and_teacher_sees_them(browser, ctx):
    teacher = user("teacher").person
    pid, iin = teacher.id, teacher.iin
    b = browser("entry")
    contest_id = _add_contest(b)
    rows = {
        "participant_iin_0": "100514500123"[:11] + "0",
        "participant_name_0": "Әлихан Серікұлы",
        "status_0": "winner",
        "teacher_0": iin,
        "file_0": (io.BytesIO(PDF), "diploma.pdf"),
        "participant_name_1": "Айару Нұрланқызы",
        "status_1": "participant",
        "teacher_1": f"{teacher.full_name} — {iin}",
        "participant_name_2": "Данияр Асқарұлы",
        "status_2": "teacher_of_winner",
        "teacher_2": f"{teacher.full_name} · ********{iin[-4:]} — #{pid}",  # the lookup's suggestion
    }
    import datetime as dt

    from app.identifiers import make_iin

    rows["participant_iin_0"] = make_iin(dt.date(2010, 5, 14), "M", 12)
    response = b.post(f"/contestview/participants/{contest_id}", rows, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    participants = db.session.execute(select(ContestParticipant).where(ContestParticipant.contest_id == contest_id)).scalars().all()
    assert len(participants) == 3 and {p.person_id for p in participants} == {pid}
    assert all(p.source == "manual" and p.entered_by_name and "Жауапты" in p.entered_by_name for p in participants), [(p.source, p.entered_by_name) for p in participants]
    evidence = db.session.execute(select(EvidenceFile)).scalars().all()
    assert len(evidence) == 1 and evidence[0].sha256 and evidence[0].content_type == "application/pdf"

    before = _count(Course)
    assert b.post("/courseview/add", _course_form(pid)).status_code == 302
    assert _count(Course) == before + 1
    venue = db.session.execute(select(PublicationVenue)).scalars().first()
    page = b.post(
        "/publicationview/add",
        {"person": pid, "academic_year": _year().id, "title": "Жобалық оқыту", "venue": venue.id, "author_count": 2,
         "published_on": "2025-10-10"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "alert-danger" not in page, re.findall(r'(?s)alert-danger">(.*?)</div>', page)
    assert db.session.execute(select(Publication).where(Publication.person_id == pid)).scalar_one().entered_by_name

    page = browser("director").get(f"/profile/{pid}").get_data(as_text=True)
    assert "Аудандық математика олимпиадасы" in page and "Жобалық оқыту" in page and "diploma.pdf" in page
    # source "manual" and who entered it, in Kazakh
    assert page.count("Жауапты тұлға") >= 5
    # the teacher sees the same records in the portal, each with who entered it
    from app.portfolio.sections import SUMMARIES

    teacher_b = browser("teacher")
    sections = {row[1].__name__: i for i, row in enumerate(SUMMARIES)}
    contests = teacher_b.get(f"/portal/profile/{sections['ContestParticipant']}").get_data(as_text=True)
    assert "Аудандық математика олимпиадасы" in contests and "diploma.pdf" in contests
    publications = teacher_b.get(f"/portal/profile/{sections['Publication']}").get_data(as_text=True)
    assert "Жобалық оқыту" in publications and "Жауапты тұлға" in publications
    download = browser("teacher").get(f"/profile/file/{evidence[0].id}")
    assert download.status_code == 200 and download.data == PDF
    assert browser("district2").get(f"/profile/file/{evidence[0].id}").status_code in (403, 404)


def test_entry_cannot_write_for_another_organizations_teacher(browser, ctx):
    own_org = home("entry")
    other = next(p for p in persons_under(home("district")) if p.tenant_id != own_org.id)
    foreign = persons_under(home("district2"))[0]
    b = browser("entry")
    before = _count(Course)
    b.post("/courseview/add", _course_form(other.id))
    b.post("/courseview/add", _course_form(foreign.id))
    assert _count(Course) == before
    response = b.api("POST", "/api/v1/course/", json={**_course_form(foreign.id), "in_profile": True})
    assert response.status_code in (403, 422)
    response = b.api("POST", "/api/v1/course/", json={**_course_form(other.id), "in_profile": True})
    assert response.status_code in (403, 422)
    assert _count(Course) == before
    # a record of another organization is not even visible
    theirs = db.session.execute(select(Course).where(Course.tenant_id != own_org.id)).scalars().first()
    assert b.get(f"/courseview/edit/{theirs.id}").status_code == 404
    assert b.post(f"/courseview/delete/{theirs.id}").status_code == 404


def test_district_reads_but_does_not_change_and_teacher_reads_only_own(browser, ctx):
    teacher = user("teacher").person
    mine = db.session.execute(select(Course).where(Course.person_id == teacher.id)).scalars().first()
    someone_else = db.session.execute(
        select(Course).where(Course.person_id != teacher.id, Course.tenant_id == teacher.tenant_id)
    ).scalars().first()
    district = browser("district")
    assert district.get(f"/courseview/show/{someone_else.id}").status_code == 200
    assert district.post("/courseview/add", _course_form(teacher.id)).status_code == 403
    assert district.post(f"/courseview/delete/{someone_else.id}").status_code == 403
    t = browser("teacher")
    # the staff pages send the teacher to the portal, which shows their own records only
    assert t.get(f"/courseview/show/{mine.id}").status_code == 302
    from app.portfolio.sections import SUMMARIES

    courses = next(i for i, row in enumerate(SUMMARIES) if row[1] is Course)
    page = t.get(f"/portal/profile/{courses}").get_data(as_text=True)
    assert f"/portal/profile/{courses}/{mine.id}/dispute" in page
    assert f"/{someone_else.id}/dispute" not in page
    listing = t.get("/api/v1/course/?q=(page_size:100)").get_json()
    assert listing["count"] >= 1
    assert {row["person"]["id"] for row in listing["result"]} == {teacher.id}
    assert t.post("/courseview/add", _course_form(teacher.id)).status_code == 403


def test_bad_input_is_refused_and_nothing_is_half_saved(app, browser, ctx, tmp_path):
    teacher = user("teacher").person
    b = browser("entry")
    b.get("/lang/en")
    courses, publications, participants, files = _count(Course), _count(Publication), _count(ContestParticipant), _count(EvidenceFile)
    on_disk = _files_on_disk(app)
    page = b.post("/courseview/add", _course_form(teacher.id, hours=-5), follow_redirects=True).get_data(as_text=True)
    assert "Course hours must be a positive number." in page
    venue = db.session.execute(select(PublicationVenue)).scalars().first()
    page = b.post(
        "/publicationview/add",
        {"person": teacher.id, "academic_year": _year().id, "title": "X", "venue": venue.id, "author_count": 4,
         "published_on": "2025-10-10"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "at most 3 authors" in page
    contest_id = _add_contest(b)
    page = b.post(
        f"/contestview/participants/{contest_id}",
        {"participant_iin_0": "123456789012", "participant_name_0": "A", "teacher_0": teacher.iin,
         "participant_name_1": "B", "teacher_1": teacher.iin, "file_1": (io.BytesIO(PDF), "ok.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Row 1: Invalid IIN" in page
    exe = b"MZ\x90\x00" + b"\x00" * 100
    page = b.post(
        f"/contestview/participants/{contest_id}",
        {"participant_name_0": "A", "teacher_0": teacher.iin, "file_0": (io.BytesIO(exe), "scan.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "is not a PDF, JPEG, PNG, DOCX or XLSX document" in page
    app.config["MAX_UPLOAD_BYTES"] = 1024
    try:
        page = b.post(
            f"/contestview/participants/{contest_id}",
            {"participant_name_0": "A", "teacher_0": teacher.iin, "file_0": (io.BytesIO(PDF + b"0" * 2000), "big.pdf")},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
    finally:
        app.config["MAX_UPLOAD_BYTES"] = 10 * 1024 * 1024
    assert "is larger than" in page
    assert (_count(Course), _count(Publication), _count(ContestParticipant), _count(EvidenceFile)) == (
        courses, publications, participants, files)
    assert _files_on_disk(app) == on_disk


def test_closed_year_is_frozen_in_the_model_layer(ctx):
    from app.portfolio.rules import FrozenPeriod

    year = _year("2024-2025")
    record = db.session.execute(select(Course).where(Course.academic_year_id != year.id)).scalars().first()
    frozen = db.session.execute(
        select(ContestParticipant).where(ContestParticipant.academic_year_id == year.id)
    ).scalars().first()
    year.is_closed = True
    db.session.commit()
    frozen.participant_name = "changed"
    with pytest.raises(FrozenPeriod):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(ContestParticipant, frozen.id))
    with pytest.raises(FrozenPeriod):
        db.session.commit()
    db.session.rollback()
    db.session.add(Course(person_id=record.person_id, tenant_id=record.tenant_id, academic_year_id=year.id, hours=10,
                          other_program="X", completed_on=record.completed_on))
    with pytest.raises(FrozenPeriod):
        db.session.commit()
    db.session.rollback()
    # moving a record into the closed year is refused too
    record = db.session.get(Course, record.id)
    record.academic_year_id = year.id
    with pytest.raises(FrozenPeriod):
        db.session.commit()
    db.session.rollback()


def test_closed_year_is_frozen_over_http(browser, ctx):
    year = _year("2025-2026")
    teacher = user("teacher").person
    course = db.session.execute(
        select(Course).where(Course.person_id == teacher.id, Course.academic_year_id == year.id)
    ).scalars().first()
    national = browser("national")
    form = national.get(f"/academicyearview/edit/{year.id}").get_data(as_text=True)
    assert "is_closed" in form
    response = national.post(
        f"/academicyearview/edit/{year.id}",
        {"code": year.code, "name_kk": year.name_kk, "name_ru": year.name_ru, "sort_order": year.sort_order,
         "is_active": "y", "starts_on": str(year.starts_on), "ends_on": str(year.ends_on), "is_closed": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(AcademicYear, year.id).is_closed
    b = browser("entry")
    b.get("/lang/en")
    page = b.post(f"/courseview/delete/{course.id}", follow_redirects=True).get_data(as_text=True)
    assert "is closed" in page, re.findall(r'(?s)class="alert[^"]*">(.*?)</div>', page) or page[-3000:]
    page = b.post("/courseview/add", _course_form(teacher.id), follow_redirects=True).get_data(as_text=True)
    assert "is closed" in page
    assert b.api("POST", "/api/v1/course/", json={**_course_form(teacher.id), "in_profile": True}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Course, course.id) is not None


def test_registry_records_are_read_only_but_can_be_disputed(browser, ctx):
    teacher = user("teacher").person
    job = db.session.execute(select(Employment).where(Employment.person_id == teacher.id)).scalars().first()
    assert job.source == "nobd"
    b = browser("entry")
    b.get("/lang/en")
    page = b.post(f"/employmentview/delete/{job.id}", follow_redirects=True).get_data(as_text=True)
    assert "read-only" in page
    t = browser("teacher")
    assert t.post(f"/employmentview/dispute/{job.id}", {"note": "Жұмыс басталған күні қате"}).status_code == 302
    db.session.expire_all()
    again = db.session.get(Employment, job.id)
    assert again.dispute_note == "Жұмыс басталған күні қате" and again.disputed_on is not None


def test_completeness_lists_the_gaps_of_a_demo_teacher(browser, ctx):
    # the third teacher of the featured school has the "gaps" profile
    school = home("director")
    person = [p for p in persons_under(school)][2]
    b = browser("director")
    b.get("/lang/en")
    page = b.get(f"/profile/{person.id}/completeness?category=moderator").get_data(as_text=True)
    cells = re.findall(r"<td>([0-9.]+)</td><td>(.*?)</td>\s*<td>(.*?)</td>", page)
    states = {code: state for code, _title, state in cells}
    assert states["1.1"] == "missing or weak" and states["1.2"] == "missing or weak"
    assert states["4"] == "missing or weak" and "courses: 36 of 72 hours" in page
    assert "Missing or weak" in page
    # the readiness advice, least effort first
    assert "What you still need" in page and "36 more course hours" in page


def test_teacher_confirms_completeness_per_year(browser, ctx):
    from models.portfolio import CompletenessConfirmation

    teacher = user("teacher").person
    t = browser("teacher")
    assert t.post(f"/profile/{teacher.id}/confirm", {"academic_year": _year().id}).status_code == 302
    assert _count(CompletenessConfirmation) == 1
    other = persons_under(home("teacher"))[0]
    assert browser("director").post(f"/profile/{other.id}/confirm", {"academic_year": _year().id}).status_code == 403


def test_profile_page_queries_are_bounded(app, browser, ctx):
    teacher = user("teacher").person
    pid = teacher.id
    b = browser("director")  # the staff profile page (the teacher's own is the portal's, tested apart)

    def queries_for(url: str) -> int:
        from tests.helpers import statements_for

        return statements_for(b, url)

    def queries_for_profile() -> int:
        return queries_for(f"/profile/{pid}")

    def add_courses(n: int) -> None:
        for i in range(n):
            db.session.add(Course(person_id=pid, tenant_id=teacher.tenant_id, academic_year_id=_year().id, hours=8,
                                  other_program=f"P{i}", completed_on=__import__("datetime").date(2025, 9, 1)))
        db.session.commit()

    queries_for_profile()  # the day's first view inserts its access-log row; the later ones update it
    add_courses(30)
    with_30 = queries_for_profile()
    add_courses(30)
    with_60 = queries_for_profile()
    assert with_30 == with_60
    # the page's own queries (one per record type, files, confirmations) over the menu and
    # permission checks every admin page makes
    baseline = queries_for("/")
    assert with_30 - baseline <= 40, (with_30, baseline)


def test_the_participants_dialog_lists_no_teachers_and_suggests_inside_the_scope(browser, ctx):
    """The dialog carries no list of teachers (there were up to 2,000 with their ИИН); suggestions come
    from the scoped lookup, and a suggestion's id outside the scope finds nobody."""
    from app.portfolio.participants import find_teacher
    from tests.helpers import home, persons_under

    b = browser("entry")
    contest_id = _add_contest(b)
    page = b.get(f"/contestview/participants/{contest_id}").get_data(as_text=True)
    assert "<datalist id=\"teachers\"></datalist>" in page and "data-lookup=\"/autocomplete/" in page
    teacher = user("teacher").person
    assert teacher.iin not in page
    other = persons_under(home("district2"))[0]
    from tenants.scope import scope_for_user, use_scope

    with use_scope(scope_for_user(user("entry"))):
        assert find_teacher(f"{teacher.full_name} — #{teacher.id}").id == teacher.id
        assert find_teacher(f"{other.full_name} — #{other.id}") is None
        assert find_teacher("x — #99999999999999999999999") is None


def test_a_contest_counts_its_participants_in_the_database(ctx):
    """participants_count comes with the contest's row (a correlated count), equal to its participants."""
    contests = db.session.execute(select(Contest)).scalars().all()
    assert contests and any(c.participants for c in contests)
    assert all(c.participants_count == len(c.participants) for c in contests)
