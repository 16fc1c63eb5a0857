"""ГБД ЮЛ, the state database of legal entities: lookups by БИН when an organization is added
(app/integrations/lookups.py). Its sync re-reads the organizations whose names came from it; those
from НОБД or typed by hand are left alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.integrations.http import NotFound, RegistryClient
from app.integrations.lookups import lookup_organization
from app.integrations.sync import Collection, Counts, Page, Registry
from models.records import Source
from tenants.models import Tenant, TenantLevel

SOURCE = Source.GBDUL.value


def fetch_organizations(client: RegistryClient, session: Session, since: int, limit: int) -> Page:
    where = (Tenant.source == SOURCE, Tenant.level == TenantLevel.ORGANIZATION.value, Tenant.id > since,
             Tenant.code.is_not(None))
    limit = min(limit, 100)  # one call per organization: short pages keep the heartbeat and progress moving
    rows = session.execute(select(Tenant.id, Tenant.code).where(*where).order_by(Tenant.id).limit(limit)).all()
    remaining = session.execute(select(func.count()).select_from(Tenant).where(*where)).scalar_one()
    items = []
    for row in rows:
        try:
            facts = lookup_organization(row.code, client=client)
        except NotFound:
            facts = None
        items.append({"id": row.id, "found": facts is not None, **({} if facts is None else facts.__dict__)})
    return Page(items, rows[-1].id if rows else since, len(rows) == limit, remaining)


def apply_organizations(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    counts = Counts(fetched=len(items))
    nodes = {t.id: t for t in session.execute(select(Tenant).where(Tenant.id.in_([i["id"] for i in items]))).scalars()}
    for item in items:
        node = nodes.get(item["id"])
        if node is None or not item["found"]:
            counts.error("not_found", skipped=True)
            continue
        wanted = {"name_kk": item["name_kk"], "name_ru": item["name_ru"], "address": item["address"]}
        if all(getattr(node, k) == v for k, v in wanted.items()):
            counts.unchanged += 1
            continue
        for name, value in wanted.items():
            setattr(node, name, value)
        node.collected_on = now
        counts.updated += 1
    session.flush()
    return counts


REGISTRY = Registry(SOURCE, (Collection("organizations", apply_organizations, fetch=fetch_organizations),),
                    lookup_only=True)
