"""The tree: national admins shape it; paths and region/district copies follow every move."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from models.directories import EducationLevel
from models.person import Person
from tenants.models import Tenant
from tests.helpers import home, organizations_under


def _level_id(code: str) -> int:
    return db.session.execute(select(EducationLevel.id).where(EducationLevel.code == code)).scalar_one()


def test_reference_tree_has_the_republic_and_twenty_regions(ctx):
    regions = db.session.execute(select(Tenant).where(Tenant.level == "region")).scalars().all()
    assert len(regions) == 20
    names = {r.name_kk for r in regions}
    assert {"Астана қаласы", "Алматы қаласы", "Шымкент қаласы", "Ұлытау облысы", "Абай облысы"} <= names
    assert all(r.path == f"/{r.parent_id}/{r.id}/" and r.region_id == r.id for r in regions)


def test_national_admin_adds_a_district_and_a_school(browser, ctx):
    b = browser("national")
    region = home("region")
    response = b.post(
        "/tenantview/add",
        {"level": "district", "parent": region.id, "name_kk": "Жаңа аудан", "name_ru": "Новый район", "code": "119999000"},
    )
    assert response.status_code == 302
    district = db.session.execute(select(Tenant).where(Tenant.code == "119999000")).scalar_one()
    assert district.path == f"{region.path}{district.id}/" and district.district_id == district.id
    response = b.post(
        "/tenantview/add",
        {
            "level": "organization",
            "parent": district.id,
            "name_kk": "Жаңа мектеп",
            "name_ru": "Новая школа",
            "code": "050640007770",
            "education_level": _level_id("secondary"),
        },
    )
    assert response.status_code == 302
    school = db.session.execute(select(Tenant).where(Tenant.code == "050640007770")).scalar_one()
    assert school.district_id == district.id and school.region_id == region.id


def test_tree_rules_are_enforced(browser, ctx):
    b = browser("national")
    region = home("region")
    b.post("/tenantview/add", {"level": "region", "parent": region.id, "name_kk": "X", "name_ru": "X"})
    b.post(
        "/tenantview/add",
        {"level": "organization", "parent": home("district").id, "name_kk": "Y", "name_ru": "Y", "code": "123456789012",
         "education_level": _level_id("secondary")},
    )
    assert db.session.execute(select(Tenant).where(Tenant.name_kk.in_(["X", "Y"]))).first() is None
    response = b.post(
        "/tenantview/add", {"level": "region", "parent": region.id, "name_kk": "X", "name_ru": "X"}, follow_redirects=True
    )
    # the rule's message, in Kazakh: "… cannot be placed under …"
    assert "орналастыруға болмайды" in response.get_data(as_text=True)


def test_staff_cannot_change_the_tree(browser, ctx):
    b = browser("district")
    assert b.post("/tenantview/add", {"level": "organization", "parent": home("district").id}).status_code == 403
    assert b.api("POST", "/api/v1/tenant/", json={"level": "district", "parent": home("region").id}).status_code == 403


def test_moving_an_organization_moves_its_rows(browser, ctx):
    school = organizations_under(home("district"))[0]
    target = home("district2")
    b = browser("national")
    response = b.api("PUT", f"/api/v1/tenant/{school.id}", json={"parent": target.id})
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    moved = db.session.get(Tenant, school.id)
    assert moved.path == f"{target.path}{school.id}/" and moved.district_id == target.id
    teachers = db.session.execute(select(Person).where(Person.tenant_id == school.id)).scalars().all()
    assert teachers and all(t.district_id == target.id for t in teachers)
    # and the district now sees them, district2's users too
    assert browser("district2").get(f"/personview/show/{teachers[0].id}").status_code == 200
    assert browser("district").get(f"/personview/show/{teachers[0].id}").status_code == 404


def test_a_node_cannot_move_under_itself(browser, ctx):
    region = home("region")
    district = home("district")
    response = browser("national").api("PUT", f"/api/v1/tenant/{region.id}", json={"parent": district.id})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Tenant, region.id).parent_id != district.id
