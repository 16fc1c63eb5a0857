"""Notifications (issue 10, point 6): rows with the caller's commit, the inbox of one's own only,
the unread badge, the REST list, e-mails through a real SMTP server (aiosmtpd), the reminders."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import force_locale
from app.jobs import commit_and_run
from app.notifications import mark_read, notify, unread_count, users_of_persons
from app.notifications.messages import render
from models.notification import Notification
from tests.conftest import Browser
from tests.helpers import home, persons_under, user


# SMTP -------------------------------------------------------------------------------------------
class Collector:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def mail_config(app, port: int, **extra):
    """Mail on for one test: the app fixture is shared by the session, so restore its config."""
    keys = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": 5, **extra}
    saved = {key: app.config.get(key) for key in keys}
    app.config.update(keys)
    try:
        yield
    finally:
        app.config.update(saved)


@pytest.fixture
def smtp(app):
    from aiosmtpd.controller import Controller

    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with mail_config(app, controller.port):
            yield handler
    finally:
        controller.stop()


def withdrawn(teacher: str = "Ахметов Асқар", application_id: int = 7) -> dict:
    return {"teacher": teacher, "application_id": application_id}


def count_rows(**where) -> int:
    return db.session.execute(select(func.count(Notification.id)).filter_by(**where)).scalar_one()


# notify() and the transaction ---------------------------------------------------------------------
def test_rows_and_emails_come_with_the_commit_only(app, ctx, smtp):
    teacher = user("teacher")
    notify([teacher.id, None, teacher.id], "application_withdrawn", withdrawn(), link="/inbox/")
    db.session.rollback()  # the operation failed: nothing stays, nothing is sent
    commit_and_run()
    assert count_rows(user_id=teacher.id) == 0 and smtp.messages == []

    added = notify([teacher.id, None, teacher.id], "application_withdrawn", withdrawn(), link="/inbox/")
    assert len(added) == 1  # None and the repeated id skipped
    assert smtp.messages == []  # not before the commit
    commit_and_run()
    assert count_rows(user_id=teacher.id) == 1
    assert len(smtp.messages) == 1 and smtp.recipients == [[teacher.email]]


def test_dedupe_key_stored_or_pending(app, ctx):
    teacher, director = user("teacher"), user("director")
    assert len(notify([teacher.id], "window_closing", {"days": 3}, dedupe_key="window:x")) == 1
    # pending in the same transaction, then stored: neither is repeated
    assert notify([teacher.id], "window_closing", {"days": 3}, dedupe_key="window:x") == []
    commit_and_run()
    again = notify([teacher.id, director.id], "window_closing", {"days": 2}, dedupe_key="window:x")
    assert [n.user_id for n in again] == [director.id]
    commit_and_run()
    assert count_rows(dedupe_key="window:x") == 2


def test_users_of_persons_and_unread_count(app, ctx):
    teacher = user("teacher")
    assert users_of_persons([teacher.person_id, None, 999_999]) == {teacher.person_id: teacher.id}
    notify([teacher.id], "member_removed", {"commission": "A"})
    notify([teacher.id], "member_removed", {"commission": "B"})
    commit_and_run()
    assert unread_count(teacher.id) == 2 and unread_count(teacher.id, limit=1) == 1 and unread_count(None) == 0
    first = db.session.execute(select(Notification.id).where(Notification.user_id == teacher.id)).scalars().first()
    assert mark_read(teacher.id, [first]) == 1
    db.session.commit()
    assert unread_count(teacher.id) == 1
    assert mark_read(user("director").id) == 0  # another user's rows are not touched
    assert mark_read(teacher.id) == 1


# The inbox --------------------------------------------------------------------------------------
@pytest.fixture
def two_inboxes(app):
    """The teacher and the director each get one notification; returns their ids."""
    with app.app_context():
        teacher, director = user("teacher"), user("director")
        mine = notify([teacher.id], "application_withdrawn", withdrawn("Alpha Teacherova", 11), link="/profile/me")
        theirs = notify([director.id], "application_withdrawn", withdrawn("Beta Directorova", 22))
        commit_and_run()
        ids = mine[0].id, theirs[0].id
        db.session.remove()
    return ids


def test_inbox_shows_only_own_notifications(app, two_inboxes):
    mine, theirs = two_inboxes
    b = Browser(app, "teacher")
    b.get("/lang/en")
    assert b.get("/inbox/").location.endswith("/portal/notifications")  # a teacher's inbox is in the portal
    page = b.get("/portal/notifications")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Alpha Teacherova" in text and "No. 11" in text
    assert "Beta Directorova" not in text
    assert "application_withdrawn" not in text  # no codes
    d = Browser(app, "director")
    assert "Beta Directorova" in d.get("/inbox/").get_data(as_text=True)


def test_another_users_notification_is_not_found(app, two_inboxes):
    mine, theirs = two_inboxes
    b = Browser(app, "teacher")
    assert b.post(f"/inbox/read/{theirs}").status_code == 404
    assert b.post("/inbox/read/99999999999").status_code == 404
    with app.app_context():
        assert db.session.get(Notification, theirs).read_on is None


def test_badge_get_and_mark_read(app, two_inboxes):
    mine, _theirs = two_inboxes
    with app.app_context():
        notify([user("teacher").id], "member_removed", {"commission": "C"})
        commit_and_run()
    b = Browser(app, "teacher")
    home_page = b.get("/", follow_redirects=True).get_data(as_text=True)
    assert '<span class="badge">2</span>' in home_page
    b.get("/portal/notifications")
    b.get("/portal/notifications?page=2")
    with app.app_context():
        assert db.session.get(Notification, mine).read_on is None  # opening pages changes nothing
    assert b.get(f"/inbox/read/{mine}").status_code == 405  # marking is a POST
    assert b.post(f"/inbox/read/{mine}", csrf=False).status_code == 400  # and carries the CSRF token
    response = b.post(f"/inbox/read/{mine}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/profile/me")
    with app.app_context():
        assert db.session.get(Notification, mine).read_on is not None
    assert '<span class="badge">1</span>' in b.get("/portal/").get_data(as_text=True)
    assert b.post("/inbox/read-all").status_code == 302
    page = b.get("/portal/").get_data(as_text=True)
    assert 'class="badge"' not in page.split('id="h-news"', 1)[1].split("</h2>", 1)[0]
    with app.app_context():
        assert unread_count(user("teacher").id) == 0 and unread_count(user("director").id) == 1


def test_inbox_pages_are_bounded(app, two_inboxes):
    b = Browser(app, "director")
    assert b.get("/inbox/?page=999").status_code == 200  # beyond the last: the last page
    assert b.get("/inbox/?page=abc").status_code == 400
    assert b.get("/inbox/?page=-1").status_code == 400
    teacher = Browser(app, "teacher")  # the portal's inbox: the same bounds
    assert teacher.get("/portal/notifications?page=999").status_code == 200
    assert teacher.get("/portal/notifications?page=abc").status_code == 400
    empty = Browser(app, "auditor")
    empty.get("/lang/en")
    assert "You have no notifications yet." in empty.get("/inbox/").get_data(as_text=True)


def test_inbox_paginates(app, ctx):
    teacher = user("teacher")
    for number in range(30):
        notify([teacher.id], "application_withdrawn", withdrawn(f"Person{number:02d}", number))
    commit_and_run()
    b = Browser(app, "teacher")
    first = b.get("/portal/notifications").get_data(as_text=True)
    second = b.get("/portal/notifications?page=2").get_data(as_text=True)
    assert "Person29" in first and "Person10" in first and "Person09" not in first  # newest first, 20
    assert "Person09" in second and "Person29" not in second


def test_rest_list_returns_only_own_rows(app, two_inboxes):
    mine, theirs = two_inboxes
    b = Browser(app, "teacher")
    listing = b.api("GET", "/api/v1/notification/?_l_=en")
    assert listing.status_code == 200
    data = listing.get_json()
    assert data["ids"] == [mine] and data["count"] == 1
    assert data["result"][0]["subject"] == "An application has been withdrawn"
    assert "Alpha Teacherova" in data["result"][0]["body"]
    assert b.api("GET", f"/api/v1/notification/{mine}").status_code == 200
    assert b.api("GET", f"/api/v1/notification/{theirs}").status_code == 404
    # a filter cannot widen the base filter
    q = "(filters:!((col:kind,opr:eq,value:application_withdrawn)))"
    assert b.api("GET", f"/api/v1/notification/?q={q}").get_json()["ids"] == [mine]
    assert b.api("PUT", f"/api/v1/notification/{mine}", json={"read_on": None}).status_code in (404, 405)


def test_language_choice_is_remembered_on_the_account(app):
    b = Browser(app, "teacher")
    b.get("/lang/ru")
    with app.app_context():
        assert user("teacher").locale == "ru"
    b.get("/lang/en")
    with app.app_context():
        assert user("teacher").locale == "en"


# E-mail -----------------------------------------------------------------------------------------
def test_email_arrives_in_the_recipients_language(app, ctx, smtp):
    teacher = user("teacher")
    teacher.locale = "ru"
    teacher.email = "teacher@example.kz"
    db.session.commit()
    params = {"application_id": 5, "due_on": "2026-03-15"}
    notify([teacher.id], "application_accepted", params, link="/profile/me")
    commit_and_run()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    with force_locale("ru"):
        subject, body = render("application_accepted", params)
    assert message["Subject"] == subject
    assert message["To"] == "teacher@example.kz"
    assert "no-reply@ustaz.local" in message["From"]
    text = message.get_content()
    assert body in text and "http://127.0.0.1:5000/profile/me" in text
    row = db.session.execute(select(Notification).where(Notification.user_id == teacher.id)).scalar_one()
    assert row.emailed_on is not None


def test_one_batch_skips_and_failures_do_not_stop_the_others(app, ctx, smtp, caplog, monkeypatch):
    from app.notifications.mail import log
    from models.job import JobRecord

    monkeypatch.setattr(log, "disabled", False)  # Alembic's fileConfig disabled it in this process
    teacher, director, entry, observer = user("teacher"), user("director"), user("entry"), user("observer")
    entry.email = ""  # no address: skipped, not failed
    observer.email = "observer@example.kz\nBcc: victim@example.kz"  # refused before it reaches SMTP
    db.session.commit()
    notify([observer.id, teacher.id, director.id, entry.id], "member_removed", {"commission": "Аудандық комиссия"})
    commit_and_run()
    assert sorted(r[0] for r in smtp.recipients) == sorted([teacher.email, director.email])
    assert all("Аудандық комиссия" in m.get_content() for m in smtp.messages)
    emailed = db.session.execute(select(Notification.user_id).where(Notification.emailed_on.is_not(None))).scalars()
    assert sorted(emailed) == sorted([teacher.id, director.id])
    job = db.session.execute(select(JobRecord).order_by(JobRecord.id.desc())).scalars().first()
    assert job.result == {"sent": 2, "failed": 1, "skipped": 1}
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "not sent" in logged and "example.kz" not in logged and "victim" not in logged  # no personal data


def test_smtp_server_down_loses_nothing_and_raises_nothing(app, ctx):
    teacher = user("teacher")
    with mail_config(app, free_port(), MAIL_TIMEOUT=2):  # nobody listens there
        notify([teacher.id], "member_removed", {"commission": "A"})
        commit_and_run()  # no exception escapes
    row = db.session.execute(select(Notification).where(Notification.user_id == teacher.id)).scalar_one()
    assert row.emailed_on is None and row.read_on is None
    from models.job import JobRecord

    job = db.session.execute(select(JobRecord).order_by(JobRecord.id.desc())).scalars().first()
    assert job.state == "finished" and job.result == {"sent": 0, "failed": 1, "skipped": 0}


def test_no_mail_server_means_inbox_only(app, ctx):
    from models.job import JobRecord

    jobs = db.session.execute(select(func.count(JobRecord.id))).scalar_one()
    before = count_rows()  # the demo's own (its protocol asked its signers to sign)
    notify([user("teacher").id], "member_removed", {"commission": "A"})
    commit_and_run()
    assert count_rows() == before + 1
    assert db.session.execute(select(func.count(JobRecord.id))).scalar_one() == jobs  # no e-mail job


# Reminders --------------------------------------------------------------------------------------
TODAY = dt.date(2040, 3, 1)


def _period(closes_on: dt.date, state: str = "open"):
    from models.criteria import RuleSet
    from models.directories import AcademicYear, AttestationPeriod

    rule_set = db.session.execute(select(RuleSet).where(RuleSet.status == "published")).scalars().first()
    year = AcademicYear(code=f"y-{closes_on}", name_kk="y", name_ru="y", name_en="y",
                        starts_on=dt.date(2039, 9, 1), ends_on=dt.date(2040, 8, 31))
    period = AttestationPeriod(code=f"p-{closes_on}-{state}", name_kk="p", name_ru="p", name_en="p",
                               academic_year=year, applications_open_on=dt.date(2039, 9, 1),
                               applications_close_on=closes_on, state=state, rule_set=rule_set,
                               stage_order="application,ozp,portfolio")
    db.session.add(period)
    db.session.flush()
    return period


def _teacher_user(username: str, person):
    from flask_appbuilder.security.sqla.models import Role

    from app.security.models import User

    role = db.session.execute(select(Role).where(Role.name == "Teacher")).scalar_one()
    account = User(username=username, first_name=person.first_name, last_name=person.last_name,
                   email=f"{username}@example.kz", password="x", active=True, tenant=person.tenant,
                   person=person, roles=[role])
    db.session.add(account)
    db.session.flush()
    return account


def _application(person, period, state: str, commission=None, due_on=None):
    from models.attestation import Application

    application = Application(person_id=person.id, period_id=period.id, tenant=person.tenant,
                               tenant_id=person.tenant_id, requested_category="moderator", state=state,
                               commission_id=getattr(commission, "id", None), review_due_on=due_on)
    db.session.add(application)
    db.session.flush()
    return application


def _teacher_users_with_person() -> set[int]:
    from flask_appbuilder.security.sqla.models import Role, assoc_user_role

    from app.security.models import User

    return set(db.session.execute(
        select(User.id).join(assoc_user_role, assoc_user_role.c.user_id == User.id)
        .join(Role, Role.id == assoc_user_role.c.role_id)
        .where(Role.name == "Teacher", User.active.is_(True), User.person_id.is_not(None))
    ).scalars())


@pytest.mark.parametrize("chunk", [5_000, 1])  # 1: the new rows are walked in chunks, none lost or counted twice
def test_window_closing_reminds_teachers_without_an_application_once(app, ctx, monkeypatch, chunk):
    from app.notifications import reminders
    from app.notifications.reminders import remind_deadlines

    monkeypatch.setattr(reminders, "NEW_ROWS_CHUNK", chunk)

    period = _period(TODAY + dt.timedelta(days=3))
    _period(TODAY + dt.timedelta(days=20))  # beyond the window: nobody reminded
    _period(TODAY + dt.timedelta(days=2), state="planned")
    people = persons_under(home("director"))
    applied = _teacher_user("applied", people[1])
    gave_up = _teacher_user("gaveup", people[2])
    _application(applied.person, period, "submitted")
    _application(gave_up.person, period, "withdrawn")
    db.session.commit()
    expected = _teacher_users_with_person() - {applied.id}
    assert gave_up.id in expected and user("teacher").id in expected

    result = remind_deadlines(None, TODAY.isoformat())
    assert result["window_closing"] == len(expected) and result["periods"] == 1
    key = f"window:{period.id}"
    rows = db.session.execute(select(Notification).where(Notification.dedupe_key == key)).scalars().all()
    assert {n.user_id for n in rows} == expected
    assert all(n.kind == "window_closing" and n.params["days"] == 3 for n in rows)
    with force_locale("en"):
        assert "04.03.2040" in render(rows[0])[1]

    again = remind_deadlines(None, TODAY.isoformat())
    assert again["window_closing"] == 0
    assert count_rows(dedupe_key=key) == len(expected)


def test_review_due_reminds_members_who_have_not_voted(app, ctx):
    from app.notifications.reminders import remind_deadlines
    from models.attestation import Review
    from models.commission import Commission, CommissionMember

    period = _period(TODAY - dt.timedelta(days=30))  # its window has closed; the review goes on
    district = home("district")
    commission = Commission(name="Test commission", tenant=district, tenant_id=district.id, period_id=period.id,
                            level=district.level)
    db.session.add(commission)
    db.session.flush()
    from app.security.models import User

    linked = set(db.session.execute(select(User.person_id).where(User.person_id.is_not(None))).scalars())
    people = [p for p in persons_under(district) if p.id not in linked]  # nobody else's account
    applicant, voter, voted, secretary, chair_without_account = people[3], people[4], people[5], people[6], people[7]
    accounts = {}
    for username, person in (("district", voter), ("district2", voted), ("observer", secretary)):
        accounts[username] = user(username)
        accounts[username].person_id = person.id
    members = {}
    for person, role in ((voter, "member"), (voted, "member"), (secretary, "secretary"), (chair_without_account, "chair")):
        members[person.id] = CommissionMember(commission_id=commission.id, tenant_id=district.id, person_id=person.id,
                                              role=role)
        db.session.add(members[person.id])
    due = TODAY + dt.timedelta(days=1)
    application = _application(applicant, period, "under_review", commission, due_on=due)
    db.session.flush()
    db.session.add(Review(application_id=application.id, commission_id=commission.id,
                          member_id=members[voted.id].id, tenant_id=district.id, corresponds=True))
    db.session.add(Review(application_id=application.id, commission_id=commission.id,
                          member_id=members[voter.id].id, tenant_id=district.id, corresponds=None))
    db.session.commit()

    def reminded(key: str) -> set[int]:
        return set(db.session.execute(select(Notification.user_id).where(Notification.dedupe_key == key)).scalars())

    key = f"review:{application.id}:{due.isoformat()}"
    remind_deadlines(None, TODAY.isoformat())
    assert reminded(key) == {accounts["district"].id}  # not the one who voted, not the secretary yet
    row = db.session.execute(select(Notification).where(Notification.dedupe_key == key)).scalar_one()
    assert row.kind == "review_due" and row.params["overdue"] is False
    assert row.params["teacher"] == applicant.full_name
    remind_deadlines(None, TODAY.isoformat())
    assert count_rows(dedupe_key=key) == 1  # once per deadline

    # the day after the deadline: the non-voter again (overdue) and the secretary
    remind_deadlines(None, (due + dt.timedelta(days=1)).isoformat())
    assert reminded(key + ":overdue") == {accounts["district"].id, accounts["observer"].id}
    with force_locale("en"):
        assert render(db.session.execute(select(Notification).where(
            Notification.dedupe_key == key + ":overdue")).scalars().first())[0] == "A review is overdue"


def test_remind_cli_enqueues_a_system_job(app):
    from models.job import JobRecord

    result = app.test_cli_runner().invoke(args=["ustaz", "remind", "--today", "2040-03-01"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        job = db.session.execute(select(JobRecord).order_by(JobRecord.id.desc())).scalars().first()
        assert job.func == "app.notifications.reminders.remind_deadlines"
        assert job.state == "finished" and job.user_id is None
        assert set(job.result) >= {"window_closing", "review_due"}
    refused = app.test_cli_runner().invoke(args=["ustaz", "remind", "--today", "01.03.2040"])
    assert refused.exit_code == 2
