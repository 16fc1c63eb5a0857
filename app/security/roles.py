"""Roles as data: what each role may do, per resource, and who may hand out which role.

``sync_roles()`` (``flask ustaz sync-roles``) makes the database match this module. A resource is
a view's ``class_permission_name``; permissions are squashed to read / write (views/base.py), plus
the reader actions below.

Who may grant what is computed from the same data (``may_grant``): a role can be handed out only
when what it reads lies within what the grantor reads, what it writes within what the grantor
writes (or is explicitly delegated, ``RoleDefinition.delegates``), its home level lies at or below
the grantor's, and its rank does not exceed theirs. Placement inside the grantor's subtree is then
checked on the user's home node (app/security/manager.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n import _l

READ, WRITE = "read", "write"
R = frozenset({READ})
RW = frozenset({READ, WRITE})
#: Reader actions: a reader of a resource may also do these, unless their role is read-only. They
#: leave a trace but change nobody's data: a dispute note to the data owner ("dispute"), a
#: background check over the rows they read ("run"). Views map such endpoints to these names.
DISPUTE, RUN = "dispute", "run"
READER_ACTIONS = frozenset({DISPUTE, RUN})
#: The tenant levels from the top down: a role's home levels must be reachable from the grantor's.
LEVELS = ("republic", "region", "district", "organization")

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
#: Every role may read the REST API's OpenAPI description (views/api_description.py).
API_DESCRIPTION_PERMISSION = ("can_read", "ApiDescription")
#: Every role may call GET /api/v1/dashboard/kpi (views/report_api.py): its figures are those of the
#: caller's scope, and a count of rows whose list the caller may not read is 0.
DASHBOARD_PERMISSION = ("can_read", "Dashboard")
#: Every role has an inbox: its rows are the user's own notifications only (app/notifications);
#: marking one's own notifications read is self-service, like changing one's password.
INBOX_PERMISSIONS = {("can_read", "Notification"), ("can_write", "Notification")}
SELF_SERVICE |= INBOX_PERMISSIONS
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
    #: reads, never changes anything (no writes, no reader actions): auditors
    read_only: bool = False
    #: roles this role may hand out although they write data this role only reads: the education
    #: departments appoint the heads, responsible persons, observers and commission members of the
    #: organizations under them. A delegation never widens what can be read.
    delegates: frozenset[str] = frozenset()
    #: sees no subtree: only the commissions the user sits on and what they grant (tenants/scope.py)
    membership_only: bool = False

    def effective(self, resource: str) -> frozenset[str]:
        """The permissions held on a resource key of ``resources``, reader actions included."""
        granted = self.resources.get(resource, frozenset())
        if READ in granted and not self.read_only:
            return granted | READER_ACTIONS
        return granted

    def permissions_on(self, resource: str, directory_resources: set[str]) -> frozenset[str]:
        if resource in self.resources:
            return self.effective(resource)
        if resource in directory_resources and DIRECTORIES in self.resources:
            return self.effective(DIRECTORIES)
        return frozenset()

    @property
    def top_level(self) -> int:
        """Index in LEVELS of the highest node this role can be held at."""
        return min(LEVELS.index(level) for level in self.home_levels)


#: Organization-level roles the education departments appoint (see RoleDefinition.delegates); teachers
#: apply for attestation (Application write) although the departments only read applications.
APPOINTED_BY_DEPARTMENTS = frozenset({"OrgHead", "OrgDataEntry", "Observer", "CommissionMember", "Teacher"})

STAFF_READ = {
    "Tenant": R, "Person": R, "Portfolio": R, "Career": R, "Profile": R, "Job": R, "Observation": R,
    "ObservationTemplate": R, "Criteria": R, "Score": R, DIRECTORIES: R,
    "Commission": R, "Application": R, "Review": R, "Protocol": R, "Order": R, "Certificate": R,
    # the dashboards and their exports (reports/): figures of the user's scope
    "Report": R,
}
#: the attestation workflow: who forms commissions, who applies; what each transition needs on top
#: (being the applicant, the secretary, the chair, a voting member) is app/attestation/states.py
ATTESTATION_STAFF = {"Commission": RW, "Application": R, "Review": R, "Protocol": R, "Order": RW, "Certificate": RW}
#: disputes of registry values (app/integrations/disputes.py) are answered by the departments that keep
#: the data; the registries' sync runs and "sync now" (resource "Registry") are the national admins'
REGISTRY_STAFF = {"Dispute": RW}
#: announcements to every user of a node's subtree (app/announcements): the departments and national admins
ANNOUNCING = {"Announcement": RW}
#: appeals (app/appeals): filed by teachers and their heads, answered by the departments and commissions'
#: nodes; who answers which one is the appeal's body (app/appeals/operations.py), not a role name
APPEALS = {"Appeal": RW}
#: the heads who issue the order on a signed protocol at their node (app/attestation/orders.py)
ORDER_ISSUING_ROLES = ("OrgHead", "DistrictStaff", "RegionStaff", "NationalAdmin")

ROLE_DEFINITIONS: dict[str, RoleDefinition] = {
    "NationalAdmin": RoleDefinition(
        100,
        _l("National administrator"),
        {"Tenant": RW, "Person": RW, "Portfolio": R, "Career": R, "Profile": R, "User": RW, "Audit": R, "Job": R,
         "Observation": R, "ObservationTemplate": RW, "Criteria": RW, "Score": RW, DIRECTORIES: RW,
         "Report": R, **ATTESTATION_STAFF, **REGISTRY_STAFF, "Registry": RW, **ANNOUNCING, **APPEALS},
        ("republic",),
        delegates=APPOINTED_BY_DEPARTMENTS,
    ),
    "RegionStaff": RoleDefinition(
        80,
        _l("Region education department"),
        {**STAFF_READ, "User": RW, "Score": RW, **ATTESTATION_STAFF, **REGISTRY_STAFF, **ANNOUNCING, **APPEALS},
        ("region",),
        delegates=APPOINTED_BY_DEPARTMENTS,
    ),
    "DistrictStaff": RoleDefinition(
        60,
        _l("District education department"),
        {**STAFF_READ, "User": RW, "Score": RW, **ATTESTATION_STAFF, **REGISTRY_STAFF, **ANNOUNCING, **APPEALS},
        ("district",),
        delegates=APPOINTED_BY_DEPARTMENTS,
    ),
    "Auditor": RoleDefinition(
        50,
        _l("Auditor"),
        {**STAFF_READ, "User": R, "Audit": R, "Dispute": R, "Announcement": R, "Appeal": R},
        ("republic", "region", "district", "organization"),
        read_only=True,
    ),
    "OrgHead": RoleDefinition(
        40,
        _l("Head of organization"),
        {**STAFF_READ, "Person": RW, "Portfolio": RW, "Career": RW, "Profile": R, "User": RW, "Observation": RW,
         "Score": RW, **ATTESTATION_STAFF, "Application": RW, **APPEALS},
        ("organization",),
    ),
    "OrgDataEntry": RoleDefinition(
        30, _l("Responsible person"),
        {**STAFF_READ, "Person": RW, "Portfolio": RW, "Career": RW, "Profile": R, "Application": RW},
        ("organization",)
    ),
    "CommissionMember": RoleDefinition(
        20,
        _l("Commission member"),
        {"Tenant": R, "Observation": RW, "ObservationTemplate": R, DIRECTORIES: R,
         "Commission": R, "Application": R, "Review": RW, "Protocol": RW, "Order": R},
        ("republic", "region", "district", "organization"),
        # reads the commissions it sits on and their applications, not its home subtree
        membership_only=True,
    ),
    "Observer": RoleDefinition(
        20,
        _l("Observer"),
        {"Tenant": R, "Person": R, "Observation": RW, "ObservationTemplate": R, DIRECTORIES: R},
        ("republic", "region", "district", "organization"),
    ),
    "Teacher": RoleDefinition(
        10, _l("Teacher"), {"Person": R, "Portfolio": R, "Career": R, "Profile": R, "Observation": R, "ObservationTemplate": R,
         DIRECTORIES: R, "Application": RW, "Commission": R, "Certificate": R, **APPEALS},
        ("organization",),
        self_only=True,
    ),
}


def roles_grant(role_names, resource: str, permission: str = WRITE, admin_role: str = "Admin") -> bool:
    """Whether these roles hold ``permission`` on ``resource`` as data says (the admin holds all);
    for the domain rules that ask outside a request (jobs, operations), where FAB's has_access is not."""
    names = set(role_names)
    if admin_role in names:
        return True
    return any(permission in ROLE_DEFINITIONS[n].resources.get(resource, ()) for n in names if n in ROLE_DEFINITIONS)


def role_rank(role_names: set[str] | list[str], admin_role: str = "Admin") -> int:
    if admin_role in role_names:
        return 1_000
    return max((ROLE_DEFINITIONS[n].rank for n in role_names if n in ROLE_DEFINITIONS), default=0)


def _definitions(role_names: set[str] | list[str]) -> list[RoleDefinition]:
    return [ROLE_DEFINITIONS[n] for n in role_names if n in ROLE_DEFINITIONS]


def _held(definitions: list[RoleDefinition]) -> dict[str, frozenset[str]]:
    """Resource key -> every permission the roles hold together (reader actions included)."""
    held: dict[str, frozenset[str]] = {}
    for definition in definitions:
        for resource in definition.resources:
            held[resource] = held.get(resource, frozenset()) | definition.effective(resource)
    return held


def may_grant(role_names: set[str] | list[str], role: str, admin_role: str = "Admin") -> bool:
    """May a user holding ``role_names`` hand out ``role``? (The rule of the module docstring.)"""
    if admin_role in role_names:
        return role in ROLE_DEFINITIONS
    target = ROLE_DEFINITIONS.get(role)
    grantors = _definitions(role_names)
    if target is None or not can_manage_users(role_names):
        return False
    if target.rank > role_rank(role_names, admin_role):
        return False
    # the role must be holdable somewhere at or below the grantor's own level
    highest = min(d.top_level for d in grantors)
    if not any(LEVELS.index(level) >= highest for level in target.home_levels):
        return False
    held = _held(grantors)
    delegated = any(role in d.delegates for d in grantors)
    for resource in target.resources:
        wanted = target.effective(resource)
        mine = held.get(resource, frozenset())
        if delegated and READ in mine:
            wanted = wanted - {WRITE}
        if not wanted <= mine:
            return False
    return True


def assignable_roles(role_names: set[str] | list[str], admin_role: str = "Admin") -> list[str]:
    """Roles a user holding ``role_names`` may hand out (``may_grant``), in definition order."""
    return [name for name in ROLE_DEFINITIONS if may_grant(role_names, name, admin_role)]


def may_manage_user(role_names: set[str] | list[str], target_roles: set[str] | list[str],
                    admin_role: str = "Admin") -> bool:
    """Edit, delete or reset the password of a user: only one whose every role one could grant.

    Otherwise a district officer could take over an auditor's account by resetting its password.
    """
    if admin_role in role_names:
        return True
    return all(may_grant(role_names, name, admin_role) for name in target_roles)


def can_manage_users(role_names: set[str] | list[str]) -> bool:
    return any(WRITE in d.resources.get("User", ()) for d in _definitions(role_names))


def definition_problems() -> list[str]:
    """Inconsistencies in ROLE_DEFINITIONS (checked by the tests, printed by sync-roles)."""
    problems = []
    for name, definition in ROLE_DEFINITIONS.items():
        if definition.read_only and any(WRITE in perms for perms in definition.resources.values()):
            problems.append(f"{name} is read-only but writes")
        if not definition.home_levels or not set(definition.home_levels) <= set(LEVELS):
            problems.append(f"{name} has unknown home levels")
        for delegated in definition.delegates - set(ROLE_DEFINITIONS):
            problems.append(f"{name} delegates the unknown role {delegated}")
    return problems


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
                or (perm, view) in (API_DESCRIPTION_PERMISSION, DASHBOARD_PERMISSION)
                or ((perm, view) in USER_ADMIN and "write" in definition.resources.get("User", ()))
            ):
                wanted.append(pv)
        role.permissions = wanted
        counts[name] = len(wanted)
    session.commit()
    sm.forget_permissions()  # the request's cached permission sets are stale now
    return counts


def _menu_categories(appbuilder) -> dict[str, set[str]]:
    categories: dict[str, set[str]] = {}
    for item in appbuilder.menu.get_list():
        if item.childs:
            categories[item.name] = {child.name for child in item.childs if child.name}
    return categories
