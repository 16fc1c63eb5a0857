"""Issue 9, point 4 (part D): who may grant which role, the read-only auditor, job results kept to
the scope that started them, and FAB's ``_info`` endpoints inside the scope."""

from __future__ import annotations

import re

import pytest
from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import func, select

from app.extensions import db
from app.security.roles import (
    LEVELS,
    READ,
    READER_ACTIONS,
    ROLE_DEFINITIONS,
    WRITE,
    assignable_roles,
    definition_problems,
    may_grant,
    may_manage_user,
)
from models.audit import AuditRecord
from models.job import JobRecord
from tests.helpers import home, organizations_under, persons_under, user

PASSWORD = "Str0ng-pass-2026"


# --- the grant rule, as data ----------------------------------------------------------------


def test_role_definitions_are_consistent():
    assert definition_problems() == []
    auditor = ROLE_DEFINITIONS["Auditor"]
    assert auditor.read_only
    assert all(auditor.effective(r) == frozenset({READ}) for r in auditor.resources)


@pytest.mark.parametrize("grantor", sorted(ROLE_DEFINITIONS))
def test_every_grantable_role_lies_within_the_grantor(grantor):
    """The computed rule, restated: reads within reads, writes within writes unless delegated
    (and then only on what the grantor reads), home level at or below, rank not above."""
    mine = ROLE_DEFINITIONS[grantor]
    for name in assignable_roles({grantor}):
        target = ROLE_DEFINITIONS[name]
        assert target.rank <= mine.rank
        assert any(LEVELS.index(level) >= mine.top_level for level in target.home_levels)
        for resource in target.resources:
            wanted, held = target.effective(resource), mine.effective(resource)
            assert wanted - {WRITE} <= held, (grantor, name, resource)
            if WRITE in wanted and WRITE not in held:
                assert name in mine.delegates, (grantor, name, resource)


def test_departments_cannot_grant_the_auditor_nor_anything_reading_more_than_they_do():
    for grantor in ("RegionStaff", "DistrictStaff", "OrgHead"):
        assert not may_grant({grantor}, "Auditor")
    assert may_grant({"NationalAdmin"}, "Auditor") and may_grant({"Admin"}, "Auditor")
    assert assignable_roles({"RegionStaff"}) == [
        "RegionStaff", "DistrictStaff", "OrgHead", "OrgDataEntry", "CommissionMember", "Observer", "Teacher"]
    assert assignable_roles({"DistrictStaff"}) == [
        "DistrictStaff", "OrgHead", "OrgDataEntry", "CommissionMember", "Observer", "Teacher"]
    # roles that do not administer users grant nothing, whatever they read
    for name in ("Auditor", "OrgDataEntry", "Observer", "CommissionMember", "Teacher"):
        assert assignable_roles({name}) == []
    # a delegation never lets a grantor hand out a role that reads more than they do
    assert all(not (set(ROLE_DEFINITIONS[d].resources) - set(ROLE_DEFINITIONS[g].resources))
               for g, definition in ROLE_DEFINITIONS.items() for d in definition.delegates
               if may_grant({g}, d))


def test_an_account_is_managed_only_by_someone_who_could_have_granted_all_its_roles():
    assert not may_manage_user({"DistrictStaff"}, {"Auditor"})
    assert not may_manage_user({"DistrictStaff"}, {"Teacher", "Auditor"})
    assert may_manage_user({"DistrictStaff"}, {"Teacher", "OrgHead"})
    assert may_manage_user({"Admin"}, {"Admin"})


def test_synced_auditor_role_holds_only_reads(app, ctx):
    """In the database, after sync-roles: no write, no dispute, no job start for the auditor."""
    role = db.session.execute(select(Role).where(Role.name == "Auditor")).scalar_one()
    names = {(pv.permission.name, pv.view_menu.name) for pv in role.permissions}
    from app.security.roles import SELF_SERVICE

    actions = {perm for perm, view in names if perm.startswith("can_") and (perm, view) not in SELF_SERVICE}
    assert actions == {"can_read"}, actions
    teacher = db.session.execute(select(Role).where(Role.name == "Teacher")).scalar_one()
    teacher_actions = {pv.permission.name for pv in teacher.permissions}
    assert {f"can_{a}" for a in READER_ACTIONS} <= teacher_actions


# --- the grant rule in the user admin -------------------------------------------------------


def _role_id(name: str) -> int:
    return db.session.execute(select(Role.id).where(Role.name == name)).scalar_one()


def _user_form(username: str, tenant_id: int, role: str) -> dict:
    return {
        "last_name": "Сапарова",
        "first_name": "Айжан",
        "username": username,
        "email": f"{username}@example.kz",
        "tenant": tenant_id,
        "roles": _role_id(role),
        "active": "y",
        "password": PASSWORD,
        "conf_password": PASSWORD,
    }


def _exists(username: str) -> bool:
    from app.security.models import User

    db.session.expire_all()
    return db.session.execute(select(User.id).where(User.username == username)).first() is not None


def _offered_roles(page: str) -> set[str]:
    select_html = re.search(r'<select[^>]*name="roles".*?</select>', page, re.S)
    assert select_html, "no role dropdown"
    return set(re.findall(r'<option[^>]*value="\d+"[^>]*>([A-Za-z]+)</option>', select_html.group(0)))


@pytest.mark.parametrize("username", ["district", "region", "director", "national"])
def test_role_dropdown_offers_exactly_the_grantable_roles(browser, username, ctx):
    page = browser(username).get("/users/add").get_data(as_text=True)
    role_names = {r.name for r in user(username).roles}
    assert _offered_roles(page) == set(assignable_roles(role_names))


def test_district_staff_cannot_grant_the_auditor(browser, ctx):
    b = browser("district")
    district = home("district")
    response = b.post("/users/add", _user_form("spy", district.id, "Auditor"))
    assert response.status_code < 500
    assert not _exists("spy")
    # nor turn an account of their district into one
    target = user("commission")
    form = {**_user_form("commission", target.tenant_id, "Auditor"), "last_name": target.last_name,
            "first_name": target.first_name, "email": target.email}
    for key in ("password", "conf_password"):
        form.pop(key)
    b.post(f"/users/edit/{target.id}", form)
    db.session.expire_all()
    assert {r.name for r in user("commission").roles} == {"CommissionMember"}


def test_region_staff_grants_only_within_its_permissions(browser, ctx):
    b = browser("region")
    district = home("district")
    b.post("/users/add", _user_form("region_auditor", district.id, "Auditor"))
    assert not _exists("region_auditor")
    b.post("/users/add", _user_form("new_district_officer", district.id, "DistrictStaff"))
    assert _exists("new_district_officer")


def test_nobody_takes_over_an_account_they_could_not_have_created(browser, ctx):
    """An auditor placed in a district: its officer can neither edit, delete nor reset it."""
    from app.security.models import User

    national = browser("national")
    district = home("district")
    national.post("/users/add", _user_form("district_auditor", district.id, "Auditor"))
    assert _exists("district_auditor")
    target = db.session.execute(select(User).where(User.username == "district_auditor")).scalar_one()
    b = browser("district")
    assert b.get(f"/resetpassword/form?pk={target.id}").status_code == 403
    b.post(f"/resetpassword/form?pk={target.id}", {"password": PASSWORD, "conf_password": PASSWORD})
    b.post(f"/users/delete/{target.id}")
    assert _exists("district_auditor")
    db.session.expire_all()
    assert db.session.get(User, target.id).password == target.password


# --- the auditor reads, never writes --------------------------------------------------------

#: self-service of every account (own password, own name, language, session) and the login API
SELF_SERVICE_ENDPOINTS = re.compile(
    r"^(static|appbuilder\.static|.*\.login|.*\.logout|ResetMyPasswordView\..*|UserInfoEditView\..*|"
    r"SecurityApi\..*|LocaleView\..*)$"
)
WRITE_METHODS = {"POST", "PUT", "DELETE", "PATCH"}


def _view_of(app, endpoint: str):
    name = endpoint.split(".", 1)[0]
    for view in app.appbuilder.baseviews:
        if type(view).__name__ == name:
            return view
    return None


def _visible_id(model, scope) -> int:
    from tenants.scope import scoped, use_scope

    with use_scope(scope):
        found = db.session.execute(scoped(select(model.id).order_by(model.id).limit(1), model)).scalar()
    return found or 1


def _write_requests(app, scope):
    """(method, url, endpoint) for every endpoint that may change something."""
    from models.commission import Commission
    from models.documents import Protocol
    from models.person import Person
    from models.portfolio import EvidenceFile

    for rule in app.url_map.iter_rules():
        if SELF_SERVICE_ENDPOINTS.match(rule.endpoint):
            continue
        methods = (rule.methods or set()) & WRITE_METHODS
        if "/action/" in rule.rule:
            methods |= {"GET"}  # FAB actions also answer GET
        if not methods:
            continue
        view = _view_of(app, rule.endpoint)
        model = getattr(getattr(view, "datamodel", None), "obj", None)
        values: dict[str, object] = {}
        for arg in rule.arguments:
            if arg == "pk":
                values[arg] = _visible_id(model, scope) if model is not None else 1
            elif arg == "person_id":
                values[arg] = _visible_id(Person, scope)
            elif arg == "file_id":
                values[arg] = _visible_id(EvidenceFile, scope)
            elif arg == "fmt":
                values[arg] = "csv"
            elif arg == "commission_id":
                values[arg] = _visible_id(Commission, scope)
            elif arg == "protocol_id":
                values[arg] = _visible_id(Protocol, scope)
            elif arg == "number":
                values[arg] = "2026-AAAA-AAAA"
            elif arg in ("index", "record_id", "application_id", "sheet_id"):  # the portal's (teachers only)
                values[arg] = 1
            elif arg == "token":  # a one-time account link
                values[arg] = "A" * 43
            elif arg == "measure":  # a dashboard's figure (reports/measures.py)
                values[arg] = "teachers"
            elif arg == "source":  # a national registry (app/integrations)
                values[arg] = "nobd"
        names = [None]
        if "name" in rule.arguments:
            names = list(getattr(view, "actions", {}) or {}) or ["muldelete"]
        for name in names:
            if name is not None:
                values["name"] = name
            url = rule.build(values, append_unknown=False)[1]
            for method in sorted(methods):
                yield method, url, rule.endpoint, name


def _traces() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.execute(select(func.count(AuditRecord.id))).scalar_one(),
        db.session.execute(select(func.count(JobRecord.id))).scalar_one(),
    )


def _probe(b, token: str, method: str, url: str, endpoint: str, action: str | None, ids: dict):
    form = {
        "csrf_token": token,
        "note": "Аудитор жазбасы",
        "feedback": "Аудитор жауабы",
        "academic_year": ids["year"],
        "rowid": url.rstrip("/").rsplit("/", 1)[-1] if "/action/" in url else ids["any"],
        "action": action or "",
        "last_name": "Аудит",
        "first_name": "Аудит",
        "password": PASSWORD,
        "conf_password": PASSWORD,
    }
    if url.startswith("/api/"):
        return b._open(url, method=method, json={"last_name": "Аудит", "note": "x"}, headers={"X-CSRFToken": token})
    if url.startswith("/resetpassword/"):
        url += f"?pk={ids['user']}"
    return b._open(url, method=method, data=form)


def test_auditor_cannot_write_anywhere(app, browser, ctx):
    """Every endpoint that may change something, called by the auditor with plausible data:
    nothing is recorded in the audit trail, no job starts, no file is stored."""
    from models.directories import AcademicYear
    from tenants.scope import scope_for_user

    auditor = user("auditor")
    scope = scope_for_user(auditor)
    ids = {
        "year": db.session.execute(select(AcademicYear.id).limit(1)).scalar(),
        "any": 1,
        "user": user("district").id,
    }
    requests = list(_write_requests(app, scope))
    assert len(requests) > 200, "the walk found too few write endpoints"
    endpoints = {r[2] for r in requests}
    for expected in ("PersonView.check_iins", "EmploymentView.dispute", "ScoreResultView.run_batch",
                     "PersonApi.post", "ObservationSheetView.feedback", "ProfileView.confirm"):
        assert expected in endpoints
    b = browser("auditor")
    token = b.csrf()
    files_before = _stored_files(app)
    before = _traces()
    for method, url, endpoint, action in requests:
        response = _probe(b, token, method, url, endpoint, action, ids)
        assert response.status_code < 500, (method, url, response.status_code)
        after = _traces()
        assert after == before, f"the auditor changed something through {method} {url}"
    assert _stored_files(app) == files_before


def _stored_files(app) -> set[str]:
    # the upload directory outlives each test's database: compare, do not expect it empty
    import os

    return {os.path.join(d, f) for d, _s, files in os.walk(app.config["UPLOAD_DIR"]) for f in files}


def test_the_probe_writes_when_the_role_may(app, browser, ctx):
    """The walk's data is good enough to write: the same dispute by a teacher is recorded."""
    from models.career import Employment

    teacher = user("teacher")
    record = db.session.execute(select(Employment).where(Employment.person_id == teacher.person_id)).scalars().first()
    b = browser("teacher")
    before = _traces()
    _probe(b, b.csrf(), "POST", f"/employmentview/dispute/{record.id}", "EmploymentView.dispute", None,
           {"year": 1, "any": 1, "user": teacher.id})
    # a registry's record: the dispute and the record's note, each audited
    assert _traces()[0] > before[0]


def test_auditor_sees_no_dispute_form_and_cannot_dispute(browser, ctx):
    from models.career import Employment

    record = db.session.execute(select(Employment).order_by(Employment.id)).scalars().first()
    b = browser("auditor")
    page = b.get(f"/employmentview/show/{record.id}")
    assert page.status_code == 200
    assert "/dispute/" not in page.get_data(as_text=True)
    b.post(f"/employmentview/dispute/{record.id}", {"note": "x"})
    db.session.expire_all()
    assert db.session.get(Employment, record.id).dispute_note is None


# --- a job's result belongs to the scope that started it ------------------------------------


def _start_check(b) -> int:
    response = b.post("/personview/check-iins/")
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_job_is_visible_only_where_the_starters_node_lies(browser, ctx):
    job_id = _start_check(browser("district"))
    job = db.session.get(JobRecord, job_id)
    assert job.tenant_id == home("district").id and job.user_id == user("district").id
    assert browser("district").get(f"/jobview/show/{job_id}").status_code == 200
    assert browser("region").get(f"/jobview/show/{job_id}").status_code == 200  # the district is in the region
    for outsider in ("district2", "director"):  # a sibling, and a school below the starter's node
        b = browser(outsider)
        assert b.get(f"/jobview/show/{job_id}").status_code == 404, outsider
        assert f"/jobview/show/{job_id}" not in b.get("/jobview/list/").get_data(as_text=True)


def test_read_grants_and_self_only_scopes_do_not_open_jobs(app, ctx):
    from app.jobs import job_visibility_clause
    from tenants.scope import Scope

    school = organizations_under(home("district"))[0]
    started = JobRecord(func="x.y", description="t", user_id=user("director").id, tenant_id=school.id, state="finished")
    db.session.add(started)
    db.session.commit()

    def sees(scope: Scope) -> bool:
        query = select(JobRecord.id).where(JobRecord.id == started.id, job_visibility_clause(scope))
        return db.session.execute(query).first() is not None

    other = home("district2")
    observer = Scope(user_id=1, tenant_id=other.id, level=other.level, path=other.path, granted_paths=(school.path,))
    assert not sees(observer)
    teacher = Scope(user_id=2, tenant_id=school.id, level="organization", path=school.path, self_only=True)
    assert not sees(teacher)
    starter = Scope(user_id=user("director").id, tenant_id=school.id, level="organization", path=school.path)
    assert sees(starter) and sees(Scope.everything())
    assert not sees(Scope.nothing())


# --- FAB's _info endpoints ------------------------------------------------------------------


def _apis(app):
    from views.base import ScopedModelRestApi

    return [v for v in app.appbuilder.baseviews if isinstance(v, ScopedModelRestApi)]


@pytest.mark.parametrize("username", ["district", "teacher", "auditor"])
def test_info_endpoints_offer_nothing_outside_the_scope(app, browser, username, ctx):
    from tenants.scope import can_read, is_tenant_owned, scope_for_user

    b = browser(username)
    scope = scope_for_user(user(username))
    seen = 0
    for api in _apis(app):
        response = b.get(f"/api/v1/{api.resource_name}/_info?q=(add_columns:(person:(page_size:100),tenant:(page_size:100)))")
        assert response.status_code in (200, 401, 403), (api.resource_name, response.status_code)
        if response.status_code != 200:
            continue
        payload = response.get_json()
        held = set(payload.get("permissions", []))
        assert held <= {"can_read", "can_write"}
        if username == "auditor":
            assert held == {"can_read"}, (api.resource_name, held)
        for field in payload.get("add_columns", []) + payload.get("edit_columns", []):
            if "values" not in field:
                continue
            model = api.datamodel.get_related_model(field["name"])
            if not is_tenant_owned(model):
                continue
            for value in field["values"]:
                obj = db.session.get(model, value["id"])
                assert obj is not None and can_read(obj, scope), (username, api.resource_name, field["name"], value)
                seen += 1
    if username == "district":
        assert seen > len(persons_under(home("district")))  # not vacuous: people and schools were offered
    if username == "teacher":
        person = _info_people(b)
        assert person == {user("teacher").person_id}


def _info_people(b) -> set[int]:
    payload = b.get("/api/v1/employment/_info?q=(keys:!(add_columns))").get_json()
    field = next(f for f in payload["add_columns"] if f["name"] == "person")
    return {v["id"] for v in field["values"]}
