"""Hostile input on the hand-written pages (issue 9, point 1): the contest participants dialog, the
teacher's confirmation and completeness pages, the observation sheet form, disputes and feedback.

Each refusal is a 400 (query string) or 422 (form), says what is wrong in the user's language, and
writes nothing."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models.observation import ObservationSheet, SheetAnswer
from models.portfolio import CompletenessConfirmation, Contest, ContestParticipant, EvidenceFile
from tests.helpers import home, persons_under, user

HUGE = "99999999999999999999"


def _count(model) -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _says(b, send, status: int, kk: str, ru: str) -> None:
    """The same request in Kazakh and in Russian: the status, and the reason in each language."""
    for lang, expected in (("kk", kk), ("ru", ru)):
        b.get(f"/lang/{lang}")
        response = send()
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == status, (lang, response.status_code, page[:500])
        assert expected in page, (lang, expected, page[:3000])
        assert "Traceback" not in page and "sqlalchemy" not in page.lower()


@pytest.fixture
def contest(ctx) -> Contest:
    """A contest of the demo school of `entry`, in an open academic year."""
    return db.session.execute(
        select(Contest).where(Contest.tenant_id == home("entry").id).order_by(Contest.id)
    ).scalars().first()


# --- the contest participants dialog -------------------------------------------------------------

@pytest.mark.parametrize("rows, kk, ru", [
    ("abc", "Жолдар саны: бүтін сан енгізіңіз.", "Число строк: введите целое число."),
    ("²", "Жолдар саны: бүтін сан енгізіңіз.", "Число строк: введите целое число."),
    (HUGE, "Жолдар саны: 1 мен 50 аралығындағы сан енгізіңіз.", "Число строк: введите число от 1 до 50."),
    ("-5", "Жолдар саны: 1 мен 50 аралығындағы сан енгізіңіз.", "Число строк: введите число от 1 до 50."),
    ("51", "Жолдар саны: 1 мен 50 аралығындағы сан енгізіңіз.", "Число строк: введите число от 1 до 50."),
])
def test_participants_dialog_row_count_is_bounded(browser, contest, rows, kk, ru):
    b = browser("entry")
    _says(b, lambda: b.get(f"/contestview/participants/{contest.id}?rows={rows}"), 400, kk, ru)


def test_participants_dialog_opens_with_a_sane_row_count(browser, contest):
    b = browser("entry")
    page = b.get(f"/contestview/participants/{contest.id}?rows=50").get_data(as_text=True)
    assert 'name="participant_name_49"' in page and "rows=55" not in page  # no "more rows" beyond the limit
    assert 'name="participant_name_4"' in b.get(f"/contestview/participants/{contest.id}?rows=").get_data(as_text=True)


@pytest.mark.parametrize("form, kk, ru", [
    ({"participant_name_0": "А" * 301, "teacher_0": "{iin}"},
     "1-жол: Қатысушы: ең көбі 300 таңба.", "Строка 1: Участник: не более 300 символов."),
    ({"participant_name_0": "Әлихан\x00", "teacher_0": "{iin}"},
     "1-жол: Қатысушы: мәтінде көрінбейтін басқару таңбалары бар",
     "Строка 1: Участник: в тексте есть невидимые управляющие символы"),
    ({"participant_iin_0": "1" * 40, "participant_name_0": "Әлихан", "teacher_0": "{iin}"},
     "1-жол: Қатысушының ЖСН-і: ең көбі 12 таңба.", "Строка 1: ИИН участника: не более 12 символов."),
    ({"participant_name_2": "Әлихан", "status_2": "hacker" * 10, "teacher_2": "{iin}"},
     "3-жол: Мәртебесі: ұсынылған мәндердің бірін таңдаңыз.", "Строка 3: Статус: выберите одно из предложенных значений."),
    ({"participant_name_0": "Әлихан", "teacher_0": "{other_iin}"},
     "1-жол: көрсетілген ЖСН немесе аты-жөні бойынша сіздің ұйымыңызда педагог табылмады.",
     "Строка 1: в вашей организации не найден педагог с таким ИИН или ФИО."),
    ({"participant_name_0": "Әлихан", "teacher_0": "— " + HUGE},
     "1-жол: көрсетілген ЖСН немесе аты-жөні бойынша сіздің ұйымыңызда педагог табылмады.",
     "Строка 1: в вашей организации не найден педагог с таким ИИН или ФИО."),
    ({"csrf_only": "1"}, "Кемінде бір қатысушының деректерін толтырыңыз.", "Заполните данные хотя бы одного участника."),
])
def test_participants_dialog_refuses_bad_rows_and_writes_nothing(browser, contest, form, kk, ru):
    teacher = user("teacher").person
    # a teacher of another district: outside the organization (and the scope) of `entry`
    other = persons_under(home("district2"))[0]
    data = {k: v.format(iin=teacher.iin, other_iin=other.iin) for k, v in form.items()}
    before = _count(ContestParticipant), _count(EvidenceFile)
    b = browser("entry")
    _says(b, lambda: b.post(f"/contestview/participants/{contest.id}", data, content_type="multipart/form-data"),
          422, kk, ru)
    assert (_count(ContestParticipant), _count(EvidenceFile)) == before


def test_participants_dialog_refuses_a_file_that_is_not_a_document(browser, contest):
    import io

    teacher = user("teacher").person
    before = _count(ContestParticipant), _count(EvidenceFile)
    b = browser("entry")
    _says(
        b,
        lambda: b.post(f"/contestview/participants/{contest.id}",
                       {"participant_name_0": "Әлихан", "teacher_0": teacher.iin,
                        "file_0": (io.BytesIO(b"\x00\x01junk" * 50), "diploma.pdf")},
                       content_type="multipart/form-data"),
        422, "1-жол:", "Строка 1:",
    )
    assert (_count(ContestParticipant), _count(EvidenceFile)) == before


# --- the teacher's confirmation and the completeness page ------------------------------------------

@pytest.mark.parametrize("value, kk, ru", [
    (HUGE, "Оқу жылы: 1 мен 2147483647 аралығындағы сан енгізіңіз.", "Учебный год: введите число от 1 до 2147483647."),
    ("abc", "Оқу жылы: бүтін сан енгізіңіз.", "Учебный год: введите целое число."),
    ("", "Оқу жылы: бұл өрісті толтырыңыз.", "Учебный год: заполните это поле."),
    ("2147483647", "Оқу жылын таңдаңыз.", "Выберите учебный год."),
])
def test_confirmation_refuses_a_bad_academic_year(browser, ctx, value, kk, ru):
    teacher = user("teacher").person
    before = _count(CompletenessConfirmation)
    b = browser("teacher")
    _says(b, lambda: b.post(f"/profile/{teacher.id}/confirm", {"academic_year": value}), 422, kk, ru)
    assert _count(CompletenessConfirmation) == before


def test_confirmation_refuses_a_note_too_long(browser, ctx):
    from models.directories import AcademicYear

    teacher = user("teacher").person
    year = db.session.execute(select(AcademicYear).where(AcademicYear.is_closed.is_(False))).scalars().first()
    before = _count(CompletenessConfirmation)
    b = browser("teacher")
    _says(b, lambda: b.post(f"/profile/{teacher.id}/confirm", {"academic_year": year.id, "note": "ы" * 2001}),
          422, "Түсініктеме: ең көбі 2000 таңба.", "Комментарий: не более 2000 символов.")
    assert _count(CompletenessConfirmation) == before


@pytest.mark.parametrize("category", ["wizard", "teacher", "x" * 200])
def test_completeness_refuses_an_unknown_category(browser, ctx, category):
    teacher = user("teacher").person
    b = browser("director")  # the staff page (teachers read their readiness on the portal)
    _says(b, lambda: b.get(f"/profile/{teacher.id}/completeness?category={category}"), 400,
          "Санаты: ұсынылған мәндердің бірін таңдаңыз.", "Категория: выберите одно из предложенных значений.")
    assert b.get(f"/profile/{teacher.id}/completeness?category=").status_code == 200  # empty: the next one up


# --- the observation sheet form -------------------------------------------------------------------

@pytest.fixture
def draft(browser, ctx) -> ObservationSheet:
    """A fresh draft of the demo observer about the demo teacher (a granted school)."""
    b = browser("observer")
    response = b.post("/observationsheetview/add", {
        "person": user("teacher").person.id, "observed_on": "2026-10-14", "starts_at": "10:00", "ends_at": "10:45",
        "event_type": "lesson", "class_group": "6«Ә»"})
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id == user("observer").id)
        .order_by(ObservationSheet.id.desc())
    ).scalars().first()


@pytest.mark.parametrize("level, kk, ru", [
    ("abc", "1-критерий: бүтін сан енгізіңіз.", "Критерий 1: введите целое число."),
    ("²", "1-критерий: бүтін сан енгізіңіз.", "Критерий 1: введите целое число."),
    (HUGE, "1-критерий: 1 мен 4 аралығындағы сан енгізіңіз.", "Критерий 1: введите число от 1 до 4."),
    ("0", "1-критерий: 1 мен 4 аралығындағы сан енгізіңіз.", "Критерий 1: введите число от 1 до 4."),
    ("7", "1-критерий: 1 мен 4 аралығындағы сан енгізіңіз.", "Критерий 1: введите число от 1 до 4."),
])
def test_sheet_form_refuses_levels_that_are_not_of_the_rubric(browser, draft, level, kk, ru):
    criteria = sorted(draft.template.criteria, key=lambda c: c.order)
    data = {f"level_{c.id}": "3" for c in criteria} | {f"level_{criteria[0].id}": level, "submit": "1"}
    b = browser("observer")
    _says(b, lambda: b.post(f"/observationsheetview/fill/{draft.id}", data), 422, kk, ru)
    db.session.expire_all()
    sheet = db.session.get(ObservationSheet, draft.id)
    assert sheet.status == "draft" and sheet.total_points in (None, 0)
    assert _count(SheetAnswer) == db.session.execute(
        select(func.count()).select_from(SheetAnswer).where(SheetAnswer.sheet_id != draft.id)).scalar_one()


def test_sheet_form_refuses_control_characters_and_ignores_foreign_criteria(browser, draft):
    criteria = sorted(draft.template.criteria, key=lambda c: c.order)
    data = {f"level_{c.id}": "3" for c in criteria} | {"recommendations": "ok\x00", f"level_{10**9}": "abc"}
    b = browser("observer")
    _says(b, lambda: b.post(f"/observationsheetview/fill/{draft.id}", data), 422,
          "Ұсынымдар: мәтінде көрінбейтін басқару таңбалары бар", "Рекомендации: в тексте есть невидимые управляющие")
    db.session.expire_all()
    assert not db.session.get(ObservationSheet, draft.id).answers
    # the same form without the bad character saves (a level for a criterion of no template is ignored)
    data["recommendations"] = "ok"
    assert b.post(f"/observationsheetview/fill/{draft.id}", data).status_code == 302


def test_feedback_and_disputes_refuse_text_that_cannot_be_stored(browser, ctx):
    sheet = db.session.execute(
        select(ObservationSheet).where(ObservationSheet.person_id == user("teacher").person.id,
                                       ObservationSheet.status == "submitted", ObservationSheet.feedback.is_(None))
    ).scalars().first()
    b = browser("teacher")
    _says(b, lambda: b.post(f"/observationsheetview/feedback/{sheet.id}", {"feedback": "ж" * 4001}), 422,
          "ең көбі 4000 таңба.", "не более 4000 символов.")
    db.session.expire_all()
    assert db.session.get(ObservationSheet, sheet.id).feedback is None
    from models.portfolio import Course

    course = db.session.execute(select(Course).where(Course.person_id == user("teacher").person.id)).scalars().first()
    _says(b, lambda: b.post(f"/courseview/dispute/{course.id}", {"note": "wrong\x00"}), 422,
          "Дау туралы ескертпе: мәтінде көрінбейтін басқару таңбалары бар",
          "Замечание об оспаривании: в тексте есть невидимые управляющие символы")
    db.session.expire_all()
    assert db.session.get(Course, course.id).dispute_note is None
