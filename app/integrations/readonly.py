"""Values a registry gave are not edited by hand (issue 15, point 2): they are disputed instead
(app/integrations/disputes.py).

A teacher whose person came from НОБД or ГБД ФЛ keeps the registry's name, ИИН, birth date and sex;
a node that came from НОБД keeps its names, code, level and place in the tree. E-mail, phone,
position and the like stay editable. Checked in the model layer, so forms, the REST API, imports
and jobs are held alike: ``keep_registry_values()`` is called by the person and tenant rules (so a
form says why) and by a flush listener (the last word).

The syncs write these values, of course. Their bulk statements never pass the flush; an ORM write
passes when it stamps a new fetch time (``collected_on``) on the row, as every registry write does,
or when it runs inside ``registry_writes()``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.errors import RuleViolation
from app.i18n import _
from models.person import Person
from tenants.models import Tenant

MANUAL = "manual"
#: per model, the columns whose registry value is not changed by hand
PROTECTED: dict[type, tuple[str, ...]] = {
    Person: ("iin", "last_name", "first_name", "middle_name", "birth_date", "sex", "search_name", "source"),
    Tenant: ("name_kk", "name_ru", "code", "level", "parent_id", "source"),
}

_registry_writes: contextvars.ContextVar[bool] = contextvars.ContextVar("ustaz_registry_writes", default=False)


@contextlib.contextmanager
def registry_writes() -> Iterator[None]:
    """Writes of a registry's own values (a sync applying a page through the ORM): not refused."""
    token = _registry_writes.set(True)
    try:
        yield
    finally:
        _registry_writes.reset(token)


def _committed(obj: Any, attr: str) -> Any:
    """The value of ``attr`` as stored (before this change)."""
    state = inspect(obj)
    history = state.attrs[attr].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    if not history.added or not state.persistent:
        return getattr(obj, attr)  # unchanged (loaded now if it was not), or nothing stored yet
    # set on an expired row, so the old value was never loaded: the database still holds it
    model = type(obj)
    with state.session.no_autoflush:
        return state.session.execute(
            select(getattr(model, attr)).where(model.id == state.identity[0])
        ).scalar_one_or_none()


def stored_source(obj: Any) -> str | None:
    state = inspect(obj)
    if not state.persistent:
        return None  # being created: nothing stored yet
    return _committed(obj, "source")


def from_registry(obj: Any) -> bool:
    """Were the row's protected values given by a registry (as stored, whatever this change says)?"""
    return type(obj) in PROTECTED and stored_source(obj) not in (None, MANUAL)


def _tidy(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _parent_change(node: Tenant) -> tuple[Any, Any] | None:
    """(before, after) parent ids when the node moves: forms set the relationship, whose id is
    copied to ``parent_id`` only during the flush."""
    state = inspect(node)
    before = _committed(node, "parent_id")
    added = state.attrs.parent.history.added
    if added:
        after = added[0].id if added[0] is not None else None
    else:
        after = node.parent_id
    return (before, after) if before != after else None


def changed_values(obj: Any) -> list[str]:
    """The protected columns a change would really alter; edits that only add spaces are undone here."""
    state = inspect(obj)
    changed = []
    for attr in PROTECTED[type(obj)]:
        if attr == "parent_id":
            if _parent_change(obj) is not None:
                changed.append(attr)
            continue
        history = state.attrs[attr].history
        if not history.has_changes():
            continue
        before = _committed(obj, attr)
        if _tidy(getattr(obj, attr)) == _tidy(before):
            setattr(obj, attr, before)  # the same value typed again
            continue
        changed.append(attr)
    return changed


def _stamps_a_fetch(obj: Any) -> bool:
    """A registry write records when the value was fetched: hand edits never touch ``collected_on``."""
    history = inspect(obj).attrs.collected_on.history
    return bool(history.added) and history.added[0] is not None and history.has_changes()


def keep_registry_values(obj: Any) -> str | None:
    """Why this change of a registry's values is refused (a sentence in the user's language), or None."""
    if _registry_writes.get() or not from_registry(obj) or _stamps_a_fetch(obj):
        return None
    if not changed_values(obj):
        return None
    from app.integrations.labels import registry_label

    registry = registry_label(stored_source(obj))
    if isinstance(obj, Person):
        return _("The name, IIN, birth date and sex of this teacher come from the registry “%(registry)s” and are "
                 "not changed by hand. If a value is wrong, dispute it on the teacher's page: the data owner "
                 "will correct it in the registry.", registry=registry)
    return _("The names, code and place in the tree of this organization come from the registry "
             "“%(registry)s” and are not changed by hand. If a value is wrong, dispute it on its page: the data "
             "owner will correct it in the registry.", registry=registry)


@event.listens_for(Session, "before_flush")
def _hold_registry_values(session: Session, flush_context, instances) -> None:
    if _registry_writes.get():
        return
    for obj in list(session.dirty):
        if type(obj) in PROTECTED and session.is_modified(obj, include_collections=False):
            problem = keep_registry_values(obj)
            if problem is not None:
                raise RuleViolation(problem)


__all__ = ["PROTECTED", "changed_values", "from_registry", "keep_registry_values", "registry_writes"]
