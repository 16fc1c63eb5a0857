"""The teacher portal (issue 12): the landing, lean pages within the SQL and weight budgets, the profile
with sources and disputes, observations and feedback, the apply wizard, results and certificates, who
viewed the portfolio, one-time account links; and that another teacher gets nothing of it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.demo_attestation import demo_essay
from app.extensions import db
from models.attestation import Application
from models.commission import Commission
from models.observation import ObservationSheet
from models.portal import AccountToken, PortfolioAccess, TeacherReadiness
from tests.helpers import statements_for, user
from tests.integration.test_notifications import smtp  # noqa: F401 - the SMTP fixture

PAGES = ["/portal/", "/portal/profile", "/portal/profile/0", "/portal/profile/13", "/portal/observations",
         "/portal/results", "/portal/apply", "/portal/viewers", "/portal/notifications"]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _another_teacher(username: str = "teacher2"):
    """A teacher account for another person of another organization (same role as `teacher`)."""
    from app.security.models import User
    from models.person import Person

    me = user("teacher")
    other = db.session.execute(select(Person).where(Person.tenant_id != me.tenant_id).order_by(Person.id)).scalars().first()
    db.session.add(User(username=username, first_name=other.first_name, last_name=other.last_name,
                        email=f"{username}@demo.ustaz.kz", password=me.password, active=True,
                        tenant_id=other.tenant_id, person_id=other.id, roles=list(me.roles)))
    db.session.commit()
    return other


def test_the_teacher_lands_in_the_portal_in_kazakh_without_the_admin_menu(browser, ctx):
    teacher = browser("teacher")
    landing = teacher.get("/")
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/portal/")
    page = teacher.get("/portal/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="kk">' in html
    assert len(page.data) <= 60 * 1024
    # no admin menu, no link to an admin list
    assert "navbar-nav" not in html and "/list/" not in html and "dropdown-menu" not in html
    text = _visible_text(html)
    assert "object at 0x" not in text and '{"' not in text
    assert "педагог-модератор" in text  # the demo teacher's category, in words


@pytest.mark.parametrize("url", PAGES)
def test_every_portal_page_stays_within_eight_statements(browser, ctx, url):
    teacher = browser("teacher")
    with teacher.app.app_context():
        count = statements_for(teacher.client, url)
    assert count <= 8, f"{url}: {count} SQL statements"
    html = teacher.get(url).get_data(as_text=True)
    assert '<html lang="kk">' in html and len(html.encode()) <= 60 * 1024


@pytest.mark.parametrize("url", ["/personview/list/", "/applications/list/", "/observationsheetview/list/",
                                 "/inbox/", "/profile/me", "/coursecontent/list/", "/rulesetview/list/"])
def test_the_teacher_never_reaches_an_admin_list(browser, ctx, url):
    response = browser("teacher").get(url)
    assert response.status_code in (302, 404), url
    if response.status_code == 302:
        assert "/portal/" in response.headers["Location"]


def test_staff_are_sent_to_their_own_pages(browser, ctx):
    response = browser("director").get("/portal/")
    assert response.status_code == 302 and not response.headers["Location"].endswith("/portal/")


def test_readiness_is_stored_and_refreshed_when_the_profile_changes(browser, ctx):
    import datetime as dt

    from models.portfolio import Course

    teacher = user("teacher")
    before = db.session.get(TeacherReadiness, teacher.person_id)
    assert before is not None and before.target_category == "expert"
    hours_before = [t for code, t in before.advice["advice"]["en"] if code == "4"]
    db.session.add(Course(person_id=teacher.person_id, tenant_id=teacher.person.tenant_id, other_program="Курс",
                          provider="Өрлеу", hours=36, in_profile=True, completed_on=dt.date.today()))
    db.session.commit()
    from app.jobs import run_after_commit

    run_after_commit()
    db.session.expire_all()
    after = db.session.get(TeacherReadiness, teacher.person_id)
    hours_after = [t for code, t in after.advice["advice"]["en"] if code == "4"]
    assert hours_before != hours_after
    # every language is stored; the page shows the reader's
    assert set(after.advice["advice"]) == {"kk", "ru", "en"}


def test_the_profile_shows_sources_and_takes_a_dispute(browser, ctx):
    teacher = browser("teacher")
    overview = _visible_text(teacher.get("/portal/profile").get_data(as_text=True))
    assert "1.1" in overview and "4" in overview
    from app.portfolio.sections import SUMMARIES
    from models.career import Employment

    index = next(i for i, row in enumerate(SUMMARIES) if row[1] is Employment)
    page = teacher.get(f"/portal/profile/{index}").get_data(as_text=True)
    record_id = int(re.search(rf"/portal/profile/{index}/(\d+)/dispute", page).group(1))
    response = teacher.post(f"/portal/profile/{index}/{record_id}/dispute", {"note": "Жұмыс өтілі қате"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Employment, record_id).dispute_note == "Жұмыс өтілі қате"
    # another teacher can neither see nor dispute it
    _another_teacher()
    other = browser("teacher2")
    assert other.post(f"/portal/profile/{index}/{record_id}/dispute", {"note": "x"}).status_code == 404
    assert f"/{record_id}/dispute" not in other.get(f"/portal/profile/{index}").get_data(as_text=True)


def test_feedback_on_a_sheet_and_nobody_elses(browser, ctx):
    teacher = user("teacher")
    sheet = db.session.execute(select(ObservationSheet).where(
        ObservationSheet.person_id == teacher.person_id, ObservationSheet.status == "submitted",
        ObservationSheet.feedback.is_(None)).order_by(ObservationSheet.id)).scalars().first()
    b = browser("teacher")
    listing = b.get("/portal/observations").get_data(as_text=True)
    assert f"/portal/observations/{sheet.id}" in listing
    assert b.get(f"/portal/observations/{sheet.id}").status_code == 200
    b.post(f"/portal/observations/{sheet.id}/feedback", {"feedback": "Рахмет, ескертулерді ескеремін"})
    db.session.expire_all()
    assert db.session.get(ObservationSheet, sheet.id).feedback == "Рахмет, ескертулерді ескеремін"
    _another_teacher()
    other = browser("teacher2")
    assert other.get(f"/portal/observations/{sheet.id}").status_code == 404
    assert other.post(f"/portal/observations/{sheet.id}/feedback", {"feedback": "x"}).status_code == 404


def _district_commission() -> Commission:
    return db.session.execute(select(Commission).where(Commission.level == "district").order_by(Commission.id)
                              ).scalars().first()


def test_the_apply_wizard_offers_only_eligible_options_and_submits(browser, ctx):
    commission = _district_commission()
    b = browser("teacher")
    page = b.get("/portal/apply").get_data(as_text=True)
    assert commission.name in page
    # moderator -> the next one up is expert; assigning master is not offered
    assert re.search(r'value="expert:assign"(?![^>]*disabled)', page)
    assert re.search(r'value="master:assign"[^>]*disabled', page)
    refused = b.post("/portal/apply?step=choose", {"option": "master:assign", "commission_id": commission.id,
                                                   "test_language": "kk"}, follow_redirects=True)
    assert refused.status_code == 200
    assert db.session.execute(select(func.count(Application.id)).where(
        Application.person_id == user("teacher").person_id, Application.state == "draft")).scalar_one() == 0
    b.post("/portal/apply?step=choose", {"option": "expert:assign", "commission_id": commission.id,
                                         "test_language": "kk"})
    draft = db.session.execute(select(Application).where(Application.person_id == user("teacher").person_id,
                                                         Application.state == "draft")).scalar_one()
    assert "essay" in b.get("/portal/apply").get_data(as_text=True)
    b.post("/portal/apply?step=essay", {"essay": demo_essay(270)})
    review = _visible_text(b.get("/portal/apply?step=review").get_data(as_text=True))
    assert "270" in review
    b.post(f"/portal/applications/{draft.id}/step", {"action": "submit"})
    db.session.expire_all()
    submitted = db.session.get(Application, draft.id)
    assert submitted.state == "submitted" and submitted.snapshot
    home = _visible_text(b.get("/portal/").get_data(as_text=True))
    assert submitted.review_due_on.strftime("%d.%m.%Y") in home  # the current step's deadline
    # another teacher cannot open or withdraw it
    _another_teacher()
    other = browser("teacher2")
    assert other.get(f"/portal/applications/{draft.id}").status_code == 404
    assert other.post(f"/portal/applications/{draft.id}/step", {"action": "withdraw", "reason": "x"}).status_code == 404
    # the teacher withdraws it with a reason
    b.post(f"/portal/applications/{draft.id}/step", {"action": "withdraw", "reason": "Келесі жылы"})
    db.session.expire_all()
    assert db.session.get(Application, draft.id).state == "withdrawn"


def test_who_viewed_my_portfolio(browser, ctx):
    teacher = user("teacher")
    director = browser("director")
    assert director.get(f"/profile/{teacher.person_id}").status_code == 200
    director.get(f"/profile/{teacher.person_id}")
    browser("teacher").get(f"/profile/{teacher.person_id}")  # the teacher's own view is not logged
    rows = db.session.execute(select(PortfolioAccess).where(PortfolioAccess.person_id == teacher.person_id)
                              ).scalars().all()
    assert [(r.viewer_id, r.what, r.times) for r in rows] == [(user("director").id, "profile", 2)]
    page = _visible_text(browser("teacher").get("/portal/viewers").get_data(as_text=True))
    assert user("director").last_name in page
    _another_teacher()
    assert user("director").last_name not in _visible_text(browser("teacher2").get("/portal/viewers")
                                                            .get_data(as_text=True))


def test_password_reset_by_an_emailed_link(app, browser, ctx, smtp):  # noqa: F811 - the fixture
    b = browser()
    assert 'href="/account/forgot"' in b.get("/login/").get_data(as_text=True)
    page = b.post("/account/forgot", {"login": "teacher"}, follow_redirects=True)
    assert page.status_code == 200
    assert len(smtp.messages) == 1 and smtp.recipients[0] == ["teacher@demo.ustaz.kz"]
    link = re.search(r"/account/set/([\w-]+)", smtp.messages[0].get_content()).group(1)
    stored = db.session.execute(select(AccountToken)).scalars().all()
    assert len(stored) == 1 and stored[0].id != link  # only the digest is kept
    # the same answer for an unknown login, and nothing sent
    b.post("/account/forgot", {"login": "nobody-here"})
    assert len(smtp.messages) == 1
    weak = b.post(f"/account/set/{link}", {"password": "short", "confirm": "short"})
    assert weak.status_code == 422
    done = b.post(f"/account/set/{link}", {"password": "жаңа-құпия-сөз-2026", "confirm": "жаңа-құпия-сөз-2026"})
    assert done.status_code == 302
    assert b.post(f"/account/set/{link}", {"password": "x", "confirm": "x"}).status_code == 404  # used once
    fresh = browser()
    fresh.login("teacher", "жаңа-құпия-сөз-2026")
    assert fresh.get("/portal/").status_code == 200


def test_activation_links_for_inactive_accounts(app, ctx, smtp):  # noqa: F811 - the fixture
    from app.jobs import run_after_commit
    from app.portal.accounts import invite

    teacher = user("teacher")
    teacher.active = False
    db.session.commit()
    assert invite([teacher.id]) == 1
    db.session.commit()
    run_after_commit()
    assert len(smtp.messages) == 1 and "/account/set/" in smtp.messages[0].get_content()


def test_teacher_accounts_are_made_in_bulk_and_activated_by_their_link(app, browser, ctx, smtp):  # noqa: F811
    from app.portal.accounts import create_teacher_accounts
    from app.security.models import User
    from models.person import Person

    school = user("teacher").tenant
    persons = db.session.execute(select(Person).outerjoin(User, User.person_id == Person.id)
                                 .where(Person.tenant_id == school.id, User.id.is_(None)).order_by(Person.id)
                                 ).scalars().all()[:3]
    for index, person in enumerate(persons):
        person.email = f"new{index}@school.kz"
    db.session.commit()
    result = create_teacher_accounts(school.path, chunk=2)
    assert result["created"] >= 3
    made = db.session.execute(select(User).where(User.email == "new0@school.kz")).scalar_one()
    assert not made.active and made.role_names == {"Teacher"} and made.person_id == persons[0].id
    assert create_teacher_accounts(school.path)["created"] == 0  # idempotent
    mail = next(m for m, to in zip(smtp.messages, smtp.recipients) if to == ["new0@school.kz"])
    link = re.search(r"/account/set/([\w-]+)", mail.get_content()).group(1)
    b = browser()
    assert b.post(f"/account/set/{link}", {"password": "бірінші-кіру-2026", "confirm": "бірінші-кіру-2026"}
                  ).status_code == 302
    fresh = browser()
    fresh.login("new0@school.kz", "бірінші-кіру-2026")
    assert fresh.get("/").headers["Location"].endswith("/portal/")


def test_the_wizard_and_application_pages_stay_within_eight_statements(browser, ctx):
    b = browser("teacher")
    b.post("/portal/apply?step=choose", {"option": "expert:assign", "commission_id": _district_commission().id,
                                         "test_language": "kk"})
    draft = db.session.execute(select(Application).where(Application.person_id == user("teacher").person_id,
                                                         Application.state == "draft")).scalar_one()
    for url in ("/portal/apply?step=choose", "/portal/apply?step=essay", "/portal/apply?step=review",
                f"/portal/applications/{draft.id}"):
        with b.app.app_context():
            count = statements_for(b.client, url)
        assert count <= 8, f"{url}: {count} SQL statements"


def test_the_language_switch_returns_to_the_same_portal_page(browser, ctx):
    b = browser("teacher")
    page = b.get("/portal/observations").get_data(as_text=True)
    link = re.search(r'href="(/lang/ru\?next=[^"]+)"', page).group(1).replace("&amp;", "&")
    response = b.get(link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/observations")
    assert '<html lang="ru">' in b.get("/portal/observations").get_data(as_text=True)


def test_a_teachers_error_page_is_in_the_portal_layout(browser, ctx):
    teacher = browser("teacher")
    missing = teacher.get("/portal/applications/2147483647")
    html = missing.get_data(as_text=True)
    assert missing.status_code == 404 and '<html lang="kk">' in html
    assert "navbar-nav" not in html and 'href="/portal/"' in html  # no admin menu, a way home
    refused = teacher.post("/portal/apply?step=choose", {"option": "expert:assign", "commission_id": "²"})
    assert refused.status_code == 422 and "navbar-nav" not in refused.get_data(as_text=True)
