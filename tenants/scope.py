"""THE scoping mechanism: who may see and change which tenant-owned rows.

A user's scope is the subtree of their home node, plus explicit read grants on single objects.
Default-deny: no user, or a user without a home node, sees nothing. Views (through
``tenants.interface.ScopedSQLAInterface``), exports, downloads, jobs and reports all ask here.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from models.base import TenantOwnedMixin
from tenants.models import Tenant, TenantLevel

_explicit_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("ustaz_scope", default=None)


class ScopeError(PermissionError):
    """Raised when an object or a tenant lies outside the acting user's scope."""


@dataclass(frozen=True)
class Scope:
    """What one user may reach. ``path`` is the materialised path of the home node."""

    user_id: int | None = None
    tenant_id: int | None = None
    level: str | None = None
    path: str | None = None
    unrestricted: bool = False
    #: object_type -> ids granted for reading
    grants: dict[str, frozenset[int]] = field(default_factory=dict)
    #: set for users who may see only their own profile (teachers): rows about other people
    #: are out of scope even inside their organization
    self_person_id: int | None = None
    self_only: bool = False
    #: paths of nodes granted for reading with everything under them (an external observer's
    #: schools, a commission's organizations)
    granted_paths: tuple[str, ...] = ()
    #: commissions the user sits on (active membership): their rows are readable, nothing more
    commission_ids: frozenset[int] = frozenset()

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    @classmethod
    def everything(cls) -> Scope:
        """For superusers, migrations and system jobs only."""
        return cls(unrestricted=True)

    @property
    def is_empty(self) -> bool:
        return (not self.unrestricted and self.path is None and not self.grants and not self.granted_paths
                and not self.commission_ids)

    def reaches_path(self, path: str | None) -> bool:
        """Inside the subtree or a granted subtree (reading)."""
        return self.contains_path(path) or bool(path and any(path.startswith(p) for p in self.granted_paths))

    def contains_path(self, path: str | None) -> bool:
        if self.unrestricted:
            return True
        return bool(self.path and path and path.startswith(self.path))


def is_tenant_owned(model: type) -> bool:
    """True for the tenant tree itself and for every model that carries a tenant_id."""
    return model is Tenant or (isinstance(model, type) and issubclass(model, TenantOwnedMixin))


def scope_for_user(user) -> Scope:
    """The scope of a user object (FAB user); anonymous or home-less users get nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope.nothing()
    admin_role = _admin_role_name()
    if any(role.name == admin_role for role in getattr(user, "roles", [])):
        return Scope(user_id=user.id, unrestricted=True)
    grants, commission_ids = _load_grants(user.id, getattr(user, "person_id", None))
    granted_paths = _granted_paths(grants.pop("tenant", frozenset()))
    self_only = _only_self_roles(getattr(user, "roles", []))
    person_id = getattr(user, "person_id", None) if self_only else None
    tenant = getattr(user, "tenant", None)
    common = {"user_id": user.id, "grants": grants, "self_only": self_only, "self_person_id": person_id,
              "granted_paths": granted_paths, "commission_ids": commission_ids}
    if tenant is None or not tenant.is_active or _only_membership_roles(getattr(user, "roles", [])):
        return Scope(**common)
    return Scope(tenant_id=tenant.id, level=tenant.level, path=tenant.path, **common)


def _granted_paths(tenant_ids: frozenset[int]) -> tuple[str, ...]:
    if not tenant_ids:
        return ()
    from app.extensions import db

    rows = db.session.execute(select(Tenant.path).where(Tenant.id.in_(sorted(tenant_ids)), Tenant.is_active))
    return tuple(sorted(path for (path,) in rows))


def _only_membership_roles(roles) -> bool:
    """Users whose every role reads through commission membership only (no home subtree)."""
    from app.security.roles import ROLE_DEFINITIONS

    names = [role.name for role in roles]
    return bool(names) and all(n in ROLE_DEFINITIONS and ROLE_DEFINITIONS[n].membership_only for n in names)


def _only_self_roles(roles) -> bool:
    from app.security.roles import ROLE_DEFINITIONS

    names = [role.name for role in roles]
    return bool(names) and all(n in ROLE_DEFINITIONS and ROLE_DEFINITIONS[n].self_only for n in names)


def _admin_role_name() -> str:
    from flask import current_app, has_app_context

    return current_app.config.get("AUTH_ROLE_ADMIN", "Admin") if has_app_context() else "Admin"


#: the pseudo object type under which _load_grants returns commission memberships
_MEMBERSHIP = "@commission"


def _load_grants(user_id: int, person_id: int | None) -> tuple[dict[str, frozenset[int]], frozenset[int]]:
    """The user's explicit grants, and the active commissions their person sits on (membership opens
    those commissions' applications for reading): one statement for both, on every request."""
    from sqlalchemy import literal, union_all

    from app.extensions import db
    from models.base import utcnow
    from models.commission import Commission, CommissionMember
    from models.grant import AccessGrant

    query = select(AccessGrant.object_type, AccessGrant.object_id).where(
        AccessGrant.user_id == user_id,
        or_(AccessGrant.expires_on.is_(None), AccessGrant.expires_on > utcnow()),
    )
    if person_id is not None:
        memberships = (
            select(literal(_MEMBERSHIP).label("object_type"), CommissionMember.commission_id)
            .join(Commission, Commission.id == CommissionMember.commission_id)
            .where(CommissionMember.person_id == person_id, CommissionMember.removed_on.is_(None),
                   Commission.is_active)
        )
        query = union_all(query, memberships)
    grants: dict[str, set[int]] = {}
    for object_type, object_id in db.session.execute(query).all():
        grants.setdefault(object_type, set()).add(object_id)
    commission_ids = frozenset(grants.pop(_MEMBERSHIP, ()))
    return {key: frozenset(ids) for key, ids in grants.items()}, commission_ids


def current_scope() -> Scope:
    """The scope in force: one set by use_scope(), else the logged-in user's, else nothing."""
    explicit = _explicit_scope.get()
    if explicit is not None:
        return explicit
    from flask import g, has_request_context

    if not has_request_context():
        return Scope.nothing()
    cached = g.get("_ustaz_scope")
    if cached is not None:
        return cached
    from flask import current_app

    # FAB's notion of the user: the session's, an API key's or a JWT bearer's.
    scope = scope_for_user(current_app.appbuilder.sm.current_user)
    g._ustaz_scope = scope
    return scope


@contextlib.contextmanager
def use_scope(scope: Scope) -> Iterator[Scope]:
    """Run a block (a job, a CLI command, a report) under an explicit scope."""
    token = _explicit_scope.set(scope)
    try:
        yield scope
    finally:
        _explicit_scope.reset(token)


def _subtree_clause(model: type, scope: Scope) -> ColumnElement[bool]:
    """Rows owned inside the scope's subtree, on the cheapest column available."""
    # Paths hold only digits and "/": a plain prefix pattern, so an index can serve it.
    if model is Tenant:
        return Tenant.path.like(f"{scope.path}%")
    if scope.level == TenantLevel.REPUBLIC.value:
        return model.tenant_id.is_not(None)
    if scope.level == TenantLevel.REGION.value:
        return model.region_id == scope.tenant_id
    if scope.level == TenantLevel.DISTRICT.value:
        return model.district_id == scope.tenant_id
    if scope.level == TenantLevel.ORGANIZATION.value:
        return model.tenant_id == scope.tenant_id
    subtree = select(Tenant.id).where(Tenant.path.like(f"{scope.path}%"))
    return model.tenant_id.in_(subtree)


def node_subtree_clause(model: type, node: Tenant) -> ColumnElement[bool]:
    """Rows owned by ``node`` or anything under it (reports narrow a scope to one node with it)."""
    return _subtree_clause(model, Scope(tenant_id=node.id, level=node.level, path=node.path))


def _own_rows_clause(model: type, scope: Scope) -> ColumnElement[bool] | None:
    """For self-only users: rows about a person must be about them."""
    if not scope.self_only:
        return None
    about = getattr(model, "rows_about_person", None)
    if about is not None:
        return false() if scope.self_person_id is None else about(scope.self_person_id)
    column = model.id if model.__name__ == "Person" else getattr(model, "person_id", None)
    if column is None:
        return None
    return false() if scope.self_person_id is None else column == scope.self_person_id


def scope_clause(model: type, scope: Scope, *, write: bool = False) -> ColumnElement[bool] | None:
    """A WHERE clause restricting ``model`` to the scope; None when the model is not tenant-owned.

    Grants widen reading only: nobody changes an object through a grant.
    """
    if not is_tenant_owned(model):
        return None
    if scope.unrestricted:
        return true()
    parts: list[ColumnElement[bool]] = []
    if scope.path is not None:
        subtree = _subtree_clause(model, scope)
        own = _own_rows_clause(model, scope)
        parts.append(subtree if own is None else and_(subtree, own))
    if not write:
        granted = scope.grants.get(model.__tablename__)
        if granted:
            parts.append(model.id.in_(sorted(granted)))
        membership = getattr(model, "__membership_column__", None)
        if membership and scope.commission_ids:
            parts.append(getattr(model, membership).in_(sorted(scope.commission_ids)))
        for path in scope.granted_paths:
            parts.append(_subtree_clause(model, Scope(path=path)))
    if not parts:
        return false()
    return or_(*parts) if len(parts) > 1 else parts[0]


def tenant_of(obj) -> Tenant | None:
    if isinstance(obj, Tenant):
        return obj
    tenant = getattr(obj, "tenant", None)
    if tenant is None and getattr(obj, "tenant_id", None) is not None:
        from app.extensions import db

        tenant = db.session.get(Tenant, obj.tenant_id)
    return tenant


def can_write(obj, scope: Scope) -> bool:
    """May the scope's user change (or create) this object where it now stands?"""
    if not is_tenant_owned(type(obj)):
        return True
    if scope.unrestricted:
        return True
    if isinstance(obj, Tenant) and not obj.path:
        # A node being created: it is written where its parent stands.
        parent = obj.parent
        if parent is None and obj.parent_id is not None:
            from app.extensions import db

            parent = db.session.get(Tenant, obj.parent_id)
        return parent is not None and scope.contains_path(parent.path)
    tenant = tenant_of(obj)
    if tenant is None or not scope.contains_path(tenant.path):
        return False
    if scope.self_only:
        about = obj.id if type(obj).__name__ == "Person" else getattr(obj, "person_id", None)
        return about is None or about == scope.self_person_id
    return True


def can_read(obj, scope: Scope) -> bool:
    if can_write(obj, scope):
        return True
    tenant = tenant_of(obj) if is_tenant_owned(type(obj)) else None
    if tenant is not None and any(tenant.path.startswith(p) for p in scope.granted_paths):
        return True
    membership = getattr(type(obj), "__membership_column__", None)
    if membership and getattr(obj, membership, None) in scope.commission_ids:
        return True
    granted = scope.grants.get(type(obj).__tablename__, frozenset())
    return getattr(obj, "id", None) in granted


def tenant_in_scope(tenant_id: int | None, scope: Scope) -> bool:
    if scope.unrestricted:
        return True
    if tenant_id is None:
        return False
    from app.extensions import db

    tenant = db.session.get(Tenant, tenant_id)
    return tenant is not None and scope.contains_path(tenant.path)


def scoped(query_or_select, model: type, scope: Scope | None = None, *, write: bool = False):
    """Apply the scope to a Query or a select() over ``model`` (jobs, exports, reports)."""
    clause = scope_clause(model, scope or current_scope(), write=write)
    if clause is None:
        return query_or_select
    return query_or_select.filter(clause) if hasattr(query_or_select, "filter") else query_or_select.where(clause)


def commissions_for_applying(organization: Tenant, period_id: int | None = None):
    """A select() of the active commissions a teacher of ``organization`` (and their director) may
    apply to: those of the organization itself and of its ancestors (district, region, republic).

    Callers show name, level and tenant only; reading a commission's rows needs the scope.
    """
    from models.commission import Commission

    ancestor_ids = [int(part) for part in (organization.path or "").strip("/").split("/") if part]
    query = select(Commission).where(Commission.tenant_id.in_(ancestor_ids), Commission.is_active)
    if period_id is not None:
        query = query.where(Commission.period_id == period_id)
    return query.order_by(Commission.level, Commission.name, Commission.id)


__all__ = [
    "Scope",
    "commissions_for_applying",
    "ScopeError",
    "can_read",
    "can_write",
    "current_scope",
    "is_tenant_owned",
    "scope_clause",
    "scope_for_user",
    "scoped",
    "tenant_in_scope",
    "tenant_of",
    "use_scope",
]
