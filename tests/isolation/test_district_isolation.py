"""`district` sees exactly its district; nothing of `district2` can be read or changed.

Covers every scoped surface: list, show, edit, delete, actions, REST API, dropdowns, search,
export and the job page.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.identifiers import mask_iin
from app.security.models import User
from models.person import Person
from tenants.models import Tenant
from tests.helpers import home, organizations_under, persons_under, user


@pytest.fixture
def other(ctx):
    """Objects of district2: an organization, a teacher and a user."""
    district2 = home("district2")
    org = organizations_under(district2)[0]
    person = persons_under(district2)[0]
    account = user("district2")
    return {"org": org.id, "person": person.id, "user": account.id, "org_name": org.name_kk, "iin": person.iin}


def _ids_on_page(html: str) -> set[int]:
    return {int(x) for x in re.findall(r'/show/(\d+)"', html)}


def test_lists_show_exactly_the_district(app, browser, ctx):
    district = home("district")
    expected_orgs = {t.id for t in organizations_under(district)}
    expected_persons = {p.id for p in persons_under(district)}
    b = browser("district")
    page = b.get("/personview/list/?psize_PersonView=100").get_data(as_text=True)
    assert _ids_on_page(page) == expected_persons
    api = b.get("/api/v1/tenant/?q=(page_size:100,filters:!((col:level,opr:eq,value:organization)))").get_json()
    assert set(api["ids"]) == expected_orgs
    api = b.get("/api/v1/person/?q=(page_size:100)").get_json()
    assert set(api["ids"]) == expected_persons and api["count"] == len(expected_persons)
    users = b.get("/users/list/?psize_ScopedUserView=100").get_data(as_text=True)
    in_district = {
        u.id for u in db.session.execute(select(User)).scalars() if u.tenant and u.tenant.path.startswith(district.path)
    }
    assert _ids_on_page(users) == in_district
    assert "district2" not in users


@pytest.mark.parametrize(
    "kind,url",
    [
        ("person", "/personview/show/{person}"),
        ("org", "/tenantview/show/{org}"),
        ("user", "/users/show/{user}"),
        ("user", "/users/edit/{user}"),
        ("person", "/api/v1/person/{person}"),
        ("org", "/api/v1/tenant/{org}"),
    ],
)
def test_objects_of_district2_are_not_found(browser, other, kind, url):
    response = browser("district").get(url.format(**other))
    assert response.status_code == 404


def test_changes_to_district2_are_refused_and_leave_it_unchanged(browser, other, ctx):
    pk = other["person"]
    before = db.session.get(Person, pk).last_name
    # `director` may write teachers, but only of their own organization.
    writer = browser("director")
    assert writer.get(f"/personview/edit/{pk}").status_code == 404
    assert writer.post(f"/personview/edit/{pk}", {"last_name": "Hacked", "first_name": "X", "iin": other["iin"]}).status_code == 404
    assert writer.post(f"/personview/delete/{pk}").status_code == 404
    assert writer.api("PUT", f"/api/v1/person/{pk}", json={"last_name": "Hacked"}).status_code == 404
    assert writer.api("DELETE", f"/api/v1/person/{pk}").status_code == 404
    # `district` may only read teachers: refused before scoping is even asked.
    b = browser("district")
    assert b.post(f"/personview/delete/{pk}").status_code in (403, 404)
    assert b.api("PUT", f"/api/v1/person/{pk}", json={"last_name": "Hacked"}).status_code in (403, 404)
    assert b.post(f"/users/delete/{other['user']}").status_code == 404
    assert b.post(f"/users/edit/{other['user']}", {"first_name": "Hacked"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Person, pk).last_name == before
    assert db.session.get(User, other["user"]).first_name != "Hacked"


def test_actions_on_district2_are_not_found(browser, other):
    b = browser("district")
    response = b.post("/users/action_post", {"action": "resetpasswords", "rowid": other["user"]})
    assert response.status_code == 404
    response = b.post(f"/users/action/resetpasswords/{other['user']}")
    assert response.status_code == 404
    assert b.get(f"/resetpassword/form?pk={other['user']}").status_code == 404


def test_cannot_create_or_move_records_into_district2(browser, other, ctx):
    b = browser("director")  # an organization head of `district` (OrgHead may write persons)
    own_org = home("director")
    new_iin = "900101300017"
    # A crafted POST naming an organization of district2: the dropdown refuses the choice.
    b.post("/personview/add", {"iin": new_iin, "last_name": "Тест", "first_name": "Тест", "tenant": other["org"]})
    assert db.session.execute(select(Person).where(Person.iin == new_iin)).first() is None
    # The API refuses to place a teacher in district2, and to move one there.
    response = b.api(
        "POST", "/api/v1/person/", json={"iin": new_iin, "last_name": "Тест", "first_name": "Тест", "tenant": other["org"]}
    )
    assert response.status_code == 403
    mine = persons_under(own_org)[0]
    response = b.api("PUT", f"/api/v1/person/{mine.id}", json={"tenant": other["org"]})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Person, mine.id).tenant_id == own_org.id
    assert db.session.execute(select(Person).where(Person.iin == new_iin)).first() is None


def test_dropdowns_offer_only_the_district(browser, other, ctx):
    b = browser("district")
    form = b.get("/users/add").get_data(as_text=True)
    assert other["org_name"] not in form
    # the organization is typed, not picked from the whole table: its choices come page by page
    assert "/autocomplete/ScopedUserView/add/tenant/" in form
    offered = b.get("/autocomplete/ScopedUserView/add/tenant/", query_string={"q": home("district").name_kk}).get_json()
    assert home("district").id in {row["id"] for row in offered["results"]}
    refused = b.get("/autocomplete/ScopedUserView/add/tenant/", query_string={"q": other["org_name"]}).get_json()
    assert refused["results"] == []
    search = b.get("/personview/list/").get_data(as_text=True)
    assert other["org_name"] not in search


def test_search_and_export_stay_in_scope(browser, other, ctx):
    b = browser("district")
    person = db.session.get(Person, other["person"])
    found = b.get(f"/personview/list/?_flt_0_iin={person.iin}").get_data(as_text=True)
    assert _ids_on_page(found) == set()
    csv_text = b.get("/personview/export/csv/").get_data(as_text=True)
    # exports mask the ИИН: rows are told apart by the masked number and the name

    def row(p: Person) -> str:
        return f"{mask_iin(p.iin)},{p.last_name},{p.first_name}"

    assert person.iin not in csv_text and row(person) not in csv_text
    expected = persons_under(home("district"))
    assert all(row(p) in csv_text for p in expected)
    assert not any(p.iin in csv_text for p in expected)
    xlsx = b.get("/personview/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    orgs = b.get("/tenantview/export/csv/").get_data(as_text=True)
    assert other["org_name"] not in orgs


def test_user_without_a_home_node_sees_nothing(app, ctx):
    from tenants.scope import Scope, scope_clause

    clause = scope_clause(Person, Scope(user_id=1))
    assert db.session.execute(select(Person).where(clause)).first() is None
    clause = scope_clause(Tenant, Scope.nothing())
    assert db.session.execute(select(Tenant).where(clause)).first() is None


def test_anonymous_gets_nothing(browser):
    b = browser()
    assert b.get("/personview/list/").status_code == 302
    assert b.get("/api/v1/person/").status_code == 401
