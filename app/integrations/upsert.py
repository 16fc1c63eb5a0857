"""Set-based upserts for the syncs: one SELECT for a page's keys, one INSERT for the new rows, one
UPDATE per set of changed columns. Running a page twice changes nothing (rows equal to what the
registry says are left alone and counted unchanged).

These statements bypass the ORM flush, so what the flush would do is done here: tenant copies
(region_id, district_id) are filled by the caller, the dashboards' summaries are marked dirty
(``mark_reports``), and one audit entry per page is written by the sync (app/integrations/sync.py).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from models.base import utcnow


@dataclass
class Outcome:
    """What a page did to one kind of row."""

    created: list[Any] = field(default_factory=list)
    updated: list[Any] = field(default_factory=list)
    unchanged: list[Any] = field(default_factory=list)
    #: key -> id of every row now holding the key (new ones included)
    ids: dict[Any, int] = field(default_factory=dict)
    tenants: set[int] = field(default_factory=set)


def same(a: Any, b: Any) -> bool:
    """Equality as the database returns values: decimals by value (1.5 == 1.50; the feeds' values are
    parsed to the columns' types by app/integrations/fields.py, so nothing else needs converting)."""
    if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
        try:
            return decimal.Decimal(str(a)) == decimal.Decimal(str(b))
        except (decimal.InvalidOperation, TypeError):
            return False
    return a == b


def latest(items: list[dict], key_field: str, counts) -> dict[str, dict]:
    """A page's records by key, the highest revision winning (a page may repeat rows); records without
    a usable key are counted failed. ``counts.fetched`` grows by the records considered."""
    from app.integrations import fields

    chosen: dict[str, dict] = {}
    for item in items:
        try:
            key = fields.key(item, key_field)
        except fields.Invalid as exc:
            counts.fetched += 1
            counts.error(exc.code)
            continue
        revision = item.get("revision") if isinstance(item.get("revision"), int) else -1
        held = chosen.get(key)
        if held is None or revision >= (held.get("revision") if isinstance(held.get("revision"), int) else -1):
            chosen[key] = item
    counts.fetched += len(chosen)
    return chosen


def upsert(session: Session, model: type, key_column: str, rows: Mapping[Any, dict[str, Any]], *,
           compared: Sequence[str], stamp: Mapping[str, Any] | None = None) -> Outcome:
    """Make ``model`` hold ``rows`` (key -> column values) by ``key_column``.

    ``compared``: the columns whose difference makes an update; ``stamp`` (source, collected_on)
    is written on insert and update but never makes a row "changed" by itself."""
    outcome = Outcome()
    if not rows:
        return outcome
    table = model.__table__
    key_attr = getattr(model, key_column)
    columns = [model.id, key_attr, *(getattr(model, c) for c in compared if c != key_column)]
    if "tenant_id" in table.c and "tenant_id" not in compared:
        columns.append(model.tenant_id)
    existing: dict[Any, Any] = {}
    keys = list(rows)
    for start in range(0, len(keys), 1000):
        for row in session.execute(select(*columns).where(key_attr.in_(keys[start:start + 1000]))):
            existing[getattr(row, key_column)] = row
    now = utcnow()
    stamp = dict(stamp or {})
    new_rows, changed_rows = [], []
    for key, values in rows.items():
        current = existing.get(key)
        if current is None:
            new_rows.append({key_column: key, **values, **stamp})
            continue
        outcome.ids[key] = current.id
        if all(same(getattr(current, c), values.get(c)) for c in compared if c in values):
            outcome.unchanged.append(key)
            continue
        outcome.updated.append(key)
        changed_rows.append({"id": current.id, **values, **stamp, **({"changed_on": now} if "changed_on" in table.c else {})})
        if getattr(current, "tenant_id", None):
            outcome.tenants.add(current.tenant_id)
    if new_rows:
        defaults = {"created_on": now, "changed_on": now}
        prepared = [{**{k: v for k, v in defaults.items() if k in table.c}, **row} for row in new_rows]
        returned = session.execute(
            insert(model).returning(model.id, key_attr, sort_by_parameter_order=True), prepared
        ).all()
        for row in returned:
            outcome.ids[row[1]] = row[0]
        outcome.created.extend(row[key_column] for row in new_rows)
    for group in _by_columns(changed_rows):
        session.execute(update(model), group)
    for values in rows.values():
        if values.get("tenant_id"):
            outcome.tenants.add(values["tenant_id"])
    return outcome


def _by_columns(rows: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Bulk UPDATE by primary key wants one set of columns per statement."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())


def delete_missing(session: Session, model: type, owner_column: str, owners: Iterable[int], keep: set[str],
                   source: str) -> set[int]:
    """Remove ``source`` rows of these owners whose registry key the registry no longer lists;
    return the owners that lost rows."""
    owners = list(owners)
    if not owners:
        return set()
    owner_attr = getattr(model, owner_column)
    stale = [(r.id, r.owner) for r in session.execute(
        select(model.id, model.external_id, owner_attr.label("owner")).where(owner_attr.in_(owners), model.source == source)
    ) if r.external_id not in keep]
    if stale:
        session.execute(delete(model).where(model.id.in_([i for i, _ in stale])))
    return {owner for _, owner in stale}


def mark_reports(session: Session, tenants: set[int]) -> None:
    """Tell the dashboards these tenants changed (the flush would have, were these ORM writes); the
    sync queues the refresh once, when the run ends."""
    from reports.summary import mark_dirty

    mark_dirty(session.connection(), {t for t in tenants if t})
