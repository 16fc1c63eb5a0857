"""Issue 12, staff pages: what a first user met (drafts, dates, links, returning, order, phones, errors)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from models.observation import ObservationSheet
from tests.helpers import user

# --- an observation draft keeps what was given ---------------------------------------------------

@pytest.fixture
def draft(browser, ctx) -> ObservationSheet:
    b = browser("observer")
    response = b.post("/observationsheetview/add", {
        "person": user("teacher").person.id, "observed_on": "14.10.2026", "starts_at": "10:00", "ends_at": "10:45",
        "event_type": "lesson", "class_group": "6«Ә»"})
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id == user("observer").id)
        .order_by(ObservationSheet.id.desc())
    ).scalars().first()


def _criteria(sheet: ObservationSheet):
    return sorted(sheet.template.criteria, key=lambda c: c.order)


def test_a_draft_with_open_criteria_keeps_every_level_and_comment(browser, draft):
    first, second, third, *rest = _criteria(draft)
    b = browser("observer")
    data = {f"level_{first.id}": "2", f"comment_{first.id}": "жақсы бастама",
            f"comment_{second.id}": "деңгейсіз пікір", "recommendations": "Топтық жұмыс", "save": "1"}
    assert b.post(f"/observationsheetview/fill/{draft.id}", data).status_code == 302
    db.session.expire_all()
    sheet = db.session.get(ObservationSheet, draft.id)
    answers = {a.criterion_id: a for a in sheet.answers}
    assert sheet.status == "draft" and sheet.recommendations == "Топтық жұмыс"
    assert answers[first.id].level == 2 and answers[first.id].comment == "жақсы бастама"
    assert answers[second.id].comment == "деңгейсіз пікір" and third.id not in answers
    assert sheet.total_points == answers[first.id].points
    # the form shows them again: the level checked, both comments, the other criteria open
    page = b.get(f"/observationsheetview/fill/{draft.id}").get_data(as_text=True)
    assert f'name="level_{first.id}" value="2" checked' in page
    assert "деңгейсіз пікір" in page and "жақсы бастама" in page
    assert f'name="level_{second.id}" value="1" checked' not in page
    # the show page: a comment without a level shows no level
    show = b.get(f"/observationsheetview/show/{draft.id}").get_data(as_text=True)
    assert "деңгейсіз пікір" in show


def test_submitting_an_incomplete_sheet_is_refused_but_the_draft_is_kept(browser, draft):
    criteria = _criteria(draft)
    b = browser("observer")
    data = {f"level_{c.id}": "3" for c in criteria[:-1]} | {f"comment_{criteria[-1].id}": "кейін", "submit": "1"}
    response = b.post(f"/observationsheetview/fill/{draft.id}", data)
    assert response.status_code == 422
    assert "Толтырылмаған критерийлер саны: 1" in response.get_data(as_text=True)
    db.session.expire_all()
    sheet = db.session.get(ObservationSheet, draft.id)
    assert sheet.status == "draft" and len(sheet.answers) == len(criteria)
    assert sheet.total_points == 3 * (len(criteria) - 1) * 0 + sum(a.points for a in sheet.answers)
    # completing the last one submits
    data = {f"level_{c.id}": "3" for c in criteria} | {"submit": "1"}
    assert b.post(f"/observationsheetview/fill/{draft.id}", data).status_code == 302
    db.session.expire_all()
    sheet = db.session.get(ObservationSheet, draft.id)
    assert sheet.status == "submitted" and all(a.level == 3 for a in sheet.answers)
    assert sheet.answers[-1].comment is None or sheet.answers[-1].comment == "кейін"


def test_clearing_a_comment_without_a_level_removes_that_answer(browser, draft):
    first = _criteria(draft)[0]
    b = browser("observer")
    b.post(f"/observationsheetview/fill/{draft.id}", {f"comment_{first.id}": "уақытша"})
    b.post(f"/observationsheetview/fill/{draft.id}", {f"comment_{first.id}": ""})
    db.session.expire_all()
    assert not db.session.get(ObservationSheet, draft.id).answers


# --- dates: one format per language, a picker in the page's language, hostile dates refused ----------

def test_dates_are_read_as_the_page_writes_them(ctx):
    import datetime as dt

    from app.web.params import BadInput, read_date

    assert read_date("05.06.2026", label="d") == dt.date(2026, 6, 5)  # June, never May
    assert read_date("2026-06-05", label="d") == dt.date(2026, 6, 5)  # ISO: the API, old links
    for hostile in ("31.02.2026", "01.01.0001", "9999-12-31", "2026-13-01", "x" * 5000, "١٤.١٠.٢٠٢٦", "05/06/2026"):
        with pytest.raises(BadInput):
            read_date(hostile, label="d")


def test_the_sheet_form_shows_and_picks_dates_in_the_language(browser, draft):
    b = browser("observer")
    page = b.get(f"/observationsheetview/edit/{draft.id}").get_data(as_text=True)
    assert 'value="14.10.2026"' in page and 'data-date-language="kk"' in page
    assert "Қаңтар" in page and "appbuilder_date" not in page  # CLDR month names; not FAB's English picker
    b.get("/lang/ru")
    page = b.get(f"/observationsheetview/edit/{draft.id}").get_data(as_text=True)
    assert 'data-date-language="ru"' in page and "Январь" in page and 'value="14.10.2026"' in page
    listing = b.get("/observationsheetview/list/").get_data(as_text=True)
    assert "14.10.2026" in listing


@pytest.mark.parametrize("day", ["31.02.2026", "01.01.0001", "99999-01-01", "2026-13-45", "z" * 5000, "14.10.2026\x00"])
def test_a_hostile_date_in_a_form_is_a_422_with_the_reason(browser, draft, day):
    b = browser("observer")
    before = len(db.session.execute(select(ObservationSheet.id)).all())
    response = b.post("/observationsheetview/add", {
        "person": user("teacher").person.id, "observed_on": day, "starts_at": "10:00", "ends_at": "10:45",
        "event_type": "lesson"})
    assert response.status_code == 422
    assert "күнді 31.12.2026 түрінде енгізіңіз" in response.get_data(as_text=True)
    assert len(db.session.execute(select(ObservationSheet.id)).all()) == before


def test_date_search_reads_day_first_and_survives_nonsense(browser, draft):
    b = browser("observer")
    found = b.get("/observationsheetview/list/?_flt_0_observed_on=14.10.2026").get_data(as_text=True)
    assert f"/observationsheetview/show/{draft.id}\"" in found
    assert f"/observationsheetview/show/{draft.id}\"" in b.get(
        "/observationsheetview/list/?_flt_0_observed_on=2026-10-14").get_data(as_text=True)
    # 10.14 is no date (month 14); nonsense neither: a 400 that says how to write one
    for nonsense in ("10.14.2026", "abc", "9" * 400, "0000-00-00", "01.01.0001"):
        response = b.get(f"/observationsheetview/list/?_flt_1_observed_on={nonsense}")
        assert response.status_code == 400
        assert "Күні: күнді 31.12.2026 түрінде енгізіңіз" in response.get_data(as_text=True)


# --- a teacher's record links to the teacher's profile ---------------------------------------------

def test_person_list_and_show_link_to_the_profile(browser, ctx):
    person = user("teacher").person
    b = browser("district")
    listing = b.get("/personview/list/").get_data(as_text=True)
    assert f'href="/profile/{person.id}"' in listing and "Цифрлық профиль" in listing
    show = b.get(f"/personview/show/{person.id}").get_data(as_text=True)
    assert f'href="/profile/{person.id}"' in show
    assert b.get(f"/profile/{person.id}").status_code == 200


# --- back to where the user was ---------------------------------------------------------------------

@pytest.mark.parametrize("target, expected", [
    ("/personview/list/?page_PersonView=1", "/personview/list/?page_PersonView=1"),
    ("https://evil.example/x", None),
    ("//evil.example/x", None),
    ("/\\evil.example", None),
    ("javascript:alert(1)", None),
    ("http://localhost/personview/list/", "/personview/list/"),
])
def test_the_language_switch_returns_to_the_page_and_only_to_this_site(browser, ctx, target, expected):
    from urllib.parse import urlencode

    b = browser("district")
    response = b.get("/lang/ru?" + urlencode({"next": target}))
    assert response.status_code == 302
    location = response.headers["Location"]
    if expected:
        assert location.endswith(expected) and "evil" not in location
    else:
        assert "evil" not in location and "javascript" not in location


def test_the_navbar_language_links_carry_the_current_page(browser, ctx):
    page = browser("district").get("/personview/list/?page_PersonView=0").get_data(as_text=True)
    assert "/lang/ru?next=%2Fpersonview%2Flist%2F%3Fpage_PersonView%3D0" in page


def test_saving_an_edit_returns_to_the_page_it_was_opened_from(browser, ctx):
    from models.directories import Subject

    subject = db.session.execute(select(Subject).order_by(Subject.id)).scalars().first()
    form = {"code": subject.code, "name_kk": subject.name_kk, "name_ru": subject.name_ru, "sort_order": "5",
            "is_active": "y"}
    b = browser("national")
    show = f"http://localhost/subjectview/show/{subject.id}"
    assert b.get(f"/subjectview/edit/{subject.id}", headers={"Referer": show}).status_code == 200
    response = b.post(f"/subjectview/edit/{subject.id}", form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/subjectview/show/{subject.id}")
    # an outside Referer is never a destination
    b.get(f"/subjectview/edit/{subject.id}", headers={"Referer": "https://evil.example/"})
    response = b.post(f"/subjectview/edit/{subject.id}", form)
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


def test_an_import_returns_to_the_list_as_it_was(browser, ctx):
    import io

    b = browser("national")
    listing = "http://localhost/subjectview/list/?page_SubjectView=0"
    export = b.get("/subjectview/export/csv/")
    assert export.status_code == 200
    response = b.post("/subjectview/import/", {"file": (io.BytesIO(export.data), "subject.csv")},
                      headers={"Referer": listing}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/subjectview/list/?page_SubjectView=0")


# --- Kazakh alphabetical order ---------------------------------------------------------------------

KAZAKH_SORTED = ["Абаев", "Әбілов", "Бекова", "Ғаббасов", "Жұмабаев", "Қасымов", "Кенжеев", "Ңұрлан", "Өмірзақов",
                 "Оспанов", "Ұлықбеков", "Үсенова", "Уәлиев", "Һасанов", "Ілиясов", "Ыбыраев", "Яковлев"]


def test_the_kazakh_sort_key_follows_the_alphabet():
    from models.collation import kazakh_key

    expected = ["Абаев", "Әбілов", "Бекова", "Ғаббасов", "Жұмабаев", "Кенжеев", "Қасымов", "Ңұрлан", "Оспанов",
                "Өмірзақов", "Уәлиев", "Ұлықбеков", "Үсенова", "Һасанов", "Ыбыраев", "Ілиясов", "Яковлев"]
    assert sorted(KAZAKH_SORTED, key=kazakh_key) == expected
    assert sorted(["әлиев", "Әлиев", "Алиев"], key=kazakh_key) == ["Алиев", "Әлиев", "әлиев"]


def test_the_teacher_list_is_in_kazakh_alphabetical_order(browser, ctx):
    from models.collation import kazakh_key
    from models.person import Person

    org = user("teacher").person.tenant
    for i, last in enumerate(reversed(KAZAKH_SORTED)):
        db.session.add(Person(iin=f"99010100{i:04d}", last_name=last, first_name="Сұрыпжан", tenant_id=org.id,
                              search_name=f"сұрыпжан {last}".lower()))
    db.session.commit()
    page = browser("district").get("/personview/list/?_flt_0_search_name=сұрыпжан&psize_PersonView=50")
    text = page.get_data(as_text=True)
    positions = [text.index(f">{name}<") for name in KAZAKH_SORTED]
    shown = [name for _, name in sorted(zip(positions, KAZAKH_SORTED))]
    assert shown == sorted(KAZAKH_SORTED, key=kazakh_key)


# --- phones: wide tables scroll in their box --------------------------------------------------------

def test_completeness_and_sheet_tables_scroll_inside_a_box(browser, draft):
    import re

    b = browser("observer")
    show = b.get(f"/observationsheetview/show/{draft.id}").get_data(as_text=True)
    teacher = user("teacher").person
    completeness = browser("district").get(f"/profile/{teacher.id}/completeness").get_data(as_text=True)
    for page in (show, completeness):
        tail = page[page.index('<div class="ustaz-scroll">'):]
        assert re.match(r'<div class="ustaz-scroll">\s*<table class="table[^"]*ustaz-wrap', tail)
        assert 'style="min-width:30em"' not in page
    fill = b.get(f"/observationsheetview/fill/{draft.id}").get_data(as_text=True)
    assert "<table" not in fill.split('class="ustaz-sheet"', 1)[1].split("</form>", 1)[0]


# --- error pages in the user's language ---------------------------------------------------------------

def test_not_found_and_forbidden_pages_speak_the_users_language(browser, ctx):
    b = browser("observer")
    b.get("/lang/ru")
    missing = b.get("/personview/show/2147483647")
    assert missing.status_code == 404 and "Не найдено" in missing.get_data(as_text=True)
    assert 'class="navbar' in missing.get_data(as_text=True)
    forbidden = b.get("/auditview/list/")
    assert forbidden.status_code == 403 and "Доступ запрещён" in forbidden.get_data(as_text=True)


def test_the_bare_error_page_names_its_language(app):
    from flask import render_template

    from app.i18n import force_locale

    with app.test_request_context("/"), force_locale("ru"):
        html = render_template("ustaz/error_bare.html", code=404, title="Не найдено", message="…", request_id=None)
    assert '<html lang="ru">' in html
