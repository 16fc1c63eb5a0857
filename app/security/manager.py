"""UstazSecurityManager: FAB's manager with the tenant-bound User and scoped user admin."""

from __future__ import annotations

import uuid

from flask import abort, request
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import Role
from flask_appbuilder.security.views import ResetPasswordView, UserDBModelView
from flask_login import current_user
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Optional

from app.i18n import _, _l
from app.identifiers import IinField
from app.security.auth_views import UstazAuthDBView
from app.security.models import User
from app.security.permission_stamp import PERMISSION_CACHE as _PERMISSION_CACHE
from app.security.permission_stamp import PERMISSION_LOCK as _PERMISSION_LOCK
from app.security.permission_stamp import known_version as _known_version
from app.security.permission_stamp import permission_version
from app.security.permission_stamp import remember_version as _remember_version
from app.security.roles import ROLE_DEFINITIONS, assignable_roles, may_manage_user
from tenants.interface import ScopedSQLAInterface
from tenants.models import TenantLevel
from tenants.scope import ScopeError, can_write, current_scope, scoped
from views.base import PERMISSION_MAP, ScopedViewMixin


def _with_roles() -> tuple:
    """Loader options of a signed-in user: roles, groups and the groups' roles, joined."""
    from flask_appbuilder.security.sqla.models import Group
    from sqlalchemy.orm import joinedload

    return joinedload(User.roles), joinedload(User.groups).joinedload(Group.roles)


def _acting_role_names() -> set[str]:
    return {role.name for role in getattr(current_user, "roles", [])}


class AssignableRoleFilter(BaseFilter):
    """Role dropdowns offer only roles the acting user may hand out."""

    name = "assignable"
    arg_name = "assignable"

    def apply(self, query, value):
        from flask import current_app

        admin = current_app.config.get("AUTH_ROLE_ADMIN", "Admin")
        return query.filter(Role.name.in_(assignable_roles(_acting_role_names(), admin)))


class ScopedUserView(ScopedViewMixin, UserDBModelView):
    """Staff manage users of their own subtree, with roles they may grant (roles.may_grant)."""

    datamodel = ScopedSQLAInterface(User)
    class_permission_name = "User"
    method_permission_name = PERMISSION_MAP
    list_columns = ["last_name", "first_name", "username", "tenant", "roles", "active"]
    search_columns = ["last_name", "first_name", "username", "email", "tenant", "roles", "active"]
    add_columns = [
        "last_name",
        "first_name",
        "username",
        "email",
        "tenant",
        "person_iin",
        "roles",
        "active",
        "password",
        "conf_password",
    ]
    edit_columns = ["last_name", "first_name", "username", "email", "tenant", "person_iin", "roles", "active"]
    show_fieldsets = [
        (_l("User info"), {"fields": ["username", "active", "roles", "tenant", "person", "login_count"]}),
        (_l("Personal Info"), {"fields": ["last_name", "first_name", "email"], "expanded": True}),
        (
            _l("Audit Info"),
            {"fields": ["last_login", "fail_login_count", "created_on", "changed_on"], "expanded": False},
        ),
    ]
    user_show_fieldsets = [
        (_l("User info"), {"fields": ["username", "roles", "tenant"]}),
        (_l("Personal Info"), {"fields": ["last_name", "first_name", "email"], "expanded": True}),
    ]
    label_columns = {
        **UserDBModelView.label_columns,
        "tenant": _l("Organization / department"),
        "person": _l("Person (IIN)"),
        "person_iin": _l("Person (IIN)"),
    }
    # A person is picked by ИИН, not from a dropdown of every teacher in scope (575k nationally).
    add_form_extra_fields = {
        **UserDBModelView.add_form_extra_fields,
        "person_iin": StringField(
            _l("Person (IIN)"),
            validators=[Optional(), IinField("iin")],
            description=_l("The IIN of the teacher this account belongs to, if any"),
        ),
    }
    edit_form_extra_fields = {"person_iin": add_form_extra_fields["person_iin"]}
    validators_columns = {"roles": [DataRequired()], "tenant": [DataRequired()]}
    add_form_query_rel_fields = {"roles": [["name", AssignableRoleFilter, None]]}
    edit_form_query_rel_fields = {"roles": [["name", AssignableRoleFilter, None]]}
    base_order = ("last_name", "asc")

    def prefill_form(self, form, pk) -> None:
        item = self.datamodel.get(pk)
        if item is not None and item.person is not None:
            form.person_iin.data = item.person.iin

    def _link_person(self, item: User) -> None:
        # populate_obj put the form's person_iin on the item as a plain attribute.
        iin = (getattr(item, "person_iin", None) or "").strip()
        if not iin:
            item.person = None
            return
        from models.person import Person
        from views.base import db

        with db.session.no_autoflush:
            found = db.session.execute(scoped(select(Person).where(Person.iin == iin), Person)).scalar_one_or_none()
        if found is None:
            db.session.rollback()
            raise ScopeError(_("No teacher with this IIN in your area of responsibility."))
        item.person = found

    def _check_roles(self, item: User, previous_roles: set[str]) -> None:
        mine = _acting_role_names()
        allowed = set(assignable_roles(mine, self.appbuilder.sm.auth_role_admin))
        new_roles = {role.name for role in item.roles}
        # the user as they were must be one the actor could have made: no taking over an account
        if not new_roles <= allowed or not may_manage_user(mine, previous_roles, self.appbuilder.sm.auth_role_admin):
            self._refuse_roles()
        if item.tenant is not None:
            for name in new_roles:
                definition = ROLE_DEFINITIONS.get(name)
                if definition and item.tenant.level not in definition.home_levels:
                    from views.base import db

                    db.session.rollback()
                    raise ScopeError(
                        _("The role %(role)s cannot be held at the level %(level)s.",
                          role=str(definition.label), level=_level_label(item.tenant.level))
                    )

    @staticmethod
    def _refuse_roles() -> None:
        from views.base import db

        db.session.rollback()
        raise ScopeError(_("You cannot give a role that reaches beyond your own rights."))

    def pre_add(self, item: User) -> None:
        self.guard_add(item)
        self._check_roles(item, set())
        self._link_person(item)
        UserDBModelView.pre_add(self, item)  # FAB hashes the password

    def pre_update(self, item: User) -> None:
        history = sa_inspect(item).attrs.roles.history
        previous = {r.name for r in history.unchanged or ()} | {r.name for r in history.deleted or ()}
        self.guard_update(item)
        self._check_roles(item, previous)
        self._link_person(item)
        UserDBModelView.pre_update(self, item)

    def pre_delete(self, item: User) -> None:
        self.guard_delete(item)
        if not may_manage_user(_acting_role_names(), item.role_names, self.appbuilder.sm.auth_role_admin):
            self._refuse_roles()


def _level_label(level: str) -> str:
    labels = {
        TenantLevel.REPUBLIC.value: _("republic"),
        TenantLevel.REGION.value: _("region"),
        TenantLevel.DISTRICT.value: _("district"),
        TenantLevel.ORGANIZATION.value: _("organization"),
    }
    return labels.get(level, level)


class ScopedResetPasswordView(ResetPasswordView):
    """Resetting another user's password: only for users inside the acting user's scope."""

    class_permission_name = "ResetPasswordView"

    def _target_in_scope(self) -> None:
        pk = request.args.get("pk")
        target = ScopedSQLAInterface(User).get(pk) if pk else None
        # a read grant never lets anyone change a user: the write scope decides
        if target is None or not can_write(target, current_scope()):
            abort(404)
        if not may_manage_user(_acting_role_names(), target.role_names, self.appbuilder.sm.auth_role_admin):
            abort(403)

    def form_get(self, form) -> None:
        self._target_in_scope()

    def form_post(self, form) -> None:
        self._target_in_scope()
        super().form_post(form)


class UstazSecurityManager(SecurityManager):
    user_model = User
    userdbmodelview = ScopedUserView
    resetpasswordview = ScopedResetPasswordView
    authdbview = UstazAuthDBView  # throttled login, POST-only logout (app/security/auth_views.py)
    userstatschartview = None

    def __init__(self, appbuilder) -> None:
        super().__init__(appbuilder)
        # FAB gives its user views a plain (unscoped) interface here: put the scoped one back.
        self.userdbmodelview.datamodel = ScopedSQLAInterface(self.user_model)
        # the process-wide permission cache is shared by apps on other databases (tests): key by manager
        self._cache_token = uuid.uuid4().hex

    def get_user_by_id(self, pk):
        """The signed-in user with roles, groups and home node in one statement (Flask-Login loads
        it on every request; lazy loads cost three more statements per page), and the permission
        stamp with it (see ``_permissions_of``)."""
        query = select(User, permission_version()).where(User.id == pk).options(*_with_roles())
        row = self.session.execute(query).unique().one_or_none()
        if row is None:
            return None
        _remember_version(row[1])
        return row[0]

    def load_session_user(self, session_digest: str):
        """A server-side session row (user_id, created_at, last_seen_at, revoked_at) and its user with
        roles, groups and the permission stamp, in one statement: (None, None) when unknown."""
        from models.user_session import UserSession

        query = (
            select(UserSession.user_id, UserSession.created_at, UserSession.last_seen_at, UserSession.revoked_at,
                   User, permission_version())
            .select_from(UserSession).outerjoin(User, User.id == UserSession.user_id)
            .where(UserSession.id == session_digest)
            .options(*_with_roles())
        )
        row = self.session.execute(query).unique().one_or_none()
        if row is None:
            return None, None
        if row[4] is not None:
            _remember_version(row[5])
        return row, row[4]

    # Permissions: FAB asks the database once per menu item and view check (~60 statements a
    # page, STACK-NOTES). Each role set's (permission, view) pairs are read once per process and
    # kept under the permission stamp's version, which comes with the user's own statement.
    def exist_permission_on_roles(self, view_name: str, permission_name: str, role_ids: list[int]) -> bool:
        return (permission_name, view_name) in self._permissions_of(tuple(sorted(set(role_ids))))

    def _permissions_of(self, role_ids: tuple[int, ...]) -> frozenset[tuple[str, str]]:
        from flask_appbuilder.security.sqla.models import assoc_permissionview_role as link

        version = _known_version()
        if version is None:  # no signed-in user this request (public pages, the API's token calls)
            version = self.session.execute(select(permission_version())).scalar_one()
            _remember_version(version)
        key = (self._cache_token, version, role_ids)
        cached = _PERMISSION_CACHE.get(key)
        if cached is None:
            pv, permission, view = self.permissionview_model, self.permission_model, self.viewmenu_model
            rows = self.session.execute(
                select(permission.name, view.name).select_from(pv)
                .join(link, link.c.permission_view_id == pv.id)
                .join(permission, permission.id == pv.permission_id)
                .join(view, view.id == pv.view_menu_id)
                .where(link.c.role_id.in_(role_ids))
            ).all()
            cached = frozenset((row[0], row[1]) for row in rows)
            with _PERMISSION_LOCK:
                if len(_PERMISSION_CACHE) > 256 or any(k[1] != version for k in _PERMISSION_CACHE if k[0] == self._cache_token):
                    _PERMISSION_CACHE.clear()  # an older version's sets are never asked for again
                _PERMISSION_CACHE[key] = cached
        return cached

    def forget_permissions(self) -> None:
        """After a change of the roles' permissions in this process: drop what is cached (other
        processes see the stamp's new version)."""
        from app.security.permission_stamp import forget_version

        with _PERMISSION_LOCK:
            _PERMISSION_CACHE.clear()
        forget_version()

    def add_permission_role(self, role, perm_view):
        self.forget_permissions()
        return super().add_permission_role(role, perm_view)

    def del_permission_role(self, role, perm_view):
        self.forget_permissions()
        return super().del_permission_role(role, perm_view)

    def auth_user_db(self, username, password):
        user = super().auth_user_db(username, password)
        # A staff account without a home node could only ever see nothing: refuse it plainly.
        if user is not None and user.tenant_id is None and self.auth_role_admin not in user.role_names:
            return None
        if user is not None and user.tenant is not None and not user.tenant.is_active:
            return None
        return user

    def current_scope(self):
        return current_scope()
