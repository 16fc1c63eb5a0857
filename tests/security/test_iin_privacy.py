"""Issue 9, point 4 (part D): the ИИН existence oracle is closed, and the ИИН is shown in full only
where the task needs it (the teacher's own record and its edit form) — masked in lists, exports,
the REST list, the audit trail and job results."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.identifiers import make_iin, mask_iin
from models.audit import AuditRecord
from models.job import JobRecord
from models.person import Person
from tests.helpers import home, persons_under, user

IN_SCOPE = "This IIN is already registered in your area"
NEUTRAL = "This IIN cannot be registered here"


def test_mask_keeps_the_last_four_digits_only():
    assert mask_iin("850314401236") == "********1236"
    assert mask_iin(" 850314401236 ") == "********1236"
    assert mask_iin("") == "" and mask_iin(None) == ""
    assert mask_iin("1236") == "****"  # too short to hide anything: nothing shown


# --- the existence oracle -------------------------------------------------------------------


def _add_form(iin: str) -> dict:
    return {"iin": iin, "last_name": "Тексеру", "first_name": "Тест", "tenant": home("director").id}


def _count(iin: str) -> int:
    db.session.expire_all()
    return len(db.session.execute(select(Person.id).where(Person.iin == iin)).all())


def test_add_form_says_already_registered_only_inside_the_scope(browser, ctx):
    own = persons_under(home("director"))[1]
    foreign = persons_under(home("district2"))[0]
    b = browser("director")
    b.get("/lang/en")
    inside = b.post("/personview/add", _add_form(own.iin))
    outside = b.post("/personview/add", _add_form(foreign.iin))
    # the same status and the same next page: only the flashed sentence differs
    assert inside.status_code == outside.status_code
    assert inside.headers.get("Location") == outside.headers.get("Location")
    inside = b.post("/personview/add", _add_form(own.iin), follow_redirects=True)
    outside = b.post("/personview/add", _add_form(foreign.iin), follow_redirects=True)
    inside_text, outside_text = inside.get_data(as_text=True), outside.get_data(as_text=True)
    assert IN_SCOPE in inside_text
    assert IN_SCOPE not in outside_text and "already" not in outside_text
    assert NEUTRAL in outside_text
    assert _count(own.iin) == 1 and _count(foreign.iin) == 1


def test_rest_api_gives_the_same_neutral_answer_outside_the_scope(browser, ctx):
    own = persons_under(home("director"))[1]
    foreign = persons_under(home("district2"))[0]
    b = browser("director")
    b.get("/lang/en")
    body = {"last_name": "Тексеру", "first_name": "Тест", "tenant": home("director").id}
    inside = b.api("POST", "/api/v1/person/", json={**body, "iin": own.iin})
    outside = b.api("POST", "/api/v1/person/", json={**body, "iin": foreign.iin})
    assert inside.status_code == outside.status_code == 422
    assert IN_SCOPE in inside.get_json()["message"]
    message = outside.get_json()["message"]
    assert NEUTRAL in message and foreign.iin not in str(outside.get_json())
    # changing one's own teacher to a foreign ИИН: the same neutral refusal, nothing written
    mine = persons_under(home("director"))[2]
    response = b.api("PUT", f"/api/v1/person/{mine.id}", json={"iin": foreign.iin})
    assert response.status_code == 422 and NEUTRAL in response.get_json()["message"]
    assert _count(foreign.iin) == 1
    db.session.expire_all()
    assert db.session.get(Person, mine.id).iin == mine.iin


def test_user_form_does_not_tell_a_foreign_iin_from_an_unknown_one(browser, ctx):
    from flask_appbuilder.security.sqla.models import Role

    from app.security.models import User

    foreign = persons_under(home("district2"))[0]
    unknown = make_iin(dt.date(1990, 1, 2), "F", 4321)
    assert _count(unknown) == 0
    role = db.session.execute(select(Role.id).where(Role.name == "Teacher")).scalar_one()
    answers = []
    for index, iin in enumerate((foreign.iin, unknown)):
        b = browser("district")  # a fresh session each: FAB's redirect history stays out of it
        b.get("/lang/en")
        form = {
            "last_name": "Т", "first_name": "Т", "username": f"probe{index}", "email": f"probe{index}@example.kz",
            "tenant": home("director").id, "roles": role, "person_iin": iin,
            "password": "Str0ng-pass-2026", "conf_password": "Str0ng-pass-2026",
        }
        first = b.post("/users/add", form)
        text = b.get(first.headers.get("Location", "/users/add")).get_data(as_text=True)
        refused = "No teacher with this IIN in your area of responsibility." in text
        answers.append((first.status_code, first.headers.get("Location"), refused))
    assert answers[0] == answers[1] and answers[0][2]
    assert not db.session.execute(select(User.id).where(User.username.in_(["probe0", "probe1"]))).first()


# --- masked where the task does not need the number -----------------------------------------


def test_person_list_export_and_api_list_mask_the_iin_show_and_edit_do_not(browser, ctx):
    people = persons_under(home("district"))
    b = browser("district")
    listing = b.get("/personview/list/?psize_PersonView=100").get_data(as_text=True)
    assert not any(p.iin in listing for p in people)
    assert sum(mask_iin(p.iin) in listing for p in people) >= min(len(people), 25)
    for fmt in ("csv", "xlsx"):
        data = b.get(f"/personview/export/{fmt}/").data
        if fmt == "xlsx":
            import io

            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(data)).active
            data = "\n".join(",".join(str(c.value) for c in row) for row in sheet.iter_rows()).encode()
        text = data.decode("utf-8-sig")
        assert not any(p.iin in text for p in people), fmt
        assert all(mask_iin(p.iin) in text for p in people), fmt
    api = b.get("/api/v1/person/?q=(page_size:100)").get_json()
    assert api["result"] and all(row["iin"].startswith("********") for row in api["result"])
    one = people[0]
    assert b.get(f"/api/v1/person/{one.id}").get_json()["result"]["iin"] == one.iin
    assert one.iin in b.get(f"/personview/show/{one.id}").get_data(as_text=True)
    assert one.iin in browser("director").get(f"/personview/edit/{one.id}").get_data(as_text=True)


def test_profile_page_shows_the_full_iin_to_its_teacher_only(browser, ctx):
    person = user("teacher").person
    own = browser("teacher").get("/portal/profile").get_data(as_text=True)  # the teacher's profile is in the portal
    assert person.iin in own
    staff = browser("director").get(f"/profile/{person.id}").get_data(as_text=True)
    assert person.iin not in staff and mask_iin(person.iin) in staff


def test_audit_trail_keeps_a_masked_iin_even_for_old_rows(browser, ctx):
    person = persons_under(home("director"))[0]
    record = AuditRecord(action="update", object_type="person", object_id=str(person.id), object_repr="x",
                         changes={"iin": {"before": person.iin, "after": person.iin}}, tenant_id=person.tenant_id)
    db.session.add(record)
    db.session.commit()
    page = browser("national").get(f"/auditview/show/{record.id}").get_data(as_text=True)
    assert person.iin not in page and mask_iin(person.iin) in page


def test_job_result_lists_invalid_iins_masked(browser, ctx):
    from app.audit import audit_disabled

    person = persons_under(home("district"))[0]
    broken = person.iin[:11] + str((int(person.iin[11]) + 1) % 10)
    with audit_disabled():
        db.session.execute(update(Person).where(Person.id == person.id).values(iin=broken))
        db.session.commit()
    b = browser("district")
    response = b.post("/personview/check-iins/")
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    db.session.expire_all()
    job = db.session.get(JobRecord, job_id)
    assert job.result["invalid_count"] == 1
    assert job.result["invalid"][0]["iin"] == mask_iin(broken)
    assert broken not in b.get(f"/jobview/show/{job_id}").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/personview/list/", "/employmentview/list/", "/contestparticipantview/list/"])
def test_no_list_prints_a_full_iin(browser, url, ctx):
    people = persons_under(home("director"))
    page = browser("director").get(url).get_data(as_text=True)
    assert not any(p.iin in page for p in people)
