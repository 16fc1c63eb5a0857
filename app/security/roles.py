"""Roles as data: what each role may do, per resource, and who may hand out which role.

``sync_roles()`` (``flask ustaz sync-roles``) makes the database match this module. A resource is
a view's ``class_permission_name``; permissions are squashed to read / write (views/base.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n import _l

R = frozenset({"read"})
RW = frozenset({"read", "write"})

#: Resources of the reference directories (one per directory view).
DIRECTORIES = "@directories"
#: Self-service for every logged-in user: their own profile, password and the language switch.
SELF_SERVICE = {
    ("can_userinfo", "User"),
    ("userinfoedit", "User"),
    ("resetmypassword", "User"),
    ("can_this_form_get", "UserInfoEditView"),
    ("can_this_form_post", "UserInfoEditView"),
    ("can_this_form_get", "ResetMyPasswordView"),
    ("can_this_form_post", "ResetMyPasswordView"),
}
#: Given to roles that may write users.
USER_ADMIN = {
    ("resetpasswords", "User"),
    ("can_this_form_get", "ResetPasswordView"),
    ("can_this_form_post", "ResetPasswordView"),
}


@dataclass(frozen=True)
class RoleDefinition:
    rank: int
    label: object
    resources: dict[str, frozenset[str]] = field(default_factory=dict)
    home_levels: tuple[str, ...] = ()
    #: sees only rows about their own person, even inside their organization
    self_only: bool = False

    def permissions_on(self, resource: str, directory_resources: set[str]) -> frozenset[str]:
        if resource in self.resources:
            return self.resources[resource]
        if resource in directory_resources and DIRECTORIES in self.resources:
            return self.resources[DIRECTORIES]
        return frozenset()


STAFF_READ = {
    "Tenant": R, "Person": R, "Portfolio": R, "Career": R, "Profile": R, "Job": R, "Observation": R,
    "ObservationTemplate": R, "Criteria": R, "Score": R, DIRECTORIES: R,
}

ROLE_DEFINITIONS: dict[str, RoleDefinition] = {
    "NationalAdmin": RoleDefinition(
        100,
        _l("National administrator"),
        {"Tenant": RW, "Person": RW, "Portfolio": R, "Career": R, "Profile": R, "User": RW, "Audit": R, "Job": R,
         "Observation": R, "ObservationTemplate": RW, "Criteria": RW, "Score": RW, DIRECTORIES: RW},
        ("republic",),
    ),
    "RegionStaff": RoleDefinition(
        80, _l("Region education department"), {**STAFF_READ, "User": RW, "Score": RW}, ("region",)
    ),
    "DistrictStaff": RoleDefinition(
        60, _l("District education department"), {**STAFF_READ, "User": RW, "Score": RW}, ("district",)
    ),
    "Auditor": RoleDefinition(
        50,
        _l("Auditor"),
        {**STAFF_READ, "User": R, "Audit": R},
        ("republic", "region", "district", "organization"),
    ),
    "OrgHead": RoleDefinition(
        40,
        _l("Head of organization"),
        {**STAFF_READ, "Person": RW, "Portfolio": RW, "Career": RW, "Profile": R, "User": RW, "Observation": RW,
         "Score": RW},
        ("organization",),
    ),
    "OrgDataEntry": RoleDefinition(
        30, _l("Responsible person"), {**STAFF_READ, "Person": RW, "Portfolio": RW, "Career": RW, "Profile": R}, ("organization",)
    ),
    "CommissionMember": RoleDefinition(
        20,
        _l("Commission member"),
        {"Tenant": R, "Person": R, "Portfolio": R, "Career": R, "Profile": R, "Observation": RW,
         "ObservationTemplate": R, DIRECTORIES: R},
        ("republic", "region", "district", "organization"),
    ),
    "Observer": RoleDefinition(
        20,
        _l("Observer"),
        {"Tenant": R, "Person": R, "Observation": RW, "ObservationTemplate": R, DIRECTORIES: R},
        ("republic", "region", "district", "organization"),
    ),
    "Teacher": RoleDefinition(
        10, _l("Teacher"), {"Person": R, "Portfolio": R, "Career": R, "Profile": R, "Observation": R, "ObservationTemplate": R,
         DIRECTORIES: R},
        ("organization",),
        self_only=True,
    ),
}


def role_rank(role_names: set[str] | list[str], admin_role: str = "Admin") -> int:
    if admin_role in role_names:
        return 1_000
    return max((ROLE_DEFINITIONS[n].rank for n in role_names if n in ROLE_DEFINITIONS), default=0)


def assignable_roles(role_names: set[str], admin_role: str = "Admin") -> list[str]:
    """Roles a user holding ``role_names`` may give: never one ranked above their own."""
    rank = role_rank(role_names, admin_role)
    return [name for name, d in ROLE_DEFINITIONS.items() if d.rank <= rank]


def can_manage_users(role_names: set[str]) -> bool:
    return any("write" in ROLE_DEFINITIONS[n].resources.get("User", ()) for n in role_names if n in ROLE_DEFINITIONS)


def sync_roles(appbuilder, menu_resources: dict[str, str], directory_resources: set[str]) -> dict[str, int]:
    """Create the permissions of every view, then give each role exactly what this module says.

    ``menu_resources`` maps a menu item name to the resource it opens; a role sees a menu item
    (and its category) when it may read that resource.
    """
    from flask_appbuilder.security.sqla.models import PermissionView

    sm = appbuilder.sm
    admin_name = sm.auth_role_admin
    if sm.find_role(admin_name) is None:
        sm.add_role(admin_name)
    appbuilder.add_permissions(update_perms=True)
    session = sm.session
    admin = sm.find_role(admin_name)
    all_pvms = session.query(PermissionView).all()
    admin.permissions = [pv for pv in all_pvms if pv.permission and pv.view_menu]
    categories = _menu_categories(appbuilder)
    counts = {admin_name: len(admin.permissions)}
    for name, definition in ROLE_DEFINITIONS.items():
        role = sm.find_role(name) or sm.add_role(name)
        readable_menus = {
            item
            for item, resource in menu_resources.items()
            if "read" in definition.permissions_on(resource, directory_resources)
        }
        readable_menus |= {cat for cat, items in categories.items() if items & readable_menus}
        wanted = []
        for pv in all_pvms:
            if pv.permission is None or pv.view_menu is None:
                continue
            perm, view = pv.permission.name, pv.view_menu.name
            allowed = definition.permissions_on(view, directory_resources)
            if (
                (perm.startswith("can_") and perm[4:] in allowed)
                or (perm == "menu_access" and view in readable_menus)
                or (perm, view) in SELF_SERVICE
                or ((perm, view) in USER_ADMIN and "write" in definition.resources.get("User", ()))
            ):
                wanted.append(pv)
        role.permissions = wanted
        counts[name] = len(wanted)
    session.commit()
    return counts


def _menu_categories(appbuilder) -> dict[str, set[str]]:
    categories: dict[str, set[str]] = {}
    for item in appbuilder.menu.get_list():
        if item.childs:
            categories[item.name] = {child.name for child in item.childs if child.name}
    return categories
