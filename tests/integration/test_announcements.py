"""Announcements (issue 16, part 4): staff write to every user of a node of their subtree (one role or
all); a job delivers the inbox rows in keyset batches, resumable, never twice; e-mail when mail is on.

The demo has one teacher account: the ``accounts`` fixture gives every demo teacher an account, so a
district holds ~45 teachers and batches of 3 are many."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import event, func, select

from app import announcements as ops
from app.announcements import delivery
from app.announcements import recipients as recipients_module
from app.announcements.delivery import deliver_announcement
from app.extensions import db
from app.i18n import force_locale
from app.jobs import commit_and_run
from app.security.models import User
from models.announcement import DRAFT, SENDING, SENT, Announcement
from models.job import JobRecord
from models.notification import Notification
from models.person import Person
from tenants.scope import scope_for_user, use_scope
from tests.conftest import Browser
from tests.helpers import home, user
from tests.integration.test_notifications import smtp  # noqa: F401 - the fixture

TITLE = "Өтінім терезесі 31 желтоқсанда жабылады"
BODY = "Құрметті әріптестер!\nАттестацияға өтінімдер 31 желтоқсанға дейін қабылданады."


@pytest.fixture
def accounts(app, ctx):
    """A Teacher account (active, with an e-mail address) for every demo teacher who has none."""
    from flask_appbuilder.security.sqla.models import Role

    teacher_role = db.session.execute(select(Role).where(Role.name == "Teacher")).scalar_one()
    password = user("teacher").password
    taken = set(db.session.execute(select(User.person_id).where(User.person_id.is_not(None))).scalars())
    persons = db.session.execute(select(Person).order_by(Person.id)).scalars().all()
    for person in persons:
        if person.id in taken or person.tenant is None or person.tenant.level != "organization":
            continue
        db.session.add(User(username=f"t{person.id}", first_name=person.first_name, last_name=person.last_name,
                            email=f"t{person.id}@example.kz", password=password, active=True, tenant=person.tenant,
                            person=person, roles=[teacher_role]))
    db.session.commit()


def expected(node, role: str | None) -> set[int]:
    """The recipients worked out by hand: active users whose node lies under ``node``, of the role."""
    found = set()
    for account in db.session.execute(select(User)).scalars():
        if not account.active or account.tenant is None or not account.tenant.path.startswith(node.path):
            continue
        if role is None or role in account.role_names:
            found.add(account.id)
    return found


def inbox_of(announcement_id: int) -> list[int]:
    """The user ids holding the announcement's inbox row (a repeated id would be a duplicate)."""
    return list(db.session.execute(
        select(Notification.user_id).where(Notification.dedupe_key == f"announcement:{announcement_id}")
    ).scalars())


def announce(author: str, node=None, role: str | None = "Teacher") -> Announcement:
    item = ops.create(user(author), node, role, TITLE, BODY)
    db.session.commit()
    return item


def send_now(item: Announcement, author: str) -> Announcement:
    ops.send(item, user(author))
    commit_and_run()  # in-process jobs: the delivery runs here
    db.session.expire_all()
    return db.session.get(Announcement, item.id)


@pytest.fixture
def batches_of_three(monkeypatch):
    """Batches of 3, and every batch the job writes recorded (how many rows each wrote)."""
    monkeypatch.setattr(recipients_module, "BATCH", 3)
    seen: list[int] = []
    real = delivery._insert_batch

    def recording(*args, **kwargs):
        written = real(*args, **kwargs)
        seen.append(len(written))
        return written

    monkeypatch.setattr(delivery, "_insert_batch", recording)
    return seen


# The district's teachers, through the pages ------------------------------------------------------------
def test_district_announcement_reaches_each_teacher_of_the_district_once(app, accounts, batches_of_three):
    district = home("district")
    teachers = expected(district, "Teacher")
    outside = expected(home("district2"), None)
    assert len(teachers) >= 30 and outside
    b = Browser(app, "district")
    assert b.get("/announcementview/add").status_code == 200
    page = b.post("/announcementview/add", {"tenant": str(district.id), "role": "Teacher", "title": TITLE,
                                            "body": BODY})
    assert page.status_code == 302
    item = db.session.execute(select(Announcement)).scalar_one()
    assert page.headers["Location"].endswith(f"/announcementview/show/{item.id}")
    assert (item.state, item.tenant_id, item.role, item.author_id) == (DRAFT, district.id, "Teacher",
                                                                         user("district").id)
    shown = b.get(f"/announcementview/show/{item.id}").get_data(as_text=True)
    assert f"{len(teachers)}" in shown and "/announcementview/send/" in shown
    assert inbox_of(item.id) == []  # a draft reaches nobody

    inserts: list[str] = []

    def count_inserts(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO NOTIFICATION"):
            inserts.append(statement)

    event.listen(db.engine, "before_cursor_execute", count_inserts)
    try:
        sent = b.post(f"/announcementview/send/{item.id}")
    finally:
        event.remove(db.engine, "before_cursor_execute", count_inserts)
    db.session.expire_all()
    item = db.session.get(Announcement, item.id)
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/jobview/show/{item.job_id}")
    received = inbox_of(item.id)
    assert sorted(received) == sorted(teachers)  # every teacher once, nobody else
    assert not set(received) & outside
    assert (item.state, item.recipients_total, item.delivered, item.last_user_id) == (
        SENT, len(teachers), len(teachers), max(teachers))
    # never all users at once: batches of at most 3 users, one INSERT each (and a last one finding nobody)
    batches = math.ceil(len(teachers) / 3)
    assert batches_of_three == [3] * (len(teachers) // 3) + [len(teachers) % 3] * (len(teachers) % 3 > 0) + [0]
    assert len(inserts) == batches + 1
    job = db.session.get(JobRecord, item.job_id)
    assert job.state == "finished" and job.result["delivered"] == len(teachers) and job.result["batches"] == batches
    job_page = b.get(f"/jobview/show/{job.id}").get_data(as_text=True)
    assert f"/announcementview/show/{item.id}" in job_page

    # a second send is refused; the job run again delivers nothing, even from the very start
    again = b.post(f"/announcementview/send/{item.id}")
    assert again.status_code == 302
    with use_scope(scope_for_user(user("district"))):  # as app.jobs.execute runs it
        assert deliver_announcement(None, item.id)["batches"] == 0
        item.state, item.last_user_id = SENDING, 0
        db.session.commit()
        assert deliver_announcement(None, item.id)["batches"] == 0
    db.session.expire_all()
    assert sorted(inbox_of(item.id)) == sorted(teachers)
    assert db.session.get(Announcement, item.id).delivered == len(teachers)


def test_a_delivery_that_stopped_resumes_after_its_cursor(app, accounts, batches_of_three, monkeypatch):
    district = home("district")
    teachers = sorted(expected(district, "Teacher"))
    item = announce("district")
    real_insert = delivery._insert_batch
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("the database went away")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(delivery, "_insert_batch", dying)
    stopped = send_now(item, "district")
    assert stopped.state == "failed" and stopped.delivered == 9 and stopped.last_user_id == teachers[8]
    assert sorted(inbox_of(item.id)) == teachers[:9]  # three whole batches, the fourth rolled back
    shown = Browser(app, "district").get(f"/announcementview/show/{item.id}").get_data(as_text=True)
    assert "/announcementview/send/" in shown  # send again
    monkeypatch.setattr(delivery, "_insert_batch", real_insert)
    done = send_now(stopped, "district")
    assert done.state == SENT and done.delivered == len(teachers) and sorted(inbox_of(item.id)) == teachers


# Region, republic, roles ---------------------------------------------------------------------------------
def test_region_and_national_announcements(app, accounts):
    region = home("region")
    item = send_now(announce("region"), "region")
    assert sorted(inbox_of(item.id)) == sorted(expected(region, "Teacher"))
    assert item.delivered == item.recipients_total == len(expected(region, "Teacher"))
    republic = home("national")
    assert not set(inbox_of(item.id)) & (expected(republic, "Teacher") - expected(region, "Teacher"))
    national = send_now(announce("national"), "national")
    everyone = expected(republic, "Teacher")
    assert sorted(inbox_of(national.id)) == sorted(everyone) and len(everyone) > len(expected(region, "Teacher"))
    # a narrower node in scope: one district of the region
    narrow = send_now(announce("region", node=home("district2")), "region")
    assert sorted(inbox_of(narrow.id)) == sorted(expected(home("district2"), "Teacher"))


def test_role_filter_and_inactive_accounts(app, accounts):
    district = home("district")
    members = send_now(announce("district", role="CommissionMember"), "district")
    assert sorted(inbox_of(members.id)) == sorted(expected(district, "CommissionMember"))
    assert {user(n).id for n in ("commission", "chair", "secretary")} <= set(inbox_of(members.id))
    assert user("teacher").id not in inbox_of(members.id)

    gone = user("teacher")
    gone.active = False
    db.session.commit()
    everyone = send_now(announce("district", role=None), "district")
    assert sorted(inbox_of(everyone.id)) == sorted(expected(district, None))
    assert user("district").id in inbox_of(everyone.id) and gone.id not in inbox_of(everyone.id)
    assert not set(inbox_of(everyone.id)) & expected(home("district2"), None)


# Who may, and where --------------------------------------------------------------------------------------
@pytest.mark.parametrize("username", ["teacher", "auditor", "director", "observer"])
def test_only_the_departments_and_national_admins_write_and_send(app, ctx, username):
    draft = announce("district")
    b = Browser(app, username)
    form = {"tenant": str(home("district").id), "role": "", "title": "x", "body": "y"}
    assert b.post("/announcementview/add", form).status_code in (302, 403)
    assert b.post(f"/announcementview/send/{draft.id}").status_code in (302, 403, 404)
    assert b.get("/announcementview/add").status_code in (302, 403)
    db.session.expire_all()
    assert db.session.execute(select(func.count(Announcement.id))).scalar_one() == 1
    assert db.session.get(Announcement, draft.id).state == DRAFT
    with pytest.raises(ops.Refused):
        ops.create(user(username), None, None, "x", "y")
    db.session.rollback()


def test_the_auditor_reads_the_announcements_of_the_region(app, ctx):
    draft = announce("district")
    b = Browser(app, "auditor")
    assert b.get("/announcementview/list/").status_code == 200
    assert b.get(f"/announcementview/show/{draft.id}").status_code == 200
    assert b.post(f"/announcementview/send/{draft.id}").status_code in (302, 403)
    assert inbox_of(draft.id) == []


def test_district_staff_cannot_write_to_another_district(app, accounts):
    other = home("district2")
    b = Browser(app, "district")
    refused = b.post("/announcementview/add", {"tenant": str(other.id), "role": "Teacher", "title": TITLE,
                                               "body": BODY})
    assert refused.status_code == 422
    assert db.session.execute(select(func.count(Announcement.id))).scalar_one() == 0
    with pytest.raises(ops.Refused):
        ops.create(user("district"), other, "Teacher", TITLE, BODY)
    db.session.rollback()
    with pytest.raises(ops.Refused):  # the region above: outside too
        ops.create(user("district"), home("region"), "Teacher", TITLE, BODY)
    db.session.rollback()
    # district2's own announcement is not there for district: not shown, not sent, not edited
    theirs = announce("district2")
    assert b.get(f"/announcementview/show/{theirs.id}").status_code == 404
    assert b.post(f"/announcementview/send/{theirs.id}").status_code == 404
    assert b.post(f"/announcementview/edit/{theirs.id}", {"title": "mine", "body": "x", "role": "",
                                                          "tenant": str(home("district").id)}).status_code in (302, 404)
    assert b.get("/announcementview/list/").get_data(as_text=True).count(f"/show/{theirs.id}\"") == 0
    with pytest.raises(ops.Refused):
        ops.send(theirs, user("district"))
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Announcement, theirs.id).state == DRAFT and inbox_of(theirs.id) == []
    assert db.session.get(Announcement, theirs.id).title == TITLE


@pytest.mark.parametrize(("field", "value"), [
    ("role", "Hacker"), ("role", "Admin"), ("title", "x" * 201), ("body", "x" * 4001), ("title", ""),
    ("body", ""), ("body", "a\x00b"), ("title", "a\x07b"), ("tenant", "99999999999"), ("tenant", "abc"),
    ("tenant", "-1"),
])
def test_hostile_forms_are_refused_and_write_nothing(app, ctx, field, value):
    b = Browser(app, "district")
    form = {"tenant": str(home("district").id), "role": "Teacher", "title": TITLE, "body": BODY, field: value}
    response = b.post("/announcementview/add", form)
    assert 400 <= response.status_code < 500, response.status_code
    assert db.session.execute(select(func.count(Announcement.id))).scalar_one() == 0


@pytest.mark.parametrize("path", [
    "/announcementview/send/99999999999", "/announcementview/send/abc", "/announcementview/send/-1",
    "/announcementview/show/99999999999", "/announcementview/show/abc", "/announcementview/edit/0",
])
def test_hostile_ids_are_not_found(app, ctx, path):
    b = Browser(app, "district")
    response = b.post(path) if "/send/" in path else b.get(path)
    assert response.status_code in (404, 405), (path, response.status_code)


def test_sent_announcements_are_not_edited_or_deleted(app, ctx):
    item = send_now(announce("district"), "district")
    b = Browser(app, "district")
    b.post(f"/announcementview/edit/{item.id}", {"title": "changed", "body": "changed", "role": "",
                                                  "tenant": str(home("district").id)})
    b.post(f"/announcementview/delete/{item.id}")
    db.session.expire_all()
    kept = db.session.get(Announcement, item.id)
    assert kept is not None and kept.title == TITLE and kept.role == "Teacher"
    # a draft is edited and deleted
    draft_id = announce("district").id
    assert b.post(f"/announcementview/edit/{draft_id}", {"title": " New  title ", "body": "Text", "role": "",
                                                         "tenant": str(home("district").id)}).status_code == 302
    db.session.expire_all()
    edited = db.session.get(Announcement, draft_id)
    assert (edited.title, edited.role, edited.state) == ("New title", None, DRAFT)
    b.post(f"/announcementview/delete/{draft_id}")
    db.session.expire_all()
    assert db.session.get(Announcement, draft_id) is None


# What the recipients read ----------------------------------------------------------------------------------
def test_the_inbox_and_the_portal_show_the_authors_words(app, ctx):
    item = send_now(announce("district", role=None), "district")
    assert {user("teacher").id, user("director").id} <= set(inbox_of(item.id))
    district_name = home("district").name_kk
    # a teacher reads it in the portal, staff in the admin inbox (kk UI); the words are the author's
    for username, url in (("teacher", "/portal/notifications"), ("director", "/inbox/")):
        b = Browser(app, username)
        b.get("/lang/kk")
        page = b.get(url)
        assert page.status_code == 200, url
        text = page.get_data(as_text=True)
        assert TITLE in text and "Аттестацияға өтінімдер 31 желтоқсанға дейін қабылданады." in text, url
        assert f"Жіберуші: {district_name}" in text, url  # the sender's node, in the reader's language
        listed = b.get("/api/v1/notification/").get_json()["result"]
        assert any(row["subject"] == TITLE and BODY.splitlines()[0] in row["body"] for row in listed)
    b.get("/lang/ru")
    assert f"От: {home('district').name_ru}" in b.get("/inbox/").get_data(as_text=True)


def test_the_list_shows_delivery_counts(app, ctx):
    item = send_now(announce("district"), "district")
    b = Browser(app, "district")
    b.get("/lang/en")
    listing = b.get("/announcementview/list/").get_data(as_text=True)
    assert TITLE in listing and f"{item.delivered} / {item.recipients_total}" in listing and "Delivered" in listing
    shown = b.get(f"/announcementview/show/{item.id}").get_data(as_text=True)
    assert "Delivered to inboxes" in shown and "/announcementview/send/" not in shown


# E-mail ------------------------------------------------------------------------------------------------------
def test_emails_go_when_mail_is_on_each_in_its_readers_language(app, accounts, smtp, batches_of_three):  # noqa: F811
    district = home("district")
    teachers = expected(district, "Teacher")
    reader = user("teacher")
    reader.locale, reader.email = "ru", "teacher@example.kz"
    db.session.commit()
    item = send_now(announce("district"), "district")
    assert len(smtp.messages) == len(teachers) == item.emailed
    mine = [m for m, to in zip(smtp.messages, smtp.recipients, strict=True) if to == ["teacher@example.kz"]]
    assert len(mine) == 1
    assert str(mine[0]["Subject"]).strip() == TITLE
    with force_locale("ru"):
        from app.i18n import _

        sender = _("From: %(sender)s", sender=district.name_ru)
    assert BODY.splitlines()[1] in mine[0].get_content() and sender in mine[0].get_content()
    # one e-mail job per batch of the delivery
    jobs = db.session.execute(select(func.count(JobRecord.id)).where(
        JobRecord.func == "app.announcements.delivery.email_announcement")).scalar_one()
    assert jobs == math.ceil(len(teachers) / 3)


def test_no_email_without_a_mail_server(app, accounts, smtp):  # noqa: F811
    app.config["MAIL_SERVER"] = None
    try:
        item = send_now(announce("district"), "district")
    finally:
        app.config["MAIL_SERVER"] = "127.0.0.1"
    assert item.delivered > 0 and item.emailed == 0 and smtp.messages == []


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_pages_show_no_internals(app, ctx, locale):
    from tests.crawl import internals_in, visible_text

    item = send_now(announce("district"), "district")
    draft = announce("district", role=None)
    b = Browser(app, "district")
    b.get(f"/lang/{locale}")
    for url in ("/announcementview/list/", f"/announcementview/show/{item.id}", f"/announcementview/show/{draft.id}",
                "/announcementview/add", f"/announcementview/edit/{draft.id}", f"/jobview/show/{item.job_id}"):
        page = b.get(url)
        assert page.status_code == 200, url
        text = visible_text(page.get_data(as_text=True))
        assert internals_in(text) == [], (url, internals_in(text))
        assert "sending" not in text and "DistrictStaff" not in text and "Teacher\"" not in text, url
