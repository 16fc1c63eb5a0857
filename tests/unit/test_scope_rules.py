"""The scope's own rules, without a request: which clause, which writes."""

from sqlalchemy import select

from models.directories import Subject
from models.person import Person
from tenants.models import Tenant
from tenants.scope import Scope, scope_clause


def _sql(clause) -> str:
    return str(select(Person.id).where(clause).compile(compile_kwargs={"literal_binds": True}))


def test_district_scope_uses_the_integer_district_column():
    scope = Scope(user_id=1, tenant_id=7, level="district", path="/1/2/7/")
    assert "person.district_id = 7" in _sql(scope_clause(Person, scope))


def test_region_and_organization_scopes():
    assert "person.region_id = 2" in _sql(scope_clause(Person, Scope(user_id=1, tenant_id=2, level="region", path="/1/2/")))
    assert "person.tenant_id = 9" in _sql(
        scope_clause(Person, Scope(user_id=1, tenant_id=9, level="organization", path="/1/2/7/9/"))
    )


def test_grants_widen_reading_but_never_writing():
    scope = Scope(user_id=1, tenant_id=9, level="organization", path="/1/2/7/9/", grants={"person": frozenset({42})})
    assert "person.id IN (42)" in _sql(scope_clause(Person, scope))
    assert "42" not in _sql(scope_clause(Person, scope, write=True))


def test_default_deny_and_untenanted_models():
    assert "false" in _sql(scope_clause(Person, Scope.nothing())).lower() or "0 = 1" in _sql(
        scope_clause(Person, Scope.nothing())
    )
    assert scope_clause(Subject, Scope.nothing()) is None
    assert scope_clause(Tenant, Scope.everything()) is not None


def test_tenant_subtree_uses_the_path_prefix():
    scope = Scope(user_id=1, tenant_id=7, level="district", path="/1/2/7/")
    sql = str(select(Tenant.id).where(scope_clause(Tenant, scope)).compile(compile_kwargs={"literal_binds": True}))
    assert "/1/2/7/" in sql and "LIKE" in sql.upper()
