"""Architecture test: no registered view or API over tenant-owned data escapes the scoping mechanism."""

from __future__ import annotations

from flask_appbuilder import Model, ModelRestApi, ModelView
from flask_appbuilder.security.sqla.models import Role

from app.extensions import db
from app.security.roles import ROLE_DEFINITIONS
from tenants.interface import ScopedSQLAInterface
from tenants.scope import is_tenant_owned
from views.base import ScopedModelRestApi, ScopedViewMixin, TenantGuard

#: FAB's own security screens: for the Admin superuser only (checked below).
ADMIN_ONLY = {"RoleModelView", "UserGroupModelView", "PermissionModelView", "ViewMenuModelView", "PermissionViewModelView"}


def _touches_tenant_data(datamodel) -> bool:
    model = datamodel.obj
    if is_tenant_owned(model):
        return True
    for prop in model.__mapper__.relationships:
        if is_tenant_owned(prop.mapper.class_):
            return True
    return False


def test_every_model_with_a_tenant_column_is_scoped_by_the_mechanism(app):
    for mapper in Model.registry.mappers:
        if "tenant_id" in mapper.columns:
            assert is_tenant_owned(mapper.class_), f"{mapper.class_.__name__} has tenant_id but is not TenantOwned"


def scope_violations(views) -> tuple[list[str], int]:
    """Every way a view could reach tenant data outside the mechanism, and how many were checked."""
    problems: list[str] = []
    checked = 0
    for view in views:
        datamodel = getattr(view, "datamodel", None)
        if datamodel is None or not _touches_tenant_data(datamodel):
            continue
        name = type(view).__name__
        if name in ADMIN_ONLY:
            continue
        checked += 1
        if not isinstance(datamodel, ScopedSQLAInterface):
            problems.append(f"{name} reads tenant data without the scope")
        if not isinstance(view, TenantGuard):
            problems.append(f"{name} writes without the tenant guard")
        if isinstance(view, ModelView) and not isinstance(view, ScopedViewMixin):
            problems.append(f"{name} has unguarded actions or exports")
        if isinstance(view, ModelRestApi) and not isinstance(view, ScopedModelRestApi):
            problems.append(f"{name} is not a scoped API")
        for related in getattr(view, "related_views", None) or []:
            related_dm = getattr(related, "datamodel", None)
            if related_dm is not None and _touches_tenant_data(related_dm) and not isinstance(
                related_dm, ScopedSQLAInterface
            ):
                problems.append(f"{name} shows unscoped related {related}")
    return problems, checked


def test_every_view_and_api_over_tenant_data_goes_through_the_scope(app):
    problems, checked = scope_violations(app.appbuilder.baseviews)
    assert problems == []
    # tenants, teachers, users, jobs, audit, approved contests (region dropdown), 2 APIs
    assert checked >= 8


def test_the_check_catches_an_unscoped_view(app):
    from flask_appbuilder.models.sqla.interface import SQLAInterface

    from models.person import Person

    class LeakyPersonView(ModelView):
        datamodel = SQLAInterface(Person)

    class LeakyPersonApi(ModelRestApi):
        datamodel = SQLAInterface(Person)

    problems, checked = scope_violations([LeakyPersonView(), LeakyPersonApi()])
    assert checked == 2
    assert any("LeakyPersonView reads tenant data" in p for p in problems)
    assert any("LeakyPersonApi is not a scoped API" in p for p in problems)


def test_fab_security_screens_are_for_the_superuser_only(app):
    with app.app_context():
        names = {type(v).__name__: v.class_permission_name for v in app.appbuilder.baseviews}
        admin_resources = {names[n] for n in ADMIN_ONLY if n in names}
        for role in db.session.query(Role).filter(Role.name.in_(ROLE_DEFINITIONS)).all():
            leaked = [pv for pv in role.permissions if pv.view_menu.name in admin_resources]
            assert not leaked, f"{role.name} reaches FAB security screens: {leaked}"
