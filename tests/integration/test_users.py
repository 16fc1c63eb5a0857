"""Staff create users only inside their subtree and never with a role above their own."""

from __future__ import annotations

import re

from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import select

from app.extensions import db
from app.security.models import User
from tests.helpers import home, organizations_under, user


def _role_id(name: str) -> int:
    return db.session.execute(select(Role.id).where(Role.name == name)).scalar_one()


def _new_user(b, username: str, tenant_id: int, role: str):
    return b.post(
        "/users/add",
        {
            "last_name": "Сапарова",
            "first_name": "Айжан",
            "username": username,
            "email": f"{username}@example.kz",
            "tenant": tenant_id,
            "roles": _role_id(role),
            "active": "y",
            "password": "Str0ng-pass-2026",
            "conf_password": "Str0ng-pass-2026",
        },
    )


def _exists(username: str) -> bool:
    db.session.expire_all()
    return db.session.execute(select(User).where(User.username == username)).first() is not None


def test_district_creates_a_director_in_its_district(browser, ctx):
    school = organizations_under(home("district"))[1]
    response = _new_user(browser("district"), "new_director", school.id, "OrgHead")
    assert response.status_code == 302
    assert _exists("new_director")
    created = user("new_director")
    assert created.tenant_id == school.id and created.district_id == home("district").id
    assert created.password.startswith("pbkdf2:")


def test_district_cannot_create_a_user_in_another_district(browser, ctx):
    other_school = organizations_under(home("district2"))[0]
    _new_user(browser("district"), "intruder", other_school.id, "OrgHead")
    assert not _exists("intruder")


def test_no_role_above_ones_own(browser, ctx):
    _new_user(browser("district"), "too_high", home("district").id, "RegionStaff")
    assert not _exists("too_high")
    _new_user(browser("director"), "too_high2", home("director").id, "DistrictStaff")
    assert not _exists("too_high2")


def test_role_dropdown_offers_only_assignable_roles(browser):
    form = browser("director").get("/users/add").get_data(as_text=True)
    options = set(re.findall(r'<option value="\d+">([A-Za-z]+)</option>', form))
    assert "OrgHead" in options and "Teacher" in options
    assert not options & {"DistrictStaff", "RegionStaff", "NationalAdmin", "Auditor", "Admin"}


def test_role_must_fit_the_level(browser, ctx):
    # A district officer placed on an organization node makes no sense.
    school = organizations_under(home("region"))[0]
    _new_user(browser("region"), "misplaced", school.id, "DistrictStaff")
    assert not _exists("misplaced")


def test_cannot_edit_a_user_ranked_above(browser, ctx):
    b = browser("director")
    # the district officer is outside the director's subtree anyway; the teacher is inside.
    target = user("teacher")
    response = b.post(
        f"/users/edit/{target.id}",
        {
            "last_name": target.last_name,
            "first_name": target.first_name,
            "username": "teacher",
            "email": target.email,
            "tenant": target.tenant_id,
            "roles": _role_id("DistrictStaff"),
            "active": "y",
        },
    )
    assert response.status_code in (200, 302, 422)  # refused forms answer 422
    db.session.expire_all()
    assert {r.name for r in user("teacher").roles} == {"Teacher"}


def test_reset_password_of_a_user_in_scope(browser, ctx):
    b = browser("district")
    target = user("entry")
    assert b.get(f"/resetpassword/form?pk={target.id}").status_code == 200
    assert b.get(f"/resetpassword/form?pk={user('district2').id}").status_code == 404
    assert b.get(f"/resetpassword/form?pk={user('region').id}").status_code == 404


def test_account_is_linked_to_a_teacher_by_iin_in_scope_only(browser, ctx):
    from tests.helpers import persons_under

    own = persons_under(home("district"))[3]
    foreign = persons_under(home("district2"))[0]
    school = organizations_under(home("district"))[0]
    b = browser("district")
    data = {
        "last_name": "Т",
        "first_name": "Т",
        "email": "t1@example.kz",
        "tenant": school.id,
        "roles": _role_id("Teacher"),
        "password": "Str0ng-pass-2026",
        "conf_password": "Str0ng-pass-2026",
    }
    b.post("/users/add", {**data, "username": "linked", "person_iin": own.iin})
    assert _exists("linked") and user("linked").person_id == own.id
    b.post("/users/add", {**data, "username": "foreign", "email": "t2@example.kz", "person_iin": foreign.iin})
    assert not _exists("foreign")
    b.post("/users/add", {**data, "username": "badiin", "email": "t3@example.kz", "person_iin": "123"})
    assert not _exists("badiin")
    edit = b.get(f"/users/edit/{user('linked').id}").get_data(as_text=True)
    assert own.iin in edit
