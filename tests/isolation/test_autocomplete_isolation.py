"""Autocomplete choices (/autocomplete/<view>/<form>/<column>/) stay inside the scope, page by page,
and forms show and accept only what the field offers."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.identifiers import mask_iin
from app.web import lookup
from models.person import Person
from tenants.models import Tenant
from tests.helpers import home, organizations_under, persons_under

ORGS = "/autocomplete/PersonView/search/tenant/"
PEOPLE = "/autocomplete/ScoreResultView/search/person/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {row["id"] for row in response.get_json()["results"]}


def _all_pages(b, url: str, q: str = "") -> set[int]:
    found: set[int] = set()
    for page in range(1, lookup.MAX_PAGE + 1):
        payload = b.get(url, query_string={"q": q, "page": page}).get_json()
        assert len(payload["results"]) <= lookup.PAGE_SIZE
        found |= {row["id"] for row in payload["results"]}
        if not payload["pagination"]["more"]:
            return found
    raise AssertionError("more pages than MAX_PAGE")


def test_a_district_gets_nothing_of_another_district(browser, ctx):
    district, district2 = home("district"), home("district2")
    b = browser("district")
    orgs = _all_pages(b, ORGS)
    inside = {t.id for t in db.session.execute(select(Tenant).where(Tenant.path.startswith(district.path))).scalars()}
    assert orgs and orgs <= inside
    other_org = organizations_under(district2)[0]
    assert _ids(b.get(ORGS, query_string={"q": other_org.name_kk})) == set()
    assert _ids(b.get(ORGS, query_string={"q": other_org.code or "x"})) == set()
    other_person = persons_under(district2)[0]
    assert _ids(b.get(PEOPLE, query_string={"q": other_person.iin})) == set()
    assert _ids(b.get(PEOPLE, query_string={"q": other_person.last_name})) <= {p.id for p in persons_under(district)}
    assert _all_pages(b, PEOPLE) == {p.id for p in persons_under(district)}
    # the other district's own user finds them: the emptiness above is the scope, not the search
    assert other_person.id in _ids(browser("district2").get(PEOPLE, query_string={"q": other_person.iin}))


def test_search_by_name_and_iin_and_the_label(browser, ctx):
    person = persons_under(home("district"))[0]
    b = browser("district")
    rows = b.get(PEOPLE, query_string={"q": person.iin[:8]}).get_json()["results"]
    row = next(r for r in rows if r["id"] == person.id)
    assert row["text"] == f"{person.full_name} · {mask_iin(person.iin)}" and person.iin not in row["text"]
    lower = person.last_name.lower()
    assert person.id in _ids(b.get(PEOPLE, query_string={"q": f"{lower} {person.first_name}"}))
    org = person.tenant
    assert org.id in _ids(b.get(ORGS, query_string={"q": org.name_kk[2:9].lower()}))


def test_add_form_choices_follow_the_views_relation_filters(browser, ctx):
    # a teacher's organization is an organization, never a district (add_form_query_rel_fields)
    b = browser("director")
    offered = _all_pages(b, "/autocomplete/PersonView/add/tenant/")
    assert offered == {home("director").id}


@pytest.mark.parametrize("url, codes", [
    (ORGS + "?page=abc", {400}),
    (ORGS + "?page=0", {400}),
    (ORGS + "?page=99999999999999999999", {400}),
    (ORGS + "?page=-1", {400}),
    (ORGS + "?q=" + "я" * 500, {400}),
    (ORGS + "?q=%00", {400}),
    (ORGS + "?q=(a:!(b,c))&page=1", {200}),
    (ORGS + "?q=%25_%5C", {200}),
    ("/autocomplete/PersonView/search/position/", {404}),
    ("/autocomplete/PersonView/search/__class__/", {404}),
    ("/autocomplete/PersonView/delete/tenant/", {404}),
    ("/autocomplete/NoSuchView/search/tenant/", {404}),
    ("/autocomplete/ApplicationView/add/person/", {404}),
    ("/autocomplete/PersonView/add/tenant/", {403}),  # the auditor reads, never adds
])
def test_hostile_requests_are_refused_with_4xx(browser, url, codes):
    response = browser("auditor").get(url)
    assert response.status_code in codes, (url, response.status_code, response.get_data(as_text=True)[:200])
    assert response.is_json


def test_anonymous_gets_nothing(browser):
    response = browser().get(ORGS)
    assert response.status_code == 401 and "results" not in response.get_json()


def test_forms_show_the_chosen_value_and_no_whole_table(browser, ctx):
    district = home("district")
    person = persons_under(district)[0]
    org = person.tenant
    b = browser("director")
    edit = b.get(f"/personview/edit/{person.id}").get_data(as_text=True)
    assert re.search(rf'<option value="{org.id}" selected>{re.escape(org.name_kk)}</option>', edit)
    assert "ustaz-autocomplete" in edit and "/autocomplete/PersonView/edit/tenant/" in edit
    # a search URL with a filter value shows its label; one outside the scope shows nothing
    listing = browser("district")
    page = listing.get(f"/personview/list/?_flt_0_tenant={org.id}").get_data(as_text=True)
    # the search widget carries its fields as JSON (FAB's AdminFilters): \u003coption value=\"24\"\u003e…
    option = json.dumps(f'<option value="{org.id}">{org.name_kk}</option>')[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
    assert option in page
    other = organizations_under(home("district2"))[0]
    page = listing.get(f"/personview/list/?_flt_0_tenant={other.id}").get_data(as_text=True)
    assert json.dumps(other.name_kk)[1:-1] not in page and other.name_kk not in page
    # without a filter the organization field of the search form carries no organization at all
    full = listing.get("/personview/list/").get_data(as_text=True)
    field = re.search(r'"tenant": "(\\u003cselect.*?\\u003c/select\\u003e)"', full).group(1)
    assert "/autocomplete/PersonView/search/tenant/" in field and field.count("\\u003coption") == 1


def test_a_crafted_choice_outside_the_field_is_refused(browser, ctx):
    b = browser("director")
    person = persons_under(home("director"))[0]
    outside = organizations_under(home("district2"))[0]
    response = b.post(f"/personview/edit/{person.id}", {"iin": person.iin, "last_name": person.last_name,
                                                         "first_name": person.first_name, "tenant": outside.id})
    assert response.status_code == 422
    for value in ("abc", "-1", str(home("director").parent_id), "99999999999999"):
        response = b.post(f"/personview/edit/{person.id}", {"iin": person.iin, "last_name": person.last_name,
                                                             "first_name": person.first_name, "tenant": value})
        assert response.status_code == 422, value
    db.session.expire_all()
    assert db.session.get(Person, person.id).tenant_id == home("director").id
