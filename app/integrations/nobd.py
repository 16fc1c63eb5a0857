"""НОБД, the national education database: organizations become nodes of the tenant tree (by БИН,
placed under their district or region by KATO, which are created when missing), teachers become
persons (by ИИН) with their employments (by the registry's employment id).

Organizations go through the ORM: a new or moved node needs its path and its rows' tenant copies
kept by tenants/models.py, and there are ~24k of them. Teachers (575k) are written set-based.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.identifiers import validate_bin, validate_iin
from app.integrations import fields
from app.integrations.sync import Collection, Counts, Registry
from app.integrations.upsert import delete_missing, latest, mark_reports, upsert
from app.people import search_key
from models.career import Employment
from models.directories import OrganizationType, Position, Subject
from models.person import Person
from models.records import Source
from tenants.models import Tenant, TenantLevel

SOURCE = Source.NOBD.value


# --- organizations ------------------------------------------------------------------------------

def _organization(record: dict, types: dict[str, tuple[int, int | None]]) -> dict[str, Any]:
    bin_ = fields.key(record, "bin")
    if not validate_bin(bin_).valid:
        raise fields.Invalid("invalid_bin")
    name_kk = fields.text(record, "name_kk", 400) or fields.text(record, "name_ru", 400)
    name_ru = fields.text(record, "name_ru", 400) or name_kk
    if not name_kk:
        raise fields.Invalid()
    region = fields.text(record, "region_kato", 20, required=True)
    type_id, level_id = types.get(str(record.get("organization_type") or ""), (None, None))
    return {
        "bin": bin_, "name_kk": name_kk, "name_ru": name_ru, "organization_type_id": type_id,
        "education_level_id": level_id, "address": fields.text(record, "address", 400),
        "is_active": record.get("status", "active") != "closed",
        "region": (region, fields.text(record, "region_name_kk", 400) or region,
                   fields.text(record, "region_name_ru", 400) or region),
        "district": (fields.text(record, "district_kato", 20), fields.text(record, "district_name_kk", 400),
                     fields.text(record, "district_name_ru", 400)),
    }


def apply_organizations(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    counts = Counts()
    records = latest(items, "bin", counts)
    types = {code: (i, level) for code, i, level in
             session.execute(select(OrganizationType.code, OrganizationType.id, OrganizationType.education_level_id))}
    parsed: dict[str, dict] = {}
    for key, record in records.items():
        try:
            parsed[key] = _organization(record, types)
        except fields.Invalid as exc:
            counts.error(exc.code)
    codes = set(parsed) | {p["region"][0] for p in parsed.values()} | {p["district"][0] for p in parsed.values() if p["district"][0]}
    nodes = {t.code: t for t in session.execute(select(Tenant).where(Tenant.code.in_(codes))).scalars()} if codes else {}
    root = session.execute(select(Tenant).where(Tenant.parent_id.is_(None)).order_by(Tenant.id).limit(1)).scalar_one()
    touched: set[int] = set()
    for key, values in parsed.items():
        region = _area(session, nodes, values["region"], TenantLevel.REGION, root, now)
        parent = region
        kato, kk, ru = values["district"]
        if kato:
            parent = _area(session, nodes, (kato, kk or kato, ru or kk or kato), TenantLevel.DISTRICT, region, now)
        if parent is None:
            counts.error("unknown_region", skipped=True)
            continue
        wanted = {"name_kk": values["name_kk"], "name_ru": values["name_ru"], "parent_id": parent.id,
                  "organization_type_id": values["organization_type_id"],
                  "education_level_id": values["education_level_id"], "address": values["address"],
                  "is_active": values["is_active"]}
        node = nodes.get(key)
        if node is None:
            node = Tenant(level=TenantLevel.ORGANIZATION.value, code=key, source=SOURCE, collected_on=now, **wanted)
            session.add(node)
            nodes[key] = node
            counts.created += 1
        elif node.level != TenantLevel.ORGANIZATION.value:
            counts.error("invalid_bin")
            continue
        elif all(getattr(node, name) == value for name, value in wanted.items()) and node.source == SOURCE:
            counts.unchanged += 1
            continue
        else:
            for name, value in wanted.items():
                setattr(node, name, value)
            node.source, node.collected_on = SOURCE, now
            counts.updated += 1
        if node.id:
            touched.add(node.id)
    session.flush()
    mark_reports(session, touched)
    return counts


def _area(session: Session, nodes: dict[str, Tenant], area: tuple[str, str, str], level: TenantLevel,
          parent: Tenant | None, now: dt.datetime) -> Tenant | None:
    """The region or district of this KATO, created under ``parent`` when the tree lacks it."""
    kato, kk, ru = area
    node = nodes.get(kato)
    if node is not None:
        return node if node.level == level.value else None
    if parent is None:
        return None
    node = Tenant(level=level.value, code=kato, name_kk=kk, name_ru=ru, parent_id=parent.id, source=SOURCE,
                  collected_on=now)
    session.add(node)
    session.flush()  # its id and path, for the organizations placed under it
    nodes[kato] = node
    return node


# --- teachers -----------------------------------------------------------------------------------

def _teacher(record: dict, orgs: dict[str, tuple[int, int | None, int | None]], positions: dict[str, int],
             subjects: dict[str, int]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    iin = fields.key(record, "iin")
    check = validate_iin(iin)
    if not check.valid:
        raise fields.Invalid("invalid_iin")
    last, first = fields.text(record, "last_name", 100, required=True), fields.text(record, "first_name", 100, required=True)
    middle = fields.text(record, "middle_name", 100)
    sex = record.get("sex") if record.get("sex") in ("M", "F") else check.sex
    jobs = record.get("employments")
    if not isinstance(jobs, list) or not jobs:
        raise fields.Invalid()
    employments: dict[str, dict[str, Any]] = {}
    main = None
    for job in jobs:
        if not isinstance(job, dict):
            raise fields.Invalid()
        org = orgs.get(fields.text(job, "organization_bin", 12, required=True) or "")
        if org is None:
            raise fields.Invalid("unknown_organization")
        position = positions.get(str(job.get("position_code") or ""))
        if position is None:
            raise fields.Invalid()
        values = {
            "organization_id": org[0], "tenant_id": org[0], "region_id": org[1], "district_id": org[2],
            "position_id": position, "subject_id": subjects.get(str(job.get("subject_code") or "")),
            "workload": fields.number(job, "workload", low=0, high=5),
            "starts_on": fields.date(job, "starts_on", required=True), "ends_on": fields.date(job, "ends_on"),
            "is_main": bool(job.get("is_main")),
        }
        employments[fields.key(job, "employment_id")] = values
        if main is None or (values["is_main"] and not main["is_main"]):
            main = values
    person = {
        "last_name": last, "first_name": first, "middle_name": middle,
        "search_name": search_key(last, first, middle),
        "birth_date": fields.date(record, "birth_date") or check.birth_date, "sex": sex,
        "tenant_id": main["organization_id"], "region_id": main["region_id"], "district_id": main["district_id"],
        "position_id": main["position_id"], "subject_id": main["subject_id"],
    }
    return person, employments


PERSON_COMPARED = ("last_name", "first_name", "middle_name", "search_name", "birth_date", "sex", "tenant_id",
                   "region_id", "district_id", "position_id", "subject_id", "source")
EMPLOYMENT_COMPARED = ("person_id", "organization_id", "tenant_id", "region_id", "district_id", "position_id",
                       "subject_id", "workload", "starts_on", "ends_on", "is_main", "source")


def apply_teachers(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    counts = Counts()
    records = latest(items, "iin", counts)
    bins = {str(j.get("organization_bin")) for r in records.values() for j in (r.get("employments") or [])
            if isinstance(j, dict)}
    orgs = {r.code: (r.id, r.region_id, r.district_id) for r in session.execute(
        select(Tenant.id, Tenant.code, Tenant.region_id, Tenant.district_id)
        .where(Tenant.code.in_(bins), Tenant.level == TenantLevel.ORGANIZATION.value))} if bins else {}
    positions, subjects = fields.codes(session, Position), fields.codes(session, Subject)
    persons: dict[str, dict] = {}
    jobs: dict[str, dict[str, dict]] = {}
    for iin, record in records.items():
        try:
            persons[iin], jobs[iin] = _teacher(record, orgs, positions, subjects)
            persons[iin]["source"] = SOURCE
        except fields.Invalid as exc:
            counts.error(exc.code, skipped=exc.code == "unknown_organization")
    before = {r.iin: r.tenant_id for r in session.execute(
        select(Person.iin, Person.tenant_id).where(Person.iin.in_(list(persons))))} if persons else {}
    people = upsert(session, Person, "iin", persons, compared=PERSON_COMPARED, stamp={"collected_on": now})
    rows: dict[str, dict] = {}
    for iin, employments in jobs.items():
        for key, values in employments.items():
            rows[key] = {**values, "person_id": people.ids[iin], "source": SOURCE, "is_pedagogical": True}
    work = upsert(session, Employment, "external_id", rows, compared=EMPLOYMENT_COMPARED, stamp={"collected_on": now})
    removed = delete_missing(session, Employment, "person_id", [people.ids[i] for i in jobs], set(rows), SOURCE)
    iin_of = {people.ids[iin]: iin for iin in jobs}
    changed_people = set(people.updated) | {iin_of[rows[key]["person_id"]] for key in (*work.created, *work.updated)}
    changed_people |= {iin_of[person_id] for person_id in removed}
    counts.created += len(people.created)
    counts.updated += len(changed_people - set(people.created))
    counts.unchanged += len(persons) - len(people.created) - len(changed_people - set(people.created))
    mark_reports(session, people.tenants | work.tenants | {t for t in before.values() if t})
    return counts


REGISTRY = Registry(SOURCE, (
    Collection("organizations", apply_organizations, path="v1/organizations"),
    Collection("teachers", apply_teachers, path="v1/teachers"),
))
